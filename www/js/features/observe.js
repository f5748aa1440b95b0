// The blog post, first half (chapter section 'blog'): soft clustering — a point may belong to
// several clusters, with the chosen point's shares live; the Observation — with every point's
// cluster known (its true label: generated data keep it) each cluster's mean and variance are
// just those of its own points: a "true labels" view colours the points by their source and lists
// each colour's estimate (and p*'s own parameters); hiding the labels poses the chicken-and-egg
// problem, which EM answers from a random start. Numbers from Session.complete_data and
// point_bound; the colours are drawn by Rust (Session.show_labels).
import { register, t } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel, skipWhilePlaying } from '../panel.js';

register({
  en: {
    'teach.observe.title': 'Soft clustering and the chicken and the egg (blog)',
    'teach.observe.soft': 'k-means puts each data point in one cluster only (hard clustering). In real problems a point need not belong to one cluster only: colleague A belongs with the work colleagues, and after work with the friends — 0.6 to the one group and 0.4 to the other, say. Clusters that may overlap: soft clustering. EM treats each cluster as a probability distribution with parameters (for a Gaussian distribution: a mean and a variance) and finds them.',
    'teach.observe.softLive': 'Point {i} belongs {shares}.',
    'teach.observe.share': '{v} to component {k}',
    'teach.observe.observation': 'Observation: suppose we know which cluster each point came from. Then estimating each cluster is easy: the mean and variance of the blue points, and of the yellow ones.',
    'teach.observe.show': 'Colour the points by their true labels',
    'teach.observe.unknown': 'The points\' true labels are not known for these data (only for generated ones).',
    'teach.observe.load': 'Load data with known labels (1-D)',
    'teach.observe.label': 'true label z',
    'teach.observe.count': 'points',
    'teach.observe.weight': 'share φ',
    'teach.observe.mean': 'mean μ',
    'teach.observe.spread': 'variance σ² / covariance Σ',
    'teach.observe.truth': 'The values of p* itself: φ = ({w}), μ = {m}.',
    'teach.observe.problem': 'But that is not our problem: we have the data but do not know which distribution (cluster) each point came from — and want to find out. Hide the labels: that is the data EM sees.',
    'teach.observe.given': 'Now suppose someone tells us there are 2 clusters and gives each one\'s parameters, right or wrong: we can then cluster the points by each one\'s likelihood (Bayes\' theorem), just as k-means starts from means chosen at random.',
    'teach.observe.chicken': 'A chicken-and-egg problem: 1. knowing the distributions, we know which distribution each point belongs to (the Expectation step); 2. knowing where each point belongs, we can find the distributions\' parameters from the data (the Maximization step). EM assumes random distributions (like k-means\' start) and repeats both.',
    'teach.observe.play': 'From a random start, play EM',
  },
  ko: {
    'teach.observe.title': '소프트 클러스터링과 ‘닭이 먼저냐 달걀이 먼저냐’의 문제 (블로그)',
    'teach.observe.soft': 'K-means 알고리즘은 하나의 데이터 포인트가 하나의 클러스터에만 포함되는 구조입니다(하드 클러스터링). 하지만 현실의 문제에서 하나의 데이터가 꼭 하나의 클러스터에만 포함되어야 할 이유는 없습니다. 직장 동료 A는 직장 동료로 묶일 수도, 퇴근 후에는 친구로 묶일 수도 있습니다 — 직장 동료 그룹에 0.6만큼, 친구 그룹에 0.4만큼. 여러 클러스터가 서로 겹쳐질 수 있는 클러스터링이 소프트 클러스터링입니다. EM 알고리즘은 각 클러스터를 파라미터가 있는 확률 분포로 보고(가우시안 분포라면 평균과 분산) 그 파라미터를 찾습니다.',
    'teach.observe.softLive': '{i}번 점은 {shares}만큼 속합니다.',
    'teach.observe.share': '{k}번 성분에 {v}',
    'teach.observe.observation': 'Observation: 어떤 클러스터인지 알고 있는 데이터가 주어졌다고 가정해 봅시다. 각 클러스터의 파라미터는 간단히 추정할 수 있습니다. 노란색 데이터들의 평균과 분산을 구하고, 파란색 데이터들의 평균과 분산을 구하면 됩니다.',
    'teach.observe.show': '점을 실제 레이블로 칠하기',
    'teach.observe.unknown': '이 데이터에는 실제 레이블이 없습니다(생성한 데이터에만 있습니다).',
    'teach.observe.load': '레이블을 아는 데이터 불러오기 (1차원)',
    'teach.observe.label': '실제 레이블 z',
    'teach.observe.count': '점 수',
    'teach.observe.weight': '비율 φ',
    'teach.observe.mean': '평균 μ',
    'teach.observe.spread': '분산 σ² / 공분산 행렬 Σ',
    'teach.observe.truth': 'p*의 실제 값: φ = ({w}), μ = {m}.',
    'teach.observe.problem': '하지만 우리가 풀려는 문제는 그것이 아닙니다. 여러 데이터가 있지만 각 데이터 포인트가 어떤 분포(클러스터)에서 나온 것인지 알지 못하는 상황에서, 어떤 데이터가 어떤 클러스터에 속하는지 알아내려는 것입니다. 레이블을 숨겨 보세요: EM이 보는 데이터가 바로 그것입니다.',
    'teach.observe.given': '이번에는 누군가 와서 클러스터가 2개 있고 각 클러스터(확률 분포)의 파라미터를 알려 준다고 해 봅시다. 맞든 틀리든 그 분포를 기준으로 데이터들을 클러스터링할 수 있습니다(베이즈 정리로 각 데이터의 가능도를 기준으로). 마치 K-means에서 처음 평균값을 임의로 지정하는 것과 같습니다.',
    'teach.observe.chicken': '결국 닭이 먼저냐 달걀이 먼저냐의 문제가 됩니다. 1. 분포를 알면 각 데이터가 어떤 분포에 속한 데이터인지 알 수 있고(Expectation step), 2. 데이터가 어떤 분포에 속하는지 알면 데이터로부터 분포의 파라미터를 알 수 있습니다(Maximization step). EM 알고리즘은 랜덤한 확률 분포를 가정한 뒤(K-means의 시작처럼) 이 두 가지를 반복합니다.',
    'teach.observe.play': '무작위 시작점에서 EM 재생',
  },
  ja: {
    'teach.observe.title': 'ソフトクラスタリングと鶏が先か卵が先かの問題（ブログ）',
    'teach.observe.soft': 'k-means法では、各データ点はただ1つのクラスタにだけ属します（ハードクラスタリング）。しかし現実の問題では、1つのデータが1つのクラスタだけに属さなければならない理由はありません。同僚のAさんは、職場では同僚のグループに、仕事の後は友人のグループにまとめられるかもしれません。たとえば、一方のグループに 0.6、もう一方に 0.4 だけ属している、というように。重なり合うことのあるクラスタによるクラスタリングが、ソフトクラスタリングです。EMは、各クラスタをパラメータを持つ確率分布（正規分布なら平均と分散）とみなし、そのパラメータを求めます。',
    'teach.observe.softLive': '点 {i} は、{shares} の割合で属しています。',
    'teach.observe.share': '成分 {k} に {v}',
    'teach.observe.observation': '観察：各点がどのクラスタから来たのかが分かっているとしましょう。それなら、各クラスタの推定は簡単です。黄色い点の平均と分散を求め、青い点の平均と分散を求めればよいのです。',
    'teach.observe.show': '真のラベルで点を色分け',
    'teach.observe.unknown': 'このデータでは、点の真のラベルは分かりません（分かるのは生成したデータだけです）。',
    'teach.observe.load': 'ラベルが分かっているデータを読み込む（1次元）',
    'teach.observe.label': '真のラベル z',
    'teach.observe.count': '点の数',
    'teach.observe.weight': '割合 φ',
    'teach.observe.mean': '平均 μ',
    'teach.observe.spread': '分散 σ² / 共分散行列 Σ',
    'teach.observe.truth': 'p* の実際の値：φ = ({w})、μ = {m}。',
    'teach.observe.problem': 'しかし、私たちが解こうとしている問題はそうではありません。データはあっても、各データ点がどの分布（クラスタ）から来たのかは分からず、それを知りたいのです。ラベルを隠してみましょう。それがEMの見ているデータです。',
    'teach.observe.given': '今度は、誰かがやって来て、クラスタは2つあると教え、それぞれのパラメータを（正しいかどうかはともかく）教えてくれたとします。すると、それぞれの分布での尤度を基準に（ベイズの定理）、点をクラスタリングできます。ちょうどk-means法が、ランダムに選んだ平均から始めるのと同じです。',
    'teach.observe.chicken': '鶏が先か卵が先かの問題です。1. 分布が分かれば、各点がどの分布に属するかが分かります（Expectationステップ）。2. 各点がどこに属するかが分かれば、データから分布のパラメータを求められます（Maximizationステップ）。EMはランダムな分布を仮定し（k-means法の始まりのように）、この2つを繰り返します。',
    'teach.observe.play': 'ランダムな初期値からEMを再生',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'blog',
    name: 'observe',
    title: 'teach.observe.title',
    steps: [
      { text: 'teach.observe.soft', live: 'soft', id: 'soft' },
      {
        text: 'teach.observe.observation', id: 'observation',
        html: `<p class="observe-toggle"><input type="checkbox" id="${instance.id('observe-show')}">
            <label for="${instance.id('observe-show')}" data-i18n="teach.observe.show"></label></p>
          <p class="hint" data-out="unknown" data-i18n="teach.observe.unknown"></p>
          <button type="button" data-act="load" data-i18n="teach.observe.load"></button>
          <table class="chapter-table" data-testid="observe-groups"><thead><tr>
            <th scope="col" data-i18n="teach.observe.label"></th><th scope="col" data-i18n="teach.observe.count"></th>
            <th scope="col" data-i18n="teach.observe.weight"></th><th scope="col" data-i18n="teach.observe.mean"></th>
            <th scope="col" data-i18n="teach.observe.spread"></th></tr></thead><tbody></tbody></table>`,
        live: 'truth',
      },
      { text: 'teach.observe.problem', id: 'problem' },
      { text: 'teach.observe.given', id: 'given' },
      { text: 'teach.observe.chicken', id: 'chicken', html: '<button type="button" data-act="play" data-i18n="teach.observe.play"></button>' },
    ],
  });
  const { panel } = p;
  const q = (sel) => panel.querySelector(sel);
  const box = q('input[type="checkbox"]');

  const render = (s = instance.session.state()) => {
    if (!p.shown() || skipWhilePlaying(instance, s)) return;
    try {
      const i = Math.min(instance.focusPoint ?? 0, s.n - 1);
      const b = instance.session.point(i, null).bound;
      p.live('soft', 'teach.observe.softLive', {
        i: i + 1, shares: b.terms.map((term) => t('teach.observe.share', { v: fmt(term.q, 2), k: term.k + 1 })).join(', '),
      });
      const { complete: c } = instance.session.chapter({ complete: true });
      panel.dataset.labels = c.known ? 'known' : 'unknown';
      box.disabled = !c.known;
      box.checked = c.shown;
      q('[data-out="unknown"]').hidden = c.known;
      q('[data-act="load"]').hidden = c.known;
      q('[data-testid="observe-groups"]').hidden = !c.known;
      if (!c.known) { p.live('truth', null); return; }
      const vec = (v) => (v.length === 1 ? fmt(v[0], 3) : `(${v.map((a) => fmt(a, 3)).join(', ')})`);
      const spread = (cov) => (cov.length === 1 ? fmt(cov[0], 3) : `[${cov.map((a) => fmt(a, 3)).join(', ')}]`);
      q('[data-testid="observe-groups"] tbody').innerHTML = c.groups.map((g) => `<tr>
        <th scope="row"><span class="swatch" style="background:${g.color}"></span>${g.k + 1}</th>
        <td>${g.count}</td><td data-value="${g.weight}">${fmt(g.weight, 3)}</td>
        <td data-value="${g.mean ? g.mean.join(' ') : ''}">${g.mean ? vec(g.mean) : '—'}</td>
        <td data-value="${g.covariance ? g.covariance.join(' ') : ''}">${g.covariance ? spread(g.covariance) : '—'}</td></tr>`).join('');
      p.live('truth', 'teach.observe.truth', { w: c.trueWeights.map((w) => fmt(w, 3)).join(', '), m: c.trueMeans.map(vec).join(', ') });
    } catch (err) { instance.showRunError(err); }
  };

  box.addEventListener('change', () => {
    instance.session.set_view({ labels: box.checked });
    instance.player.invalidate();
    render();
  });
  q('[data-act="load"]').addEventListener('click', () => instance.loadPreset('one-d'));
  q('[data-act="play"]').addEventListener('click', () => {
    instance.session.set_view({ labels: false });
    const random = instance.ref('init').querySelector('option[value="random"]');
    if (random) instance.applySettings({ init: 'random' });
    instance.api().play();
  });
  instance.on('refresh', render);
  instance.on('focus-point', () => render());
  instance.on('section', () => render());
}
