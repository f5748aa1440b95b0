// "Outline by uncertainty" (top of slot 'stage', beside the density contours' choice): like mclust's
// uncertainty plot, a dark ring around each point whose classification is uncertain — thicker and
// darker the higher its 1 − maxₖ q⁽ⁿ⁾(z = k). Rust computes the uncertainties (the core's rule) and
// draws the rings over the plot after every frame (Session.render_overlay, kind 'uncertainty');
// 2-D view only.
import { register, translate, onLang, t } from '../i18n.js';

register({
  en: {
    'teach.uncertainty.toggle': 'Outline by uncertainty',
    'teach.uncertainty.title': 'Ring each point whose uncertainty 1 − maxₖ q⁽ⁿ⁾(z = k) is high: the thicker and darker the ring, the less sure the point\'s component',
  },
  ko: {
    'teach.uncertainty.toggle': '불확실성 테두리',
    'teach.uncertainty.title': '불확실성 1 − maxₖ q⁽ⁿ⁾(z = k)가 큰 점에 고리를 그립니다. 고리가 굵고 진할수록 그 점이 어느 성분에 속하는지 불확실합니다',
  },
  ja: {
    'teach.uncertainty.toggle': '不確実性で縁取り',
    'teach.uncertainty.title': '不確実性 1 − maxₖ q⁽ⁿ⁾(z = k) が大きい点を円で囲みます。円が太く濃いほど、その点がどの成分に属するかが不確かです',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = instance.id('uncertainty-toggle');
  const box = document.createElement('div');
  box.className = 'teach-uncertainty';
  box.innerHTML = `<input type="checkbox" id="${id}"><label for="${id}" data-i18n="teach.uncertainty.toggle"></label>`;
  // Beside the density contours' choice, the other drawing over the plot.
  const contours = instance.slot('stage').querySelector('.teach-latent .latent-choice');
  if (contours) contours.after(box); else instance.slot('stage').prepend(box);
  translate(box);
  const toggle = /** @type {HTMLInputElement} */ (box.querySelector('input'));

  const update = () => {
    box.hidden = session.state().d === 1;
    box.title = t('teach.uncertainty.title');
  };
  toggle.addEventListener('change', () => { instance.player.invalidate(); });
  instance.on('draw', () => {
    if (!toggle.checked || box.hidden) { box.dataset.rings = '0'; return; }
    try { box.dataset.rings = String(session.render_overlay(instance.canvas, { kind: 'uncertainty' })); } catch (err) { instance.showRunError(err); }
  });
  instance.on('load', update);
  instance.on('restart', update);
  onLang(update);
  update();
}
