// The chapter's sections in Korean and Japanese: after six half-steps, each tab
// ([role="tab"][data-section]) opens its section, which shows at least one visible .chapter-panel
// with text and no error (no non-empty .error inside, the warnings line empty); §5.4's panel holds
// eq. 5.8's live values (.teach-formulas[data-objective], J(θ_old) finite).
import { openReady, poll, settle } from './helpers.mjs';
import { engineTests } from './engines.mjs';

const HALF_STEPS = 6;

export const tests = ['ko', 'ja'].map((lang) => ({
  name: `every chapter section shows its panels (${lang}), eq. 5.8 live in §5.4`,
  timeout: 120_000,
  fn: async ({ page, baseUrl, expect, log, shot }) => {
    await openReady(page, `${baseUrl}?lang=${lang}`);
    expect.equal(await page.evaluate(() => document.documentElement.lang), lang);
    const s = await page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) await window.emviz.step();
      return window.emviz.state();
    }, HALF_STEPS);
    expect.equal(s.iteration, HALF_STEPS / 2, `iteration ${s.iteration}, phase ${s.phase}`);
    const sections = await page.evaluate(() => [...document.querySelectorAll('[role="tab"][data-section]')].map((t) => t.dataset.section));
    log('sections', sections.join(' '));
    expect.ok(sections.length >= 7, `tabs: ${sections}`);
    for (const section of sections) {
      await page.evaluate((sec) => document.querySelector(`[role="tab"][data-section="${sec}"]`).click(), section);
      // Panels fill on the 'section' event: look after a frame, again for up to 5 s if need be.
      const seen = await settle(page, async (sec) => {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
        const tab = document.querySelector(`[role="tab"][data-section="${sec}"]`);
        const panel = document.getElementById(tab.getAttribute('aria-controls'));
        const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
        const panels = [...panel.querySelectorAll('.chapter-panel')].filter(visible)
          .map((p) => ({ cls: p.className, text: p.innerText.trim().length }));
        return {
          selected: tab.getAttribute('aria-selected'),
          hidden: panel.hidden,
          panels,
          errors: [...panel.querySelectorAll('.error:not(:empty)')].map((e) => e.textContent.trim()),
          warnings: document.querySelector('[data-ref="warnings"]').textContent.trim(),
        };
      }, [section], (v) => v.panels.some((p) => p.text > 0) && !v.errors.length && !v.warnings);
      log(section, JSON.stringify(seen.panels));
      expect.equal(seen.selected, 'true', `tab ${section} selected`);
      expect.equal(seen.hidden, false, `section ${section} shown`);
      expect.ok(seen.panels.some((p) => p.text > 0), `section ${section}: no visible .chapter-panel with text (${JSON.stringify(seen.panels)})`);
      expect.deepEqual(seen.errors, [], `section ${section} shows errors`);
      expect.equal(seen.warnings, '', `warnings in section ${section}`);
      if (section === 'gmmEm') {
        const objective = await poll(page, () => {
          const el = document.querySelector('.teach-formulas');
          return el && el.dataset.objective ? JSON.parse(el.dataset.objective) : null;
        }, [], "§5.4's data-objective");
        log('objective', JSON.stringify(objective));
        expect.ok(Number.isFinite(objective.atOld), `J(θ_old) = ${objective.atOld}`);
        await shot(`chapter-${lang}-gmmEm`);
      }
    }
  },
}));

engineTests(import.meta, tests);
