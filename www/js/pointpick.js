// The point the chapter's per-point panels follow (§5.2.1's marginal and Bayes, §5.2.2's q(z),
// §5.3.1's ELBO, the blog's bᵢ): one for the whole visualiser, data row 0 until another is
// chosen — by clicking it on the plot (the inspector), or by its number in any panel's picker,
// which opens the inspector on it. `pointPicker` is that picker; panels listen to the instance's
// 'focus-point' event.
import { register, translate } from './i18n.js';

register({
  en: { 'point.label': 'Point', 'point.show': 'Show on the plot', 'point.hint': 'or click a point on the plot' },
  ko: { 'point.label': '점 번호', 'point.show': '그림에서 보기', 'point.hint': '또는 그림에서 점을 클릭하세요' },
  ja: { 'point.label': '点の番号', 'point.show': '図で見る', 'point.hint': 'または図の点をクリック' },
});

/**
 * Sets up the shared point on `instance` (once): `instance.focusPoint` and its events.
 * @param {import('./emviz.js').Instance} instance
 */
export function trackFocusPoint(instance) {
  if (instance.focusPoint !== undefined) return;
  instance.focusPoint = 0;
  const set = (i) => {
    instance.focusPoint = i;
    instance.emit('focus-point', i);
  };
  instance.choosePoint = (i) => {
    const n = instance.session.state().n;
    if (!Number.isInteger(i) || i < 0 || i >= n) return false;
    if (instance.inspectPoint) instance.inspectPoint(i); // emits 'inspect', which sets it
    else set(i);
    return true;
  };
  instance.on('inspect', (i) => { if (i !== null && i !== instance.focusPoint) set(i); });
  instance.on('load', () => set(0));
}

/**
 * A number field and a button that choose the shared point; `id` makes its ids unique.
 * @param {import('./emviz.js').Instance} instance
 */
export function pointPicker(instance, id) {
  trackFocusPoint(instance);
  const box = document.createElement('div');
  box.className = 'point-pick data-controls';
  box.innerHTML = `<div class="field"><label for="${id}" data-i18n="point.label"></label>
      <input id="${id}" type="number" min="1" step="1" value="${instance.focusPoint + 1}" inputmode="numeric"></div>
    <button type="button" data-i18n="point.show"></button><span class="hint" data-i18n="point.hint"></span>`;
  translate(box);
  const input = box.querySelector('input');
  const choose = () => {
    const ok = instance.choosePoint(Number(input.value) - 1);
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
  };
  box.querySelector('button').addEventListener('click', choose);
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); choose(); } });
  instance.on('focus-point', (i) => { input.value = String(i + 1); input.setAttribute('aria-invalid', 'false'); });
  return box;
}
