//! Chapter 5's panels through the `Session` methods the page calls, in the browser
//! (wasm-bindgen-test): §5.1.3 `chapter({truth})` / its chart / generated points loaded as data,
//! §5.2.2 `point` / `chapter({dataBound})`, §5.2.1's contours (`render_overlay`), `render_pca`
//! for d > 2, the keyboard's `move_mean`, and the charts' y-axis layouts. The maths is tested
//! natively in emviz-app.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{ask, canvas, chapter, get, iterate, js, load_preset, load_text, step};
use emviz_wasm::Session;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn field<T: serde::de::DeserializeOwned>(v: &JsValue, key: &str) -> T {
    common::field(v, key)
}

fn truth(s: &mut Session) -> JsValue {
    get(&chapter(s, json!({ "truth": true })).unwrap(), "truth")
}

#[wasm_bindgen_test]
fn truth_is_known_for_the_known_mixture_and_generated_data_only() {
    let mut s = Session::new();
    assert!(!field::<bool>(&truth(&mut s), "known"));
    load_preset(&mut s, "known-mixture", 1.0).unwrap();
    for _ in 0..4 {
        iterate(&mut s);
    }
    let r = truth(&mut s);
    assert!(field::<bool>(&r, "known"));
    let h: f64 = field(&r, "meanLogPStar");
    let ll: f64 = field(&r, "meanLogLikelihood");
    let kl: f64 = field(&r, "klOnData");
    assert!((h - ll - kl).abs() < 1e-9);
    let chart = ask(json!({ "kind": "truth", "x": "iteration", "y": "nats" }));
    let layout = js(s
        .render_chart(canvas(640, 480), chart)
        .unwrap()
        .expect("a layout"));
    let labels: Vec<String> = field(&layout, "labels");
    assert!(labels.len() >= 3);
    // Generated points used as the data: p* is the model they came from.
    s.sample_points(300.0, Some(2.0)).unwrap();
    let samples = || ask(json!({ "kind": "samples" }));
    let loaded = js(s.load(samples()).unwrap());
    assert_eq!(field::<String>(&loaded, "text").lines().count(), 301);
    assert!(field::<bool>(&truth(&mut s), "known"));
    assert!(s.load(samples()).is_err(), "the points drawn were used up");
}

#[wasm_bindgen_test]
fn bounds_contours_pca_and_the_keyboard() {
    let mut s = Session::new();
    for _ in 0..6 {
        step(&mut s);
    }
    let b = get(&js(s.point(5, Some(vec![0.3, 0.7])).unwrap()), "bound");
    let (lp, e, k): (f64, f64, f64) = (field(&b, "logP"), field(&b, "elbo"), field(&b, "kl"));
    assert!((e + k - lp).abs() < 1e-9 && k > 0.0);
    let data_bound = |s: &mut Session, from: Option<usize>| {
        let ask_for = json!({ "dataBound": { "fromIteration": from } });
        get(&chapter(s, ask_for).unwrap(), "dataBound")
    };
    let d = data_bound(&mut s, Some(2));
    assert_eq!(field::<Vec<usize>>(&d, "iterations"), vec![1, 2, 3]);
    assert!(field::<f64>(&data_bound(&mut s, None), "kl") == 0.0);
    let c = canvas(640, 480);
    s.render(&c, 1.0, false).unwrap();
    let contours = |which: &str| ask(json!({ "kind": "contours", "which": which, "t": 1.0 }));
    assert!(s.render_overlay(&c, contours("both")).unwrap() > 100);
    assert_eq!(s.render_overlay(&c, contours("off")).unwrap(), 0);
    assert!(s.render_overlay(&c, contours("nope")).is_err());
    let before: Vec<Vec<f64>> = field(&js(s.state().unwrap()), "startMeans");
    let by = ask(json!({ "kind": "by", "dx": 20.0, "dy": 0.0 }));
    let after = s.move_mean(&c, 0, by).unwrap();
    assert!(
        after[0] > before[0][0] && (after[1] - before[0][1]).abs() < 1e-9,
        "{before:?} {after:?}"
    );
    load_text(&mut s, "a b c\n1 2 3\n2 3 1\n3 1 2\n4 4 4\n5 6 5\n6 5 7\n").unwrap();
    let info = js(s.render_pca(&c, "PC1", "PC2").unwrap());
    let explained: Vec<f64> = field(&info, "explained");
    assert!(explained[0] >= explained[1] && explained[0] + explained[1] <= 1.0 + 1e-12);
}
