// The formulas beside the steps (slot 'stage'): the E-step (responsibilities) and the M-step
// (weights, means, covariances) as real MathML, with captions in the page's language. The block of
// the half-step shown is highlighted (class "current" + aria-current="step"); none at the start.
import { register, translate } from '../i18n.js';

register({
  en: {
    'teach.formulas.title': 'The two steps',
    'teach.formulas.E': 'E-step: responsibilities',
    'teach.formulas.Enote': 'For every point x, how much each component k is responsible for it: q(z = k) = p(z = k | x; θ).',
    'teach.formulas.M': 'M-step: new parameters (eq. 5.8)',
    'teach.formulas.Mnote': 'Mixing weights, means and covariances re-estimated from the responsibilities qₙₖ of the N points.',
  },
  ko: {
    'teach.formulas.title': '두 단계의 수식',
    'teach.formulas.E': 'E 단계: 책임(부담률) 계산',
    'teach.formulas.Enote': '각 점 x에 대해 성분 k가 그 점을 얼마나 책임지는지 구합니다: q(z = k) = p(z = k | x; θ).',
    'teach.formulas.M': 'M 단계: 매개변수 갱신 (식 5.8)',
    'teach.formulas.Mnote': 'N개 점의 부담률 qₙₖ로 혼합 가중치, 평균, 공분산을 다시 추정합니다.',
  },
});

// Tiny MathML builders (markup only).
const mi = (s) => `<mi>${s}</mi>`;
const mo = (s) => `<mo>${s}</mo>`;
const mn = (s) => `<mn>${s}</mn>`;
const row = (...xs) => `<mrow>${xs.join('')}</mrow>`;
const sub = (a, b) => `<msub>${a}${b}</msub>`;
const frac = (a, b) => `<mfrac>${a}${b}</mfrac>`;
const sum = (i, from, to) => `<munderover>${mo('∑')}${row(mi(i), mo('='), mn(from))}${mi(to)}</munderover>`;
const normal = (x, k) => row(mi('𝒩'), mo('('), x, mo(';'), sub(mi('μ'), mi(k)), mo(','), sub(mi('Σ'), mi(k)), mo(')'));
const q = sub(mi('q'), row(mi('n'), mi('k')));
const xn = sub(mi('x'), mi('n'));
const block = (...rows) => `<math display="block">${row(...rows)}</math>`;

const E_STEP = block(
  mi('q'), mo('('), mi('z'), mo('='), mi('k'), mo(')'), mo('='),
  frac(row(sub(mi('φ'), mi('k')), normal(mi('x'), 'k')),
    row(sum('j', 1, 'K'), sub(mi('φ'), mi('j')), normal(mi('x'), 'j'))),
);
const SUM_Q = row(sum('n', 1, 'N'), q);
const DIFF = row(mo('('), xn, mo('−'), sub(mi('μ'), mi('k')), mo(')'));
const M_STEP = [
  block(sub(mi('φ'), mi('k')), mo('='), frac(mn(1), mi('N')), sum('n', 1, 'N'), q),
  block(sub(mi('μ'), mi('k')), mo('='), frac(row(sum('n', 1, 'N'), q, xn), SUM_Q)),
  block(sub(mi('Σ'), mi('k')), mo('='),
    frac(row(sum('n', 1, 'N'), q, DIFF, `<msup>${DIFF}${mi('T')}</msup>`), SUM_Q)),
].join('');

export function install(instance) {
  const id = (n) => instance.id(`formulas-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-formulas';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.formulas.title"></h2>
    <div class="formula-steps">
      <figure class="formula" data-phase="E" aria-labelledby="${id('E')}">
        <figcaption><strong id="${id('E')}" data-i18n="teach.formulas.E"></strong>
          <span class="note" data-i18n="teach.formulas.Enote"></span></figcaption>
        ${E_STEP}
      </figure>
      <figure class="formula" data-phase="M" aria-labelledby="${id('M')}">
        <figcaption><strong id="${id('M')}" data-i18n="teach.formulas.M"></strong>
          <span class="note" data-i18n="teach.formulas.Mnote"></span></figcaption>
        ${M_STEP}
      </figure>
    </div>`;
  instance.slot('stage').append(panel);
  translate(panel);

  instance.on('refresh', (state) => {
    for (const fig of panel.querySelectorAll('.formula')) {
      const current = fig.dataset.phase === state.phase;
      fig.classList.toggle('current', current);
      if (current) fig.setAttribute('aria-current', 'step');
      else fig.removeAttribute('aria-current');
    }
  });
}
