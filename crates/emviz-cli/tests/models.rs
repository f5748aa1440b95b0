//! mclust's covariance models through the binary: `fit --model`, `select --models` (its table,
//! JSON and mclust's sign), and the clear failures of a bad name.

mod support;

use support::{emviz, fails, fails_alone, json, ok};

const OLD_FAITHFUL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/old_faithful.txt");
const IRIS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/iris.txt");

#[test]
fn fit_takes_an_mclust_model_and_counts_its_parameters() {
    let m = json(&emviz(&[
        "fit", IRIS, "--k", "2", "--model", "vev", "--n-init", "3",
    ]));
    assert_eq!(m["model_name"], "VEV");
    // mclust's df for VEV, G = 2, d = 4: 2 + 3 + 2·6 covariance parameters, 8 means, 1 weight.
    assert_eq!(m["n_parameters"], 2 + 3 + 12 + 8 + 1);
    assert_eq!(m["covariance_type"], "full");
    // The four scikit-learn names are models too: --model VVI is --covariance diag, bit for bit.
    let by_model = ok(&emviz(&["fit", OLD_FAITHFUL, "--k", "2", "--model", "VVI"]));
    let by_type = ok(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--covariance",
        "diag",
    ]));
    assert_eq!(by_model, by_type);
}

#[test]
fn select_prints_models_by_k_and_marks_the_best() {
    let table = ok(&emviz(&[
        "select",
        OLD_FAITHFUL,
        "--models",
        "EII,EEE",
        "--k-max",
        "3",
        "--reg-covar",
        "0",
        "--n-init",
        "5",
        "--mclust-sign",
    ]));
    assert!(table.contains("model") && table.contains("K=3"), "{table}");
    assert!(
        table.contains("mclust's sign") && table.contains(" *"),
        "{table}"
    );
    assert!(table.contains("best by BIC: EEE with K = 3"), "{table}");

    let j = json(&emviz(&[
        "select",
        OLD_FAITHFUL,
        "--models",
        "EEE",
        "--k-max",
        "2",
        "--json",
        "--mclust-sign",
    ]));
    assert_eq!(j["sign"], "mclust");
    assert_eq!(j["rows"].as_array().unwrap().len(), 2);
    assert_eq!(j["rows"][1]["model"], "EEE");
    assert_eq!(j["rows"][1]["k"], 2);
    assert!(j["rows"][1]["bic"].as_f64().unwrap() < 0.0, "mclust's sign");
    assert_eq!(j["best_bic"]["model"], "EEE");
}

#[test]
fn bad_model_names_list_the_fourteen() {
    let e = fails_alone(&emviz(&[
        "select",
        OLD_FAITHFUL,
        "--models",
        "EEE,XYZ",
        "--k-max",
        "2",
    ]));
    assert!(
        e.contains("\"XYZ\"") && e.contains("EII") && e.contains("VVV"),
        "{e}"
    );
    let e = fails(&emviz(&["fit", OLD_FAITHFUL, "--k", "2", "--model", "XYZ"]));
    assert!(e.contains("EII") && e.contains("VEV"), "{e}");
    let e = fails(&emviz(&[
        "select",
        OLD_FAITHFUL,
        "--k-max",
        "2",
        "--mclust-sign",
    ]));
    assert!(e.contains("--models"), "{e}");
}
