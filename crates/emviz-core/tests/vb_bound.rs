//! Variational Bayes's lower bound never decreases: a property test over random data (blobs in
//! 1–3 dimensions at random scales), K, weight prior, every prior's value and random starting
//! responsibilities.
//!
//! With `reg_covar = 0` every VB update (the M-step for q(π), q(μ, Λ); the E-step for q(z))
//! maximises the bound over its factor, so the bound scikit-learn computes (the ELBO up to a
//! constant) must not go down, for every covariance type.

use emviz_core::covariance::estimate_parameters;
use emviz_core::vb::Posterior;
use emviz_core::vb_driver::drive_vb;
use emviz_core::vb_prior::VbPrior;
use emviz_core::{
    rng_from_seed, CovarianceType, Dataset, Error, InMemory, LoopParams, Mixture, RegCovar, Source,
    WeightPrior,
};
use proptest::prelude::*;
use rand::Rng;

/// Blobs with unit spreads around random centres, all scaled by 10^scale.
fn data(d: usize, blobs: usize, n: usize, scale: f64, seed: u64) -> Dataset {
    let mut rng = rng_from_seed(seed);
    let s = 10f64.powf(scale);
    let means: Vec<f64> = (0..blobs * d)
        .map(|_| rng.random_range(-5.0..5.0) * s)
        .collect();
    let covs: Vec<f64> = (0..blobs)
        .flat_map(|_| {
            let mut c = vec![0.0; d * d];
            for a in 0..d {
                c[a * d + a] = s * s;
            }
            c
        })
        .collect();
    let truth = Mixture::new(CovarianceType::Diag, vec![1.0; blobs], means, covs).unwrap();
    truth.sample(n, &mut rng).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_bound_never_decreases(
        d in 1usize..=3,
        blobs in 1usize..=3,
        n in 20usize..200,
        k in 1usize..=5,
        scale in -2.0f64..2.0,
        seed in 0u64..1_000_000,
        dp in any::<bool>(),
        alpha in -3.0f64..1.0,
        beta in -2.0f64..1.0,
        extra_dof in 0.1f64..10.0,
        cov_scale in -1.0f64..1.0,
        type_index in 0usize..4,
    ) {
        let data = data(d, blobs, n, scale, seed);
        let t = CovarianceType::ALL[type_index];
        let s2 = 10f64.powf(2.0 * scale + cov_scale);
        // The covariance prior in the type's layout: s²·I, s² per column, or s².
        let cov = match t {
            CovarianceType::Full | CovarianceType::Tied => {
                let mut c = vec![0.0; d * d];
                for a in 0..d {
                    c[a * d + a] = s2;
                }
                c
            }
            CovarianceType::Diag => vec![s2; d],
            CovarianceType::Spherical => vec![s2],
        };
        let prior = VbPrior {
            weight_prior: if dp { WeightPrior::DirichletProcess } else { WeightPrior::DirichletDistribution },
            weight_concentration: Some(10f64.powf(alpha)),
            mean_precision: Some(10f64.powf(beta)),
            mean: None,
            degrees_of_freedom: Some(d as f64 - 1.0 + extra_dof),
            covariance: Some(cov),
        }
        .check(&data, k, t)
        .unwrap();
        let mut rng = rng_from_seed(seed ^ 0x5eed);
        let resp: Vec<f64> = (0..n)
            .flat_map(|_| {
                let r: Vec<f64> = (0..k).map(|_| rng.random_range(0.01..1.0)).collect();
                let total: f64 = r.iter().sum();
                r.into_iter().map(move |v| v / total)
            })
            .collect();
        let est = estimate_parameters(&data, &resp, k, t, RegCovar::ZERO).unwrap();
        let start = match Posterior::from_estimates(&prior, &est) {
            Ok(p) => p,
            Err(Error::Collapse { .. }) => return Ok(()),
            Err(e) => panic!("{e}"),
        };
        let mut source = InMemory::new(&data, 1);
        let params = LoopParams::new(0.0, 0.0, 40).unwrap();
        let out = match drive_vb(start, &prior, &params, f64::NEG_INFINITY, |m, e| source.pass(m, e)) {
            Ok(o) => o,
            // A component may still collapse in floating point on such small data.
            Err(Error::Collapse { .. }) => return Ok(()),
            Err(e) => panic!("{e}"),
        };
        for w in out.lower_bounds.windows(2) {
            prop_assert!(
                w[1] >= w[0] - 1e-9 * (1.0 + w[0].abs()),
                "{t}: the bound went down: {} → {} ({:?})", w[0], w[1], out.lower_bounds
            );
        }
    }
}
