//! Helpers shared by the browser tests (`mod common;` in each test file that runs in the
//! browser): reading fields of the plain JS objects `Session` returns, and real canvases.
// Each test binary uses a subset of these.
#![allow(dead_code)]

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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
