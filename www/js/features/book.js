// The slides' "Code Review" (chapter section 'gmmEm', after §5.4): the book's code (step05 of the
// book's repository) beside the page — its start, its stopping rule, and what it prints: its
// likelihood() adds 1e-8 inside the log, so at the start it prints −16.54 where the exact mean
// log-likelihood the page shows is −137.49. Where the start is shown (the status line) a note
// says so, so that a student comparing with the book is not puzzled. Numbers from
// Session.book_likelihood.
import { register, tRich, setRich } from '../i18n.js';
import { fmt, fixed } from '../ui.js';
import { chapterPanel } from '../panel.js';

register({
  en: {
    'teach.book.title': 'Code review: the book\'s code (step05)',
    'teach.book.s1': 'The book\'s code starts from φ = (0.5, 0.5), μ₁ = (0, 50), μ₂ = (0, 100), Σ₁ = Σ₂ = I (K = 2), and repeats an E-step and an M-step, printing the mean log-likelihood each time, until it changes by less than THRESHOLD = 1e-4 (at most MAX_ITERS = 100 iterations). The page\'s Old Faithful preset uses the same start and rule ("the book\'s start", tolerance 1e-4, max iterations 100, reg_covar 0).',
    'teach.book.s2': 'Its likelihood() adds eps = 1e-8 inside the log: it prints (1/N) Σₙ log (p_{θ}(x⁽ⁿ⁾) + 1e-8). While the means are far from the data, p_{θ}(x) is far below 1e-8, so the printed value is much higher than the exact one the page shows; once the means are on the data the two agree to the digits printed.',
    'teach.book.s2live': 'Now (iteration {it}): the book\'s code would print {printed}; the exact mean log-likelihood is {exact}; {below} of the {n} points have p_{θ}(x) < 1e-8.',
    'teach.book.s3': 'On the book\'s run EM converges to φ = (0.356, 0.644), μ₁ = (2.04, 54.48), μ₂ = (4.29, 79.97): press Play on the Old Faithful preset and compare the components table.',
    'teach.book.startNote': 'The book\'s code prints {printed} here, not {exact}: it adds 1e-8 inside the log ({sec:gmmEm}, code review).',
  },
  ko: {
    'teach.book.title': 'Code Review: 책의 코드 (step05)',
    'teach.book.s1': '책의 코드는 φ = (0.5, 0.5), μ₁ = (0, 50), μ₂ = (0, 100), Σ₁ = Σ₂ = I (K = 2)에서 시작해, E 단계와 M 단계를 반복하며 매번 평균 로그 가능도를 출력하고, 그 변화가 THRESHOLD = 1e-4보다 작아지면(최대 MAX_ITERS = 100번) 멈춥니다. 이 페이지의 Old Faithful 예제도 같은 시작점과 규칙을 씁니다("책의 시작점", 허용 오차 1e-4, 최대 반복 횟수 100, reg_covar 0).',
    'teach.book.s2': '책의 likelihood()는 로그 안에 eps = 1e-8을 더합니다: (1/N) Σₙ log (p_{θ}(x⁽ⁿ⁾) + 1e-8)을 출력합니다. 평균이 데이터에서 멀리 있는 동안은 p_{θ}(x)가 1e-8보다 훨씬 작아서 출력값이 이 페이지가 보이는 정확한 값보다 훨씬 큽니다. 평균이 데이터 위로 오면 출력하는 자릿수까지 같아집니다.',
    'teach.book.s2live': '지금(반복 {it}) 책의 코드가 출력하는 값: {printed}. 정확한 평균 로그 가능도: {exact}. p_{θ}(x) < 1e-8인 점: {n}개 중 {below}개.',
    'teach.book.s3': '책의 예제에서 EM은 φ = (0.356, 0.644), μ₁ = (2.04, 54.48), μ₂ = (4.29, 79.97)로 수렴합니다. Old Faithful 예제에서 재생을 누르고 성분 표와 비교해 보세요.',
    'teach.book.startNote': '여기서 책의 코드가 출력하는 값은 {printed}입니다(정확한 값은 {exact}). 로그 안에 1e-8을 더하기 때문입니다({sec:gmmEm}, Code Review).',
  },
  ja: {
    'teach.book.title': 'コードレビュー：本書のコード（step05）',
    'teach.book.s1': '本書のコードは φ = (0.5, 0.5), μ₁ = (0, 50), μ₂ = (0, 100), Σ₁ = Σ₂ = I (K = 2) から始め、EステップとMステップを繰り返しながら毎回平均対数尤度を出力し、その変化が THRESHOLD = 1e-4 より小さくなったところで停止します（反復は最大 MAX_ITERS = 100 回）。このページのOld Faithful のプリセットも、同じ初期値と規則を使います（「本書の初期値」、許容誤差 1e-4、最大反復回数 100、reg_covar 0）。',
    'teach.book.s2': '本書の likelihood() は、log の中に eps = 1e-8 を足しています。つまり (1/N) Σₙ log (p_{θ}(x⁽ⁿ⁾) + 1e-8) を出力します。平均がデータから遠いうちは p_{θ}(x) が 1e-8 よりはるかに小さいので、出力される値は、このページが示す正確な値よりずっと大きくなります。平均がデータの上に来れば、出力される桁までは両者が一致します。',
    'teach.book.s2live': '現在（反復 {it}）：本書のコードなら {printed} を出力します。正確な平均対数尤度は {exact} で、{n} 個の点のうち {below} 個で p_{θ}(x) < 1e-8 です。',
    'teach.book.s3': '本書の実行では、EMは φ = (0.356, 0.644), μ₁ = (2.04, 54.48), μ₂ = (4.29, 79.97) に収束します。Old Faithful のプリセットで再生を押して、成分の表と比べてみましょう。',
    'teach.book.startNote': '本書のコードは、ここで {exact} ではなく {printed} を出力します。log の中に 1e-8 を足しているためです（{sec:gmmEm}、コードレビュー）。',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'gmmEm',
    name: 'book',
    title: 'teach.book.title',
    steps: [
      { text: 'teach.book.s1' },
      { text: 'teach.book.s2', live: 's2' },
      { text: 'teach.book.s3' },
    ],
  });
  // The note where the start is shown, under the status line.
  const note = document.createElement('p');
  note.className = 'book-note hint';
  note.dataset.testid = 'book-start-note';
  note.hidden = true;
  instance.ref('phase').after(note);

  const render = (s = instance.session.state()) => {
    try {
      const atStart = s.phase === 'start' || s.iteration === 0 && s.phase !== 'M';
      const b = atStart || p.shown() ? instance.session.chapter({ book: true }).book : null;
      const show = !!b && s.phase === 'start' && b.belowEps > 0;
      note.hidden = !show;
      if (show) setRich(note, tRich('teach.book.startNote', { printed: fixed(b.printed, 2), exact: fixed(b.exact, 2) }));
      if (!b || !p.shown()) return;
      p.line('s2').dataset.values = JSON.stringify(b);
      p.live('s2', 'teach.book.s2live', {
        it: b.iteration, printed: fixed(b.printed, 3), exact: fmt(b.exact, 5), below: b.belowEps, n: b.n,
      });
    } catch (err) { instance.showRunError(err); }
  };
  instance.on('refresh', render);
  instance.on('section', () => render());
}
