//! EM beside k-means, and starts set by hand. Natively: the app's lockstep k-means against the
//! core's `KMeans` driven by hand, and `App::set_start`. In the browser (wasm-bindgen-test): the
//! same through the `Session` methods the page calls (`chapter({kmeans})`, `render_kmeans`,
//! `pick`, `position_of`, `move_mean`, the state's start means).

use emviz_app::app::App;
use emviz_app::kmeans_view::{Lockstep, DISAGREE_SEED};
use emviz_core::{KMeans, Mixture};

/// The start with component `k`'s mean moved to `mean`.
fn moved(start: &Mixture, k: usize, mean: &[f64]) -> Mixture {
    let d = start.d();
    let mut means = start.means().to_vec();
    means[k * d..(k + 1) * d].copy_from_slice(mean);
    Mixture::new(
        start.covariance_type(),
        start.weights().to_vec(),
        means,
        start.covariances().to_vec(),
    )
    .unwrap()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lockstep_k_means_is_the_cores_k_means_from_the_em_start() {
    let mut app = App::new();
    let mut core = KMeans::new(app.data(), app.start().means().to_vec()).unwrap();
    let mut slot = None;
    for _ in 0..3 {
        app.iterate().unwrap();
        core.assign(app.data()).unwrap();
        core.update(app.data()).unwrap();
        let l = Lockstep::sync(&mut slot, &app).unwrap();
        assert_eq!(l.kmeans().centers(), core.centers());
        assert_eq!(l.kmeans().labels(), core.labels());
        let s = l.state(&app);
        assert_eq!(s.inertia, core.inertia(app.data()));
    }
    let s = slot.as_ref().unwrap().state(&app);
    assert_eq!((s.assignments, s.updates), (3, 3));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_start_set_by_hand_restarts_the_run_and_reset_returns_to_it() {
    let mut app = App::new();
    app.iterate().unwrap();
    let start = moved(app.start(), 0, &[3.0, 60.0]);
    app.set_start(start.clone()).unwrap();
    let s = app.state();
    assert_eq!((s.iteration, s.phase, s.history_len), (0, None, 1));
    assert_eq!(s.means[0], vec![3.0, 60.0]);
    assert_eq!(
        s.means[1],
        vec![0.0, 100.0],
        "the other mean is the start's"
    );
    app.run_to_end().unwrap();
    app.reset();
    assert_eq!(app.start(), &start);
    assert_eq!(app.state().means[0], vec![3.0, 60.0]);
    // A start that does not fit the data changes nothing.
    let bad =
        Mixture::with_means(emviz_core::CovarianceType::Full, vec![1.0, 2.0, 3.0], 1).unwrap();
    assert!(app.set_start(bad).is_err());
    assert_eq!(app.start(), &start);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn two_starts_on_the_strips_end_in_different_optima() {
    let mut app = App::new();
    app.load_preset("elongated", DISAGREE_SEED).unwrap();
    app.run_to_end().unwrap();
    let strips = app.state().log_likelihood;
    // Both means on the middle line, one left and one right: EM settles on a left | right split.
    let start = moved(&moved(app.start(), 0, &[-3.5, 0.0]), 1, &[3.5, 0.0]);
    app.set_start(start).unwrap();
    app.run_to_end().unwrap();
    let split = app.state().log_likelihood;
    assert!(app.state().converged);
    assert!(strips - split > 0.1, "strips {strips}, split {split}");
}

#[cfg(target_arch = "wasm32")]
mod common;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::common::{ask, canvas, chapter, field, get, iterate, js, step};
    use super::*;
    use emviz_wasm::Session;
    use serde_json::json;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn session_k_means_matches_the_core_after_one_iteration() {
        let mut s = Session::new();
        let app = App::new();
        let mut core = KMeans::new(app.data(), app.start().means().to_vec()).unwrap();
        core.assign(app.data()).unwrap();
        core.update(app.data()).unwrap();
        step(&mut s);
        step(&mut s);
        let km = get(
            &chapter(&mut s, json!({ "kmeans": true })).unwrap(),
            "kmeans",
        );
        assert_eq!(field::<usize>(&km, "assignments"), 1);
        assert_eq!(field::<usize>(&km, "updates"), 1);
        let centers: Vec<Vec<f64>> = field(&km, "centers");
        assert_eq!(centers.concat(), core.centers());
        assert_eq!(field::<f64>(&km, "inertia"), core.inertia(app.data()));
        let sizes: Vec<usize> = field(&km, "sizes");
        let mut core_sizes = vec![0; 2];
        for &l in core.labels() {
            core_sizes[l] += 1;
        }
        assert_eq!(sizes, core_sizes);
        let c = canvas(640, 480);
        s.render_kmeans(&c).unwrap();
    }

    #[wasm_bindgen_test]
    fn dragging_a_mean_moves_the_start() {
        let mut s = Session::new();
        let c = canvas(640, 480);
        iterate(&mut s);
        let mean = |s: &Session, k: usize| {
            let at = s.position_of(&c, ask(json!({ "kind": "mean", "k": k })));
            at.unwrap().expect("drawn")
        };
        let near = |s: &Session, x: f64, y: f64| s.pick(&c, x, y, ask(json!("mean"))).unwrap();
        let at = mean(&s, 1);
        assert_eq!(near(&s, at[0] + 3.0, at[1] - 3.0), Some(1));
        assert_eq!(near(&s, at[0] + 60.0, at[1]), None);
        let to = |x: f64, y: f64| ask(json!({ "kind": "to", "x": x, "y": y }));
        s.move_mean(&c, 1, to(at[0] - 100.0, at[1] + 50.0)).unwrap();
        let state = js(s.state().unwrap());
        assert_eq!(field::<usize>(&state, "iteration"), 0);
        let means: Vec<Vec<f64>> = field(&state, "means");
        let start: Vec<Vec<f64>> = field(&state, "startMeans");
        assert_eq!(means, start);
        let now = mean(&s, 1);
        assert!((now[0] - (at[0] - 100.0)).abs() < 1e-6, "{now:?}");
        assert!(s.move_mean(&c, 5, to(0.0, 0.0)).is_err());
    }
}
