// The KL-divergence widget (slot 'side'): two coins p = (p₁, 1 − p₁) and q = (q₁, 1 − q₁) set by
// sliders, with D_KL(p‖q) and D_KL(q‖p) from Session.kl_pair (emviz_core::kl_divergence), small
// bar pictures of both, and the chapter's three cases as buttons (q = 0.5/0.5 → 0.0823,
// q = 0.2/0.8 → 0.5827, q = p → 0). No mathematics here: the numbers come from Rust.
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf } from '../ui.js';

register({
  en: {
    'teach.kl.title': 'KL divergence',
    'teach.kl.hint': 'How far is the coin q from the coin p? D_KL(p‖q) = Σ p(x) log(p(x)/q(x)) is never negative, is 0 only when q = p, and is not symmetric: D_KL(p‖q) ≠ D_KL(q‖p) in general.',
    'teach.kl.p': 'p(heads)',
    'teach.kl.q': 'q(heads)',
    'teach.kl.cases': "The chapter's examples",
    'teach.kl.caseHalf': 'q = 0.5 / 0.5',
    'teach.kl.caseSkew': 'q = 0.2 / 0.8',
    'teach.kl.caseSame': 'q = p',
    'teach.kl.heads': 'heads',
    'teach.kl.tails': 'tails',
    'teach.kl.bars': '{name}: heads {h}, tails {t}',
  },
  ko: {
    'teach.kl.title': 'KL 발산',
    'teach.kl.hint': '동전 q는 동전 p와 얼마나 다를까요? D_KL(p‖q) = Σ p(x) log(p(x)/q(x))는 음수가 되지 않고, q = p일 때만 0이며, 대칭이 아닙니다. 일반적으로 D_KL(p‖q) ≠ D_KL(q‖p)입니다.',
    'teach.kl.p': 'p(앞면)',
    'teach.kl.q': 'q(앞면)',
    'teach.kl.cases': '책의 예',
    'teach.kl.caseHalf': 'q = 0.5 / 0.5',
    'teach.kl.caseSkew': 'q = 0.2 / 0.8',
    'teach.kl.caseSame': 'q = p',
    'teach.kl.heads': '앞면',
    'teach.kl.tails': '뒷면',
    'teach.kl.bars': '{name}: 앞면 {h}, 뒷면 {t}',
  },
});

export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`kl-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-kl';
  panel.setAttribute('aria-labelledby', id('title'));
  const slider = (name, value) => `
    <div class="kl-row">
      <label for="${id(name)}" data-i18n="teach.kl.${name}"></label>
      <input id="${id(name)}" type="range" min="0.01" max="0.99" step="0.01" value="${value}">
      <span class="kl-value" aria-hidden="true"></span>
      <div class="kl-bars" role="img"><span class="kl-bar heads"></span><span class="kl-bar tails"></span></div>
    </div>`;
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.kl.title"></h2>
    <p class="hint" data-i18n="teach.kl.hint"></p>
    ${slider('p', '0.7')}
    ${slider('q', '0.5')}
    <div class="kl-cases" role="group" aria-labelledby="${id('cases')}">
      <span id="${id('cases')}" data-i18n="teach.kl.cases"></span>
      <button type="button" data-q="0.5" data-i18n="teach.kl.caseHalf"></button>
      <button type="button" data-q="0.2" data-i18n="teach.kl.caseSkew"></button>
      <button type="button" data-q="p" data-i18n="teach.kl.caseSame"></button>
    </div>
    <dl class="kl-out">
      <div><dt><label for="${id('pq')}">KL(p‖q)</label></dt><dd><output id="${id('pq')}" for="${id('p')} ${id('q')}"></output></dd></div>
      <div><dt><label for="${id('qp')}">KL(q‖p)</label></dt><dd><output id="${id('qp')}" for="${id('p')} ${id('q')}"></output></dd></div>
    </dl>
    <p class="error" role="alert"></p>`;
  instance.slot('side').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const [pIn, qIn] = [q(`#${CSS.escape(id('p'))}`), q(`#${CSS.escape(id('q'))}`)];
  const [pqOut, qpOut, error] = [q(`#${CSS.escape(id('pq'))}`), q(`#${CSS.escape(id('qp'))}`), q('.error')];
  const show = (v) => (Number.isFinite(v) ? v.toFixed(4) : '∞');

  const bars = (input, name, dist) => {
    const row = input.closest('.kl-row');
    row.querySelector('.kl-value').textContent = `${dist[0].toFixed(2)} / ${dist[1].toFixed(2)}`;
    const [h, tl] = row.querySelectorAll('.kl-bar');
    h.style.height = `${dist[0] * 100}%`;
    tl.style.height = `${dist[1] * 100}%`;
    h.title = t('teach.kl.heads');
    tl.title = t('teach.kl.tails');
    row.querySelector('.kl-bars').setAttribute('aria-label', t('teach.kl.bars', { name, h: dist[0].toFixed(2), t: dist[1].toFixed(2) }));
  };

  const update = () => {
    try {
      const r = session.kl_pair(Number(pIn.value), Number(qIn.value));
      pqOut.value = show(r.pq);
      qpOut.value = show(r.qp);
      bars(pIn, 'p', r.p);
      bars(qIn, 'q', r.q);
      error.textContent = '';
    } catch (err) { error.textContent = messageOf(err); }
  };

  pIn.addEventListener('input', update);
  qIn.addEventListener('input', update);
  for (const b of panel.querySelectorAll('[data-q]')) {
    b.addEventListener('click', () => {
      qIn.value = b.dataset.q === 'p' ? pIn.value : b.dataset.q;
      update();
    });
  }
  onLang(update);
  update();
}
