//! EM's loop driving a pass the caller makes (`driver::drive`): a pass gathered shard by shard
//! through the public `Stats` API (as Web Workers or Spark's executors make it) gives the core's
//! own fit bit for bit; scikit-learn's order is the book's loop one M-step on, with its lower
//! bounds the book's trace; the loop's edges (no iteration, a warm start, a shifted first bound,
//! a pass that fails) behave as documented.

use emviz_core::driver::{drive, run, run_on, Order, RunOutcome};
use emviz_core::source::shard_ranges;
use emviz_core::{
    parse_table, CovarianceType, Dataset, Error, InMemory, LoopParams, Mixture, ParseOptions, Stats,
};

fn old_faithful() -> Dataset {
    let text = include_str!("../../../data/old_faithful.txt");
    parse_table(text, &ParseOptions::default()).unwrap()
}

/// The book's start for a covariance type.
fn book_start(t: CovarianceType) -> Mixture {
    Mixture::with_means(t, vec![0.0, 50.0, 0.0, 100.0], 2).unwrap()
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn same(a: &RunOutcome, b: &RunOutcome) {
    assert_eq!(a.model, b.model);
    assert_eq!(bits(&a.trace), bits(&b.trace));
    assert_eq!((a.n_iter, a.converged), (b.n_iter, b.converged));
}

/// A pass made as a cluster makes it: each shard's statistics gathered on their own from
/// `Stats::empty`-like copies, then merged on the "driver" in shard order (a fixed tree).
fn pass_by_shards(
    data: &Dataset,
    shards: usize,
) -> impl FnMut(&Mixture, &Stats) -> Result<Stats, Error> + '_ {
    move |model, empty| {
        let d = data.d();
        let parts = shard_ranges(data.n(), shards)
            .into_iter()
            .map(|r| {
                let mut s = empty.cleared();
                s.accumulate(model, &data.values()[r.start * d..r.end * d])?;
                Ok(s)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Stats::merge_tree(parts)?.expect("at least one shard"))
    }
}

#[test]
fn a_pass_gathered_shard_by_shard_elsewhere_gives_the_fit_bit_for_bit() {
    // Enough points for several shards (at least 8192 rows each).
    let (data, _) =
        book_start(CovarianceType::Full).sample(40_000, &mut emviz_core::rng_from_seed(5));
    let params = LoopParams::new(1e-6, 1e-8, 30).unwrap();
    for t in CovarianceType::ALL {
        let start = Mixture::with_means(t, vec![1.0, 45.0, -1.0, 110.0], 2).unwrap();
        for shards in [1, 3] {
            let here = run_on(&mut InMemory::new(&data, shards), start.clone(), &params).unwrap();
            let there = drive(
                start.clone(),
                &params,
                Order::Book,
                pass_by_shards(&data, shards),
            )
            .unwrap();
            same(&here, &there);
        }
    }
}

/// scikit-learn's loop stops one M-step past the book's, and its lower bounds are the book's
/// trace, bit for bit, for every covariance type; it makes no pass under its last parameters.
#[test]
fn scikit_learns_order_is_the_books_loop_one_m_step_on() {
    let data = old_faithful();
    let params = LoopParams::new(0.0, 1e-4, 100).unwrap();
    let sklearn = Order::ScikitLearn {
        start_bound: f64::NEG_INFINITY,
        first_shift: 0.0,
    };
    for t in CovarianceType::ALL {
        let book = run(&data, book_start(t), &params).unwrap();
        let mut passes = 0;
        let mut source = InMemory::new(&data, 1);
        let ours = drive(book_start(t), &params, sklearn, |m, e| {
            passes += 1;
            emviz_core::Source::pass(&mut source, m, e)
        })
        .unwrap();
        assert!(book.converged && ours.converged, "{t}");
        assert_eq!(ours.n_iter, book.n_iter + 1, "{t}");
        assert_eq!(bits(&ours.trace), bits(&book.trace), "{t}");
        assert_eq!(
            passes, ours.n_iter,
            "{t}: one pass per iteration, none after the last"
        );
        let one_more = run(&data, book.model, &LoopParams::new(0.0, 0.0, 1).unwrap()).unwrap();
        assert_eq!(ours.model, one_more.model, "{t}");
    }
}

#[test]
fn the_books_run_through_the_driver() {
    // The book's run on Old Faithful: iteration 9, weights 0.35595101391670264 / 0.6440489860832974.
    let data = old_faithful();
    let params = LoopParams::new(0.0, 1e-4, 100).unwrap();
    let mut source = InMemory::new(&data, 1);
    let out = drive(
        book_start(CovarianceType::Full),
        &params,
        Order::Book,
        |m, e| emviz_core::Source::pass(&mut source, m, e),
    )
    .unwrap();
    assert_eq!(out.n_iter, 9);
    assert_eq!(out.trace.len(), 10);
    assert_eq!(
        out.model.weights(),
        [0.35595101391670264, 0.6440489860832974]
    );
}

/// The in-memory pass on one thread, as a closure.
fn in_memory(data: &Dataset) -> impl FnMut(&Mixture, &Stats) -> Result<Stats, Error> + '_ {
    let mut source = InMemory::new(data, 1);
    move |m, e| emviz_core::Source::pass(&mut source, m, e)
}

#[test]
fn the_loops_edges() {
    let data = old_faithful();
    let start = book_start(CovarianceType::Diag);
    let sklearn = |start_bound, first_shift| Order::ScikitLearn {
        start_bound,
        first_shift,
    };
    // No iteration: the start, with its log-likelihood in the book's order and nothing in
    // scikit-learn's.
    let none = LoopParams::new(0.0, 1e-4, 0).unwrap();
    let book = drive(start.clone(), &none, Order::Book, in_memory(&data)).unwrap();
    assert_eq!(
        (book.n_iter, book.trace.len(), book.converged),
        (0, 1, false)
    );
    assert_eq!(book.model, start);
    let sk = drive(
        start.clone(),
        &none,
        sklearn(f64::NEG_INFINITY, 0.0),
        in_memory(&data),
    )
    .unwrap();
    assert_eq!((sk.n_iter, sk.trace.len(), sk.converged), (0, 0, false));
    // A shift moves the first bound only.
    let three = LoopParams::new(0.0, 0.0, 3).unwrap();
    let plain = drive(
        start.clone(),
        &three,
        sklearn(f64::NEG_INFINITY, 0.0),
        in_memory(&data),
    )
    .unwrap();
    let shifted = drive(
        start.clone(),
        &three,
        sklearn(f64::NEG_INFINITY, -0.5),
        in_memory(&data),
    )
    .unwrap();
    assert_eq!(shifted.trace[0], plain.trace[0] - 0.5);
    assert_eq!(bits(&shifted.trace[1..]), bits(&plain.trace[1..]));
    assert_eq!(shifted.model, plain.model);
    // A warm start whose last bound is the start's log-likelihood stops after one iteration.
    let ll0 = plain.trace[0];
    let warm = drive(
        start.clone(),
        &LoopParams::new(0.0, 1e-4, 100).unwrap(),
        sklearn(ll0, 0.0),
        in_memory(&data),
    )
    .unwrap();
    assert_eq!((warm.n_iter, warm.converged), (1, true));
    // tol = 0 runs every iteration.
    assert_eq!((plain.n_iter, plain.converged), (3, false));
}

/// The pass's own failure (here a type of the caller's) ends the loop and comes back whole; the
/// loop's own errors convert into it.
#[test]
fn a_failing_pass_ends_the_loop_with_its_error() {
    #[derive(Debug, PartialEq)]
    enum Failure {
        Cluster(usize),
        Core(Error),
    }
    impl From<Error> for Failure {
        fn from(e: Error) -> Self {
            Failure::Core(e)
        }
    }
    let data = old_faithful();
    let params = LoopParams::new(0.0, 1e-4, 100).unwrap();
    let mut source = InMemory::new(&data, 1);
    let mut calls = 0;
    let out = drive(
        book_start(CovarianceType::Full),
        &params,
        Order::Book,
        |m, e| {
            calls += 1;
            if calls == 4 {
                return Err(Failure::Cluster(calls));
            }
            Ok(emviz_core::Source::pass(&mut source, m, e)?)
        },
    );
    assert_eq!(out.unwrap_err(), Failure::Cluster(4));
}
