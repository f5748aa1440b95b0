// "Teach the chapter": the ELBO / KL panel (log p = ELBO + KL, KL = 0 after an E-step, a gap after an
// M-step), the History scrubber (range, Back / Forward, ← / →) restoring exact earlier states, the
// E / M formulas highlighted by phase, and clicking a point to see its responsibilities.

import { ready, state } from './helpers.mjs';
import { pageTests } from './browser.mjs';

const halfStep = (page) => page.evaluate(() => window.emviz.step());
/** The state without the fields that say where in the history it is. */
const bare = (s) => { const { historyLen, cursor, ...rest } = s; return JSON.stringify(rest); };
const num = (text) => Number(text.trim().replace(/−/g, '-'));

/** The ELBO panel's three values: shown text (parsed) and the exact data-value. */
const shown = async (page) => {
  const out = {};
  for (const name of ['logp', 'elbo', 'kl']) {
    const cell = page.getByTestId(`elbo-${name}`);
    out[name] = { text: num(await cell.innerText()), value: Number(await cell.getAttribute('data-value')) };
  }
  return out;
};

/** |a − b| within what 4 significant-ish shown digits allow. */
const close = (a, b) => Math.abs(a - b) <= Math.max(0.006, Math.abs(b) * 5e-3);

const currentFormula = (page) => page.evaluate(() => [...document.querySelectorAll('.teach-formulas [aria-current="step"]')].map((e) => e.dataset.phase));

export const tests = [
  {
    name: 'after an E-step KL is 0 and the ELBO touches log p(x); after the M-step KL > 0 and the ELBO rose',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const start = await shown(page);
      expect.equal(await page.getByTestId('elbo-elbo').innerText(), '—');
      expect.ok(Number.isFinite(start.logp.value));
      for (let i = 0; i < 3; i++) await page.evaluate(() => window.emviz.iterate());
      const e = await halfStep(page);
      expect.equal(e.half, 'E');
      const se = await state(page);
      const afterE = await shown(page);
      expect.ok(Math.abs(afterE.kl.value) < 1e-9, `KL after E ${afterE.kl.value}`);
      expect.equal(await page.getByTestId('elbo-kl').innerText(), '0');
      expect.equal(afterE.kl.value, se.kl);
      expect.equal(afterE.elbo.value, se.elbo);
      expect.ok(close(afterE.elbo.text, se.elbo), `shown ELBO ${afterE.elbo.text} vs ${se.elbo}`);
      expect.ok(Math.abs(afterE.logp.value - se.logLikelihood * se.n) < 1e-9 * Math.abs(afterE.logp.value));
      expect.ok(Math.abs(afterE.elbo.value - afterE.logp.value) < 1e-9 * Math.abs(afterE.logp.value), 'ELBO = log p after E');
      expect.match(await page.locator('.elbo-note').innerText(), /DKL = 0/);
      await shot('teach-elbo-after-E');

      const m = await halfStep(page);
      expect.equal(m.half, 'M');
      const sm = await state(page);
      const afterM = await shown(page);
      expect.ok(afterM.kl.value > 0, `KL after M ${afterM.kl.value}`);
      expect.ok(afterM.kl.text > 0, `shown KL ${afterM.kl.text}`);
      expect.equal(afterM.kl.value, sm.kl);
      expect.equal(afterM.elbo.value, sm.elbo);
      expect.ok(close(afterM.kl.text, sm.kl), `shown KL ${afterM.kl.text} vs ${sm.kl}`);
      expect.ok(close(afterM.elbo.text, sm.elbo), `shown ELBO ${afterM.elbo.text} vs ${sm.elbo}`);
      expect.ok(close(afterM.logp.text, sm.logLikelihood * sm.n), 'shown log p');
      expect.ok(sm.elbo > se.elbo, `ELBO rose: ${se.elbo} → ${sm.elbo}`);
      expect.ok(Math.abs(afterM.elbo.value + afterM.kl.value - afterM.logp.value) < 1e-9 * Math.abs(afterM.logp.value), 'log p = ELBO + KL');
      const label = await page.getByTestId('elbo-bar').getAttribute('aria-label');
      expect.match(label, /log pθ\(x\) .* = ELBO .* \+ DKL /);
      // The bar: the ELBO part ends before log p(x), the KL part fills the gap.
      const bar = await page.evaluate(() => {
        const b = document.querySelector('.elbo-bar');
        const box = (sel) => b.querySelector(sel).getBoundingClientRect();
        return { elbo: box('.seg.elbo').right, klLeft: box('.seg.kl').left, klRight: box('.seg.kl').right, logp: box('.mark.logp').left + 1 };
      });
      expect.ok(Math.abs(bar.elbo - bar.klLeft) < 1 && bar.klRight > bar.klLeft && Math.abs(bar.klRight - bar.logp) < 2.5, JSON.stringify(bar));
      await shot('teach-elbo-after-M');
    },
  },
  {
    name: 'scrubbing back (History range, ← key, Back / Forward) restores the exact earlier state',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      const seen = [bare(await state(page))];
      const kls = [null];
      for (let i = 0; i < 8; i++) {
        await halfStep(page);
        const s = await state(page);
        seen.push(bare(s));
        kls.push(s.kl);
      }
      const history = page.getByLabel('History');
      expect.equal(await history.getAttribute('max'), '8');
      expect.equal(await history.inputValue(), '8');

      await history.fill('5');
      let s = await state(page);
      expect.equal(s.cursor, 5);
      expect.equal(s.historyLen, 9);
      expect.equal(bare(s), seen[5]);
      expect.equal(Number(await page.getByTestId('elbo-kl').getAttribute('data-value')), kls[5]);
      expect.deepEqual(await currentFormula(page), ['E']);

      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.keyboard.press('ArrowLeft');
      s = await state(page);
      expect.equal(s.cursor, 4);
      expect.equal(bare(s), seen[4]);
      expect.deepEqual(await currentFormula(page), ['M']);
      expect.ok(Number(await page.getByTestId('elbo-kl').getAttribute('data-value')) > 0);
      expect.equal(await history.inputValue(), '4');

      await page.keyboard.press('ArrowRight'); // scrubbed back: one half-step forward, not a new iteration
      s = await state(page);
      expect.equal(s.cursor, 5);
      expect.equal(s.historyLen, 9);
      expect.equal(bare(s), seen[5]);

      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      s = await state(page);
      expect.equal(bare(s), seen[3]);
      await page.getByRole('button', { name: 'Forward', exact: true }).click();
      expect.equal(bare(await state(page)), seen[4]);
      await history.fill('0');
      s = await state(page);
      expect.equal(bare(s), seen[0]);
      expect.equal(await page.getByTestId('elbo-kl').innerText(), '—');
      expect.deepEqual(await currentFormula(page), []);
      expect.ok(await page.getByRole('button', { name: 'Back', exact: true }).isDisabled());
      await history.fill('3');
      expect.equal(bare(await state(page)), seen[3]);
      await shot('teach-scrubbed');

      // At the newest half-step → is the page's usual one iteration again.
      await history.fill('8');
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.keyboard.press('ArrowRight');
      const end = Date.now() + 10_000;
      while ((await state(page)).historyLen < 11 && Date.now() < end) await page.waitForTimeout(50);
      s = await state(page);
      expect.equal(s.historyLen, 11);
      expect.equal(s.phase, 'M');
    },
  },
  {
    name: 'the E- and M-step formulas are MathML and the highlight follows the phase',
    fn: async (t) => {
      const { page, expect } = t;
      await ready(t);
      expect.ok(await page.locator('.teach-formulas math[display="block"]').count() >= 4);
      expect.ok(await page.locator('.teach-formulas mfrac').count() >= 3);
      expect.deepEqual(await currentFormula(page), []);
      await halfStep(page);
      expect.deepEqual(await currentFormula(page), ['E']);
      await expect.ok(await page.locator('.formula[data-phase="E"]').evaluate((e) => e.classList.contains('current')));
      await halfStep(page);
      expect.deepEqual(await currentFormula(page), ['M']);
      const caption = await page.locator('.formula[data-phase="M"] figcaption').innerText();
      expect.match(caption, /M-step/);
    },
  },
  {
    name: 'clicking a point shows its responsibilities and the numbers behind them; elsewhere adds a point',
    fn: async (t) => {
      const { page, shot, expect } = t;
      await ready(t);
      await page.evaluate(() => window.emviz.iterate());
      await page.evaluate(() => window.emviz.iterate());
      await halfStep(page); // an E-step: the colours are the responsibilities shown
      const before = await state(page);
      const index = 17;
      const at = await page.evaluate((i) => {
        const inst = window.emviz.instance;
        const p = inst.session.position_of(inst.canvas, { kind: 'point', index: i });
        const r = inst.canvas.getBoundingClientRect();
        return { x: r.left + p[0] * r.width / inst.canvas.width, y: r.top + p[1] * r.height / inst.canvas.height, row: inst.session.point(i, null).inspection };
      }, index);
      await page.mouse.click(at.x, at.y);
      const pop = page.getByRole('dialog', { name: /^Point \d+$/ });
      await pop.waitFor();
      const shownIndex = Number(await pop.getAttribute('data-index'));
      const ins = await page.evaluate((i) => window.emviz.instance.session.point(i, null).inspection, shownIndex);
      // The hit point is drawn where we clicked (another point may share the spot).
      const hit = await page.evaluate((i) => {
        const inst = window.emviz.instance;
        const p = inst.session.position_of(inst.canvas, { kind: 'point', index: i });
        const r = inst.canvas.getBoundingClientRect();
        return { x: r.left + p[0] * r.width / inst.canvas.width, y: r.top + p[1] * r.height / inst.canvas.height };
      }, shownIndex);
      expect.ok(Math.hypot(hit.x - at.x, hit.y - at.y) < 1, `point ${shownIndex} at ${JSON.stringify(hit)}, clicked ${JSON.stringify(at)}`);
      if (shownIndex === index) expect.deepEqual(ins, at.row);
      expect.match(await pop.innerText(), new RegExp(`${ins.names[0]} = `));
      const resp = (await pop.locator('td.resp').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value))));
      expect.equal(resp.length, before.k);
      expect.ok(Math.abs(resp.reduce((a, b) => a + b, 0) - 1) < 1e-12, `sum ${resp}`);
      ins.components.forEach((c, k) => {
        expect.equal(resp[k], c.responsibility);
        expect.equal(c.weight, before.weights[k]);
        expect.ok(Math.abs(c.weightedLogProb - (Math.log(c.weight) + c.logDensity)) < 1e-9, 'ln φN = ln φ + ln N');
        expect.ok(Math.abs(Math.exp(c.weightedLogProb - ins.logLikelihood) - c.responsibility) < 1e-9, 'q = φN / p');
        expect.ok(Math.abs(c.q - c.responsibility) < 1e-12, 'after an E-step the colour is the posterior');
      });
      expect.match(await pop.innerText(), /log pθ\(x\)/);
      expect.equal((await state(page)).n, before.n, 'no point added');
      await shot('teach-inspect');

      // Scrubbing back updates the numbers to that half-step.
      await page.getByLabel('History').fill('1');
      const back = await page.evaluate((i) => window.emviz.instance.session.point(i, null).inspection, shownIndex);
      const resp1 = await pop.locator('td.resp').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
      expect.deepEqual(resp1, back.components.map((c) => c.responsibility));
      await page.getByLabel('History').fill(String(before.historyLen - 1));

      await page.getByRole('button', { name: 'Close' }).click();
      expect.ok(await pop.isHidden());
      // A click far from every point adds a point, as before.
      const empty = await page.evaluate(() => {
        const inst = window.emviz.instance;
        const r = inst.canvas.getBoundingClientRect();
        const sx = inst.canvas.width / r.width;
        for (let fy = 0.08; fy < 0.5; fy += 0.04) {
          for (let fx = 0.1; fx < 0.5; fx += 0.04) {
            const x = r.width * fx, y = r.height * fy;
            if (inst.session.pick(inst.canvas, x * sx, y * sx, 'point') == null) return { x: r.left + x, y: r.top + y };
          }
        }
        return null;
      });
      expect.ok(empty, 'an empty spot');
      await page.mouse.click(empty.x, empty.y);
      expect.equal((await state(page)).n, before.n + 1);
      expect.ok(await pop.isHidden());
    },
  },
];

pageTests(import.meta, tests);
