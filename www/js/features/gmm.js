// §5.2 — what the derivation sets out to do (chapter section 'derivation1'), with the slides'
// opening: the problem of the chapter (the Old Faithful data of ch. 4, a GMM with K assumed known —
// in practice K must be found too: Choose K), what the EM algorithm is (estimating by iteration the
// parameters of a probability model with latent variables), the model p_θ(x) = Σₖ φₖ 𝒩(x; μₖ, Σₖ)
// with θ = {φ, μ, Σ} and what each part means, the data as vectors, Fig. 4-8's two Gaussian
// distributions (the 1-D preset), and the aim: θ* maximizing L(θ), then new data generated from
// p_θ*. The numbers are the state's (Session.state()).
import { register } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel } from '../panel.js';
import { row, mi, mo, sum, block, theta, x, pt, phi, normal, eq, brace, sub, mn } from '../math.js';

register({
  en: {
    'teach.gmm.title': '{sec:derivation1} Deriving the EM algorithm (1): the model and the aim',
    'teach.gmm.problem': 'The problem of this chapter: the given data (the Old Faithful geyser\'s eruptions of chapter 4). Assume they follow a GMM and that K = 2 is known (in reality K must be found too: Choose K below does it with BIC).',
    'teach.gmm.em': 'The EM (Expectation-Maximization) algorithm estimates, by iteration, the parameters of a probability model that has latent variables — such as a Gaussian mixture model:',
    'teach.gmm.theta': 'θ = {φ, μ, Σ}: φₖ is the probability that the k-th Gaussian distribution is chosen, μₖ its mean (in general a vector), Σₖ its covariance matrix.',
    'teach.gmm.thetaLive': 'Now (K = {k}): φ = {{phi}}; μ = {{mu}}; Σ is in the components table.',
    'teach.gmm.vector': 'In general a data point is a vector: here x⁽ⁿ⁾ = ({names}), d = {d} numbers per point.',
    'teach.gmm.scalar': 'In general a data point is a vector; here each x⁽ⁿ⁾ is a single number (d = 1): the blog\'s picture.',
    'teach.gmm.fig': 'A GMM in one dimension: two Gaussian distributions and their weighted sum ({fig:twoGaussians}).',
    'teach.gmm.showFig': 'Show the 1-D example',
    'teach.gmm.aim': 'The aim: find with the EM algorithm the θ* that maximizes the log-likelihood L(θ); approximate the data\'s population distribution p*(x) by the GMM p_{θ*}(x), and generate new data from it.',
    'teach.gmm.generate': 'Generate new data from p_{θ}',
  },
  ko: {
    'teach.gmm.title': '{sec:derivation1} EM 알고리즘 도출 1: 모델과 목표',
    'teach.gmm.problem': '5장에서 해결할 문제: 주어진 데이터(4장 간헐천 분출, Old Faithful 간헐천). 데이터는 GMM을 따른다고 가정하고 K = 2라는 것을 안다고 가정합니다(실제는 K도 찾아야 합니다: 아래 "K 정하기"가 BIC로 찾습니다).',
    'teach.gmm.em': 'EM(Expectation Maximization) 알고리즘은 통계학에서 잠재 변수를 가지는 확률 모델의 파라미터를 반복 과정을 통해 추정하는 알고리즘입니다. 확률 모델의 예가 가우시안 혼합 모델(GMM)입니다:',
    'teach.gmm.theta': 'θ = {φ, μ, Σ}: φₖ는 GMM 내 k번째 가우시안 분포가 선택될 확률, μₖ는 각 가우시안 분포의 평균(일반적으로 벡터), Σₖ는 각 가우시안 분포의 공분산 행렬입니다.',
    'teach.gmm.thetaLive': '지금 (K = {k}): φ = {{phi}}; μ = {{mu}}; Σ는 성분 표에 있습니다.',
    'teach.gmm.vector': '일반적으로 데이터는 벡터입니다. 여기서 x⁽ⁿ⁾ = ({names})이고, 점 하나는 d = {d}개의 값으로 이루어집니다.',
    'teach.gmm.scalar': '일반적으로 데이터는 벡터입니다. 여기서는 각 x⁽ⁿ⁾가 수 하나입니다(d = 1, 블로그의 그림).',
    'teach.gmm.fig': '1차원 GMM: 가우시안 분포 두 개와 그 가중합 ({fig:twoGaussians}).',
    'teach.gmm.showFig': '1차원 예 보기',
    'teach.gmm.aim': '목표: EM 알고리즘을 사용하여 로그 가능도 L(θ)를 최대화하는 θ*를 구하고, GMM을 가정한 p_{θ*}(x)로 주어진 데이터들의 모집단 분포 p*(x)를 근사하고 신규 데이터를 생성합니다.',
    'teach.gmm.generate': 'p_{θ}에서 신규 데이터 생성',
  },
  ja: {
    'teach.gmm.title': '{sec:derivation1} EMアルゴリズムの導出①：モデルと目標',
    'teach.gmm.problem': 'この章で解く問題：与えられたデータ（第4章のOld Faithful 間欠泉の噴出データ）。データはGMMに従い、K = 2 であることが分かっていると仮定します（実際には K も求める必要があります。下の「Kを選ぶ」がBICで求めます）。',
    'teach.gmm.em': 'EM（Expectation-Maximization）アルゴリズムは、潜在変数を持つ確率モデルのパラメータを、反復によって推定するアルゴリズムです。そのような確率モデルの例が混合ガウスモデル（GMM）です：',
    'teach.gmm.theta': 'θ = {φ, μ, Σ}：φₖ は k 番目の正規分布が選ばれる確率、μₖ はその平均（一般にはベクトル）、Σₖ はその共分散行列です。',
    'teach.gmm.thetaLive': '現在（K = {k}）：φ = {{phi}}、μ = {{mu}}。Σ は成分の表にあります。',
    'teach.gmm.vector': '一般に、データ点はベクトルです。ここでは x⁽ⁿ⁾ = ({names})、1点あたり d = {d} 個の数値です。',
    'teach.gmm.scalar': '一般に、データ点はベクトルです。ここでは各 x⁽ⁿ⁾ が1つの数値です（d = 1、ブログの図）。',
    'teach.gmm.fig': '1次元のGMM：2つの正規分布とその重み付き和（{fig:twoGaussians}）。',
    'teach.gmm.showFig': '1次元の例を表示',
    'teach.gmm.aim': '目標：対数尤度 L(θ) を最大化する θ* をEMアルゴリズムで求め、データの真の確率分布 p*(x) をGMM p_{θ*}(x) で近似して、そこから新しいデータを生成します。',
    'teach.gmm.generate': 'p_{θ} から新しいデータを生成',
  },
});

const MODEL = block(pt(x), eq, sum('k', 1, 'K'), phi(), normal());
const THETA = block(theta, eq, brace(mi('φ'), mo(','), mi('μ'), mo(','), mi('Σ')), mo(','),
  mi('φ'), eq, brace(sub(mi('φ'), mn(1)), mo(','), mo('⋯'), mo(','), sub(mi('φ'), mi('K'))));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'derivation1',
    name: 'gmm',
    title: 'teach.gmm.title',
    steps: [
      { text: 'teach.gmm.problem' },
      { text: 'teach.gmm.em', math: MODEL },
      { text: 'teach.gmm.theta', math: THETA, live: 'theta' },
      { live: 'vector' },
      { text: 'teach.gmm.fig', html: '<button type="button" data-act="fig" data-i18n="teach.gmm.showFig"></button>' },
      { text: 'teach.gmm.aim', html: '<button type="button" data-act="generate" data-i18n="teach.gmm.generate"></button>' },
    ],
  });
  const { panel } = p;

  const render = (s = instance.session.state()) => {
    if (!p.shown()) return;
    const vec = (v) => `(${v.map((a) => fmt(a, 3)).join(', ')})`;
    p.live('theta', 'teach.gmm.thetaLive', {
      k: s.k, phi: s.weights.map((w) => fmt(w, 3)).join(', '), mu: s.means.map(vec).join(', '),
    });
    if (s.d === 1) p.live('vector', 'teach.gmm.scalar');
    else p.live('vector', 'teach.gmm.vector', { names: s.names.join(', '), d: s.d });
  };
  panel.querySelector('[data-act="fig"]').addEventListener('click', () => {
    instance.loadPreset('one-d');
    instance.canvas.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
  panel.querySelector('[data-act="generate"]').addEventListener('click', () => {
    const button = instance.root.querySelector('.teach-sample [data-act="generate"]');
    if (!button) return;
    button.scrollIntoView({ block: 'center' });
    button.focus();
    button.click();
  });
  instance.on('refresh', render);
  instance.on('section', () => render());
}
