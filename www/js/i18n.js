// English, Korean and Japanese. Each part of the page registers its own strings
// ({ en: {key: text}, ko: {...}, ja: {...} }); `t(key, params)` looks them up in the current
// language: {name} placeholders are filled from params, and {eq:id} / {sec:id} / {fig:id} cite
// the chapter through the one numbering table (chapter.js). Terms follow the glossary
// (crates/emviz-app/src/glossary.json), which the tests hold every string to.
//
// Rich text: `_{…}` marks a subscript and `^{…}` a superscript (p_{θ}(x), θ_{old}, D_{KL}). t()
// returns plain text (`p_θ(x)`), for attributes and status lines; setRich(el, text) and the
// data-i18n elements show real subscripts.
//
// Elements marked data-i18n="key" get their (rich) text, and data-i18n-attr="attr:key;attr2:key2"
// their attributes, whenever `translate(root)` runs (it runs on every language change for
// registered roots). The first language comes from the address (`?lang=ko`, `?lang=ja` or
// `#…lang=ja`), else from the browser's preferred languages (the first of them that is English,
// Korean or Japanese), else English.
import { cite } from './chapter.js';

export const LANGS = ['en', 'ko', 'ja'];

const dict = Object.fromEntries(LANGS.map((l) => [l, {}]));
const roots = new Set();

/** The language asked for by the address (query or hash `lang=`), or null. */
export function langFromUrl(loc = location) {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('lang');
  const asked = new URLSearchParams(loc.search).get('lang') || fromHash;
  const l = asked && asked.trim().toLowerCase().slice(0, 2);
  return LANGS.includes(l) ? l : null;
}

/** The browser's choice: the first of navigator.languages that is one of ours, else English. */
export function langFromBrowser() {
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  const first = prefs.map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => LANGS.includes(l));
  return first || 'en';
}

let lang = langFromUrl() || langFromBrowser();
document.documentElement.lang = lang;

export function register(strings) {
  for (const l of LANGS) Object.assign(dict[l], strings[l] || {});
}

/** Every registered string of `l` (for the tests that hold them to the glossary). */
export function allStrings(l) {
  return { ...dict[l] };
}

/** The string `key` in the current language with its placeholders and citations filled in, the
 *  rich-text marks kept. */
export function tRich(key, params = {}) {
  const s = dict[lang][key] ?? dict.en[key];
  if (s === undefined) return key;
  // A rich mark's braces (_{old}, ^{2}) are never a placeholder.
  const filled = s.replace(/(?<![_^])\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
  return cite(filled, lang);
}

/** Rich text parsed into pieces: strings, and {mark: 'sub' | 'sup', parts} for `_{…}` / `^{…}`
 *  (marks may nest: p_{θ_{old}}). An unclosed mark is read as text. */
function parseRich(text) {
  const out = [];
  let i = 0;
  let start = 0;
  while (i < text.length) {
    if ((text[i] === '_' || text[i] === '^') && text[i + 1] === '{') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      if (j < text.length) {
        if (i > start) out.push(text.slice(start, i));
        out.push({ mark: text[i] === '_' ? 'sub' : 'sup', parts: parseRich(text.slice(i + 2, j)) });
        i = j + 1;
        start = i;
        continue;
      }
    }
    i++;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const SUB = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ' };
const SUP = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', '*': '*' };

/** Rich text as plain text (attributes, option labels): a mark's text in Unicode sub- or
 *  superscript letters where every one of them has one (σ^{2} → σ², q_{k} → qₖ), else just its
 *  text (p_{θ}(x) → pθ(x), D_{KL} → DKL). */
export function plain(text) {
  const mark = (map, s) => ([...s].every((c) => c in map) ? [...s].map((c) => map[c]).join('') : s);
  const flat = (parts) => parts.map((p) => (typeof p === 'string' ? p : mark(p.mark === 'sub' ? SUB : SUP, flat(p.parts)))).join('');
  return flat(parseRich(text));
}

/** The string `key` in the current language, as plain text. */
export function t(key, params = {}) {
  return plain(tRich(key, params));
}

/** Shows rich text in `el`: text nodes, with <sub>/<sup> for the marks (never HTML from the text). */
export function setRich(el, text) {
  const build = (parts) => parts.map((p) => {
    if (typeof p === 'string') return document.createTextNode(p);
    const mark = document.createElement(p.mark);
    mark.append(...build(p.parts));
    return mark;
  });
  const nodes = build(parseRich(text));
  el.replaceChildren(...(nodes.length ? nodes : [document.createTextNode('')]));
}

export function getLang() { return lang; }

export function setLang(next) {
  next = LANGS.includes(next) ? next : 'en';
  if (next === lang) return;
  lang = next;
  document.documentElement.lang = lang;
  for (const root of roots) translate(root);
  document.dispatchEvent(new CustomEvent('emviz:lang', { detail: lang }));
}

/** Translates the marked elements under `root` now and after every language change. */
export function translate(root) {
  roots.add(root);
  const all = (sel) => (root.matches && root.matches(sel) ? [root] : []).concat([...root.querySelectorAll(sel)]);
  for (const el of all('[data-i18n]')) setRich(el, tRich(el.dataset.i18n));
  for (const el of all('[data-cite]')) el.textContent = `\u2003${cite(el.dataset.cite, lang)}`;
  for (const el of all('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Runs `fn(lang)` after every language change (not now: use getLang() for the current one).
 *  Returns a function that stops it. */
export function onLang(fn) {
  const listener = () => fn(lang);
  document.addEventListener('emviz:lang', listener);
  return () => document.removeEventListener('emviz:lang', listener);
}
