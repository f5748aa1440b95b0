// Accessibility: axe-core (npm devDependency, its source injected into the page) checks the page
// against WCAG 2.0/2.1 A and AA and must find no violation, in English, Korean and Japanese, at the
// start, after a few steps (the ELBO panel's KL row coloured, the inspector open), in every section
// of the chapter, on the 1-D preset, with the known mixture, contours and k-means shown, with
// four columns (PCA), and with exercises open.
import { readFileSync } from 'node:fs';
import { ready } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];


/** Runs axe on the whole document; returns its violations as short lines (rule, impact, nodes). */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { violations: r.violations, passes: r.passes.length };
  }, TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 220)}`).join('\n')}`);
}

const check = async (page, expect, where) => {
  const found = await violations(page);
  expect.deepEqual(found, [], `axe violations (${where}):\n${found.join('\n')}`);
};

const PRESET = { en: 'Preset', ko: '예제 데이터', ja: 'プリセット' };

export const tests = ['en', 'ko', 'ja'].map((lang) => ({
  name: `axe-core finds no WCAG 2.1 AA violation (${lang})`,
  timeout: 180_000,
  fn: async (t) => {
    const { page, expect, shot } = t;
    await ready(t, `?lang=${lang}`);
    expect.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await check(page, expect, `${lang}, start`);
    for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.step());
    // Inspect a point (the inspector panel opens with its table).
    await page.evaluate(() => window.emviz.instance.inspectPoint(0));
    await page.getByRole('dialog').first().waitFor();
    await page.waitForTimeout(200);
    await check(page, expect, `${lang}, after three half-steps`);
    await shot(`a11y-${lang}`);
    // Every section of the chapter, its panels filled.
    for (const section of await page.locator('[role="tab"][data-section]').evaluateAll((ts) => ts.map((b) => b.dataset.section))) {
      await page.locator(`[role="tab"][data-section="${section}"]`).click();
      await page.waitForTimeout(100);
      await check(page, expect, `${lang}, section ${section}`);
    }
    await page.getByRole('combobox', { name: PRESET[lang], exact: true }).selectOption('one-d');
    await page.evaluate(() => window.emviz.step());
    await check(page, expect, `${lang}, 1-D preset (blog section)`);
    // The known mixture (§5.1.3 chart and table), contours and their legend (§5.2.1), k-means
    // beside EM, then four columns (principal components).
    await page.getByRole('combobox', { name: PRESET[lang], exact: true }).selectOption('known-mixture');
    for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.iterate());
    await page.locator('.teach-latent select').selectOption('both');
    await page.locator('[role="tab"][data-section="kl"]').click();
    await page.locator('.teach-truth canvas').waitFor();
    await check(page, expect, `${lang}, known mixture, contours`);
    await page.locator('[role="tab"][data-section="kmeans"]').click();
    await page.locator('.teach-compare input[type="checkbox"]').check();
    await check(page, expect, `${lang}, k-means beside EM`);
    const rows = ['a b c d'];
    for (let i = 0; i < 60; i++) rows.push([i % 3, (i * 7) % 5, Math.sin(i), (i % 3) * 2 + Math.cos(i)].map((v) => v.toFixed(3)).join(' '));
    await page.evaluate((txt) => window.emviz.load(txt), rows.join('\n'));
    await page.locator('.teach-pca canvas').waitFor();
    await check(page, expect, `${lang}, four columns (principal components)`);
    // The exercises: 7 (numbers and a list to answer) and 8 (the points' table) open, each hint
    // and worked explanation shown, a verdict written.
    for (const n of [7, 8]) {
      const li = page.locator(`.ex-item[data-ex="${n}"]`);
      await li.locator('[data-act="open"]').click();
      await li.locator('[data-act="hint"]').click();
      await li.locator('[data-act="explain"]').click();
    }
    await page.evaluate(() => window.emviz.step());
    await page.locator('.ex-item[data-ex="8"] .ex-points').waitFor();
    await check(page, expect, `${lang}, exercises open`);
  },
}));

pageTests(import.meta, tests);
