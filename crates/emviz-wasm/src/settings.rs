//! The page's fit settings as they come from its controls, checked before use.

use emviz_core::{CovarianceType, Dataset, GmmParams, Init};

use crate::error::{Error, Problem};
use serde::{Deserialize, Serialize};

/// The means of the book's start: (0, 50) and (0, 100).
pub const BOOK_MEANS: [f64; 4] = [0.0, 50.0, 0.0, 100.0];

/// How a run starts, as the page names it (`"book"`, `"kmeans++"`, `"random"` in JS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Start {
    /// The book's start: means (0, 50) and (0, 100), identity covariances (K = 2, two columns).
    #[default]
    #[serde(rename = "book")]
    Book,
    /// k-means++ seeding from the seed.
    #[serde(rename = "kmeans++")]
    KMeansPlusPlus,
    /// K random data points from the seed.
    #[serde(rename = "random")]
    Random,
}

impl Start {
    /// The page's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Start::Book => "book",
            Start::KMeansPlusPlus => "kmeans++",
            Start::Random => "random",
        }
    }
}

/// Settings of a run, as the page's controls give them (camelCase in JS).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Number of components (1–10).
    pub k: usize,
    /// `full`, `diag`, `spherical` or `tied`.
    pub covariance_type: CovarianceType,
    /// How the run starts.
    pub init: Start,
    /// Seed of every random choice.
    pub seed: u64,
    /// Stop when the mean log-likelihood changes by less than this.
    pub tol: f64,
    /// Stop after this many iterations.
    pub max_iter: usize,
    /// Added to every variance in M-steps.
    pub reg_covar: f64,
}

impl Default for Settings {
    /// The book's run: K = 2, full covariances, the book's start, tol 1e-4, reg_covar 0.
    fn default() -> Self {
        Self {
            k: 2,
            covariance_type: CovarianceType::Full,
            init: Start::Book,
            seed: 0,
            tol: 1e-4,
            max_iter: 100,
            reg_covar: 0.0,
        }
    }
}

/// Largest K the page offers.
pub const MAX_K: usize = 10;
/// Largest max_iter the page accepts.
pub const MAX_ITER_LIMIT: usize = 100_000;

impl Settings {
    /// Whether the book's start applies to data with `d` columns.
    pub fn book_applies(&self, d: usize) -> bool {
        self.k == 2 && d == 2
    }

    /// Checks the settings against the data and turns them into the core's parameters.
    pub fn params(&self, data: &Dataset) -> Result<GmmParams, Error> {
        if !(1..=MAX_K).contains(&self.k) {
            return Err(Problem::KRange {
                k: self.k,
                max: MAX_K,
            }
            .into());
        }
        if !(1..=MAX_ITER_LIMIT).contains(&self.max_iter) {
            return Err(Problem::MaxIterRange {
                value: self.max_iter,
                max: MAX_ITER_LIMIT,
            }
            .into());
        }
        if self.seed > (1 << 53) {
            return Err(Problem::SeedRange.into());
        }
        let init = match self.init {
            Start::Book if self.book_applies(data.d()) => Init::Means {
                means: BOOK_MEANS.to_vec(),
                covariances: None,
                weights: None,
            },
            Start::Book => return Err(Problem::BookStart.into()),
            Start::KMeansPlusPlus => Init::KMeansPlusPlus,
            Start::Random => Init::Random,
        };
        let params = GmmParams::new(self.k)
            .covariance_type(self.covariance_type)
            .init(init)
            .seed(self.seed)
            .tol(self.tol)
            .max_iter(self.max_iter)
            .reg_covar(self.reg_covar);
        params.check(data)?;
        Ok(params)
    }
}
