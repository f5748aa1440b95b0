// §5.3.2's eq. 5.7 live (slot 'side-top', beside the plot): a chart drawn in Rust of log p_θ(x) and the ELBO over recent
// half-steps with the KL gap shaded, and a stacked bar "log p(x) = ELBO + KL" with the three numbers
// of the half-step shown (it follows the history cursor). Every number comes from the Session.
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';

register({
  en: {
    'teach.elbo.title': 'log p_{θ}(x) = ELBO + D_{KL} ({eq:decomposition})',
    'teach.elbo.chart': 'Chart of the total log-likelihood log p_{θ}(x) and the ELBO per half-step; the shaded gap between them is the KL divergence',
    'teach.elbo.x': 'half-step',
    'teach.elbo.y': 'sum over {n} points',
    'teach.elbo.unit': 'Sums over all N = {n} points: log p_{θ}(x) = Σₙ log p_{θ}(x⁽ⁿ⁾). The status line shows the mean per point, (1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {mean}. Derived in {sec:toEm}.',
    'teach.elbo.logp': 'log p_{θ}(x)',
    'teach.elbo.elbo': 'ELBO',
    'teach.elbo.kl': 'D_{KL}',
    'teach.elbo.gap': 'KL gap',
    'teach.elbo.values': 'Values at the half-step shown',
    'teach.elbo.bar': 'log p_{θ}(x) {logp} = ELBO {elbo} + D_{KL} {kl}',
    'teach.elbo.start': 'At the start there is no q(z) yet: take an E-step to see the ELBO.',
    'teach.elbo.afterE': 'After the E-step q(z) = p_{θ}(z | x): D_{KL} = 0, so the ELBO touches log p_{θ}(x).',
    'teach.elbo.afterM': 'After the M-step θ changed: the ELBO rose, log p_{θ}(x) rose at least as much, and the gap between them is D_{KL}(q(z) ‖ p_{θ}(z | x)).',
    'teach.elbo.vb.title': 'The variational lower bound L(q(z), q(θ))',
    'teach.elbo.vb.chart': 'Chart of the variational lower bound L(q(z), q(θ)) after each E-step and M-step',
    'teach.elbo.vb.bound': 'L(q(z), q(θ))',
    'teach.elbo.vb.caption': 'Under variational Bayes log p(x) cannot be computed (θ is integrated out), so there is no log p(x) curve: the chart shows the full lower bound L(q(z), q(θ)) after each half-step, which rises at every E-step and M-step. scikit-learn\'s lower_bound_ differs from it by a constant.',
  },
  ko: {
    'teach.elbo.title': 'log p_{θ}(x) = ELBO + D_{KL} ({eq:decomposition})',
    'teach.elbo.chart': '반 단계마다 전체 로그 가능도 log p_{θ}(x)와 ELBO를 그린 차트. 둘 사이의 색칠된 간격이 KL 발산입니다',
    'teach.elbo.x': '반 단계',
    'teach.elbo.y': '점 {n}개의 합',
    'teach.elbo.unit': '모든 점 N = {n}개에 대한 합입니다: log p_{θ}(x) = Σₙ log p_{θ}(x⁽ⁿ⁾). 상태 줄에 표시되는 값은 점당 평균 (1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {mean}입니다. 유도는 {sec:toEm}에 있습니다.',
    'teach.elbo.logp': 'log p_{θ}(x)',
    'teach.elbo.elbo': 'ELBO',
    'teach.elbo.kl': 'D_{KL}',
    'teach.elbo.gap': 'KL 간격',
    'teach.elbo.values': '지금 보이는 반 단계의 값',
    'teach.elbo.bar': 'log p_{θ}(x) {logp} = ELBO {elbo} + D_{KL} {kl}',
    'teach.elbo.start': '시작 시점에는 아직 q(z)가 없습니다. E 단계를 한 번 실행하면 ELBO(증거 하한)가 보입니다.',
    'teach.elbo.afterE': 'E 단계 후 q(z) = p_{θ}(z | x)이므로 D_{KL} = 0이 되고 ELBO가 log p_{θ}(x)와 같아집니다.',
    'teach.elbo.afterM': 'M 단계에서 θ가 바뀌었습니다. ELBO가 올라가고 log p_{θ}(x)는 적어도 그만큼 올라가며, 둘의 차이가 D_{KL}(q(z) ‖ p_{θ}(z | x))입니다.',
    'teach.elbo.vb.title': '변분 베이즈의 하한 L(q(z), q(θ))',
    'teach.elbo.vb.chart': 'E 단계와 M 단계마다 변분 베이즈의 하한 L(q(z), q(θ))를 그린 차트',
    'teach.elbo.vb.bound': 'L(q(z), q(θ))',
    'teach.elbo.vb.caption': '변분 베이즈에서는 θ를 적분해 없애므로 log p(x)를 계산할 수 없어 log p(x) 곡선이 없습니다. 차트는 반 단계마다 전체 하한 L(q(z), q(θ))를 보여 주며, 이 값은 E 단계와 M 단계마다 올라갑니다. scikit-learn의 lower_bound_는 이 값과 상수만큼 다릅니다.',
  },
  ja: {
    'teach.elbo.title': 'log p_{θ}(x) = ELBO + D_{KL}（{eq:decomposition}）',
    'teach.elbo.chart': '半ステップごとの対数尤度の合計 log p_{θ}(x) とELBOのグラフ。両者の間の塗られた部分（ギャップ）がKLダイバージェンスです',
    'teach.elbo.x': '半ステップ',
    'teach.elbo.y': '{n} 個の点の和',
    'teach.elbo.unit': 'すべての N = {n} 個の点についての和です：log p_{θ}(x) = Σₙ log p_{θ}(x⁽ⁿ⁾)。ステータス行には1点あたりの平均 (1/N) Σₙ log p_{θ}(x⁽ⁿ⁾) = {mean} が表示されます。導出は{sec:toEm}にあります。',
    'teach.elbo.logp': 'log p_{θ}(x)',
    'teach.elbo.elbo': 'ELBO',
    'teach.elbo.kl': 'D_{KL}',
    'teach.elbo.gap': 'KLギャップ',
    'teach.elbo.values': '表示中の半ステップでの値',
    'teach.elbo.bar': 'log p_{θ}(x) {logp} = ELBO {elbo} + D_{KL} {kl}',
    'teach.elbo.start': '初期状態では、まだ q(z) がありません。Eステップを実行すると、ELBOが表示されます。',
    'teach.elbo.afterE': 'Eステップの後は q(z) = p_{θ}(z | x)：D_{KL} = 0 なので、ELBOは log p_{θ}(x) に接します。',
    'teach.elbo.afterM': 'Mステップで θ が変わりました。ELBOが上がり、log p_{θ}(x) は少なくともそれと同じだけ上がります。両者の差が D_{KL}(q(z) ‖ p_{θ}(z | x)) です。',
    'teach.elbo.vb.title': '変分ベイズの下界 L(q(z), q(θ))',
    'teach.elbo.vb.chart': 'EステップとMステップごとの変分ベイズの下界 L(q(z), q(θ)) のグラフ',
    'teach.elbo.vb.bound': 'L(q(z), q(θ))',
    'teach.elbo.vb.caption': '変分ベイズでは θ を積分で消すため log p(x) は計算できず、log p(x) の線はありません。グラフは半ステップごとの下界 L(q(z), q(θ)) 全体を示し、EステップでもMステップでも上がります。scikit-learnの lower_bound_ とは定数だけ異なります。',
  },
});

/** Formats a displayed value; KL exactly 0 is shown as 0. */
const show = (v) => (v === 0 ? '0' : fmt(v, 4));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`elbo-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-elbo';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.elbo.title"></h2>
    <canvas data-resize class="elbo-chart" role="img" data-i18n-attr="aria-label:teach.elbo.chart"></canvas>
    <ul class="elbo-legend" aria-hidden="true">
      <li><span class="key logp"></span><span data-i18n="teach.elbo.logp"></span></li>
      <li><span class="key elbo"></span><span data-i18n="teach.elbo.elbo"></span></li>
      <li><span class="key gap"></span><span data-i18n="teach.elbo.gap"></span></li>
    </ul>
    <div class="elbo-bar" role="img" data-testid="elbo-bar">
      <span class="seg elbo"></span><span class="seg kl"></span><span class="mark logp"></span>
    </div>
    <table class="elbo-values" aria-labelledby="${id('values')}">
      <caption id="${id('values')}" class="visually-hidden" data-i18n="teach.elbo.values"></caption>
      <tbody>
        <tr><th scope="row" id="${id('th-logp')}" data-i18n="teach.elbo.logp"></th><td data-testid="elbo-logp" aria-labelledby="${id('th-logp')}"></td></tr>
        <tr class="elbo"><th scope="row" id="${id('th-elbo')}" data-i18n="teach.elbo.elbo"></th><td data-testid="elbo-elbo" aria-labelledby="${id('th-elbo')}"></td></tr>
        <tr class="kl"><th scope="row" id="${id('th-kl')}" data-i18n="teach.elbo.kl"></th><td data-testid="elbo-kl" aria-labelledby="${id('th-kl')}"></td></tr>
      </tbody>
    </table>
    <p class="elbo-unit hint" data-testid="elbo-unit"></p>
    <p class="elbo-note" aria-live="polite"></p>
    <p class="elbo-vb hint" data-testid="elbo-vb-caption" data-i18n="teach.elbo.vb.caption" hidden></p>`;
  instance.slot('side-top').append(panel);
  translate(panel);

  const canvas = panel.querySelector('canvas');
  const bar = panel.querySelector('.elbo-bar');
  const cell = (name) => panel.querySelector(`[data-testid="elbo-${name}"]`);
  const note = panel.querySelector('.elbo-note');

  const setValue = (td, v) => {
    td.textContent = v === null || v === undefined ? '—' : show(v);
    td.dataset.value = v === null || v === undefined ? '' : String(v);
  };

  // Under variational Bayes the chart is L(q(z), q(θ)) alone: no log p(x), KL, bar or EM notes.
  const vbOnly = [bar, note, panel.querySelector('.elbo-unit'), ...panel.querySelectorAll('.elbo-legend .logp, .elbo-legend .gap, tr:not(.elbo)')];
  const vbSwitch = (vb) => {
    for (const el of vbOnly) (el.closest('li') ?? el).hidden = vb;
    panel.querySelector('.elbo-vb').hidden = !vb;
    const keys = vb ? ['teach.elbo.vb.title', 'teach.elbo.vb.chart', 'teach.elbo.vb.bound'] : ['teach.elbo.title', 'teach.elbo.chart', 'teach.elbo.elbo'];
    panel.querySelector('h2').dataset.i18n = keys[0];
    canvas.dataset.i18nAttr = `aria-label:${keys[1]}`;
    for (const el of panel.querySelectorAll('.elbo-legend .key.elbo + span, tr.elbo th')) el.dataset.i18n = keys[2];
    translate(panel);
  };

  const render = () => {
    try {
      const state = instance.session.state();
      const vb = state.componentsInUse != null;
      if (panel.classList.contains('vb') !== vb) {
        panel.classList.toggle('vb', vb);
        vbSwitch(vb);
      }
      const { elbo: b } = instance.session.chapter({ elbo: true });
      if (vb) {
        canvas.yAxis = instance.session.render_chart(canvas, { kind: 'elbo', x: t('teach.elbo.x'), y: t('teach.elbo.y', { n: b.n }) });
        setValue(cell('elbo'), state.vbBound);
        return;
      }
      canvas.yAxis = instance.session.render_chart(canvas, { kind: 'elbo', x: t('teach.elbo.x'), y: t('teach.elbo.y', { n: b.n }) }); // layout, for tests
      setRich(panel.querySelector('.elbo-unit'), tRich('teach.elbo.unit', { n: b.n, mean: fmt(b.meanLogP, 5) }));
      setValue(cell('logp'), b.logP);
      setValue(cell('elbo'), b.elbo);
      setValue(cell('kl'), b.kl);
      const has = b.elbo !== null;
      bar.querySelector('.seg.elbo').style.width = has ? `${b.elboFrac * 100}%` : '0';
      const kl = bar.querySelector('.seg.kl');
      kl.style.left = `${(has ? b.elboFrac : 0) * 100}%`;
      kl.style.width = has ? `${(b.logPFrac - b.elboFrac) * 100}%` : '0';
      kl.classList.toggle('positive', has && b.kl > 0);
      bar.querySelector('.mark.logp').style.left = `${b.logPFrac * 100}%`;
      bar.dataset.phase = b.phase;
      bar.setAttribute('aria-label', t('teach.elbo.bar', { logp: show(b.logP), elbo: has ? show(b.elbo) : '—', kl: has ? show(b.kl) : '—' }));
      setRich(note, tRich({ start: 'teach.elbo.start', E: 'teach.elbo.afterE', M: 'teach.elbo.afterM' }[b.phase]));
    } catch (err) {
      instance.showRunError(err);
    }
  };

  instance.on('refresh', render);
  instance.on('resize', render);
  onLang(render);
}
