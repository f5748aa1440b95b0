// English, Korean and Japanese: the language switch retranslates every visible text (a walk over
// the page's text nodes and the aria-label / placeholder / title of visible elements finds no
// English-only word after switching to Korean or Japanese), the address and the browser choose the
// first language, Rust's messages come in each language with their line and column, and the guided
// tour walks through the chapter in the slides' order, in every language.

import { ready, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

/** Words that may stay in Latin letters in the Korean and Japanese page: names, abbreviations,
 * math, the scikit-learn names of the covariance types and mclust's models, file types. Lower case. */
const ALLOWED = new Set([
  'emviz', 'old', 'faithful', 'k-means', 'k-means++', 'elbo', 'kl', 'bic', 'aic', 'icl', 'csv', 'tsv', 'txt', 'json', 'png', 'svg', 'url',
  'reg_covar', 'full', 'diag', 'spherical', 'tied', 'english', 'log', 'exp', 'max', 'min', 'argmax', 'argmin', 'sum', 'gmm', 'mle',
  'shift', 'escape', // key names, as printed on the keys
  'javascript', 'webassembly', 'wasm', 'scikit-learn', 'sklearn', 'n_init', 'max_iter', 'tol', 'iframe', 'html', 'lloyd', 'gif', 'webm',
  'd_kl', 'dkl', 'old', 'step05', 'threshold', 'max_iters', 'likelihood', 'eps', 'note', 'case', 'expectation', 'maximization', 'step',
  'evidence', 'lower', 'bound', 'assignment', 'update', 'non-probabilistic', 'squared', 'euclidean', 'distances', 'code', 'review',
  'new', 'weights_', 'n_components', 'prml',
  // R's mclust and its fourteen covariance models' names.
  'mclust', 'eii', 'vii', 'eei', 'vei', 'evi', 'vvi', 'eee', 'vee', 'eve', 'vve', 'eev', 'vev', 'evv', 'vvv',
]);

/** Every visible text of the page: text nodes of visible elements (options of visible selects
 * included), and aria-label / placeholder / title / alt of visible elements, plus the title. */
const visibleTexts = (page) => page.evaluate(() => {
  const shown = (el) => !!el && (el.checkVisibility ? el.checkVisibility({ checkVisibilityCSS: true }) : el.getClientRects().length > 0);
  const where = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/)[0]}` : '';
    const host = el.closest('[id], [data-panel], [data-slot]');
    return `${el.tagName.toLowerCase()}${id}${cls}${host && host !== el ? ` in ${host.id || host.dataset.panel || host.dataset.slot}` : ''}`;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent.trim();
    if (!el || !text || el.closest('script, style, noscript, textarea, [data-glossary]')) continue;
    const select = el.closest('select');
    if (select ? !shown(select) : !shown(el)) continue;
    out.push({ text, where: where(el) });
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (!shown(el)) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.getAttribute(a)) out.push({ text: el.getAttribute(a), where: `${where(el)} @${a}` });
    }
  }
  out.push({ text: document.title, where: 'document title' });
  return out;
});

/** The texts holding a Latin word of 3+ letters that is neither allowed nor a data column name. */
const englishOnly = (texts, names) => {
  const allowed = new Set([...ALLOWED, ...names.map((s) => s.toLowerCase())]);
  return texts.filter(({ text }) => (text.match(/[A-Za-z][A-Za-z0-9_+-]*/g) || [])
    .map((w) => w.replace(/-+$/, ''))
    .some((w) => (w.match(/[A-Za-z]/g) || []).length >= 3 && !allowed.has(w.toLowerCase())));
};

const list = (bad) => bad.map((b) => `  ${JSON.stringify(b.text.slice(0, 140))}  (${b.where})`).join('\n');

/** What each language must show. */
const W = {
  en: {
    language: 'Language', play: 'Play', step: 'Step', fit: 'Fit', data: 'Data', k: 'K', tol: 'Tolerance', components: 'Components', scatter: 'Scatter plot',
    status: /^Iteration 1 · after the M-step · log-likelihood −?[\d.]+ \(mean per point\)$/,
    table: /weight φ[\s\S]*mean μ[\s\S]*covariance Σ/,
    parse: 'line 3, column 2: "x" is not a number',
    book: /^the book's start needs K = 2 and two columns/,
    notNumber: 'Tolerance: "abc" is not a number',
    tour: 'Tour', next: 'Next', back: 'Back', finish: 'Finish', first: 'What you see', estep: 'The E-step', mstep: 'The M-step (§5.4)',
    loglik: 'Why the log-likelihood only goes up', yours: 'Your turn', count: 'Card 7 of 11',
  },
  ko: {
    language: '언어', play: '재생', step: '한 번 반복', fit: '이 데이터로 추정', data: '데이터', k: 'K (성분 수)', tol: '허용 오차', components: '성분', scatter: '산점도',
    status: /^반복 1 · M 단계 후 · 로그 가능도 −?[\d.]+ \(점당 평균\)$/,
    table: /혼합 가중치 φ[\s\S]*평균 μ[\s\S]*공분산/,
    parse: '3번째 줄, 2번째 열: "x"은(는) 숫자가 아닙니다',
    book: /^책의 시작점은 K = 2이고 열이 두 개일 때만/,
    notNumber: '허용 오차: "abc"은(는) 숫자가 아닙니다',
    tour: '둘러보기', next: '다음', back: '이전', finish: '마치기', first: '화면이 보여 주는 것', estep: 'E 단계', mstep: 'M 단계 (§5.4)',
    loglik: '로그 가능도가 줄지 않는 이유', yours: '이제 직접 해 보세요', count: '11장 중 7번째',
  },
  ja: {
    language: '言語', play: '再生', step: '1回反復', fit: 'このデータで推定', data: 'データ', k: 'K（成分数）', tol: '許容誤差', components: '成分', scatter: '散布図',
    status: /^反復 1 · Mステップ後 · 対数尤度 −?[\d.]+（1点あたりの平均）$/,
    table: /混合係数 φ[\s\S]*平均 μ[\s\S]*共分散行列 Σ/,
    parse: '3行目、2列目: "x"は数値ではありません',
    book: /^本書の初期値は、K = 2で列が2つのときにだけ使えます/,
    notNumber: '許容誤差：「abc」は数値ではありません',
    tour: 'ツアー', next: '次へ', back: '戻る', finish: null, first: '画面に見えるもの', estep: 'Eステップ', mstep: 'Mステップ（§5.4）',
    loglik: '対数尤度が上がる一方である理由', yours: 'やってみましょう', count: '11 枚中 7 枚目',
  },
};

export const tests = [
  ...['ko', 'ja'].map((lang) => ({
    name: `switching to ${lang === 'ko' ? 'Korean' : 'Japanese'} leaves no English-only visible text, and back`,
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      const s = await (async () => {
        for (let i = 0; i < 200; i++) {
          const st = await state(page);
          if (st.phase === 'M') return st;
          await page.waitForTimeout(50);
        }
        throw new Error('no M-step');
      })();
      const en = await visibleTexts(page);
      const flagged = englishOnly(en, s.names);
      expect.ok(flagged.length > 20, `the walk sees the English page (${flagged.length} English texts)`);
      await shot('i18n-en');

      await page.getByLabel('Language', { exact: true }).selectOption(lang);
      expect.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.getByRole('button', { name: W[lang].play, exact: true }).waitFor();
      await page.getByLabel(W[lang].language, { exact: true }).waitFor();
      const texts = await visibleTexts(page);
      const left = englishOnly(texts, s.names);
      expect.equal(left.length, 0, `English-only texts left in the ${lang} page:\n${list(left)}`);
      expect.match(await page.locator('#status').innerText(), W[lang].status);
      expect.match(await page.getByRole('table', { name: W[lang].components }).innerText(), W[lang].table);
      await page.getByRole('img', { name: W[lang].scatter }).waitFor();
      await shot(`i18n-${lang}`);

      await page.getByLabel(W[lang].language, { exact: true }).selectOption('en');
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      expect.match(await page.locator('#status').innerText(), W.en.status);
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    },
  })),
  {
    name: 'the address and the browser choose the first language',
    fn: async (t) => {
      const { page, expect } = t;
      for (const lang of ['ko', 'ja']) {
        await ready(t, `?lang=${lang}`);
        expect.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await page.getByRole('button', { name: W[lang].step, exact: true }).waitFor();
        expect.equal(await page.getByLabel(W[lang].language, { exact: true }).inputValue(), lang);
        await ready(t, `#k=2&lang=${lang}`);
        await page.getByRole('button', { name: W[lang].play, exact: true }).waitFor();
      }
      await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['ja-JP', 'ja', 'en'] }));
      await ready(t, '');
      await page.getByRole('button', { name: W.ja.play, exact: true }).waitFor();
      await ready(t, '?lang=en');
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    },
  },
  {
    name: 'the browser\'s Korean is chosen too',
    fn: async (t) => {
      const { page } = t;
      await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['ko-KR', 'ko', 'en'] }));
      await ready(t, '');
      await page.getByRole('button', { name: W.ko.play, exact: true }).waitFor();
    },
  },
  ...['ko', 'ja'].map((lang) => ({
    name: `Rust messages come in ${lang === 'ko' ? 'Korean' : 'Japanese'} with their line and column`,
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, `?lang=${lang}`);
      const before = await state(page);
      await page.getByLabel(W[lang].data, { exact: true }).fill('a b\n1 2\n3 x\n');
      await page.getByRole('button', { name: W[lang].fit, exact: true }).click();
      const err = page.locator('#data-error');
      await err.filter({ hasText: /\S/ }).waitFor();
      expect.equal(await err.innerText(), W[lang].parse);
      expect.deepEqual((await state(page)).means, before.means, 'a bad paste changes nothing');

      await page.getByLabel(W[lang].k, { exact: true }).selectOption('3');
      expect.match(await page.locator('#settings-error').innerText(), W[lang].book);
      await page.getByLabel(W[lang].tol, { exact: true }).fill('abc');
      await page.getByLabel(W[lang].tol, { exact: true }).dispatchEvent('change');
      expect.equal(await page.locator('#settings-error').innerText(), W[lang].notNumber);

      // The same paste in English after switching back.
      await page.getByLabel(W[lang].language, { exact: true }).selectOption('en');
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      expect.equal(await err.innerText(), W.en.parse);
    },
  })),
  ...['en', 'ko', 'ja'].map((lang) => ({
    name: `the guided tour walks the chapter in the slides' order: KL, MLE, the GMM, latent variables, the ELBO, EM, k-means (${lang})`,
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      const w = W[lang];
      await ready(t, `?lang=${lang}`);
      const tour = page.locator('div.tour');
      await page.getByRole('button', { name: w.tour, exact: true }).click();
      await page.getByRole('dialog', { name: w.first }).waitFor();
      expect.ok(await tour.getByRole('button', { name: w.next }).evaluate((b) => b === document.activeElement), 'focus on Next');
      expect.ok(await tour.getByRole('button', { name: w.back }).isDisabled(), 'no Back on the first card');
      expect.equal((await state(page)).phase, 'start');
      expect.ok(await page.locator('.canvas-wrap').evaluate((e) => e.classList.contains('tour-target')), 'the plot is highlighted');
      // The slides' order: each card opens its section and highlights its panel.
      const order = [['kl', 'kl'], ['truth', 'kl'], ['gmm', 'derivation1'], ['marginal', 'derivation1'], ['bound', 'derivation1']];
      for (const [panel, section] of order) {
        await tour.getByRole('button', { name: w.next }).click();
        await page.waitForFunction((p) => document.querySelector(`.teach-${p}`).classList.contains('tour-target'), panel);
        expect.equal(await page.locator('.teach-contents').getAttribute('data-section'), section, `${panel} opens ${section}`);
        expect.ok(await page.locator(`.teach-${panel}`).isVisible());
      }
      expect.equal(await page.locator('.teach-latent select').inputValue(), 'both', 'the contours are on');
      expect.equal(await page.locator('.teach-bound').getAttribute('data-point'), '39', 'the tour chose point 40');
      await tour.getByRole('button', { name: w.next }).click();
      await page.getByRole('dialog', { name: w.estep }).waitFor();
      expect.equal((await state(page)).phase, 'E', 'the tour pressed the E-step');
      expect.ok((await tour.innerText()).includes(w.count));
      await shot(`tour-estep-${lang}`);
      await tour.getByRole('button', { name: w.next }).click();
      await page.getByRole('dialog', { name: w.mstep }).waitFor();
      let s = await state(page);
      expect.deepEqual([s.phase, s.iteration], ['M', 1], 'the tour pressed the M-step');
      expect.ok(await page.locator('.teach-formulas').evaluate((e) => e.classList.contains('tour-target')), 'eq. 5.8 highlighted');
      await tour.getByRole('button', { name: w.next }).click();
      await page.getByRole('dialog', { name: w.loglik }).waitFor();
      s = await state(page);
      expect.equal(s.iteration, 3, 'two more iterations');
      for (let i = 1; i < s.trace.length; i++) expect.ok(s.trace[i] >= s.trace[i - 1], 'the log-likelihood never fell');
      await tour.getByRole('button', { name: w.next }).click();
      await page.waitForFunction(() => document.querySelector('.teach-compare').classList.contains('tour-target'));
      expect.equal(await page.locator('.teach-contents').getAttribute('data-section'), 'kmeans');
      // The open card follows the language.
      if (lang !== 'en') {
        await page.getByLabel(w.language, { exact: true }).selectOption('en');
        await page.getByRole('dialog', { name: 'EM vs k-means' }).waitFor();
        await page.getByLabel('Language', { exact: true }).selectOption(lang);
      }
      await tour.getByRole('button', { name: w.back }).click();
      await page.getByRole('dialog', { name: w.loglik }).waitFor();
      await page.keyboard.press('Escape');
      expect.equal(await page.locator('div.tour:visible').count(), 0, 'Escape closed the tour');
      expect.ok(await page.getByRole('button', { name: w.tour, exact: true }).evaluate((b) => b === document.activeElement), 'focus back on Tour');
      expect.equal(await page.locator('.tour-target').count(), 0, 'no highlight left');
      // Through to the end with Next / Finish.
      await page.getByRole('button', { name: w.tour, exact: true }).click();
      for (let i = 0; i < 10; i++) await tour.locator('button.primary').click();
      await page.getByRole('dialog', { name: w.yours }).waitFor();
      await tour.locator('button.primary').click();
      expect.equal(await page.locator('div.tour:visible').count(), 0);
    },
  })),
];

pageTests(import.meta, tests);
