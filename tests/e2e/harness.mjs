// What tests/e2e (Chromium, ./browser.mjs) and tests/engines (Firefox ESR and WebKit,
// ../engines/engines.mjs) share on top of node:test: a test file's list of tests, their names,
// their timeouts and how a failure is reported.
//
// A test file exports its tests as a list and hands it to its runner on its last line:
//
//   export const tests = [{ name: 'page loads', timeout: 90_000, fn: async (t) => { ... } }, ...];
//   pageTests(import.meta, tests);
//
// The runner registers each as a node:test test named "<file>: <name>" (the engines put
// "<engine>: " first), so `--test-name-pattern` picks tests by that name. Only the file node
// started registers its tests: another file importing it (chapter_inventory.test.mjs reads every
// file's `covers`) just reads the list.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A test's own timeout when it names none. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** node:test's own timeout for a test is the test's plus this: time for the runner to start the
 *  browser before it and to close the page after it (the runner times the test itself). */
export const SETUP_MS = 120_000;

/** A name as a file name: 'smoke: page loads' → 'smoke-page-loads'. */
export const safeName = (name) => name.replace(/\.png$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'shot';

export const indent = (text, prefix = '    ') => String(text).split('\n').map((l) => prefix + l).join('\n');

/** `promise`, or a rejection after `ms` milliseconds. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether the file `meta` (its import.meta) is the one node started (not one imported by it). */
export const startedFile = (meta) => Boolean(process.argv[1]) && path.resolve(process.argv[1]) === fileURLToPath(meta.url);

/**
 * The tests of the file `meta` (its import.meta) to register, each with its full name
 * (`${file}: ${name}`) and timeout; [] when this file is not the one node started. A list that
 * is not one, or a malformed entry, becomes a test that fails saying so.
 */
export function fileTests(meta, tests) {
  const file = fileURLToPath(meta.url);
  if (!startedFile(meta)) return [];
  const base = path.basename(file).replace(/\.test\.mjs$/, '');
  const broken = (what) => ({ name: `${base}: (${what})`, timeout: DEFAULT_TIMEOUT_MS, fn: () => { throw new Error(`${path.basename(file)}: ${what}`); } });
  if (!Array.isArray(tests)) return [broken('its `tests` is not an array')];
  // (node --test counts a file that registers no test as one that passed.)
  if (!tests.length) return [broken('its `tests` is empty')];
  return tests.map((t) => (t && typeof t.fn === 'function' && typeof t.name === 'string'
    ? { ...t, name: `${base}: ${t.name}`, timeout: t.timeout ?? DEFAULT_TIMEOUT_MS }
    : broken(`malformed test ${String(t?.name)}`)));
}

/**
 * Throws the test's outcome, if it failed: its error, or the guards' findings (a test fails on
 * them even if its body passed), followed by the notes it logged and the page's log. The details
 * go into both the message and the stack, so that every node:test reporter shows them.
 */
export function throwOutcome({ error, violations = [], notes = [], log = [], logName = 'console log' }) {
  if (!error && !violations.length) return;
  const parts = [];
  if (error && violations.length) parts.push(`guard violations:\n${indent(violations.join('\n'))}`);
  if (notes.length) parts.push(`notes:\n${indent(notes.join('\n'))}`);
  parts.push(log.length ? `${logName}:\n${indent(log.join('\n'))}` : `${logName}: (empty)`);
  const details = `\n${indent(parts.join('\n'), '  ')}`;
  const err = error instanceof Error ? error
    : error ? new Error(String(error))
      : new Error(`the page broke the guards:\n${indent(violations.join('\n'))}`);
  try {
    // The details between the message and the first stack frame.
    const stack = String(err.stack ?? '');
    const at = stack.search(/\n\s+at /);
    err.stack = at < 0 ? stack + details : stack.slice(0, at) + details + stack.slice(at);
    err.message += details;
  } catch { /* a frozen error: reported as it is */ }
  throw err;
}
