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

#[wasm_bindgen_test]
fn the_bindings_own_failures_are_typed_and_worded_in_each_language() {
    let mut s = Session::new();
    let samples = || ask(serde_json::json!({ "kind": "samples" }));
    let advance = || ask(serde_json::json!({ "kind": "advance" }));
    let form = || {
        ask(serde_json::json!({
            "k": "2", "covarianceType": "full", "init": "book", "seed": "0",
            "tol": "abc", "maxIter": "100", "regCovar": "0",
        }))
    };
    let cases = [
        (
            "en",
            "invalid samples: these points were not drawn by Generate",
            "invalid K selection: no K selection has been started",
            "Tolerance: \"abc\" is not a number",
        ),
        (
            "ko",
            "이 점들은 모델에서 생성한 샘플이 아닙니다",
            "K 정하기를 아직 시작하지 않았습니다",
            "허용 오차: \"abc\"은(는) 숫자가 아닙니다",
        ),
        (
            "ja",
            "これらの点はモデルから生成したサンプルではありません",
            "Kの選択はまだ始まっていません",
            "許容誤差：「abc」は数値ではありません",
        ),
    ];
    for (lang, not_drawn, no_job, not_number) in cases {
        set_language(&mut s, lang);
        assert!(
            message(s.load(samples()).unwrap_err()).starts_with(not_drawn),
            "{lang}"
        );
        assert!(
            message(s.select(advance()).unwrap_err()).contains(no_job),
            "{lang}"
        );
        assert_eq!(
            message(s.apply_settings(form()).unwrap_err()),
            not_number,
            "{lang}"
        );
    }
}
