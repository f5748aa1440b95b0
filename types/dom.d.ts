// The page's JavaScript finds its elements by selector and data-ref (inputs, selects, canvases,
// buttons) and reads their DOM properties freely: the type check is about what crosses to and
// from Rust (the Session's declarations, generated from the Rust types), not about which kind of
// element a selector finds. So a selector's element is `any` here.
interface ParentNode {
  querySelector(selectors: string): any;
  querySelectorAll(selectors: string): NodeListOf<any>;
}
interface Document {
  getElementById(elementId: string): any;
}

// What the page puts on the window: wasm-bindgen's glue (started by Trunk's loader) and the
// main page's API (app.js).
interface Window {
  wasmBindings?: typeof import('emviz-wasm');
  emviz: any;
}
