// Sampling from the fitted model (slot 'data'; the book's generate.py): "Generate" draws N points
// from the current mixture (Session.sample_points, seeded from Settings' seed, then fresh seeds),
// drawn over the data as dark crosses (1-D: ticks under the axis) by Session.render_samples after
// every frame; "Add to data" appends them to the Data box as if pasted and refits; "Use as the data"
// replaces the data by them (data of known origin p*, for the §5.1.3 panel); "Clear samples"
// removes them. The points stay an opaque Float64Array here: every number comes from the Session.
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf } from '../ui.js';

register({
  en: {
    'teach.sample.title': 'Generate from the model',
    'teach.sample.hint': 'A fitted mixture is a generative model: pick a component with probability φₖ, then draw a point from its Gaussian N(μₖ, Σₖ).',
    'teach.sample.count': 'Samples',
    'teach.sample.generate': 'Generate',
    'teach.sample.add': 'Add to data',
    'teach.sample.clear': 'Clear samples',
    'teach.sample.shown2d': '{n} points drawn from the current model (seed {seed}), shown as dark crosses.',
    'teach.sample.shown1d': '{n} points drawn from the current model (seed {seed}), shown as dark ticks under the axis.',
    'teach.sample.added': '{n} generated points added to the data.',
    'teach.sample.use': 'Use as the data',
    'teach.sample.useTitle': 'Replace the data by these points: their origin p* (the model they were drawn from) is then known, so the D_{KL}(p* ‖ p_{θ}) panel can follow the next fit.',
    'teach.sample.used': 'The data are now {n} points drawn from a known mixture p* (the model they came from).',
  },
  ko: {
    'teach.sample.title': '모델에서 샘플 생성',
    'teach.sample.hint': '추정한 혼합 모델은 생성 모델입니다. 혼합 가중치 φₖ의 확률로 성분을 하나 고른 다음, 그 가우시안 분포 N(μₖ, Σₖ)에서 점을 뽑습니다.',
    'teach.sample.count': '샘플 수',
    'teach.sample.generate': '생성',
    'teach.sample.add': '데이터에 추가',
    'teach.sample.clear': '샘플 지우기',
    'teach.sample.shown2d': '현재 모델에서 점 {n}개를 뽑았습니다(시드 {seed}). 진한 X 표시로 나타냅니다.',
    'teach.sample.shown1d': '현재 모델에서 점 {n}개를 뽑았습니다(시드 {seed}). 축 아래의 진한 눈금으로 나타냅니다.',
    'teach.sample.added': '생성한 점 {n}개를 데이터에 추가했습니다.',
    'teach.sample.use': '데이터로 사용',
    'teach.sample.useTitle': '데이터를 이 점들로 바꿉니다. 점을 뽑은 모델 p*를 알고 있으므로, 다음 추정에서 D_{KL}(p* ‖ p_{θ}) 패널을 볼 수 있습니다.',
    'teach.sample.used': '이제 데이터는 알려진 혼합 분포 p*(점을 뽑은 모델)에서 뽑은 점 {n}개입니다.',
  },
  ja: {
    'teach.sample.title': 'モデルから生成',
    'teach.sample.hint': '推定した混合モデルは生成モデルです。混合係数 φₖ の確率で成分を1つ選び、その正規分布 N(μₖ, Σₖ) から点をサンプリングします。',
    'teach.sample.count': 'サンプル数',
    'teach.sample.generate': '生成',
    'teach.sample.add': 'データに追加',
    'teach.sample.clear': 'サンプルを消去',
    'teach.sample.shown2d': '現在のモデルから{n}個の点をサンプリングしました（シード {seed}）。濃い色の×印で表示しています。',
    'teach.sample.shown1d': '現在のモデルから{n}個の点をサンプリングしました（シード {seed}）。軸の下に濃い色の目盛りで表示しています。',
    'teach.sample.added': '生成した{n}個の点をデータに追加しました。',
    'teach.sample.use': 'データとして使う',
    'teach.sample.useTitle': 'データをこれらの点に置き換えます。点を生成したモデル p* が分かっているので、次の推定で D_{KL}(p* ‖ p_{θ}) のパネルを追えるようになります。',
    'teach.sample.used': 'データは、既知の混合分布 p*（点を生成したモデル）からサンプリングした{n}個の点になりました。',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`sample-${n}`);
  const panel = document.createElement('section');
  panel.className = 'teach-sample';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.sample.title"></h2>
    <p class="hint" data-i18n="teach.sample.hint"></p>
    <div class="data-controls">
      <div class="field"><label for="${id('count')}" data-i18n="teach.sample.count"></label>
        <input id="${id('count')}" type="number" min="1" max="100000" step="1" value="500" inputmode="numeric"></div>
      <button type="button" class="primary" data-act="generate" data-i18n="teach.sample.generate"></button>
      <button type="button" data-act="add" data-i18n="teach.sample.add" disabled></button>
      <button type="button" data-act="use" data-i18n="teach.sample.use" data-i18n-attr="title:teach.sample.useTitle" disabled></button>
      <button type="button" data-act="clear" data-i18n="teach.sample.clear" disabled></button>
    </div>
    <p class="sample-status" role="status" aria-live="polite"></p>
    <p class="error" role="alert"></p>`;
  instance.slot('data').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const [count, generate, add, clear, status, error] = [q('input'), q('[data-act="generate"]'), q('[data-act="add"]'), q('[data-act="clear"]'), q('.sample-status'), q('.error')];
  const use = q('[data-act="use"]');
  /** The drawn points (n × d, from the Session), their count and seed, or null. */
  let samples = null;
  /** Draws since the last restart: the first uses Settings' seed, later ones fresh seeds. */
  let draws = 0;

  const describe = () => {
    if (!samples) return '';
    const key = session.state().d === 1 ? 'teach.sample.shown1d' : 'teach.sample.shown2d';
    return t(key, { n: samples.n, seed: samples.seed });
  };

  const set = (next, message = null) => {
    samples = next;
    panel.dataset.sampleCount = String(next ? next.n : 0);
    add.disabled = !next;
    use.disabled = !next;
    clear.disabled = !next;
    status.textContent = message ?? describe();
    instance.player.invalidate();
  };

  generate.addEventListener('click', () => {
    error.textContent = '';
    try {
      const s = session.state();
      // The first draw uses Settings' seed, later ones a fresh seed drawn in Rust.
      const drawn = session.sample_points(Number(count.value), draws === 0 ? s.seed : null);
      draws += 1;
      count.setAttribute('aria-invalid', 'false');
      set(drawn);
    } catch (err) {
      count.setAttribute('aria-invalid', 'true');
      error.textContent = messageOf(err);
    }
  });

  add.addEventListener('click', () => {
    if (!samples) return;
    try {
      const rows = session.export('samples');
      const n = samples.n;
      instance.appendDataRows(rows);
      const loaded = instance.load(instance.dataText());
      if (loaded.ok) set(null, t('teach.sample.added', { n }));
    } catch (err) { error.textContent = messageOf(err); }
  });

  // The points replace the data: a data set of known origin (§5.1.3).
  use.addEventListener('click', () => {
    if (!samples) return;
    try {
      const n = samples.n;
      const { text } = session.load({ kind: 'samples' });
      instance.setDataText(text);
      instance.ref('preset').value = 'custom';
      instance.setDataError('');
      instance.restarted();
      instance.emit('load', { n, generated: true });
      instance.player.invalidate();
      set(null, t('teach.sample.used', { n }));
    } catch (err) { error.textContent = messageOf(err); }
  });

  clear.addEventListener('click', () => set(null, ''));

  instance.on('draw', () => {
    if (!samples) return;
    try { session.render_overlay(instance.canvas, { kind: 'samples' }); } catch (err) { error.textContent = messageOf(err); }
  });
  // Samples belong to the model they came from: a new start or new data drops them.
  const drop = () => { draws = 0; if (samples) set(null, ''); };
  instance.on('restart', drop);
  instance.on('load', drop);
  onLang(() => { if (samples) status.textContent = describe(); });
}
