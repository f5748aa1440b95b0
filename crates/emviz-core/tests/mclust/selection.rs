//! The models × K selection ([`select_models`]) on Old Faithful and iris chooses mclust's model
//! and K by BIC — (EEE, 3) and (VEV, 2), as `mclustBIC` does (`tests/reference/mclust/bic.txt`)
//! — and where both fits reach mclust's optimum, the BIC is mclust's; by ICL it chooses
//! `mclustICL`'s — (VVE, 2) and (VEV, 2) (`icl.txt`) — with mclust's ICL.

use std::collections::HashMap;

use emviz_core::rules::ModelName;
use emviz_core::{select_models, Dataset, GmmParams, GmmValidParams, Init};

use crate::reference::{data_set, root};

/// mclust's `mclustBIC` of a data set.
struct Mclust {
    /// (model, K) → BIC in mclust's sign.
    table: HashMap<(ModelName, usize), f64>,
    /// Its best cell.
    best: (ModelName, usize),
    /// The best cell's BIC, fitted to the fixed point.
    tight: f64,
}

fn mclust_bic(set: &str) -> Mclust {
    let text = std::fs::read_to_string(root().join("tests/reference/mclust/bic.txt")).unwrap();
    let mut table = HashMap::new();
    let mut best = None;
    let mut tight = None;
    for f in text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
    {
        match f.as_slice() {
            ["bic", s, m, k, v] if *s == set && *v != "NA" => {
                let key = (ModelName::from_name(m).unwrap(), k.parse().unwrap());
                table.insert(key, v.parse().unwrap());
            }
            ["best", s, m, k] if *s == set => {
                best = Some((ModelName::from_name(m).unwrap(), k.parse().unwrap()));
            }
            ["tight", s, _, _, v] if *s == set => tight = Some(v.parse().unwrap()),
            _ => {}
        }
    }
    Mclust {
        table,
        best: best.unwrap(),
        tight: tight.unwrap(),
    }
}

/// `mclustICL`'s best cell of a data set and its ICL (mclust's sign).
fn mclust_icl(set: &str) -> ((ModelName, usize), f64) {
    let text = std::fs::read_to_string(root().join("tests/reference/mclust/icl.txt")).unwrap();
    let mut table = HashMap::new();
    let mut best = None;
    for f in text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
    {
        match f.as_slice() {
            ["icl", s, m, k, v] if *s == set && *v != "NA" => {
                let key = (
                    ModelName::from_name(m).unwrap(),
                    k.parse::<usize>().unwrap(),
                );
                table.insert(key, v.parse::<f64>().unwrap());
            }
            ["best", s, m, k] if *s == set => {
                best = Some((ModelName::from_name(m).unwrap(), k.parse().unwrap()));
            }
            _ => {}
        }
    }
    let best = best.unwrap();
    (best, table[&best])
}

/// The settings of every fit: 5 k-means++ starts, no regularisation (as mclust), the default
/// stopping rule, on two threads.
fn template(data: &Dataset, tol: f64) -> GmmValidParams {
    GmmParams::new(1)
        .init(Init::KMeansPlusPlus)
        .n_init(5)
        .reg_covar(0.0)
        .tol(tol)
        .max_iter(1000)
        .threads(2)
        .check(data)
        .unwrap()
}

fn check(set: &str) {
    let Mclust {
        table: mclust,
        best: mclust_best,
        tight: mclust_tight,
    } = mclust_bic(set);
    let data = data_set(set);
    let ours = select_models(&data, None, &template(&data, 1e-4), &ModelName::ALL, 9).unwrap();
    assert_eq!(ours.rows.len(), 14 * 9);
    let best = (ours.best_bic.model, ours.best_bic.k);
    assert_eq!(best, mclust_best, "{set}: best by BIC");
    // The best cell fitted to the fixed point reaches mclust's optimum: its BIC (our sign is
    // mclust's negated); mclustBIC's own table, at its default tolerance, is near it.
    let tight = template(&data, 1e-12)
        .with_model(best.0)
        .with_k(best.1)
        .unwrap();
    let bic = -tight.fit(&data).unwrap().model.bic(&data).unwrap();
    assert!(
        (bic - mclust_tight).abs() < 1e-6 * mclust_tight.abs(),
        "{set}: {bic} vs mclust's {mclust_tight}"
    );
    let table = mclust[&best];
    assert!(
        (bic - table).abs() < 1e-4 * table.abs(),
        "{set}: {bic} vs {table}"
    );
    // By ICL: mclustICL's cell, with its ICL (mclust's sign is ours negated).
    let (icl_best, icl_value) = mclust_icl(set);
    assert_eq!(
        (ours.best_icl.model, ours.best_icl.k),
        icl_best,
        "{set}: best by ICL"
    );
    let row = ours
        .rows
        .iter()
        .find(|r| (r.model, r.row.k) == icl_best)
        .unwrap();
    let icl = -row.row.icl.unwrap();
    assert!(
        (icl - icl_value).abs() < 1e-4 * icl_value.abs(),
        "{set}: ICL {icl} vs mclust's {icl_value}"
    );
    // No cell chosen is degenerate, and every criterion's best is a fitted cell.
    for b in [ours.best_bic, ours.best_aic, ours.best_icl] {
        let row = ours
            .rows
            .iter()
            .find(|r| r.model == b.model && r.row.k == b.k)
            .unwrap();
        assert!(!row.degenerate && row.row.bic.is_some());
    }
}

#[test]
fn old_faithful_chooses_eee_3_by_bic_and_vve_2_by_icl_as_mclust() {
    check("old_faithful");
}

#[test]
fn iris_chooses_vev_2_by_bic_and_icl_as_mclust() {
    check("iris");
}

/// A table over chosen K is the full table's rows of those K, bit for bit; a K of 0 or none is
/// an error, and a K beyond the points is a row with its error.
#[test]
fn a_table_over_chosen_k_is_the_full_tables_rows() {
    use emviz_core::select_models_over;
    let data = data_set("old_faithful");
    let t = template(&data, 1e-4);
    let models = [ModelName::Eii, ModelName::Vev];
    let full = select_models(&data, None, &t, &models, 4).unwrap();
    let some = select_models_over(&data, None, &t, &models, &[3, 1, 300]).unwrap();
    let ks: Vec<(ModelName, usize)> = some.rows.iter().map(|r| (r.model, r.row.k)).collect();
    use ModelName::{Eii, Vev};
    assert_eq!(
        ks,
        [
            (Eii, 3),
            (Eii, 1),
            (Eii, 300),
            (Vev, 3),
            (Vev, 1),
            (Vev, 300)
        ]
    );
    for r in some.rows.iter().filter(|r| r.row.k <= 4) {
        let same = full
            .rows
            .iter()
            .find(|f| f.model == r.model && f.row.k == r.row.k)
            .unwrap();
        assert_eq!(r, same);
    }
    assert!(some
        .rows
        .iter()
        .filter(|r| r.row.k == 300)
        .all(|r| r.row.error.is_some()));
    assert!(select_models_over(&data, None, &t, &models, &[]).is_err());
    assert!(select_models_over(&data, None, &t, &models, &[0, 2]).is_err());
}
