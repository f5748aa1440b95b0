//! `n_init`'s rule, one start at a time: the best final log-likelihood wins (the first of equals),
//! failed starts are skipped and counted, and if every start failed the first error is the fit's.

use emviz_core::driver::RunOutcome;
use emviz_core::{BestStart, CovarianceType, Error, Invalid, Mixture};

fn outcome(mean: f64, trace: &[f64]) -> RunOutcome {
    let model = Mixture::new(
        CovarianceType::Full,
        vec![1.0],
        vec![mean, 0.0],
        vec![1.0, 0.0, 0.0, 1.0],
    )
    .unwrap();
    RunOutcome {
        model,
        trace: trace.to_vec(),
        n_iter: trace.len() - 1,
        converged: true,
    }
}

/// A failed start, told apart by `which`.
fn failure(which: f64) -> Error {
    Invalid::Tol { value: which }.into()
}

#[test]
fn the_best_final_log_likelihood_wins_and_failures_are_counted() {
    let mut best = BestStart::new();
    best.offer(Err(failure(1.0)));
    best.offer(Ok(outcome(1.0, &[-5.0, -2.0])));
    best.offer(Ok(outcome(2.0, &[-9.0, -1.0])));
    best.offer(Ok(outcome(3.0, &[-3.0, -1.0])));
    best.offer(Err(failure(2.0)));
    assert_eq!(best.tried(), 5);
    let fit = best.finish(|m| m.warnings_for(10, &[1.0, 1.0])).unwrap();
    assert_eq!(fit.model.mean(0), &[2.0, 0.0], "the first of equals");
    assert_eq!(
        (fit.log_likelihood, fit.n_iter, fit.failed_starts),
        (-1.0, 1, 2)
    );
    assert_eq!(fit.trace, vec![-9.0, -1.0]);
}

#[test]
fn when_every_start_fails_the_first_error_is_the_fits() {
    let mut best = BestStart::new();
    best.offer(Err(failure(1.0)));
    best.offer(Err(failure(2.0)));
    match best.finish(|_| Vec::new()) {
        Err(e) => assert_eq!(e, failure(1.0)),
        other => panic!("{other:?}"),
    }
    assert!(BestStart::new().finish(|_| Vec::new()).is_err());
}
