// The chapter, section by section (slot 'stage', under the plot): one tab per part of the slides
// in their order — §5.1 KL divergence, §5.2 deriving EM (1), §5.3 deriving EM (2), §5.4 GMM and
// EM, EM vs K-means — then the blog post's 1-D soft clustering and the glossary. Each teaching
// panel puts itself into its section with `instance.chapter(id)`; `instance.reveal(el)` selects
// the tab holding `el` (for the tour, links and tests). The tabs follow the WAI-ARIA tabs pattern
// (arrow keys, Home/End move between them).
import { register, translate } from '../i18n.js';

/** The sections, in the slides' order: [id, the chapter.js section it starts with (or null)]. */
export const SECTIONS = [
  ['kl', 'kl'],
  ['derivation1', 'derivation1'],
  ['derivation2', 'derivation2'],
  ['gmmEm', 'gmmEm'],
  ['kmeans', null],
  ['blog', null],
  ['glossary', null],
];

register({
  en: {
    'contents.title': 'Chapter 5, as the slides teach it',
    'contents.tabs': 'Sections of chapter 5',
    'contents.kl': '{sec:kl} KL divergence',
    'contents.derivation1': '{sec:derivation1} Deriving EM (1)',
    'contents.derivation2': '{sec:derivation2} Deriving EM (2)',
    'contents.gmmEm': '{sec:gmmEm} GMM and EM',
    'contents.kmeans': 'EM vs k-means',
    'contents.blog': 'Soft clustering in 1-D (blog)',
    'contents.glossary': 'Glossary',
  },
  ko: {
    'contents.title': '5장, 슬라이드의 순서대로',
    'contents.tabs': '5장의 절',
    'contents.kl': '{sec:kl} KL 발산',
    'contents.derivation1': '{sec:derivation1} EM 알고리즘 도출 1',
    'contents.derivation2': '{sec:derivation2} EM 알고리즘 도출 2',
    'contents.gmmEm': '{sec:gmmEm} GMM과 EM 알고리즘',
    'contents.kmeans': 'EM vs K-means',
    'contents.blog': '1차원 소프트 클러스터링 (블로그)',
    'contents.glossary': '용어집',
  },
  ja: {
    'contents.title': '第5章（スライドの順に）',
    'contents.tabs': '第5章の節',
    'contents.kl': '{sec:kl} KLダイバージェンス',
    'contents.derivation1': '{sec:derivation1} EMアルゴリズムの導出①',
    'contents.derivation2': '{sec:derivation2} EMアルゴリズムの導出②',
    'contents.gmmEm': '{sec:gmmEm} GMMとEMアルゴリズム',
    'contents.kmeans': 'EMとk-means法',
    'contents.blog': '1次元のソフトクラスタリング（ブログ）',
    'contents.glossary': '用語集',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`contents-${n}`);
  const box = document.createElement('section');
  box.className = 'teach-contents';
  box.setAttribute('aria-labelledby', id('title'));
  box.innerHTML = `
    <h2 id="${id('title')}" data-i18n="contents.title"></h2>
    <div class="contents-tabs" role="tablist" data-i18n-attr="aria-label:contents.tabs">
      ${SECTIONS.map(([s], i) => `<button type="button" role="tab" id="${id(`tab-${s}`)}" data-section="${s}"
        aria-controls="${id(s)}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}" data-i18n="contents.${s}"></button>`).join('')}
    </div>
    ${SECTIONS.map(([s], i) => `<div class="contents-section" role="tabpanel" id="${id(s)}" data-slot="ch-${s}"
      aria-labelledby="${id(`tab-${s}`)}" ${i === 0 ? '' : 'hidden'}></div>`).join('')}`;
  instance.slot('stage').append(box);
  translate(box);

  const tabs = [...box.querySelectorAll('[role="tab"]')];
  const sectionOf = (s) => box.querySelector(`[data-slot="ch-${s}"]`);

  /** Selects section `s` (one of SECTIONS' ids); `focus` moves the keyboard focus to its tab. */
  const select = (s, { focus = false } = {}) => {
    for (const tab of tabs) {
      const on = tab.dataset.section === s;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      sectionOf(tab.dataset.section).hidden = !on;
      if (on && focus) tab.focus();
    }
    box.dataset.section = s;
    instance.emit('section', s);
  };

  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab.dataset.section));
    tab.addEventListener('keydown', (ev) => {
      const shown = tabs.filter((t) => !t.hidden);
      const i = shown.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: shown.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(shown[(to + shown.length) % shown.length].dataset.section, { focus: true });
    });
  }

  /** The container of section `s`, for a panel to append itself to. */
  instance.chapter = (s) => sectionOf(s);
  /** The section shown. */
  instance.chapterSection = () => box.dataset.section;
  /** Shows the section holding `el` (no-op for elements outside the chapter). */
  instance.reveal = (el) => {
    const section = /** @type {HTMLElement} */ (el && el.closest && el.closest('[role="tabpanel"][data-slot^="ch-"]'));
    if (section && box.contains(section)) select(section.dataset.slot.slice(3));
  };
  instance.selectSection = (s) => select(s);
  /** After a link's or an element's panel choice (share.js applyView): the chapter shows when one
   *  of its panels does, a tab with no panel shown is hidden, and a hidden tab is not selected. */
  instance.chapterView = () => {
    const off = (el) => el.classList.contains('emviz-off');
    let any = false;
    for (const tab of tabs) {
      const section = sectionOf(tab.dataset.section);
      const on = [...section.children].some((c) => !off(c));
      tab.hidden = section.children.length > 0 && !on;
      any = any || on;
    }
    if (any) box.classList.remove('emviz-off');
    const current = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
    if (current && current.hidden) {
      const first = tabs.find((t) => !t.hidden);
      if (first) select(first.dataset.section);
    }
  };
  box.dataset.section = SECTIONS[0][0];
}
