// Finds the wasm bindings. On the main page Trunk's loader starts them (window.wasmBindings, then
// the TrunkApplicationStarted event); anywhere else — a blog page importing emviz as a module —
// this imports wasm-bindgen's glue that sits next to js/ and initialises it once. A browser that
// cannot run emviz at all — no WebAssembly (turned off, as Safari's Lockdown Mode does), or none
// with SIMD — gets an Unsupported error that says so.

import { t } from './i18n.js';
import './strings.js';

let loading;

// The smallest module using a SIMD instruction (i8x16.splat): emviz's wasm is built with SIMD128.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** This browser cannot run emviz; the message says why, in the page's language. */
export class Unsupported extends Error {}

const trunkLoads = () => document.querySelector('link[rel="modulepreload"][href$="emviz-wasm.js"]') !== null;

/**
 * The wasm bindings: `Session`, `GifWriter`, `ShardPass` and the module's exports.
 * @returns {Promise<typeof import('emviz-wasm')>}
 */
export function wasmBindings() {
  if (typeof WebAssembly !== 'object') return Promise.reject(new Unsupported(t('page.noWasm')));
  if (!WebAssembly.validate(SIMD_PROBE)) return Promise.reject(new Unsupported(t('page.noSimd')));
  if (window.wasmBindings) return Promise.resolve(window.wasmBindings);
  if (!loading) {
    loading = trunkLoads()
      ? new Promise((resolve) => addEventListener('TrunkApplicationStarted', () => resolve(window.wasmBindings), { once: true }))
      : (async () => {
        const base = new URL('../', import.meta.url);
        const glue = await import(new URL('emviz-wasm.js', base).href);
        await glue.default({ module_or_path: new URL('emviz-wasm_bg.wasm', base) });
        return glue;
      })();
  }
  return loading;
}
