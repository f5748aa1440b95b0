// The history scrubber (slot 'stage'): a range input "History" over every half-step taken so far,
// with Back / Forward buttons. Moving it restores that exact state (Session.seek) and every view
// follows. Keys: ← one half-step back; → one half-step forward while scrubbed back (otherwise the
// page's usual → = one iteration). Scrubbing pauses playback.
import { register, t, translate, onLang, tRich, setRich } from '../i18n.js';

register({
  en: {
    'teach.history.label': 'History',
    'teach.history.back': 'Back',
    'teach.history.forward': 'Forward',
    'teach.history.backTitle': 'One half-step back (← key)',
    'teach.history.forwardTitle': 'One half-step forward (→ key while scrubbed back)',
    'teach.history.start': 'start',
    'teach.history.E': 'E-step {it}',
    'teach.history.M': 'M-step {it}',
    'teach.history.pos': '{what} · {i} of {n}',
  },
  ko: {
    'teach.history.label': '기록',
    'teach.history.back': '뒤로',
    'teach.history.forward': '앞으로',
    'teach.history.backTitle': '반 단계 뒤로 (← 키)',
    'teach.history.forwardTitle': '반 단계 앞으로 (되돌아가 있을 때 → 키)',
    'teach.history.start': '시작',
    'teach.history.E': '{it}번째 E 단계',
    'teach.history.M': '{it}번째 M 단계',
    'teach.history.pos': '{what} · {n}개 중 {i}',
  },
  ja: {
    'teach.history.label': '履歴',
    'teach.history.back': '戻る',
    'teach.history.forward': '進む',
    'teach.history.backTitle': '半ステップ戻る（←キー）',
    'teach.history.forwardTitle': '半ステップ進む（履歴を戻しているときは→キー）',
    'teach.history.start': '初期状態',
    'teach.history.E': '{it}回目のEステップ',
    'teach.history.M': '{it}回目のMステップ',
    'teach.history.pos': '{what} · {i}/{n}',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`history-${n}`);
  const box = document.createElement('div');
  box.className = 'teach-history';
  box.innerHTML = `
    <label id="${id('label')}" for="${id('range')}" data-i18n="teach.history.label"></label>
    <button type="button" data-act="back" data-i18n="teach.history.back" data-i18n-attr="title:teach.history.backTitle"></button>
    <input id="${id('range')}" type="range" min="0" max="0" step="1" value="0">
    <button type="button" data-act="forward" data-i18n="teach.history.forward" data-i18n-attr="title:teach.history.forwardTitle"></button>
    <span class="history-pos" aria-hidden="true"></span>`;
  instance.slot('stage').append(box);
  translate(box);

  const range = box.querySelector('input');
  const back = box.querySelector('[data-act="back"]');
  const forward = box.querySelector('[data-act="forward"]');
  const pos = box.querySelector('.history-pos');
  let last = null;

  const describe = (s) => t(s.phase === 'start' ? 'teach.history.start' : `teach.history.${s.phase}`,
    { it: s.phase === 'E' ? s.iteration + 1 : s.iteration });

  const update = (s) => {
    last = s;
    range.max = String(Math.max(0, s.historyLen - 1));
    range.value = String(s.cursor);
    const what = describe(s);
    range.setAttribute('aria-valuetext', what);
    setRich(pos, tRich('teach.history.pos', { what, i: s.cursor + 1, n: s.historyLen }));
    back.disabled = s.cursor <= 0;
    forward.disabled = s.cursor >= s.historyLen - 1;
  };

  /** Shows half-step `i` (clamped); every view follows. */
  const seek = (i) => {
    const s = last || instance.session.state();
    const target = Math.max(0, Math.min(s.historyLen - 1, i));
    instance.player.pause();
    instance.player.cancelTween();
    try {
      instance.session.run({ kind: 'seek', index: target });
    } catch (err) {
      instance.showRunError(err);
    }
    instance.refresh();
    instance.drawChart();
    instance.player.invalidate();
  };

  range.addEventListener('input', () => seek(Number(range.value)));
  back.addEventListener('click', () => seek((last?.cursor ?? 0) - 1));
  forward.addEventListener('click', () => seek((last?.cursor ?? 0) + 1));

  instance.on('refresh', update);
  instance.on('key', (ev) => {
    if (!last) return undefined;
    if (ev.key === 'ArrowLeft') {
      ev.preventDefault();
      if (last.cursor > 0) seek(last.cursor - 1);
      return false;
    }
    if (ev.key === 'ArrowRight' && last.cursor < last.historyLen - 1) {
      ev.preventDefault();
      seek(last.cursor + 1);
      return false;
    }
    return undefined;
  });
  onLang(() => { if (last) update(last); });
}
