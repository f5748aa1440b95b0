//! Helpers shared by the browser tests (`mod common;` in each test file that runs in the
//! browser): requests written as JavaScript writes them, the run's commands, reading fields of
//! the plain JS objects `Session` returns, and real canvases.
// Each test binary uses a subset of these.
#![allow(dead_code)]

use emviz_wasm::Session;
use js_sys::Reflect;
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A request as the page's JavaScript writes it (`json!({"kind": "step"})`), as the declared type.
pub fn ask<T: Tsify>(request: serde_json::Value) -> Ts<T> {
    let value = request
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("a JS value");
    Ts::new_unchecked(value)
}

/// An answer as the page gets it.
pub fn js<T: Tsify>(answer: Ts<T>) -> JsValue {
    answer.into()
}

/// Runs a command (`"step"`, `"iterate"`, `"toEnd"`, `"reset"`, …): the report, or null.
pub fn run(s: &mut Session, kind: &str) -> Result<JsValue, JsError> {
    let report = s.run(ask(serde_json::json!({ "kind": kind })))?;
    Ok(report.map_or(JsValue::NULL, js))
}

/// One half-step's report (null once the run is over).
pub fn step(s: &mut Session) -> JsValue {
    run(s, "step").expect("a half-step")
}

/// One iteration's report.
pub fn iterate(s: &mut Session) -> JsValue {
    run(s, "iterate").expect("an iteration")
}

/// Loads pasted text.
pub fn load_text(s: &mut Session, text: &str) -> Result<JsValue, JsError> {
    s.load(ask(serde_json::json!({ "kind": "text", "text": text })))
        .map(js)
}

/// Loads a preset with a seed; returns the data's text.
pub fn load_preset(s: &mut Session, id: &str, seed: f64) -> Result<String, JsError> {
    let loaded = s.load(ask(
        serde_json::json!({ "kind": "preset", "id": id, "seed": seed }),
    ))?;
    Ok(get(&js(loaded), "text")
        .as_string()
        .expect("the preset's text"))
}

/// Sets the language of messages.
pub fn set_language(s: &mut Session, lang: &str) {
    s.set_view(ask(serde_json::json!({ "lang": lang })))
        .expect("a language");
}

/// The snapshot.
pub fn state(s: &Session) -> JsValue {
    js(s.state().expect("a state"))
}

/// Parts of the chapter's numbers (`json!({"elbo": true})`).
pub fn chapter(s: &mut Session, ask_for: serde_json::Value) -> Result<JsValue, JsError> {
    s.chapter(ask(ask_for)).map(js)
}

/// Property `key` of a JS object (panics if reading it throws).
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("property")
}

/// Property `key` of a JS object, which must be a number.
pub fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// Property `key` of a JS object, deserialised.
pub fn field<T: serde::de::DeserializeOwned>(v: &JsValue, key: &str) -> T {
    serde_wasm_bindgen::from_value(get(v, key))
        .unwrap_or_else(|e| panic!("{key} does not deserialise: {e}"))
}

/// The `message` of an error a `Session` method returned.
pub fn message(e: JsError) -> String {
    get(&JsValue::from(e), "message")
        .as_string()
        .expect("an error message")
}

/// A new `w × h` canvas attached to the document's body.
pub fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Every pixel of a canvas, RGBA.
pub fn pixels(c: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data()
        .0
}
