// Starting means by hand, and the list of runs. Press on a mean (×) in the 2-D plot and drag it
// (mouse, pen or touch): that component's STARTING mean moves there and EM starts again from the
// new start (iteration 0), before or during a run; Reset comes back to it. Rust finds the mean under
// the pointer (Session.mean_near) and builds the new start (Session.drag_mean); this module handles
// the pointer, the cursor, and keeps the click that ends a drag from adding a point.
// The "Runs" panel (slot 'side') lists every converged run: its starting means and the final
// log-likelihood (numbers from Rust), so starts that end in a worse local optimum stand out.
import { register, t, translate, onLang, tRich, setRich } from '../i18n.js';

register({
  en: {
    'teach.runs.title': 'Runs',
    'teach.runs.hint': 'Drag a mean (×) on the plot to choose where EM starts. Every converged run is listed with its start and final log-likelihood: different starts can end in different local optima.',
    'teach.runs.list': 'Finished runs',
    'teach.runs.empty': 'No run has converged yet.',
    'teach.runs.item': 'Start {start} → mean log-likelihood {ll} after {it} iterations',
    'teach.runs.best': '(best)',
    'teach.runs.clear': 'Clear runs',
    'teach.drag.hint': 'Start moved by hand: press Play to run EM from it.',
    'teach.drag.keys': 'Keyboard: focus the plot, press 1–{k} to pick a mean, then the arrow keys move its start (Shift: further); Escape lets go.',
    'teach.drag.picked': 'Mean {k} picked: the arrow keys move its start (Shift: further), Escape lets go.',
    'teach.drag.moved': 'Start of mean {k} moved to ({at}).',
    'teach.drag.released': 'Mean {k} let go.',
  },
  ko: {
    'teach.runs.title': '실행 기록',
    'teach.runs.hint': '그림에서 평균(×)을 끌어 EM의 시작점을 정해 보세요. 수렴한 실행마다 시작 평균과 최종 로그 가능도를 적어 둡니다. 시작점이 다르면 서로 다른 국소 최적해에 도달할 수 있습니다.',
    'teach.runs.list': '끝난 실행',
    'teach.runs.empty': '아직 수렴한 실행이 없습니다.',
    'teach.runs.item': '시작 {start} → {it}번 반복 후 평균 로그 가능도 {ll}',
    'teach.runs.best': '(최고)',
    'teach.runs.clear': '기록 지우기',
    'teach.drag.hint': '시작점을 손으로 옮겼습니다. 재생을 누르면 여기서부터 EM을 실행합니다.',
    'teach.drag.keys': '키보드: 그림에 초점을 두고 숫자 키(1–{k})로 평균을 고른 뒤 화살표 키로 시작점을 옮깁니다(Shift: 더 멀리). Escape로 놓습니다.',
    'teach.drag.picked': '{k}번 평균을 골랐습니다. 화살표 키로 시작점을 옮기고(Shift: 더 멀리) Escape로 놓습니다.',
    'teach.drag.moved': '{k}번 평균의 시작점을 ({at})(으)로 옮겼습니다.',
    'teach.drag.released': '{k}번 평균을 놓았습니다.',
  },
  ja: {
    'teach.runs.title': '実行の記録',
    'teach.runs.hint': 'グラフ上の平均（×）をドラッグして、EMの初期値を選んでみましょう。収束した実行ごとに、初期値と最終的な対数尤度を記録します。初期値が違うと、異なる局所最適解に行き着くことがあります。',
    'teach.runs.list': '終了した実行',
    'teach.runs.empty': 'まだ収束した実行はありません。',
    'teach.runs.item': '初期値 {start} → {it}回の反復後の平均対数尤度 {ll}',
    'teach.runs.best': '（最良）',
    'teach.runs.clear': '記録を消去',
    'teach.drag.hint': '初期値を手で動かしました。再生を押すと、ここからEMを実行します。',
    'teach.drag.keys': 'キーボード：グラフにフォーカスを置き、1–{k}を押して平均を選んでから、矢印キーでその初期値を動かします（Shift：大きく動かす）。Escapeで選択を解除します。',
    'teach.drag.picked': '平均 {k} を選びました。矢印キーで初期値を動かし（Shift：大きく動かす）、Escapeで選択を解除します。',
    'teach.drag.moved': '平均 {k} の初期値を ({at}) に移動しました。',
    'teach.drag.released': '平均 {k} の選択を解除しました。',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  installDrag(instance);
  installRuns(instance);
}

/** @param {import('../emviz.js').Instance} instance */
function installDrag(instance) {
  const { canvas, session } = instance;
  let drag = null; // { k, pointerId, x, y, frame }
  let swallowClick = false;

  const nearMean = (ev) => {
    const [x, y] = instance.canvasPoint(ev);
    return session.pick(canvas, x, y, 'mean');
  };

  const apply = () => {
    if (!drag) return;
    drag.frame = 0;
    try {
      session.move_mean(canvas, drag.k, { kind: 'to', x: drag.x, y: drag.y });
      instance.restarted();
    } catch (err) {
      instance.showRunError(err);
    }
  };

  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    const k = nearMean(ev);
    swallowClick = k != null;
    if (k == null) return;
    ev.preventDefault();
    drag = { k, pointerId: ev.pointerId, x: 0, y: 0, frame: 0, moved: false };
    canvas.setPointerCapture(ev.pointerId);
    canvas.style.cursor = 'grabbing';
  });

  canvas.addEventListener('pointermove', (ev) => {
    if (drag && ev.pointerId === drag.pointerId) {
      [drag.x, drag.y] = instance.canvasPoint(ev);
      drag.moved = true;
      if (!drag.frame) drag.frame = requestAnimationFrame(apply);
      return;
    }
    if (ev.pointerType === 'mouse') canvas.style.cursor = nearMean(ev) == null ? '' : 'grab';
  });

  const end = (ev) => {
    if (!drag || ev.pointerId !== drag.pointerId) return;
    if (drag.frame) { cancelAnimationFrame(drag.frame); drag.frame = 0; apply(); }
    if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    if (drag.moved) setRich(instance.ref('warnings'), tRich('teach.drag.hint'));
    drag = null;
    canvas.style.cursor = ev.pointerType === 'mouse' && nearMean(ev) != null ? 'grab' : '';
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('pointerleave', () => { if (!drag) canvas.style.cursor = ''; });
  // A touch that lands on a mean drags it instead of scrolling the page.
  canvas.addEventListener('touchstart', (ev) => {
    if (ev.touches.length === 1 && nearMean(ev.touches[0]) != null) ev.preventDefault();
  }, { passive: false });

  // The keyboard's drag: on the focused plot, 1–K picks a mean, the arrow keys move its start by
  // 4 CSS pixels (Shift: 20), Escape lets go. Announced in a live region; the hint says how.
  const hint = document.createElement('p');
  hint.id = instance.id('drag-keys');
  hint.className = 'visually-hidden';
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite'); // not role=status: the page's status line stays the first
  live.dataset.testid = 'drag-live';
  canvas.parentElement.append(hint, live);
  canvas.setAttribute('aria-describedby', [canvas.getAttribute('aria-describedby'), hint.id].filter(Boolean).join(' '));
  let picked = null;
  const setHint = () => { hint.textContent = t('teach.drag.keys', { k: session.state().k }); };
  const fmtAt = (m) => m.map((v) => v.toFixed(2)).join(', ');
  canvas.addEventListener('keydown', (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const k = session.state().k;
    if (/^[1-9]$/.test(ev.key) && Number(ev.key) <= k) {
      picked = Number(ev.key) - 1;
      setRich(live, tRich('teach.drag.picked', { k: picked + 1 }));
      canvas.dataset.pickedMean = String(picked);
      ev.preventDefault();
      return;
    }
    if (picked === null) return;
    if (ev.key === 'Escape') {
      setRich(live, tRich('teach.drag.released', { k: picked + 1 }));
      picked = null;
      delete canvas.dataset.pickedMean;
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
    if (!dir) return;
    ev.preventDefault(); // not Step (→) while a mean is picked
    const px = (ev.shiftKey ? 20 : 4) * (window.devicePixelRatio || 1);
    try {
      const m = session.move_mean(canvas, picked, { kind: 'by', dx: dir[0] * px, dy: dir[1] * px });
      instance.restarted();
      setRich(instance.ref('warnings'), tRich('teach.drag.hint'));
      setRich(live, tRich('teach.drag.moved', { k: picked + 1, at: fmtAt(Array.from(m)) }));
    } catch (err) { instance.showRunError(err); }
  });
  canvas.addEventListener('blur', () => { picked = null; delete canvas.dataset.pickedMean; });
  instance.on('restart', setHint);
  onLang(setHint);

  // The click that ends a press on a mean must not add a point.
  instance.on('canvas-click', () => {
    if (!swallowClick) return undefined;
    swallowClick = false;
    return false;
  });
}

/** @param {import('../emviz.js').Instance} instance */
function installRuns(instance) {
  const id = (n) => instance.id(`runs-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-runs';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.runs.title"></h2>
    <p class="hint" data-i18n="teach.runs.hint"></p>
    <p class="hint" data-out="keys"></p>
    <ol id="${id('list')}" class="runs-list" data-i18n-attr="aria-label:teach.runs.list"></ol>
    <p class="hint" data-out="empty" data-i18n="teach.runs.empty"></p>
    <button type="button" data-i18n="teach.runs.clear"></button>`;
  instance.slot('side').append(panel);
  translate(panel);

  const keys = panel.querySelector('[data-out="keys"]');
  const setKeys = () => { keys.textContent = t('teach.drag.keys', { k: instance.session.state().k }); };
  instance.on('restart', setKeys);
  onLang(setKeys);
  const list = panel.querySelector('ol');
  const empty = panel.querySelector('[data-out="empty"]');
  let runs = [];

  const fmtStart = (means) => means.map((m) => `(${m.map((v) => v.toFixed(2)).join(', ')})`).join(' ');
  const render = () => {
    const best = runs.reduce((b, r) => Math.max(b, r.ll), -Infinity);
    list.replaceChildren(...runs.map((r) => {
      const li = document.createElement('li');
      setRich(li, tRich('teach.runs.item', { start: fmtStart(r.start), ll: r.ll.toFixed(4), it: r.iteration }));
      li.dataset.logLikelihood = String(r.ll);
      if (runs.length > 1 && r.ll === best) li.append(` ${t('teach.runs.best')}`);
      return li;
    }));
    empty.hidden = runs.length > 0;
  };

  instance.on('refresh', (s) => {
    if (!(s.done && s.converged)) return;
    const start = s.startMeans;
    const key = JSON.stringify([start, s.n, s.k, s.settings.covarianceType, s.settings.model, s.logLikelihood]);
    if (runs.some((r) => r.key === key)) return;
    runs.push({ key, start, ll: s.logLikelihood, iteration: s.iteration });
    if (runs.length > 12) runs = runs.slice(-12);
    render();
  });
  const clear = () => { runs = []; render(); };
  instance.on('load', clear);
  instance.on('data', clear);
  panel.querySelector('button').addEventListener('click', clear);
  onLang(render);
  render();
}
