// §5.2.1 — latent variables, on the plot (top of slot 'stage'). The joint p_θ(x, z = k) =
// φₖ 𝒩(x; μₖ, Σₖ) of each component and the mixture p_θ(x) = Σ_z p_θ(x, z): in 2-D as optional density
// contours drawn by Rust over the plot (Session.render_contours, after every frame), in 1-D as the
// curves already drawn; a legend names each with its equation.
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';

register({
  en: {
    'teach.latent.label': 'Density contours',
    'teach.latent.off': 'off',
    'teach.latent.mixture': 'p_{θ}(x)',
    'teach.latent.components': 'each p_{θ}(x, z = k)',
    'teach.latent.both': 'both',
    'teach.latent.title': 'A model with a latent variable ({sec:latent})',
    'teach.latent.joint2d': 'dashed, one per colour: p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ), the joint distribution of x and the latent variable z ({sec:latent})',
    'teach.latent.mix2d': 'solid dark: p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, Σₖ), z marginalized out',
    'teach.latent.joint1d': 'coloured curves: p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, σₖ²), the joint distribution of x and the latent variable z ({sec:latent})',
    'teach.latent.mix1d': 'black curve: p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, σₖ²), z marginalized out',
  },
  ko: {
    'teach.latent.label': '밀도 등고선',
    'teach.latent.off': '끔',
    'teach.latent.mixture': 'p_{θ}(x)',
    'teach.latent.components': '성분별 p_{θ}(x, z = k)',
    'teach.latent.both': '둘 다',
    'teach.latent.title': '잠재 변수가 있는 모델 ({sec:latent})',
    'teach.latent.joint2d': '색마다 하나씩인 점선: p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ), x와 잠재 변수 z의 결합 분포 ({sec:latent})',
    'teach.latent.mix2d': '진한 실선: p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, Σₖ), z를 주변화한 분포',
    'teach.latent.joint1d': '색 곡선: p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, σₖ²), x와 잠재 변수 z의 결합 분포 ({sec:latent})',
    'teach.latent.mix1d': '검은 곡선: p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, σₖ²), z를 주변화한 분포',
  },
  ja: {
    'teach.latent.label': '密度の等高線',
    'teach.latent.off': 'オフ',
    'teach.latent.mixture': 'p_{θ}(x)',
    'teach.latent.components': '各 p_{θ}(x, z = k)',
    'teach.latent.both': '両方',
    'teach.latent.title': '潜在変数を持つモデル（{sec:latent}）',
    'teach.latent.joint2d': '色ごとの破線：p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ)、x と潜在変数 z の同時分布（{sec:latent}）',
    'teach.latent.mix2d': '濃い実線：p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, Σₖ)、z を周辺化した分布',
    'teach.latent.joint1d': '色付きの曲線：p_{θ}(x, z = k) = φₖ 𝒩(x; μₖ, σₖ²)、x と潜在変数 z の同時分布（{sec:latent}）',
    'teach.latent.mix1d': '黒い曲線：p_{θ}(x) = Σ_{z} p_{θ}(x, z) = Σₖ φₖ 𝒩(x; μₖ, σₖ²)、z を周辺化した分布',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`latent-${n}`);
  const box = document.createElement('section');
  box.className = 'teach-latent';
  box.setAttribute('aria-labelledby', id('title'));
  box.innerHTML = `
    <h2 id="${id('title')}" class="visually-hidden" data-i18n="teach.latent.title"></h2>
    <div class="field latent-choice"><label for="${id('which')}" data-i18n="teach.latent.label"></label>
      <select id="${id('which')}">
        <option value="off" data-i18n="teach.latent.off"></option>
        <option value="mixture" data-i18n="teach.latent.mixture"></option>
        <option value="components" data-i18n="teach.latent.components"></option>
        <option value="both" data-i18n="teach.latent.both"></option>
      </select></div>
    <ul class="latent-legend" data-testid="latent-legend">
      <li data-out="joint"><span class="key joint"></span><span data-out="joint-text"></span></li>
      <li data-out="mix"><span class="key mix"></span><span data-out="mix-text"></span></li>
    </ul>`;
  instance.slot('stage').prepend(box);
  translate(box);

  const which = box.querySelector('select');
  const legend = box.querySelector('ul');
  let lastDrawn = 0;

  const update = () => {
    const s = session.state();
    const oneD = s.d === 1;
    box.querySelector('.latent-choice').hidden = oneD;
    const mode = which.value;
    const joint = oneD || mode === 'components' || mode === 'both';
    const mix = oneD || mode === 'mixture' || mode === 'both';
    legend.hidden = !joint && !mix;
    legend.querySelector('[data-out="joint"]').hidden = !joint;
    legend.querySelector('[data-out="mix"]').hidden = !mix;
    setRich(legend.querySelector('[data-out="joint-text"]'), tRich(oneD ? 'teach.latent.joint1d' : 'teach.latent.joint2d'));
    setRich(legend.querySelector('[data-out="mix-text"]'), tRich(oneD ? 'teach.latent.mix1d' : 'teach.latent.mix2d'));
    legend.classList.toggle('one-d', oneD);
  };

  which.addEventListener('change', () => { update(); instance.player.invalidate(); });
  instance.on('draw', (tween) => {
    if (which.value === 'off') { lastDrawn = 0; return; }
    try { lastDrawn = session.render_overlay(instance.canvas, { kind: 'contours', which: which.value, t: tween ?? 1 }); } catch (err) { instance.showRunError(err); }
    box.dataset.segments = String(lastDrawn);
  });
  instance.on('load', update);
  instance.on('restart', update);
  onLang(update);
  update();
}
