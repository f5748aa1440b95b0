// Korean and English. Each part of the page registers its own strings ({ en: {key: text}, ko: {...} });
// `t(key, params)` looks them up in the current language ({name} placeholders are filled from params).
// Elements marked data-i18n="key" get their text, and data-i18n-attr="attr:key;attr2:key2" their
// attributes, whenever `translate(root)` runs (it runs on every language change for registered roots).
// The first language comes from the address (`?lang=ko` or `#…lang=ko`), else from the browser's
// preferred languages (Korean if the first Korean/English one is Korean), else English.

const dict = { en: {}, ko: {} };
const roots = new Set();

export const LANGS = ['en', 'ko'];

/** The language asked for by the address (query or hash `lang=`), or null. */
export function langFromUrl(loc = location) {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('lang');
  const asked = new URLSearchParams(loc.search).get('lang') || fromHash;
  const l = asked && asked.trim().toLowerCase().slice(0, 2);
  return LANGS.includes(l) ? l : null;
}

/** The browser's choice: Korean if the first of navigator.languages that is Korean or English is Korean. */
export function langFromBrowser() {
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  const first = prefs.find((l) => /^(ko|en)\b/i.test(l));
  return first && /^ko\b/i.test(first) ? 'ko' : 'en';
}

let lang = langFromUrl() || langFromBrowser();
document.documentElement.lang = lang;

export function register(strings) {
  for (const l of LANGS) Object.assign(dict[l], strings[l] || {});
}

export function t(key, params = {}) {
  const s = dict[lang][key] ?? dict.en[key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
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
  for (const el of all('[data-i18n]')) el.textContent = t(el.dataset.i18n);
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
