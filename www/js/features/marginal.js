// §5.2.1 — a model with a latent variable (chapter section 'derivation1'): the observed variable x
// and the latent variable z; marginalization, log p_θ(x) = log Σ_z p_θ(x, z), for the chosen point
// and summed over the data; why the log of a sum is the problem and the sum of logs the way out
// (the point's log Σₖ φₖ𝒩 beside Σₖ q(k) log (φₖ𝒩 / q(k)), split into each component's terms);
// the product rule, log p_θ(x) = log p_θ(x, z = k) − log p_θ(z = k | x) for every k; Bayes'
// theorem, p_θ(z = k | x) = p_θ(x, z = k) / Σ_z p_θ(x, z). Every number comes from
// Session.point_bound (emviz_app::bound) and state().
import { register, t } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel } from '../panel.js';
import { pointPicker } from '../pointpick.js';
import {
  row, mi, mo, frac, sum, sumUnder, sup, block, lines, log, x, xn, pt, given, phi, normal, eq, paren, q,
} from '../math.js';

register({
  en: {
    'teach.marginal.title': '{sec:latent} A model with a latent variable',
    'teach.marginal.s1': 'The EM algorithm updates the parameters θ of a probability model that has latent variables.',
    'teach.marginal.s2': 'The observed variable x is the data we observed; the latent variable z is what really produces x and cannot be observed. In a GMM, z = k is the Gaussian distribution that produced x.',
    'teach.marginal.s2live': 'Here x = ({names}) is one data point and z ∈ {zs} the component it came from — hidden{labels}.',
    'teach.marginal.labelsKnown': ' (these generated data keep it: see the blog section\'s true labels)',
    'teach.marginal.s3': 'Marginalization: the probability model written with the latent variable,',
    'teach.marginal.s3live': 'Point {i}: p_{θ}(x, z = k) = {joints}; their sum p_{θ}(x) = {p}; log p_{θ}(x) = {logp}.',
    'teach.marginal.s4': 'The log-likelihood of the observed samples D = {x⁽¹⁾, …, x⁽ᴺ⁾}:',
    'teach.marginal.s4live': 'Now: log p_{θ}(D) = {total} (the sum over the N = {n} points; the status line shows it divided by N).',
    'teach.marginal.s5': 'A log of a sum: it cannot be solved analytically. In log Σₖ φₖ𝒩(x; μₖ, Σₖ) every component\'s parameters sit inside one log, and setting its derivative to 0 gives no closed form. Change it into a sum of logs — with any q(z) ({sec:anyQ}):',
    'teach.marginal.s5live': 'Point {i}, with its q⁽ⁿ⁾(z) of the last E-step ({from}): log of the sum {logsum}; sum of logs Σₖ q(k) log (φₖ𝒩 / q(k)) = {sumlog} ({relation}).',
    'teach.marginal.equal': 'equal: q is the posterior under the parameters shown',
    'teach.marginal.lower': 'lower: the parameters moved since q was set',
    'teach.marginal.fromE': 'the colour of the point',
    'teach.marginal.fromPost': 'no E-step yet: the posterior',
    'teach.marginal.s5split': 'The sum of logs splits into terms that each hold one component\'s parameters — q(k) log φₖ + q(k) log 𝒩(x; μₖ, Σₖ) − q(k) log q(k) — and log 𝒩 is a quadratic in μₖ: each has a maximizer in closed form, the M-step ({sec:gmmEm}).',
    'teach.marginal.k': 'k',
    'teach.marginal.qlogphi': 'q(k) log φₖ',
    'teach.marginal.qlogn': 'q(k) log 𝒩(x; μₖ, Σₖ)',
    'teach.marginal.qlogq': '−q(k) log q(k)',
    'teach.marginal.s6': 'The product rule of probability turns the log-likelihood into a ratio with the latent variable:',
    'teach.marginal.s6note': 'For a GMM, p_{θ}(z = k | x) — the probability that the observed x came from the k-th Gaussian distribution — can be computed:',
    'teach.marginal.joint': 'log p_{θ}(x, z = k)',
    'teach.marginal.post': 'log p_{θ}(z = k | x)',
    'teach.marginal.diff': 'difference = log p_{θ}(x)',
    'teach.marginal.s7': 'Bayes\' theorem gives it; when z is continuous or takes very many values the sum may be hard or impossible to compute:',
    'teach.marginal.s7live': 'Point {i}: {ratios}.',
  },
  ko: {
    'teach.marginal.title': '{sec:latent} 잠재 변수가 있는 모델',
    'teach.marginal.s1': 'EM 알고리즘은 잠재 변수가 있는 확률 모델을 대상으로 파라미터 θ를 갱신하는 방식입니다.',
    'teach.marginal.s2': '관측 변수 x는 우리가 관찰한 데이터이고, 잠재 변수 z는 실질적으로 x를 생성하게 하는 본질적인 값으로 우리가 관측할 수 없습니다. GMM에서는 관측 데이터 x를 생성한 특정 가우시안 분포 z = k입니다.',
    'teach.marginal.s2live': '여기서 x = ({names})는 데이터 점 하나이고, z ∈ {zs}는 그 점이 나온 성분으로 숨겨져 있습니다{labels}.',
    'teach.marginal.labelsKnown': '(생성한 데이터라 이 값을 간직하고 있습니다: 블로그 절의 실제 레이블을 보세요)',
    'teach.marginal.s3': '확률의 주변화: 잠재 변수를 사용해서 확률 모델을 표현하면',
    'teach.marginal.s3live': '{i}번 점: p_{θ}(x, z = k) = {joints}; 그 합 p_{θ}(x) = {p}; log p_{θ}(x) = {logp}.',
    'teach.marginal.s4': '관찰된 데이터 샘플 D = {x⁽¹⁾, …, x⁽ᴺ⁾}의 로그 가능도:',
    'teach.marginal.s4live': '지금: log p_{θ}(D) = {total} (점 N = {n}개의 합; 상태 줄에는 N으로 나눈 값이 나옵니다).',
    'teach.marginal.s5': '로그-합 형태라 해석적으로 풀 수 없습니다. log Σₖ φₖ𝒩(x; μₖ, Σₖ)에서는 모든 성분의 파라미터가 로그 하나 안에 들어 있어 도함수를 0으로 두어도 닫힌 해가 나오지 않습니다. 그래서 임의의 q(z)로 합-로그 형태로 변형합니다({sec:anyQ}):',
    'teach.marginal.s5live': '{i}번 점, 마지막 E 단계의 q⁽ⁿ⁾(z) ({from}): 로그-합 {logsum}; 합-로그 Σₖ q(k) log (φₖ𝒩 / q(k)) = {sumlog} ({relation}).',
    'teach.marginal.equal': '같음: q가 지금 파라미터에서의 사후 분포입니다',
    'teach.marginal.lower': '더 작음: q를 정한 뒤 파라미터가 바뀌었습니다',
    'teach.marginal.fromE': '점의 색',
    'teach.marginal.fromPost': '아직 E 단계 전: 사후 분포',
    'teach.marginal.s5split': '합-로그 형태는 성분 하나의 파라미터만 담은 항들로 나뉩니다 — q(k) log φₖ + q(k) log 𝒩(x; μₖ, Σₖ) − q(k) log q(k). log 𝒩는 μₖ에 대한 이차식이므로 각 항의 최대화 해가 닫힌 형태로 나옵니다: M 단계({sec:gmmEm}).',
    'teach.marginal.k': 'k',
    'teach.marginal.qlogphi': 'q(k) log φₖ',
    'teach.marginal.qlogn': 'q(k) log 𝒩(x; μₖ, Σₖ)',
    'teach.marginal.qlogq': '−q(k) log q(k)',
    'teach.marginal.s6': '확률 곱셈 정리로 로그 가능도를 잠재 변수가 들어간 비(분수 꼴)로 바꿉니다:',
    'teach.marginal.s6note': 'p_{θ}(x)가 GMM이라면, 관측 데이터 x가 z = k번째 가우시안 분포에서 나왔을 확률 p_{θ}(z = k | x)를 계산할 수 있습니다:',
    'teach.marginal.joint': 'log p_{θ}(x, z = k)',
    'teach.marginal.post': 'log p_{θ}(z = k | x)',
    'teach.marginal.diff': '차 = log p_{θ}(x)',
    'teach.marginal.s7': '참고: 베이즈 정리. z가 연속이거나 수가 많은 경우에는 계산이 복잡하거나 불가능할 수 있습니다:',
    'teach.marginal.s7live': '{i}번 점: {ratios}.',
  },
  ja: {
    'teach.marginal.title': '{sec:latent} 潜在変数を持つモデル',
    'teach.marginal.s1': 'EMアルゴリズムは、潜在変数を持つ確率モデルを対象に、パラメータ θ を更新していく手法です。',
    'teach.marginal.s2': '観測変数 x は、私たちが観測したデータです。潜在変数 z は、実際に x を生み出している本質的な値で、私たちには観測できません。GMMでは、z = k は x を生成した正規分布です。',
    'teach.marginal.s2live': 'ここで x = ({names}) は1つのデータ点、z ∈ {zs} はその点が生成された成分で、観測できません{labels}。',
    'teach.marginal.labelsKnown': '（ただし、生成したデータではこの値が残っています。ブログの節の真のラベルを参照）',
    'teach.marginal.s3': '周辺化：潜在変数を使って確率モデルを表すと、',
    'teach.marginal.s3live': '点 {i}：p_{θ}(x, z = k) = {joints}。その和 p_{θ}(x) = {p}、log p_{θ}(x) = {logp}。',
    'teach.marginal.s4': '観測されたサンプル D = {x⁽¹⁾, …, x⁽ᴺ⁾} の対数尤度：',
    'teach.marginal.s4live': '現在：log p_{θ}(D) = {total}（N = {n} 個の点の和。ステータス行にはこれを N で割った値が表示されます）。',
    'teach.marginal.s5': 'log-sum の形（log の中に和がある形）なので、解析的には解けません。log Σₖ φₖ𝒩(x; μₖ, Σₖ) では、すべての成分のパラメータが1つの log の中に入っていて、微分して 0 とおいても閉じた形の解が得られません。そこで任意の q(z) を使って、sum-log の形（和の中に log がある形）に変形します（{sec:anyQ}）：',
    'teach.marginal.s5live': '点 {i}、直前のEステップの q⁽ⁿ⁾(z)（{from}）：log-sum {logsum}、sum-log Σₖ q(k) log (φₖ𝒩 / q(k)) = {sumlog}（{relation}）。',
    'teach.marginal.equal': '等しい：q は表示中のパラメータでの事後分布です',
    'teach.marginal.lower': '小さい：q を決めた後でパラメータが動きました',
    'teach.marginal.fromE': '点の色',
    'teach.marginal.fromPost': 'まだEステップの前：事後分布',
    'teach.marginal.s5split': 'sum-log の形は、それぞれ1つの成分のパラメータだけを含む項に分かれます — q(k) log φₖ + q(k) log 𝒩(x; μₖ, Σₖ) − q(k) log q(k)。log 𝒩 は μₖ の2次式なので、どの項も閉じた形で最大化できます。これがMステップです（{sec:gmmEm}）。',
    'teach.marginal.k': 'k',
    'teach.marginal.qlogphi': 'q(k) log φₖ',
    'teach.marginal.qlogn': 'q(k) log 𝒩(x; μₖ, Σₖ)',
    'teach.marginal.qlogq': '−q(k) log q(k)',
    'teach.marginal.s6': '確率の乗法定理を使うと、対数尤度を潜在変数を含む比で表せます：',
    'teach.marginal.s6note': 'GMMなら、観測された x が k 番目の正規分布から生成された確率 p_{θ}(z = k | x) を計算できます：',
    'teach.marginal.joint': 'log p_{θ}(x, z = k)',
    'teach.marginal.post': 'log p_{θ}(z = k | x)',
    'teach.marginal.diff': '差 = log p_{θ}(x)',
    'teach.marginal.s7': 'これはベイズの定理で求まります。ただし、z が連続の場合や取りうる値が非常に多い場合には、この和の計算は難しい、あるいは不可能なことがあります：',
    'teach.marginal.s7live': '点 {i}：{ratios}。',
  },
});

const zSum = (...body) => row(sum('z'), ...body);
const zn = sup(mi('z'), paren(mi('n')));
const MARGINAL = block(log, pt(x), eq, log, zSum(pt(row(x, mo(','), mi('z')))));
const DATA_LL = lines(
  [row(log, pt(mi('𝒟'))), row(eq, log, paren(pt(xn('1')), pt(xn('2')), mo('⋯'), pt(xn('N'))))],
  ['', row(eq, sum('n', 1, 'N'), log, pt(xn()))],
  ['', row(eq, sum('n', 1, 'N'), log, sumUnder(zn), pt(row(xn(), mo(','), zn)))],
);
const SPLIT = block(log, sum('k'), phi(), normal(), mo('⟶'), sum('k'), q(mi('k')), log, frac(row(phi(), normal()), q(mi('k'))));
const PRODUCT = block(log, pt(x), eq, log, frac(pt(row(x, mo(','), mi('z'))), pt(given(mi('z'), x))));
const BAYES = block(pt(given(mi('z'), x)), eq, frac(pt(row(x, mo(','), mi('z'))), zSum(pt(row(x, mo(','), mi('z'))))));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'derivation1',
    name: 'marginal',
    title: 'teach.marginal.title',
    steps: [
      { text: 'teach.marginal.s1' },
      { text: 'teach.marginal.s2', live: 's2' },
      { text: 'teach.marginal.s3', math: MARGINAL, live: 's3', id: 'marginal' },
      { text: 'teach.marginal.s4', math: DATA_LL, live: 's4' },
      {
        text: 'teach.marginal.s5', math: SPLIT, live: 's5', id: 'logsum',
        html: `<p data-i18n="teach.marginal.s5split"></p>
          <table class="chapter-table" data-testid="marginal-split"><thead><tr>
            <th scope="col" data-i18n="teach.marginal.k"></th><th scope="col" data-i18n="teach.marginal.qlogphi"></th>
            <th scope="col" data-i18n="teach.marginal.qlogn"></th><th scope="col" data-i18n="teach.marginal.qlogq"></th></tr></thead><tbody></tbody></table>`,
      },
      {
        text: 'teach.marginal.s6', math: PRODUCT, id: 'product',
        html: `<p data-i18n="teach.marginal.s6note"></p>
          <table class="chapter-table" data-testid="marginal-product"><thead><tr>
            <th scope="col" data-i18n="teach.marginal.k"></th><th scope="col" data-i18n="teach.marginal.joint"></th>
            <th scope="col" data-i18n="teach.marginal.post"></th><th scope="col" data-i18n="teach.marginal.diff"></th></tr></thead><tbody></tbody></table>`,
      },
      { text: 'teach.marginal.s7', math: BAYES, live: 's7', id: 'bayes' },
    ],
  });
  const { panel } = p;
  panel.querySelector('.argument').before(pointPicker(instance, p.id('point')));
  const { palette } = instance.rules;
  const swatch = (k) => `<th scope="row"><span class="swatch" style="background:${palette[k % palette.length]}"></span>${k + 1}</th>`;
  const num = (v) => `<td data-value="${v}">${fmt(v, 5)}</td>`;

  const render = () => {
    if (!p.shown()) return;
    try {
      const s = instance.session.state();
      const zs = s.k <= 4 ? `{${Array.from({ length: s.k }, (_, j) => j + 1).join(', ')}}` : `{1, 2, …, ${s.k}}`;
      p.live('s2', 'teach.marginal.s2live', { names: s.names.join(', '), zs, labels: s.labelsKnown ? t('teach.marginal.labelsKnown') : '' });
      p.live('s4', 'teach.marginal.s4live', { total: fmt(s.logLikelihood * s.n, 6), n: s.n });
      const i = Math.min(instance.focusPoint ?? 0, s.n - 1);
      const b = instance.session.point(i, null).bound;
      panel.dataset.point = String(i);
      panel.dataset.bound = JSON.stringify(b);
      const n = i + 1;
      p.live('s3', 'teach.marginal.s3live', {
        i: n, joints: b.terms.map((term) => fmt(term.joint, 4)).join(', '), p: fmt(b.p, 4), logp: fmt(b.logP, 6),
      });
      const equal = Math.abs(b.elbo - b.logP) <= 1e-9 * Math.max(1, Math.abs(b.logP));
      p.live('s5', 'teach.marginal.s5live', {
        i: n, from: t(b.qFrom === 'e-step' ? 'teach.marginal.fromE' : 'teach.marginal.fromPost'),
        logsum: fmt(b.logP, 6), sumlog: fmt(b.elbo, 6), relation: t(equal ? 'teach.marginal.equal' : 'teach.marginal.lower'),
      });
      panel.querySelector('[data-testid="marginal-split"] tbody').innerHTML = b.terms.map((term) => `<tr>${swatch(term.k)}
        ${num(term.qLogWeight)}${num(term.qLogDensity)}${num(term.minusQLogQ)}</tr>`).join('');
      panel.querySelector('[data-testid="marginal-product"] tbody').innerHTML = b.terms.map((term) => `<tr>${swatch(term.k)}
        ${num(term.logJoint)}${num(term.logPosterior)}${num(term.logPByProductRule)}</tr>`).join('');
      p.live('s7', 'teach.marginal.s7live', {
        i: n,
        ratios: b.terms.map((term) => `p_{θ}(z = ${term.k + 1} | x) = ${fmt(term.joint, 4)} / ${fmt(b.p, 4)} = ${fmt(term.posterior, 4)}`).join('; '),
      });
    } catch (err) { instance.showRunError(err); }
  };
  instance.on('refresh', render);
  instance.on('focus-point', render);
  instance.on('section', render);
}
