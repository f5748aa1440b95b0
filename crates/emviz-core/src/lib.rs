//! # emviz-core
//!
//! The mathematics of emviz, in pure Rust with no web dependencies: Gaussian mixture models fitted
//! by the EM algorithm (as in *Deep Learning from Scratch 5*, chapter 5), step by step or to
//! convergence, plus everything around it.
//!
//! | module | what it holds |
//! |---|---|
//! | [`data`], [`parse`] | the [`Dataset`] table and the parser for pasted CSV / TSV / whitespace text |
//! | [`mixture`] | [`Mixture`]: parameters, densities, responsibilities, labels, sampling, BIC/AIC |
//! | [`covariance`] | [`CovarianceType`] (`full`, `diag`, `spherical`, `tied`) and the M-step |
//! | [`em`] | step-wise [`Em`] (E- and M-half-steps with ELBO and KL) and the lean [`em::run`] loop |
//! | [`init`], [`fit`] | starting points (k-means++, random, given means) and [`GmmParams`] → [`Fit`] |
//! | [`kmeans`] | Lloyd's k-means with the same assign / update shape |
//! | [`select`] | fitting K = 1..K_max and picking K by BIC / AIC |
//! | [`stats`] | [`Stats`]: one EM pass's mergeable sufficient statistics, and the M-step from them |
//! | [`source`] | [`Source`]: where a fit's points live ([`InMemory`], split over threads) |
//! | [`kl`] | KL divergence of discrete distributions |
//! | [`model_json`] | the model as scikit-learn-compatible JSON |
//! | `fused` (private) | the one pass over the data that both EM loops share (E-step and sums) |
//! | [`linalg`] | Cholesky factors, triangular solves, log-determinants, ellipse axes (on nalgebra) |
//! | [`fastmath`], [`rng`] | platform-exact `exp`/`ln`, seeded RNG |
//! | [`error`] | [`Error`], the one error type; its messages say what to do |
//!
//! Every random choice comes from a seed, and the arithmetic is the same natively and in wasm, so
//! a seed reproduces a run everywhere. Nothing here panics on user input: errors are [`Error`]
//! values whose messages say what is wrong and what to do.
//!
//! ```
//! use emviz_core::{parse_table, GmmParams, Init, ParseOptions};
//! let text = "1.0 2.0\n1.2 1.9\n0.9 2.2\n5.0 6.0\n5.1 6.2\n4.8 5.9\n";
//! let data = parse_table(text, &ParseOptions::default()).unwrap();
//! let fit = GmmParams::new(2)
//!     .init(Init::Means { means: vec![0.0, 0.0, 6.0, 6.0], covariances: None, weights: None })
//!     .fit(&data)
//!     .unwrap();
//! assert!(fit.converged);
//! assert!((fit.model.weights()[0] - 0.5).abs() < 1e-6);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod covariance;
pub mod data;
// `!(x >= 0.0)` is the NaN-rejecting range test; `fused` walks packed triangles by index.
#[allow(clippy::neg_cmp_op_on_partial_ord, reason = "rejects NaN on purpose")]
pub mod em;
pub mod error;
pub mod fastmath;
#[allow(clippy::neg_cmp_op_on_partial_ord, reason = "rejects NaN on purpose")]
pub mod fit;
#[allow(clippy::needless_range_loop, reason = "packed-triangle indices")]
mod fused;
pub mod init;
pub mod kl;
pub mod kmeans;
pub mod linalg;
pub mod mixture;
pub mod model_json;
pub mod parse;
pub mod pca;
pub mod rng;
pub mod select;
pub mod source;
pub mod stats;

pub use covariance::CovarianceType;
pub use data::Dataset;
pub use em::{Checkpoint, Em, HalfStep, StepReport};
pub use error::{CollapseReason, Distribution, Error, Invalid, Result, Shape, SourceFailure};
pub use fit::{BestStart, Fit, GmmParams, Init};
pub use kl::kl_divergence;
pub use kmeans::{KMeans, KMeansRun};
pub use mixture::{ComponentWarning, Mixture, WarningKind};
pub use model_json::{Covariances, ModelJson};
pub use parse::{
    parse_table, ColumnSelection, HeaderMode, ParseError, ParseErrorKind, ParseOptions, RowReader,
};
pub use rng::{rng_from_seed, EmRng};
pub use select::{select_k, Selection, SelectionRow};
pub use source::{available_threads, InMemory, Source};
pub use stats::{MStep, Stats};
