//! Times the step-wise `Em` (what the page runs) against the lean `driver::run` loop (what `fit` and
//! the CLI run) on synthetic 2-D data: `cargo run --release -p emviz-core --example step_timing [N]`.

use std::time::Instant;

use emviz_core::{driver, rng_from_seed, CovarianceType, Em, GmmParams, Init, Mixture};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let truth = Mixture::new(
        CovarianceType::Full,
        vec![0.2; 5],
        vec![0.0, 0.0, 4.0, 5.0, 8.0, 0.0, 12.0, 5.0, 16.0, 0.0],
        (0..5).flat_map(|_| [1.0, 0.0, 0.0, 1.0]).collect(),
    )
    .expect("valid");
    let (data, _) = truth.sample(n, &mut rng_from_seed(42));
    let params = GmmParams::new(5)
        .init(Init::Random)
        .seed(0)
        .check(&data)
        .expect("valid");
    let start = params
        .initial_model(&data, &mut rng_from_seed(0))
        .expect("start");
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);

    let t = Instant::now();
    let lean_params = emviz_core::LoopParams::new(1e-6, 0.0, iters).expect("valid");
    let out = driver::run(&data, start.clone(), &lean_params).expect("run");
    let lean = t.elapsed().as_secs_f64() * 1e3 / iters as f64;
    assert_eq!(out.n_iter, iters);

    let mut stepwise = Em::new(&data, start, params.reg_covar()).expect("em");
    let t = Instant::now();
    for _ in 0..iters {
        stepwise.iterate(&data).expect("iterate");
    }
    let steps = t.elapsed().as_secs_f64() * 1e3 / iters as f64;
    let t = Instant::now();
    let labels = stepwise.model().predict(&data).expect("predict");
    let predict = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let mut acc = 0.0;
    for i in 0..n * 5 {
        acc += emviz_core::fastmath::exp((i % 1000) as f64 * -0.01);
    }
    let exps = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "predict (densities only) {predict:.2} ms; {} exps {exps:.2} ms ({acc:.1}, {})",
        n * 5,
        labels.len()
    );
    println!("N = {n}: lean loop {lean:.2} ms/iteration, step-wise Em {steps:.2} ms/iteration");
}
