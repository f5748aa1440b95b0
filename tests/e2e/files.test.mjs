// Every test file of tests/e2e and tests/engines hands its tests to its runner on its last line
// (`pageTests(import.meta, tests)` or `engineTests(import.meta, tests)`, ./harness.mjs): node --test
// counts a file that registers no test as one that passed, so a file that forgot would pass unrun.
// (No browser: this reads the files.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './helpers.mjs';
import { startedFile } from './harness.mjs';

const RUNNERS = { 'tests/e2e': 'pageTests', 'tests/engines': 'engineTests' };

// (Only when node started this file: chapter_inventory.test.mjs imports every test file.)
if (startedFile(import.meta)) test('files: every test file hands its tests to its runner', async () => {
  const forgot = [];
  let files = 0;
  for (const [dir, runner] of Object.entries(RUNNERS)) {
    for (const name of (await readdir(path.join(ROOT, dir))).filter((f) => f.endsWith('.test.mjs') && f !== 'files.test.mjs')) {
      files++;
      const lines = (await readFile(path.join(ROOT, dir, name), 'utf8')).trim().split('\n');
      if (lines.at(-1) !== `${runner}(import.meta, tests);`) forgot.push(`${dir}/${name} (its last line: ${lines.at(-1)})`);
    }
  }
  assert.ok(files >= 20, `only ${files} test files found`);
  assert.deepEqual(forgot, [], `test files that do not end with their runner's call`);
});
