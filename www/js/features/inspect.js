// Clicking a data point (2-D view, or the 1-D view's rug) opens a small popover over the plot with its responsibilities and
// the numbers that produced them, per component in its colour: φₖ, log 𝒩(x; μₖ, Σₖ), log φₖ𝒩, the
// responsibility p_θ(z = k | x) (and, after an M-step, the q of the last E-step that colours the
// point), log p_θ(x) and the point's uncertainty 1 − maxₖ q (mclust's, computed in Rust). The chapter's per-point panels follow the point opened (pointpick.js). The numbers come from Session.inspect_at / inspect; they follow the history
// cursor. A click away from any point keeps the default (adds a point).
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';

register({
  en: {
    'teach.inspect.title': 'Point {i}',
    'teach.inspect.close': 'Close',
    'teach.inspect.table': 'Responsibilities of point {i}',
    'teach.inspect.k': 'k',
    'teach.inspect.weight': 'φₖ',
    'teach.inspect.logN': 'log 𝒩(x; μₖ, Σₖ)',
    'teach.inspect.logN1': 'log 𝒩(x; μₖ, σₖ²)',
    'teach.inspect.wlp': 'log φₖ𝒩',
    'teach.inspect.resp': 'p_{θ}(z=k | x)',
    'teach.inspect.q': 'q⁽ⁿ⁾ now',
    'teach.inspect.qTitle': 'q⁽ⁿ⁾(z = k) from the last E-step: the colour of the point now. The next E-step replaces it with p_{θ}(z = k | x).',
    'teach.inspect.respTitle': 'Responsibility: φₖ𝒩(x; μₖ, Σₖ) / Σⱼ φⱼ𝒩(x; μⱼ, Σⱼ) under the current parameters',
    'teach.inspect.logp': 'log p_{θ}(x) = log Σₖ φₖ𝒩(x; μₖ, Σₖ) = {v}',
    'teach.inspect.uncertainty': 'Uncertainty 1 − maxₖ q⁽ⁿ⁾(z = k) = {v}: 0 for a point surely in one component, up to 1 − 1/K for a point in all alike',
    'teach.inspect.uncertaintyStart': 'Uncertainty 1 − maxₖ p_{θ}(z = k | x) = {v}: 0 for a point surely in one component, up to 1 − 1/K for a point in all alike',
    'teach.inspect.vb': 'Variational Bayes: φₖ, μₖ, Σₖ are the expected values under q(θ). The point\'s colour q⁽ⁿ⁾ comes from E[log πₖ] and E[log 𝒩], so it differs a little from the responsibility computed from the expected values.',
  },
  ko: {
    'teach.inspect.title': '{i}번 점',
    'teach.inspect.close': '닫기',
    'teach.inspect.table': '{i}번 점의 부담률',
    'teach.inspect.k': 'k',
    'teach.inspect.weight': 'φₖ',
    'teach.inspect.logN': 'log 𝒩(x; μₖ, Σₖ)',
    'teach.inspect.logN1': 'log 𝒩(x; μₖ, σₖ²)',
    'teach.inspect.wlp': 'log φₖ𝒩',
    'teach.inspect.resp': 'p_{θ}(z=k | x)',
    'teach.inspect.q': '현재 q⁽ⁿ⁾',
    'teach.inspect.qTitle': '마지막 E 단계에서 구한 q⁽ⁿ⁾(z = k), 즉 지금 점의 색입니다. 다음 E 단계에서 p_{θ}(z = k | x)로 바뀝니다.',
    'teach.inspect.respTitle': '부담률: 현재 파라미터에서 φₖ𝒩(x; μₖ, Σₖ) / Σⱼ φⱼ𝒩(x; μⱼ, Σⱼ)',
    'teach.inspect.logp': 'log p_{θ}(x) = log Σₖ φₖ𝒩(x; μₖ, Σₖ) = {v}',
    'teach.inspect.uncertainty': '불확실성 1 − maxₖ q⁽ⁿ⁾(z = k) = {v}: 한 성분에 확실히 속하는 점은 0, 모든 성분에 똑같이 걸친 점은 최대 1 − 1/K',
    'teach.inspect.uncertaintyStart': '불확실성 1 − maxₖ p_{θ}(z = k | x) = {v}: 한 성분에 확실히 속하는 점은 0, 모든 성분에 똑같이 걸친 점은 최대 1 − 1/K',
    'teach.inspect.vb': '변분 베이즈: φₖ, μₖ, Σₖ는 q(θ)에 대한 기댓값입니다. 점의 색 q⁽ⁿ⁾은 E[log πₖ]와 E[log 𝒩]로 만들기 때문에, 기댓값으로 계산한 부담률과 조금 다릅니다.',
  },
  ja: {
    'teach.inspect.title': '点 {i}',
    'teach.inspect.close': '閉じる',
    'teach.inspect.table': '点 {i} の負担率',
    'teach.inspect.k': 'k',
    'teach.inspect.weight': 'φₖ',
    'teach.inspect.logN': 'log 𝒩(x; μₖ, Σₖ)',
    'teach.inspect.logN1': 'log 𝒩(x; μₖ, σₖ²)',
    'teach.inspect.wlp': 'log φₖ𝒩',
    'teach.inspect.resp': 'p_{θ}(z=k | x)',
    'teach.inspect.q': '現在の q⁽ⁿ⁾',
    'teach.inspect.qTitle': '直前のEステップで求めた q⁽ⁿ⁾(z = k)、つまり現在の点の色です。次のEステップで p_{θ}(z = k | x) に置き換わります。',
    'teach.inspect.respTitle': '負担率：現在のパラメータでの φₖ𝒩(x; μₖ, Σₖ) / Σⱼ φⱼ𝒩(x; μⱼ, Σⱼ)',
    'teach.inspect.logp': 'log p_{θ}(x) = log Σₖ φₖ𝒩(x; μₖ, Σₖ) = {v}',
    'teach.inspect.uncertainty': '不確実性 1 − maxₖ q⁽ⁿ⁾(z = k) = {v}：一つの成分に確実に属する点で 0、すべての成分に等しくまたがる点で最大 1 − 1/K',
    'teach.inspect.uncertaintyStart': '不確実性 1 − maxₖ p_{θ}(z = k | x) = {v}：一つの成分に確実に属する点で 0、すべての成分に等しくまたがる点で最大 1 − 1/K',
    'teach.inspect.vb': '変分ベイズ：φₖ, μₖ, Σₖ は q(θ) のもとでの期待値です。点の色 q⁽ⁿ⁾ は E[log πₖ] と E[log 𝒩] から作るので、期待値から計算した負担率とは少し異なります。',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`inspect-${n}`);
  const wrap = instance.canvas.parentElement;
  const pop = document.createElement('section');
  pop.className = 'teach-inspect';
  pop.setAttribute('role', 'dialog');
  pop.setAttribute('aria-modal', 'false');
  pop.setAttribute('aria-labelledby', id('title'));
  pop.dataset.testid = 'inspect';
  pop.hidden = true;
  pop.innerHTML = `
    <header><h3 id="${id('title')}"></h3>
      <button type="button" class="close" data-i18n="teach.inspect.close"></button></header>
    <p class="coords"></p>
    <table><caption class="visually-hidden"></caption><thead><tr></tr></thead><tbody></tbody></table>
    <p class="logp"></p>
    <p class="uncertainty" data-testid="inspect-uncertainty"></p>
    <p class="vb-note" data-i18n="teach.inspect.vb" hidden></p>`;
  const ring = document.createElement('div');
  ring.className = 'teach-inspect-ring';
  ring.hidden = true;
  wrap.append(ring, pop);
  translate(pop);

  let index = null;
  let anchor = [0, 0]; // CSS px inside the canvas

  const close = () => {
    const was = index;
    index = null; pop.hidden = true; ring.hidden = true;
    if (was !== null) instance.emit('inspect', null);
  };
  pop.querySelector('.close').addEventListener('click', close);

  const cssPoint = () => {
    const p = instance.session.position_of(instance.canvas, { kind: 'point', index });
    if (!p) return null;
    const scale = instance.canvas.clientWidth / instance.canvas.width;
    return [p[0] * scale, p[1] * scale];
  };

  const show = () => {
    let ins;
    try { ins = instance.session.point(index, null).inspection; } catch { close(); return; }
    const n = ins.index + 1;
    setRich(pop.querySelector('h3'), tRich('teach.inspect.title', { i: n }));
    pop.querySelector('.coords').textContent = ins.names.map((name, c) => `${name} = ${fmt(ins.point[c], 4)}`).join(', ');
    setRich(pop.querySelector('caption'), tRich('teach.inspect.table', { i: n }));
    // Under variational Bayes q(z) never equals the expected values' responsibility: show it
    // whenever there is one.
    const withQ = ins.phase === 'M' || (ins.variational && ins.phase === 'E');
    pop.querySelector('.vb-note').hidden = !ins.variational;
    const heads = ['k', 'weight', ins.point.length === 1 ? 'logN1' : 'logN', 'wlp', 'resp', ...(withQ ? ['q'] : [])];
    pop.querySelector('thead tr').innerHTML = heads.map((h) => {
      const title = h === 'q' ? t('teach.inspect.qTitle') : h === 'resp' ? t('teach.inspect.respTitle') : '';
      return `<th scope="col"${title ? ` title="${title}"` : ''}>${t(`teach.inspect.${h}`)}</th>`;
    }).join('');
    pop.querySelector('tbody').innerHTML = ins.components.map((c) => `
      <tr style="--c:${c.color}" data-k="${c.k}">
        <th scope="row"><span class="swatch" style="background:${c.color}"></span>${c.k + 1}</th>
        <td>${fmt(c.weight, 4)}</td><td>${fmt(c.logDensity, 4)}</td><td>${fmt(c.weightedLogProb, 4)}</td>
        <td class="resp" data-value="${c.responsibility}">${fmt(c.responsibility, 4)}</td>
        ${withQ ? `<td class="q" data-value="${c.q}">${fmt(c.q, 4)}</td>` : ''}
      </tr>`).join('');
    setRich(pop.querySelector('.logp'), tRich('teach.inspect.logp', { v: fmt(ins.logLikelihood, 5) }));
    const uncertain = pop.querySelector('.uncertainty');
    const before = ins.phase === 'start';
    setRich(uncertain, tRich(before ? 'teach.inspect.uncertaintyStart' : 'teach.inspect.uncertainty', { v: fmt(ins.uncertainty, 4) }));
    uncertain.dataset.value = String(ins.uncertainty);
    const changed = pop.dataset.index !== String(ins.index) || pop.hidden;
    pop.dataset.index = String(ins.index);
    pop.hidden = false;
    place();
    if (changed) instance.emit('inspect', ins.index);
  };
  /** Opens the inspector on data row `i` (for the keyboard, the q(z) panel and tests). */
  instance.inspectPoint = (i) => { index = i; show(); };
  /** The row inspected, or null. */
  instance.inspectedPoint = () => index;
  /** Closes the inspector (a lecture step that opens no point closes what the last one opened). */
  instance.closeInspector = close;

  const place = () => {
    const p = cssPoint();
    if (p) anchor = p;
    const [x, y] = anchor;
    ring.style.left = `${x}px`;
    ring.style.top = `${y}px`;
    ring.hidden = !p;
    const w = wrap.clientWidth, h = wrap.clientHeight;
    const pw = pop.offsetWidth, ph = pop.offsetHeight;
    const left = x + 14 + pw <= w ? x + 14 : Math.max(4, x - 14 - pw);
    const top = Math.min(Math.max(4, y - ph / 2), Math.max(4, h - ph - 4));
    pop.style.left = `${left}px`;
    pop.style.top = `${top}px`;
  };

  instance.on('canvas-click', (ev) => {
    const [x, y] = instance.canvasPoint(ev);
    let picked = null;
    try { picked = instance.session.pick(instance.canvas, x, y, 'point'); } catch (err) { instance.showRunError(err); }
    if (picked === undefined || picked === null) { close(); return undefined; }
    index = picked;
    show();
    return false;
  });
  instance.on('refresh', () => { if (index !== null) show(); });
  instance.on('resize', () => { if (index !== null) place(); });
  instance.on('view', () => { if (index !== null) place(); });
  instance.on('load', close);
  instance.on('key', (ev) => {
    if (ev.key === 'Escape' && index !== null) { close(); return false; }
    return undefined;
  });
  onLang(() => { if (index !== null) show(); });
}
