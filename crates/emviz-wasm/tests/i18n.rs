//! Browser tests of the page's languages: `Session::set_language` words the core's errors in
//! Korean or Japanese (with the line and column of a bad paste) or English, and the chart still
//! draws with Korean and Japanese axis titles.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{ask, canvas, iterate, load_text, message, pixels, set_language};
use emviz_wasm::Session;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn errors_follow_the_language() {
    let mut s = Session::new();
    set_language(&mut s, "ko-KR");
    let e = load_text(&mut s, "a b\n1 2\n3 x\n").unwrap_err();
    assert_eq!(
        message(e),
        "3번째 줄, 2번째 열: \"x\"은(는) 숫자가 아닙니다"
    );
    let e = load_text(&mut s, "1 2\n").unwrap_err();
    assert!(message(e).contains("점 1개로는 성분 2개를"));
    set_language(&mut s, "ja-JP");
    let e = load_text(&mut s, "a b\n1 2\n3 x\n").unwrap_err();
    assert_eq!(message(e), "3行目、2列目: \"x\"は数値ではありません");
    let e = load_text(&mut s, "1 2\n").unwrap_err();
    assert!(message(e).contains("1個の点では2個の成分を"));
    set_language(&mut s, "en");
    let e = load_text(&mut s, "a b\n1 2\n3 x\n").unwrap_err();
    assert_eq!(message(e), "line 3, column 2: \"x\" is not a number");
}

#[wasm_bindgen_test]
fn the_chart_draws_in_korean_and_japanese() {
    for lang in ["ko", "ja"] {
        let mut s = Session::new();
        set_language(&mut s, lang);
        iterate(&mut s);
        let c = canvas(400, 200);
        let kind = ask(serde_json::json!({ "kind": "logLikelihood" }));
        s.render_chart(c.clone(), kind).unwrap();
        let data = pixels(&c);
        assert!(
            data.chunks_exact(4).any(|p| p[0] < 100),
            "something drawn in {lang}"
        );
    }
}
