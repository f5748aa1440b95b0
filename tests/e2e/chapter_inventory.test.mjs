// docs/CHAPTER.md is the inventory of everything the chapter's slides and the blog post teach:
// one row per item, with where the page shows it live and the end-to-end test that checks it.
// This test holds the two together: every row's id is covered (a test's `covers`) by tests in
// English, Korean and Japanese, every test the table names exists, and no test covers an id the
// table does not have.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { ROOT } from './helpers.mjs';
import { LANGS } from './chapter.mjs';
import { pageTests } from './browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The inventory's rows: [{id, test}] from the table lines "| `id` | … | test |". */
async function rows() {
  const text = await readFile(path.join(ROOT, 'docs', 'CHAPTER.md'), 'utf8');
  return text.split('\n').filter((l) => /^\| `[^`]+` \|/.test(l)).map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    return { id: cells[0].replace(/`/g, ''), test: cells[cells.length - 1] };
  });
}

/** Every test of every test file with its covers and languages. */
async function allTests() {
  const files = (await readdir(HERE)).filter((f) => f.endsWith('.test.mjs') && f !== path.basename(fileURLToPath(import.meta.url)));
  const out = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(HERE, f)).href);
    for (const t of mod.tests || mod.default || []) {
      const suffix = (t.name.match(/\((en|ko|ja)\)$/) || [])[1];
      out.push({ file: f.replace(/\.test\.mjs$/, ''), name: t.name, covers: t.covers || [], langs: t.langs || (suffix ? [suffix] : []) });
    }
  }
  return out;
}

export const tests = [
  {
    name: 'every row of docs/CHAPTER.md is covered in English, Korean and Japanese, and names a test that exists',
    fn: async ({ expect }) => {
      const inventory = await rows();
      expect.ok(inventory.length >= 80, `${inventory.length} rows`);
      const ids = new Set(inventory.map((r) => r.id));
      expect.equal(ids.size, inventory.length, 'each id once');
      const tests = await allTests();
      const gaps = [];
      for (const { id } of inventory) {
        for (const lang of LANGS) {
          if (!tests.some((t) => t.covers.includes(id) && t.langs.includes(lang))) gaps.push(`${id} has no test in ${lang}`);
        }
      }
      expect.deepEqual(gaps, []);
      const unknown = tests.flatMap((t) => t.covers.filter((c) => !ids.has(c)).map((c) => `${t.file}: ${t.name} covers ${c}, not in the table`));
      expect.deepEqual(unknown, []);
      // The table's last column names the test ("file: name", the language left out).
      const named = new Set(tests.map((t) => `${t.file}: ${t.name.replace(/ \((en|ko|ja)\)$/, '')}`));
      const missing = inventory.filter((r) => !named.has(r.test.replace(/\\\|/g, '|'))).map((r) => `${r.id}: "${r.test}"`);
      expect.deepEqual(missing, []);
    },
  },
];

pageTests(import.meta, tests);
