// Presenter mode (`?present`, the Present button): the plot and the status line fill the window
// for a projector — Rust draws the plot larger (axis labels ≥ 18 CSS px), in black ink and the
// high-contrast component colours, with the inspected point as a laser pointer (emviz_app::present,
// set through Session.set_view). Keyboard only: → next half-step (animated, as Step is), ← back
// one half-step, 1–9 a lecture's step n (instance.lecture, when a lecture drives the figure) or
// else the end of iteration n, ↑/↓ (or a click) the laser on the next/previous point, `.` blanks the screen,
// Escape leaves. Leaving restores the page exactly: its classes, scroll position, focus, canvas
// sizes and the page's look of the plot. The status line stays the aria-live one.
import { register, t, translate, onLang } from '../i18n.js';

register({
  en: {
    'present.button': 'Present',
    'present.buttonTitle': 'Presenter mode: the plot and the status fill the window, large, for a projector (Esc leaves)',
    'present.exit': 'Leave presenter mode (Esc)',
    'present.keys': '→ next half-step · ← back · 1–9 end of iteration n · ↑↓ laser point · . blank screen · Esc leave',
    'present.keysLecture': '→ next half-step · ← back · 1–9 lecture step n · ↑↓ laser point · . blank screen · Esc leave',
    'present.blanked': 'Screen blanked: press . to show the figure again',
  },
  ko: {
    'present.button': '발표 모드',
    'present.buttonTitle': '발표 모드: 그림과 상태 줄이 창을 크게 채웁니다(프로젝터용, Escape 키로 나가기)',
    'present.exit': '발표 모드 나가기 (Escape)',
    'present.keys': '→ 반 단계 앞으로 · ← 뒤로 · 1–9 n번째 반복의 끝 · ↑↓ 레이저 점 · . 화면 가리기 · Escape 나가기',
    'present.keysLecture': '→ 반 단계 앞으로 · ← 뒤로 · 1–9 강의의 n번째 단계 · ↑↓ 레이저 점 · . 화면 가리기 · Escape 나가기',
    'present.blanked': '화면을 가렸습니다. . 키를 누르면 그림이 다시 보입니다',
  },
  ja: {
    'present.button': '発表モード',
    'present.buttonTitle': '発表モード：図と状態の行をウィンドウいっぱいに大きく表示します（プロジェクター向け、Escapeで終了）',
    'present.exit': '発表モードを終了（Escape）',
    'present.keys': '→ 半ステップ進む · ← 戻る · 1–9 n回目の反復の終わり · ↑↓ レーザーの点 · . 画面を消す · Escape 終了',
    'present.keysLecture': '→ 半ステップ進む · ← 戻る · 1–9 講義のn番目の段階 · ↑↓ レーザーの点 · . 画面を消す · Escape 終了',
    'present.blanked': '画面を消しました。. キーで図をもう一度表示します',
  },
});

/** Keys typed into these stay theirs. */
const TYPING = 'input, textarea, select, [contenteditable]';

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { root, session } = instance;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'present-button';
  button.dataset.i18n = 'present.button';
  button.dataset.i18nAttr = 'title:present.buttonTitle';
  instance.ref('transport').append(button);
  translate(button);

  // The bar under the plot while presenting: the keys, and a large way out.
  const bar = document.createElement('div');
  bar.className = 'present-bar';
  bar.hidden = true;
  bar.innerHTML = `<p class="present-keys"></p>
    <button type="button" class="present-exit" data-i18n="present.exit"></button>`;
  const keys = /** @type {HTMLElement} */ (bar.querySelector('.present-keys'));
  const exit = /** @type {HTMLButtonElement} */ (bar.querySelector('.present-exit'));
  const blankNote = document.createElement('p');
  blankNote.className = 'present-blanked';
  blankNote.dataset.i18n = 'present.blanked';
  blankNote.hidden = true;
  instance.ref('status').after(bar);
  instance.ref('stage').append(blankNote);
  translate(bar);
  translate(blankNote);

  /** What leaving restores. @type {{ scroll: [number, number], focus: Element | null } | null} */
  let saved = null;
  const presenting = () => saved !== null;
  const wordKeys = () => { keys.textContent = t(instance.lecture ? 'present.keysLecture' : 'present.keys'); };

  /** Tells Rust presenter mode's look and the laser's point; redraws. */
  const look = () => {
    const laser = presenting() && instance.inspectedPoint ? instance.inspectedPoint() : null;
    session.set_view({ present: { on: presenting(), laser } });
    instance.player.invalidate();
  };

  const enter = () => {
    if (presenting()) return;
    saved = { scroll: [window.scrollX, window.scrollY], focus: document.activeElement };
    root.classList.add('presenting');
    document.documentElement.classList.add('emviz-presenting');
    bar.hidden = false;
    wordKeys();
    look();
    exit.focus({ preventScroll: true });
    instance.emit('present', true);
  };

  const leave = () => {
    if (!saved) return;
    const { scroll, focus } = saved;
    saved = null;
    blank(false);
    root.classList.remove('presenting');
    document.documentElement.classList.remove('emviz-presenting');
    bar.hidden = true;
    look();
    if (focus instanceof HTMLElement) focus.focus({ preventScroll: true });
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.scrollTo(scroll[0], scroll[1]);
    instance.emit('present', false);
  };

  /** Blanks the screen (black, like a slide show's B or .), or shows it again. */
  const blank = (on = !root.classList.contains('present-blank')) => {
    root.classList.toggle('present-blank', on);
    blankNote.hidden = !on;
  };

  /** Shows half-step `i` of the history (clamped), as the History slider does. */
  const seek = (i) => {
    const s = session.state();
    instance.player.pause();
    instance.player.cancelTween();
    try { session.run({ kind: 'seek', index: Math.max(0, Math.min(s.historyLen - 1, i)) }); } catch (err) { instance.showRunError(err); }
    instance.refresh();
    instance.drawChart();
    instance.player.invalidate();
  };

  const next = () => {
    const s = session.state();
    if (s.cursor < s.historyLen - 1) seek(s.cursor + 1);
    else if (!s.done) instance.player.stepIteration(1);
  };

  /** The end of iteration `n` (its M-step), running on to it if it has not been taken yet. */
  const toIteration = (n) => {
    let s = session.state();
    if (s.cursor < s.historyLen - 1) { seek(s.historyLen - 1); s = session.state(); }
    try {
      while (!s.done && (s.iteration < n || s.phase === 'E')) {
        session.run({ kind: 'iterate' });
        s = session.state();
      }
    } catch (err) { instance.showRunError(err); }
    // The history holds the start, then an E- and an M-step per iteration.
    seek(2 * n);
  };

  const laserBy = (delta) => {
    const n = session.state().n;
    const at = instance.inspectedPoint ? instance.inspectedPoint() : null;
    const from = at ?? instance.focusPoint ?? 0;
    instance.choosePoint(at === null ? from : (from + delta + n) % n);
  };

  window.addEventListener('keydown', (ev) => {
    if (!presenting() || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.target instanceof Element && ev.target.closest(TYPING)) return;
    const digit = /^[1-9]$/.test(ev.key) ? Number(ev.key) : 0;
    if (ev.key === 'Escape') leave();
    else if (ev.key === '.') blank();
    else if (ev.key === 'ArrowRight') next();
    else if (ev.key === 'ArrowLeft') seek(session.state().cursor - 1);
    else if (ev.key === 'ArrowUp') laserBy(-1);
    else if (ev.key === 'ArrowDown') laserBy(1);
    else if (digit && instance.lecture) instance.lecture.go(digit - 1);
    else if (digit) toIteration(digit);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  }, { capture: true });

  button.addEventListener('click', enter);
  exit.addEventListener('click', leave);
  instance.on('inspect', () => { if (presenting()) look(); });
  // A click picks the laser's point (the inspector, installed before); elsewhere on the plot it
  // adds no data point while presenting.
  instance.on('canvas-click', () => (presenting() ? false : undefined));
  onLang(() => { if (presenting()) wordKeys(); });

  instance.presenter = { enter, leave, presenting };
}
