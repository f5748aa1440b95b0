// The covariance setting's choices, grouped: scikit-learn's four types first (as before), then
// mclust's fourteen models, each worded by what it lets vary over the components — volume,
// shape, orientation: equal, variable or the identity (spherical, along the axes) — from the
// core's facts (Session.rules().models). The words follow the page's language.
import { register, t, onLang } from './i18n.js';

register({
  en: {
    'models.sklearn': "scikit-learn's types",
    'models.mclust': "mclust's models",
    'models.option': '{name} — volume {volume}, shape {shape}, orientation {orientation}',
    'models.equal': 'equal',
    'models.variable': 'variable',
    'models.identity.shape': 'round',
    'models.identity.orientation': 'along the axes',
  },
  ko: {
    'models.sklearn': 'scikit-learn의 유형',
    'models.mclust': 'mclust의 모델',
    'models.option': '{name} — 부피 {volume}, 모양 {shape}, 방향 {orientation}',
    'models.equal': '모두 같음',
    'models.variable': '성분마다 다름',
    'models.identity.shape': '구형',
    'models.identity.orientation': '좌표축 방향',
  },
  ja: {
    'models.sklearn': 'scikit-learnの種類',
    'models.mclust': 'mclustのモデル',
    'models.option': '{name} — 体積：{volume}、形：{shape}、向き：{orientation}',
    'models.equal': '全成分で共通',
    'models.variable': '成分ごと',
    'models.identity.shape': '球状',
    'models.identity.orientation': '座標軸に沿う',
  },
});

/** How one aspect of a model varies, in words. @param {string} aspect @param {string} how */
const varies = (aspect, how) => t(how === 'identity' ? `models.identity.${aspect}` : `models.${how}`);

/**
 * The one-line description of an mclust model: what it lets vary.
 * @param {import('emviz-wasm').ModelFact} m
 */
export function modelWords(m) {
  return t('models.option', {
    name: m.name,
    volume: varies('volume', m.volume),
    shape: varies('shape', m.shape),
    orientation: varies('orientation', m.orientation),
  });
}

/**
 * Fills the covariance <select>: scikit-learn's types (worded by `core.cov.<type>`), then
 * mclust's models other than those four (whose values are mclust's names, as links write them).
 * @param {HTMLSelectElement} select
 * @param {import('emviz-wasm').Rules} rules
 */
export function fillCovariance(select, rules) {
  const sklearn = document.createElement('optgroup');
  const mclust = document.createElement('optgroup');
  sklearn.append(...rules.covarianceTypes.map((type) => {
    const option = new Option(type, type);
    option.dataset.i18n = `core.cov.${type}`;
    return option;
  }));
  const others = rules.models.filter((m) => m.covarianceType === null);
  mclust.append(...others.map((m) => new Option(m.name, m.name)));
  const words = () => {
    sklearn.label = t('models.sklearn');
    mclust.label = t('models.mclust');
    others.forEach((m, i) => { mclust.children[i].textContent = modelWords(m); });
  };
  words();
  onLang(words);
  select.replaceChildren(sklearn, mclust);
}

/**
 * The small picture beside the covariance select: three example components after the chosen
 * model's M-step (drawn by Rust: Chart 'model'), so it shows what the model keeps equal. Its
 * label is the model's one-line description. Returns a function that redraws it for the select's
 * current value (call it when the value is set by the program).
 * @param {HTMLSelectElement} select
 * @param {HTMLCanvasElement} canvas
 * @param {import('emviz-wasm').Session} session
 * @param {import('emviz-wasm').Rules} rules
 * @param {(err: unknown) => void} onError
 */
export function modelPicture(select, canvas, session, rules, onError) {
  const draw = () => {
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(canvas.clientWidth * ratio), Math.round(canvas.clientHeight * ratio)];
    if (w < 10 || h < 10) return;
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const fact = rules.models.find((m) => m.name === select.value || m.covarianceType === select.value);
    if (fact) canvas.setAttribute('aria-label', modelWords(fact));
    try { session.render_chart(canvas, { kind: 'model', model: select.value }); } catch (err) { onError(err); }
  };
  select.addEventListener('change', draw);
  onLang(draw);
  new ResizeObserver(draw).observe(canvas);
  return draw;
}
