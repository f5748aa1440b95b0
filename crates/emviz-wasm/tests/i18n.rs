//! Browser tests of the page's languages: `Session::set_language` words the core's errors in
//! Korean (with the line and column of a bad paste) or English, and the chart still draws with
//! Korean axis titles.
#![cfg(target_arch = "wasm32")]

use emviz_wasm::Session;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

fn message(e: JsError) -> String {
    let v = JsValue::from(e);
    Reflect::get(&v, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn errors_follow_the_language() {
    let mut s = Session::new();
    s.set_language("ko-KR");
    let e = s.load_text("a b\n1 2\n3 x\n").unwrap_err();
    assert_eq!(
        message(e),
        "3번째 줄, 2번째 열: \"x\"은(는) 숫자가 아닙니다"
    );
    let e = s.load_text("1 2\n").unwrap_err();
    assert!(message(e).contains("점 1개로는 성분 2개를"));
    s.set_language("en");
    let e = s.load_text("a b\n1 2\n3 x\n").unwrap_err();
    assert_eq!(message(e), "line 3, column 2: \"x\" is not a number");
}

#[wasm_bindgen_test]
fn the_chart_draws_in_korean() {
    let mut s = Session::new();
    s.set_language("ko");
    s.iterate().unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(400);
    c.set_height(200);
    s.render_chart(c.clone()).unwrap();
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, 400.0, 200.0).unwrap().data();
    assert!(data.chunks_exact(4).any(|p| p[0] < 100), "something drawn");
}
