// Variational Bayes (issue 22): the words of the settings' Method switch (EM, or variational
// Bayes by its prior on the weights: the names come from Session.rules().methods), of the status
// line's "components in use", and a short text under the settings, shown while VB runs, that
// places it beside the chapter's EM. The run, the fading by E[πₖ] and the count are Rust's
// (emviz_app::vb_run); this file only words them.
import { register, translate } from '../i18n.js';
import { block, lines, row, mi, mo, sum, log, frac, q, pt, x, theta, dkl, given, elboXqT, elbo, eq, plus, tag } from '../math.js';

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
    'vb.place.title': "Variational Bayes and the chapter's ELBO",
    'vb.place.em': "The chapter's ELBO ({eq:elbo}): q covers the latent variable z alone, and θ is a single value that the M-step moves. The E-step sets q(z) = p_{θ}(z | x), so D_{KL} = 0 in {eq:decomposition} and the ELBO touches the log-likelihood.",
    'vb.place.vb': 'Variational Bayes keeps the same lower bound but puts a prior distribution p(θ) on the parameters and gives them a distribution q(θ) as well, so q covers z and θ together:',
    'vb.place.steps': "Its E-step raises the bound by changing q(z) with q(θ) fixed, its M-step by changing q(θ) with q(z) fixed, so the bound never falls, like EM's. But the KL term can no longer be brought to 0 (p(z, θ | x) is not a product q(z) q(θ)), and log p(x) itself cannot be computed: under variational Bayes the chart shows the bound alone.",
    'vb.place.k': "It also answers the blog's remark that having to give K as a hyperparameter is the bigger problem: with a Dirichlet (process) prior on the mixing weights, the components no points need lose their expected weight and switch off.",
    'vb.place.vae': 'Where it leads: the variational autoencoder (VAE) maximizes the same ELBO, with q(z | x) and p_{θ}(x | z) made by neural networks and trained by gradient ascent instead of closed-form steps.',
    'vb.chapterNote': "The figure now runs variational Bayes; the chapter's panels below teach the EM algorithm and show its run from the same start, not the figure's. Switch the method back to EM to follow them step by step.",
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
    'vb.place.title': '변분 베이즈와 이 장의 ELBO',
    'vb.place.em': '이 장의 ELBO({eq:elbo})에서 q는 잠재 변수 z만 다루고, θ는 M 단계가 옮기는 하나의 값입니다. E 단계가 q(z) = p_{θ}(z | x)로 설정하므로 {eq:decomposition}의 D_{KL} = 0이 되고, ELBO가 로그 가능도에 닿습니다.',
    'vb.place.vb': '변분 베이즈는 같은 하한을 쓰되, 파라미터에 사전 분포 p(θ)를 두고 파라미터에도 분포 q(θ)를 줍니다. 그래서 q가 z와 θ를 함께 다룹니다:',
    'vb.place.steps': 'E 단계는 q(θ)를 고정하고 q(z)를 바꿔서, M 단계는 q(z)를 고정하고 q(θ)를 바꿔서 하한을 올리므로, EM처럼 하한은 내려가지 않습니다. 하지만 KL 항을 더는 0으로 만들 수 없고(p(z, θ | x)는 곱 q(z) q(θ)가 아닙니다), log p(x) 자체는 계산할 수 없습니다. 그래서 변분 베이즈에서는 차트에 하한만 나옵니다.',
    'vb.place.k': '블로그가 지적한 "K를 하이퍼파라미터로 주어야 하는 것이 더 큰 문제"에 대한 답이기도 합니다. 혼합 가중치에 디리클레 (과정) 사전 분포를 두면, 어떤 점도 필요로 하지 않는 성분은 가중치의 기댓값을 잃고 꺼집니다.',
    'vb.place.vae': '다음으로 이어지는 곳: 변이형 오토인코더(VAE)는 같은 ELBO를 최대화합니다. 다만 q(z | x)와 p_{θ}(x | z)를 신경망으로 만들고, 닫힌 형태의 단계 대신 경사 상승법으로 파라미터를 추정합니다.',
    'vb.chapterNote': '그림은 지금 변분 베이즈를 실행합니다. 아래 장의 패널은 EM 알고리즘을 설명하며, 그림의 실행이 아니라 같은 시작점에서의 EM 실행을 보여 줍니다. 한 단계씩 따라가려면 방법을 다시 EM으로 바꾸세요.',
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
    'vb.place.title': '変分ベイズとこの章のELBO',
    'vb.place.em': 'この章のELBO（{eq:elbo}）では、q は潜在変数 z だけを扱い、θ はMステップが動かす一つの値です。Eステップで q(z) = p_{θ}(z | x) とするので {eq:decomposition} の D_{KL} = 0 となり、ELBOが対数尤度に一致します。',
    'vb.place.vb': '変分ベイズは同じ下界を使いますが、パラメータに事前分布 p(θ) を置き、パラメータにも分布 q(θ) を与えます。そのため q は z と θ の両方を扱います：',
    'vb.place.steps': 'Eステップは q(θ) を固定して q(z) を変え、Mステップは q(z) を固定して q(θ) を変えて下界を上げるので、EMと同じく下界は下がりません。ただし、KLの項はもう 0 にできず（p(z, θ | x) は積 q(z) q(θ) ではありません）、log p(x) そのものは計算できません。そのため変分ベイズではグラフに下界だけを表示します。',
    'vb.place.k': 'ブログが指摘した「K をハイパーパラメータとして与えなければならないことの方が大きな問題」への答えでもあります。混合係数にディリクレ（過程）事前分布を置くと、どの点にも必要とされない成分は重みの期待値を失い、使われなくなります。',
    'vb.place.vae': 'この先へ：変分オートエンコーダ（VAE）は同じELBOを最大化します。ただし q(z | x) と p_{θ}(x | z) をニューラルネットワークで作り、閉じた形の更新の代わりに勾配上昇法でパラメータを推定します。',
    'vb.chapterNote': '図は現在、変分ベイズを実行しています。下の章のパネルはEMアルゴリズムを説明し、図の実行ではなく同じ初期値からのEMの実行を表示します。ステップごとに追うには、方法をEMに戻してください。',
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
  const place = placing();
  about.after(place);
  translate(place);
  // The chapter's panels (and exercises) teach EM and read the EM run: under VB they say so.
  const chapterNote = document.createElement('p');
  chapterNote.className = 'vb-chapter-note';
  chapterNote.dataset.i18n = 'vb.chapterNote';
  chapterNote.hidden = true;
  const heading = instance.root.querySelector('.teach-contents h2');
  if (heading) heading.after(chapterNote);
  translate(chapterNote);
  instance.on('refresh', (/** @type {import('emviz-wasm').State} */ state) => {
    about.hidden = state.componentsInUse == null;
    place.hidden = about.hidden;
    chapterNote.hidden = about.hidden;
  });
}

const z = mi('z');
const xzt = row(x, mo(','), z, mo(','), theta);
const p = (args) => row(mi('p'), mo('('), args, mo(')'));
const qzqt = row(q(z), q(theta));
/** The chapter's ELBO (eq. 5.6), q over z alone. */
const EM_ELBO = block(elboXqT, eq, sum('z'), q(z), log, frac(pt(row(x, mo(','), z)), q(z)), tag('elbo'));
/** Variational Bayes: the same bound with q over z and θ, and eq. 5.7's decomposition. */
const VB_ELBO = block(elbo(row(x, mo(';'), mi('q'))), eq, sum('z'), mo('∫'), qzqt, log, frac(p(xzt), qzqt), mi('d'), theta);
const VB_SPLIT = lines(
  [row(log, p(x)), row(eq, elbo(row(x, mo(';'), mi('q'))))],
  ['', row(plus, dkl(qzqt, p(given(row(z, mo(','), theta), x))))],
);

/** "Variational Bayes and the chapter's ELBO": where VB stands beside eq. 5.6 and where it leads. */
function placing() {
  const box = document.createElement('details');
  box.className = 'vb-place';
  box.hidden = true;
  const para = (key) => `<p data-i18n="${key}"></p>`;
  box.innerHTML = `<summary data-i18n="vb.place.title"></summary>${para('vb.place.em')}${EM_ELBO}${para('vb.place.vb')}${VB_ELBO}${VB_SPLIT}${para('vb.place.steps')}${para('vb.place.k')}${para('vb.place.vae')}`;
  return box;
}
