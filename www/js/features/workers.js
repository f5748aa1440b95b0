// Large data beside the main thread: from 2·10⁵ points the M-steps' passes are made by Web Workers
// (../workers.js); the status line says so, or says why they could not start (then the passes
// are made on the page's thread, a slice per frame, with identical numbers). Small data sets
// start no worker.
import { register, t } from '../i18n.js';
import { wasmBindings } from '../wasm.js';
import { WorkerPool } from '../workers.js';

register({
  en: {
    'workers.on': 'EM on {n} Web Workers',
    'workers.off': 'Web Workers unavailable ({reason}): EM runs on the page’s thread',
    'workers.why.asked': 'workers=0 in the address',
    'workers.why.missing': 'this browser has none',
    'workers.why.blocked': 'the site’s Content-Security-Policy does not allow them',
    'workers.why.timeout': 'they did not start',
    'workers.why.failed': 'they could not start',
  },
  ko: {
    'workers.on': '웹 워커 {n}개에서 EM 실행',
    'workers.off': '웹 워커를 쓸 수 없음({reason}): EM을 페이지 스레드에서 실행',
    'workers.why.asked': '주소에 workers=0',
    'workers.why.missing': '이 브라우저에는 없음',
    'workers.why.blocked': '사이트의 콘텐츠 보안 정책이 허용하지 않음',
    'workers.why.timeout': '시작되지 않음',
    'workers.why.failed': '시작하지 못함',
  },
  ja: {
    'workers.on': 'ウェブワーカー{n}個でEMを実行',
    'workers.off': 'ウェブワーカーを使用できません（{reason}）：EMはページのスレッドで実行します',
    'workers.why.asked': 'アドレスに workers=0',
    'workers.why.missing': 'このブラウザにはありません',
    'workers.why.blocked': 'サイトのコンテンツセキュリティポリシーで許可されていません',
    'workers.why.timeout': '起動しませんでした',
    'workers.why.failed': '起動できませんでした',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export async function install(instance) {
  const glue = await wasmBindings();
  const pool = new WorkerPool(instance.session, glue);
  instance.workers = pool;
  const fallback = instance.player.hooks.step;
  instance.player.hooks.step = () => pool.step(fallback, instance.player.playing);

  const status = instance.ref('status');
  const note = () => {
    let text = '';
    if (pool.state === 'ready') text = t('workers.on', { n: pool.workers.length });
    else if (pool.state === 'failed') text = t('workers.off', { reason: [t(`workers.why.${pool.reason}`), pool.detail].filter(Boolean).join(': ') });
    const large = text && !!instance.session.worker_plan();
    const base = status.textContent.split(' · ⚙ ')[0];
    status.textContent = large ? `${base} · ⚙ ${text}` : base;
  };
  pool.onchange = note;
  instance.on('restart', () => pool.cancel());
  for (const ev of ['step', 'refresh', 'restart', 'load']) instance.on(ev, note);
}
