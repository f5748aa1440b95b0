// EM vs K-means, as the slides present it (chapter section 'kmeans'): is K-means clustering a
// form of EM? The similarities (assignment step ↔ E-step, update step ↔ M-step), the differences
// (non-probabilistic vs a probability model; the sum of squared Euclidean distances minimized vs
// the log-likelihood maximized; centres that converge vs a log-likelihood that converges), hard vs
// soft clustering named, and the conclusion. "Compare with K-means" shows a second canvas where
// K-means runs from the same starting means on the same data in lockstep with EM; Rust keeps it in
// step and draws it (Voronoi cells, hard clusters, centres) and gives every number
// (Session.kmeans_state: the objective, the last centre shift, both stopping rules).
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { messageOf, fmt, fixed } from '../ui.js';
import { row, mi, mo, mn, sub, sup, sum, block, xn, paren } from '../math.js';

register({
  en: {
    'teach.preset.elongated': 'Elongated strips (k-means and EM disagree)',
    'teach.compare.title': 'EM vs k-means clustering',
    'teach.compare.question': 'Is k-means clustering a form of the EM algorithm?',
    'teach.compare.similar': 'Similarities',
    'teach.compare.assign': 'k-means\' assignment step: each data point to its nearest cluster. EM\'s E-step: each data point gets its probabilities of belonging to each cluster.',
    'teach.compare.update': 'k-means\' update step: the cluster centres are updated. EM\'s M-step: the probability model\'s parameters are updated to maximize its objective.',
    'teach.compare.differ': 'Differences',
    'teach.compare.model': 'A probability model or not: k-means is non-probabilistic; the EM algorithm rests on a probability model. k-means is hard clustering (each point wholly in one cluster: 0 or 1), EM soft clustering (the responsibilities).',
    'teach.compare.objective': 'The objective: k-means minimizes the sum of squared Euclidean distances, EM maximizes the log-likelihood.',
    'teach.compare.centre': 'c_{k(n)}: the centre of the cluster x⁽ⁿ⁾ is assigned to.',
    'teach.compare.stop': 'When to stop: k-means repeats until the cluster centres converge, EM until the log-likelihood converges.',
    'teach.compare.conclusion': 'Conclusion: k-means is not quite a form of EM, but the two share the same iterative approach. It can be seen as a special, boundary case of EM in which each point belongs to a cluster with probability just 0 or 1 — more exactly, a non-probabilistic variant of the EM algorithm.',
    'teach.compare.toggle': 'Compare with k-means',
    'teach.compare.disagree': 'Show a case where they disagree',
    'teach.compare.hint': 'k-means starts from the same means as EM and moves in lockstep: each E-step ↔ an assignment step, each M-step ↔ an update step. Tinted cells: where each centre is nearest.',
    'teach.compare.canvas': 'k-means plot',
    'teach.compare.em': 'EM: mean log-likelihood {ll} (maximized)',
    'teach.compare.km': 'k-means: sum of squared Euclidean distances {inertia} (minimized)',
    'teach.compare.steps': 'k-means has taken {a} assignment steps and {u} update steps.',
    'teach.compare.stopKm': 'k-means\' stopping rule: the centres last moved {shift}{done}',
    'teach.compare.stopKmNone': 'k-means\' stopping rule: no update step yet.',
    'teach.compare.kmDone': ' — converged.',
    'teach.compare.kmGoing': '.',
    'teach.compare.stopEm': 'EM\'s stopping rule: the mean log-likelihood last changed by {change} (tolerance {tol}){done}',
    'teach.compare.stopEmNone': 'EM\'s stopping rule: no iteration yet.',
    'teach.compare.emDone': ' — converged.',
    'teach.compare.differN': 'Points the two methods put in different clusters: {n} of {total}.',
    'teach.compare.noDiffer': 'The partitions are compared after the first E-step.',
  },
  ko: {
    'teach.preset.elongated': '길쭉한 띠 두 개 (K-means와 EM의 결과가 다름)',
    'teach.compare.title': 'EM vs K-means 클러스터링',
    'teach.compare.question': 'K-means 클러스터링이 EM 방식의 한 형태인가?',
    'teach.compare.similar': 'K-means와 EM 알고리즘의 유사점',
    'teach.compare.assign': 'K-means 할당 단계(Assignment): 데이터 포인트를 가장 가까운 클러스터에 할당. EM 알고리즘 E 단계: 데이터 포인트에 각 클러스터에 속할 확률값을 할당.',
    'teach.compare.update': 'K-means 업데이트 단계(Update): 클러스터 중심을 업데이트하는 과정. EM 알고리즘의 M 단계: 확률 모델의 파라미터를 최대화하는 과정.',
    'teach.compare.differ': '차이점',
    'teach.compare.model': '확률 모델 사용 여부: K-means는 비확률적(non-probabilistic) 방법인 반면, EM 알고리즘은 확률 모델 기반입니다. K-means는 하드 클러스터링(각 점이 한 클러스터에만: 0 또는 1), EM은 소프트 클러스터링(부담률)입니다.',
    'teach.compare.centre': 'c_{k(n)}: x⁽ⁿ⁾가 할당된 클러스터의 중심.',
    'teach.compare.objective': '목표 함수: K-means는 유클리드 거리 제곱합(sum of squared Euclidean distances)을 최소화하려고 하며, EM 알고리즘은 로그 가능도 함수를 최대화하려 합니다.',
    'teach.compare.stop': '수렴 조건: K-means는 클러스터 중심이 수렴할 때까지 반복하지만, EM 알고리즘은 로그 가능도 함수가 수렴할 때까지 반복합니다.',
    'teach.compare.conclusion': '결론: K-means 클러스터링은 EM 방식의 한 형태라고 말하기에는 부족한 부분이 존재하지만, 두 알고리즘이 기본적으로 비슷한 반복적 접근 방식을 사용한다는 점에서 유사성을 인정할 수 있습니다. K-means를 EM 알고리즘의 특수한 경우로 볼 수 있다고 주장하는 시각도 있습니다. 예를 들어 K-means는 잠재 변수가 클러스터 중심이며 각 데이터가 클러스터에 속할 확률이 단순히 "0 또는 1"로 결정되는 경계 케이스로 볼 수 있습니다. 더 정확히 말하면, K-means 클러스터링은 EM 알고리즘의 비확률적(non-probabilistic) 변형에 가깝다고 할 수 있습니다.',
    'teach.compare.toggle': 'K-means와 비교하기',
    'teach.compare.disagree': '둘의 결과가 다른 예 보기',
    'teach.compare.hint': 'K-means는 EM과 같은 평균에서 출발해 한 단계씩 나란히 진행합니다. E 단계 ↔ 할당 단계, M 단계 ↔ 업데이트 단계. 옅게 칠한 영역은 각 중심이 가장 가까운 곳입니다.',
    'teach.compare.canvas': 'K-means 그림',
    'teach.compare.em': 'EM: 평균 로그 가능도 {ll} (최대화)',
    'teach.compare.km': 'K-means: 유클리드 거리 제곱합 {inertia} (최소화)',
    'teach.compare.steps': 'K-means 진행: 할당 단계 {a}번, 업데이트 단계 {u}번',
    'teach.compare.stopKm': 'K-means의 수렴 조건: 중심이 마지막으로 움직인 거리 {shift}{done}',
    'teach.compare.stopKmNone': 'K-means의 수렴 조건: 아직 업데이트 단계가 없습니다.',
    'teach.compare.kmDone': ' — 수렴했습니다.',
    'teach.compare.kmGoing': '',
    'teach.compare.stopEm': 'EM의 수렴 조건: 평균 로그 가능도가 마지막으로 바뀐 양 {change} (허용 오차 {tol}){done}',
    'teach.compare.stopEmNone': 'EM의 수렴 조건: 아직 반복이 없습니다.',
    'teach.compare.emDone': ' — 수렴했습니다.',
    'teach.compare.differN': '두 방법이 서로 다른 클러스터에 넣은 점: 전체 {total}개 중 {n}개',
    'teach.compare.noDiffer': '첫 E 단계가 끝나면 두 방법의 분할을 비교합니다.',
  },
  ja: {
    'teach.preset.elongated': '細長い2本の帯（k-means法とEMで結果が異なる）',
    'teach.compare.title': 'EMとk-means法によるクラスタリング',
    'teach.compare.question': 'k-means法によるクラスタリングは、EMアルゴリズムの一種なのでしょうか？',
    'teach.compare.similar': '類似点',
    'teach.compare.assign': 'k-means法の割り当てステップ：各データ点を最も近いクラスタに割り当てます。EMのEステップ：各データ点に、それぞれのクラスタに属する確率を割り当てます。',
    'teach.compare.update': 'k-means法の更新ステップ：クラスタの中心を更新します。EMのMステップ：目的関数を最大化するように、確率モデルのパラメータを更新します。',
    'teach.compare.differ': '相違点',
    'teach.compare.model': '確率モデルを使うかどうか：k-means法は非確率的な手法であるのに対し、EMアルゴリズムは確率モデルに基づいています。k-means法はハードクラスタリング（各点はどれか1つのクラスタに完全に属する：0か1）、EMはソフトクラスタリング（負担率）です。',
    'teach.compare.centre': 'c_{k(n)}：x⁽ⁿ⁾ が割り当てられたクラスタの中心。',
    'teach.compare.objective': '目的関数：k-means法はユークリッド距離の二乗和を最小化し、EMは対数尤度を最大化します。',
    'teach.compare.stop': '停止条件：k-means法はクラスタの中心が収束するまで、EMは対数尤度が収束するまで繰り返します。',
    'teach.compare.conclusion': '結論：k-means法はEMの一種とまでは言えませんが、両者は同じ反復的なアプローチを共有しています。k-means法は、各点があるクラスタに属する確率が 0 か 1 だけに限られた、EMの特殊な境界ケースと見ることもできます。より正確には、EMアルゴリズムの非確率的な変形といえます。',
    'teach.compare.toggle': 'k-means法と比較',
    'teach.compare.disagree': '結果が異なる例を表示',
    'teach.compare.hint': 'k-means法はEMと同じ平均から始まり、歩調を合わせて進みます。各Eステップ ↔ 割り当てステップ、各Mステップ ↔ 更新ステップ。薄く塗られた領域は、それぞれの中心が最も近い場所です。',
    'teach.compare.canvas': 'k-means法のグラフ',
    'teach.compare.em': 'EM：平均対数尤度 {ll}（最大化）',
    'teach.compare.km': 'k-means法：ユークリッド距離の二乗和 {inertia}（最小化）',
    'teach.compare.steps': 'k-means法は割り当てステップを {a} 回、更新ステップを {u} 回行いました。',
    'teach.compare.stopKm': 'k-means法の停止条件：最後に中心が動いた距離 {shift}{done}',
    'teach.compare.stopKmNone': 'k-means法の停止条件：まだ更新ステップを行っていません。',
    'teach.compare.kmDone': ' — 収束しました。',
    'teach.compare.kmGoing': '。',
    'teach.compare.stopEm': 'EMの停止条件：最後の平均対数尤度の変化 {change}（許容誤差 {tol}）{done}',
    'teach.compare.stopEmNone': 'EMの停止条件：まだ反復を行っていません。',
    'teach.compare.emDone': ' — 収束しました。',
    'teach.compare.differN': '2つの手法で異なるクラスタに入った点：{total} 個中 {n} 個。',
    'teach.compare.noDiffer': '最初のEステップの後で、2つの手法の分割を比較します。',
  },
});

const SSE = block(sum('n', 1, 'N'), sup(row(mo('‖'), xn(), mo('−'), sub(mi('c'), row(mi('k'), paren(mi('n')))), mo('‖')), mn(2)));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`compare-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel chapter-panel teach-compare';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.compare.title"></h2>
    <p><strong data-i18n="teach.compare.question"></strong></p>
    <h3 data-i18n="teach.compare.similar"></h3>
    <ul class="compare-list" data-testid="compare-similar">
      <li data-step="assign" data-i18n="teach.compare.assign"></li>
      <li data-step="update" data-i18n="teach.compare.update"></li>
    </ul>
    <h3 data-i18n="teach.compare.differ"></h3>
    <ul class="compare-list" data-testid="compare-differ">
      <li data-step="model" data-i18n="teach.compare.model"></li>
      <li data-step="objective"><span data-i18n="teach.compare.objective"></span>${SSE}<span class="hint" data-i18n="teach.compare.centre"></span></li>
      <li data-step="stop" data-i18n="teach.compare.stop"></li>
    </ul>
    <p class="note-box" data-i18n="teach.compare.conclusion"></p>
    <div class="compare-controls">
      <span class="compare-toggle"><input id="${id('toggle')}" type="checkbox"> <label for="${id('toggle')}" data-i18n="teach.compare.toggle"></label></span>
      <button id="${id('disagree')}" type="button" data-i18n="teach.compare.disagree"></button>
    </div>
    <div class="compare-body" hidden>
      <p class="hint" data-i18n="teach.compare.hint"></p>
      <ul class="compare-objectives" aria-live="polite">
        <li data-out="em"></li>
        <li data-out="km"></li>
        <li data-out="steps"></li>
        <li data-out="stopKm"></li>
        <li data-out="stopEm"></li>
        <li data-out="differ"></li>
      </ul>
      <div class="compare-canvas-wrap"><canvas id="${id('canvas')}" role="img" data-i18n-attr="aria-label:teach.compare.canvas"></canvas></div>
      <p class="error" role="alert" data-out="error"></p>
    </div>`;
  instance.chapter('kmeans').append(panel);
  translate(panel);

  const toggle = panel.querySelector('input[type="checkbox"]');
  const body = panel.querySelector('.compare-body');
  const canvas = panel.querySelector('canvas');
  const out = (name) => panel.querySelector(`[data-out="${name}"]`);
  let last = null;

  const size = () => {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(50, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(50, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  };

  /** Redraws the k-means view and its numbers (all computed in wasm) for EM state `s`. */
  const update = (s) => {
    last = s;
    if (!toggle.checked || !instance.isShown(panel)) return;
    try {
      const { kmeans: km } = instance.session.chapter({ kmeans: true });
      panel.dataset.kmeans = JSON.stringify(km);
      setRich(out('em'), tRich('teach.compare.em', { ll: fixed(s.logLikelihood, 4) }));
      setRich(out('km'), tRich('teach.compare.km', { inertia: fixed(km.inertia, 3) }));
      setRich(out('steps'), tRich('teach.compare.steps', { a: km.assignments, u: km.updates }));
      out('stopKm').textContent = km.lastShift === null || km.lastShift === undefined ? t('teach.compare.stopKmNone')
        : t('teach.compare.stopKm', { shift: fmt(km.lastShift, 4), done: t(km.converged ? 'teach.compare.kmDone' : 'teach.compare.kmGoing') });
      setRich(out('stopEm'), km.emChange === null || km.emChange === undefined ? tRich('teach.compare.stopEmNone')
        : tRich('teach.compare.stopEm', { change: fmt(km.emChange, 3), tol: String(km.tol), done: t(s.converged ? 'teach.compare.emDone' : 'teach.compare.kmGoing') }));
      out('differ').textContent = km.disagreements == null
        ? t('teach.compare.noDiffer')
        : t('teach.compare.differN', { n: km.disagreements, total: s.n });
      size();
      instance.session.render_kmeans(canvas);
      out('error').textContent = '';
    } catch (err) {
      out('error').textContent = messageOf(err);
    }
  };
  const redraw = () => update(last || instance.session.state());

  const show = (on) => {
    toggle.checked = on;
    body.hidden = !on;
    if (on) redraw();
  };
  toggle.addEventListener('change', () => show(toggle.checked));
  panel.querySelector(`#${CSS.escape(id('disagree'))}`).addEventListener('click', () => {
    instance.loadPreset('elongated', { seed: instance.rules.disagreeSeed });
    show(true);
  });

  instance.on('refresh', update);
  for (const ev of ['view', 'resize', 'data', 'section']) instance.on(ev, redraw);
  new ResizeObserver(() => { if (toggle.checked) redraw(); }).observe(canvas);
  onLang(() => { if (last) update(last); });
}
