//! The "Choose K" job, sampling and the KL widget's numbers. Natively: advancing a
//! `SelectionJob` fit by fit until done gives exactly `emviz_core::select_k`'s table (and so the
//! CLI's); over mclust's fourteen models, `select_models`' table and best (model, K). In the browser (wasm-bindgen-test): the Session methods the page calls agree with the
//! core.

use emviz_app::presets::OLD_FAITHFUL;
use emviz_app::selection_job::{types_of, Criterion, Fits, SelectionJob};
use emviz_core::rules::ModelName;
use emviz_core::{
    parse_table, select_k, select_models, CovarianceType, Dataset, GmmParams, Init, ParseOptions,
};

fn old_faithful() -> Dataset {
    parse_table(OLD_FAITHFUL, &ParseOptions::default()).unwrap()
}

fn template(seed: u64) -> GmmParams {
    GmmParams::new(1)
        .init(Init::KMeansPlusPlus)
        .n_init(3)
        .seed(seed)
}

#[test]
fn advancing_until_done_gives_select_ks_table_for_every_type() {
    let data = old_faithful();
    let mut job =
        SelectionJob::new(data.clone(), template(0), types_of("all").unwrap(), 10).unwrap();
    assert_eq!(job.total(), 40);
    assert!(job.result(Criterion::Bic).is_none());
    // One start per call: 3 starts × 10 K × 4 types.
    let mut calls = 0;
    while job.advance() {
        calls += 1;
        let p = job.progress();
        assert_eq!((p.starts_done, p.done), (calls, calls / 3));
    }
    assert_eq!(calls + 1, 120);
    assert_eq!(job.progress().starts_total, 120);
    assert!(!job.advance(), "advancing a finished job does nothing");
    let result = job.result(Criterion::Bic).unwrap().unwrap();
    let mut tables = Vec::new();
    for ts in &result.types {
        let t = ts.model.covariance_type().unwrap();
        assert_eq!(ts.label, t.name());
        let params = template(0).covariance_type(t);
        let expected = select_k(&data, None, &params.check(&data).unwrap(), 10).unwrap();
        assert_eq!(ts.selection, expected, "{t}");
        tables.push((ts.model, expected));
    }
    assert_eq!((result.n_init, result.seed), (3, 0));
    // The best fit over every type follows the criterion asked for: the lowest of its values.
    for criterion in Criterion::ALL {
        let mut best = (f64::INFINITY, 0, ModelName::Vvv);
        for (t, table) in &tables {
            for row in &table.rows {
                let v = criterion.of(row).unwrap();
                if v < best.0 {
                    best = (v, row.k, *t);
                }
            }
        }
        let result = job.result(criterion).unwrap().unwrap();
        assert_eq!(result.criterion, criterion);
        assert_eq!(
            (result.best_k, result.best_model),
            (best.1, best.2),
            "{criterion:?}"
        );
    }
    // ICL charges the classification's entropy on top of BIC (none with one component).
    for (_, table) in &tables {
        for row in &table.rows {
            let (bic, icl) = (row.bic.unwrap(), row.icl.unwrap());
            assert!(icl >= bic && (row.k > 1 || icl == bic), "{row:?}");
        }
    }
}

#[test]
fn one_type_with_another_seed_matches_too() {
    let data = old_faithful();
    let mut job =
        SelectionJob::new(data.clone(), template(7), types_of(" Full ").unwrap(), 10).unwrap();
    let p = job.progress();
    assert_eq!(
        (p.next_k, p.next_type, p.total),
        (Some(1), Some("full"), 10)
    );
    while job.advance() {}
    let result = job.result(Criterion::Bic).unwrap().unwrap();
    let expected = select_k(&data, None, &template(7).check(&data).unwrap(), 10).unwrap();
    assert_eq!(result.types[0].selection, expected);
    assert_eq!(result.best_k, expected.best_bic);
}

#[test]
fn bad_jobs_are_refused_with_reasons() {
    let data = old_faithful();
    let full = || Fits::Types(vec![CovarianceType::Full]);
    let e = SelectionJob::new(data.clone(), template(0), Fits::Models(vec![]), 10)
        .unwrap_err()
        .to_string();
    assert!(e.contains("at least one"), "{e}");
    let e = SelectionJob::new(data.clone(), template(0), full(), 11)
        .unwrap_err()
        .to_string();
    assert!(e.contains("between 1 and 10"), "{e}");
    let twice = Fits::Models(vec![ModelName::Vev, ModelName::Vev]);
    assert!(SelectionJob::new(data.clone(), template(0), twice, 3).is_err());
    assert!(SelectionJob::new(data, template(0).tol(-1.0), full(), 3).is_err());
    assert!(types_of("round").is_err());
    // K max is capped at the number of points, as select_k does.
    let tiny = parse_table("1 2\n3 4\n5 7\n", &ParseOptions::default()).unwrap();
    let job = SelectionJob::new(tiny, template(0), types_of("diag").unwrap(), 10).unwrap();
    assert_eq!(job.total(), 3);
}

#[test]
fn mclusts_models_give_select_models_table_and_best() {
    // Iris's four columns, a few K: every model's M-step, degenerate fits among them.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/iris.txt"))
        .unwrap();
    let data = parse_table(&text, &ParseOptions::default()).unwrap();
    let fits = types_of("mclust").unwrap();
    assert_eq!(fits, Fits::Models(ModelName::ALL.to_vec()));
    let template = || template(3).n_init(2).reg_covar(1e-6);
    let mut job = SelectionJob::new(data.clone(), template(), fits, 4).unwrap();
    assert!(job.is_models());
    assert_eq!(job.progress().next_type, Some("EII"));
    assert_eq!(job.label(ModelName::Vvv), "VVV");
    while job.advance() {}
    let expected = select_models(
        &data,
        None,
        &template().check(&data).unwrap(),
        &ModelName::ALL,
        4,
    )
    .unwrap();
    assert_eq!(job.cells(), expected.rows);
    for (criterion, best) in [
        (Criterion::Bic, expected.best_bic),
        (Criterion::Aic, expected.best_aic),
        (Criterion::Icl, expected.best_icl),
    ] {
        let result = job.result(criterion).unwrap().unwrap();
        assert_eq!((result.best_model, result.best_k), (best.model, best.k));
        assert_eq!(result.best_label, best.model.name());
        assert!(result.models);
        assert_eq!(result.types.len(), 14);
        for ts in &result.types {
            assert_eq!(ts.label, ts.model.name());
            assert_eq!(ts.degenerate.len(), ts.selection.rows.len());
        }
    }
}

/// A fit with a component on one far point alone is degenerate in the job as in
/// `select_models` (the job keeps its fits' component warnings), and never the job's best.
#[test]
fn a_lonely_component_is_degenerate_in_the_job_as_in_select_models() {
    let mut rows: Vec<Vec<f64>> = (0..40)
        .map(|i| {
            let c = if i % 2 == 0 { -2.0 } else { 2.0 };
            vec![c + (i as f64 * 1.7).sin(), (i as f64 * 0.9).cos()]
        })
        .collect();
    rows.push(vec![40.0, 40.0]);
    let data = Dataset::from_rows(&rows).unwrap();
    let models = vec![ModelName::Vvv, ModelName::Eii, ModelName::Vii];
    let template = || template(2).n_init(2).reg_covar(1e-6);
    let mut job =
        SelectionJob::new(data.clone(), template(), Fits::Models(models.clone()), 3).unwrap();
    while job.advance() {}
    let expected =
        select_models(&data, None, &template().check(&data).unwrap(), &models, 3).unwrap();
    assert_eq!(job.cells(), expected.rows);
    assert!(
        job.cells().iter().any(|c| c.degenerate),
        "a component alone on the far point: {:?}",
        job.cells()
    );
    let best = job.best(Criterion::Bic).unwrap();
    assert_eq!(best, expected.best_bic);
    let chosen = job
        .cells()
        .into_iter()
        .find(|c| c.model == best.model && c.row.k == best.k);
    assert!(!chosen.unwrap().degenerate);
}

#[cfg(target_arch = "wasm32")]
mod common;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::common::{ask, chapter, get, js, num, run};
    use emviz_core::{kl_divergence, rng_from_seed};
    use emviz_wasm::Session;
    use serde_json::json;
    use wasm_bindgen::{JsError, JsValue};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn coins(s: &mut Session, p: f64, q: f64) -> Result<JsValue, JsError> {
        let part = chapter(s, json!({ "klCoins": { "p": p, "q": q } }))?;
        Ok(get(&part, "klCoins"))
    }

    #[wasm_bindgen_test]
    fn kl_coins_are_the_cores_kl_both_ways() {
        let mut s = Session::new();
        for q1 in [0.5, 0.2, 0.7] {
            let pair = coins(&mut s, 0.7, q1).unwrap();
            let (p, q) = ([0.7, 1.0 - 0.7], [q1, 1.0 - q1]);
            assert_eq!(num(&pair, "pq"), kl_divergence(&p, &q).unwrap());
            assert_eq!(num(&pair, "qp"), kl_divergence(&q, &p).unwrap());
        }
        let pq = |s: &mut Session, q: f64| format!("{:.4}", num(&coins(s, 0.7, q).unwrap(), "pq"));
        assert_eq!(pq(&mut s, 0.5), "0.0823");
        assert_eq!(pq(&mut s, 0.2), "0.5827");
        assert!(coins(&mut s, 1.5, 0.5).is_err());
        let both = chapter(&mut s, json!({ "klCoins": { "p": 0.7, "q": 0.5 } })).unwrap();
        assert!(
            get(&both, "objective").is_null(),
            "parts not asked for are null"
        );
    }

    #[wasm_bindgen_test]
    fn the_session_job_finishes_with_the_cores_best_k_and_is_used() {
        let mut s = Session::new();
        let select =
            |s: &mut Session, command: serde_json::Value| js(s.select(ask(command)).unwrap());
        let start = json!({ "kind": "start", "types": "full", "kMax": 10, "nInit": "3" });
        select(&mut s, start);
        let mut guard = 0;
        while !get(
            &get(&select(&mut s, json!({ "kind": "advance" })), "progress"),
            "finished",
        )
        .as_bool()
        .unwrap()
        {
            guard += 1;
            assert!(guard < 40, "10 fits of 3 starts");
        }
        let result = get(&select(&mut s, json!({ "kind": "peek" })), "result");
        let data = super::old_faithful();
        let template = super::template(0).check(&data).unwrap();
        let expected = emviz_core::select_k(&data, None, &template, 10).unwrap();
        assert_eq!(num(&result, "bestK"), expected.best_bic as f64);
        select(&mut s, json!({ "kind": "use" }));
        let k = num(&js(s.state().unwrap()), "k");
        assert_eq!(k, expected.best_bic as f64);
        let view = select(&mut s, json!({ "kind": "cancel" }));
        assert!(get(&view, "result").is_null() && get(&view, "progress").is_null());
        assert!(s.select(ask(json!({ "kind": "advance" }))).is_err());
    }

    #[wasm_bindgen_test]
    fn samples_come_from_the_model_with_the_seed() {
        let mut s = Session::new();
        run(&mut s, "toEnd").unwrap();
        let drawn = js(s.sample_points(500.0, Some(3.0)).unwrap());
        assert_eq!((num(&drawn, "n"), num(&drawn, "seed")), (500.0, 3.0));
        let text = s.export(ask(json!("samples"))).unwrap();
        assert_eq!(text.lines().count(), 500);
        assert!(s.sample_points(0.0, Some(3.0)).is_err());
        let mut app = emviz_app::app::App::new();
        app.run_to_end().unwrap();
        let (core, _) = app.em().model().sample(500, &mut rng_from_seed(3));
        assert_eq!(text, emviz_app::samples::rows_text(core.values(), 2));
    }
}
