//! The step-wise EM with sharded passes (the page's large data sets): an M-step whose shards are
//! gathered elsewhere (as the page's Web Workers do, through the public `Stats` API) gives
//! bit-identical states to the same EM stepping in-thread, slice by slice; and a sharded run
//! stays within rounding of the sequential one.

use emviz_core::{rng_from_seed, CovarianceType, Dataset, Em, HalfStep, Mixture, RegCovar, Stats};

fn data_and_start(cov_type: CovarianceType, n: usize, seed: u64) -> (Dataset, Mixture) {
    let truth = Mixture::new(
        CovarianceType::Full,
        vec![0.5, 0.3, 0.2],
        vec![0.0, 0.0, 4.0, 1.0, -2.0, 5.0],
        vec![1.0, 0.3, 0.3, 1.0, 0.5, 0.0, 0.0, 2.0, 1.5, -0.4, -0.4, 0.7],
    )
    .unwrap();
    let (data, _) = truth.sample(n, &mut rng_from_seed(seed));
    let covs = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
    let start = Mixture::new(
        cov_type,
        vec![1.0 / 3.0; 3],
        vec![-1.0, 0.5, 3.0, 0.0, 0.0, 4.0],
        covs,
    )
    .unwrap();
    (data, start)
}

/// One M-step's pass made "elsewhere": each shard gathered on its own through the public API,
/// its posteriors copied in, then finished.
fn m_step_elsewhere(em: &mut Em, data: &Dataset) -> emviz_core::StepReport {
    let args = em
        .begin_m_step(data)
        .unwrap()
        .expect("an M-step is next")
        .clone();
    // As a worker does: the parameters rebuilt from their arguments.
    let model = args.build().unwrap();
    assert_eq!(Some(&model), em.pending_model());
    let (d, k) = (data.d(), model.k());
    let mut shards = Vec::new();
    for r in em.shard_ranges(data.n()) {
        let mut s = Stats::empty(&model);
        let mut post = vec![0.0; r.len() * k];
        s.accumulate_with_posteriors(&model, &data.values()[r.start * d..r.end * d], &mut post)
            .unwrap();
        em.pending_posteriors_mut().unwrap()[r.start * k..r.end * k].copy_from_slice(&post);
        shards.push(s);
    }
    em.finish_m_step(data, shards).unwrap()
}

#[test]
fn m_steps_made_elsewhere_equal_the_in_thread_sharded_steps() {
    for cov_type in CovarianceType::ALL {
        let (data, start) = data_and_start(cov_type, 50_000, 7);
        let mut here = Em::new_sharded(&data, start.clone(), RegCovar::default(), 8).unwrap();
        let mut there = Em::new_sharded(&data, start, RegCovar::default(), 8).unwrap();
        assert!(here.shard_ranges(data.n()).len() > 1);
        for _ in 0..6 {
            // In-thread: slices of 10 000 rows (not a divisor of the shards' length).
            let e = here.step_some(&data, 10_000).unwrap().unwrap();
            assert_eq!(e.half, HalfStep::E);
            let m = loop {
                if let Some(r) = here.step_some(&data, 10_000).unwrap() {
                    break r;
                }
            };
            // Elsewhere: the E-step, then the M-step's shards through the public API.
            assert_eq!(there.step(&data).unwrap(), e);
            assert!(there.m_step_next());
            let m2 = m_step_elsewhere(&mut there, &data);
            assert_eq!(m, m2, "{cov_type}");
            assert_eq!(here.model(), there.model(), "{cov_type}");
            assert_eq!(here.responsibilities(), there.responsibilities());
            assert_eq!(here.trace(), there.trace());
            assert_eq!(here.elbo_kl(), there.elbo_kl());
        }
        assert_eq!(here.checkpoint(), there.checkpoint());
        // Restoring a checkpoint (the page's history) gives the same state on both.
        let cp = here.checkpoint();
        there.restore(&data, &cp).unwrap();
        assert_eq!(here.responsibilities(), there.responsibilities());
        assert_eq!(here.elbo_kl(), there.elbo_kl());
    }
}

#[test]
fn a_sharded_run_agrees_with_the_sequential_one_to_rounding() {
    let (data, start) = data_and_start(CovarianceType::Full, 50_000, 3);
    let mut one = Em::new(&data, start.clone(), RegCovar::default()).unwrap();
    let mut eight = Em::new_sharded(&data, start, RegCovar::default(), 8).unwrap();
    for _ in 0..10 {
        one.iterate(&data).unwrap();
        eight.iterate(&data).unwrap();
    }
    let (a, b) = (one.log_likelihood(), eight.log_likelihood());
    assert!((a - b).abs() <= 1e-12 * a.abs(), "{a} vs {b}");
    for (x, y) in one.model().means().iter().zip(eight.model().means()) {
        assert!((x - y).abs() <= 1e-10 * (1.0 + x.abs()), "{x} vs {y}");
    }
    // One shard is exactly the sequential pass.
    let mut also_one = Em::new_sharded(&data, one.model().clone(), RegCovar::default(), 1).unwrap();
    let mut again = Em::new(&data, one.model().clone(), RegCovar::default()).unwrap();
    also_one.iterate(&data).unwrap();
    again.iterate(&data).unwrap();
    assert_eq!(also_one.checkpoint(), again.checkpoint());
}

#[test]
fn stale_or_foreign_statistics_are_refused() {
    let (data, start) = data_and_start(CovarianceType::Diag, 20_000, 1);
    let mut em = Em::new_sharded(&data, start.clone(), RegCovar::default(), 4).unwrap();
    // No M-step pending.
    assert!(em.finish_m_step(&data, vec![]).is_err());
    assert!(
        em.begin_m_step(&data).unwrap().is_none(),
        "an E-step is next"
    );
    em.step(&data).unwrap();
    em.begin_m_step(&data).unwrap().unwrap();
    // Statistics under other parameters (the start's) do not fit.
    let wrong: Vec<Stats> = em
        .shard_ranges(data.n())
        .into_iter()
        .map(|r| {
            let mut s = Stats::empty(&start);
            s.accumulate(&start, &data.values()[r.start * 2..r.end * 2])
                .unwrap();
            s
        })
        .collect();
    let before = em.checkpoint();
    assert!(em.finish_m_step(&data, wrong).is_err());
    assert_eq!(em.checkpoint(), before);
    assert!(em.step_pending());
}
