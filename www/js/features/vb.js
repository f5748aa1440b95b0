// Variational Bayes (issue 22): the words of the settings' Method switch (EM, or variational
// Bayes by its prior on the weights: the names come from Session.rules().methods), of the status
// line's "components in use", and a short text under the settings, shown while VB runs, that
// places it beside the chapter's EM. The run, the fading by E[πₖ] and the count are Rust's
// (emviz_app::vb_run); this file only words them.
import { register, translate } from '../i18n.js';

register({
  en: {
    'vb.method': 'Method',
    'vb.method.em': 'EM algorithm',
    'vb.method.dirichlet_process': 'variational Bayes (Dirichlet process)',
    'vb.method.dirichlet_distribution': 'variational Bayes (Dirichlet distribution)',
    'vb.inUse': '{used} of {k} components in use',
    'vb.phase.start': "Start: q(θ) made from the start's responsibilities; points are grey until the first E-step (seed {seed}).",
    'vb.phase.E': "E-step: each point's colour is now q(z), made from expectations under q(θ) (seed {seed}).",
    'vb.phase.M': "M-step: q(θ) re-estimated from the responsibilities — the full variational lower bound L(q(z), q(θ)) = {bound} never falls (scikit-learn's lower_bound_ differs from it by a constant) (seed {seed}).",
    'vb.about': 'Under variational Bayes the parameters get a distribution too: q covers z and θ = (π, μ, Λ). The E-step makes q(z) as in EM; the M-step makes q(θ) from the same sums. Each component is drawn with its expected mixing weight E[π] (faint when small) and its expected covariance matrix; a component that no points need loses its weight and fades out (PRML Fig. 10.6). The status line counts the components with E[π] above 0.01.',
  },
  ko: {
    'vb.method': '방법',
    'vb.method.em': 'EM 알고리즘',
    'vb.method.dirichlet_process': '변분 베이즈(디리클레 과정)',
    'vb.method.dirichlet_distribution': '변분 베이즈(디리클레 분포)',
    'vb.inUse': '성분 {k}개 중 {used}개 사용 중',
    'vb.phase.start': '시작: 시작점의 부담률로 q(θ)를 만들었습니다. 첫 E 단계 전까지 점은 회색입니다 (시드 {seed}).',
    'vb.phase.E': 'E 단계: 이제 각 점의 색은 q(θ)에 대한 기댓값으로 만든 q(z)입니다 (시드 {seed}).',
    'vb.phase.M': 'M 단계: 부담률로 q(θ)를 다시 추정했습니다 — 변분 베이즈의 하한 L(q(z), q(θ)) = {bound}은 내려가지 않습니다(scikit-learn의 lower_bound_와는 상수만큼 다릅니다) (시드 {seed}).',
    'vb.about': '변분 베이즈: 파라미터에도 분포를 두므로 q가 z와 θ = (π, μ, Λ)를 함께 다룹니다. E 단계는 EM처럼 q(z)를 만들고, M 단계는 같은 합으로 q(θ)를 만듭니다. 각 성분은 혼합 가중치의 기댓값 E[π]만큼 진하게(작으면 흐리게), 기대 공분산 행렬로 그립니다. 어떤 점도 필요로 하지 않는 성분은 가중치를 잃고 사라집니다(PRML 그림 10.6). 상태 줄은 E[π]가 0.01보다 큰 성분의 수를 셉니다.',
  },
  ja: {
    'vb.method': '方法',
    'vb.method.em': 'EMアルゴリズム',
    'vb.method.dirichlet_process': '変分ベイズ（ディリクレ過程）',
    'vb.method.dirichlet_distribution': '変分ベイズ（ディリクレ分布）',
    'vb.inUse': '成分{k}個のうち{used}個を使用中',
    'vb.phase.start': '初期状態：初期値の負担率から q(θ) を作りました。最初のEステップまで点は灰色です（シード {seed}）。',
    'vb.phase.E': 'Eステップ：各点の色は、q(θ) のもとでの期待値から作った q(z) になりました（シード {seed}）。',
    'vb.phase.M': 'Mステップ：負担率から q(θ) を推定し直しました。変分ベイズの下界 L(q(z), q(θ)) = {bound} は下がりません（scikit-learnの lower_bound_ とは定数だけ異なります）（シード {seed}）。',
    'vb.about': '変分ベイズ: パラメータにも分布を与えるので、q は z と θ = (π, μ, Λ) の両方を扱います。EステップはEMと同じく q(z) を作り、Mステップは同じ和から q(θ) を作ります。各成分は混合係数の期待値 E[π] の濃さ（小さいと薄く）と期待される共分散行列で描かれます。どの点にも必要とされない成分は重みを失って消えていきます（PRML 図10.6）。状態の行は E[π] が 0.01 を超える成分の数を数えます。',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const about = document.createElement('p');
  about.className = 'vb-about';
  about.dataset.i18n = 'vb.about';
  about.hidden = true;
  instance.ref('settings').after(about);
  translate(about);
  instance.on('refresh', (/** @type {import('emviz-wasm').State} */ state) => {
    about.hidden = state.componentsInUse == null;
  });
}
