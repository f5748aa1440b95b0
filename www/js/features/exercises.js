// Exercises that check themselves (slot 'stage', under the chapter): each has a goal, a hint, a
// check on the page's state made in Rust (Session.exercise: after every change of the state, and
// on the Check button), the verdict with its numbers, and a worked explanation (on success or on
// request). Opening one loads the data, settings, section and point it needs (from Rust's
// catalogue) without solving it. A link names a set (`?ex=3`, `?ex=1,2,5`, or in the `#…` part);
// a bad value is Rust's message and every exercise is listed. Solved exercises are kept in
// localStorage (nothing breaks where storage is refused: Safari private mode, sandboxed iframes).
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { fmt, messageOf } from '../ui.js';

const STORE = 'emviz.exercises.solved';

register({
  en: {
    'ex.title': 'Exercises',
    'ex.intro': 'Each exercise checks itself on the page\'s state. Open one: it loads what it needs.',
    'ex.open': 'Open',
    'ex.hint': 'Hint',
    'ex.check': 'Check',
    'ex.explain': 'Explanation',
    'ex.solved': 'solved',
    'ex.notYet': 'Not yet: ',
    'ex.yes': 'Solved: ',
    'ex.point': 'Point',
    'ex.guess': 'Your guess of its responsibility for component 1',
    'ex.klOne': 'D_{KL}(p* ‖ p_{θ}) after 1 iteration',
    'ex.klTen': 'D_{KL}(p* ‖ p_{θ}) after 10 iterations',
    'ex.went': 'Meanwhile the log-likelihood',
    'ex.went.rose': 'rose',
    'ex.went.fell': 'fell',
    'ex.went.stayed': 'stayed the same',
    'ex.mean': 'New mean μ of component 1 (blue)',
    'ex.variance': 'New variance σ^{2} of component 1 (blue)',
    'ex.pointsHead': 'x_{i} and b_{i} (responsibility for component 1) after the E-step',
    'ex.1.title': '1. A worse local optimum',
    'ex.1.goal': 'On well-separated blobs with K = 3, drag the starting means so that EM converges to a final mean log-likelihood at least 0.01 lower than the start the settings give (before any drag) reaches.',
    'ex.1.hint': 'Put two starting means in the same cluster, and the third between the other two clusters; then run to the end.',
    'ex.1.explain': 'Each EM iteration never lowers the log-likelihood, so EM climbs to a stationary point of L(θ) near its start, and stops there. From this start two components share one cluster and the third stretches over the other two: a local optimum, since moving one component to the empty cluster would first lower L(θ), and EM never takes a step downhill. It is no artefact of the stopping rule: with a far smaller tol the run ends at the same place. Only another start (or several starts, keeping the best) finds the better optimum.',
    'ex.2.title': '2. Close the gap for one point',
    'ex.2.goal': 'In {sec:anyQ}, set q(z) for point 40 so that D_{KL}(q(z) ‖ p_{θ}(z | x)) = 0 (within 0.001). Which q is it?',
    'ex.2.hint': 'D_{KL} is 0 only when the two distributions are the same.',
    'ex.2.explain': 'D_{KL}(q(z) ‖ p_{θ}(z | x)) ≥ 0 with equality only for q(z) = p_{θ}(z | x): the posterior. Then the ELBO equals log p_{θ}(x) — which is exactly what the E-step does for every point.',
    'ex.3.title': '3. The K with the lowest BIC',
    'ex.3.goal': 'On well-separated blobs, find the K with the lowest BIC without Choose K: change K, run to the end, and compare.',
    'ex.3.hint': 'BIC = −2 L(θ) + (number of parameters) log N: more components raise L(θ) but pay for their parameters.',
    'ex.3.explain': 'The log-likelihood keeps rising with K, so it cannot choose K by itself; BIC adds a penalty for each parameter. Past the K the data were drawn with, the extra components barely raise L(θ) and the penalty wins.',
    'ex.4.title': '4. k-means and EM disagree',
    'ex.4.goal': 'From the same start, make k-means and EM end with different clusters for at least 10 % of the points.',
    'ex.4.hint': 'k-means measures plain Euclidean distance: try data whose clusters are long and thin (the preset "Elongated strips"), or move the start.',
    'ex.4.explain': 'k-means is non-probabilistic: each point goes to the nearest centre, so its clusters are round. EM\'s components have their own covariance matrices, so they follow long, tilted clusters; where the clusters are not round, the two partitions differ.',
    'ex.5.title': '5. Predict a responsibility',
    'ex.5.goal': 'Before the next E-step, guess point n\'s responsibility for component 1; then take the E-step to reveal it. Within 0.1 counts.',
    'ex.5.hint': 'Compare the point\'s distance to each ellipse, scaled by its spread, and the mixing weights.',
    'ex.5.explain': 'The responsibility is Bayes\' theorem: φ₁ 𝒩(x; μ₁, Σ₁) divided by Σₖ φₖ 𝒩(x; μₖ, Σₖ). A point near a narrow component with a large weight belongs to it almost surely; between two components it is shared.',
    'ex.6.title': '6. A component collapses',
    'ex.6.goal': 'With reg_covar = 0, make a component collapse onto a single point: click an empty spot of the plot far from the data to add a point there, drag a starting mean onto it, then run.',
    'ex.6.hint': 'The component whose mean sits on a lone point keeps less and less of the other points; in the end its Gaussian distribution is fitted to one point.',
    'ex.6.explain': 'A Gaussian distribution on one point with its variance shrinking to 0 has a density at that point that grows without bound, so the log-likelihood diverges: maximum likelihood has no maximum there. reg_covar adds a small number to every variance in the M-step, so the covariance matrix stays positive definite and the run goes on.',
    'ex.7.title': '7. D_{KL}(p* ‖ p_{θ}) on the known mixture',
    'ex.7.goal': 'On the known mixture, read D_{KL}(p* ‖ p_{θ}) after one and after ten iterations (in {sec:klMle}), and say what the log-likelihood did meanwhile.',
    'ex.7.hint': 'Step one iteration and read the panel; then nine more.',
    'ex.7.explain': 'D_{KL}(p* ‖ p_{θ}) = 𝔼_{p*}[log p*(x)] − 𝔼_{p*}[log p_{θ}(x)]: the first term does not depend on θ, so as EM raises the log-likelihood the KL divergence falls by the same amount. Maximum likelihood is minimum KL.',
    'ex.8.title': '8. The M-step by hand (1-D)',
    'ex.8.goal': 'Take the E-step, then compute component 1\'s new mean and variance from the five points\' responsibilities with the blog\'s weighted formulas, and enter them (within 1 %).',
    'ex.8.hint': 'μ = Σ b_{i} x_{i} / Σ b_{i}, then σ^{2} = Σ b_{i} (x_{i} − μ)^{2} / Σ b_{i}.',
    'ex.8.explain': 'The M-step is a weighted mean and a weighted variance: each point counts by its responsibility b_{i}. Take the M-step: the blue component moves to exactly these numbers.',
    'ex.why.runNotOver': 'the run has not converged yet — run it to the end.',
    'ex.why.notWorse': 'the final mean log-likelihood is {have}; the start the settings give reaches {reference}.',
    'ex.why.worseOptimum': 'EM converged to {have}, below the start the settings give ({reference}).',
    'ex.why.otherPoint': 'choose point {count} in {sec:anyQ}.',
    'ex.why.klNotZero': 'D_{KL} = {have}, above {reference}.',
    'ex.why.klZero': 'D_{KL} = {have}.',
    'ex.why.notBlobs': 'load the well-separated blobs (open the exercise again).',
    'ex.why.notLowestBic': 'K = {k} gives BIC {have}; another K gives a lower one.',
    'ex.why.lowestBic': 'K = {k} gives the lowest BIC, {have}.',
    'ex.why.tooFewDisagree': '{count} of {k} points disagree; {need} are needed.',
    'ex.why.disagree': '{count} of {k} points disagree (at least {need}).',
    'ex.why.noGuess': 'type a point and your guess.',
    'ex.why.stepToReveal': 'your guess for point {count} is {have}; take the E-step to reveal it.',
    'ex.why.guessStale': 'the state moved on since the guess; guess again before the next E-step.',
    'ex.why.guessOff': 'you guessed {have}; the responsibility is {reference}.',
    'ex.why.guessClose': 'you guessed {have}; the responsibility is {reference}.',
    'ex.why.noCollapse': 'no component has collapsed (reg_covar = {reference}).',
    'ex.why.collapsed': 'component {k} collapsed (reg_covar = {reference}).',
    'ex.why.truthUnknown': 'these data have no known p*; open the exercise again.',
    'ex.why.missing': 'fill in every answer.',
    'ex.why.klOff': 'your reading after {k} iterations ({have}) is not the page\'s.',
    'ex.why.wrongWay': 'look at the log-likelihood again ({have} after 1 iteration, {reference} after 10).',
    'ex.why.klRead': 'the log-likelihood rose from {have} to {reference}.',
    'ex.why.notOneD': 'the data must have one column; open the exercise again.',
    'ex.why.needE': 'take the E-step (the responsibilities come from it).',
    'ex.why.meanOff': 'the mean is not the M-step\'s.',
    'ex.why.varianceOff': 'the mean is right; the variance is not.',
    'ex.why.byHand': 'both match the M-step.',
  },
  ko: {
    'ex.title': '연습 문제',
    'ex.intro': '연습 문제는 페이지의 상태를 보고 스스로 채점합니다. 하나를 열면 필요한 것을 불러옵니다.',
    'ex.open': '열기',
    'ex.hint': '힌트',
    'ex.check': '채점',
    'ex.explain': '풀이',
    'ex.solved': '풀었음',
    'ex.notYet': '아직: ',
    'ex.yes': '정답: ',
    'ex.point': '점',
    'ex.guess': '성분 1에 대한 부담률 예상',
    'ex.klOne': '1회 반복 후 D_{KL}(p* ‖ p_{θ})',
    'ex.klTen': '10회 반복 후 D_{KL}(p* ‖ p_{θ})',
    'ex.went': '그동안 로그 가능도는',
    'ex.went.rose': '올라갔다',
    'ex.went.fell': '내려갔다',
    'ex.went.stayed': '그대로였다',
    'ex.mean': '성분 1(파랑)의 새 평균 μ',
    'ex.variance': '성분 1(파랑)의 새 분산 σ^{2}',
    'ex.pointsHead': 'E 단계 후의 x_{i}와 b_{i}(성분 1에 대한 부담률)',
    'ex.1.title': '1. 더 나쁜 국소 최적해',
    'ex.1.goal': '잘 떨어진 클러스터들에서 K = 3으로, 시작 평균을 끌어서 EM 알고리즘이 설정이 정하는 시작점(끌기 전)보다 최종 평균 로그 가능도가 0.01 이상 낮은 곳으로 수렴하게 하세요.',
    'ex.1.hint': '시작 평균 두 개를 같은 클러스터에 두고, 세 번째는 나머지 두 클러스터 사이에 두세요. 그다음 끝까지 실행하세요.',
    'ex.1.explain': 'EM 알고리즘의 반복은 로그 가능도를 낮추지 않으므로, 시작점 가까이에 있는 L(θ)의 정류점으로 올라가 거기서 멈춥니다. 이 시작점에서는 두 성분이 한 클러스터를 나누어 갖고, 세 번째 성분이 나머지 두 클러스터에 걸쳐 늘어납니다. 한 성분을 빈 클러스터로 옮기려면 먼저 L(θ)가 내려가야 하는데, EM 알고리즘은 내려가는 단계를 밟지 않으므로 이것은 국소 최적해입니다. 멈춤 규칙 때문도 아닙니다. tol을 훨씬 작게 해도 같은 곳에서 끝납니다. 다른 시작점(또는 여러 시작점 중 가장 좋은 것)만이 더 좋은 최적해를 찾습니다.',
    'ex.2.title': '2. 한 점의 간격을 없애기',
    'ex.2.goal': '{sec:anyQ}에서 점 40의 q(z)를 D_{KL}(q(z) ‖ p_{θ}(z | x)) = 0(0.001 이내)이 되도록 정하세요. 어떤 q입니까?',
    'ex.2.hint': 'D_{KL}은 두 분포가 같을 때만 0입니다.',
    'ex.2.explain': 'D_{KL}(q(z) ‖ p_{θ}(z | x)) ≥ 0이고, 등호는 q(z) = p_{θ}(z | x), 즉 사후 분포일 때만 성립합니다. 그러면 ELBO가 log p_{θ}(x)와 같아집니다. E 단계가 모든 점에 대해 하는 일이 바로 이것입니다.',
    'ex.3.title': '3. BIC가 가장 낮은 K',
    'ex.3.goal': '잘 떨어진 클러스터들에서 "K 정하기"를 쓰지 않고 BIC가 가장 낮은 K를 찾으세요. K를 바꾸고 끝까지 실행해서 비교합니다.',
    'ex.3.hint': 'BIC = −2 L(θ) + (파라미터 수) log N: 성분이 많으면 L(θ)는 올라가지만 파라미터만큼 벌점을 받습니다.',
    'ex.3.explain': '로그 가능도는 K와 함께 계속 올라가므로 그것만으로는 K를 정할 수 없습니다. BIC는 파라미터마다 벌점을 더합니다. 데이터를 만든 K를 넘으면 성분을 더해도 L(θ)는 거의 오르지 않고 벌점이 이깁니다.',
    'ex.4.title': '4. K-means와 EM 알고리즘이 다르게 나누기',
    'ex.4.goal': '같은 시작점에서, K-means와 EM 알고리즘이 점의 10 % 이상을 서로 다른 클러스터로 나누며 끝나게 하세요.',
    'ex.4.hint': 'K-means는 유클리드 거리만 봅니다. 클러스터가 길고 가는 데이터(예제 데이터 "길쭉한 띠 두 개")를 쓰거나 시작점을 옮겨 보세요.',
    'ex.4.explain': 'K-means는 비확률적입니다. 각 점은 가장 가까운 중심으로 가므로 클러스터가 둥급니다. EM 알고리즘의 성분은 저마다 공분산 행렬을 가지므로 길고 기울어진 클러스터를 따라갑니다. 클러스터가 둥글지 않으면 두 분할이 달라집니다.',
    'ex.5.title': '5. 부담률 예측하기',
    'ex.5.goal': '다음 E 단계 전에 점 n의 성분 1에 대한 부담률을 예상하고, E 단계를 실행해 확인하세요. 0.1 이내면 정답입니다.',
    'ex.5.hint': '점에서 각 타원까지의 거리를 그 퍼짐으로 재고, 혼합 가중치도 보세요.',
    'ex.5.explain': '부담률은 베이즈 정리입니다: φ₁ 𝒩(x; μ₁, Σ₁)을 Σₖ φₖ 𝒩(x; μₖ, Σₖ)로 나눈 값. 가중치가 크고 좁은 성분 가까이의 점은 거의 확실히 그 성분에 속하고, 두 성분 사이의 점은 나누어 가집니다.',
    'ex.6.title': '6. 성분이 붕괴하기',
    'ex.6.goal': 'reg_covar = 0에서 성분 하나가 한 점 위로 붕괴하게 하세요. 그래프에서 데이터와 멀리 떨어진 빈 곳을 클릭해 점을 더하고, 시작 평균을 그 점 위로 끈 다음 실행합니다.',
    'ex.6.hint': '평균이 외딴 점 위에 있는 성분은 다른 점을 점점 덜 갖게 되고, 끝내 그 가우시안 분포가 한 점에 맞춰집니다.',
    'ex.6.explain': '한 점 위의 가우시안 분포는 분산이 0으로 줄어들면 그 점에서의 밀도가 한없이 커지므로 로그 가능도가 발산합니다. 거기서는 최대 가능도 추정에 최댓값이 없습니다. reg_covar는 M 단계에서 모든 분산에 작은 수를 더해 공분산 행렬을 양의 정부호로 유지하므로 실행이 계속됩니다.',
    'ex.7.title': '7. 알려진 혼합의 D_{KL}(p* ‖ p_{θ})',
    'ex.7.goal': '알려진 혼합에서 1회 반복 후와 10회 반복 후의 D_{KL}(p* ‖ p_{θ})를 ({sec:klMle}에서) 읽고, 그동안 로그 가능도가 어떻게 되었는지 답하세요.',
    'ex.7.hint': '한 번 반복하고 패널을 읽은 뒤, 아홉 번 더 반복하세요.',
    'ex.7.explain': 'D_{KL}(p* ‖ p_{θ}) = 𝔼_{p*}[log p*(x)] − 𝔼_{p*}[log p_{θ}(x)]: 첫 항은 θ에 의존하지 않으므로, EM 알고리즘이 로그 가능도를 올린 만큼 KL 발산이 내려갑니다. 최대 가능도는 최소 KL입니다.',
    'ex.8.title': '8. 손으로 하는 M 단계 (1차원)',
    'ex.8.goal': 'E 단계를 실행한 뒤, 다섯 점의 부담률로 블로그의 가중 공식에 따라 성분 1의 새 평균과 분산을 계산해 입력하세요(1 % 이내).',
    'ex.8.hint': 'μ = Σ b_{i} x_{i} / Σ b_{i}, 그다음 σ^{2} = Σ b_{i} (x_{i} − μ)^{2} / Σ b_{i}.',
    'ex.8.explain': 'M 단계는 가중 평균과 가중 분산입니다. 각 점은 부담률 b_{i}만큼 셉니다. M 단계를 실행하면 파란 성분이 정확히 이 값으로 옮겨 갑니다.',
    'ex.why.runNotOver': '아직 수렴하지 않았습니다. 끝까지 실행하세요.',
    'ex.why.notWorse': '최종 평균 로그 가능도는 {have}이고, 설정이 정하는 시작점에서는 {reference}입니다.',
    'ex.why.worseOptimum': 'EM 알고리즘이 설정이 정하는 시작점({reference})보다 낮은 {have}로 수렴했습니다.',
    'ex.why.otherPoint': '{sec:anyQ}에서 점 {count}을 고르세요.',
    'ex.why.klNotZero': 'D_{KL} = {have}로 {reference}보다 큽니다.',
    'ex.why.klZero': 'D_{KL} = {have}.',
    'ex.why.notBlobs': '잘 떨어진 클러스터들을 불러오세요(연습 문제를 다시 여세요).',
    'ex.why.notLowestBic': 'K = {k}의 BIC는 {have}입니다. 더 낮은 BIC의 K가 있습니다.',
    'ex.why.lowestBic': 'K = {k}의 BIC {have}가 가장 낮습니다.',
    'ex.why.tooFewDisagree': '점 {k}개 중 {count}개가 다릅니다. {need}개가 필요합니다.',
    'ex.why.disagree': '점 {k}개 중 {count}개가 다릅니다({need}개 이상).',
    'ex.why.noGuess': '점과 예상값을 입력하세요.',
    'ex.why.stepToReveal': '점 {count}에 대한 예상은 {have}입니다. E 단계를 실행해 확인하세요.',
    'ex.why.guessStale': '예상한 뒤 상태가 바뀌었습니다. 다음 E 단계 전에 다시 예상하세요.',
    'ex.why.guessOff': '예상 {have}, 부담률 {reference}.',
    'ex.why.guessClose': '예상 {have}, 부담률 {reference}.',
    'ex.why.noCollapse': '붕괴한 성분이 없습니다(reg_covar = {reference}).',
    'ex.why.collapsed': '성분 {k}이 붕괴했습니다(reg_covar = {reference}).',
    'ex.why.truthUnknown': '이 데이터는 p*를 모릅니다. 연습 문제를 다시 여세요.',
    'ex.why.missing': '모든 답을 채우세요.',
    'ex.why.klOff': '{k}회 반복 후의 값({have})이 페이지의 값과 다릅니다.',
    'ex.why.wrongWay': '로그 가능도를 다시 보세요(1회 후 {have}, 10회 후 {reference}).',
    'ex.why.klRead': '로그 가능도는 {have}에서 {reference}로 올라갔습니다.',
    'ex.why.notOneD': '데이터는 한 열이어야 합니다. 연습 문제를 다시 여세요.',
    'ex.why.needE': 'E 단계를 실행하세요(부담률은 거기서 나옵니다).',
    'ex.why.meanOff': '평균이 M 단계의 값과 다릅니다.',
    'ex.why.varianceOff': '평균은 맞고 분산이 다릅니다.',
    'ex.why.byHand': '둘 다 M 단계의 값과 같습니다.',
  },
  ja: {
    'ex.title': '演習',
    'ex.intro': '演習はページの状態を見て自分で採点します。開くと必要なものを読み込みます。',
    'ex.open': '開く',
    'ex.hint': 'ヒント',
    'ex.check': '採点',
    'ex.explain': '解説',
    'ex.solved': '解いた',
    'ex.notYet': 'まだ：',
    'ex.yes': '正解：',
    'ex.point': '点',
    'ex.guess': '成分1の負担率の予想',
    'ex.klOne': '1回の反復後の D_{KL}(p* ‖ p_{θ})',
    'ex.klTen': '10回の反復後の D_{KL}(p* ‖ p_{θ})',
    'ex.went': 'その間に対数尤度は',
    'ex.went.rose': '上がった',
    'ex.went.fell': '下がった',
    'ex.went.stayed': '変わらなかった',
    'ex.mean': '成分1（青）の新しい平均 μ',
    'ex.variance': '成分1（青）の新しい分散 σ^{2}',
    'ex.pointsHead': 'Eステップ後の x_{i} と b_{i}（成分1の負担率）',
    'ex.1.title': '1. より悪い局所最適解',
    'ex.1.goal': 'よく分かれたクラスタで K = 3 のまま、初期平均をドラッグして、設定が決める初期値（ドラッグ前）より最終的な平均対数尤度が0.01以上低いところへEMアルゴリズムを収束させてください。',
    'ex.1.hint': '初期平均を2つ同じクラスタに置き、3つ目を残りの2つのクラスタの間に置いてください。それから最後まで実行します。',
    'ex.1.explain': 'EMアルゴリズムの反復は対数尤度を下げないので、初期値の近くにある L(θ) の停留点へ登り、そこで止まります。この初期値からは2つの成分が1つのクラスタを分け合い、3つ目の成分が残りの2つのクラスタにまたがって伸びます。1つの成分を空いたクラスタへ移すには先に L(θ) が下がらなければならず、EMアルゴリズムは下る手順を踏まないので、これは局所最適解です。停止規則のせいでもありません。tol をずっと小さくしても同じところで終わります。別の初期値（または複数の初期値のうち最良のもの）だけがより良い最適解を見つけます。',
    'ex.2.title': '2. 1点のギャップをなくす',
    'ex.2.goal': '{sec:anyQ}で点40の q(z) を D_{KL}(q(z) ‖ p_{θ}(z | x)) = 0（0.001以内）になるように設定してください。それはどの q ですか。',
    'ex.2.hint': 'D_{KL} は2つの分布が同じときだけ0です。',
    'ex.2.explain': 'D_{KL}(q(z) ‖ p_{θ}(z | x)) ≥ 0 で、等号は q(z) = p_{θ}(z | x)、つまり事後分布のときだけ成り立ちます。このとき ELBO は log p_{θ}(x) に等しくなります。Eステップがすべての点について行うのがまさにこれです。',
    'ex.3.title': '3. BICが最小のK',
    'ex.3.goal': 'よく分かれたクラスタで、Kの選択を使わずにBICが最小のKを見つけてください。Kを変えて最後まで実行し、比べます。',
    'ex.3.hint': 'BIC = −2 L(θ) + (パラメータの数) log N：成分が多いと L(θ) は上がりますが、パラメータの分だけ罰則を受けます。',
    'ex.3.explain': '対数尤度はKとともに上がり続けるので、それだけではKを選べません。BICはパラメータごとに罰則を加えます。データを生成したKを超えると、成分を増やしても L(θ) はほとんど上がらず、罰則が勝ちます。',
    'ex.4.title': '4. k-means法とEMアルゴリズムの食い違い',
    'ex.4.goal': '同じ初期値から、k-means法とEMアルゴリズムが点の10 %以上を別のクラスタに分けて終わるようにしてください。',
    'ex.4.hint': 'k-means法はユークリッド距離だけを見ます。細長いクラスタのデータ（プリセット「細長い2本の帯」）を使うか、初期値を動かしてみてください。',
    'ex.4.explain': 'k-means法は非確率的です。各点は最も近い中心に行くので、クラスタは丸くなります。EMアルゴリズムの成分はそれぞれ共分散行列を持つので、細長く傾いたクラスタに沿います。クラスタが丸くなければ2つの分割は食い違います。',
    'ex.5.title': '5. 負担率を予想する',
    'ex.5.goal': '次のEステップの前に点nの成分1の負担率を予想し、Eステップを実行して確かめてください。0.1以内なら正解です。',
    'ex.5.hint': '点から各楕円までの距離をその広がりで測り、混合係数も見てください。',
    'ex.5.explain': '負担率はベイズの定理です：φ₁ 𝒩(x; μ₁, Σ₁) を Σₖ φₖ 𝒩(x; μₖ, Σₖ) で割ったもの。重みが大きく狭い成分の近くの点はほぼ確実にその成分に属し、2つの成分の間の点は分け合います。',
    'ex.6.title': '6. 成分がつぶれる',
    'ex.6.goal': 'reg_covar = 0 で、1つの成分を1点の上につぶしてください。グラフでデータから離れた空いている場所をクリックして点を加え、初期平均をその点の上へドラッグしてから実行します。',
    'ex.6.hint': '平均が離れた1点の上にある成分は、ほかの点をだんだん持たなくなり、最後にはその正規分布が1点に当てはめられます。',
    'ex.6.explain': '1点の上の正規分布は、分散が0に縮むとその点での密度が限りなく大きくなるので、対数尤度が発散します。そこでは最尤推定に最大値がありません。reg_covar はMステップですべての分散に小さな数を足し、共分散行列を正定値に保つので、実行が続きます。',
    'ex.7.title': '7. 既知の混合の D_{KL}(p* ‖ p_{θ})',
    'ex.7.goal': '既知の混合で、1回と10回の反復後の D_{KL}(p* ‖ p_{θ}) を（{sec:klMle}で）読み、その間に対数尤度がどうなったか答えてください。',
    'ex.7.hint': '1回反復してパネルを読み、さらに9回反復してください。',
    'ex.7.explain': 'D_{KL}(p* ‖ p_{θ}) = 𝔼_{p*}[log p*(x)] − 𝔼_{p*}[log p_{θ}(x)]：第1項は θ に依存しないので、EMアルゴリズムが対数尤度を上げた分だけKLダイバージェンスが下がります。最尤推定はKL最小化です。',
    'ex.8.title': '8. 手で計算するMステップ（1次元）',
    'ex.8.goal': 'Eステップを実行し、5点の負担率からブログの重み付きの式で成分1の新しい平均と分散を計算して入力してください（1 %以内）。',
    'ex.8.hint': 'μ = Σ b_{i} x_{i} / Σ b_{i}、次に σ^{2} = Σ b_{i} (x_{i} − μ)^{2} / Σ b_{i}。',
    'ex.8.explain': 'Mステップは加重平均と重み付きの分散です。各点は負担率 b_{i} の分だけ数えられます。Mステップを実行すると、青の成分がちょうどこの値へ移ります。',
    'ex.why.runNotOver': 'まだ収束していません。最後まで実行してください。',
    'ex.why.notWorse': '最終的な平均対数尤度は {have}、設定が決める初期値からは {reference} です。',
    'ex.why.worseOptimum': 'EMアルゴリズムは設定が決める初期値（{reference}）より低い {have} に収束しました。',
    'ex.why.otherPoint': '{sec:anyQ}で点{count}を選んでください。',
    'ex.why.klNotZero': 'D_{KL} = {have} で、{reference} より大きいです。',
    'ex.why.klZero': 'D_{KL} = {have}。',
    'ex.why.notBlobs': 'よく分かれたクラスタを読み込んでください（演習を開き直す）。',
    'ex.why.notLowestBic': 'K = {k} のBICは {have} です。もっと低いBICのKがあります。',
    'ex.why.lowestBic': 'K = {k} のBIC {have} が最小です。',
    'ex.why.tooFewDisagree': '{k}点のうち{count}点が食い違っています。{need}点が必要です。',
    'ex.why.disagree': '{k}点のうち{count}点が食い違っています（{need}点以上）。',
    'ex.why.noGuess': '点と予想を入力してください。',
    'ex.why.stepToReveal': '点{count}の予想は {have} です。Eステップを実行して確かめてください。',
    'ex.why.guessStale': '予想の後で状態が変わりました。次のEステップの前にもう一度予想してください。',
    'ex.why.guessOff': '予想 {have}、負担率 {reference}。',
    'ex.why.guessClose': '予想 {have}、負担率 {reference}。',
    'ex.why.noCollapse': 'つぶれた成分はありません（reg_covar = {reference}）。',
    'ex.why.collapsed': '成分{k}がつぶれました（reg_covar = {reference}）。',
    'ex.why.truthUnknown': 'このデータの p* は分かりません。演習を開き直してください。',
    'ex.why.missing': 'すべての答えを入力してください。',
    'ex.why.klOff': '{k}回の反復後の値（{have}）がページの値と違います。',
    'ex.why.wrongWay': '対数尤度をもう一度見てください（1回後 {have}、10回後 {reference}）。',
    'ex.why.klRead': '対数尤度は {have} から {reference} へ上がりました。',
    'ex.why.notOneD': 'データは1列でなければなりません。演習を開き直してください。',
    'ex.why.needE': 'Eステップを実行してください（負担率はそこから得られます）。',
    'ex.why.meanOff': '平均がMステップの値と違います。',
    'ex.why.varianceOff': '平均は正しく、分散が違います。',
    'ex.why.byHand': 'どちらもMステップの値と一致します。',
  },
});

/** The solved exercises' ids kept in localStorage ([] where storage is refused). */
function loadSolved() {
  try { return new Set(JSON.parse(localStorage.getItem(STORE) || '[]').map(Number)); } catch { return new Set(); }
}
function saveSolved(solved) {
  try { localStorage.setItem(STORE, JSON.stringify([...solved])); } catch { /* storage refused: progress lasts this visit */ }
}

/** The `ex=` value of the address (query or `#…`), or null. */
function setFromUrl() {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  return new URLSearchParams(location.search).get('ex') ?? hash.get('ex');
}

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  if (instance.prefix !== '') return; // one exercises panel per page, on the first visualiser
  const { session } = instance;
  const id = (n) => instance.id(`ex-${n}`);
  const box = document.createElement('section');
  box.className = 'teach-exercises';
  box.setAttribute('aria-labelledby', id('title'));
  box.innerHTML = `<h2 id="${id('title')}" data-i18n="ex.title"></h2>
    <p class="hint" data-i18n="ex.intro"></p><p class="ex-error" role="alert" data-out="error"></p><ol class="ex-list"></ol>`;
  instance.slot('stage').append(box);

  const asked = setFromUrl();
  /** @type {import('emviz-wasm').Exercise[]} */
  let list;
  try {
    list = session.exercise({ kind: 'list', set: asked }).exercises ?? [];
  } catch (err) {
    box.querySelector('[data-out="error"]').textContent = messageOf(err);
    list = session.exercise({ kind: 'list', set: null }).exercises ?? [];
  }
  const solved = loadSolved();
  let active = null; // the exercise open, by id
  let guessedAt = null; // exercise 5: the history index when the guess was made

  const inputs = (ex) => {
    const f = (name, key, attrs = '') => `<div class="field"><label for="${id(`${ex.id}-${name}`)}" data-i18n="${key}"></label>
      <input id="${id(`${ex.id}-${name}`)}" data-in="${name}" type="number" step="any" ${attrs}></div>`;
    switch (ex.input) {
      case 'guess': return f('point', 'ex.point', 'min="1" step="1"') + f('guess', 'ex.guess', 'min="0" max="1"');
      case 'klReadings': return f('klOne', 'ex.klOne') + f('klTen', 'ex.klTen')
        + `<div class="field"><label for="${id(`${ex.id}-went`)}" data-i18n="ex.went"></label><select id="${id(`${ex.id}-went`)}" data-in="went">
          <option value=""></option>${['rose', 'fell', 'stayed'].map((w) => `<option value="${w}" data-i18n="ex.went.${w}"></option>`).join('')}</select></div>`;
      case 'meanVariance': return `<div class="ex-points-box" data-out="points" hidden><table class="ex-points"><caption data-i18n="ex.pointsHead"></caption>`
        + '<thead><tr><th scope="col"><i>i</i></th><th scope="col"><i>x<sub>i</sub></i></th><th scope="col"><i>b<sub>i</sub></i></th></tr></thead><tbody></tbody></table></div>'
        + f('mean', 'ex.mean') + f('variance', 'ex.variance');
      default: return '';
    }
  };
  const listEl = box.querySelector('.ex-list');
  listEl.innerHTML = list.map((ex) => `<li class="ex-item" data-ex="${ex.id}">
    <h3><span data-i18n="ex.${ex.id}.title"></span> <span class="ex-badge" data-out="badge" data-i18n="ex.solved" hidden></span></h3>
    <p data-i18n="ex.${ex.id}.goal"></p>
    <div class="data-controls"><button type="button" data-act="open" data-i18n="ex.open"></button>
      <button type="button" data-act="hint" data-i18n="ex.hint" aria-expanded="false"></button>
      <button type="button" data-act="explain" data-i18n="ex.explain" aria-expanded="false"></button></div>
    <p class="hint" data-out="hint" data-i18n="ex.${ex.id}.hint" hidden></p>
    <div class="ex-work" data-out="work" hidden>${inputs(ex)}
      <button type="button" data-act="check" data-i18n="ex.check"></button>
      <p class="ex-verdict" data-out="verdict" aria-live="polite"></p></div>
    <p class="ex-explain" data-out="explain" data-i18n="ex.${ex.id}.explain" hidden></p></li>`).join('');
  translate(box);

  const item = (n) => /** @type {HTMLElement} */ (listEl.querySelector(`[data-ex="${n}"]`));
  const value = (li, name) => {
    const el = li.querySelector(`[data-in="${name}"]`);
    return el && el.value !== '' ? Number(el.value) : null;
  };
  const showBadges = () => { for (const ex of list) item(ex.id).querySelector('[data-out="badge"]').hidden = !solved.has(ex.id); };

  /** The learner's answer for exercise `ex` from its inputs (and §5.2.2's q for exercise 2). */
  const answerOf = (ex, li) => {
    /** @type {import('emviz-wasm').AnswerForm} */
    const a = {};
    if (ex.input === 'handQ' && instance.handQ) Object.assign(a, instance.handQ());
    if (ex.input === 'guess') {
      const p = value(li, 'point');
      Object.assign(a, { point: p === null ? null : p - 1, guess: value(li, 'guess'), guessedAt });
    }
    if (ex.input === 'klReadings') {
      const went = li.querySelector('[data-in="went"]').value;
      Object.assign(a, { klOne: value(li, 'klOne'), klTen: value(li, 'klTen'), went: went || null });
    }
    if (ex.input === 'meanVariance') Object.assign(a, { mean: value(li, 'mean'), variance: value(li, 'variance') });
    return a;
  };

  const number = (v) => (v === null || v === undefined ? '' : fmt(v, 5));
  /** Checks the open exercise on the state shown and writes its verdict. */
  const check = () => {
    const ex = list.find((e) => e.id === active);
    if (!ex) return;
    const li = item(ex.id);
    let v;
    try {
      v = session.exercise({ kind: 'check', id: ex.id, answer: answerOf(ex, li) }).verdict;
    } catch (err) { li.querySelector('[data-out="verdict"]').textContent = messageOf(err); return; }
    if (!v) return;
    const out = li.querySelector('[data-out="verdict"]');
    setRich(out, tRich(v.solved ? 'ex.yes' : 'ex.notYet') + tRich(`ex.why.${v.why}`, {
      have: number(v.have), reference: number(v.reference), k: v.k ?? '', count: v.count ?? '', need: v.need ?? '',
    }));
    li.dataset.verdict = v.solved ? 'solved' : 'notYet';
    li.dataset.why = v.why;
    const table = li.querySelector('[data-out="points"]');
    if (table) {
      table.hidden = v.points.length === 0;
      table.querySelector('tbody').innerHTML = v.points.map(([x, b], i) => `<tr><th scope="row">${i + 1}</th><td>${fmt(x, 4)}</td><td data-value="${b}">${fmt(b, 4)}</td></tr>`).join('');
    }
    if (v.solved) {
      li.querySelector('[data-out="explain"]').hidden = false;
      li.querySelector('[data-act="explain"]').setAttribute('aria-expanded', 'true');
      if (!solved.has(ex.id)) { solved.add(ex.id); saveSolved(solved); showBadges(); }
    }
  };
  let pending = null;
  const later = () => { if (active !== null && !pending) pending = setTimeout(() => { pending = null; check(); }, 0); };

  /** Opens exercise `ex`: its data, settings, half-steps, section and point, then checks it. */
  const open = (ex) => {
    if (ex.preset) instance.loadPreset(ex.preset, { seed: 0 });
    if (ex.text) instance.load(ex.text, { replaceText: true });
    /** @type {Partial<import('emviz-wasm').SettingsForm>} */
    const changes = {};
    if (ex.k !== null) changes.k = String(ex.k);
    if (ex.init !== null) changes.init = ex.init;
    if (ex.regCovar !== null) changes.regCovar = String(ex.regCovar);
    instance.applySettings(changes);
    const api = instance.api();
    for (let i = 0; i < ex.halfSteps; i++) api.step();
    if (ex.section && instance.selectSection) instance.selectSection(ex.section);
    if (ex.point !== null && instance.choosePoint) instance.choosePoint(ex.point);
    active = ex.id;
    guessedAt = null;
    for (const other of list) item(other.id).classList.toggle('ex-active', other.id === ex.id);
    const li = item(ex.id);
    li.querySelector('[data-out="work"]').hidden = false;
    check();
  };

  for (const ex of list) {
    const li = item(ex.id);
    li.querySelector('[data-act="open"]').addEventListener('click', () => open(ex));
    li.querySelector('[data-act="check"]').addEventListener('click', () => { if (active !== ex.id) open(ex); else check(); });
    for (const [act, out] of [['hint', 'hint'], ['explain', 'explain']]) {
      const button = li.querySelector(`[data-act="${act}"]`);
      button.addEventListener('click', () => {
        const el = li.querySelector(`[data-out="${out}"]`);
        el.hidden = !el.hidden;
        button.setAttribute('aria-expanded', String(!el.hidden));
      });
    }
    // A guess is made at the state shown when it is typed.
    li.addEventListener('change', (ev) => {
      const name = /** @type {HTMLElement} */ (ev.target).dataset.in;
      if (name === 'point' || name === 'guess') guessedAt = session.state().cursor;
      if (active === ex.id) check();
    });
  }
  // Every change of the state re-checks the open exercise: steps, restarts, new data, and the
  // chapter's controls (§5.2.2's sliders).
  for (const event of ['refresh', 'restart', 'load', 'data']) instance.on(event, later);
  instance.root.addEventListener('input', later);
  instance.root.addEventListener('click', later);
  onLang(() => check());
  showBadges();
  if (asked !== null && list.length) queueMicrotask(() => { open(list[0]); item(list[0].id).scrollIntoView({ block: 'nearest' }); });
}
