//! The concentration panel's sweep on Old Faithful with K = 6 from the page's start (k-means++,
//! seed 0, reg_covar 1e-6: PRML Fig. 10.6's settings) against scikit-learn's
//! `BayesianGaussianMixture` from the same start, and the page's run at a value of the slider.
#![cfg(not(target_arch = "wasm32"))]

use emviz_app::app::App;
use emviz_app::concentration::{grid, Sweep};
use emviz_app::method::Method;
use emviz_app::settings::Settings;
use emviz_app::start::Start;
use emviz_core::WeightPrior;

/// Components in use (E[πₖ] > 0.01) after scikit-learn's fit from the same start at each value of
/// the grid (0.001, 0.00316, …, 1000), made by
/// `cargo run -q -p emviz-app --example concentration_start | .venv/bin/python scripts/concentration_reference.py`
/// (scikit-learn 1.7):
/// ```text
/// dirichlet_process 0.001:2 0.00316:2 0.01:2 0.0316:2 0.1:2 0.316:2 1:2 3.16:2 10:2 31.6:2 100:2 316:3 1000:3
/// dirichlet_distribution 0.001:3 0.00316:3 0.01:3 0.0316:3 0.1:3 0.316:3 1:3 3.16:6 10:6 31.6:6 100:6 316:6 1000:6
/// ```
const SKLEARN_DP: [usize; 13] = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3];
const SKLEARN_DIRICHLET: [usize; 13] = [3, 3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6];

fn prml(method: Method) -> App {
    let mut app = App::new();
    app.load_preset("old-faithful", 0).unwrap();
    app.apply_settings(Settings {
        k: 6,
        init: Start::KMeansPlusPlus,
        reg_covar: 1e-6,
        method,
        ..Settings::default()
    })
    .unwrap();
    app
}

#[test]
fn old_faithful_counts_match_scikit_learns_from_the_same_start() {
    let app = prml(Method::Em);
    let sweep = Sweep::new(app.data(), app.start(), app.settings()).unwrap();
    assert_eq!(sweep.values, grid());
    assert!(!sweep.is_subset());
    assert_eq!((sweep.rows, sweep.n), (272, 272));
    let counts = |prior| {
        let line = sweep.lines.iter().find(|l| l.prior == prior).unwrap();
        line.counts.iter().map(|c| c.unwrap()).collect::<Vec<_>>()
    };
    let dp = counts(WeightPrior::DirichletProcess);
    let dirichlet = counts(WeightPrior::DirichletDistribution);
    assert_eq!(dp, SKLEARN_DP);
    assert_eq!(dirichlet, SKLEARN_DIRICHLET);
    // The Dirichlet distribution's count never falls as its prior grows: a large one spreads
    // the weights over all K; the Dirichlet process keeps fewer at every value.
    assert!(dirichlet.windows(2).all(|w| w[1] >= w[0]), "{dirichlet:?}");
    assert_eq!(*dirichlet.last().unwrap(), 6);
    assert!(dp.iter().zip(&dirichlet).all(|(a, b)| a <= b));
}

#[test]
fn the_pages_run_at_a_value_of_the_grid_is_the_sweeps_fit() {
    for prior in WeightPrior::ALL {
        let mut app = prml(Method::Vb(prior));
        let sweep = Sweep::new(app.data(), app.start(), app.settings()).unwrap();
        let counts = &sweep
            .lines
            .iter()
            .find(|l| l.prior == prior)
            .unwrap()
            .counts;
        for (i, &c) in sweep.values.iter().enumerate().step_by(4) {
            app.set_concentration(Some(c)).unwrap();
            assert_eq!(app.state().iteration, 0, "from the same start again");
            app.run_to_end().unwrap();
            let s = app.state();
            assert_eq!(s.components_in_use, counts[i], "{prior:?} at {c}");
        }
        // The default (none set) is 1/K: the run the method alone gives.
        app.set_concentration(None).unwrap();
        app.run_to_end().unwrap();
        let mut plain = prml(Method::Vb(prior));
        plain.run_to_end().unwrap();
        assert_eq!(app.state(), plain.state());
    }
}

#[test]
fn large_data_is_swept_on_a_subset_and_the_panel_says_so() {
    let mut app = App::new();
    app.load_preset("old-faithful", 0).unwrap();
    let text: String = (0..12_000)
        .map(|i| format!("{} {}\n", (i % 97) as f64 * 0.1, (i % 89) as f64))
        .collect();
    app.load_text(&format!("a b\n{text}")).unwrap();
    let sweep = Sweep::new(app.data(), app.start(), app.settings()).unwrap();
    assert!(sweep.is_subset());
    assert_eq!(sweep.n, 12_000);
    assert!(sweep.rows < 12_000 && sweep.rows >= 200, "{}", sweep.rows);
}

#[test]
fn the_sweep_is_made_a_few_fits_at_a_time_and_kept_while_its_inputs_stay() {
    use emviz_app::concentration::Cache;
    let mut app = prml(Method::Vb(WeightPrior::DirichletProcess));
    let whole = Sweep::new(app.data(), app.start(), app.settings()).unwrap();
    let mut cache = Cache::default();
    let mut calls = 0;
    loop {
        let s = app.settings().clone();
        let sweep = cache
            .advance(app.data_version(), app.data(), app.start(), &s, 2)
            .unwrap();
        calls += 1;
        if sweep.finished() {
            assert_eq!(sweep, &whole);
            break;
        }
        // Value by value: both lines grow together, the rest not fitted yet.
        assert_eq!(sweep.fitted, 2 * calls);
        assert!(sweep
            .lines
            .iter()
            .all(|l| l.counts[calls - 1].is_some() && l.counts[calls].is_none()));
    }
    assert_eq!(calls, 13);
    // The concentration and the method leave the sweep as it is; another seed starts it again.
    app.set_concentration(Some(5.0)).unwrap();
    let s = app.settings().clone();
    assert!(cache
        .advance(app.data_version(), app.data(), app.start(), &s, 0)
        .unwrap()
        .finished());
    app.new_start(7).unwrap();
    let s = app.settings().clone();
    assert_eq!(
        cache
            .advance(app.data_version(), app.data(), app.start(), &s, 0)
            .unwrap()
            .fitted,
        0
    );
}
