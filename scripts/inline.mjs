#!/usr/bin/env node
// Turns the built page (dist/, from `trunk build --release`) into ONE self-contained HTML file that
// works when opened straight from disk (file://), where Chromium refuses module imports and fetch:
//
//   node scripts/inline.mjs [dist-dir] [out-file] [page] [entry]
//        (defaults: dist dist-single/emviz.html index.html js/app.js; the lecture is
//         `node scripts/inline.mjs dist dist-single/lecture.html lecture.html js/lecture.js`)
//
// * the stylesheet becomes a <style> element, images referenced by <img src> become data: URLs;
// * every ES module reachable from js/app.js, plus wasm-bindgen's glue (emviz-wasm.js), is stored as
//   text in a JSON <script> block, in dependency order, with each relative import specifier replaced
//   by a token; a small bootstrap module turns them into blob: URLs at run time (dependencies first,
//   substituting the tokens), so the modules keep their own scopes and ES semantics;
// * `import.meta.url` becomes the URL the module would have next to the file (blob: URLs cannot
//   resolve relative paths);
// * the wasm binary is stored as base64 and handed to wasm-bindgen's init as bytes, before the page's
//   modules load (js/wasm.js then finds window.wasmBindings).
// Trunk's own loader script and preload links are removed; links between the pages (index.html ↔
// lecture.html) point at their one-file editions. Prints the output size.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

const [distArg = 'dist', outArg = 'dist-single/emviz.html', PAGE = 'index.html', ENTRY = 'js/app.js'] = process.argv.slice(2);
const DIST = path.resolve(distArg);
const OUT = path.resolve(outArg);
/** The pages' one-file names: a link from one page to another goes to the other's edition. */
const EDITIONS = { './': 'emviz.html', 'index.html': 'emviz.html', 'lecture.html': 'lecture.html' };
const GLUE = 'emviz-wasm.js';
const WASM = 'emviz-wasm_bg.wasm';

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;
const MIME = { '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.gif': 'image/gif' };

/** `text` without its block comments and whole-line `//` comments: a JSDoc type such as
 *  `{import('../emviz.js').Instance}` names a module without importing it. */
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The modules reachable from `entries`, dependencies before dependants. */
async function collect(entries) {
  const order = [];
  const state = new Map(); // path -> 'visiting' | 'done'
  const sources = new Map();
  async function visit(file, from) {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') throw new Error(`import cycle through ${file} (from ${from}): cannot inline`);
    state.set(file, 'visiting');
    const text = await readFile(path.join(DIST, file), 'utf8').catch(() => {
      throw new Error(`${file} (imported by ${from}) is missing from ${DIST}`);
    });
    sources.set(file, text);
    for (const m of code(text).matchAll(SPECIFIER)) await visit(path.posix.join(path.posix.dirname(file), m[3]), file);
    state.set(file, 'done');
    order.push(file);
  }
  for (const e of entries) await visit(e, '(entry)');
  return order.map((file) => ({ path: file, source: sources.get(file) }));
}

/** Rewrites relative specifiers to __EMVIZ_MOD_<index>__ tokens and import.meta.url to a token. */
function tokenise(modules) {
  const index = new Map(modules.map((m, i) => [m.path, i]));
  return modules.map((m) => {
    const dir = path.posix.dirname(m.path);
    const source = m.source
      .replace(SPECIFIER, (_, head, q, spec) => `${head}${q}__EMVIZ_MOD_${index.get(path.posix.join(dir, spec))}__${q}`)
      .replace(/\bimport\.meta\.url\b/g, '__EMVIZ_META_URL__');
    return { path: m.path, source };
  });
}

/** JSON that is safe inside a <script> element. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

const BOOTSTRAP = (glue, app) => `
// emviz single-file loader: modules from blob: URLs, wasm from base64 (see scripts/inline.mjs).
const fatal = (err) => {
  const box = document.getElementById('fatal');
  if (box) { box.textContent = 'emviz could not start: ' + (err && err.message ? err.message : err); box.hidden = false; }
  throw err;
};
try {
  const modules = JSON.parse(document.getElementById('emviz-modules').textContent);
  const urls = [];
  for (const m of modules) {
    // document.baseURI, not location.href: inside an <iframe srcdoc> (the notebook widget) the
    // location is "about:srcdoc", while the base URL is the embedding document's.
    const meta = JSON.stringify(new URL(m.path, document.baseURI).href);
    const source = m.source.replace(/__EMVIZ_MOD_(\\d+)__/g, (_, i) => urls[Number(i)]).replace(/__EMVIZ_META_URL__/g, meta);
    urls.push(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    // Web Workers (www/js/workers.js) cannot import this page's blob: URLs from file://: they
    // make their own from the glue's text.
    if (urls.length - 1 === ${glue}) window.emvizGlueSource = source;
  }
  const wasmBytes = () => Uint8Array.from(atob(document.getElementById('emviz-wasm-base64').textContent.trim()), (c) => c.charCodeAt(0));
  // Web Workers that cannot be posted the compiled module (www/js/workers.js) compile the bytes.
  window.emvizWasmBytes = wasmBytes;
  // Without WebAssembly (turned off, as Safari's Lockdown Mode does) the page's modules say so.
  if (typeof WebAssembly === 'object') {
    const glue = await import(urls[${glue}]);
    const wasm = await glue.default({ module_or_path: wasmBytes() });
    window.wasmBindings = glue;
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
  }
  await import(urls[${app}]);
} catch (err) { fatal(err); }
`;

async function main() {
  let html = await readFile(path.join(DIST, PAGE), 'utf8');
  // Trunk's loader and preloads.
  html = html.replace(/<script type="module">(?:(?!<\/script>)[\s\S])*?TrunkApplicationStarted[\s\S]*?<\/script>/g, '');
  html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
  // Stylesheets.
  const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"[^>]*>/g)];
  for (const [tag, href] of sheets) {
    const css = await readFile(path.join(DIST, href), 'utf8');
    // data-emviz: the <em-gmm> module (js/element.js) then adds no stylesheet of its own.
    html = html.replace(tag, () => `<style data-emviz>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`);
  }
  // Images.
  for (const [attr, src] of [...html.matchAll(/<img\b[^>]*?\bsrc="(?!data:)([^"]+)"/g)].map((m) => [m[0], m[1]])) {
    const type = MIME[path.extname(src).toLowerCase()];
    if (!type) throw new Error(`cannot inline image ${src}`);
    const data = (await readFile(path.join(DIST, src))).toString('base64');
    html = html.replace(attr, () => attr.replace(`src="${src}"`, `src="data:${type};base64,${data}"`));
  }
  // Modules and wasm.
  const entryTag = new RegExp(`<script type="module" src="(?:\\./)?${ENTRY.replace(/[./]/g, '\\$&')}"></script>`);
  if (!entryTag.test(html)) throw new Error(`no <script type="module" src="${ENTRY}"> in ${DIST}/${PAGE}`);
  // Links to the other page (with a query such as ?lang=ko kept).
  html = html.replace(/\bhref="(\.\/|index\.html|lecture\.html)(?=[?#"])/g, (_, page) => `href="${EDITIONS[page]}`);
  const modules = tokenise(await collect([GLUE, ENTRY]));
  const wasm = (await readFile(path.join(DIST, WASM))).toString('base64');
  const glueIndex = modules.findIndex((m) => m.path === GLUE);
  const appIndex = modules.findIndex((m) => m.path === ENTRY);
  const payload = [
    `<script type="application/json" id="emviz-modules">${scriptJson(modules)}</script>`,
    `<script type="application/octet-stream" id="emviz-wasm-base64">${wasm}</script>`,
    `<script type="module">${BOOTSTRAP(glueIndex, appIndex)}</script>`,
  ].join('\n');
  html = html.replace(entryTag, () => payload);
  const pages = new Set(Object.values(EDITIONS));
  const leftovers = [...html.matchAll(/\b(?:src|href)="(?!data:|#|https?:)([^"]+)"/g)].map((m) => m[1])
    .filter((url) => !pages.has(url.split(/[?#]/)[0]));
  if (leftovers.length) console.warn(`inline.mjs: still referenced (not inlined): ${leftovers.join(', ')}`);
  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, html);
  const kb = (Buffer.byteLength(html) / 1024).toFixed(0);
  console.log(`inline.mjs: wrote ${path.relative(process.cwd(), OUT)} (${kb} KiB: ${modules.length} modules, wasm ${(wasm.length / 1024).toFixed(0)} KiB as base64)`);
}

main().catch((err) => {
  console.error(`inline.mjs: ${err.message}`);
  process.exit(1);
});
