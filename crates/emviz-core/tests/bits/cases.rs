//! The fits whose exact bits are kept in `tests/reference/fit_bits.txt`, shared by the native test
//! (`tests/native_bits.rs`) and the WebAssembly one (`crates/emviz-wasm/tests/bits.rs`, which
//! includes this file by path): the same code, run natively and in browsers, must give the same
//! f64 bits. Each fit is written as one line per quantity, every number as its 16 hex digits.

use emviz_core::{
    parse_table, rng_from_seed, CovarianceType, Dataset, Fit, GmmParams, Init, Mixture,
    ParseOptions,
};

const TYPES: [CovarianceType; 4] = [
    CovarianceType::Full,
    CovarianceType::Diag,
    CovarianceType::Spherical,
    CovarianceType::Tied,
];

fn old_faithful() -> Dataset {
    let text = include_str!("../../../../data/old_faithful.txt");
    parse_table(text, &ParseOptions::default()).expect("the shipped data parses")
}

/// Three overlapping blobs in 3-D drawn with the core's own generator (seeded).
fn blobs() -> Dataset {
    let d = 3;
    let mut covs = vec![0.0; 3 * d * d];
    for j in 0..3 {
        for a in 0..d {
            covs[j * d * d + a * d + a] = 0.6 + 0.3 * ((j + a) % 3) as f64;
        }
        covs[j * d * d + 1] = 0.2;
        covs[j * d * d + d] = 0.2;
    }
    let means = vec![0.0, 0.0, 0.0, 3.0, 1.0, -1.0, -1.0, 3.5, 2.0];
    Mixture::new(CovarianceType::Full, vec![0.3, 0.3, 0.4], means, covs)
        .unwrap()
        .sample(500, &mut rng_from_seed(2024))
        .0
}

/// Every kept fit: (name, fit).
pub fn fits() -> Vec<(String, Fit)> {
    let faithful = old_faithful();
    let book = GmmParams::new(2)
        .init(Init::Means {
            means: vec![0.0, 50.0, 0.0, 100.0],
            covariances: None,
            weights: None,
        })
        .tol(1e-4)
        .reg_covar(0.0)
        .fit(&faithful)
        .unwrap();
    let mut out = vec![("book".to_string(), book)];
    let data = blobs();
    for t in TYPES {
        let fit = GmmParams::new(3)
            .covariance_type(t)
            .init(Init::KMeansPlusPlus)
            .seed(3)
            .n_init(2)
            .fit(&data)
            .unwrap();
        out.push((format!("blobs-{}", t.name()), fit));
    }
    out
}

fn hex(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{:016x}", v.to_bits()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The kept text of every fit: one line per quantity, `name quantity values…`.
pub fn fingerprint() -> String {
    let mut out = String::new();
    for (name, fit) in fits() {
        let m = &fit.model;
        out += &format!("{name} n_iter {} converged {}\n", fit.n_iter, fit.converged);
        out += &format!("{name} log_likelihood {}\n", hex(&[fit.log_likelihood]));
        out += &format!("{name} trace {}\n", hex(&fit.trace));
        out += &format!("{name} weights {}\n", hex(m.weights()));
        out += &format!("{name} means {}\n", hex(m.means()));
        let covs: Vec<f64> = (0..m.k()).flat_map(|j| m.covariance(j).to_vec()).collect();
        out += &format!("{name} covariances {}\n", hex(&covs));
    }
    out
}

/// The kept fingerprint.
pub const KEPT: &str = include_str!("../reference/fit_bits.txt");

/// Where `now` and `KEPT` first differ (`None` when equal).
pub fn first_difference(now: &str) -> Option<String> {
    now.lines()
        .zip(KEPT.lines())
        .find(|(a, b)| a != b)
        .map(|(a, b)| format!("now:  {a}\nkept: {b}"))
        .or_else(|| {
            (now.lines().count() != KEPT.lines().count()).then(|| {
                format!(
                    "{} lines now, {} kept",
                    now.lines().count(),
                    KEPT.lines().count()
                )
            })
        })
}
