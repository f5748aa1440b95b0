// The glossary (chapter section 'glossary'): every idea the page teaches with its one term in the
// page's language, its symbol in the slides' notation, the term in the other two languages, where
// the term comes from (the slides, the blog, the book, or a choice and why), and the variants it
// replaces; then the notation rules. All of it is crates/emviz-app/src/glossary.json, read through
// Session.glossary — the same file the tests hold every string to.
import { register, t, setRich, getLang, onLang, tRich } from '../i18n.js';
import { escapeHtml } from '../ui.js';

register({
  en: {
    'teach.glossary.title': 'Glossary',
    'teach.glossary.intro': 'One term for each idea, in each language — the slides\' words first. The whole page uses exactly these.',
    'teach.glossary.term': 'term',
    'teach.glossary.symbol': 'symbol',
    'teach.glossary.others': 'in the other languages',
    'teach.glossary.source': 'from',
    'teach.glossary.slides': 'the slides',
    'teach.glossary.blog': 'the blog',
    'teach.glossary.book': 'the book',
    'teach.glossary.chosen': 'chosen',
    'teach.glossary.replaces': 'not: {list}',
    'teach.glossary.notation': 'Notation',
  },
  ko: {
    'teach.glossary.title': '용어집',
    'teach.glossary.intro': '개념마다 언어별로 용어 하나 — 슬라이드의 말이 먼저입니다. 이 페이지 전체가 이 용어를 씁니다.',
    'teach.glossary.term': '용어',
    'teach.glossary.symbol': '기호',
    'teach.glossary.others': '다른 언어로',
    'teach.glossary.source': '출처',
    'teach.glossary.slides': '슬라이드',
    'teach.glossary.blog': '블로그',
    'teach.glossary.book': '책',
    'teach.glossary.chosen': '선택',
    'teach.glossary.replaces': '쓰지 않는 말: {list}',
    'teach.glossary.notation': '표기법',
  },
  ja: {
    'teach.glossary.title': '用語集',
    'teach.glossary.intro': '概念ごとに、各言語で1つの用語を使います。日本語は原書の用語に従います。このページ全体がこの用語を使います。',
    'teach.glossary.original': '原書',
    'teach.glossary.term': '用語',
    'teach.glossary.symbol': '記号',
    'teach.glossary.others': 'ほかの言語で',
    'teach.glossary.source': '出典',
    'teach.glossary.slides': 'スライド',
    'teach.glossary.blog': 'ブログ',
    'teach.glossary.book': '本書',
    'teach.glossary.chosen': '選定',
    'teach.glossary.replaces': '使わない語：{list}',
    'teach.glossary.notation': '表記',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`glossary-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel chapter-panel teach-glossary';
  // The one place that names the variants it rules out: the glossary scans skip it.
  panel.dataset.glossary = 'source';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}"></h2>
    <p class="hint" data-out="intro"></p>
    <div class="glossary-wrap"><table class="chapter-table glossary-table" data-testid="glossary">
      <thead><tr><th scope="col" data-out="h-term"></th><th scope="col" data-out="h-symbol"></th>
        <th scope="col" data-out="h-others"></th><th scope="col" data-out="h-source"></th></tr></thead>
      <tbody></tbody></table></div>
    <h3 data-out="notation-title"></h3>
    <ul class="glossary-notation" data-testid="glossary-notation"></ul>`;
  instance.chapter('glossary').append(panel);
  const out = (name) => panel.querySelector(`[data-out="${name}"]`);

  const render = () => {
    const lang = getLang();
    const g = instance.Session.glossary(lang);
    setRich(panel.querySelector('h2'), tRich('teach.glossary.title'));
    setRich(out('intro'), tRich('teach.glossary.intro'));
    setRich(out('h-term'), tRich('teach.glossary.term'));
    setRich(out('h-symbol'), tRich('teach.glossary.symbol'));
    setRich(out('h-others'), tRich('teach.glossary.others'));
    setRich(out('h-source'), tRich('teach.glossary.source'));
    setRich(out('notation-title'), tRich('teach.glossary.notation'));
    const body = panel.querySelector('tbody');
    body.innerHTML = g.entries.map((e) => `<tr data-id="${e.id}">
      <th scope="row" lang="${lang}">${escapeHtml(e.term)}</th><td class="symbol" data-symbol="${escapeHtml(e.symbol)}"></td>
      <td>${e.elsewhere.map(([l, term]) => `<span lang="${l}">${escapeHtml(term)}</span>`).join(' / ')}</td>
      <td>${t(lang === 'ja' && (e.source === 'slides' || e.source === 'book') ? 'teach.glossary.original' : `teach.glossary.${e.source}`)}${e.why ? `<p class="why" data-why="${escapeHtml(e.why)}"></p>` : ''}${e.replaces.length
        ? `<p class="replaces">${escapeHtml(t('teach.glossary.replaces', { list: e.replaces.join(', ') }))}</p>` : ''}</td></tr>`).join('');
    for (const cell of body.querySelectorAll('[data-symbol]')) setRich(cell, cell.dataset.symbol);
    for (const why of body.querySelectorAll('[data-why]')) setRich(why, why.dataset.why);
    const notation = panel.querySelector('[data-testid="glossary-notation"]');
    notation.replaceChildren(...g.notation.map((text) => { const li = document.createElement('li'); setRich(li, text); return li; }));
  };
  render();
  onLang(render);
}
