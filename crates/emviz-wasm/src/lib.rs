//! # emviz-wasm
//!
//! The browser side of emviz. JavaScript owns the DOM, the events and the animation loop; this
//! crate owns the numbers and the heavy drawing.
//!
//! | module | what it holds |
//! |---|---|
//! | [`bindings`] | [`Session`], the one handle the page holds (wasm-bindgen) |
//! | [`app`] | [`app::App`]: data + step-wise EM run + settings, plain Rust, tested natively |
//! | [`settings`], [`presets`] | the controls' settings, checked; the built-in data sets |
//! | [`kmeans_view`] | k-means beside EM in lockstep from the same start |
//! | [`selection_job`] | choosing K (BIC / AIC for K = 1..K_max) in small pieces between frames |
//! | [`inspect`] | one clicked point: which it is, and the E-step's numbers for it |
//! | [`share`] | the run in a link (`#k=3&data=…`) and back |
//! | [`export`], [`gif`] | model JSON and responsibilities CSV out, a model JSON in; the animated GIF |
//! | [`error`] | the page's errors as typed facts (the core's, and its own checks: settings, links, …) |
//! | [`messages`] | errors and warnings worded in the page's language (English, Korean) |
//! | [`render`] | the 2-D scatter, the 1-D histogram, the log-likelihood chart |
//! | [`view`], [`palette`] | data ↔ pixel mapping and ticks; the colour-blind-safe palette |
//! | [`panic_hook`] | turns a panic that slipped through into a visible message |
//! | [`workers`] | large data: sharded passes, made by Web Workers ([`bindings::ShardPass`]) |
#![forbid(unsafe_code)]

pub mod app;
pub mod bindings;
pub mod bound;
pub mod error;
pub mod export;
pub mod gif;
pub mod inspect;
pub mod kmeans_view;
pub mod messages;
pub mod palette;
pub mod panic_hook;
pub mod presets;
pub mod render;
pub mod selection_job;
pub mod settings;
pub mod share;
pub mod truth;
pub mod view;
pub mod workers;

pub use bindings::Session;

use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    panic_hook::install();
}
