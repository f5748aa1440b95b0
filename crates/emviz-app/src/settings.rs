//! The page's fit settings as they come from its controls, checked before use.

use emviz_core::{CovarianceType, Dataset, GmmParams, GmmValidParams, Init};

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

/// The default `reg_covar` (scikit-learn's), which a new start takes instead of the book's 0.
pub const DEFAULT_REG_COVAR: f64 = 1e-6;

/// The rules the page's controls follow, for JavaScript to read instead of keeping copies
/// (`Session::rules()`; camelCase in JS).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rules {
    /// The smallest K offered.
    pub k_min: usize,
    /// The largest K offered ([`MAX_K`]).
    pub k_max: usize,
    /// Component `j`'s colour is `palette[j % palette.len()]`, as CSS `#rrggbb`
    /// ([`crate::palette::PALETTE`]).
    pub palette: Vec<String>,
}

/// The page's rules.
pub fn rules() -> Rules {
    Rules {
        k_min: 1,
        k_max: MAX_K,
        palette: crate::palette::PALETTE
            .iter()
            .map(|c| crate::palette::css(*c))
            .collect(),
    }
}

/// What "New start" (a fresh seed) changes besides the seed: the book's start and a zero
/// reg_covar belong to the book's one run, so a new start leaves them for k-means++ and
/// [`DEFAULT_REG_COVAR`]; other starts and reg_covars stay.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewStart {
    /// The start to use.
    pub init: Start,
    /// The reg_covar to use.
    pub reg_covar: f64,
}

impl NewStart {
    /// The new start's `init` and `reg_covar` from the current ones.
    pub fn from(init: Start, reg_covar: f64) -> Self {
        Self {
            init: if init == Start::Book {
                Start::KMeansPlusPlus
            } else {
                init
            },
            reg_covar: if reg_covar == 0.0 {
                DEFAULT_REG_COVAR
            } else {
                reg_covar
            },
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
    /// These settings for data other than the book's: the book's start (means (0, 50) and
    /// (0, 100), reg_covar = 0) belongs to the book's data — elsewhere it would leave a component
    /// with no points — so it gives way to k-means++ with a reg_covar of at least
    /// [`DEFAULT_REG_COVAR`]; other starts stay as they are.
    pub fn without_books_start(&self) -> Settings {
        let mut s = self.clone();
        if s.init == Start::Book {
            s.init = Start::KMeansPlusPlus;
            s.reg_covar = s.reg_covar.max(DEFAULT_REG_COVAR);
        }
        s
    }

    /// Whether the book's start applies to data with `d` columns.
    pub fn book_applies(&self, d: usize) -> bool {
        self.k == 2 && d == 2
    }

    /// Checks the settings against the data and turns them into the core's checked parameters:
    /// first the rules of the page's controls (K offered, max_iter, the seed a link carries, the
    /// book's start), then the core's one check of the fit.
    pub fn params(&self, data: &Dataset) -> Result<GmmValidParams, Error> {
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
        Ok(GmmParams::new(self.k)
            .covariance_type(self.covariance_type)
            .init(init)
            .seed(self.seed)
            .tol(self.tol)
            .max_iter(self.max_iter)
            .reg_covar(self.reg_covar)
            .check(data)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_data_leave_the_books_start() {
        let book = Settings::default();
        let other = book.without_books_start();
        assert_eq!(
            (other.init, other.reg_covar),
            (Start::KMeansPlusPlus, DEFAULT_REG_COVAR)
        );
        assert_eq!(
            (other.k, other.seed, other.tol),
            (book.k, book.seed, book.tol)
        );
        let random = Settings {
            init: Start::Random,
            reg_covar: 0.0,
            ..book
        };
        assert_eq!(random.without_books_start(), random);
    }

    #[test]
    fn a_new_start_leaves_the_books_start_and_a_zero_reg_covar() {
        let fresh = NewStart::from(Start::Book, 0.0);
        assert_eq!(
            (fresh.init, fresh.reg_covar),
            (Start::KMeansPlusPlus, DEFAULT_REG_COVAR)
        );
        let kept = NewStart::from(Start::Random, 1e-3);
        assert_eq!((kept.init, kept.reg_covar), (Start::Random, 1e-3));
        let json = serde_json::to_string(&NewStart::from(Start::Book, 0.5)).unwrap();
        assert_eq!(json, r#"{"init":"kmeans++","regCovar":0.5}"#);
    }

    #[test]
    fn the_rules_give_the_k_range_and_the_palette_in_css() {
        let r = rules();
        assert_eq!((r.k_min, r.k_max), (1, MAX_K));
        assert_eq!(r.palette.len(), crate::palette::PALETTE.len());
        assert_eq!(r.palette[0], "#0072b2");
        assert_eq!(r.palette[1], "#e69f00");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with(r##"{"kMin":1,"kMax":10,"palette":["#0072b2""##));
    }
}
