//! The public API as a newcomer would use it, one small example per task: parse → params → fit →
//! model JSON; the step-wise EM loop; the k-means loop; choosing K; the chapter's KL examples.

use emviz_core::{
    kl_divergence, parse_table, rng_from_seed, select_k, CovarianceType, Dataset, Em, Error,
    GmmParams, HalfStep, Init, Invalid, KMeans, Mixture, ModelJson, ParseOptions, RegCovar,
};

const TWO_BLOBS: &str = "\
eruptions,waiting
1.8,54
1.9,52
2.0,55
2.1,51
1.7,53
4.4,80
4.5,82
4.3,79
4.6,81
4.2,78
";

#[test]
fn parse_fit_and_save_the_model() {
    // Parse pasted text: the header and the delimiter are detected.
    let data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    assert_eq!((data.n(), data.d()), (10, 2));
    assert_eq!(data.names(), ["eruptions", "waiting"]);

    // Describe the fit, check it, run it.
    let params = GmmParams::new(2)
        .covariance_type(CovarianceType::Full)
        .n_init(3)
        .seed(42);
    params.check(&data).unwrap();
    let fit = params.fit(&data).unwrap();
    assert!(fit.converged);
    assert_eq!(fit.trace.len(), fit.n_iter + 1);
    assert_eq!(fit.model.k(), 2);
    let w = fit.model.weights();
    assert!(
        (w[0] - 0.5).abs() < 1e-6 && (w[1] - 0.5).abs() < 1e-6,
        "{w:?}"
    );

    // Use it: labels, responsibilities, scores.
    let labels = fit.model.predict(&data).unwrap();
    assert!(labels[..5].iter().all(|&l| l == labels[0]));
    assert!(labels[5..].iter().all(|&l| l != labels[0]));
    let proba = fit.model.predict_proba(&data).unwrap();
    assert_eq!(proba.len(), 10 * 2);
    let ll = fit.model.mean_log_likelihood(&data).unwrap();
    assert!((ll - fit.log_likelihood).abs() < 1e-12);
    let bic = fit.model.bic(&data).unwrap();
    assert!((bic - (-2.0 * 10.0 * ll + 11.0 * 10f64.ln())).abs() < 1e-9);

    // Save as scikit-learn-style JSON and load it back.
    let json = serde_json::to_string_pretty(&ModelJson::from_fit(&fit, &data).unwrap()).unwrap();
    for key in [
        "\"weights\"",
        "\"means\"",
        "\"covariances\"",
        "\"covariance_type\": \"full\"",
    ] {
        assert!(json.contains(key), "{json}");
    }
    let loaded: ModelJson = serde_json::from_str(&json).unwrap();
    assert_eq!(loaded.feature_names, ["eruptions", "waiting"]);
    let model = loaded.to_mixture().unwrap();
    assert_eq!(model.predict(&data).unwrap(), labels);
}

#[test]
fn the_books_start_and_a_scikit_learn_model() {
    let data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    // The book's start: given means, identity covariances, equal weights.
    let fit = GmmParams::new(2)
        .init(Init::Means {
            means: vec![0.0, 50.0, 0.0, 100.0],
            covariances: None,
            weights: None,
        })
        .reg_covar(0.0)
        .fit(&data)
        .unwrap();
    assert_eq!(Init::KMeansPlusPlus.name(), "kmeans++");
    assert!(fit.model.mean(0)[1] < fit.model.mean(1)[1]);

    // A model written by scikit-learn (diag covariances in its k × d shape) reads directly.
    let sk = r#"{"covariance_type": "diag", "weights": [0.5, 0.5],
                 "means": [[1.9, 53.0], [4.4, 80.0]],
                 "covariances": [[0.02, 2.0], [0.02, 2.0]]}"#;
    let model = serde_json::from_str::<ModelJson>(sk)
        .unwrap()
        .to_mixture()
        .unwrap();
    assert_eq!(model.covariance_type(), CovarianceType::Diag);
    assert_eq!(model.covariance(1), &[0.02, 0.0, 0.0, 2.0]);
    assert_eq!(
        model.predict(&data).unwrap(),
        [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    );

    // Draw new points from it, reproducibly.
    let (a, la) = model.sample(5, &mut rng_from_seed(1));
    let (b, lb) = model.sample(5, &mut rng_from_seed(1));
    assert_eq!((a, la), (b, lb));
}

#[test]
fn step_wise_em_loop() {
    let mut data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    let start = Mixture::with_means(CovarianceType::Full, vec![1.0, 50.0, 5.0, 90.0], 2).unwrap();
    let mut em = Em::new(&data, start, RegCovar::default()).unwrap();
    assert_eq!(em.trace().len(), 1);
    assert_eq!(em.last_half_step(), None);

    // `step` alternates E and M; every report carries ℓ, ELBO and KL.
    let mut halves = Vec::new();
    while !em.converged(1e-8) {
        let r = em.step(&data).unwrap();
        halves.push(r.half);
        match r.half {
            HalfStep::E => assert_eq!(r.kl, 0.0),
            HalfStep::M => assert!(r.kl >= 0.0),
        }
        let n_ll = r.log_likelihood * data.n() as f64;
        assert!((r.elbo + r.kl - n_ll).abs() <= 1e-9 * n_ll.abs().max(1.0));
        assert!(halves.len() < 200);
    }
    assert!(halves.chunks(2).all(|p| p == [HalfStep::E, HalfStep::M]));
    assert_eq!(em.iteration(), halves.len() / 2);
    assert_eq!(em.trace().len(), em.iteration() + 1);
    assert!(em.responsibilities().unwrap().len() == data.n() * 2);

    // A point added: the next half-step is an E-step on the grown data.
    data.push_row(&[3.0, 70.0]).unwrap();
    let r = em.step(&data).unwrap();
    assert_eq!(r.half, HalfStep::E);
    assert_eq!(em.responsibilities().unwrap().len(), 11 * 2);
    let r = em.iterate(&data).unwrap();
    assert_eq!(r.half, HalfStep::M);

    // A mean dragged by hand: the trace restarts.
    let mut means = em.model().means().to_vec();
    means[0] += 0.5;
    let moved = Mixture::new(
        CovarianceType::Full,
        em.model().weights().to_vec(),
        means,
        em.model().covariances().to_vec(),
    )
    .unwrap();
    em.set_model(&data, moved).unwrap();
    assert_eq!((em.iteration(), em.trace().len()), (0, 1));
    // An M-step needs an E-step first.
    assert!(matches!(
        em.m_step(&data),
        Err(Error::InvalidParameter(Invalid::MStepBeforeEStep))
    ));
}

#[test]
fn kmeans_loop() {
    let data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    let mut km = KMeans::new(&data, vec![1.0, 50.0, 5.0, 90.0]).unwrap();
    assert_eq!(km.k(), 2);
    loop {
        let changed = km.assign(&data).unwrap();
        if changed == 0 {
            break;
        }
        km.update(&data).unwrap();
    }
    assert_eq!(km.labels(), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert!((km.centers()[0] - 1.9).abs() < 1e-12 && (km.centers()[1] - 53.0).abs() < 1e-12);
    let inertia = km.inertia(&data);

    // Or all at once, from k-means++ seeds.
    let mut km2 = KMeans::plus_plus(&data, 2, &mut rng_from_seed(7)).unwrap();
    let run = km2.run(&data, 100).unwrap();
    assert!(run.converged);
    assert!((run.inertia - inertia).abs() < 1e-9);
}

#[test]
fn choosing_k() {
    let data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    let sel = select_k(
        &data,
        None,
        &GmmParams::new(1)
            .covariance_type(CovarianceType::Spherical)
            .check(&data)
            .unwrap(),
        3,
    )
    .unwrap();
    assert_eq!(sel.rows.len(), 3);
    assert_eq!(sel.best_bic, 2);
    assert!(sel
        .rows
        .iter()
        .all(|r| r.bic.is_some() && r.error.is_none()));
    assert_eq!(
        sel.rows[1].n_parameters,
        CovarianceType::Spherical.n_parameters(2, 2)
    );
    // The table serialises for the page / CLI.
    let json = serde_json::to_string(&sel).unwrap();
    assert!(json.contains("\"best_bic\":2"), "{json}");
}

#[test]
fn kl_divergence_of_the_chapters_coins() {
    let p = [0.7, 0.3];
    let round4 = |x: f64| (x * 1e4).round() / 1e4;
    assert_eq!(round4(kl_divergence(&p, &[0.5, 0.5]).unwrap()), 0.0823);
    assert_eq!(round4(kl_divergence(&p, &[0.2, 0.8]).unwrap()), 0.5827);
    assert_eq!(kl_divergence(&p, &p).unwrap(), 0.0);
    // Not symmetric.
    assert_ne!(
        kl_divergence(&[0.5, 0.5], &p).unwrap(),
        kl_divergence(&p, &[0.5, 0.5]).unwrap()
    );
    assert!(kl_divergence(&p, &[0.5, 0.4]).is_err());
}

#[test]
fn covariance_types_and_errors() {
    let t: CovarianceType = "Diagonal".parse().unwrap();
    assert_eq!(t, CovarianceType::Diag);
    assert_eq!(t.to_string(), "diag");
    assert_eq!(CovarianceType::ALL.len(), 4);
    assert_eq!(CovarianceType::Full.n_parameters(2, 2), 11);
    assert!("round"
        .parse::<CovarianceType>()
        .unwrap_err()
        .to_string()
        .contains("full"));

    // Errors are values with advice, never panics.
    let bad = parse_table("1 2\n3 x\n", &ParseOptions::default()).unwrap_err();
    let e: Error = bad.into();
    assert!(e.to_string().contains("line 2"), "{e}");
    let data = Dataset::from_rows(&[[1.0], [2.0]]).unwrap();
    let e = GmmParams::new(3).fit(&data).unwrap_err();
    assert_eq!(e, Error::TooFewPoints { n: 2, k: 3 });
    assert!(e.to_string().contains("lower K"));
}

/// A source of points whose every pass fails, as a file that went away would.
struct Vanishing {
    d: usize,
}

#[derive(Debug)]
struct Gone;

impl std::fmt::Display for Gone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the cache file went away")
    }
}

impl std::error::Error for Gone {}

impl emviz_core::source::Source for Vanishing {
    fn n(&self) -> usize {
        100
    }
    fn d(&self) -> usize {
        self.d
    }
    fn pass(
        &mut self,
        _: &Mixture,
        _: &emviz_core::Stats,
    ) -> emviz_core::Result<emviz_core::Stats> {
        Err(Error::Source(emviz_core::SourceFailure::new(Gone)))
    }
}

#[test]
fn a_sources_own_failure_comes_back_whole() {
    let data = parse_table(TWO_BLOBS, &ParseOptions::default()).unwrap();
    let mut source = Vanishing { d: data.d() };
    let err = GmmParams::new(2)
        .check(&data)
        .unwrap()
        .fit_on(&mut source, &data, &mut rng_from_seed(0), |_| Vec::new())
        .unwrap_err();
    let Error::Source(failure) = &err else {
        panic!("{err:?}")
    };
    assert!(failure.inner().downcast_ref::<Gone>().is_some());
    assert_eq!(err.to_string(), "the cache file went away");
    assert!(std::error::Error::source(&err).is_some());
}
