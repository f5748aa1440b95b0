// §5.3.2 — at last, the EM algorithm (chapter section 'derivation2'): maximize the ELBO instead
// of the log-likelihood, over θ and q(z) — hard at once, so in turn; eq. 5.7, log p_θ(x) = ELBO +
// D_KL; log p_θ(x) does not move with q, so maximizing the ELBO over q is minimizing D_KL, which is
// 0 at q(z) = p_θ(z | x), where log p_θ(x) = ELBO (the E-step); Fig. 5-7 (the §5.2.2 sliders); the
// ELBO chart shows it every half-step. Live: the half-step shown and its ELBO and D_KL (state()).
import { register, tRich } from '../i18n.js';
import { fmt } from '../ui.js';
import { chapterPanel } from '../panel.js';
import { mi, block, log, x, pt, given, q, eq, plus, dkl, elboXqT, tag } from '../math.js';

register({
  en: {
    'teach.toem.title': '{sec:toEm} At last, the EM algorithm',
    'teach.toem.s1': 'Finding the θ that maximizes log p_{θ}(x) directly is hard. But log-likelihood ≥ ELBO: update θ and q(z) so that the ELBO is maximized, and the log-likelihood is maximized too. Updating θ and q(z) at the same time is hard — so update them in turn: the EM algorithm.',
    'teach.toem.s2': 'Whatever q is,',
    'teach.toem.s3': 'log p_{θ}(x) is a constant as q changes: maximizing the ELBO over q → minimizing D_{KL} → set q(z) = p_{θ}(z | x) → D_{KL} = 0 → log p_{θ}(x) = ELBO. That is the E-step; the M-step then raises the ELBO over θ.',
    'teach.toem.s3live': 'Shown now: {phase}. Σₙ ELBO = {elbo}, Σₙ D_{KL} = {kl}, Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}.',
    'teach.toem.start': 'the start (no q(z) yet: take an E-step)',
    'teach.toem.afterE': 'after E-step {it}, where q(z) became p_{θ}(z | x)',
    'teach.toem.afterM': 'after M-step {it}: θ moved and q did not, so D_{KL} > 0 until the next E-step',
    'teach.toem.s4': 'As q(z) changes the ELBO and the KL term change, but their sum stays constant ({fig:constantSum}): move q yourself in {sec:anyQ}; and the chart "log p_{θ}(x) = ELBO + D_{KL}" beside the plot shows both at every half-step.',
    'teach.toem.try': 'Set q by hand ({sec:anyQ})',
  },
  ko: {
    'teach.toem.title': '{sec:toEm} 드디어 EM 알고리즘으로',
    'teach.toem.s1': '로그 가능도 log p_{θ}(x)를 최대화하는 θ를 직접 찾기는 어렵습니다. 하지만 로그 가능도 ≥ ELBO이므로, ELBO를 최대화하도록 θ, q(z)를 갱신하면 로그 가능도도 최대화됩니다. 하지만 동시에 θ, q(z)를 갱신하기는 어렵습니다 → 번갈아 갱신하는 EM 알고리즘.',
    'teach.toem.s2': 'q가 무엇이든',
    'teach.toem.s3': 'log p_{θ}(x)는 q에 대해 상수: ELBO 최대화 → KL 발산 최소화 → q(z) = p_{θ}(z | x)로 설정 → D_{KL} = 0 → log p_{θ}(x) = ELBO. 이것이 E 단계이고, 이어서 M 단계가 θ에 대해 ELBO를 끌어올립니다.',
    'teach.toem.s3live': '지금 보이는 상태: {phase}. Σₙ ELBO = {elbo}, Σₙ D_{KL} = {kl}, Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}.',
    'teach.toem.start': '시작 상태 (아직 q(z)가 없음: E 단계를 실행하세요)',
    'teach.toem.afterE': '{it}번째 E 단계 후, q(z)가 p_{θ}(z | x)가 되었습니다',
    'teach.toem.afterM': '{it}번째 M 단계 후, θ는 바뀌고 q는 그대로이므로 다음 E 단계까지 D_{KL} > 0',
    'teach.toem.s4': 'q(z)가 변해도 ELBO 항과 KL 항의 합은 일정합니다({fig:constantSum}): {sec:anyQ}에서 q를 직접 움직여 보세요. 그림 옆의 "log p_{θ}(x) = ELBO + D_{KL}" 그래프는 반 단계마다 둘을 보여 줍니다.',
    'teach.toem.try': 'q를 직접 정하기 ({sec:anyQ})',
  },
  ja: {
    'teach.toem.title': '{sec:toEm} EMアルゴリズムへ',
    'teach.toem.s1': '対数尤度 log p_{θ}(x) を最大化する θ を直接見つけるのは困難です。しかし、対数尤度 ≥ ELBO なので、ELBOが最大になるように θ と q(z) を更新すれば、対数尤度も最大化されます。ただし、θ と q(z) を同時に更新するのは困難です。そこで交互に更新します。これがEMアルゴリズムです。',
    'teach.toem.s2': 'q が何であっても、',
    'teach.toem.s3': 'q を変えても log p_{θ}(x) は一定です。q についてELBOを最大化 → D_{KL} を最小化 → q(z) = p_{θ}(z | x) とおく → D_{KL} = 0 → log p_{θ}(x) = ELBO。これがEステップです。続くMステップでは、θ についてELBOを引き上げます。',
    'teach.toem.s3live': '表示中：{phase}。Σₙ ELBO = {elbo}、Σₙ D_{KL} = {kl}、Σₙ log p_{θ}(x⁽ⁿ⁾) = {logp}。',
    'teach.toem.start': '初期状態（まだ q(z) がありません。Eステップを実行してください）',
    'teach.toem.afterE': '{it}回目のEステップの後。q(z) が p_{θ}(z | x) になりました',
    'teach.toem.afterM': '{it}回目のMステップの後。θ は動き q はそのままなので、次のEステップまで D_{KL} > 0',
    'teach.toem.s4': 'q(z) が変わっても、ELBOの項とKLの項の和は一定です（{fig:constantSum}）。{sec:anyQ}で q を自分で動かしてみましょう。また、散布図の横にある「log p_{θ}(x) = ELBO + D_{KL}」のグラフは、半ステップごとに両方を示します。',
    'teach.toem.try': 'q を手で設定（{sec:anyQ}）',
  },
});

const EQ57 = block(log, pt(x), eq, elboXqT, plus, dkl(q(mi('z')), pt(given(mi('z'), x))), tag('decomposition'));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const p = chapterPanel(instance, {
    section: 'derivation2',
    name: 'toem',
    title: 'teach.toem.title',
    steps: [
      { text: 'teach.toem.s1' },
      { text: 'teach.toem.s2', math: EQ57, id: 'eq57' },
      { text: 'teach.toem.s3', live: 's3' },
      { text: 'teach.toem.s4', html: '<button type="button" data-act="try" data-i18n="teach.toem.try"></button>' },
    ],
  });
  p.panel.querySelector('[data-act="try"]').addEventListener('click', () => {
    const sliders = instance.root.querySelector('.teach-bound .bound-point');
    if (!sliders) return;
    instance.reveal(sliders);
    sliders.scrollIntoView({ block: 'center' });
    const first = sliders.querySelector('input');
    if (first) first.focus();
  });

  const render = (s = instance.session.state()) => {
    if (!p.shown()) return;
    const phase = s.phase === 'E' ? ['teach.toem.afterE', { it: s.iteration + 1 }]
      : s.phase === 'M' ? ['teach.toem.afterM', { it: s.iteration }] : ['teach.toem.start', {}];
    const none = (v) => (v === null || v === undefined ? '—' : fmt(v, 6));
    p.live('s3', 'teach.toem.s3live', {
      phase: tRich(...phase), elbo: none(s.elbo), kl: s.kl === 0 ? '0' : none(s.kl), logp: fmt(s.logLikelihood * s.n, 6),
    });
  };
  instance.on('refresh', render);
  instance.on('section', () => render());
}
