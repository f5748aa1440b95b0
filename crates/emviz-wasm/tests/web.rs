//! Browser tests of the wasm crate (wasm-bindgen-test in headless Chromium): the Session handle
//! as the page uses it, drawing into real canvases.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    ask, canvas, get, iterate, js, load_preset, load_text, message, num, pixels, run, state, step,
};
use emviz_wasm::Session;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn default_session_is_the_books_start_and_converges_to_the_books_answer() {
    let mut s = Session::new();
    let first = state(&s);
    assert_eq!(num(&first, "k"), 2.0);
    assert_eq!(num(&first, "n"), 272.0);
    assert_eq!(get(&first, "phase").as_string().unwrap(), "start");
    run(&mut s, "toEnd").unwrap();
    let state = state(&s);
    assert_eq!(get(&state, "converged").as_bool(), Some(true));
    let weights: Vec<f64> = serde_wasm_bindgen::from_value(get(&state, "weights")).unwrap();
    assert!((weights[0] - 0.356).abs() < 1e-3, "{weights:?}");
    let means: Vec<Vec<f64>> = serde_wasm_bindgen::from_value(get(&state, "means")).unwrap();
    assert!((means[1][1] - 79.97).abs() < 0.01, "{means:?}");
}

#[wasm_bindgen_test]
fn half_steps_report_kl_zero_after_e_and_positive_after_m() {
    let mut s = Session::new();
    let e = step(&mut s);
    assert_eq!(get(&e, "half").as_string().unwrap(), "E");
    assert_eq!(num(&e, "kl"), 0.0);
    let m = step(&mut s);
    assert_eq!(get(&m, "half").as_string().unwrap(), "M");
    assert!(num(&m, "kl") > 0.0);
    assert!(num(&m, "elbo") > num(&e, "elbo"));
}

#[wasm_bindgen_test]
fn a_bad_paste_is_an_error_with_line_and_column_and_changes_nothing() {
    let mut s = Session::new();
    iterate(&mut s);
    let before = js_sys::JSON::stringify(&state(&s)).unwrap();
    let err = load_text(&mut s, "a,b\n1,2\n3,oops\n").expect_err("an error");
    let msg = message(err);
    assert!(
        msg.contains("line 3") && msg.contains("column 2") && msg.contains("oops"),
        "{msg}"
    );
    let after = js_sys::JSON::stringify(&state(&s)).unwrap();
    assert_eq!(before, after);
}

#[wasm_bindgen_test]
fn render_paints_points_in_blended_colours() {
    let mut s = Session::new();
    let c = canvas(640, 480);
    s.render(&c, 1.0, false).unwrap();
    // Before the first E-step points are neutral grey; only the blue ellipse is blue.
    let blue = |p: &[u8]| {
        p.chunks_exact(4)
            .filter(|px| px[2] > 150 && px[0] < 60)
            .count()
    };
    let before = blue(&pixels(&c));
    step(&mut s); // E-step: colours appear
    s.render(&c, 1.0, false).unwrap();
    let after = blue(&pixels(&c));
    assert!(
        after > before + 500,
        "blue points after the E-step: {before} → {after}"
    );
}

#[wasm_bindgen_test]
fn one_d_data_draws_the_histogram_view_and_chart() {
    let mut s = Session::new();
    load_preset(&mut s, "one-d", 3.0).unwrap();
    run(&mut s, "toEnd").unwrap();
    let c = canvas(500, 300);
    s.render(&c, 1.0, false).unwrap();
    let px = pixels(&c);
    assert!(px.chunks_exact(4).any(|p| p[0] != 255 || p[1] != 255));
    let chart = canvas(400, 200);
    let chart_kind = ask(serde_json::json!({ "kind": "logLikelihood" }));
    s.render_chart(chart.clone(), chart_kind).unwrap();
    assert!(pixels(&chart).chunks_exact(4).any(|p| p[0] < 100));
}

#[wasm_bindgen_test]
fn settings_are_read_from_the_form_and_checked_and_seeds_are_random_integers() {
    let mut s = Session::new();
    let form = |k: &str, seed: &str| {
        ask(serde_json::json!({
            "k": k, "covarianceType": "full", "init": "kmeans++", "seed": seed,
            "tol": "0.0001", "maxIter": "100", "regCovar": "1e-6",
        }))
    };
    assert!(s.apply_settings(form("12", "0")).is_err());
    let e = s.apply_settings(form("3", "-1")).unwrap_err();
    assert!(message(e).starts_with("Seed: \"-1\" must be a whole number"));
    s.apply_settings(form("3", "7")).unwrap();
    assert_eq!(num(&state(&s), "k"), 3.0);
    // The core's largest seed, 2⁵³, is taken and crosses back as a number, as do the rules.
    let largest = emviz_core::rules::SEED_MAX;
    s.apply_settings(form("3", &largest.to_string())).unwrap();
    assert_eq!(num(&state(&s), "seed"), largest as f64);
    assert!(s
        .apply_settings(form("3", &(2 * largest).to_string()))
        .is_err());
    let rules = js(Session::rules().expect("the rules cross"));
    assert_eq!(num(&get(&rules, "seed"), "max"), largest as f64);
    s.apply_settings(form("3", "7")).unwrap();
    let fresh = s.load(ask(
        serde_json::json!({ "kind": "preset", "id": "blobs", "seed": null }),
    ));
    let seed = num(&state(&s), "seed");
    assert!(fresh.is_ok() && seed >= 0.0 && seed.fract() == 0.0);
    assert!(load_preset(&mut s, "nope", 1.0).is_err());
    assert!(load_preset(&mut s, "blobs", -1.0).is_err());
    let e = s
        .run(ask(serde_json::json!({ "kind": "jump" })))
        .unwrap_err();
    assert!(message(e).starts_with("invalid value: it could not pass"));
}

/// 400 000 points as text: four clusters along a line, deterministic.
fn many_points(n: usize) -> String {
    let mut s = 7u64;
    let mut text = String::with_capacity(n * 12);
    for i in 0..n {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (s >> 11) as f64 / (1u64 << 53) as f64;
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let v = (s >> 11) as f64 / (1u64 << 53) as f64;
        let c = (i % 4) as f64;
        text.push_str(&format!("{:.3} {:.3}\n", c * 3.0 + u, c + v));
    }
    text
}

#[wasm_bindgen_test]
fn a_large_run_is_taken_and_drawn_in_frame_sized_slices_with_the_same_result() {
    let text = many_points(400_000);
    let mut sliced = Session::new();
    load_text(&mut sliced, &text).unwrap();
    let mut whole = Session::new();
    load_text(&mut whole, &text).unwrap();
    let (a, b) = (canvas(320, 240), canvas(320, 240));
    sliced.render(&a, 1.0, false).unwrap();
    // An E-step is immediate; the M-step on 400 000 points takes several 1 ms calls.
    for half in ["E", "M"] {
        let mut calls = 0;
        let report = loop {
            calls += 1;
            let r = js(sliced.step_within(1.0).unwrap());
            if !get(&r, "pending").is_truthy() {
                break get(&r, "report");
            }
        };
        assert_eq!(get(&report, "half").as_string().unwrap(), half);
        if half == "M" {
            assert!(calls > 1, "the M-step took {calls} call(s)");
        }
        let expected = step(&mut whole);
        assert_eq!(
            num(&report, "log_likelihood"),
            num(&expected, "log_likelihood")
        );
        assert_eq!(num(&report, "elbo"), num(&expected, "elbo"));
    }
    // After the E-step the recolouring of 400 000 points takes more than one frame; the
    // finished picture equals a complete render.
    let mut frames = 1;
    while !sliced.render(&a, 1.0, true).unwrap() {
        frames += 1;
    }
    assert!(frames > 1, "recoloured in {frames} frame(s)");
    whole.render(&b, 1.0, false).unwrap();
    assert_eq!(pixels(&a), pixels(&b));
}
