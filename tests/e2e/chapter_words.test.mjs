// The glossary (crates/emviz-app/src/glossary.json) holds the page's words: every registered
// string of every language follows it and has its placeholders; the Glossary panel shows it; and
// the whole page in Korean and in Japanese — every section of the chapter opened, the tour walked,
// the inspector open, every exercise open, an error shown — has no variant the glossary rules
// out, and no English word left untranslated.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './helpers.mjs';
import { LANGS, openIn } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const glossary = JSON.parse(await readFile(path.join(ROOT, 'crates', 'emviz-app', 'src', 'glossary.json'), 'utf8'));

/** Text as the page shows it: rich marks dropped (p_{θ} → pθ). */
const shown = (s) => s.replace(/[_^]\{/g, '').replace(/\}/g, '');
const matcher = (v) => (typeof v === 'string' ? { test: (s) => s.includes(v), label: v } : { test: (s) => new RegExp(v.re).test(s), label: `/${v.re}/` });
/** The rules for `lang`: [what, matcher, instead]. */
const rules = (lang) => [
  ...glossary.concepts.flatMap((c) => ((c.avoid || {})[lang] || []).map((v) => [c.id, matcher(v), c[lang]])),
  ...glossary.notation.flatMap((n) => n.avoid.map((v) => [n.id, matcher(v), n.en])),
];
/** What in `texts` ([{text, where}]) the glossary rules out in `lang`. */
export const ruledOut = (texts, lang) => texts.flatMap(({ text, where }) => rules(lang)
  .filter(([, m]) => m.test(shown(text)))
  .map(([id, m, instead]) => `${where}: ${JSON.stringify(text.slice(0, 120))} has ${m.label} (${id}: write "${instead}")`));

/** Latin words that may stay in the Korean and Japanese page: names, abbreviations, notation,
 *  identifiers, file types, the book's code. Lower case. */
const LATIN = new Set([
  'emviz', 'old', 'faithful', 'k-means', 'k-means++', 'elbo', 'gmm', 'mle', 'bic', 'aic', 'icl', 'csv', 'tsv', 'txt', 'json', 'png', 'svg', 'url',
  'reg_covar', 'full', 'diag', 'spherical', 'tied', 'english', 'log', 'exp', 'ln', 'max', 'min', 'argmax', 'argmin', 'sum', 'shift', 'escape',
  'javascript', 'webassembly', 'wasm', 'scikit-learn', 'sklearn', 'n_init', 'max_iter', 'tol', 'iframe', 'html', 'gif', 'webm', 'd_kl',
  'expectation', 'maximization', 'step', 'evidence', 'lower', 'bound', 'assignment', 'update', 'non-probabilistic', 'sum', 'squared',
  'euclidean', 'distances', 'code', 'review', 'step05', 'threshold', 'max_iters', 'likelihood', 'eps', 'note', 'case', 'mathml',
  'weights_', 'n_components', 'prml', 'vae', 'new', 'kl', 'web', 'workers', 'worker', 'dkl', 'ekl', 'gibb', 'gibbs', 'inequality', 'var',
  'mixture', 'model', 'gaussian', 'latent', 'variable', 'kullback-leibler', 'divergence', 'responsibility', 'estimation', 'maximum',
  'datasets', 'clustering', 'soft', 'hard', 'em-gmm', 'all', 'pca', 'npy', 'observation', 'expectation-maximization',
  // The slides' 로그-합 / 합-로그: the Japanese page names the forms log-sum / sum-log and glosses them.
  'log-sum', 'sum-log',
  // R's mclust and its fourteen covariance models' names.
  'mclust', 'eii', 'vii', 'eei', 'vei', 'evi', 'vvi', 'eee', 'vee', 'eve', 'vve', 'eev', 'vev', 'evv', 'vvv',
]);
export const englishOnly = (texts, names) => {
  const ok = new Set([...LATIN, ...names.map((s) => s.toLowerCase())]);
  return texts.filter(({ text }) => (shown(text).match(/[A-Za-z][A-Za-z0-9_+-]*/g) || [])
    .map((w) => w.replace(/-+$/, ''))
    .some((w) => (w.match(/[A-Za-z]/g) || []).length >= 3 && !ok.has(w.toLowerCase())))
    .map(({ text, where }) => `${where}: ${JSON.stringify(text.slice(0, 140))}`);
};

/** Every visible text (text nodes of visible elements; aria-label, title, placeholder, alt),
 *  outside the elements that name variants on purpose (the glossary, the notation key's "before"). */
export const visibleTexts = (page) => page.evaluate(() => {
  const seen = (el) => !!el && (el.checkVisibility ? el.checkVisibility({ checkVisibilityCSS: true }) : el.getClientRects().length > 0);
  const exempt = (el) => el.closest('[data-glossary], textarea, script, style, noscript');
  const where = (el) => {
    const host = el.closest('[class*="teach-"], [data-panel], [data-slot], [id]');
    return `${el.tagName.toLowerCase()}${host ? ` in ${host.className || host.id}` : ''}`.slice(0, 80);
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent.trim();
    if (!el || !text || exempt(el)) continue;
    const select = el.closest('select');
    if (select ? !seen(select) : !seen(el)) continue;
    out.push({ text, where: where(el) });
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (!seen(el) || exempt(el)) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) if (el.getAttribute(a)) out.push({ text: el.getAttribute(a), where: `${where(el)} @${a}` });
  }
  out.push({ text: document.title, where: 'title' });
  return out;
});

/** Walks the page: every section of the chapter, the inspector, the tour, an error; returns every
 *  visible text met on the way. */
async function walk(t, lang) {
  const { page } = t;
  const texts = [];
  const take = async (what) => { for (const x of await visibleTexts(page)) texts.push({ ...x, where: `${what} · ${x.where}` }); };
  await page.evaluate(() => window.emviz.iterate());
  await page.evaluate(() => window.emviz.step());
  await page.evaluate(() => window.emviz.instance.choosePoint(39));
  await take('after an E-step, inspector open');
  for (const section of await page.locator('[role="tab"][data-section]').evaluateAll((ts) => ts.map((b) => b.dataset.section))) {
    await page.locator(`[role="tab"][data-section="${section}"]`).click();
    for (const box of await page.locator(`[data-slot="ch-${section}"] input[type="checkbox"]:enabled`).all()) if (!(await box.isChecked())) await box.check();
    await take(`section ${section}`);
  }
  // The 1-D view and the blog with known labels.
  await page.evaluate(() => window.emviz.instance.loadPreset('one-d'));
  await page.evaluate(() => window.emviz.step());
  await page.locator('[role="tab"][data-section="blog"]').click();
  await take('the 1-D example');
  // The tour, card by card.
  await page.locator('.tour-button').click();
  const next = page.locator('div.tour button.primary');
  for (let i = 0; i < 20 && await page.locator('div.tour').isVisible(); i++) {
    await take(`tour card ${i + 1}`);
    await next.click();
  }
  // Every exercise opened, its hint and worked explanation shown, its verdict written.
  for (const n of await page.locator('.ex-item').evaluateAll((l) => l.map((e) => e.dataset.ex))) {
    const li = page.locator(`.ex-item[data-ex="${n}"]`);
    await li.locator('[data-act="open"]').click();
    await li.locator('[data-act="hint"]').click();
    await li.locator('[data-act="explain"]').click();
    if (n === '8') await page.evaluate(() => window.emviz.step());
    await take(`exercise ${n}`);
  }
  // An error: a bad paste, with its line and column.
  await page.evaluate(() => window.emviz.load('x y\n1 2\n3\n'));
  await take('a bad paste');
  return texts;
}

export const tests = [
  {
    name: 'every registered string of every language follows the glossary, and Korean and Japanese have every English key',
    covers: ['glossary'],
    langs: LANGS,
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, 'en');
      const all = await page.evaluate(async () => {
        const i18n = await import('./js/i18n.js');
        return Object.fromEntries(i18n.LANGS.map((l) => [l, i18n.allStrings(l)]));
      });
      expect.deepEqual(Object.keys(all), LANGS);
      const tokens = (s) => (s.match(/(?<![_^])\{[\w:]+\}/g) || []).sort().join(' ');
      const missing = [];
      for (const lang of ['ko', 'ja']) {
        for (const [key, en] of Object.entries(all.en)) {
          if (!(key in all[lang])) missing.push(`${lang} lacks ${key}`);
          else if (tokens(all[lang][key]) !== tokens(en)) missing.push(`${lang} ${key}: placeholders ${tokens(all[lang][key])} ≠ ${tokens(en)}`);
        }
      }
      expect.deepEqual(missing, []);
      const bad = LANGS.flatMap((lang) => ruledOut(Object.entries(all[lang]).map(([key, text]) => ({ text, where: `${lang} ${key}` })), lang));
      expect.deepEqual(bad, []);
      // Japanese has no Hangul, Korean no kana (but for the language switch's names of languages).
      const own = ([k]) => !k.startsWith('lang.');
      expect.deepEqual(Object.entries(all.ja).filter(own).filter(([, s]) => /[\uac00-\ud7a3]/.test(s)).map(([k]) => k), []);
      expect.deepEqual(Object.entries(all.ko).filter(own).filter(([, s]) => /[\u3040-\u30ff]/.test(s)).map(([k]) => k), []);
    },
  },
  ...LANGS.map((lang) => ({
    name: `the Glossary panel shows every concept's term, its source and the other languages' terms (${lang})`,
    covers: ['glossary'],
    fn: async (t) => {
      const { page, expect, shot } = t;
      await openIn(t, lang);
      await page.locator('[role="tab"][data-section="glossary"]').click();
      const rows = page.getByTestId('glossary').locator('tbody tr');
      expect.equal(await rows.count(), glossary.concepts.length);
      for (const c of glossary.concepts) {
        const row = page.getByTestId('glossary').locator(`tr[data-id="${c.id}"]`);
        expect.equal((await row.locator('th').innerText()).trim(), c[lang]);
        const others = await row.locator('td').nth(1).innerText();
        for (const l of LANGS.filter((x) => x !== lang)) expect.ok(others.includes(c[l]), `${c.id}: ${l} term in ${others}`);
      }
      expect.equal(await page.getByTestId('glossary-notation').locator('li').count(), glossary.notation.length);
      await page.getByTestId('glossary').scrollIntoViewIfNeeded();
      await shot(`chapter-glossary-${lang}`);
    },
  })),
  ...LANGS.map((lang) => ({
    name: `the whole page — every section, the tour, the inspector, an error — has no variant the glossary rules out${lang === 'en' ? '' : ' and no English left'} (${lang})`,
    timeout: 120_000,
    covers: ['glossary', 'tour'],
    fn: async (t) => {
      const { page, expect } = t;
      await openIn(t, lang);
      const texts = await walk(t, lang);
      expect.ok(texts.length > 300, `${texts.length} texts seen`);
      expect.deepEqual(ruledOut(texts, lang), []);
      if (lang === 'en') return;
      const names = await page.evaluate(async () => (await window.emviz.state()).names);
      expect.deepEqual(englishOnly(texts, [...names, 'eruptions', 'waiting']), []);
    },
  })),
];

pageTests(import.meta, tests);
