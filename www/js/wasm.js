// Finds the wasm bindings. On the main page Trunk's loader starts them (window.wasmBindings, then
// the TrunkApplicationStarted event); anywhere else — a blog page importing emviz as a module —
// this imports wasm-bindgen's glue that sits next to js/ and initialises it once.

let loading;

const trunkLoads = () => document.querySelector('link[rel="modulepreload"][href$="emviz-wasm.js"]') !== null;

export function wasmBindings() {
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
