// §5.1.3 — KL divergence and maximum likelihood estimation (chapter section 'kl'), argued as the
// slides argue it: samples from an unknown population distribution p*; the log-likelihood
// L(θ) = log Πₙ p_θ(x⁽ⁿ⁾) = Σₙ log p_θ(x⁽ⁿ⁾) (with the product multiplied out, live: it underflows);
// eq. 5.1; eq. 5.2; its Monte-Carlo approximation on the samples, eq. 5.3, whose first term does
// not depend on θ, so argmin D_KL ≈ argmax L(θ). When the data were drawn from a known mixture p*
// (a generated preset, or Generate → "Use as the data") a chart drawn in Rust shows per iteration
// the mean log-likelihood and the estimate of D_KL(p* ‖ p_θ) falling exactly as it rises, beside
// D_KL on a large independent sample; for data of unknown origin the panel says that the argument
// holds all the same, though the curve cannot be drawn. Every number comes from
// Session.truth_report.
import { register, t, onLang } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel } from '../panel.js';
import {
  row, mi, mo, mn, sub, sup, frac, sum, prod, under, block, lines, log, theta, x, xn, pt, pStar, dkl, eq, approx, star,
  minus, paren, brace, tag, hat,
} from '../math.js';

register({
  en: {
    'teach.truth.title': '{sec:klMle} KL divergence and maximum likelihood estimation (MLE)',
    'teach.truth.s1': 'Suppose N samples D = {x⁽¹⁾, …, x⁽ᴺ⁾} were drawn from a population distribution p*(x) that exists but that we cannot know. We see only these data, and want to estimate p*(x) from them as well as we can.',
    'teach.truth.s1live': 'Here there are N = {n} samples, {origin}',
    'teach.truth.originKnown': 'drawn from a known GMM p* with {k} components — so this page can compute what is otherwise unknown.',
    'teach.truth.originUnknown': 'and their p* is unknown, as in real life.',
    'teach.truth.s2': 'Assume the population follows a model p_{θ}(x) with adjustable parameters θ (a GMM: the means, covariance matrices, … of its Gaussian distributions) and compute the log-likelihood. The log of a product is the sum of the logs:',
    'teach.truth.s2live': 'Now: Πₙ p_{θ}(x⁽ⁿ⁾) = 10^{{e}}; multiplied out in floating point it gives {product}. L(θ) = Σₙ log p_{θ}(x⁽ⁿ⁾) = {sum}.',
    'teach.truth.underflow': '0 (it underflows: why we add logs instead)',
    'teach.truth.s3': 'Find the θ that maximizes L(θ):',
    'teach.truth.s4': 'Said with the KL divergence: ‘make p_{θ}(x) as close to p*(x) as we can’ = ‘minimize the KL divergence of p*(x) and p_{θ}(x)’:',
    'teach.truth.s5': 'But p*(x) is unknown, and we cannot integrate over every x. With the samples we have, approximate {eq:klPopulation} by the Monte Carlo method: put each x⁽ⁿ⁾ in and take the mean.',
    'teach.truth.s6': 'D_{KL}(p* ‖ p_{θ}) is a function of θ. Its first term does not depend on θ, so to minimize it only the second matters — and p*(x) need not be known:',
    'teach.truth.s6known': 'Here the term that does not depend on θ is (1/N) Σₙ log p*(x⁽ⁿ⁾) = {h}, the other −(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg}, and their sum — {eq:monteCarlo}\'s estimate of D_{KL}(p* ‖ p_{θ}) — is {kl}.',
    'teach.truth.s6unknown': 'Here p* is unknown, so (1/N) Σₙ log p*(x⁽ⁿ⁾) cannot be computed, nor the curve below drawn. The argument holds all the same: that term does not depend on θ, so minimizing D_{KL}(p* ‖ p_{θ}) is maximizing L(θ). Now −(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg}.',
    'teach.truth.s7': 'Conclusion: to make a model p_{θ}(x) as close as possible to the unknown p*(x), take the data and a model with adjustable θ, compute L(θ), and find the θ* that maximizes it — with the EM algorithm, in the rest of the chapter.',
    'teach.truth.chart': 'Chart per iteration of the mean log-likelihood, the estimate of D_{KL}(p* ‖ p_{θ}) on the data, their constant sum, and D_{KL} on an independent sample at the iteration shown',
    'teach.truth.x': 'iteration',
    'teach.truth.y': 'per point',
    'teach.truth.ll': '(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾): mean log-likelihood',
    'teach.truth.klData': '{eq:monteCarlo} on the data',
    'teach.truth.h': '(1/N) Σₙ log p*(x⁽ⁿ⁾): does not depend on θ',
    'teach.truth.exact': 'D_{KL}(p* ‖ p_{θ}) on {m} new samples from p*',
    'teach.truth.values': 'At iteration {it}',
    'teach.truth.sum': 'mean log-likelihood + estimate',
    'teach.truth.note': 'The estimate on the data can dip below 0 near the end: the fit matches these N samples better than p* itself does (overfitting the sample). D_{KL} on new samples from p* stays ≥ 0.',
    'teach.truth.unknown': 'To draw how D_{KL}(p* ‖ p_{θ}) falls as L(θ) rises, the page must know p*: choose a generated preset — "A known mixture p*" — or Generate samples from a model and press "Use as the data".',
    'teach.truth.load': 'Load the known mixture',
  },
  ko: {
    'teach.truth.title': '{sec:klMle} KL 발산과 최대 가능도 추정(MLE)의 관계',
    'teach.truth.s1': '존재는 하지만 우리가 알 수 없는 모집단 분포 p*(x)에서 N개의 샘플 데이터 D = {x⁽¹⁾, …, x⁽ᴺ⁾}가 추출되었다고 가정합니다. 우리는 이 데이터만 볼 수 있고, 이 데이터들을 보고 최대한 모집단의 확률 분포 p*(x)를 추정하려고 합니다.',
    'teach.truth.s1live': '여기서는 샘플이 N = {n}개이고, {origin}',
    'teach.truth.originKnown': '성분 {k}개인 알려진 GMM p*에서 추출했기 때문에 원래는 알 수 없는 값을 이 페이지가 계산할 수 있습니다.',
    'teach.truth.originUnknown': '실제 상황처럼 이 데이터의 p*는 알 수 없습니다.',
    'teach.truth.s2': '모집단이 확률 분포 p_{θ}(x)를 따른다고 가정하고(GMM 같은 확률 모델을 설정하고) 로그 가능도를 계산합니다. 여기서 θ는 조절 가능한 파라미터(GMM의 경우 각 가우시안 분포의 평균, 공분산 행렬 등)입니다. 곱의 로그는 로그의 합입니다:',
    'teach.truth.s2live': '지금: Πₙ p_{θ}(x⁽ⁿ⁾) = 10^{{e}}. 부동소수점으로 곱하면 결과는 {product}. L(θ) = Σₙ log p_{θ}(x⁽ⁿ⁾) = {sum}.',
    'teach.truth.underflow': '0(언더플로). 그래서 곱 대신 로그를 더합니다',
    'teach.truth.s3': 'L(θ)를 최대화하는 θ를 구합니다:',
    'teach.truth.s4': '이 과정을 KL 발산을 사용하여 다르게 표현하면 ‘p_{θ}(x)를 p*(x)에 최대한 가깝게 만든다’ = ‘p*(x)와 p_{θ}(x)의 KL 발산을 최소화한다’입니다:',
    'teach.truth.s5': '하지만 모집단의 분포 p*(x)는 알 수 없고(p*(x)에서 생성된 샘플 데이터만 확인 가능), 모든 x에 대해 적분할 수도 없습니다. 그래서 {eq:klPopulation}를 몬테카를로 방법으로 근사합니다. 주어진 데이터를 하나씩 대입해서 결과를 구하고 평균을 냅니다.',
    'teach.truth.s6': 'D_{KL}(p* ‖ p_{θ})는 θ의 함수입니다. 이를 최소화하는 θ를 구할 때 첫째 항은 θ와 무관하므로 제거하고 두 번째 항만 고려하면 됩니다. 그래서 모집단의 분포 p*(x)를 몰라도 θ를 구할 수 있습니다:',
    'teach.truth.s6known': '여기서 θ와 무관한 항은 (1/N) Σₙ log p*(x⁽ⁿ⁾) = {h}, 다른 항은 −(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg}이고, 둘의 합, 곧 {eq:monteCarlo}으로 추정한 D_{KL}(p* ‖ p_{θ})의 값은 {kl}.',
    'teach.truth.s6unknown': '여기서는 p*를 모르므로 (1/N) Σₙ log p*(x⁽ⁿ⁾)를 계산할 수 없고 아래 그래프도 그릴 수 없습니다. 그래도 논증은 그대로 성립합니다. 그 항은 θ와 무관하므로 D_{KL}(p* ‖ p_{θ})를 최소화하는 것은 L(θ)를 최대화하는 것과 같습니다. 지금 −(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg}.',
    'teach.truth.s7': '결론: (우리가 알 수 없는) 모집단의 분포 p*(x)와 최대한 유사한 확률 모형 p_{θ}(x)를 만들고 싶으면, 주어진 데이터들과 조절 가능한 파라미터 θ가 있는 확률 모형 p_{θ}(x)를 가정해서 로그 가능도 L(θ)를 계산하고, 이를 최대화하는 θ*를 찾으면 됩니다. θ*를 찾을 때 EM 알고리즘을 사용합니다.',
    'teach.truth.chart': '반복마다 평균 로그 가능도, 데이터로 구한 D_{KL}(p* ‖ p_{θ}) 추정값, 둘의 합(상수), 그리고 지금 반복에서 독립 샘플로 구한 D_{KL}을 그린 차트',
    'teach.truth.x': '반복 횟수',
    'teach.truth.y': '점당 값',
    'teach.truth.ll': '(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾): 평균 로그 가능도',
    'teach.truth.klData': '데이터로 구한 {eq:monteCarlo}',
    'teach.truth.h': '(1/N) Σₙ log p*(x⁽ⁿ⁾): θ와 무관',
    'teach.truth.exact': 'p*에서 새로 뽑은 샘플 {m}개로 구한 D_{KL}(p* ‖ p_{θ})',
    'teach.truth.values': '{it}번째 반복',
    'teach.truth.sum': '평균 로그 가능도 + 추정값',
    'teach.truth.note': '끝 무렵 데이터로 구한 추정값은 0보다 작아질 수 있습니다. 추정한 모델이 이 N개의 샘플을 p*보다 더 잘 설명하기 때문입니다(샘플에 대한 과적합). p*에서 새로 뽑은 샘플로 구한 D_{KL}은 항상 0 이상입니다.',
    'teach.truth.unknown': 'L(θ)가 올라갈 때 D_{KL}(p* ‖ p_{θ})가 내려가는 모습을 그리려면 p*를 알아야 합니다. 생성된 예제 데이터("알려진 혼합 분포 p*")를 고르거나, 모델에서 샘플을 생성한 뒤 "데이터로 사용"을 누르세요.',
    'teach.truth.load': '알려진 혼합 분포 불러오기',
  },
  ja: {
    'teach.truth.title': '{sec:klMle} KLダイバージェンスと最尤推定の関係',
    'teach.truth.s1': '存在はするものの私たちには知ることのできない真の確率分布 p*(x) から、N 個のサンプル D = {x⁽¹⁾, …, x⁽ᴺ⁾} が得られたとします。私たちに見えるのはこのデータだけです。このデータから、p*(x) をできるだけうまく推定したいと考えます。',
    'teach.truth.s1live': 'ここでは N = {n} 個のサンプルがあり、{origin}',
    'teach.truth.originKnown': '成分が {k} 個の既知のGMM p* から生成したものなので、本来は知り得ない値もこのページで計算できます。',
    'teach.truth.originUnknown': '現実と同じく、その p* は分かりません。',
    'teach.truth.s2': 'データが、調整可能なパラメータ θ を持つモデル p_{θ}(x)（GMMなら、各正規分布の平均や共分散行列など）に従うと仮定して、対数尤度を計算します。積の対数は対数の和です：',
    'teach.truth.s2live': '現在：Πₙ p_{θ}(x⁽ⁿ⁾) = 10^{{e}}。浮動小数点数で実際に掛け合わせた結果：{product}。L(θ) = Σₙ log p_{θ}(x⁽ⁿ⁾) = {sum}。',
    'teach.truth.underflow': '0（アンダーフロー）。そのため、積の代わりに対数の和を使います',
    'teach.truth.s3': 'L(θ) を最大化する θ を求めます：',
    'teach.truth.s4': 'これをKLダイバージェンスで言い換えると、「p_{θ}(x) をできるだけ p*(x) に近づける」＝「p*(x) と p_{θ}(x) のKLダイバージェンスを最小化する」となります：',
    'teach.truth.s5': 'しかし、p*(x) は分かりませんし、すべての x について積分することもできません。そこで手元のサンプルを使い、{eq:klPopulation}をモンテカルロ法で近似します。各 x⁽ⁿ⁾ を代入して平均を取ります。',
    'teach.truth.s6': 'D_{KL}(p* ‖ p_{θ}) は θ の関数です。その第1項は θ に依存しないので、最小化するには第2項だけを考えれば十分です。つまり、p*(x) を知らなくてもかまいません：',
    'teach.truth.s6known': 'ここでは：(1/N) Σₙ log p*(x⁽ⁿ⁾) = {h}（θ に依存しない項）、−(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg}。その和、すなわち{eq:monteCarlo}による D_{KL}(p* ‖ p_{θ}) の推定値は {kl} です。',
    'teach.truth.s6unknown': 'ここでは p* が分からないので、(1/N) Σₙ log p*(x⁽ⁿ⁾) は計算できません。下のグラフも描けません。それでも議論はそのまま成り立ちます。この項は θ に依存しないので、D_{KL}(p* ‖ p_{θ}) を最小化することは L(θ) を最大化することと同じです。現在、−(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {neg} です。',
    'teach.truth.s7': '結論：未知の p*(x) にできるだけ近いモデル p_{θ}(x) を作るには、データと、調整可能な θ を持つモデルを用意して L(θ) を計算し、それを最大化する θ* を見つければよいのです。この章の残りでは、そのためにEMアルゴリズムを使います。',
    'teach.truth.chart': '反復ごとの平均対数尤度、データで求めた D_{KL}(p* ‖ p_{θ}) の推定値、両者の和（一定）、および表示中の反復で独立なサンプルから求めた D_{KL} のグラフ',
    'teach.truth.x': '反復',
    'teach.truth.y': '1点あたり',
    'teach.truth.ll': '(1/N) Σₙ log p_{θ}(x⁽ⁿ⁾)：平均対数尤度',
    'teach.truth.klData': 'データで求めた{eq:monteCarlo}',
    'teach.truth.h': '(1/N) Σₙ log p*(x⁽ⁿ⁾)：θ に依存しない',
    'teach.truth.exact': 'p* から新たにサンプリングした {m} 個の点で求めた D_{KL}(p* ‖ p_{θ})',
    'teach.truth.values': '{it}回目の反復',
    'teach.truth.sum': '平均対数尤度 + 推定値',
    'teach.truth.note': '終盤では、データで求めた推定値が 0 を下回ることがあります。推定したモデルが、p* よりもこの N 個のサンプルによく当てはまるためです（サンプルへの過剰適合）。p* から新たにサンプリングした点で求めた D_{KL} は常に 0 以上です。',
    'teach.truth.unknown': 'L(θ) が上がるにつれて D_{KL}(p* ‖ p_{θ}) が下がる様子を描くには、p* が分かっていなければなりません。生成データのプリセット「既知の混合分布 p*」を選ぶか、モデルからサンプルを生成して「データとして使う」を押してください。',
    'teach.truth.load': '既知の混合分布を読み込む',
  },
});

const sumN = sum('n', 1, 'N');
const argmax = under(mi('argmax'), theta);
const argmin = under(mi('argmin'), theta);
const LOG_LIK = block(mi('L'), paren(theta), eq, log, prod('n', 1, 'N'), pt(xn()), eq, sumN, log, pt(xn()));
const EQ51 = block(hat(theta), eq, argmax, sumN, log, pt(xn()), tag('mle'));
const EQ52 = block(dkl(star, sub(mi('p'), theta)), eq, mo('∫'), pStar(x), log,
  frac(pStar(x), pt(x)), mi('d'), x, tag('klPopulation'));
const EQ53 = lines(
  [dkl(star, sub(mi('p'), theta)), row(approx, frac(mn(1), mi('N')), sumN, log, frac(pStar(xn()), pt(xn())))],
  ['', row(eq, frac(mn(1), mi('N')), sumN, paren(log, pStar(xn()), minus, log, pt(xn())), tag('monteCarlo'))],
);
const ARG = lines(
  [row(argmin, dkl(star, sub(mi('p'), theta))), row(approx, argmin, paren(minus, frac(mn(1), mi('N')), sumN, log, pt(xn())))],
  ['', row(eq, argmin, paren(minus, sumN, log, pt(xn())))],
  ['', row(eq, argmax, sumN, log, pt(xn()))],
);
const DATA = block(mi('D'), eq, brace(xn('1'), mo(','), xn('2'), mo(','), mo('…'), mo(','), xn('N')));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'kl',
    name: 'truth',
    title: 'teach.truth.title',
    steps: [
      { text: 'teach.truth.s1', math: DATA, live: 's1' },
      { text: 'teach.truth.s2', math: LOG_LIK, live: 's2' },
      { text: 'teach.truth.s3', math: EQ51 },
      { text: 'teach.truth.s4', math: EQ52 },
      { text: 'teach.truth.s5', math: EQ53 },
      { text: 'teach.truth.s6', math: ARG, live: 's6' },
      { text: 'teach.truth.s7' },
    ],
    after: `
    <div data-out="known">
      <canvas data-resize class="truth-chart" role="img" data-i18n-attr="aria-label:teach.truth.chart"></canvas>
      <ul class="truth-legend" aria-hidden="true">
        <li><span class="key ll"></span><span data-i18n="teach.truth.ll"></span></li>
        <li><span class="key kl"></span><span data-i18n="teach.truth.klData"></span></li>
        <li><span class="key h"></span><span data-i18n="teach.truth.h"></span></li>
        <li><span class="key exact"></span><span data-out="exact-legend"></span></li>
      </ul>
      <table class="truth-values">
        <caption data-out="caption"></caption>
        <tbody>
          <tr><th scope="row" data-i18n="teach.truth.ll"></th><td data-testid="truth-ll"></td></tr>
          <tr><th scope="row" data-i18n="teach.truth.klData"></th><td data-testid="truth-kl-data"></td></tr>
          <tr><th scope="row" data-i18n="teach.truth.sum"></th><td data-testid="truth-h"></td></tr>
          <tr><th scope="row" data-out="exact-row"></th><td data-testid="truth-kl-exact"></td></tr>
        </tbody>
      </table>
      <p class="hint" data-i18n="teach.truth.note"></p>
    </div>
    <div data-out="unknown" hidden>
      <p class="truth-unknown" data-testid="truth-unknown" data-i18n="teach.truth.unknown"></p>
      <button type="button" data-act="load" data-i18n="teach.truth.load"></button>
    </div>`,
  });
  const { panel } = p;

  const q = (sel) => panel.querySelector(sel);
  const canvas = q('canvas');
  const cell = (name) => q(`[data-testid="truth-${name}"]`);
  const setValue = (td, v) => { td.textContent = fmt(v, 4); td.dataset.value = String(v); };

  const render = () => {
    if (!p.shown()) return;
    try {
      const { truth: r } = instance.session.chapter({ truth: true });
      const origin = r.known ? t('teach.truth.originKnown', { k: r.kStar }) : t('teach.truth.originUnknown');
      p.live('s1', 'teach.truth.s1live', { n: r.n, origin });
      const e = Math.floor(r.productLog10);
      p.live('s2', 'teach.truth.s2live', {
        e: e.toLocaleString(), sum: fmt(r.logLikelihood, 6),
        product: r.product === 0 ? t('teach.truth.underflow') : r.product.toExponential(4),
      });
      p.line('s2').dataset.sum = String(r.logLikelihood);
      p.line('s2').dataset.product = String(r.product);
      const neg = fmt(-r.logLikelihood / r.n, 6);
      if (r.known) p.live('s6', 'teach.truth.s6known', { h: fmt(r.meanLogPStar, 6), neg, kl: fmt(r.klOnData, 6) });
      else p.live('s6', 'teach.truth.s6unknown', { neg });
      q('[data-out="known"]').hidden = !r.known;
      q('[data-out="unknown"]').hidden = r.known;
      panel.dataset.known = String(r.known);
      if (!r.known) return;
      // The canvas was hidden (size 0) at the last resize: size it to its box now.
      const ratio = window.devicePixelRatio || 1;
      const [w, h] = [Math.max(50, Math.round(canvas.clientWidth * ratio)), Math.max(50, Math.round(canvas.clientHeight * ratio))];
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      canvas.yAxis = instance.session.render_chart(canvas, { kind: 'truth', x: t('teach.truth.x'), y: t('teach.truth.y') }); // layout, for tests
      const it = r.points.length ? r.points[r.points.length - 1].iteration : 0;
      q('[data-out="caption"]').textContent = t('teach.truth.values', { it });
      const m = r.sampleSize.toLocaleString();
      q('[data-out="exact-legend"]').textContent = t('teach.truth.exact', { m });
      q('[data-out="exact-row"]').textContent = t('teach.truth.exact', { m });
      setValue(cell('ll'), r.meanLogLikelihood);
      setValue(cell('kl-data'), r.klOnData);
      setValue(cell('h'), r.meanLogPStar);
      setValue(cell('kl-exact'), r.klExact);
    } catch (err) {
      instance.showRunError(err);
    }
  };
  q('[data-act="load"]').addEventListener('click', () => instance.loadPreset('known-mixture'));

  instance.on('refresh', render);
  instance.on('resize', render);
  instance.on('section', render);
  onLang(render);
}
