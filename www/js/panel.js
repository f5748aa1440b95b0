// A chapter panel as the slides write an argument: a title, then numbered steps, each some words
// (a string key: rich text, placeholders and citations filled by i18n), an equation (MathML from
// math.js) and a live line of numbers from wasm. `chapterPanel` builds it into a section of the
// chapter (features/contents.js); `live(name, key, params)` fills a live line in the page's
// language. No numbers are made here.
import { tRich, setRich, translate } from './i18n.js';

/** Panels whose numbers take passes over the data (eq. 5.8, the blog's sums, the true labels'
 *  estimates) wait for the run to stop before they follow a playing run on this many points. */
export const HEAVY_N = 50_000;

/** Whether a panel that passes over the data should skip this refresh (it gets one on stop). */
export const skipWhilePlaying = (instance, state) => instance.player.playing && state.n > HEAVY_N;

/**
 * @param {object} instance the visualiser
 * @param {object} spec {section, name (class teach-<name>), title (key), intro (key, optional),
 *   steps: [{text (key), math (MathML), live (name), html (markup), id (data-step)}], after (markup)}
 * @param {import('./emviz.js').Instance} instance
 */
export function chapterPanel(instance, spec) {
  const id = (n) => instance.id(`${spec.name}-${n}`);
  const panel = document.createElement('section');
  panel.className = `panel chapter-panel teach-${spec.name}`;
  panel.setAttribute('aria-labelledby', id('title'));
  const step = (s) => `<li${s.id ? ` data-step="${s.id}"` : ''}>
    ${s.text ? `<p data-i18n="${s.text}"></p>` : ''}
    ${s.math || ''}
    ${s.live ? `<p class="live" data-live="${s.live}" aria-live="polite"></p>` : ''}
    ${s.html || ''}</li>`;
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="${spec.title}"></h2>
    ${spec.intro ? `<p class="hint" data-i18n="${spec.intro}"></p>` : ''}
    ${spec.steps ? `<ol class="argument">${spec.steps.map(step).join('')}</ol>` : ''}
    ${spec.after || ''}`;
  instance.chapter(spec.section).append(panel);
  translate(panel);
  return {
    panel,
    id,
    /** The element of live line `name`. */
    line: (name) => panel.querySelector(`[data-live="${name}"]`),
    /** Fills live line `name` with string `key` and `params` (rich text); '' empties it. */
    live(name, key, params = {}) {
      const el = panel.querySelector(`[data-live="${name}"]`);
      if (!el) return;
      if (!key) { el.replaceChildren(); el.hidden = true; return; }
      el.hidden = false;
      setRich(el, tRich(key, params));
    },
    /** Whether the panel is on screen (its section shown): panels skip work while hidden. */
    shown: () => instance.isShown(panel),
  };
}
