//! Browser tests of the "teach the chapter" Session methods: the ELBO bar and chart (KL = 0 after an
//! E-step, a gap after an M-step), and clicking a point (its responsibilities equal the core's
//! `predict_proba` for a mixture rebuilt from `state()`, independently of the inspect code).
#![cfg(target_arch = "wasm32")]

use emviz_core::{CovarianceType, Dataset, Mixture};
use emviz_wasm::Session;
use wasm_bindgen_test::*;

mod common;

use common::{ask, canvas, chapter, field, get, iterate, js, num, pixels, run, state, step};
use serde_json::json;

wasm_bindgen_test_configure!(run_in_browser);

/// The current parameters, rebuilt as a core `Mixture` from `state()`.
fn model_of(s: &Session) -> Mixture {
    let state = state(s);
    let weights: Vec<f64> = field(&state, "weights");
    let means: Vec<Vec<f64>> = field(&state, "means");
    let covs: Vec<Vec<Vec<f64>>> = field(&state, "covariances");
    Mixture::new(
        CovarianceType::Full,
        weights,
        means.concat(),
        covs.into_iter().flatten().flatten().collect(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn the_bar_shows_kl_zero_after_e_and_a_gap_after_m() {
    let mut s = Session::new();
    let bar = |s: &mut Session| get(&chapter(s, json!({ "elbo": true })).unwrap(), "elbo");
    let start = bar(&mut s);
    assert!(get(&start, "elbo").is_null() && get(&start, "kl").is_null());
    let chart = json!({ "kind": "elbo", "x": "half-step", "y": "sum" });
    let nothing_yet = s.render_chart(canvas(400, 200), ask(chart)).unwrap();
    assert!(nothing_yet.is_none(), "no chart before the first E-step");
    iterate(&mut s);
    step(&mut s);
    let e = bar(&mut s);
    let state = state(&s);
    assert_eq!(get(&e, "phase").as_string().unwrap(), "E");
    assert_eq!(num(&e, "kl"), 0.0);
    assert_eq!(num(&e, "elbo"), num(&state, "elbo"));
    assert!((num(&e, "elbo") - num(&e, "logP")).abs() < 1e-9 * num(&e, "logP").abs());
    step(&mut s);
    let m = bar(&mut s);
    let state = common::state(&s);
    assert_eq!(num(&m, "kl"), num(&state, "kl"));
    assert!(num(&m, "kl") > 0.0);
    assert!(num(&m, "elbo") > num(&e, "elbo"));
    assert!(
        (num(&state, "logLikelihood") * num(&state, "n") - num(&m, "logP")).abs()
            < 1e-9 * num(&m, "logP").abs()
    );
    assert!(num(&m, "elboFrac") < num(&m, "logPFrac"));
    // Scrubbed back to the E-step, the bar shows that half-step.
    s.run(ask(json!({ "kind": "seek", "index": 3 }))).unwrap();
    assert_eq!(num(&bar(&mut s), "kl"), 0.0);
}

#[wasm_bindgen_test]
fn the_chart_draws_the_lines_and_the_shaded_gap() {
    let mut s = Session::new();
    for _ in 0..12 {
        step(&mut s);
    }
    let c = canvas(400, 200);
    let chart = json!({ "kind": "elbo", "x": "half-step", "y": "sum" });
    s.render_chart(c.clone(), ask(chart)).unwrap();
    let px = pixels(&c);
    let blue = px
        .chunks_exact(4)
        .filter(|p| p[0] < 40 && (0x60..0x80).contains(&p[1]) && p[2] > 0xA0)
        .count();
    // The gap: orange at 35 % over white.
    let gap = px
        .chunks_exact(4)
        .filter(|p| p[0] > 0xF0 && (0xD0..0xEA).contains(&p[1]) && (0x9A..0xB8).contains(&p[2]))
        .count();
    assert!(blue > 50, "ELBO line: {blue} blue pixels");
    assert!(gap > 50, "KL gap: {gap} shaded pixels");
}

#[wasm_bindgen_test]
fn clicking_a_point_gives_the_cores_responsibilities() {
    let mut s = Session::new();
    iterate(&mut s);
    iterate(&mut s);
    let c = canvas(800, 600);
    let model = model_of(&s);
    let position = |s: &Session, index: usize| {
        (s.position_of(&c, ask(json!({ "kind": "point", "index": index })))).unwrap()
    };
    let inspect =
        |s: &Session, index: usize| s.point(index, None).map(|p| get(&js(p), "inspection"));
    for index in [0usize, 17, 100, 271] {
        let pos = position(&s, index).expect("drawn");
        let picked = s
            .pick(&c, pos[0] + 1.0, pos[1], ask(json!("point")))
            .unwrap();
        let hit = picked.expect("a point near it") as usize;
        let ins = inspect(&s, hit).unwrap();
        let point: Vec<f64> = serde_wasm_bindgen::from_value(get(&ins, "point")).unwrap();
        let one = Dataset::from_rows(&[point.as_slice()]).unwrap();
        let proba = model.predict_proba(&one).unwrap();
        let ln_p = model.score_samples(&one).unwrap()[0];
        let comps: Vec<serde_json_like::Part> =
            serde_wasm_bindgen::from_value(get(&ins, "components")).unwrap();
        let total: f64 = comps.iter().map(|c| c.responsibility).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        for (k, part) in comps.iter().enumerate() {
            assert!(
                (part.responsibility - proba[k]).abs() < 1e-12,
                "point {hit} k {k}"
            );
            assert_eq!(part.weight, model.weights()[k]);
        }
        assert!((num(&ins, "logLikelihood") - ln_p).abs() < 1e-12);
        assert_eq!(num(&ins, "index") as usize, hit);
    }
    // Far from every point: nothing; a bad index: an error, not a panic.
    assert_eq!(s.pick(&c, 2.0, 2.0, ask(json!("point"))).unwrap(), None);
    assert!(inspect(&s, 10_000).is_err());
    assert!(position(&s, 10_000).is_none());
    run(&mut s, "reset").unwrap();
}

mod serde_json_like {
    //! The fields of a component part the tests read.
    #[derive(serde::Deserialize)]
    pub struct Part {
        pub weight: f64,
        pub responsibility: f64,
    }
}
