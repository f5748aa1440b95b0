// Korean and English. Each part of the page registers its own strings ({ en: {key: text}, ko: {...} });
// `t(key, params)` looks them up in the current language ({name} placeholders are filled from params).
// Elements marked data-i18n="key" get their text, and data-i18n-attr="attr:key;attr2:key2" their
// attributes, whenever `translate(root)` runs (it runs on every language change for registered roots).

const dict = { en: {}, ko: {} };
const roots = new Set();
let lang = (navigator.languages || [navigator.language || 'en']).some((l) => /^ko\b/i.test(l)) ? 'ko' : 'en';

export const LANGS = ['en', 'ko'];

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
  lang = LANGS.includes(next) ? next : 'en';
  document.documentElement.lang = lang;
  for (const root of roots) translate(root);
  document.dispatchEvent(new CustomEvent('emviz:lang', { detail: lang }));
}

/** Translates the marked elements under `root` now and after every language change. */
export function translate(root) {
  roots.add(root);
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Runs `fn` now and after every language change. */
export function onLang(fn) {
  document.addEventListener('emviz:lang', () => fn(lang));
}
