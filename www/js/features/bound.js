// §5.2.2 — any q(z) gives a lower bound (slot 'stage', after the formulas). For the point in the
// inspector, q(z) is set by hand with one slider per component (normalised in Rust): its ELBO term
// and KL(q ‖ p(z | x; θ)) change while log p(x) stays fixed and always equals their sum; a button
// sets q to the E-step's choice p(z | x; θ), where KL is 0 and the ELBO is highest. The same for
// the whole data set with q from an earlier iteration's E-step versus the current posterior. Every
// number comes from Session.point_bound / data_bound.
import { register, t, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';

register({
  en: {
    'teach.bound.title': 'Any q(z) gives a lower bound (§5.2.2)',
    'teach.bound.hint': 'For every distribution q over the components, log p(x; θ) = ELBO(q, θ) + KL(q ‖ p(z | x; θ)) (eq. 5.4–5.6). KL ≥ 0, so the ELBO is a lower bound; it touches log p(x) only when q is the posterior p(z | x; θ), the E-step\'s choice.',
    'teach.bound.point': 'One point',
    'teach.bound.pick': 'Point',
    'teach.bound.inspect': 'Inspect',
    'teach.bound.none': 'Click a point on the plot, or choose its number, to set its q(z) by hand.',
    'teach.bound.of': 'Point {i}: q(z) set by hand',
    'teach.bound.qk': 'q(z = {k})',
    'teach.bound.toPosterior': 'q = p(z | x; θ) (the E-step)',
    'teach.bound.uniform': 'q uniform',
    'teach.bound.logp': 'log p(x; θ) (fixed)',
    'teach.bound.elbo': 'ELBO(q, θ)',
    'teach.bound.kl': 'KL(q ‖ p(z | x; θ))',
    'teach.bound.sum': 'ELBO + KL',
    'teach.bound.data': 'The whole data set (sums over the N = {n} points)',
    'teach.bound.from': 'q from the E-step of iteration',
    'teach.bound.current': 'q = current posterior',
    'teach.bound.dataNote': 'θ is the state shown (iteration {it}). q from iteration {t}: {what}',
    'teach.bound.dataNoteNow': 'θ is the state shown (iteration {it}); q is its posterior p(z | x; θ), so KL = 0 and the ELBO equals log p(x).',
    'teach.bound.older': 'the older the q, the looser the bound.',
    'teach.bound.noE': 'Take an E-step first: there is no q from an earlier iteration yet.',
  },
  ko: {
    'teach.bound.title': '어떤 q(z)든 하한을 준다 (§5.2.2)',
    'teach.bound.hint': '성분에 대한 어떤 분포 q에 대해서도 log p(x; θ) = ELBO(q, θ) + KL(q ‖ p(z | x; θ))입니다(식 5.4–5.6). KL ≥ 0이므로 ELBO는 하한이고, q가 사후 분포 p(z | x; θ)일 때, 곧 E 단계의 선택일 때만 log p(x)에 닿습니다.',
    'teach.bound.point': '점 하나',
    'teach.bound.pick': '점 번호',
    'teach.bound.inspect': '살펴보기',
    'teach.bound.none': '그림에서 점을 클릭하거나 번호를 골라 그 점의 q(z)를 직접 정해 보세요.',
    'teach.bound.of': '{i}번 점: 직접 정한 q(z)',
    'teach.bound.qk': 'q(z = {k})',
    'teach.bound.toPosterior': 'q = p(z | x; θ) (E 단계)',
    'teach.bound.uniform': '균등한 q',
    'teach.bound.logp': 'log p(x; θ) (고정)',
    'teach.bound.elbo': 'ELBO(q, θ)',
    'teach.bound.kl': 'KL(q ‖ p(z | x; θ))',
    'teach.bound.sum': 'ELBO + KL',
    'teach.bound.data': '데이터 전체 (점 N = {n}개의 합)',
    'teach.bound.from': 'q를 가져올 E 단계의 반복',
    'teach.bound.current': 'q = 현재 사후 분포',
    'teach.bound.dataNote': 'θ는 지금 보이는 상태(반복 {it})입니다. {t}번째 반복의 q: {what}',
    'teach.bound.dataNoteNow': 'θ는 지금 보이는 상태(반복 {it})이고 q는 그 사후 분포 p(z | x; θ)이므로 KL = 0, ELBO = log p(x)입니다.',
    'teach.bound.older': 'q가 오래될수록 하한이 느슨해집니다.',
    'teach.bound.noE': '먼저 E 단계를 실행하세요. 아직 이전 반복의 q가 없습니다.',
  },
});


/** The table of log p(x), ELBO, KL and their sum that fill() writes (one point's, the data set's). */
const valuesTable = (testid) => `<table class="bound-values" data-testid="${testid}"><tbody>
  <tr><th scope="row" data-i18n="teach.bound.logp"></th><td data-v="logP"></td></tr>
  <tr class="elbo"><th scope="row" data-i18n="teach.bound.elbo"></th><td data-v="elbo"></td></tr>
  <tr class="kl"><th scope="row" data-i18n="teach.bound.kl"></th><td data-v="kl"></td></tr>
  <tr><th scope="row" data-i18n="teach.bound.sum"></th><td data-v="sum"></td></tr>
</tbody></table>`;

export function install(instance) {
  const { session } = instance;
  const { palette } = instance.rules;
  const id = (n) => instance.id(`bound-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-bound';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.bound.title"></h2>
    <p class="hint" data-i18n="teach.bound.hint"></p>
    <div class="bound-cols">
      <div class="bound-point">
        <h3 data-i18n="teach.bound.point"></h3>
        <div class="data-controls">
          <div class="field"><label for="${id('pick')}" data-i18n="teach.bound.pick"></label>
            <input id="${id('pick')}" type="number" min="1" step="1" value="1" inputmode="numeric"></div>
          <button type="button" data-act="inspect" data-i18n="teach.bound.inspect"></button>
        </div>
        <p class="hint" data-out="none" data-i18n="teach.bound.none"></p>
        <div data-out="point" hidden>
          <p class="bound-of" data-out="of"></p>
          <div class="bound-sliders" data-out="sliders"></div>
          <div class="data-controls">
            <button type="button" data-act="posterior" data-i18n="teach.bound.toPosterior"></button>
            <button type="button" data-act="uniform" data-i18n="teach.bound.uniform"></button>
          </div>
          ${valuesTable('bound-point')}
        </div>
      </div>
      <div class="bound-data">
        <h3 data-out="data-title"></h3>
        <div class="field bound-from"><label for="${id('from')}" data-i18n="teach.bound.from"></label>
          <input id="${id('from')}" type="range" min="1" max="1" step="1" value="1"><output for="${id('from')}" data-out="from"></output></div>
        <button type="button" data-act="current" data-i18n="teach.bound.current"></button>
        ${valuesTable('bound-data')}
        <p class="hint" data-out="data-note" aria-live="polite"></p>
      </div>
    </div>`;
  instance.slot('stage').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const pick = q(`#${id('pick')}`);
  const from = q(`#${id('from')}`);
  let point = null;       // the row shown
  let fromIteration = null; // null: the current posterior

  const fill = (table, b, sum) => {
    for (const [name, v] of [['logP', b.logP], ['elbo', b.elbo], ['kl', b.kl], ['sum', sum]]) {
      const td = table.querySelector(`[data-v="${name}"]`);
      td.textContent = v === 0 ? '0' : fmt(v, 5);
      td.dataset.value = String(v);
    }
  };

  const sliders = () => [...q('[data-out="sliders"]').querySelectorAll('input')];
  const buildSliders = (k) => {
    const box = q('[data-out="sliders"]');
    if (sliders().length === k) return;
    box.innerHTML = Array.from({ length: k }, (_, j) => `
      <div class="bound-slider" style="--c:${palette[j % palette.length]}">
        <label for="${id(`q${j}`)}"><span class="swatch" style="background:${palette[j % palette.length]}"></span>${t('teach.bound.qk', { k: j + 1 })}</label>
        <input id="${id(`q${j}`)}" type="range" min="0" max="1" step="0.001" value="${(1 / k).toFixed(3)}">
        <output for="${id(`q${j}`)}"></output>
      </div>`).join('');
    for (const s of sliders()) s.addEventListener('input', renderPoint);
  };

  function renderPoint() {
    const has = point !== null && point < session.state().n;
    q('[data-out="none"]').hidden = has;
    q('[data-out="point"]').hidden = !has;
    if (!has) return;
    try {
      const k = session.state().k;
      buildSliders(k);
      const b = session.point_bound(point, sliders().map((s) => Number(s.value)));
      q('[data-out="of"]').textContent = t('teach.bound.of', { i: point + 1 });
      b.terms.forEach((term, j) => {
        const out = sliders()[j].nextElementSibling;
        out.textContent = fmt(term.q, 3);
        out.dataset.value = String(term.q);
      });
      fill(q('[data-testid="bound-point"]'), b, b.elbo + b.kl);
      panel.dataset.point = String(point);
    } catch (err) { instance.showRunError(err); }
  }

  function renderData() {
    try {
      let b = session.data_bound(fromIteration);
      const its = b.iterations;
      if (fromIteration !== null && !its.includes(fromIteration)) { fromIteration = null; b = session.data_bound(null); }
      q('[data-out="data-title"]').textContent = t('teach.bound.data', { n: b.n });
      from.disabled = its.length === 0;
      from.min = its.length ? String(its[0]) : '1';
      from.max = its.length ? String(its[its.length - 1]) : '1';
      if (fromIteration !== null) from.value = String(fromIteration);
      else if (its.length) from.value = from.max;
      q('[data-out="from"]').textContent = fromIteration === null ? '—' : String(fromIteration);
      fill(q('[data-testid="bound-data"]'), b, b.elbo + b.kl);
      q('[data-out="data-note"]').textContent = its.length === 0 ? t('teach.bound.noE')
        : fromIteration === null ? t('teach.bound.dataNoteNow', { it: b.iteration })
          : t('teach.bound.dataNote', { it: b.iteration, t: fromIteration, what: t('teach.bound.older') });
      panel.dataset.fromIteration = fromIteration === null ? '' : String(fromIteration);
    } catch (err) { instance.showRunError(err); }
  }

  const render = () => { renderPoint(); renderData(); };

  q('[data-act="posterior"]').addEventListener('click', () => {
    if (point === null) return;
    try {
      const b = session.point_bound(point, sliders().map((s) => Number(s.value)));
      b.terms.forEach((term, j) => { sliders()[j].value = String(term.posterior); });
      renderPoint();
    } catch (err) { instance.showRunError(err); }
  });
  q('[data-act="uniform"]').addEventListener('click', () => {
    for (const s of sliders()) s.value = s.max;
    renderPoint();
  });
  q('[data-act="inspect"]').addEventListener('click', () => {
    const i = Number(pick.value) - 1;
    const n = session.state().n;
    if (!Number.isInteger(i) || i < 0 || i >= n) { pick.setAttribute('aria-invalid', 'true'); return; }
    pick.setAttribute('aria-invalid', 'false');
    if (instance.inspectPoint) instance.inspectPoint(i);
    else { point = i; render(); }
  });
  from.addEventListener('input', () => { fromIteration = Number(from.value); renderData(); });
  q('[data-act="current"]').addEventListener('click', () => { fromIteration = null; renderData(); });

  instance.on('inspect', (i) => {
    if (i === null) return; // closing the inspector keeps the point here
    point = i;
    pick.value = String(i + 1);
    renderPoint();
  });
  instance.on('load', () => { point = null; fromIteration = null; q('[data-out="sliders"]').innerHTML = ''; });
  instance.on('restart', () => { fromIteration = null; q('[data-out="sliders"]').innerHTML = ''; });
  instance.on('refresh', render);
  onLang(() => { q('[data-out="sliders"]').innerHTML = ''; render(); });
}
