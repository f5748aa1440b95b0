// §5.3.1 — the ELBO, the evidence lower bound (chapter section 'derivation2'): eq. 5.5 with
// D_KL ≥ 0 gives log p_θ(x) ≥ Σ_z q(z) log (p_θ(x, z)/q(z)); the ELBO's definition, eq. 5.6; its
// properties (a lower bound of the log-likelihood, and a sum of logs, easy to work with
// analytically); the slides' NOTE on the name. Live: the chosen point's ELBO under its q of the
// last E-step beside its log p_θ(x), and the data set's sums (Session.point_bound, state()).
import { register } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel } from '../panel.js';
import { pointPicker } from '../pointpick.js';
import { row, mi, mo, mn, frac, sum, lines, block, log, x, pt, given, q, eq, plus, ge, dkl, elboXqT, tag, underbrace } from '../math.js';

register({
  en: {
    'teach.lowerbound.title': '{sec:elbo} ELBO (evidence lower bound)',
    'teach.lowerbound.s1': 'In {eq:elboKl} the KL divergence is ≥ 0 (Gibbs\' inequality), so',
    'teach.lowerbound.s2': 'This lower bound of log p_{θ}(x) is the ELBO:',
    'teach.lowerbound.s2live': 'Point {i} with its q⁽ⁿ⁾(z) of the last E-step: ELBO(x; q, θ) = {elbo} ≤ log p_{θ}(x) = {logp}; the difference is D_{KL} = {kl}.',
    'teach.lowerbound.s3': 'Its properties: the log-likelihood ≥ the ELBO, and {eq:elbo} is a sum of logs, so it is easy to handle analytically.',
    'teach.lowerbound.s3live': 'The whole data set now: Σₙ ELBO = {elbo} ≤ Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}.',
    'teach.lowerbound.s3start': 'At the start there is no q(z) yet: take an E-step.',
    'teach.lowerbound.note': 'NOTE — evidence lower bound: "evidence" is another name for the log-likelihood log p_{θ}(x): the larger it is, the more it is evidence that the q or θ we seek points the right way. "Lower bound": when x ≥ a, a is a lower bound of x. Put together, the evidence lower bound is a least value of the log-likelihood.',
  },
  ko: {
    'teach.lowerbound.title': '{sec:elbo} ELBO(Evidence Lower Bound), 증거 하한',
    'teach.lowerbound.s1': '{eq:elboKl}에서 KL 발산은 ≥ 0이기 때문에(깁스 부등식)',
    'teach.lowerbound.s2': 'log p_{θ}(x)의 이 하한이 ELBO입니다. ELBO 정의:',
    'teach.lowerbound.s2live': '{i}번 점, 마지막 E 단계의 q⁽ⁿ⁾(z)로: ELBO(x; q, θ) = {elbo} ≤ log p_{θ}(x) = {logp}; 그 차이가 D_{KL} = {kl}입니다.',
    'teach.lowerbound.s3': 'ELBO 특징: 로그 가능도 ≥ ELBO이고, {eq:elbo}은 합-로그 형식이라 해석적으로 계산하기 쉽습니다.',
    'teach.lowerbound.s3live': '지금 데이터 전체: Σₙ ELBO = {elbo} ≤ Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}.',
    'teach.lowerbound.s3start': '시작 시점에는 아직 q(z)가 없습니다. E 단계를 실행하세요.',
    'teach.lowerbound.note': 'NOTE — 증거 하한에서 증거는 로그 가능도 log p_{θ}(x)의 별칭으로 쓰입니다. 증거라는 이름은 ‘로그 가능도 값이 커질수록 구하고자 하는 q나 θ가 올바른 방향을 가리키고 있다는 증거다’라는 말에서 유래했습니다. 하한이란 x ≥ a를 만족할 때 ‘x의 하한은 a’라는 뜻입니다. 정리하면 ‘증거 하한 = 로그 가능도의 최솟값’입니다.',
  },
  ja: {
    'teach.lowerbound.title': '{sec:elbo} ELBO（エビデンスの下界）',
    'teach.lowerbound.s1': '{eq:elboKl}のKLダイバージェンスは 0 以上（ギブスの不等式）なので、',
    'teach.lowerbound.s2': 'この log p_{θ}(x) の下界がELBOです：',
    'teach.lowerbound.s2live': '点 {i}、直前のEステップの q⁽ⁿ⁾(z) で：ELBO(x; q, θ) = {elbo} ≤ log p_{θ}(x) = {logp}。その差が D_{KL} = {kl} です。',
    'teach.lowerbound.s3': 'ELBOの性質：対数尤度 ≥ ELBO です。また、{eq:elbo}は sum-log の形（対数の和）なので、解析的に扱いやすくなっています。',
    'teach.lowerbound.s3live': '現在のデータ全体：Σₙ ELBO = {elbo} ≤ Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}。',
    'teach.lowerbound.s3start': '初期状態では、まだ q(z) がありません。Eステップを実行してください。',
    'teach.lowerbound.note': 'NOTE — エビデンスの下界の「エビデンス」（証拠）は、対数尤度 log p_{θ}(x) の別名として使われます。「対数尤度の値が大きいほど、求めようとしている q や θ が正しい方向を向いているという証拠になる」という意味から、この名前が付きました。「下界」とは、x ≥ a が成り立つとき「a は x の下界である」という意味です。まとめると、エビデンスの下界とは対数尤度の最小値のことです。',
  },
});

const xz = row(x, mo(','), mi('z'));
const post = pt(given(mi('z'), x));
const BOUND = lines(
  [row(log, pt(x)), row(eq, sum('z'), q(mi('z')), log, frac(pt(xz), q(mi('z'))), plus, underbrace(dkl(q(mi('z')), post), row(mo('≥'), mn(0)))), tag('elboKl')],
  ['', row(ge, sum('z'), q(mi('z')), log, frac(pt(xz), q(mi('z'))))],
);
const DEF = block(elboXqT, eq, sum('z'), q(mi('z')), log, frac(pt(xz), q(mi('z'))), tag('elbo'));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'derivation2',
    name: 'lowerbound',
    title: 'teach.lowerbound.title',
    steps: [
      { text: 'teach.lowerbound.s1', math: BOUND },
      { text: 'teach.lowerbound.s2', math: DEF, live: 's2', id: 'definition' },
      { text: 'teach.lowerbound.s3', live: 's3' },
    ],
    after: '<p class="note-box" data-i18n="teach.lowerbound.note"></p>',
  });
  p.panel.querySelector('.argument').before(pointPicker(instance, p.id('point')));

  const render = () => {
    if (!p.shown()) return;
    try {
      const s = instance.session.state();
      const i = Math.min(instance.focusPoint ?? 0, s.n - 1);
      const b = instance.session.point(i, null).bound;
      p.panel.dataset.point = String(i);
      p.line('s2').dataset.values = JSON.stringify({ elbo: b.elbo, logP: b.logP, kl: b.kl });
      p.live('s2', 'teach.lowerbound.s2live', { i: i + 1, elbo: fmt(b.elbo, 6), logp: fmt(b.logP, 6), kl: fmt(b.kl, 6) });
      if (s.elbo === null || s.elbo === undefined) p.live('s3', 'teach.lowerbound.s3start');
      else p.live('s3', 'teach.lowerbound.s3live', { elbo: fmt(s.elbo, 6), logp: fmt(s.logLikelihood * s.n, 6) });
    } catch (err) { instance.showRunError(err); }
  };
  instance.on('refresh', render);
  instance.on('focus-point', render);
  instance.on('section', render);
}
