// Lecture notes that drive a figure (scrollytelling). An author marks paragraphs with a step:
//
//   <em-gmm id="fig" preset="old-faithful" k="2" init="book"></em-gmm>
//   <p data-emviz="it=0; half=E; panels=elbo,formulas; point=40; highlight=formula:E">…the E-step…</p>
//   <p data-emviz="it=1; highlight=formula:M">…the M-step…</p>
//   <script type="module" src="…/js/lecture.js"></script>
//
// and the figure moves to that step's state when the paragraph reaches the reading line
// (IntersectionObserver), animating the half-steps from the state shown, and back again when the
// reader scrolls up. Each step is focusable, so the keyboard (Tab) and screen readers walk the
// same steps. The grammar is the links' vocabulary (docs/EMBEDDING.md), read and checked in Rust
// (emviz_app::lecture): a step that cannot be read is a console error naming the paragraph, the
// column and what is wrong; it does nothing, and the figure stays usable.
//
// Steps go to the first <em-gmm> of the page, or to the one named by data-emviz-for="id" (on the
// paragraph or an ancestor). Text in several languages: each language's steps in their own
// container with data-emviz-lang="en" / "ko" / "ja"; the one in the page's language is shown and
// drives the figure. `drive(figure, steps)` does the same by hand and returns the controller that
// is also `instance.lecture` ({ count, current, go(i) }) — presenter mode's number keys use it.
import { hiddenPanels } from './element.js';
import { getLang, onLang } from './i18n.js';
import { applyView, panels as panelMap } from './features/share.js';

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
/** The reading line, as a fraction of the viewport's height from its top: a step is read once its
 *  top has passed it. The observer watches a band just below it. */
const READING_LINE = 0.55;
const READING_BAND = '-55% 0px -40% 0px';
/** The steps: elements with data-emviz (emviz's stylesheet <link data-emviz> is not one). */
const STEPS = '[data-emviz]:not(link, style, script)';

/**
 * Lets the steps (elements with data-emviz) drive `figure` (an <em-gmm>).
 * @param {HTMLElement & { ready: Promise<any>, instance: import('./emviz.js').Instance, getAttribute(n: string): string | null }} figure
 * @param {HTMLElement[]} steps
 */
export async function drive(figure, steps) {
  await figure.ready;
  const instance = figure.instance;
  if (instance.lecture) instance.lecture.stop();
  const { session } = instance;
  const own = session.share_link({});
  const base = own.kind === 'link' ? own.params : '';
  // The panels a step shows come on top of the figure's own (its panels= attribute).
  const hideFor = (/** @type {string[]} */ stepPanels) => [
    ...hiddenPanels(instance, [figure.getAttribute('panels') ?? '', ...stepPanels].join(',')),
    ...(figure.getAttribute('hide') || '').split(',').map((s) => s.trim()).filter(Boolean)];
  const answer = session.lecture({ kind: 'plan', base, steps: steps.map((el) => el.dataset.emviz ?? '') });
  if (answer.kind !== 'plan') return null;
  const plans = answer.steps;
  const known = new Set(panelMap(instance).keys());
  plans.forEach((plan, i) => {
    const el = steps[i];
    el.classList.add('emviz-step');
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
    if (plan.kind === 'invalid') {
      el.dataset.emvizInvalid = '';
      console.error(`emviz lecture: step ${i + 1} (data-emviz="${el.dataset.emviz}"): ${plan.message}`);
      return;
    }
    delete el.dataset.emvizInvalid;
    const before = plans[i - 1];
    const inherited = before && before.kind === 'step' ? before.panels ?? [] : [];
    const named = (plan.panels || []).filter((p) => !inherited.includes(p));
    const unknown = named.filter((p) => !known.has(p));
    if (unknown.length) {
      console.error(`emviz lecture: step ${i + 1} (data-emviz="${el.dataset.emviz}"): no panel called ${unknown.join(', ')} (panels: ${[...known].join(', ')})`);
    }
  });

  let current = -1;
  /** Shows step i (−1: the figure as it was before the first step). */
  const go = (i) => {
    if (!Number.isInteger(i) || i < -1 || i >= plans.length) return false;
    const plan = i >= 0 ? plans[i] : { kind: 'step', link: base, panels: null, point: null, highlight: null, speed: null };
    if (plan.kind !== 'step') return false;
    current = i;
    steps.forEach((el, j) => { if (j === i) el.setAttribute('aria-current', 'step'); else el.removeAttribute('aria-current'); });
    figure.dataset.lectureStep = String(i);
    instance.player.pause();
    let route;
    try {
      const moved = session.lecture({ kind: 'go', link: plan.link });
      if (moved.kind !== 'route') return false;
      route = moved.route;
    } catch (err) {
      console.error(`emviz lecture: step ${i + 1}: ${err instanceof Error ? err.message : err}`);
      return false;
    }
    if (route.restarted) {
      if (route.dataText !== null) instance.setDataText(route.dataText);
      if (route.preset !== null) instance.ref('preset').value = route.preset;
      instance.restarted();
    } else {
      instance.player.cancelTween();
      instance.refresh();
      instance.drawChart();
    }
    instance.player.invalidate();
    const hide = hideFor(plan.panels ?? []);
    applyView(instance, { hide, embed: instance.root.classList.contains('embed'), ...(plan.speed ? { speed: plan.speed } : {}) });
    const halves = route.to - route.from;
    if (halves > 0 && reducedMotion.matches) {
      for (let h = 0; h < halves; h++) session.run({ kind: 'step' });
      instance.refresh();
      instance.drawChart();
    } else if (halves > 0) {
      instance.player.stepIteration(halves);
    }
    showPoint(instance, plan.point);
    light(instance, plan.highlight);
    instance.emit('lecture-step', i);
    return true;
  };

  // Which step is read: the last one whose top has passed the reading line. It is decided when the
  // reader scrolls (a step crossing the reading band, or any scroll), never because the figure's
  // own panels changed the layout: a figure above the text that grows with a step's panels would
  // otherwise push the step off the line and flip back and forth.
  let scrolled = true;
  const read = () => {
    const line = innerHeight * READING_LINE;
    let i = -1;
    steps.forEach((el, j) => { if (el.getBoundingClientRect().top <= line) i = j; });
    if (i !== current) go(i);
    scrolled = false;
  };
  let pending = 0;
  const onScroll = () => {
    scrolled = true;
    if (!pending) pending = requestAnimationFrame(() => { pending = 0; read(); });
  };
  const observer = new IntersectionObserver(() => { if (scrolled) read(); }, { rootMargin: READING_BAND });
  addEventListener('scroll', onScroll, { capture: true, passive: true });
  const onFocus = (ev) => { const i = steps.indexOf(ev.currentTarget); if (i !== current) go(i); };
  for (const el of steps) { observer.observe(el); el.addEventListener('focus', onFocus); }

  const controller = {
    get count() { return plans.length; },
    get current() { return current; },
    go,
    stop() {
      observer.disconnect();
      removeEventListener('scroll', onScroll, { capture: true });
      for (const el of steps) el.removeEventListener('focus', onFocus);
      if (instance.lecture === controller) instance.lecture = undefined;
    },
  };
  instance.lecture = controller;
  return controller;
}

/** Opens the inspector on `point` (0-based), or closes what a step opened. */
function showPoint(instance, point) {
  if (point === null || point === undefined) {
    if (instance.lecturePoint && instance.closeInspector) instance.closeInspector();
    instance.lecturePoint = false;
    return;
  }
  if (!instance.choosePoint || !instance.choosePoint(point)) {
    console.error(`emviz lecture: there is no point ${point + 1} in this data (${instance.session.state().n} points)`);
    return;
  }
  instance.lecturePoint = true;
}

/** Lights one formula of §5.4's panel (formula:E, formula:M, formula:marginal), or none. */
function light(instance, highlight) {
  for (const el of instance.root.querySelectorAll('.lecture-lit')) el.classList.remove('lecture-lit');
  if (!highlight) return;
  const [, which] = highlight.split(':');
  const el = instance.root.querySelector(which === 'marginal' ? '.formula.marginal' : `.formula[data-phase="${which}"]`);
  if (!el) return;
  el.classList.add('lecture-lit');
  // Into view within the figure's own scroll box (below its plot), without scrolling the notes.
  let box = el.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (!box || box === document.documentElement || box === document.body) return;
  // Only where the plot stays in view above it (lecture.html's sticky plot on a wide screen): on
  // a phone the plot itself matters more than the formula.
  const plot = instance.root.querySelector('.canvas-wrap');
  if (!plot || getComputedStyle(plot).position !== 'sticky') return;
  box.scrollTop += el.getBoundingClientRect().top - plot.getBoundingClientRect().bottom - 8;
}

/** The steps that drive each figure now: those in the page's language (or in no language box). */
function stepsByFigure() {
  const figures = [...document.querySelectorAll('em-gmm')];
  const groups = new Map();
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(STEPS))) {
    const box = el.closest('[data-emviz-lang]');
    if (box && /** @type {HTMLElement} */ (box).dataset.emvizLang !== getLang()) continue;
    const named = el.closest('[data-emviz-for]');
    const figure = named ? document.getElementById(/** @type {HTMLElement} */ (named).dataset.emvizFor ?? '') : figures[0];
    if (!figure) { console.error(`emviz lecture: no <em-gmm> for the step data-emviz="${el.dataset.emviz}"`); continue; }
    if (!groups.has(figure)) groups.set(figure, []);
    groups.get(figure).push(el);
  }
  return groups;
}

/** Shows the language boxes of the page's language and drives the figures with their steps. */
function start() {
  for (const box of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-emviz-lang]'))) {
    box.hidden = box.dataset.emvizLang !== getLang();
  }
  for (const [figure, steps] of stepsByFigure()) drive(figure, steps).catch((err) => console.error('emviz lecture:', err));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
onLang(start);
