//! A pasted column as the points' sample weights, natively: the page's run on integer weights
//! equals its run on the rows repeated (from the same start), a bad weight is refused with its
//! line and column and nothing changes, the choice survives a link, the export says the fit was
//! weighted, Choose K weighs its fits, a point by hand is refused; variational Bayes on weighted
//! data is the core's weighted VB and fits integer weights as the rows repeated.
#![cfg(not(target_arch = "wasm32"))]

use emviz_app::app::App;
use emviz_app::error::{Error, Problem};
use emviz_app::export::{model_json, model_json_text, responsibilities_csv};
use emviz_app::messages::{describe, Lang};
use emviz_app::method::Method;
use emviz_app::settings::Settings;
use emviz_app::share::{apply_link, link_of, parse_link, ViewFlags};
use emviz_app::start::Start;

/// 40 points in two groups, with integer weights 1–3 in the third column.
fn weighted_text() -> String {
    let mut text = String::from("x,y,w\n");
    for i in 0..40 {
        let c = if i % 2 == 0 { -2.0 } else { 2.5 };
        let u = (i as f64 * 12.9898).sin();
        let v = (i as f64 * 78.233).cos();
        text.push_str(&format!("{},{},{}\n", c + u, c / 2.0 - v, 1 + i % 3));
    }
    text
}

/// The same points, each row repeated as often as its weight says, without the weights.
fn repeated_text() -> String {
    let mut text = String::from("x,y\n");
    for line in weighted_text().lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        for _ in 0..f[2].parse::<usize>().unwrap() {
            text.push_str(&format!("{},{}\n", f[0], f[1]));
        }
    }
    text
}

fn settings() -> Settings {
    Settings {
        k: 2,
        init: Start::Random,
        seed: 3,
        ..Settings::default()
    }
}

/// The app on the weighted points and the app on the rows repeated, from the same start (a
/// start's seeds are points: both take the weighted run's start).
fn weighted_and_repeated() -> (App, App) {
    let mut weighted = App::new();
    weighted.apply_settings(settings()).unwrap();
    weighted
        .load_text_weighted(&weighted_text(), Some(2))
        .unwrap();
    let mut repeated = App::new();
    repeated.apply_settings(settings()).unwrap();
    repeated.load_text(&repeated_text()).unwrap();
    repeated.set_start(weighted.start().clone()).unwrap();
    (weighted, repeated)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn integer_weights_fit_as_the_repeated_rows() {
    let mut weighted = App::new();
    weighted.apply_settings(settings()).unwrap();
    let loaded = weighted
        .load_text_weighted(&weighted_text(), Some(2))
        .unwrap();
    assert_eq!((loaded.n, loaded.d), (40, 2));
    let mut repeated = App::new();
    repeated.apply_settings(settings()).unwrap();
    repeated.load_text(&repeated_text()).unwrap();
    // The same start (a start's seeds are points: give both the weighted run's start).
    repeated.set_start(weighted.start().clone()).unwrap();
    weighted.run_to_end().unwrap();
    repeated.run_to_end().unwrap();
    let (a, b) = (weighted.state(), repeated.state());
    assert_eq!((a.iteration, a.converged), (b.iteration, b.converged));
    assert!(close(a.log_likelihood, b.log_likelihood), "{a:?} {b:?}");
    for (x, y) in a.weights.iter().zip(&b.weights) {
        assert!(close(*x, *y));
    }
    for (x, y) in a.means.concat().iter().zip(&b.means.concat()) {
        assert!(close(*x, *y));
    }
    let shown = a.sample_weights.expect("weighted");
    assert_eq!((shown.column, shown.name.as_str()), (2, "w"));
    assert_eq!(shown.total, 79.0);
    assert_eq!(a.table_names, ["x", "y", "w"]);
    assert_eq!(a.names, ["x", "y"]);
    assert!(b.sample_weights.is_none());
    // Σ w ln p = ELBO + KL, the chart's total, over Σ w.
    let last = *weighted.half_steps().last().unwrap();
    assert!(close(last.total_log_likelihood, a.log_likelihood * 79.0));
}

#[test]
fn a_bad_weight_is_refused_with_its_line_and_column_and_nothing_changes() {
    let mut app = App::new();
    app.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    app.step().unwrap();
    let before = app.state();
    // Line 6 is the fifth point's (line 1 is the header).
    let bad = weighted_text()
        .replacen(",2\n", ",-2\n", 2)
        .replacen(",-2\n", ",2\n", 1);
    let e = app.load_text_weighted(&bad, Some(2)).unwrap_err();
    let Error::Invalid(Problem::WeightAt { line, column, .. }) = &e else {
        panic!("{e:?}");
    };
    assert_eq!((*line, *column), (6, 3));
    for lang in [Lang::En, Lang::Ko, Lang::Ja] {
        let m = describe(&e, lang);
        assert!(
            m.contains('6') && m.contains('3') && m.contains("-2"),
            "{m}"
        );
    }
    let nan = weighted_text().replacen(",2\n", ",NaN\n", 1);
    assert!(app.load_text_weighted(&nan, Some(2)).is_err());
    let zeros: String = "a b w\n1 2 0\n3 4 0\n5 6 0\n".into();
    assert!(app.load_text_weighted(&zeros, Some(2)).is_err());
    assert!(app.load_text_weighted(&weighted_text(), Some(3)).is_err());
    assert_eq!(app.state(), before, "nothing changed");
}

#[test]
fn the_weights_column_survives_a_link() {
    let mut app = App::new();
    app.apply_settings(settings()).unwrap();
    app.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    for _ in 0..5 {
        app.step().unwrap();
    }
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(params.contains("wcol=2"), "{params}");
    let link = parse_link(&params).unwrap().unwrap();
    let (opened, applied) = apply_link(&App::new(), &link).unwrap();
    assert_eq!(opened.state(), app.state());
    assert!(applied.data_text.unwrap().contains("\"w\""));
    // No `start=`: the weighted start is the settings' own.
    assert!(!params.contains("start="), "{params}");
    // Unweighted links stay as they were.
    let mut plain = App::new();
    plain.load_text(&repeated_text()).unwrap();
    assert!(!link_of(&plain, &ViewFlags::default())
        .unwrap()
        .contains("wcol"));
}

#[test]
fn the_export_says_the_fit_was_weighted() {
    let mut app = App::new();
    app.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    app.run_to_end().unwrap();
    let m = model_json(&app);
    assert!(model_json_text(&app)
        .unwrap()
        .contains("\"total_weight\": 79.0"));
    let p = app.em().model().n_parameters() as f64;
    let ll = app.em().log_likelihood();
    assert!(close(m.bic.unwrap(), -2.0 * ll * 79.0 + p * 79f64.ln()));
    let csv = responsibilities_csv(&app).unwrap();
    assert!(csv.starts_with("x,y,w,q1,q2\n"), "{csv}");
    let mut plain = App::new();
    plain.load_text(&repeated_text()).unwrap();
    assert!(!model_json_text(&plain).unwrap().contains("total_weight"));
}

#[test]
fn weighted_data_refuse_points_by_hand() {
    let mut app = App::new();
    app.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    assert!(matches!(
        app.add_point(0.0, 0.0),
        Err(Error::Invalid(Problem::WeightedAddPoint))
    ));
    assert_eq!(app.state().n, 40);
}

/// `settings()` under variational Bayes with the weight prior named `prior`.
fn vb_settings(prior: &str) -> Settings {
    Settings {
        method: Method::from_name(prior).unwrap(),
        k: 3,
        ..settings()
    }
}

/// The page's VB run on weighted data is the core's weighted VB from the page's start (the
/// priors from the weighted moments, every pass weighted) bit for bit: its expected mixture,
/// iterations, bound and log-likelihood.
#[test]
fn variational_bayes_on_weighted_data_is_the_cores_weighted_fit() {
    use emviz_core::vb_driver::{drive_vb, start_from_model};
    use emviz_core::vb_prior::VbPrior;
    use emviz_core::{InMemory, LoopParams, Source, WeightPrior};
    for (name, prior) in [
        ("dp", WeightPrior::DirichletProcess),
        ("dirichlet", WeightPrior::DirichletDistribution),
    ] {
        let mut app = App::new();
        app.apply_settings(vb_settings(name)).unwrap();
        app.load_text_weighted(&weighted_text(), Some(2)).unwrap();
        app.run_to_end().unwrap();
        let s = app.state();
        assert!(s.done && s.components_in_use.is_some(), "{name}");
        let data = app.data().clone();
        let w = app.sample_weights().unwrap().weights.clone();
        let set = app.settings();
        let lp = LoopParams::new(set.reg_covar, set.tol, set.max_iter).unwrap();
        let checked = VbPrior::new(prior)
            .check_weighted(&data, Some(&w), 3, app.start().covariance_type())
            .unwrap();
        let mut source = InMemory::new(&data, 1).weighted(&w).unwrap();
        let start = start_from_model(&mut source, app.start(), &checked, &lp).unwrap();
        let out = drive_vb(start, &checked, &lp, f64::NEG_INFINITY, |m, e| {
            source.pass(m, e)
        })
        .unwrap();
        let m = out.posterior.expected_mixture().unwrap();
        assert_eq!(s.iteration, out.n_iter, "{name}");
        assert_eq!(s.converged, out.converged, "{name}");
        assert_eq!(s.weights, m.weights(), "{name}");
        assert_eq!(s.means.concat(), m.means(), "{name}");
        let ll = m.mean_log_likelihood_weighted(&data, Some(&w)).unwrap();
        assert_eq!(s.log_likelihood, ll, "{name}");
        // The ELBO chart's total is the weighted one: Σ wₙ ln p(xₙ) = mean × Σ wₙ.
        let last = *app.half_steps().last().unwrap();
        assert!(close(last.total_log_likelihood, ll * 79.0));
    }
}

/// The page's VB run on integer weights equals its run on the rows repeated, from the same
/// start: the drawn mixture, the iterations, the bound panel's full bound, the log-likelihood.
#[test]
fn variational_bayes_on_integer_weights_fits_as_the_repeated_rows() {
    for name in ["dp", "dirichlet"] {
        let mut weighted = App::new();
        weighted.apply_settings(vb_settings(name)).unwrap();
        weighted
            .load_text_weighted(&weighted_text(), Some(2))
            .unwrap();
        let mut repeated = App::new();
        repeated.apply_settings(vb_settings(name)).unwrap();
        repeated.load_text(&repeated_text()).unwrap();
        repeated.set_start(weighted.start().clone()).unwrap();
        let mut halves = 0;
        while !weighted.state().done {
            weighted.step().unwrap();
            repeated.step().unwrap();
            halves += 1;
            let (a, b) = (weighted.state(), repeated.state());
            assert_eq!((a.iteration, a.phase), (b.iteration, b.phase), "{name}");
            assert!(
                close(a.log_likelihood, b.log_likelihood),
                "{name}: {a:?} {b:?}"
            );
            let (x, y) = (a.vb_bound.unwrap(), b.vb_bound.unwrap());
            assert!(close(x, y), "{name}: bound {x} vs {y}");
            for (x, y) in (a.weights.iter().chain(&a.means.concat()))
                .zip(b.weights.iter().chain(&b.means.concat()))
            {
                assert!(close(*x, *y), "{name}: {x} vs {y}");
            }
            let cov = |s: &emviz_app::app::State| s.covariances.concat().concat();
            for (x, y) in cov(&a).iter().zip(&cov(&b)) {
                assert!(close(*x, *y), "{name}: {x} vs {y}");
            }
        }
        assert!(repeated.state().done && halves > 6, "{name}: {halves}");
        // Drawn sizes stay the weighted data's: 40 points, their weights shown.
        let s = weighted.state();
        assert_eq!(s.n, 40);
        assert_eq!(s.sample_weights.map(|w| w.total), Some(79.0));
    }
}

/// The bound panel's sums over the data set (log p, ELBO, KL for the current q and for the
/// q of an earlier E-step) of integer weights equal those of the rows repeated.
#[test]
fn the_data_sets_bound_is_weighted_as_the_repeated_rows() {
    use emviz_app::bound::data_bound;
    let (mut weighted, mut repeated) = weighted_and_repeated();
    for app in [&mut weighted, &mut repeated] {
        for _ in 0..6 {
            app.step().unwrap();
        }
    }
    for from in [None, Some(1)] {
        let (a, b) = (
            data_bound(&weighted, from).unwrap(),
            data_bound(&repeated, from).unwrap(),
        );
        assert!(close(a.log_p, b.log_p), "{from:?}: {a:?} {b:?}");
        assert!(close(a.elbo, b.elbo), "{from:?}: {a:?} {b:?}");
        assert!(
            (a.kl - b.kl).abs() < 1e-9 * (1.0 + b.kl),
            "{from:?}: {a:?} {b:?}"
        );
        assert!(close(a.log_p, a.elbo + a.kl));
    }
    // An earlier q leaves a gap: KL > 0.
    assert!(data_bound(&weighted, Some(1)).unwrap().kl > 0.0);
}

/// Choose K on weighted data weighs every fit and criterion: over scikit-learn's types and over
/// mclust's models the page's job (a start per slice) gives exactly the core's weighted
/// selection, and its criteria are not those of the points without their weights.
#[test]
fn choose_k_on_weighted_data_is_the_cores_weighted_selection() {
    use emviz_app::page::Page;
    use emviz_app::selection_job::{template, Criterion};
    use emviz_core::{select_models, ModelName, ParseOptions};
    for which in ["all", "mclust"] {
        let mut page = Page::new();
        page.app_mut().apply_settings(settings()).unwrap();
        page.app_mut()
            .load_text_weighted(&weighted_text(), Some(2))
            .unwrap();
        page.select_start(which, 3, "2").unwrap();
        let job = page.selection().unwrap();
        assert_eq!(job.weights().map(|w| w.total()), Some(79.0));
        while page.selection_progress().is_some_and(|p| !p.finished) {
            page.select_advance().unwrap();
        }
        let data = page.app().data().clone();
        let weights = page.app().sample_weights().unwrap().weights.clone();
        let params = template(page.app().settings(), "2")
            .unwrap()
            .check(&data)
            .unwrap();
        let models: Vec<ModelName> = if which == "all" {
            emviz_core::CovarianceType::ALL
                .iter()
                .map(|&t| ModelName::of_covariance_type(t))
                .collect()
        } else {
            ModelName::ALL.to_vec()
        };
        let expected = select_models(&data, Some(&weights), &params, &models, 3).unwrap();
        let job = page.selection().unwrap();
        assert_eq!(job.cells(), expected.rows, "{which}");
        let result = page.selection_result().unwrap().unwrap();
        if which == "mclust" {
            let best = expected.best_bic;
            assert_eq!((result.best_model, result.best_k), (best.model, best.k));
        }
        assert_eq!(result.criterion, Criterion::Bic);
        // The points without their weights give other criteria (n = 40, not Σw = 79).
        let unweighted = select_models(&data, None, &params, &models, 3).unwrap();
        assert_ne!(unweighted.rows[0].row.bic, expected.rows[0].row.bic);
        // K = 1 needs no start: its row is the repeated rows' row (n = 79) to rounding.
        let repeated = emviz_core::parse_table(&repeated_text(), &ParseOptions::default()).unwrap();
        let on_repeated = select_models(&repeated, None, &params, &models, 1).unwrap();
        let ones = expected.rows.iter().filter(|r| r.row.k == 1);
        for (a, b) in ones.zip(&on_repeated.rows) {
            assert_eq!(a.model, b.model);
            for (x, y) in [
                (a.row.log_likelihood, b.row.log_likelihood),
                (a.row.bic, b.row.bic),
                (a.row.aic, b.row.aic),
                (a.row.icl, b.row.icl),
            ] {
                let (x, y) = (x.unwrap(), y.unwrap());
                assert!(
                    (x - y).abs() <= 1e-9 * (1.0 + y.abs()),
                    "{which} {}: {x} {y}",
                    a.model
                );
            }
        }
    }
}

/// Eq. 5.8's panel on weighted data is the weighted objective the weighted M-step maximises:
/// with integer weights every number — J and log p at θ_old and θ_new, Nₖ, the q-weighted means,
/// the derivatives — is the repeated rows' (from the same start), and the derivative vanishes at
/// the new θ.
#[test]
fn the_m_steps_objective_is_weighted_as_the_repeated_rows() {
    use emviz_app::objective::objective;
    let (mut weighted, mut repeated) = weighted_and_repeated();
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
    for half in 1..=6 {
        weighted.step().unwrap();
        repeated.step().unwrap();
        let (a, b) = (objective(&weighted).unwrap(), objective(&repeated).unwrap());
        assert!(a.available && b.available);
        assert!(
            near(a.at_old, b.at_old),
            "{half}: {} {}",
            a.at_old,
            b.at_old
        );
        assert!(near(a.log_p_old, b.log_p_old), "{half}");
        assert!(near(a.at_old, a.log_p_old), "{half}: J(θ_old) = Σ w log p");
        assert_eq!(a.at_new.is_some(), b.at_new.is_some());
        if let (Some(x), Some(y)) = (a.at_new, b.at_new) {
            assert!(near(x, y), "{half}: J(θ_new) {x} {y}");
        }
        for (c, e) in a.components.iter().zip(&b.components) {
            assert!(near(c.n_k, e.n_k), "{half}: Nₖ {} {}", c.n_k, e.n_k);
            for (x, y) in c.weighted_mean.iter().zip(&e.weighted_mean) {
                assert!(near(*x, *y), "{half}: mean");
            }
            for (x, y) in c.at_old.iter().zip(&e.at_old) {
                assert!(
                    (x - y).abs() <= 1e-8 * (1.0 + y.abs()),
                    "{half}: ∂J/∂μ {x} {y}"
                );
            }
            if let Some(g) = &c.at_new {
                assert!(
                    g.iter().all(|v| v.abs() < 1e-8),
                    "{half}: ∂J/∂μ at θ_new {g:?}"
                );
            }
        }
    }
}

/// k-means beside a weighted EM run is weighted too: with integer weights its centres and
/// objective are those beside the repeated rows' run (from the same start), step by step; the
/// same points without their weights give other centres.
#[test]
fn kmeans_beside_em_is_weighted_as_the_repeated_rows() {
    use emviz_app::kmeans_view::Lockstep;
    let (mut weighted, mut repeated) = weighted_and_repeated();
    let (mut a_slot, mut b_slot) = (None, None);
    for half in 1..=6 {
        weighted.step().unwrap();
        repeated.step().unwrap();
        let a = Lockstep::sync(&mut a_slot, &weighted)
            .unwrap()
            .state(&weighted);
        let b = Lockstep::sync(&mut b_slot, &repeated)
            .unwrap()
            .state(&repeated);
        for (x, y) in a.centers.concat().iter().zip(&b.centers.concat()) {
            assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{half}: {x} {y}");
        }
        assert!((a.inertia - b.inertia).abs() <= 1e-10 * b.inertia, "{half}");
    }
    // The same points without their weights: another k-means (centres of the plain means).
    let weighted_centres = Lockstep::sync(&mut a_slot, &weighted)
        .unwrap()
        .state(&weighted)
        .centers;
    let points: String = weighted_text()
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n")
        .collect();
    let mut plain = App::new();
    plain.apply_settings(settings()).unwrap();
    plain.load_text(&points).unwrap();
    plain.set_start(weighted.start().clone()).unwrap();
    for _ in 0..6 {
        plain.step().unwrap();
    }
    let mut slot = None;
    let plain = Lockstep::sync(&mut slot, &plain).unwrap().state(&plain);
    assert_ne!(plain.centers, weighted_centres);
}

/// The blog's 1-D sums on weighted data are the weighted M-step's: after an E-step its
/// μ = Σ wᵢbᵢxᵢ / Σ wᵢbᵢ, σ² and P(b) = Σ wᵢbᵢ / Σ wᵢ are the next M-step's parameters.
#[test]
fn the_blogs_sums_are_the_weighted_m_steps() {
    use emviz_app::blog::blog;
    let mut text = String::from("x,w\n");
    for i in 0..30 {
        let c = if i % 3 == 0 { -2.0 } else { 1.5 };
        text.push_str(&format!("{},{}\n", c + (i as f64 * 4.1).sin(), 1 + i % 4));
    }
    let mut app = App::new();
    app.apply_settings(settings()).unwrap();
    app.load_text_weighted(&text, Some(1)).unwrap();
    for _ in 0..3 {
        app.step().unwrap(); // E
        let b = blog(&app, None).unwrap();
        assert!(b.one_d);
        app.step().unwrap(); // M
        let model = app.em().model();
        for c in &b.components {
            let mean = model.mean(c.k)[0];
            assert!((c.next_mean.unwrap() - mean).abs() < 1e-12, "μ");
            let var = c.next_variance.unwrap() + b.reg_covar;
            assert!((var - model.covariance(c.k)[0]).abs() < 1e-12, "σ²");
            assert!(
                (c.next_prior.unwrap() - model.weights()[c.k]).abs() < 1e-12,
                "P"
            );
        }
    }
}

/// The book's printed-vs-exact panel on weighted data takes weighted means, as the run's: with
/// integer weights both numbers are the repeated rows'.
#[test]
fn the_books_printed_and_exact_means_are_weighted() {
    use emviz_app::book::book_likelihood;
    let (mut weighted, mut repeated) = weighted_and_repeated();
    for _ in 0..3 {
        weighted.step().unwrap();
        repeated.step().unwrap();
        let (a, b) = (
            book_likelihood(&weighted).unwrap(),
            book_likelihood(&repeated).unwrap(),
        );
        assert!(
            close(a.exact, b.exact) && close(a.printed, b.printed),
            "{a:?} {b:?}"
        );
    }
}

/// Side by side on weighted data: beside the page's EM, the variational Bayes run is the weighted
/// one (the page's VB on the same weighted data from the same start, half-step for half-step).
#[test]
fn the_side_by_side_vb_on_weighted_data_is_the_weighted_run() {
    use emviz_app::vb_compare::Beside;
    let mut main = App::new();
    main.apply_settings(Settings { k: 3, ..settings() })
        .unwrap();
    main.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    let mut alone = App::new();
    alone.apply_settings(vb_settings("dp")).unwrap();
    alone.load_text_weighted(&weighted_text(), Some(2)).unwrap();
    alone.set_start(main.start().clone()).unwrap();
    let mut slot = None;
    for _ in 0..8 {
        main.step().unwrap();
        alone.step().unwrap();
        let beside = Beside::sync(&mut slot, &main).unwrap();
        assert!(beside.stuck().is_none());
        let (a, b) = (beside.other().state(), alone.state());
        assert_eq!(a.settings.method, b.settings.method);
        assert_eq!((a.iteration, a.phase), (b.iteration, b.phase));
        assert_eq!(a.weights, b.weights);
        assert_eq!(a.means, b.means);
        assert_eq!(a.vb_bound, b.vb_bound);
        assert_eq!(a.log_likelihood, b.log_likelihood);
        assert_eq!(a.sample_weights.map(|w| w.total), Some(79.0));
    }
}

/// The concentration panel's sweep on weighted data fits the weighted points: each of its VB
/// fits keeps as many components in use as the fit of the rows kept (weight 1) without the
/// dropped ones (weight 0), from the same start — and not as many as the fit of all rows.
#[test]
fn the_concentration_sweep_on_weighted_data_fits_the_weighted_points() {
    use emviz_app::concentration::Sweep;
    // Two groups of weight 1, and a far third group of weight 0.
    let row = |i: usize| {
        let (u, v) = ((i as f64 * 12.9898).sin(), (i as f64 * 78.233).cos());
        match i % 3 {
            0 => (u, v, 1),
            1 => (8.0 + u, 1.0 + v, 1),
            _ => (-4.0 + 0.5 * u, 12.0 + 0.5 * v, 0),
        }
    };
    let mut text = String::from("x,y,w\n");
    let mut kept = String::from("x,y\n");
    for i in 0..60 {
        let (x, y, w) = row(i);
        text += &format!("{x},{y},{w}\n");
        if w == 1 {
            kept += &format!("{x},{y}\n");
        }
    }
    let mut weighted = App::new();
    weighted.apply_settings(vb_settings("dp")).unwrap();
    weighted.load_text_weighted(&text, Some(2)).unwrap();
    let mut dropped = App::new();
    dropped.load_text(&kept).unwrap();
    let start = weighted.start().clone();
    let settings = weighted.settings();
    let w = weighted.sample_weights().map(|w| w.weights.clone());
    let a = Sweep::new_weighted(weighted.data(), w.as_ref(), &start, settings).unwrap();
    let b = Sweep::new(dropped.data(), &start, settings).unwrap();
    let all = Sweep::new(weighted.data(), &start, settings).unwrap();
    assert_eq!((a.rows, a.n), (60, 60));
    assert!(a.lines.iter().all(|l| l.counts.iter().all(Option::is_some)));
    assert_eq!(a.lines, b.lines);
    assert_ne!(
        a.lines, all.lines,
        "the far group of weight 0 counts unweighted"
    );
}
