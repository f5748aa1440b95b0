// The blog post, second half (chapter section 'blog'): EM in one dimension in the blog's own
// notation — blue b and yellow y (the page's components 1 and 2), bᵢ = P(b | xᵢ) and
// yᵢ = P(y | xᵢ) = 1 − bᵢ (the chapter's q⁽ⁱ⁾(z = 1), q⁽ⁱ⁾(z = 2)), P(b) (φ₁), σ_b² (not a
// matrix); Bayes' rule with the 1-D Gaussian density written out for the chosen point; the
// M-step's weighted mean and variance and the new P(b) from the data's sums; repeat until nothing
// changes; K is a hyperparameter (Choose K). Numbers from Session.blog_view.
import { register, t, tRich, setRich } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel, skipWhilePlaying } from '../panel.js';
import { pointPicker } from '../pointpick.js';
import { row, mi, mo, mn, sub, sup, frac, sqrt, block, paren } from '../math.js';

register({
  en: {
    'teach.blog.title': 'EM in one dimension, in the blog\'s notation',
    'teach.blog.oneD': 'The blog\'s picture has one column of data. Load the 1-D preset (or paste one column) to see its numbers here.',
    'teach.blog.load': 'Load the 1-D example',
    'teach.blog.map': 'The blog\'s names for the chapter\'s: blue b = component 1, yellow y = component 2; bᵢ = P(b | xᵢ) = q⁽ⁱ⁾(z = 1); yᵢ = P(y | xᵢ) = 1 − bᵢ = q⁽ⁱ⁾(z = 2); P(b) = φ₁, P(y) = φ₂; μ_{b}, σ_{b}^{2} = μ₁, σ₁² (in 1-D the covariance matrix is a single variance).',
    'teach.blog.bayes': 'Given the two distributions, Bayes\' theorem gives each point\'s probability of belonging to the blue one, with the 1-D Gaussian density:',
    'teach.blog.bayesLive': 'Point {i}, x = {x}: P(x | b) = {lb}, P(b) = {pb}; P(x | y) = {ly}, P(y) = {py}; P(b | x) = {num} / ({num} + {numy}) = {b}.',
    'teach.blog.soft': 'The Expectation step: every point gets its soft cluster, bᵢ = P(b | xᵢ) and yᵢ = P(y | xᵢ) = 1 − bᵢ — the colour of its rug mark.',
    'teach.blog.softLive': 'Point {i}: bᵢ = {b}, yᵢ = 1 − bᵢ = {y}.',
    'teach.blog.mstep': 'The Maximization step: the new blue distribution\'s mean and variance from every point, each weighted by its bᵢ; and the prior P(b) re-estimated too:',
    'teach.blog.mLive': '{name}: Σ {s}ᵢ = {sb}, Σ {s}ᵢxᵢ = {sbx}, so μ_{{s}} = {mu}; Σ {s}ᵢ(xᵢ − μ_{{s}})² = {sq}, so σ_{{s}}^{2} = {var}{reg}; P({s}) = Σ {s}ᵢ / n = {prior}.',
    'teach.blog.reg': ' (+ reg_covar {reg})',
    'teach.blog.noE': 'Take an E-step first: the sums need the bᵢ.',
    'teach.blog.blue': 'blue b',
    'teach.blog.yellow': 'yellow y',
    'teach.blog.other': 'component {k}',
    'teach.blog.repeat': 'Repeat the Expectation and Maximization steps: like k-means, it comes to a state where nothing changes any more — the clustering is done.',
    'teach.blog.repeatLive': 'Now: {status}',
    'teach.blog.k': 'The bigger problem: K must be given beforehand, as a hyperparameter. Choose K below fits K = 1…10 and compares them by BIC.',
    'teach.blog.choose': 'Go to Choose K',
  },
  ko: {
    'teach.blog.title': '블로그의 표기로 본 1차원 EM',
    'teach.blog.oneD': '블로그의 그림은 데이터 열이 하나입니다. 1차원 예제를 불러오거나(또는 열 하나를 붙여 넣으면) 여기에 그 값이 나옵니다.',
    'teach.blog.load': '1차원 예 불러오기',
    'teach.blog.map': '블로그의 이름과 이 장의 이름: 파란색 b = 1번 성분, 노란색 y = 2번 성분; bᵢ = P(b | xᵢ) = q⁽ⁱ⁾(z = 1); yᵢ = P(y | xᵢ) = 1 − bᵢ = q⁽ⁱ⁾(z = 2); P(b) = φ₁, P(y) = φ₂; μ_{b}, σ_{b}^{2} = μ₁, σ₁² (1차원에서 공분산 행렬은 분산 하나입니다).',
    'teach.blog.bayes': '두 확률 분포가 주어지면 베이즈 정리로 각 데이터가 파란 분포에 속할 확률을 구할 수 있습니다. 1차원 가우시안 분포의 밀도로:',
    'teach.blog.bayesLive': '{i}번 점, x = {x}: P(x | b) = {lb}, P(b) = {pb}; P(x | y) = {ly}, P(y) = {py}; P(b | x) = {num} / ({num} + {numy}) = {b}.',
    'teach.blog.soft': 'Expectation 단계: 모든 데이터가 소프트 클러스터 bᵢ = P(b | xᵢ), yᵢ = P(y | xᵢ) = 1 − bᵢ를 부여받습니다 — 러그 표시의 색입니다.',
    'teach.blog.softLive': '{i}번 점: bᵢ = {b}, yᵢ = 1 − bᵢ = {y}.',
    'teach.blog.mstep': 'Maximization 단계: 각 데이터를 bᵢ로 가중해 새 파란 분포의 평균과 분산을 구하고, 사전 확률 P(b)도 다시 추정합니다:',
    'teach.blog.mLive': '{name}: Σ {s}ᵢ = {sb}, Σ {s}ᵢxᵢ = {sbx}이므로 μ_{{s}} = {mu}. Σ {s}ᵢ(xᵢ − μ_{{s}})² = {sq}이므로 σ_{{s}}^{2} = {var}{reg}. P({s}) = Σ {s}ᵢ / n = {prior}.',
    'teach.blog.reg': ' (+ reg_covar {reg})',
    'teach.blog.noE': '먼저 E 단계를 실행하세요. 합을 구하려면 bᵢ가 필요합니다.',
    'teach.blog.blue': '파란색 b',
    'teach.blog.yellow': '노란색 y',
    'teach.blog.other': '{k}번 성분',
    'teach.blog.repeat': 'Expectation과 Maximization을 반복하면 K-means처럼 더 이상 변하지 않는 단계가 되고, 클러스터링이 완료됩니다.',
    'teach.blog.repeatLive': '지금: {status}',
    'teach.blog.k': 'K를 하이퍼파라미터로 미리 정해야 한다는 점이 더 큰 문제입니다. 아래의 "K 정하기"는 K = 1…10으로 추정해 BIC로 비교합니다.',
    'teach.blog.choose': 'K 정하기로 가기',
  },
  ja: {
    'teach.blog.title': 'ブログの表記で見る1次元のEM',
    'teach.blog.oneD': 'ブログの図はデータが1列です。1次元のプリセットを読み込むと（または1列のデータを貼り付けると）、ここにその値が表示されます。',
    'teach.blog.load': '1次元の例を読み込む',
    'teach.blog.map': 'ブログの名前と本章の名前の対応：青 b = 成分 1、黄 y = 成分 2。bᵢ = P(b | xᵢ) = q⁽ⁱ⁾(z = 1)、yᵢ = P(y | xᵢ) = 1 − bᵢ = q⁽ⁱ⁾(z = 2)、P(b) = φ₁、P(y) = φ₂、μ_{b}, σ_{b}^{2} = μ₁, σ₁²（1次元では、共分散行列は1つの分散です）。',
    'teach.blog.bayes': '2つの分布が与えられれば、ベイズの定理により、各点が青の分布に属する確率が求まります。1次元の正規分布の密度を使います：',
    'teach.blog.bayesLive': '点 {i}、x = {x}：P(x | b) = {lb}、P(b) = {pb}、P(x | y) = {ly}、P(y) = {py}。P(b | x) = {num} / ({num} + {numy}) = {b}。',
    'teach.blog.soft': 'Expectationステップ：すべての点がソフトなクラスタ bᵢ = P(b | xᵢ) と yᵢ = P(y | xᵢ) = 1 − bᵢ を受け取ります。これが軸の下の目盛りの色です。',
    'teach.blog.softLive': '点 {i}：bᵢ = {b}、yᵢ = 1 − bᵢ = {y}。',
    'teach.blog.mstep': 'Maximizationステップ：すべての点をそれぞれの bᵢ で重み付けして、新しい青の分布の平均と分散を求めます。事前確率 P(b) も推定し直します：',
    'teach.blog.mLive': '{name}：Σ {s}ᵢ = {sb}、Σ {s}ᵢxᵢ = {sbx} なので μ_{{s}} = {mu}。Σ {s}ᵢ(xᵢ − μ_{{s}})² = {sq} なので σ_{{s}}^{2} = {var}{reg}。P({s}) = Σ {s}ᵢ / n = {prior}。',
    'teach.blog.reg': '（+ reg_covar {reg}）',
    'teach.blog.noE': '先にEステップを実行してください。和を求めるには bᵢ が必要です。',
    'teach.blog.blue': '青 b',
    'teach.blog.yellow': '黄 y',
    'teach.blog.other': '成分 {k}',
    'teach.blog.repeat': 'ExpectationステップとMaximizationステップを繰り返すと、k-means法と同じように、やがて何も変わらない状態になり、クラスタリングが完了します。',
    'teach.blog.repeatLive': '現在：{status}',
    'teach.blog.k': 'K をハイパーパラメータとして前もって与えなければならないことが、より大きな問題です。下の「Kを選ぶ」は K = 1…10 で推定し、BICで比較します。',
    'teach.blog.choose': '「Kを選ぶ」へ移動',
  },
});

const P = (args) => row(mi('P'), mo('('), args, mo(')'));
const xi = sub(mi('x'), mi('i'));
const given = (a, b) => row(a, mo('|'), b);
const BAYES = block(P(given(mi('b'), xi)), mo('='), frac(row(P(given(xi, mi('b'))), P(mi('b'))),
  row(P(given(xi, mi('b'))), P(mi('b')), mo('+'), P(given(xi, mi('y'))), P(mi('y')))));
const DENSITY = block(P(given(xi, mi('b'))), mo('='), frac(mn(1), sqrt(row(mn(2), mi('π'), sup(sub(mi('σ'), mi('b')), mn(2))))),
  mi('exp'), row(mo('['), mo('−'), frac(sup(paren(xi, mo('−'), sub(mi('μ'), mi('b'))), mn(2)), row(mn(2), sup(sub(mi('σ'), mi('b')), mn(2)))), mo(']')));
const bi = sub(mi('b'), mi('i'));
const M_MEAN = block(sub(mi('μ'), mi('b')), mo('='), frac(row(sub(mi('b'), mn(1)), sub(mi('x'), mn(1)), mo('+'), mo('⋯'), mo('+'), sub(mi('b'), mi('n')), sub(mi('x'), mi('n'))),
  row(sub(mi('b'), mn(1)), mo('+'), mo('⋯'), mo('+'), sub(mi('b'), mi('n')))));
const M_VAR = block(sup(sub(mi('σ'), mi('b')), mn(2)), mo('='), frac(row(sub(mi('b'), mn(1)), sup(paren(sub(mi('x'), mn(1)), mo('−'), sub(mi('μ'), mi('b'))), mn(2)), mo('+'), mo('⋯')),
  row(sub(mi('b'), mn(1)), mo('+'), mo('⋯'), mo('+'), sub(mi('b'), mi('n')))));
const PRIOR = block(P(mi('b')), mo('='), frac(row(mo('∑'), P(given(mi('b'), xi))), mi('n')));
const SOFT = block(bi, mo('='), P(given(mi('b'), xi)), mo(','), sub(mi('y'), mi('i')), mo('='), P(given(mi('y'), xi)), mo('='), mn(1), mo('−'), bi);

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'blog',
    name: 'blog',
    title: 'teach.blog.title',
    steps: [
      { text: 'teach.blog.map', id: 'map' },
      { text: 'teach.blog.bayes', math: BAYES + DENSITY, live: 'bayes', id: 'bayes' },
      { text: 'teach.blog.soft', math: SOFT, live: 'soft', id: 'soft' },
      { text: 'teach.blog.mstep', math: M_MEAN + M_VAR + PRIOR, html: '<ul class="live-list" data-out="m"></ul>', id: 'mstep' },
      { text: 'teach.blog.repeat', live: 'repeat', id: 'repeat' },
      { text: 'teach.blog.k', html: '<button type="button" data-act="choose" data-i18n="teach.blog.choose"></button>', id: 'k' },
    ],
    intro: 'teach.blog.oneD',
  });
  const { panel } = p;
  const intro = panel.querySelector('.hint');
  const load = document.createElement('button');
  load.type = 'button';
  load.dataset.i18n = 'teach.blog.load';
  load.dataset.act = 'load';
  setRich(load, tRich('teach.blog.load'));
  intro.after(load);
  const list = panel.querySelector('.argument');
  list.before(pointPicker(instance, p.id('point')));
  const picker = panel.querySelector('.point-pick');
  const name = (k) => t(k === 0 ? 'teach.blog.blue' : k === 1 ? 'teach.blog.yellow' : 'teach.blog.other', { k: k + 1 });
  /** The blog's letter for component k: b (blue), y (yellow), then q⁽ⁱ⁾(z = k)'s k. */
  const letter = (k) => (k === 0 ? 'b' : k === 1 ? 'y' : `q${k + 1}`);

  const render = (s = instance.session.state()) => {
    if (!p.shown() || skipWhilePlaying(instance, s)) return;
    try {
      const i = Math.min(instance.focusPoint ?? 0, s.n - 1);
      const b = instance.session.chapter({ blog: { index: i } }).blog;
      panel.dataset.oneD = String(b.oneD);
      intro.hidden = b.oneD;
      load.hidden = b.oneD;
      list.hidden = !b.oneD;
      picker.hidden = !b.oneD;
      if (!b.oneD) return;
      panel.dataset.blog = JSON.stringify(b);
      const pt = b.point;
      const [lb, ly] = [pt.likelihood[0], pt.likelihood[1] ?? 0];
      const [jb, jy] = [pt.joint[0], pt.joint.slice(1).reduce((a, v) => a + v, 0)];
      p.live('bayes', 'teach.blog.bayesLive', {
        i: i + 1, x: fmt(pt.x, 4), lb: fmt(lb, 4), ly: fmt(ly, 4), pb: fmt(b.components[0].prior, 4), py: fmt(b.components[1] ? b.components[1].prior : 0, 4),
        num: fmt(jb, 4), numy: fmt(jy, 4), b: fmt(pt.posterior[0], 4),
      });
      p.live('soft', 'teach.blog.softLive', { i: i + 1, b: fmt(pt.posterior[0], 4), y: fmt(1 - pt.posterior[0], 4) });
      const m = panel.querySelector('[data-out="m"]');
      if (b.components[0].sumB === null || b.components[0].sumB === undefined) {
        m.innerHTML = `<li>${t('teach.blog.noE')}</li>`;
      } else {
        m.replaceChildren(...b.components.map((c) => { const li = document.createElement('li'); li.dataset.k = String(c.k); setRich(li, tRich('teach.blog.mLive', {
          name: name(c.k), s: letter(c.k), sb: fmt(c.sumB, 4), sbx: fmt(c.sumBx, 4), mu: fmt(c.nextMean, 4), sq: fmt(c.sumBSq, 4),
          var: fmt(c.nextVariance, 4), reg: b.regCovar > 0 ? t('teach.blog.reg', { reg: String(b.regCovar) }) : '', prior: fmt(c.nextPrior, 4),
        }));
        return li;
        }));
      }
      p.live('repeat', 'teach.blog.repeatLive', { status: instance.ref('status').textContent });
    } catch (err) { instance.showRunError(err); }
  };
  load.addEventListener('click', () => instance.loadPreset('one-d'));
  panel.querySelector('[data-act="choose"]').addEventListener('click', () => {
    const choose = instance.root.querySelector('.teach-select');
    if (choose) { choose.scrollIntoView({ block: 'start' }); const b = choose.querySelector('button'); if (b) b.focus(); }
  });
  instance.on('refresh', render);
  instance.on('focus-point', () => render());
  instance.on('section', () => render());
}
