//! EM as mergeable statistics: a pass split into shards and merged equals one pass; threads
//! change results only by rounding (and not at all for a fixed thread count); the streamed
//! shape of a fit (chunks of rows, a reservoir sample for starts) equals the in-memory fit.

use emviz_core::driver::{run, run_on};
use emviz_core::fit::{Reservoir, INIT_SAMPLE};
use emviz_core::source::{pass_over, Source};
use emviz_core::{
    rng_from_seed, CovarianceType, Dataset, GmmParams, InMemory, LoopParams, MStep, Mixture, Stats,
};
use proptest::prelude::*;

const TYPES: [CovarianceType; 4] = [
    CovarianceType::Full,
    CovarianceType::Diag,
    CovarianceType::Spherical,
    CovarianceType::Tied,
];

/// Points from `k` well-spread blobs in `d` dimensions.
fn blobs(n: usize, d: usize, k: usize, seed: u64) -> Dataset {
    let means: Vec<f64> = (0..k * d)
        .map(|i| ((i * 7919 + 13) % 23) as f64 - 11.0)
        .collect();
    let covs: Vec<f64> = (0..k)
        .flat_map(|j| {
            (0..d * d).map(move |e| {
                let (a, b) = (e / d, e % d);
                if a == b {
                    1.0 + 0.25 * j as f64
                } else {
                    0.1
                }
            })
        })
        .collect();
    let truth = Mixture::new(CovarianceType::Full, vec![1.0; k], means, covs).unwrap();
    truth.sample(n, &mut rng_from_seed(seed)).0
}

/// A start for `data`: the truth's shape with shifted means.
fn start(data: &Dataset, k: usize, cov_type: CovarianceType, seed: u64) -> Mixture {
    GmmParams::new(k)
        .covariance_type(cov_type)
        .check(data)
        .unwrap()
        .initial_model(data, &mut rng_from_seed(seed))
        .unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

/// Largest relative difference between two models' parameters.
fn model_diff(a: &Mixture, b: &Mixture) -> f64 {
    let pairs = a
        .weights()
        .iter()
        .zip(b.weights())
        .chain(a.means().iter().zip(b.means()))
        .chain(a.covariances().iter().zip(b.covariances()));
    pairs
        .map(|(x, y)| {
            // Off-diagonal covariances of diagonal types are exactly 0.
            if *x == 0.0 && *y == 0.0 {
                0.0
            } else {
                rel(*x, *y)
            }
        })
        .fold(0.0, f64::max)
}

fn model_of(s: &Stats) -> Mixture {
    match s.m_step(1e-6).unwrap() {
        MStep::Model(m) => m,
        MStep::Again(_) => panic!("well-conditioned data needs no second pass"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Stats over random shards, merged in order (one by one, or as a tree), give the one
    /// pass's log-likelihood and next parameters, for every covariance type and d = 1..=4
    /// (the fused kernel's fixed-size paths and its any-d path).
    #[test]
    fn merged_shards_equal_one_pass(
        n in 20usize..1500,
        d in 1usize..=4,
        k in 1usize..=4,
        seed in 0u64..1000,
        cuts in proptest::collection::vec(0.0f64..1.0, 0..6),
    ) {
        let data = blobs(n, d, k, seed);
        for cov_type in TYPES {
            let model = start(&data, k, cov_type, seed + 1);
            let mut whole = Stats::empty(&model);
            whole.accumulate(&model, data.values()).unwrap();

            let mut bounds: Vec<usize> = cuts.iter().map(|c| (c * n as f64) as usize).collect();
            bounds.push(0);
            bounds.push(n);
            bounds.sort_unstable();
            let shards: Vec<Stats> = bounds
                .windows(2)
                .map(|w| {
                    let mut s = Stats::empty(&model);
                    s.accumulate(&model, &data.values()[w[0] * d..w[1] * d]).unwrap();
                    s
                })
                .collect();
            let mut folded = Stats::empty(&model);
            for s in &shards {
                folded.merge(s).unwrap();
            }
            let tree = Stats::merge_tree(shards).unwrap().unwrap();
            for merged in [&folded, &tree] {
                prop_assert_eq!(merged.n(), n);
                prop_assert!(rel(merged.log_likelihood(), whole.log_likelihood()) < 1e-12);
                let counts = merged.counts();
                for (a, b) in counts.iter().zip(whole.counts()) {
                    prop_assert!((a - b).abs() <= 1e-12 * n as f64);
                }
                let diff = model_diff(&model_of(merged), &model_of(&whole));
                prop_assert!(diff < 1e-10, "{cov_type} d={d} k={k}: {diff:e}");
            }
            // Statistics travel: a JSON round trip keeps every bit.
            let json = serde_json::to_string(&tree).unwrap();
            let back: Stats = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &tree);
        }
    }
}

#[test]
fn stats_from_other_parameters_do_not_merge() {
    let data = blobs(300, 2, 2, 1);
    let a = start(&data, 2, CovarianceType::Full, 1);
    let b = Mixture::new(
        CovarianceType::Full,
        a.weights().to_vec(),
        a.means().iter().map(|m| m + 1.0).collect(),
        a.covariances().to_vec(),
    )
    .unwrap();
    let mut sa = Stats::empty(&a);
    let sb = Stats::empty(&b);
    assert!(sa
        .merge(&sb)
        .unwrap_err()
        .to_string()
        .contains("same parameters"));
    // Nor may a pass run under another model than the statistics were made for.
    let err = sa.accumulate(&b, data.values()).unwrap_err().to_string();
    assert!(err.contains("other means"), "{err}");
    let err = sa.accumulate(&a, &[1.0, f64::NAN]).unwrap_err().to_string();
    assert!(err.contains("not a finite number"), "{err}");
    assert!(
        Stats::empty(&a).m_step(1e-6).is_err(),
        "no points, no M-step"
    );
}

/// A component far from its points: the sums about the old mean lose their digits, so the
/// M-step asks for the pass again about the new means — and the result is the lean loop's.
#[test]
fn a_far_jump_asks_for_the_pass_again() {
    let values: Vec<f64> = (0..400)
        .map(|i| 1e7 + ((i * 37) % 101) as f64 * 1e-3)
        .collect();
    let data = Dataset::new(vec!["x".into()], values).unwrap();
    let model = Mixture::new(CovarianceType::Full, vec![1.0], vec![0.0], vec![1e14]).unwrap();
    let mut s = Stats::empty(&model);
    s.accumulate(&model, data.values()).unwrap();
    let MStep::Again(mut again) = s.m_step(0.0).unwrap() else {
        panic!("the far jump should ask for a second pass");
    };
    again.accumulate(&model, data.values()).unwrap();
    let MStep::Model(next) = again.m_step(0.0).unwrap() else {
        panic!("a second pass always gives a model");
    };
    let lean = run(&data, model, &LoopParams::new(0.0, 0.0, 1).unwrap())
        .unwrap()
        .model;
    assert_eq!(next, lean);
    // The variance is that of the points (their spread is about 0.03), not rounding noise.
    assert!(
        (next.covariances()[0].sqrt() - 0.029).abs() < 0.002,
        "{next:?}"
    );
}

/// Thread counts: the same count gives the same bits every time; other counts agree to 1e-12
/// relative (the shards' sums are added in another grouping). Prints the largest difference.
#[test]
fn thread_counts_change_results_only_by_rounding() {
    // Three shards of at least MIN_ROWS_PER_THREAD rows for 3 and 4 threads.
    let data = blobs(25_000, 2, 5, 7);
    let mut worst: f64 = 0.0;
    for cov_type in TYPES {
        let model = start(&data, 5, cov_type, 3);
        let eight = LoopParams::new(1e-6, 0.0, 8).unwrap();
        let fit =
            |threads| run_on(&mut InMemory::new(&data, threads), model.clone(), &eight).unwrap();
        let one = fit(1);
        assert_eq!(
            one.model,
            run(&data, model.clone(), &eight).unwrap().model,
            "one thread is the single pass"
        );
        for threads in [2, 3, 4] {
            let a = fit(threads);
            let b = fit(threads);
            assert_eq!(a.model, b.model, "{cov_type}, {threads} threads, twice");
            assert_eq!(a.trace, b.trace);
            let diff = model_diff(&a.model, &one.model);
            let ll = a
                .trace
                .iter()
                .zip(&one.trace)
                .map(|(x, y)| rel(*x, *y))
                .fold(0.0, f64::max);
            worst = worst.max(diff).max(ll);
            assert!(
                diff < 1e-12 && ll < 1e-12,
                "{cov_type}, {threads} threads: {diff:e} {ll:e}"
            );
        }
    }
    println!("largest relative difference between thread counts: {worst:e}");
}

/// A source that serves its points in chunks, as the CLI streams its cache.
struct Chunked<'a> {
    data: &'a Dataset,
    chunk_rows: usize,
    threads: usize,
}

impl Source for Chunked<'_> {
    fn n(&self) -> usize {
        self.data.n()
    }
    fn d(&self) -> usize {
        self.data.d()
    }
    fn pass(&mut self, model: &Mixture, empty: &Stats) -> emviz_core::Result<Stats> {
        let d = self.data.d();
        let mut total = empty.cleared();
        for (c, rows) in self.data.values().chunks(self.chunk_rows * d).enumerate() {
            total.merge(&pass_over(
                model,
                rows,
                c * self.chunk_rows,
                empty,
                self.threads,
            )?)?;
        }
        Ok(total)
    }
}

/// The streamed shape of a fit — starts from a reservoir sample drawn while the rows go by,
/// passes over chunks — equals the in-memory fit of the same data and seed, also above
/// [`INIT_SAMPLE`] points, where both draw their starts from the same uniform sample.
#[test]
fn a_fit_over_chunks_equals_the_fit_in_memory() {
    for n in [5_000, INIT_SAMPLE + 777] {
        let values: Vec<f64> = (0..n)
            .map(|i| {
                let u = ((i as u64).wrapping_mul(6364136223846793005) >> 11) as f64
                    / (1u64 << 53) as f64;
                if i % 3 == 0 {
                    10.0 + u
                } else {
                    u * 2.0
                }
            })
            .collect();
        let data = Dataset::new(vec!["x".into()], values).unwrap();
        let params = GmmParams::new(2).seed(11).max_iter(3).check(&data).unwrap();
        let in_memory = params.fit(&data).unwrap();

        let mut rng = rng_from_seed(11);
        let mut sample = Reservoir::new(1, INIT_SAMPLE);
        for row in data.rows() {
            sample.push(row, &mut rng);
        }
        let sample = sample.into_dataset(data.names().to_vec()).unwrap();
        assert_eq!(sample.n(), n.min(INIT_SAMPLE));
        let mut source = Chunked {
            data: &data,
            chunk_rows: 1000,
            threads: 2,
        };
        let var = data.column_variances();
        let streamed = params
            .fit_on(&mut source, &sample, &mut rng, |m| m.warnings_for(n, &var))
            .unwrap();
        assert_eq!(streamed.n_iter, in_memory.n_iter);
        let diff = model_diff(&streamed.model, &in_memory.model);
        assert!(diff < 1e-9, "n = {n}: {diff:e}");
    }
}

#[test]
fn a_reservoir_keeps_small_streams_whole_and_samples_large_ones_uniformly() {
    let mut rng = rng_from_seed(5);
    let untouched = rng.clone();
    let mut r = Reservoir::new(1, 10);
    for i in 0..10 {
        r.push(&[i as f64], &mut rng);
    }
    assert_eq!(rng, untouched, "no draws for a stream that fits");
    let kept = r.into_dataset(vec!["x".into()]).unwrap();
    assert_eq!(kept.values(), (0..10).map(f64::from).collect::<Vec<_>>());

    // Every row of a stream of 100 ends up among the 10 kept with probability 1/10.
    let mut hits = [0u32; 100];
    for seed in 0..2000 {
        let mut rng = rng_from_seed(seed);
        let mut r = Reservoir::new(1, 10);
        for i in 0..100 {
            r.push(&[i as f64], &mut rng);
        }
        for v in r.into_dataset(vec!["x".into()]).unwrap().values() {
            hits[*v as usize] += 1;
        }
    }
    for (i, h) in hits.iter().enumerate() {
        // Expected 200 each; 4.5 standard deviations either side.
        assert!((140..=260).contains(h), "row {i} kept {h} times in 2000");
    }
}
