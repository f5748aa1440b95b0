//! mclust's fourteen covariance models against R's mclust: `tests/reference/mclust/me.txt` holds
//! `me(modelName, data, z)` from fixed hard partitions z (Old Faithful, iris, diabetes; K = 2, 3;
//! `make_mclust.R` made it), and our EM from the same z, with reg_covar = 0, must end at the same
//! parameters, log-likelihood, df and BIC to 1e-6. R is not needed: the numbers are kept.

mod reference;
mod selection;
mod stepwise;

use emviz_core::covariance::estimate_parameters;
use emviz_core::driver::run;
use emviz_core::{CovarianceType, LoopParams, Mixture, RegCovar};

use reference::{load, Fit};

/// |a − b| ≤ 1e-6 · max(1, |b|), the largest relative deviation returned.
fn deviation(ours: &[f64], theirs: &[f64]) -> f64 {
    assert_eq!(ours.len(), theirs.len());
    ours.iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// Our fit of `fit.model` from the partition it started from.
fn our_fit(fit: &Fit) -> emviz_core::Result<(Mixture, f64)> {
    let data = &fit.data;
    let k = fit.k;
    let mut resp = vec![0.0; data.n() * k];
    for (i, &l) in fit.labels.iter().enumerate() {
        resp[i * k + l] = 1.0;
    }
    let est = estimate_parameters(data, &resp, k, CovarianceType::Full, RegCovar::ZERO)?;
    let start = Mixture::new(
        CovarianceType::Full,
        est.weights,
        est.means,
        est.covariances,
    )?
    .constrained(fit.model)?;
    // As make_mclust.R runs mclust: on until the parameters stop moving (a log-likelihood test
    // stops while a flat direction still moves by 1e-7), in rounds of 100 iterations, at most
    // 3000 (EVE's and VVE's M-steps iterate to a tolerance, so their parameters keep a noise of
    // about 1e-9 and never stop moving entirely).
    let params = LoopParams::new(0.0, 0.0, 100)?;
    let flat = |m: &Mixture| [m.weights(), m.means(), m.covariances()].concat();
    let mut model = start;
    for _ in 0..30 {
        let out = run(data, model.clone(), &params)?;
        let moved = deviation(&flat(&out.model), &flat(&model));
        model = out.model;
        if moved < 1e-13 {
            break;
        }
    }
    let ll = model.mean_log_likelihood(data)? * data.n() as f64;
    Ok((model, ll))
}

#[test]
fn every_model_matches_mclust_from_the_same_start() {
    let fits = load();
    assert_eq!(fits.len(), 84, "3 data sets × K = 2, 3 × 14 models");
    let mut failures = Vec::new();
    for fit in &fits {
        let label = format!("{} K={} {}", fit.set, fit.k, fit.model);
        let (model, ll) = match our_fit(fit) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{label}: {e}"));
                continue;
            }
        };
        let n = fit.data.n() as f64;
        assert_eq!(model.n_parameters(), fit.df, "{label}: df");
        let bic = emviz_core::criteria::bic(ll / n, fit.data.n(), model.n_parameters());
        let dev = [
            deviation(&[ll], &[fit.loglik]),
            deviation(&[-bic], &[fit.bic]),
            deviation(model.weights(), &fit.pro),
            deviation(model.means(), &fit.mean),
            deviation(model.covariances(), &fit.sigma),
        ]
        .into_iter()
        .fold(0.0, f64::max);
        eprintln!("{label}: max deviation {dev:.1e}");
        if dev > 1e-6 {
            failures.push(format!("{label}: deviation {dev:.2e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A fit of each model read back from its arrays ([`Mixture::of_model`]) is the same mixture,
/// bit for bit: its model and every parameter (what the Python package pickles).
#[test]
fn a_fit_is_read_back_from_its_arrays() {
    let fits = load();
    for fit in fits.iter().filter(|f| f.set == "old_faithful" && f.k == 2) {
        let (model, _) = our_fit(fit).unwrap();
        let back = Mixture::of_model(
            model.model_name(),
            model.weights().to_vec(),
            model.means().to_vec(),
            model.covariances().to_vec(),
        )
        .unwrap();
        assert_eq!(back, model, "{}", fit.model);
        assert_eq!(back.model_name(), fit.model);
    }
}

/// The model JSON (what `emviz fit` prints and the page exports and imports) keeps the model:
/// every one of the fourteen fits of Old Faithful (K = 2) reads back as itself, bit for bit, and
/// only mclust's ten beyond scikit-learn's four write `model_name`.
#[test]
fn a_fit_is_read_back_from_its_model_json() {
    let fits = load();
    for fit in fits.iter().filter(|f| f.set == "old_faithful" && f.k == 2) {
        let (model, _) = our_fit(fit).unwrap();
        let json = serde_json::to_string(&emviz_core::ModelJson::from_mixture(&model)).unwrap();
        assert_eq!(
            json.contains("\"model_name\""),
            model.model_name().covariance_type().is_none(),
            "{}: {json}",
            fit.model
        );
        let read: emviz_core::ModelJson = serde_json::from_str(&json).unwrap();
        let back = read.to_mixture().unwrap();
        assert_eq!(back, model, "{}", fit.model);
        assert_eq!(back.model_name(), fit.model);
    }
}
