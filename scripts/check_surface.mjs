#!/usr/bin/env node
// The JavaScript surface of the wasm module, as wasm-bindgen declares it (the .d.ts it writes from
// the Rust source; scripts/check-types.sh makes it): fails when `Session` has more than
// MAX_SESSION methods, or when a method of an exported class is never called from the page's
// JavaScript (www/js). A method counts as called when `.name(` (or `new Class(` for a
// constructor) appears in www/js; a name shared with another object's method may pass unseen, so
// names are kept distinct.
//
//   node scripts/check_surface.mjs target/emviz-types/emviz_wasm.d.ts
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_SESSION = 40;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dts = readFileSync(process.argv[2] ?? path.join(ROOT, 'target/emviz-types/emviz_wasm.d.ts'), 'utf8');

/** Every exported class and its JS-facing methods (wasm-bindgen's own `free` and dispose left out). */
export function classes(text) {
  const out = new Map();
  for (const m of text.matchAll(/^export class (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const methods = [...m[2].matchAll(/^ {4}(?:static )?(\w+)\(/gm)].map((x) => x[1]).filter((n) => n !== 'free');
    out.set(m[1], methods);
  }
  return out;
}

const js = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(dir, e.name);
  return e.isDirectory() ? js(p) : e.name.endsWith('.js') ? [readFileSync(p, 'utf8')] : [];
});
const source = js(path.join(ROOT, 'www/js')).join('\n');
const called = (cls, name) => (name === 'constructor'
  ? new RegExp(`new (?:\\w+\\.)?${cls}\\(`).test(source)
  : new RegExp(`\\.${name}\\(`).test(source));

const problems = [];
const found = classes(dts);
if (!found.has('Session')) problems.push('no Session class in the declarations');
for (const [cls, methods] of found) {
  if (cls === 'Session' && methods.length > MAX_SESSION) {
    problems.push(`Session has ${methods.length} JS-facing methods; at most ${MAX_SESSION}`);
  }
  for (const name of methods) if (!called(cls, name)) problems.push(`${cls}.${name} is never called from www/js`);
}
for (const [cls, methods] of found) console.log(`${cls}: ${methods.length} methods (${methods.join(', ')})`);
if (problems.length) {
  for (const p of problems) console.error(`surface: ${p}`);
  process.exit(1);
}
console.log('surface: every method is called from www/js');
