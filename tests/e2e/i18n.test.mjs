// Korean and English: the language switch retranslates every visible text (a walk over the page's
// text nodes and the aria-label / placeholder / title of visible elements finds no English-only
// word after switching to Korean), the address and the browser choose the first language, Rust's
// messages come in Korean with their line and column, and the guided tour walks through the
// book's run in both languages.

import { ready, state } from './helpers.mjs';

/** Words that may stay in Latin letters in the Korean page: names, abbreviations, math, the
 * scikit-learn names of the covariance types, file types. Lower case. */
const ALLOWED = new Set([
  'emviz', 'old', 'faithful', 'k-means', 'k-means++', 'elbo', 'kl', 'bic', 'aic', 'csv', 'tsv', 'txt', 'json', 'png', 'svg', 'url',
  'reg_covar', 'full', 'diag', 'spherical', 'tied', 'english', 'log', 'exp', 'ln', 'max', 'min', 'argmax', 'sum', 'gmm',
  'shift', 'escape', // key names, as printed on the keys
  'javascript', 'webassembly', 'wasm', 'scikit-learn', 'sklearn', 'n_init', 'max_iter', 'tol', 'iframe', 'html', 'lloyd', 'gif', 'webm', 'd_kl',
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
    if (!el || !text || el.closest('script, style, noscript, textarea')) continue;
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

export const tests = [
  {
    name: 'switching to Korean leaves no English-only visible text, and back',
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

      await page.getByLabel('Language', { exact: true }).selectOption('ko');
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      await page.getByRole('button', { name: '재생', exact: true }).waitFor();
      await page.getByLabel('언어', { exact: true }).waitFor();
      const ko = await visibleTexts(page);
      const left = englishOnly(ko, s.names);
      expect.equal(left.length, 0, `English-only texts left in the Korean page:\n${list(left)}`);
      const status = await page.locator('#status').innerText();
      expect.match(status, /^반복 1 · M 단계 후 · 로그 가능도 −?[\d.]+ \(점당 평균\)$/);
      expect.match(await page.getByRole('table', { name: '성분' }).innerText(), /가중치 φ[\s\S]*평균 μ[\s\S]*공분산 Σ/);
      await page.getByRole('img', { name: '산점도' }).waitFor();
      await shot('i18n-ko');

      await page.getByLabel('언어', { exact: true }).selectOption('en');
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      expect.match(await page.locator('#status').innerText(), /^Iteration 1 · after the M-step · log-likelihood −?[\d.]+ \(mean per point\)$/);
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    },
  },
  {
    name: 'the address and the browser choose the first language',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, '?lang=ko');
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      await page.getByRole('button', { name: '한 단계', exact: true }).waitFor();
      expect.equal(await page.getByLabel('언어', { exact: true }).inputValue(), 'ko');
      await ready(t, '#k=2&lang=ko');
      await page.getByRole('button', { name: '재생', exact: true }).waitFor();
      await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['ko-KR', 'ko', 'en'] }));
      await ready(t, '');
      await page.getByRole('button', { name: '재생', exact: true }).waitFor();
      await ready(t, '?lang=en');
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      expect.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    },
  },
  {
    name: 'Rust messages come in Korean with their line and column',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t, '?lang=ko');
      const before = await state(page);
      await page.getByLabel('데이터', { exact: true }).fill('a b\n1 2\n3 x\n');
      await page.getByRole('button', { name: '이 데이터로 학습', exact: true }).click();
      const err = page.locator('#data-error');
      await expect.doesNotReject(err.filter({ hasText: '번째' }).waitFor());
      expect.equal(await err.innerText(), '3번째 줄, 2번째 열: "x"은(는) 숫자가 아닙니다');
      expect.deepEqual((await state(page)).means, before.means, 'a bad paste changes nothing');

      await page.getByLabel('K (성분 수)', { exact: true }).selectOption('3');
      expect.match(await page.locator('#settings-error').innerText(), /^책의 시작점은 K = 2이고 열이 두 개일 때만/);
      await page.getByLabel('허용 오차', { exact: true }).fill('abc');
      await page.getByLabel('허용 오차', { exact: true }).dispatchEvent('change');
      expect.equal(await page.locator('#settings-error').innerText(), '허용 오차: "abc"은(는) 숫자가 아닙니다');

      // The same paste in English after switching back.
      await page.getByLabel('언어', { exact: true }).selectOption('en');
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      expect.equal(await err.innerText(), 'line 3, column 2: "x" is not a number');
    },
  },
  {
    name: 'the guided tour explains the run step by step, in Korean and English',
    timeout: 90_000,
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t, '?lang=ko');
      const tourButton = page.getByRole('button', { name: '둘러보기', exact: true });
      await tourButton.click();
      const dialog = page.getByRole('dialog', { name: '점의 색이 뜻하는 것' });
      await dialog.waitFor();
      expect.ok(await page.locator('div.tour').getByRole('button', { name: '다음' }).evaluate((b) => b === document.activeElement), 'focus on Next');
      expect.ok(await page.locator('div.tour').getByRole('button', { name: '이전' }).isDisabled(), 'no Back on the first card');
      expect.equal((await state(page)).phase, 'start');
      expect.ok(await page.locator('.canvas-wrap').evaluate((e) => e.classList.contains('tour-target')), 'the plot is highlighted');

      await page.locator('div.tour').getByRole('button', { name: '다음' }).click();
      await page.getByRole('dialog', { name: 'E 단계' }).waitFor();
      expect.equal((await state(page)).phase, 'E', 'the tour pressed the E-step');
      expect.match(await page.locator('div.tour').innerText(), /9단계 중 2단계[\s\S]*KL 발산/);
      await shot('tour-step2-ko');

      await page.locator('div.tour').getByRole('button', { name: '다음' }).click();
      await page.getByRole('dialog', { name: 'M 단계' }).waitFor();
      let s = await state(page);
      expect.deepEqual([s.phase, s.iteration], ['M', 1], 'the tour pressed the M-step');
      expect.ok(await page.locator('[data-panel="components"]').evaluate((e) => e.classList.contains('tour-target')));

      await page.locator('div.tour').getByRole('button', { name: '다음' }).click();
      await page.getByRole('dialog', { name: '로그 가능도가 줄지 않는 이유' }).waitFor();
      s = await state(page);
      expect.equal(s.iteration, 3, 'two more iterations');
      for (let i = 1; i < s.trace.length; i++) expect.ok(s.trace[i] >= s.trace[i - 1], 'the log-likelihood never fell');

      // The open card follows the language.
      await page.getByLabel('언어', { exact: true }).selectOption('en');
      await page.getByRole('dialog', { name: 'Why the log-likelihood only goes up' }).waitFor();
      await page.locator('div.tour').getByRole('button', { name: 'Back' }).click();
      await page.getByRole('dialog', { name: 'The M-step' }).waitFor();
      await page.keyboard.press('Escape');
      expect.equal(await page.locator('div.tour:visible').count(), 0, 'Escape closed the tour');
      expect.ok(await page.getByRole('button', { name: 'Tour', exact: true }).evaluate((b) => b === document.activeElement), 'focus back on Tour');
      expect.equal(await page.locator('.tour-target').count(), 0, 'no highlight left');

      // Through to the end with Next / Finish.
      await page.getByRole('button', { name: 'Tour', exact: true }).click();
      for (let i = 0; i < 8; i++) await page.locator('div.tour').getByRole('button', { name: 'Next' }).click();
      await page.getByRole('dialog', { name: 'Your turn' }).waitFor();
      await page.locator('div.tour').getByRole('button', { name: 'Finish' }).click();
      expect.equal(await page.locator('div.tour:visible').count(), 0);
    },
  },
];
