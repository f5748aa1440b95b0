// Accessibility in the engine: axe-core (npm devDependency, node_modules/axe-core/axe.min.js,
// injected into the page) finds no WCAG 2.0/2.1 A or AA violation at the start and with the §5.4
// tab open (after a few half-steps, so that its panels hold numbers).
import { readFileSync } from 'node:fs';
import { ROOT } from '../e2e/helpers.mjs';
import { openReady } from './helpers.mjs';
import { engineTests } from './engines.mjs';

const AXE = readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations in the page, as short lines (rule, impact, nodes). */
async function violations(page) {
  const found = await page.evaluate(async (source, tags) => {
    if (typeof window.axe !== 'object') {
      const script = document.createElement('script');
      script.textContent = source;
      document.head.append(script);
    }
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 240)}`),
    }));
  }, AXE, TAGS);
  return found.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`);
}

export const tests = [
  {
    name: 'axe-core finds no WCAG 2.1 AA violation (start, §5.4 open)',
    timeout: 120_000,
    fn: async ({ page, baseUrl, expect, shot }) => {
      await openReady(page, baseUrl);
      let found = await violations(page);
      expect.deepEqual(found, [], `axe violations at the start:\n${found.join('\n')}`);
      await page.evaluate(async () => {
        for (let i = 0; i < 6; i++) await window.emviz.step();
        document.querySelector('[role="tab"][data-section="gmmEm"]').click();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200)));
      });
      found = await violations(page);
      expect.deepEqual(found, [], `axe violations with §5.4 open:\n${found.join('\n')}`);
      await shot('a11y-gmmEm');
    },
  },
];

engineTests(import.meta, tests);
