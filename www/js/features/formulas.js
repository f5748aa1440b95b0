// §5.4 — EM for a GMM, as the slides apply it (chapter section 'gmmEm'): what the book's code
// maximises, (1/N) Σₙ log Σⱼ φⱼ 𝒩(x⁽ⁿ⁾; μⱼ, Σⱼ), live; the flow θ_old → q(z) = p_θold(z | x) →
// ELBO(X; θ, q) → θ*, the half-step shown lit; 2) the marginal p_θ(x); 3) the E-step; 4) eq. 5.8,
// the M-step's objective, with its value at θ_old and at the new θ; 5) its derivative in μₖ set to
// 0 and the closed-form updates, its maximiser, with ∂J/∂μₖ at θ_old and at the new θ (0). The
// figure of the half-step shown is highlighted (class "current", aria-current="step"). Every
// number comes from Session.m_objective and state().
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';
import { skipWhilePlaying } from '../panel.js';
import {
  row, mi, mo, mn, sub, sup, frac, sum, paren, brace, block, lines, log, theta, thetaOld, x, xn, pt,
  zk, given, qn, phi, mu, cov, normal, elbo, expect, eq, mtext, tag,
} from '../math.js';

register({
  en: {
    'teach.formulas.title': '{sec:gmmEm} EM for the parameters of a GMM',
    'teach.formulas.summary': 'What the book\'s code maximises: the mean log-likelihood',
    'teach.formulas.summaryNow': 'Now: {value} (the status line\'s number).',
    'teach.formulas.flow': 'One iteration',
    'teach.formulas.flowOld': 'θ_{old}',
    'teach.formulas.flowQ': 'q(z) = p_{θ_{old}}(z | x)',
    'teach.formulas.flowElbo': 'ELBO(X; θ, q)',
    'teach.formulas.flowNew': 'θ*',
    'teach.formulas.flowE': 'E-step',
    'teach.formulas.flowM': 'M-step',
    'teach.formulas.params': '1) The parameters θ = {φ, μ, Σ}: the components table.',
    'teach.formulas.marginal': '2) The model, by marginalization and the product rule',
    'teach.formulas.E': '3) E-step: the responsibilities',
    'teach.formulas.Enote': 'With θ fixed, each point\'s q⁽ⁿ⁾(z) becomes the posterior p_{θ}(z | x⁽ⁿ⁾) (Bayes\' theorem): D_{KL} = 0, so the ELBO touches log p_{θ}(x).',
    'teach.formulas.objective': '4) M-step: the objective J(θ) ({eq:mObjective})',
    'teach.formulas.objectiveNote': 'q is fixed to p_{θ_{old}}(z | x), the E-step\'s; J is the ELBO as a function of θ alone.',
    'teach.formulas.objectiveStart': 'At the start there is no q yet: take an E-step.',
    'teach.formulas.objectiveE': 'After this E-step θ = θ_{old}: J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) = {logp} (J sums the ELBO over the N = {n} points). The M-step will raise it.',
    'teach.formulas.objectiveM': 'J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) → J(θ_{new}) = {new}: the M-step raised it by {gain}; and Σₙ log p_{θ_{new}}(x⁽ⁿ⁾) = {logp} ≥ J(θ_{new}) (J sums the ELBO over the N = {n} points).',
    'teach.formulas.M': '5) Setting its derivative to 0: the updates, J\'s maximiser',
    'teach.formulas.Mnote': 'Each update is where ∂J/∂(parameter) = 0 (φ under Σₖ φₖ = 1). The new μₖ is the q-weighted mean of the points, so ∂J/∂μₖ vanishes there:',
    'teach.formulas.gradHead': 'k',
    'teach.formulas.gradNk': 'Σₙ q⁽ⁿ⁾(k)',
    'teach.formulas.gradOld': '‖∂J/∂μₖ‖ at θ_{old}',
    'teach.formulas.gradNew': '‖∂J/∂μₖ‖ at θ_{new}',
  },
  ko: {
    'teach.formulas.title': '{sec:gmmEm} GMM 파라미터 추정에 EM 알고리즘 적용',
    'teach.formulas.summary': '책의 코드가 최대화하는 것: 점당 평균 로그 가능도',
    'teach.formulas.summaryNow': '지금: {value} (상태 줄의 값).',
    'teach.formulas.flow': '반복 한 번',
    'teach.formulas.flowOld': 'θ_{old}',
    'teach.formulas.flowQ': 'q(z) = p_{θ_{old}}(z | x)',
    'teach.formulas.flowElbo': 'ELBO(X; θ, q)',
    'teach.formulas.flowNew': 'θ*',
    'teach.formulas.flowE': 'E 단계',
    'teach.formulas.flowM': 'M 단계',
    'teach.formulas.params': '1) 파라미터 θ = {φ, μ, Σ}: 성분 표에 있습니다.',
    'teach.formulas.marginal': '2) 주변화와 확률 곱셈 정리로 쓴 모델',
    'teach.formulas.E': '3) E 단계: 부담률',
    'teach.formulas.Enote': 'θ를 고정하고 각 점의 q⁽ⁿ⁾(z)를 사후 분포 p_{θ}(z | x⁽ⁿ⁾)로 정합니다(베이즈 정리). 그러면 D_{KL} = 0이 되어 ELBO가 log p_{θ}(x)에 닿습니다.',
    'teach.formulas.objective': '4) M 단계: 목표 함수 J(θ) ({eq:mObjective})',
    'teach.formulas.objectiveNote': 'q는 E 단계에서 정한 p_{θ_{old}}(z | x)로 고정되어 있고, J는 θ만의 함수로 본 ELBO입니다.',
    'teach.formulas.objectiveStart': '시작 시점에는 아직 q가 없습니다. E 단계를 실행하세요.',
    'teach.formulas.objectiveE': '이 E 단계 후 θ = θ_{old}: J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) = {logp} (J는 점 N = {n}개의 ELBO를 더한 값). M 단계가 이 값을 끌어올립니다.',
    'teach.formulas.objectiveM': 'J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) → J(θ_{new}) = {new}: M 단계가 J를 {gain} 올렸습니다. 그리고 Σₙ log p_{θ_{new}}(x⁽ⁿ⁾) = {logp} ≥ J(θ_{new})입니다(J는 점 N = {n}개의 ELBO를 더한 값).',
    'teach.formulas.M': '5) 도함수를 0으로 두어 J를 최대화하는 θ 구하기 (업데이트 식)',
    'teach.formulas.Mnote': '각 업데이트 식은 ∂J/∂(파라미터) = 0인 곳입니다(φ는 Σₖ φₖ = 1이라는 제약 조건 아래에서). 새 μₖ는 q로 가중한 점들의 평균이므로 거기서 ∂J/∂μₖ가 0이 됩니다:',
    'teach.formulas.gradHead': 'k',
    'teach.formulas.gradNk': 'Σₙ q⁽ⁿ⁾(k)',
    'teach.formulas.gradOld': 'θ_{old}에서 ‖∂J/∂μₖ‖',
    'teach.formulas.gradNew': 'θ_{new}에서 ‖∂J/∂μₖ‖',
  },
  ja: {
    'teach.formulas.title': '{sec:gmmEm} GMMとEMアルゴリズム：GMMのパラメータの推定',
    'teach.formulas.summary': '本書のコードが最大化するもの：平均対数尤度',
    'teach.formulas.summaryNow': '現在：{value}（ステータス行の値）。',
    'teach.formulas.flow': '1回の反復',
    'teach.formulas.flowOld': 'θ_{old}',
    'teach.formulas.flowQ': 'q(z) = p_{θ_{old}}(z | x)',
    'teach.formulas.flowElbo': 'ELBO(X; θ, q)',
    'teach.formulas.flowNew': 'θ*',
    'teach.formulas.flowE': 'Eステップ',
    'teach.formulas.flowM': 'Mステップ',
    'teach.formulas.params': '1) パラメータ θ = {φ, μ, Σ}：成分の表にあります。',
    'teach.formulas.marginal': '2) 周辺化と確率の乗法定理で表したモデル',
    'teach.formulas.E': '3) Eステップ：負担率',
    'teach.formulas.Enote': 'θ を固定し、各点の q⁽ⁿ⁾(z) を事後分布 p_{θ}(z | x⁽ⁿ⁾) にします（ベイズの定理）。すると D_{KL} = 0 となり、ELBOが log p_{θ}(x) に接します。',
    'teach.formulas.objective': '4) Mステップ：目的関数 J(θ)（{eq:mObjective}）',
    'teach.formulas.objectiveNote': 'q はEステップで決めた p_{θ_{old}}(z | x) に固定されています。J は、θ だけの関数として見たELBOです。',
    'teach.formulas.objectiveStart': '初期状態では、まだ q がありません。Eステップを実行してください。',
    'teach.formulas.objectiveE': 'このEステップの後は θ = θ_{old}：J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) = {logp}（J は N = {n} 個の点のELBOの和）。Mステップがこの値を引き上げます。',
    'teach.formulas.objectiveM': 'J(θ_{old}) = {old} = Σₙ log p_{θ_{old}}(x⁽ⁿ⁾) → J(θ_{new}) = {new}：Mステップで {gain} だけ上がりました。そして Σₙ log p_{θ_{new}}(x⁽ⁿ⁾) = {logp} ≥ J(θ_{new}) です（J は N = {n} 個の点のELBOの和）。',
    'teach.formulas.M': '5) 微分して 0 とおく：更新式、すなわち J を最大化する θ',
    'teach.formulas.Mnote': '各更新式は ∂J/∂(パラメータ) = 0 となる点です（φ は Σₖ φₖ = 1 という制約のもとで）。新しい μₖ は q による点の加重平均なので、そこでは ∂J/∂μₖ が 0 になります：',
    'teach.formulas.gradHead': 'k',
    'teach.formulas.gradNk': 'Σₙ q⁽ⁿ⁾(k)',
    'teach.formulas.gradOld': 'θ_{old} での ‖∂J/∂μₖ‖',
    'teach.formulas.gradNew': 'θ_{new} での ‖∂J/∂μₖ‖',
  },
});

// The equations, in the slides' notation.
const S = (k) => row(sum('n', 1, 'N'), qn(mi(k)));
const MEAN_LL = block(
  frac(mn(1), mi('N')), sum('n', 1, 'N'), log, sum('j', 1, 'K'), phi('j'), normal(xn(), 'j'),
);
const MARGINAL = lines(
  [pt(x), row(eq, sum('j', 1, 'K'), pt(row(x, mo(','), zk('j'))))],
  ['', row(eq, sum('j', 1, 'K'), pt(zk('j')), pt(given(x, zk('j'))))],
  ['', row(eq, sum('j', 1, 'K'), phi('j'), normal(x, 'j'))],
);
const E_STEP = lines(
  [qn(zk()), row(eq, pt(given(zk(), xn())))],
  ['', row(eq, frac(pt(row(xn(), mo(','), zk())), pt(xn())))],
  ['', row(eq, frac(row(phi(), normal(xn())), row(sum('j', 1, 'K'), phi('j'), normal(xn(), 'j'))))],
);
const POST_OLD = pt(given(mi('z'), x), thetaOld);
const OBJECTIVE = lines(
  [elbo(row(x, mo(';'), mi('q'), mo('='), POST_OLD, mo(','), theta)),
    row(eq, sum('z'), POST_OLD, log, frac(pt(row(x, mo(','), mi('z'))), POST_OLD))],
  ['', row(eq, expect(POST_OLD, row(log, frac(pt(row(x, mo(','), mi('z'))), POST_OLD)))), tag('mObjective')],
);
const DIFF = paren(xn(), mo('−'), mu());
const M_STEP = block(frac(row(mo('∂'), mi('J')), row(mo('∂'), mu())), eq, sum('n', 1, 'N'), qn(mi('k')), sup(cov(), row(mo('−'), mn(1))), DIFF,
  eq, mn(0), mtext('&#8195;∴&#8195;'), mu(), eq, frac(row(sum('n', 1, 'N'), qn(mi('k')), xn()), S('k')))
  + lines(
    [cov(), row(eq, frac(row(sum('n', 1, 'N'), qn(mi('k')), DIFF, sup(DIFF, mi('⊤'))), S('k')))],
    [phi(), row(eq, frac(mn(1), mi('N')), sum('n', 1, 'N'), qn(mi('k')))],
  );
const THETA = block(theta, eq, brace(mi('φ'), mo(','), mi('μ'), mo(','), mi('Σ')));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`formulas-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-formulas';
  panel.setAttribute('aria-labelledby', id('title'));
  const flowBox = (key, phase) => `<li data-phase="${phase}"><span data-i18n="teach.formulas.${key}"></span></li>`;
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.formulas.title"></h2>
    <figure class="formula summary">
      <figcaption><strong data-i18n="teach.formulas.summary"></strong></figcaption>
      ${MEAN_LL}
      <p class="note" data-out="summary"></p>
    </figure>
    <div class="formula-flow" role="group" aria-labelledby="${id('flow')}">
      <span id="${id('flow')}" class="visually-hidden" data-i18n="teach.formulas.flow"></span>
      <ol>
        ${flowBox('flowOld', 'E')}<li class="arrow" data-phase="E"><span data-i18n="teach.formulas.flowE"></span> →</li>
        ${flowBox('flowQ', 'E')}<li class="arrow" data-phase="M">→</li>
        ${flowBox('flowElbo', 'M')}<li class="arrow" data-phase="M"><span data-i18n="teach.formulas.flowM"></span> →</li>
        ${flowBox('flowNew', 'M')}
      </ol>
    </div>
    <p class="note" data-i18n="teach.formulas.params"></p>
    ${THETA}
    <figure class="formula marginal">
      <figcaption><strong data-i18n="teach.formulas.marginal"></strong></figcaption>
      ${MARGINAL}
    </figure>
    <div class="formula-steps">
      <figure class="formula" data-phase="E" aria-labelledby="${id('E')}">
        <figcaption><strong id="${id('E')}" data-i18n="teach.formulas.E"></strong>
          <span class="note" data-i18n="teach.formulas.Enote"></span></figcaption>
        ${E_STEP}
      </figure>
      <figure class="formula" data-phase="M" aria-labelledby="${id('M')}">
        <figcaption><strong id="${id('M')}" data-i18n="teach.formulas.objective"></strong>
          <span class="note" data-i18n="teach.formulas.objectiveNote"></span></figcaption>
        ${OBJECTIVE}
        <p class="live-values" data-testid="m-objective" aria-live="polite"></p>
        <h3 data-i18n="teach.formulas.M"></h3>
        <p class="note" data-i18n="teach.formulas.Mnote"></p>
        ${M_STEP}
        <table class="m-gradient" data-testid="m-gradient">
          <thead><tr><th scope="col" data-i18n="teach.formulas.gradHead"></th><th scope="col" data-i18n="teach.formulas.gradNk"></th>
            <th scope="col" data-i18n="teach.formulas.gradOld"></th><th scope="col" data-i18n="teach.formulas.gradNew"></th></tr></thead>
          <tbody></tbody>
        </table>
      </figure>
    </div>`;
  instance.chapter('gmmEm').append(panel);
  translate(panel);

  const out = (name) => panel.querySelector(`[data-out="${name}"]`);
  const objective = panel.querySelector('[data-testid="m-objective"]');
  const gradients = panel.querySelector('[data-testid="m-gradient"] tbody');
  const { palette } = instance.rules;

  const highlight = (phase) => {
    for (const el of panel.querySelectorAll('.formula[data-phase], .formula-flow li')) {
      const current = el.dataset.phase === phase;
      el.classList.toggle('current', current);
      if (el.matches('.formula')) {
        if (current) el.setAttribute('aria-current', 'step');
        else el.removeAttribute('aria-current');
      }
    }
  };

  const render = (state = instance.session.state()) => {
    highlight(state.phase);
    setRich(out('summary'), tRich('teach.formulas.summaryNow', { value: fmt(state.logLikelihood, 5) }));
    if (!instance.isShown(panel) || skipWhilePlaying(instance, state)) return;
    try {
      const { objective: o } = instance.session.chapter({ objective: true });
      panel.dataset.objective = JSON.stringify({ atOld: o.atOld, atNew: o.atNew, logPOld: o.logPOld, logPNew: o.logPNew });
      if (!o.available) {
        setRich(objective, tRich('teach.formulas.objectiveStart'));
      } else if (o.atNew === null || o.atNew === undefined) {
        setRich(objective, tRich('teach.formulas.objectiveE', { old: fmt(o.atOld, 6), logp: fmt(o.logPOld, 6), n: o.n }));
      } else {
        setRich(objective, tRich('teach.formulas.objectiveM', {
          old: fmt(o.atOld, 6), new: fmt(o.atNew, 6), gain: fmt(o.atNew - o.atOld, 4), logp: fmt(o.logPNew, 6), n: o.n,
        }));
      }
      gradients.innerHTML = o.components.map((c) => `<tr style="--c:${palette[c.k % palette.length]}">
        <th scope="row"><span class="swatch" style="background:${palette[c.k % palette.length]}"></span>${c.k + 1}</th>
        <td>${fmt(c.nK, 4)}</td><td data-value="${c.normAtOld}">${fmt(c.normAtOld, 4)}</td>
        <td data-value="${c.normAtNew ?? ''}">${c.normAtNew === null || c.normAtNew === undefined ? '—' : fmt(c.normAtNew, 2)}</td></tr>`).join('');
    } catch (err) { instance.showRunError(err); }
  };

  instance.on('refresh', render);
  instance.on('section', () => render());
  onLang(() => render());
}
