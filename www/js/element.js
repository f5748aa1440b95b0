// emviz for authors: `<script type="module" src="…/js/element.js">` defines the <em-gmm> custom
// element, and the module also exports `mount` (emviz.js) for pages that want their own markup.
//
//   <em-gmm preset="old-faithful"></em-gmm>
//   <em-gmm src="data/points.csv" k="3" covariance="diag" init="kmeans++" seed="7" autoplay hide="data,settings"></em-gmm>
//   <em-gmm data="1 2&#10;1.2 1.9&#10;5 6&#10;5.1 6.2" k="2" init="random"></em-gmm>
//
// Attributes: data (inline text) or src (a data file on the same origin), preset, k, covariance,
// init, seed, tol, max-iter, reg-covar, speed, autoplay, embed, hide, show (panel names, as in
// links), panels. A blog needs little: by default the element shows the plot, the transport
// (Play, Step, Reset, New start, Speed), the status line and the log-likelihood chart; every other
// panel is opt-in with panels="settings,data,elbo,…" (or panels="all"), and hide= hides any. Methods: load(text), step(), iterate(), play(), pause(), state(), runToConvergence(),
// on(event, fn); `ready` is a promise. Events (bubbling CustomEvents on the element): emviz:ready,
// emviz:load, emviz:restart, emviz:step (detail: state), emviz:converged (detail: state). Settings
// are checked by the same Rust code as shared links; a bad attribute becomes a visible message.
import { mount } from './emviz.js';
import { applyLink, linkError, panels } from './features/share.js';
import { messageOf } from './ui.js';
import { t } from './i18n.js';

export { mount };

/** Adds emviz's stylesheet (next to js/) once, unless the page already has it. */
function ensureStyle() {
  const href = new URL('../style.css', import.meta.url).href;
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href || l.dataset.emviz !== undefined);
  if (present || document.querySelector('style[data-emviz]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.emviz = '';
  document.head.append(link);
}

/** Attribute → link key (the link format of features/share.js, checked in Rust). */
const KEYS = [['preset', 'preset'], ['k', 'k'], ['covariance', 'cov'], ['init', 'init'], ['seed', 'seed'], ['tol', 'tol'],
  ['max-iter', 'max'], ['reg-covar', 'reg'], ['speed', 'speed'], ['hide', 'hide'], ['show', 'show']];
const FLAGS = ['autoplay', 'embed'];
/** Panels an element shows without a panels= attribute (besides the plot, Play/Step/Reset and status). */
export const DEFAULT_PANELS = ['chart', 'speed', 'new-start'];

/**
 * The hide= list for a panels= attribute (null: the defaults): every panel not asked for.
 * @param {import('./emviz.js').Instance} instance
 */
export function hiddenPanels(instance, attr) {
  const wanted = (attr ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.includes('all')) return [];
  const keep = new Set([...DEFAULT_PANELS, ...wanted]);
  if (keep.has('table')) keep.add('components');
  if (keep.has('components')) keep.add('table');
  return [...panels(instance).keys()].filter((name) => !keep.has(name));
}

/** Reads a data file from this page's origin only (emviz never talks to other sites). */
async function fetchSameOrigin(src) {
  const url = new URL(src, document.baseURI);
  if (url.origin !== location.origin) throw new Error(t('element.otherSite', { site: location.origin, other: url.origin }));
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(t('element.notRead', { src, status: res.status }));
  return res.text();
}

export class EmGmm extends HTMLElement {
  constructor() {
    super();
    this.ready = new Promise((resolve, reject) => { this._resolve = resolve; this._reject = reject; });
    this.ready.catch(() => {});
  }

  async connectedCallback() {
    if (this._started) return;
    this._started = true;
    ensureStyle();
    try {
      const src = this.getAttribute('src');
      const data = src ? await fetchSameOrigin(src) : this.getAttribute('data');
      this.instance = await mount(this, data ? { data } : {});
      this._api = this.instance.api();
      const params = new URLSearchParams();
      for (const [attr, key] of KEYS) if (this.hasAttribute(attr)) params.set(key, this.getAttribute(attr));
      for (const flag of FLAGS) if (this.hasAttribute(flag) && this.getAttribute(flag) !== 'false') params.set(flag, '1');
      const hide = [...hiddenPanels(this.instance, this.getAttribute('panels')), ...(this.getAttribute('hide') || '').split(',')]
        .map((s) => s.trim()).filter(Boolean);
      if (hide.length) params.set('hide', [...new Set(hide)].join(','));
      else params.delete('hide');
      if (data) params.delete('preset');
      const result = applyLink(this.instance, params.toString().replace(/\+/g, '%20'));
      if (!result.ok) linkError(this.instance).textContent = result.error;
      this._resolve(this);
      this.dispatchEvent(new CustomEvent('emviz:ready', { bubbles: true }));
    } catch (err) {
      this.textContent = t('page.failed', { message: messageOf(err) });
      this._reject(err);
    }
  }

  /** Removed from the page: the Web Workers of a large data set end (they start again, with
   *  their shards sent anew, if the element comes back and plays). */
  disconnectedCallback() {
    if (this.instance && this.instance.workers) this.instance.workers.stop();
  }

  load(text) { return this._api.load(text); }
  step() { return this._api.step(); }
  iterate() { return this._api.iterate(); }
  play() { return this._api.play(); }
  pause() { return this._api.pause(); }
  state() { return this._api.state(); }
  runToConvergence() { return this._api.runToConvergence(); }
  on(event, fn) { return this._api.on(event, fn); }
}

if (!customElements.get('em-gmm')) customElements.define('em-gmm', EmGmm);
