// The guided tour: nine short cards through the book's run, started by the "Tour" button —
// what the colours mean, what the E-step does, what the M-step does, why the log-likelihood
// never goes down (log p = ELBO + KL, KL ≥ 0), any q as a lower bound (§5.2.2), the hidden
// variable and the density contours (§5.2.1), maximum likelihood = minimum KL (§5.1.3), the
// principal-components view for more columns, and what to try next. Each card highlights the
// element it explains and may press Step for the visitor (through the instance's API, so the
// numbers still come from wasm). Back / Next / Close buttons; Escape closes and focus returns to
// the Tour button. Both languages; the open card re-renders when the language changes.
import { register, t, translate, onLang } from '../i18n.js';

register({
  en: {
    'tour.button': 'Tour',
    'tour.buttonTitle': 'A short guided tour of EM on the book\'s data',
    'tour.dialog': 'Guided tour',
    'tour.count': 'Step {i} of {n}',
    'tour.back': 'Back',
    'tour.next': 'Next',
    'tour.finish': 'Finish',
    'tour.close': 'Close',
    'tour.closeLabel': 'Close the tour',
    'tour.colours.title': 'What the colours mean',
    'tour.colours.body': 'In the book\'s data set each dot is one eruption of the Old Faithful geyser: how long it lasted and how long people waited for it. The model is a Gaussian mixture of K components, each drawn as an ellipse (its mean μ and covariance Σ). A dot\'s colour mixes the components\' colours by its responsibilities q(z): pure blue belongs to component 1, pure orange to component 2, and colours in between are shared. Before the first E-step the dots are grey.',
    'tour.estep.title': 'The E-step',
    'tour.estep.body': 'I pressed the first half of Step for you: an E-step. Keeping the parameters θ = (φ, μ, Σ) fixed, it computes for every point the posterior q(z) = p(z | x; θ), how much each component explains that point, and the colours now show it. With this q the KL divergence KL(q ‖ p(z | x; θ)) is 0, so the ELBO equals the log-likelihood log p(x; θ).',
    'tour.mstep.title': 'The M-step',
    'tour.mstep.body': 'Now the M-step (pressed for you). Keeping q fixed, it re-estimates each component from the points it is responsible for: the mixing weight φ is the average responsibility, the mean μ the responsibility-weighted average, the covariance Σ the responsibility-weighted spread. This maximises the ELBO over θ. The table shows the new values, and the ellipses have moved.',
    'tour.loglik.title': 'Why the log-likelihood only goes up',
    'tour.loglik.body': 'For any q, log p(x; θ) = ELBO(q, θ) + KL(q ‖ p(z | x; θ)), and KL ≥ 0. The E-step makes KL = 0 without changing θ, so the ELBO touches the log-likelihood. The M-step raises the ELBO, and the KL can only add to it, so the new log-likelihood is at least the old one. That is why this curve never goes down (I ran two more iterations for you).',
    'tour.bound.title': 'Any q gives a lower bound (§5.2.2)',
    'tour.bound.body': 'I opened point 40 for you. Here you choose its q(z) by hand with the sliders: the ELBO and KL(q ‖ p(z | x; θ)) change, but log p(x) stays where it is and always equals their sum. Press "q = p(z | x; θ)" to make the E-step\'s choice: KL drops to 0 and the ELBO is as high as it can be. On the right, the same for the whole data set with q from an earlier iteration.',
    'tour.latent.title': 'The hidden variable z (§5.2.1)',
    'tour.latent.body': 'Each component is a joint p(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ) of the point x and the hidden component z; the mixture is p(x) = Σ_z p(x, z). I switched on the density contours: dashed in each colour, the joints; solid dark, p(x). With one column, the curves of the 1-D view are the same functions.',
    'tour.truth.title': 'Maximum likelihood = minimum KL (§5.1.3)',
    'tour.truth.body': 'When the data come from a known mixture p*, this panel shows the KL divergence D_KL(p* ‖ p_θ) estimated on the data falling exactly as the mean log-likelihood rises: their sum is a constant. Old Faithful\'s origin is unknown, so press "Load the known mixture" (or Generate points and "Use as the data") and play.',
    'tour.pca.title': 'More than two columns',
    'tour.pca.body': 'With data of three or more columns, the plot shows two of them (X and Y column in Settings), and a principal-components view appears under it: the data on its first two principal axes, with every component\'s ellipse projected on that plane.',
    'tour.yours.title': 'Your turn',
    'tour.yours.body': 'Play runs EM until it converges (until the log-likelihood changes by less than the tolerance); Step takes one iteration; Reset goes back to the same start and New start draws a new seed. Try K = 3, another initialisation, or paste your own data below.',
  },
  ko: {
    'tour.button': '둘러보기',
    'tour.buttonTitle': '책의 데이터로 EM 알고리즘을 짧게 둘러봅니다',
    'tour.dialog': '둘러보기 안내',
    'tour.count': '{n}단계 중 {i}단계',
    'tour.back': '이전',
    'tour.next': '다음',
    'tour.finish': '마치기',
    'tour.close': '닫기',
    'tour.closeLabel': '둘러보기 닫기',
    'tour.colours.title': '점의 색이 뜻하는 것',
    'tour.colours.body': '책의 데이터에서 점 하나는 Old Faithful 간헐천의 분출 한 번입니다. 분출이 얼마나 이어졌는지, 그리고 분출을 얼마나 기다렸는지를 나타냅니다. 모델은 성분 K개로 이루어진 혼합 가우스 모델이고, 각 성분은 타원(평균 μ와 공분산 Σ)으로 그려집니다. 점의 색은 책임(부담률) q(z)에 따라 성분들의 색을 섞은 것입니다. 완전한 파란색은 1번 성분에, 완전한 주황색은 2번 성분에 속하고, 중간 색은 두 성분이 나누어 가집니다. 첫 E 단계 전에는 점이 회색입니다.',
    'tour.estep.title': 'E 단계',
    'tour.estep.body': '‘한 단계’의 앞쪽 절반인 E 단계를 대신 눌렀습니다. 매개변수 θ = (φ, μ, Σ)를 고정한 채, 모든 점에 대해 사후 분포 q(z) = p(z | x; θ), 곧 각 성분이 그 점을 얼마나 설명하는지를 계산합니다. 지금 점의 색이 바로 그 값입니다. 이렇게 q를 정하면 KL 발산 KL(q ‖ p(z | x; θ))이 0이 되므로, ELBO가 로그 가능도 log p(x; θ)와 같아집니다.',
    'tour.mstep.title': 'M 단계',
    'tour.mstep.body': '이어서 M 단계입니다(역시 대신 눌렀습니다). q를 고정한 채, 각 성분이 책임지는 점들로부터 성분을 다시 추정합니다. 혼합 가중치 φ는 책임의 평균, 평균 μ는 책임으로 가중한 평균, 공분산 Σ는 책임으로 가중한 퍼짐입니다. 이것이 θ에 대해 ELBO를 최대화합니다. 표에 새 값이 나오고 타원이 움직였습니다.',
    'tour.loglik.title': '로그 가능도가 줄지 않는 이유',
    'tour.loglik.body': '어떤 q에 대해서도 log p(x; θ) = ELBO(q, θ) + KL(q ‖ p(z | x; θ))이고, KL ≥ 0입니다. E 단계는 θ를 그대로 둔 채 KL을 0으로 만들어 ELBO가 로그 가능도에 닿게 합니다. M 단계는 ELBO를 끌어올리고 KL은 거기에 더해질 뿐이므로, 새 로그 가능도는 이전 값보다 작아지지 않습니다. 그래서 이 그래프는 절대 내려가지 않습니다(반복을 두 번 더 실행해 두었습니다).',
    'tour.bound.title': '어떤 q든 하한을 준다 (§5.2.2)',
    'tour.bound.body': '40번 점을 열어 두었습니다. 여기서 슬라이더로 그 점의 q(z)를 직접 정해 보세요. ELBO와 KL(q ‖ p(z | x; θ))은 바뀌지만 log p(x)는 그대로이고 언제나 둘의 합과 같습니다. "q = p(z | x; θ)"를 누르면 E 단계의 선택이 되어 KL이 0이 되고 ELBO가 가장 높아집니다. 오른쪽에서는 데이터 전체에 대해 이전 반복의 q로 같은 것을 볼 수 있습니다.',
    'tour.latent.title': '숨은 변수 z (§5.2.1)',
    'tour.latent.body': '각 성분은 점 x와 숨은 성분 z의 결합 분포 p(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ)이고, 혼합 분포는 p(x) = Σ_z p(x, z)입니다. 밀도 등고선을 켜 두었습니다. 색마다 점선이 결합 분포, 진한 실선이 p(x)입니다. 열이 하나이면 1차원 그림의 곡선이 같은 함수입니다.',
    'tour.truth.title': '최대 가능도 = 최소 KL (§5.1.3)',
    'tour.truth.body': '데이터가 알려진 혼합 분포 p*에서 나왔다면, 이 패널은 데이터로 추정한 KL 발산 D_KL(p* ‖ p_θ)이 평균 로그 가능도가 올라가는 만큼 정확히 내려가는 모습을 보여 줍니다. 둘의 합은 상수입니다. Old Faithful은 출처를 알 수 없으니 "알려진 혼합 분포 불러오기"를 누르거나(또는 점을 생성해 "데이터로 사용") 재생해 보세요.',
    'tour.pca.title': '열이 셋 이상일 때',
    'tour.pca.body': '열이 셋 이상인 데이터에서는 그림이 그중 두 열을 보여 주고(설정의 X 열, Y 열), 그 아래에 주성분 그림이 나타납니다. 데이터를 처음 두 주성분 축에 나타내고 각 성분의 타원을 같은 평면에 사영한 그림입니다.',
    'tour.yours.title': '이제 직접 해 보세요',
    'tour.yours.body': '‘재생’은 수렴할 때까지(로그 가능도의 변화가 허용 오차보다 작아질 때까지) EM을 돌리고, ‘한 단계’는 반복을 한 번 진행합니다. ‘처음으로’는 같은 시작점으로 되돌리고, ‘새 시작점’은 새 시드를 뽑습니다. K = 3이나 다른 초기화를 고르거나, 아래에 직접 데이터를 붙여 넣어 보세요.',
  },
});

/** The cards: what each explains, where it points, and what it does first. */
const STEPS = [
  { key: 'colours', target: (inst) => inst.canvas.parentElement },
  {
    key: 'estep',
    target: (inst) => inst.canvas.parentElement,
    enter: (inst, api) => {
      if (inst.session.state().done) { inst.session.reset(); inst.restarted(); }
      if (inst.session.state().phase !== 'E') api.step();
    },
  },
  {
    key: 'mstep',
    target: (inst) => inst.ref('components').closest('section') || inst.ref('components'),
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
  {
    key: 'bound',
    target: (inst) => inst.root.querySelector('.teach-bound'),
    enter: (inst) => { if (inst.inspectPoint && inst.session.state().n > 39) inst.inspectPoint(39); },
  },
  {
    key: 'latent',
    target: (inst) => inst.canvas.parentElement,
    enter: (inst) => {
      const select = inst.root.querySelector('.teach-latent select');
      if (select && inst.session.state().d > 1 && select.value === 'off') {
        select.value = 'both';
        select.dispatchEvent(new Event('change'));
      }
    },
  },
  { key: 'truth', target: (inst) => inst.root.querySelector('.teach-truth') },
  { key: 'pca', target: (inst) => inst.ref('settings').closest('section') },
  { key: 'yours', target: (inst) => inst.ref('transport') },
];

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
    part('count').textContent = t('tour.count', { i: index + 1, n: STEPS.length });
    part('title').textContent = t(`tour.${step.key}.title`);
    part('body').textContent = t(`tour.${step.key}.body`);
    part('back').textContent = t('tour.back');
    part('back').disabled = index === 0;
    part('next').textContent = t(index === STEPS.length - 1 ? 'tour.finish' : 'tour.next');
    part('close').textContent = t('tour.close');
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
