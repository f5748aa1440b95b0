// The guided tour: short cards through the chapter in the slides' order — KL divergence (§5.1),
// maximum likelihood = minimum KL (§5.1.3), the GMM (§5.2), latent variables (§5.2.1), any q(z)
// and the ELBO (§5.2.2–§5.3), then EM on the book's run (the E-step, the M-step and its objective
// eq. 5.8, why the log-likelihood never falls), EM vs k-means, and what to try next. Each card
// opens the chapter's section it explains (instance.reveal), highlights the element, and may
// press Step for the visitor (through the instance's API, so the numbers still come from wasm).
// Back / Next / Close buttons; Escape closes and focus returns to the Tour button. The open card
// re-renders when the language changes.
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';

register({
  en: {
    'tour.button': 'Tour',
    'tour.buttonTitle': 'A short guided tour of chapter 5 on the book\'s data',
    'tour.dialog': 'Guided tour',
    'tour.count': 'Card {i} of {n}',
    'tour.back': 'Back',
    'tour.next': 'Next',
    'tour.finish': 'Finish',
    'tour.close': 'Close',
    'tour.closeLabel': 'Close the tour',
    'tour.colours.title': 'What you see',
    'tour.colours.body': 'Each dot is one eruption of the Old Faithful geyser (how long it lasted, how long people waited for it): the data of chapter 5. The model is a Gaussian mixture model of K components, each drawn as an ellipse (its mean μ and covariance matrix Σ). A dot\'s colour mixes the components\' colours by its responsibilities q(z). The tour follows the slides: the KL divergence, maximum likelihood, the GMM, latent variables, the ELBO, EM, and EM vs k-means.',
    'tour.kl.title': 'The KL divergence ({sec:kl})',
    'tour.kl.body': 'D_{KL}(p ‖ q) measures how alike two distributions are: 0 when they are the same, larger the more they differ, never negative (Gibbs\' inequality), and not symmetric. The slides\' coins: p = 0.7/0.3 against q = 0.5/0.5 gives 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5) = 0.082. Move the sliders.',
    'tour.truth.title': 'Maximum likelihood = minimum KL ({sec:klMle})',
    'tour.truth.body': 'The data come from an unknown population distribution p*. Minimizing D_{KL}(p* ‖ p_{θ}) — estimated on the samples by the Monte Carlo approximation, {eq:monteCarlo} — is maximizing the log-likelihood L(θ) = Σ log p_{θ}(x⁽ⁿ⁾), because the other term does not depend on θ. With data of known origin ("Load the known mixture") the panel draws it.',
    'tour.gmm.title': 'The model: a GMM ({sec:derivation1})',
    'tour.gmm.body': 'p_{θ}(x) = Σₖ φₖ 𝒩(x; μₖ, Σₖ) with θ = {φ, μ, Σ}: φₖ the probability that the k-th Gaussian distribution is chosen, μₖ its mean, Σₖ its covariance matrix. The aim: find the θ* that maximizes L(θ) with the EM algorithm.',
    'tour.latent.title': 'A latent variable ({sec:latent})',
    'tour.latent.body': 'The latent variable z is which Gaussian distribution produced x: it cannot be observed. Marginalizing it out, log p_{θ}(x) = log Σ_{z} p_{θ}(x, z): the log of a sum, which cannot be solved analytically. I switched on the density contours of each p_{θ}(x, z = k) and of p_{θ}(x).',
    'tour.bound.title': 'Any q(z), and the ELBO ({sec:anyQ}–{sec:elbo})',
    'tour.bound.body': 'With any q(z), log p_{θ}(x) = ELBO(x; q, θ) + D_{KL}(q(z) ‖ p_{θ}(z | x)) ({eq:elboKl}, {eq:decomposition}). D_{KL} ≥ 0, so the ELBO is a lower bound, and a sum of logs. I chose point 40: set its q(z) with the sliders — the two terms change, their sum does not; "q(z) = p_{θ}(z | x)" makes D_{KL} = 0.',
    'tour.estep.title': 'The E-step',
    'tour.estep.body': 'I ran the first half of Step for you: an E-step. Keeping θ fixed, it sets each point\'s q⁽ⁿ⁾(z) to the posterior p_{θ}(z | x⁽ⁿ⁾) — how much each component explains that point — and the colours now show it. D_{KL} is 0, so the ELBO equals log p_{θ}(x).',
    'tour.mstep.title': 'The M-step ({sec:gmmEm})',
    'tour.mstep.body': 'Now the M-step. Keeping q fixed, it maximizes {eq:mObjective}, J(θ) = Σ ELBO(x; q = p_{θ_{old}}(z | x), θ): setting its derivative to 0 gives the updates — φ the mean responsibility, μ the responsibility-weighted mean, Σ the weighted spread. The panel shows J rise from θ_{old} to the new θ and ∂J/∂μ vanish there.',
    'tour.loglik.title': 'Why the log-likelihood only goes up',
    'tour.loglik.body': 'log p_{θ_{old}}(x) = J(θ_{old}) ≤ J(θ_{new}) ≤ log p_{θ_{new}}(x): the E-step makes the bound touch, the M-step raises the bound, and D_{KL} ≥ 0 can only add to it. That is why this curve never goes down (I ran two more iterations).',
    'tour.kmeans.title': 'EM vs k-means',
    'tour.kmeans.body': 'k-means is like EM — an assignment step ↔ the E-step, an update step ↔ the M-step — but non-probabilistic: hard clustering, the sum of squared Euclidean distances for its objective, and it stops when the centres stop moving. Tick "Compare with k-means" to run it in lockstep from the same start.',
    'tour.yours.title': 'Your turn',
    'tour.yours.body': 'Play runs EM until it converges (until the log-likelihood changes by less than the tolerance); Step takes one iteration; Reset goes back to the same start and New start draws a new seed. Try K = 3, another initialisation, the blog\'s 1-D example, or paste your own data below.',
  },
  ko: {
    'tour.button': '둘러보기',
    'tour.buttonTitle': '책의 데이터로 5장을 짧게 둘러봅니다',
    'tour.dialog': '둘러보기 안내',
    'tour.count': '{n}장 중 {i}번째',
    'tour.back': '이전',
    'tour.next': '다음',
    'tour.finish': '마치기',
    'tour.close': '닫기',
    'tour.closeLabel': '둘러보기 닫기',
    'tour.colours.title': '화면이 보여 주는 것',
    'tour.colours.body': '점 하나는 Old Faithful 간헐천의 분출 한 번입니다(분출이 이어진 시간과 기다린 시간): 5장의 데이터입니다. 모델은 성분 K개의 가우시안 혼합 모델(GMM)이고, 각 성분은 타원(평균 μ와 공분산 행렬 Σ)으로 그려집니다. 점의 색은 부담률(responsibility) q(z)에 따라 성분들의 색을 섞은 것입니다. 둘러보기는 슬라이드의 순서를 따릅니다: KL 발산, 최대 가능도, GMM, 잠재 변수, ELBO, EM, EM vs K-means.',
    'tour.kl.title': 'KL 발산 ({sec:kl})',
    'tour.kl.body': 'D_{KL}(p ‖ q)는 두 분포가 얼마나 유사한지 재는 지표입니다. 같으면 0, 다를수록 크고, 음수가 되지 않으며(깁스 부등식), 대칭이 아닙니다. 슬라이드의 동전: p = 0.7/0.3, q = 0.5/0.5이면 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5) = 0.082입니다. 슬라이더를 움직여 보세요.',
    'tour.truth.title': '최대 가능도 = 최소 KL ({sec:klMle})',
    'tour.truth.body': '데이터는 알 수 없는 모집단 분포 p*에서 나옵니다. D_{KL}(p* ‖ p_{θ})를 샘플로 몬테카를로 근사({eq:monteCarlo})해서 최소화하는 것은 로그 가능도 L(θ) = Σ log p_{θ}(x⁽ⁿ⁾)를 최대화하는 것과 같습니다. 다른 항은 θ와 무관하기 때문입니다. 출처를 아는 데이터("알려진 혼합 분포 불러오기")라면 그래프로 그려 줍니다.',
    'tour.gmm.title': '모델: GMM ({sec:derivation1})',
    'tour.gmm.body': 'p_{θ}(x) = Σₖ φₖ 𝒩(x; μₖ, Σₖ), θ = {φ, μ, Σ}: φₖ는 k번째 가우시안 분포가 선택될 확률, μₖ는 평균, Σₖ는 공분산 행렬입니다. 목표는 EM 알고리즘으로 L(θ)를 최대화하는 θ*를 찾는 것입니다.',
    'tour.latent.title': '잠재 변수 ({sec:latent})',
    'tour.latent.body': '잠재 변수 z는 x를 생성한 가우시안 분포로, 관측할 수 없습니다. 주변화하면 log p_{θ}(x) = log Σ_{z} p_{θ}(x, z): 로그-합 형태라 해석적으로 풀 수 없습니다. 각 p_{θ}(x, z = k)와 p_{θ}(x)의 밀도 등고선을 켜 두었습니다.',
    'tour.bound.title': '임의의 q(z)와 ELBO ({sec:anyQ}–{sec:elbo})',
    'tour.bound.body': '어떤 q(z)로도 log p_{θ}(x) = ELBO(x; q, θ) + D_{KL}(q(z) ‖ p_{θ}(z | x))입니다({eq:elboKl}, {eq:decomposition}). D_{KL} ≥ 0이므로 ELBO는 하한이고, 합-로그 형태입니다. 40번 점을 골라 두었습니다. 슬라이더로 q(z)를 정해 보세요. 두 항은 바뀌지만 합은 그대로이고, "q(z) = p_{θ}(z | x)"를 누르면 D_{KL} = 0이 됩니다.',
    'tour.estep.title': 'E 단계',
    'tour.estep.body': '‘한 번 반복’의 앞쪽 절반인 E 단계를 대신 실행했습니다. θ를 고정한 채 각 점의 q⁽ⁿ⁾(z)를 사후 분포 p_{θ}(z | x⁽ⁿ⁾)로 정합니다. 각 성분이 그 점을 얼마나 설명하는지이고, 지금 점의 색이 바로 그 값입니다. D_{KL}이 0이므로 ELBO가 log p_{θ}(x)와 같습니다.',
    'tour.mstep.title': 'M 단계 ({sec:gmmEm})',
    'tour.mstep.body': '이어서 M 단계입니다. q를 고정한 채 {eq:mObjective}의 J(θ) = Σ ELBO(x; q = p_{θ_{old}}(z | x), θ)를 최대화합니다. 도함수를 0으로 두면 업데이트 식이 나옵니다 — φ는 부담률의 평균, μ는 부담률로 가중한 평균, Σ는 부담률로 가중한 공분산. 패널에서 J가 θ_{old}에서 새 θ로 올라가고 거기서 ∂J/∂μ가 0이 되는 것을 볼 수 있습니다.',
    'tour.loglik.title': '로그 가능도가 줄지 않는 이유',
    'tour.loglik.body': 'log p_{θ_{old}}(x) = J(θ_{old}) ≤ J(θ_{new}) ≤ log p_{θ_{new}}(x): E 단계는 하한을 로그 가능도에 닿게 하고, M 단계는 하한을 끌어올리며, D_{KL} ≥ 0은 더해질 뿐입니다. 그래서 이 그래프는 절대 내려가지 않습니다(반복을 두 번 더 실행해 두었습니다).',
    'tour.kmeans.title': 'EM vs K-means',
    'tour.kmeans.body': 'K-means는 EM과 닮았습니다 — 할당 단계 ↔ E 단계, 업데이트 단계 ↔ M 단계. 하지만 비확률적입니다: 하드 클러스터링이고, 목표 함수는 유클리드 거리 제곱합이며, 중심이 더 움직이지 않으면 멈춥니다. "K-means와 비교하기"를 켜면 같은 시작점에서 나란히 진행합니다.',
    'tour.yours.title': '이제 직접 해 보세요',
    'tour.yours.body': '‘재생’은 수렴할 때까지(로그 가능도의 변화가 허용 오차보다 작아질 때까지) EM을 돌리고, ‘한 번 반복’은 E 단계와 M 단계를 한 번씩 진행합니다. ‘처음으로’는 같은 시작점으로 되돌리고, ‘새 시작점’은 새 시드를 뽑습니다. K = 3이나 다른 초기화, 블로그의 1차원 예를 고르거나, 아래에 직접 데이터를 붙여 넣어 보세요.',
  },
  ja: {
    'tour.button': 'ツアー',
    'tour.buttonTitle': '本書のデータで第5章を短く案内するガイドツアー',
    'tour.dialog': 'ガイドツアー',
    'tour.count': '{n} 枚中 {i} 枚目',
    'tour.back': '戻る',
    'tour.next': '次へ',
    'tour.finish': '終了',
    'tour.close': '閉じる',
    'tour.closeLabel': 'ツアーを閉じる',
    'tour.colours.title': '画面に見えるもの',
    'tour.colours.body': '各点はOld Faithful 間欠泉の1回の噴出です（噴出が続いた時間と、それまでの待ち時間）。これが第5章のデータです。モデルは K 個の成分からなる混合ガウスモデルで、各成分は楕円（平均 μ と共分散行列 Σ）で描かれます。点の色は、負担率 q(z) に応じて各成分の色を混ぜたものです。ツアーはスライドの順に進みます：KLダイバージェンス、最尤推定、GMM、潜在変数、ELBO、EM、そしてEMとk-means法。',
    'tour.kl.title': 'KLダイバージェンス（{sec:kl}）',
    'tour.kl.body': 'D_{KL}(p ‖ q) は、2つの分布がどれだけ似ているかを測ります。両者が同じなら 0、異なるほど大きくなり、負になることはなく（ギブスの不等式）、対称ではありません。スライドのコインでは、p = 0.7/0.3 と q = 0.5/0.5 から 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5) = 0.082 となります。スライダーを動かしてみましょう。',
    'tour.truth.title': '最尤推定 = KLダイバージェンスの最小化（{sec:klMle}）',
    'tour.truth.body': 'データは未知の真の確率分布 p* から来ています。サンプルからモンテカルロ法（{eq:monteCarlo}）で近似した D_{KL}(p* ‖ p_{θ}) を最小化することは、対数尤度 L(θ) = Σ log p_{θ}(x⁽ⁿ⁾) を最大化することと同じです。もう一方の項は θ に依存しないからです。生成元の分かっているデータ（「既知の混合分布を読み込む」）なら、パネルがその様子を描きます。',
    'tour.gmm.title': 'モデル：GMM（{sec:derivation1}）',
    'tour.gmm.body': 'p_{θ}(x) = Σₖ φₖ 𝒩(x; μₖ, Σₖ)、θ = {φ, μ, Σ}：φₖ は k 番目の正規分布が選ばれる確率、μₖ はその平均、Σₖ はその共分散行列です。目標は、L(θ) を最大化する θ* をEMアルゴリズムで見つけることです。',
    'tour.latent.title': '潜在変数（{sec:latent}）',
    'tour.latent.body': '潜在変数 z は、x をどの正規分布が生成したかを表し、観測できません。z を周辺化すると log p_{θ}(x) = log Σ_{z} p_{θ}(x, z)：和の対数であり、解析的には解けません。各 p_{θ}(x, z = k) と p_{θ}(x) の密度の等高線をオンにしておきました。',
    'tour.bound.title': '任意の q(z) とELBO（{sec:anyQ}–{sec:elbo}）',
    'tour.bound.body': '任意の q(z) について log p_{θ}(x) = ELBO(x; q, θ) + D_{KL}(q(z) ‖ p_{θ}(z | x)) です（{eq:elboKl}、{eq:decomposition}）。D_{KL} ≥ 0 なので、ELBOは下界であり、しかも対数の和の形です。点 40 を選んでおきました。スライダーでその q(z) を設定してみましょう。2つの項は変わりますが、その和は変わりません。「q(z) = p_{θ}(z | x)」を押すと D_{KL} = 0 になります。',
    'tour.estep.title': 'Eステップ',
    'tour.estep.body': '「1回反復」の前半にあたるEステップを代わりに実行しておきました。θ を固定したまま、各点の q⁽ⁿ⁾(z) を事後分布 p_{θ}(z | x⁽ⁿ⁾)（各成分がその点をどれだけ説明するか）にします。いまの点の色がそれを表しています。D_{KL} は 0 なので、ELBOは log p_{θ}(x) に等しくなります。',
    'tour.mstep.title': 'Mステップ（{sec:gmmEm}）',
    'tour.mstep.body': '次はMステップです。q を固定したまま、{eq:mObjective}の J(θ) = Σ ELBO(x; q = p_{θ_{old}}(z | x), θ) を最大化します。微分して 0 とおくと更新式が得られます — φ は負担率の平均、μ は負担率による加重平均、Σ は重み付きの広がりです。パネルでは、J が θ_{old} から新しい θ へと上がり、そこで ∂J/∂μ が 0 になる様子が見られます。',
    'tour.loglik.title': '対数尤度が上がる一方である理由',
    'tour.loglik.body': 'log p_{θ_{old}}(x) = J(θ_{old}) ≤ J(θ_{new}) ≤ log p_{θ_{new}}(x)：Eステップで下界が対数尤度に接するようにし、Mステップで下界を引き上げます。D_{KL} ≥ 0 はそこに足されるだけです。だから、このグラフは決して下がりません（反復をさらに2回実行しておきました）。',
    'tour.kmeans.title': 'EMとk-means法',
    'tour.kmeans.body': 'k-means法はEMに似ています（割り当てステップ ↔ Eステップ、更新ステップ ↔ Mステップ）が、非確率的です。ハードクラスタリングであり、目的関数はユークリッド距離の二乗和で、中心が動かなくなったところで止まります。「k-means法と比較」にチェックを入れると、同じ初期値から歩調を合わせて実行します。',
    'tour.yours.title': 'やってみましょう',
    'tour.yours.body': '「再生」はEMを収束するまで（対数尤度の変化が許容誤差より小さくなるまで）実行し、「1回反復」はEステップとMステップを1回ずつ進めます。「リセット」は同じ初期値に戻し、「新しい初期値」は新しいシードを選びます。K = 3 や別の初期化、ブログの1次元の例を試したり、下に自分のデータを貼り付けたりしてみましょう。',
  },
});

/** The open section's panel `cls`, shown (its tab selected), for a card to point at. */
const panelOf = (cls) => (inst) => {
  const el = inst.root.querySelector(`.teach-${cls}`);
  if (el && inst.reveal) inst.reveal(el);
  return el;
};

/** The cards, in the slides' order: what each explains, where it points, and what it does first. */
export const STEPS = [
  { key: 'colours', target: (inst) => inst.canvas.parentElement },
  { key: 'kl', target: panelOf('kl') },
  { key: 'truth', target: panelOf('truth') },
  { key: 'gmm', target: panelOf('gmm') },
  {
    key: 'latent',
    target: panelOf('marginal'),
    enter: (inst) => {
      const select = inst.root.querySelector('.teach-latent select');
      if (select && inst.session.state().d > 1 && select.value === 'off') {
        select.value = 'both';
        select.dispatchEvent(new Event('change'));
      }
    },
  },
  {
    key: 'bound',
    target: panelOf('bound'),
    enter: (inst) => { if (inst.choosePoint && inst.session.state().n > 39) inst.choosePoint(39); },
  },
  {
    key: 'estep',
    target: (inst) => inst.canvas.parentElement,
    enter: (inst, api) => {
      if (inst.session.state().done) { inst.session.run({ kind: 'reset' }); inst.restarted(); }
      if (inst.session.state().phase !== 'E') api.step();
    },
  },
  {
    key: 'mstep',
    target: panelOf('formulas'),
    enter: (inst, api) => {
      const phase = inst.session.state().phase;
      if (phase === 'start') api.step();
      if (inst.session.state().phase === 'E') api.step();
    },
  },
  {
    key: 'loglik',
    target: (inst) => inst.ref('chart').closest('section') || inst.ref('chart'),
    enter: (inst, api) => { for (let i = 0; i < 2 && !inst.session.state().done; i++) api.iterate(); },
  },
  { key: 'kmeans', target: panelOf('compare') },
  { key: 'yours', target: (inst) => inst.ref('transport') },
];

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const api = instance.api();
  const header = document.querySelector('header.top');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'tour-button';
  button.id = instance.id('tour-button');
  button.dataset.i18n = 'tour.button';
  button.dataset.i18nAttr = 'title:tour.buttonTitle';
  const tools = header && header.querySelector('.top-tools');
  if (header && instance.prefix === '') {
    if (tools) tools.prepend(button);
    else header.append(button);
  }
  else instance.ref('transport').append(button);
  translate(button);

  const card = document.createElement('div');
  card.className = 'tour';
  card.hidden = true;
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-modal', 'false');
  card.setAttribute('aria-labelledby', instance.id('tour-title'));
  card.setAttribute('aria-describedby', instance.id('tour-body'));
  card.innerHTML = `
    <p class="tour-count" data-ref-tour="count"></p>
    <h2 id="${instance.id('tour-title')}" tabindex="-1" data-ref-tour="title"></h2>
    <p id="${instance.id('tour-body')}" data-ref-tour="body"></p>
    <div class="tour-buttons">
      <button type="button" data-ref-tour="back"></button>
      <button type="button" class="primary" data-ref-tour="next"></button>
      <button type="button" data-ref-tour="close"></button>
    </div>`;
  instance.root.append(card);
  const part = (name) => card.querySelector(`[data-ref-tour="${name}"]`);

  let index = -1;
  let highlighted = null;

  const render = () => {
    const step = STEPS[index];
    setRich(part('count'), tRich('tour.count', { i: index + 1, n: STEPS.length }));
    setRich(part('title'), tRich(`tour.${step.key}.title`));
    setRich(part('body'), tRich(`tour.${step.key}.body`));
    setRich(part('back'), tRich('tour.back'));
    part('back').disabled = index === 0;
    setRich(part('next'), tRich(index === STEPS.length - 1 ? 'tour.finish' : 'tour.next'));
    setRich(part('close'), tRich('tour.close'));
    part('close').setAttribute('aria-label', t('tour.closeLabel'));
  };

  const show = (i) => {
    index = i;
    const step = STEPS[i];
    try { if (step.enter) step.enter(instance, api); } catch (err) { instance.showRunError(err); }
    if (highlighted) highlighted.classList.remove('tour-target');
    highlighted = step.target(instance);
    if (highlighted) {
      highlighted.classList.add('tour-target');
      highlighted.scrollIntoView({ block: 'nearest' });
    }
    render();
  };

  const close = () => {
    if (card.hidden) return;
    card.hidden = true;
    if (highlighted) highlighted.classList.remove('tour-target');
    highlighted = null;
    index = -1;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };

  const open = () => {
    card.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    show(0);
    part('next').focus();
  };

  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => (card.hidden ? open() : close()));
  part('next').addEventListener('click', () => (index === STEPS.length - 1 ? close() : show(index + 1)));
  part('back').addEventListener('click', () => {
    if (index > 0) show(index - 1);
    if (index === 0) part('next').focus();
  });
  part('close').addEventListener('click', close);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !card.hidden) { ev.preventDefault(); close(); }
  });
  onLang(() => { if (!card.hidden) render(); });
}
