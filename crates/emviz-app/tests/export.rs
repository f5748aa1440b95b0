//! Export and import against the core: the exported model JSON reads back to the same parameters,
//! the responsibilities CSV holds exactly the core's posteriors, scikit-learn's covariance shapes
//! import, and an imported model is a start EM continues from.
#![cfg(not(target_arch = "wasm32"))]

use emviz_app::app::App;
use emviz_app::export::{
    import_model, model_json, model_json_text, parse_model, responsibilities_csv,
};
use emviz_app::messages::{describe, Lang};
use emviz_core::{Mixture, ModelJson};

/// Parses the CSV back into (header, rows of numbers).
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    (header, rows)
}

#[test]
fn model_json_has_sklearn_keys_and_reads_back_to_the_same_state() {
    let mut app = App::new();
    app.run_to_end().unwrap();
    let text = model_json_text(&app).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "covariance_type",
        "weights",
        "means",
        "covariances",
        "converged",
        "n_iter",
        "lower_bound",
        "feature_names",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["covariance_type"], "full");
    assert_eq!(
        v["feature_names"],
        serde_json::json!(["eruptions", "waiting"])
    );
    assert_eq!(v["converged"], true);
    let s = app.state();
    assert_eq!(v["n_iter"], s.iteration);
    assert_eq!(v["lower_bound"].as_f64().unwrap(), s.log_likelihood);

    let mut other = App::new();
    import_model(&mut other, &text).unwrap();
    let t = other.state();
    assert_eq!(
        (t.weights, t.means, t.covariances),
        (s.weights.clone(), s.means.clone(), s.covariances.clone())
    );
    assert_eq!((t.iteration, t.phase, t.history_len), (0, None, 1));
    // Continuing from a converged model stops after one iteration, at the same answer.
    other.run_to_end().unwrap();
    let u = other.state();
    assert!(u.converged);
    assert_eq!(u.iteration, 1);
    assert!((u.weights[0] - s.weights[0]).abs() < 1e-3);
}

#[test]
fn responsibilities_csv_holds_the_cores_posteriors_of_the_exported_model() {
    let mut app = App::new();
    for _ in 0..5 {
        app.step().unwrap(); // ends on an E-step
    }
    let after_e = responsibilities_csv(&app).unwrap();
    let (header, rows) = read_csv(&after_e);
    assert_eq!(header, ["eruptions", "waiting", "q1", "q2"]);
    assert_eq!(rows.len(), 272);
    let q = app.em().responsibilities().unwrap();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(&r[..2], app.data().row(i));
        assert_eq!(&r[2..], &q[i * 2..i * 2 + 2]);
    }
    // After an M-step the posteriors of the new parameters are written.
    app.step().unwrap();
    let (_, rows) = read_csv(&responsibilities_csv(&app).unwrap());
    let want = app.em().model().predict_proba(app.data()).unwrap();
    let got: Vec<f64> = rows.iter().flat_map(|r| r[2..].to_vec()).collect();
    assert_eq!(got, want);
    // ... which are what the exported JSON's model gives.
    let back = ModelJson::to_mixture(&model_json(&app)).unwrap();
    assert_eq!(back.predict_proba(app.data()).unwrap(), want);
}

#[test]
fn sklearn_covariance_shapes_import() {
    let app = App::new();
    let mean = r#"[[2.0, 55.0], [4.3, 80.0]]"#;
    let cases = [
        (
            "diag",
            "[[0.07, 34.0], [0.17, 36.0]]",
            [0.07, 0.0, 0.0, 34.0],
        ),
        ("spherical", "[0.5, 2.0]", [0.5, 0.0, 0.0, 0.5]),
        ("tied", "[[0.3, 1.0], [1.0, 35.0]]", [0.3, 1.0, 1.0, 35.0]),
    ];
    for (ty, cov, first) in cases {
        let text = format!(
            r#"{{"covariance_type": "{ty}", "weights": [0.4, 0.6], "means": {mean}, "covariances": {cov}}}"#
        );
        let m: Mixture = parse_model(&text, app.data().d()).unwrap();
        assert_eq!(m.covariance(0), &first, "{ty}");
        let mut a = App::new();
        import_model(&mut a, &text).unwrap();
        assert_eq!(a.settings().covariance_type.to_string(), ty);
        a.run_to_end().unwrap();
        assert!(a.state().done, "{ty}");
    }
}

#[test]
fn bad_imports_explain_and_change_nothing() {
    let mut app = App::new();
    app.iterate().unwrap();
    let before = app.state();
    let err = import_model(&mut app, "not json").unwrap_err().to_string();
    assert!(err.contains("not a model JSON"), "{err}");
    let three_d =
        r#"{"covariance_type":"spherical","weights":[1.0],"means":[[0,0,0]],"covariances":[1.0]}"#;
    let err = import_model(&mut app, three_d).unwrap_err().to_string();
    assert!(
        err.contains("3 dimensions") && err.contains("2 columns"),
        "{err}"
    );
    let ko = describe(&import_model(&mut app, three_d).unwrap_err(), Lang::Ko);
    assert!(
        ko.contains("모델은 3차원") && ko.contains("열은 2개"),
        "{ko}"
    );
    let ja = describe(&import_model(&mut app, three_d).unwrap_err(), Lang::Ja);
    assert!(
        ja.contains("モデルは3次元") && ja.contains("データは2列"),
        "{ja}"
    );
    let bad_shape = r#"{"covariance_type":"diag","weights":[0.5,0.5],"means":[[0,0],[1,1]],"covariances":[1.0,2.0]}"#;
    assert!(import_model(&mut app, bad_shape)
        .unwrap_err()
        .to_string()
        .contains("wrong shape"));
    assert_eq!(app.state(), before);
}
