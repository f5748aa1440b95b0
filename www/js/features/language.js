// The language switch (English / 한국어 / 日本語). On the main page it sits in the header (once, however
// many visualisers there are); a visualiser embedded without that header gets its own switch in
// its stage slot. Choosing a language calls i18n.setLang, which retranslates every registered
// root and tells each instance to re-render its dynamic texts and Rust-made words (emviz.js).
import { register, t, translate, getLang, setLang, onLang, LANGS } from '../i18n.js';

// Each language's own name stays in that language, whatever the page's language.
const NAMES = { 'lang.en': 'English', 'lang.ko': '한국어', 'lang.ja': '日本語' };
register({
  en: { 'lang.label': 'Language', ...NAMES },
  ko: { 'lang.label': '언어', ...NAMES },
  ja: { 'lang.label': '言語', ...NAMES },
});

let headerDone = false;

/** The header's words (tagline, page title) follow the language too. */
function translateHeader(header) {
  translate(header);
  document.title = t('page.title');
  onLang(() => { document.title = t('page.title'); });
}

function makeSwitch(id) {
  const box = document.createElement('div');
  box.className = 'lang-switch';
  box.innerHTML = `<label for="${id}" data-i18n="lang.label"></label>
    <select id="${id}">${LANGS.map((l) => `<option value="${l}" lang="${l}" data-i18n="lang.${l}"></option>`).join('')}</select>`;
  const select = box.querySelector('select');
  select.value = getLang();
  select.addEventListener('change', () => setLang(select.value));
  onLang((lang) => { select.value = lang; });
  translate(box);
  return box;
}

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const header = document.querySelector('header.top');
  if (!header) {
    instance.slot('stage').append(makeSwitch(instance.id('lang-select')));
  } else if (!headerDone) {
    headerDone = true;
    translateHeader(header);
    let tools = header.querySelector('.top-tools');
    if (!tools) {
      tools = document.createElement('div');
      tools.className = 'top-tools';
      header.append(tools);
    }
    tools.append(makeSwitch('lang-select'));
  }
}
