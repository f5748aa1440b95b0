//! # emviz-wasm
//!
//! The browser side of emviz. JavaScript owns the DOM, the events and the animation loop; this
//! crate binds the page to the application ([`emviz_app`]: the state, the run, links, messages —
//! web-free, tested natively) and does the heavy drawing.
//!
//! | module | what it holds |
//! |---|---|
//! | [`bindings`] | [`Session`], the one handle the page holds (wasm-bindgen), [`bindings::ShardPass`], a Web Worker's handle on its shards, and [`bindings::GifWriter`] |
//! | [`wire`] | every value that crosses to JavaScript, as a type with its TypeScript declaration (tsify) |
//! | [`render`] | one module per picture (the 2-D scatter, the 1-D histogram, the charts, the teaching panels), the point layer and picking |
//! | [`panic_hook`] | turns a panic that slipped through into a visible message |
#![forbid(unsafe_code)]

pub mod bindings;
pub mod panic_hook;
pub mod render;
pub mod wire;

pub use bindings::Session;

use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    panic_hook::install();
}
