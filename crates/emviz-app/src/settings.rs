//! The page's fit settings as they come from its controls, checked before use: the form's text
//! read into [`Settings`] ([`Form::read`]), the settings checked against the data
//! ([`Settings::params`]), a seed from a JavaScript number ([`seed_from_number`]), and what a new
//! start changes ([`NewStart`]).

use std::str::FromStr;

use emviz_core::{CovarianceType, Dataset, GmmParams, GmmValidParams, Init};

use crate::error::{Error, Field, Problem};

/// The means of the book's start: (0, 50) and (0, 100).
pub const BOOK_MEANS: [f64; 4] = [0.0, 50.0, 0.0, 100.0];

/// How a run starts, as the page names it (`"book"`, `"kmeans++"`, `"random"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Start {
    /// The book's start: means (0, 50) and (0, 100), identity covariances (K = 2, two columns).
    #[default]
    Book,
    /// k-means++ seeding from the seed.
    KMeansPlusPlus,
    /// K random data points from the seed.
    Random,
}

impl Start {
    /// Every start, in the order the page offers them.
    pub const ALL: [Start; 3] = [Start::Book, Start::KMeansPlusPlus, Start::Random];

    /// The page's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Start::Book => "book",
            Start::KMeansPlusPlus => "kmeans++",
            Start::Random => "random",
        }
    }
}

impl FromStr for Start {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        Start::ALL
            .into_iter()
            .find(|start| start.as_str() == s.trim())
            .ok_or_else(|| Problem::UnknownStart { given: s.into() })
    }
}

/// The default `reg_covar` (scikit-learn's), which a new start takes instead of the book's 0.
pub const DEFAULT_REG_COVAR: f64 = 1e-6;

/// What "New start" (a fresh seed) changes besides the seed: the book's start and a zero
/// reg_covar belong to the book's one run, so a new start leaves them for k-means++ and
/// [`DEFAULT_REG_COVAR`]; other starts and reg_covars stay.
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// Settings of a run.
#[derive(Clone, Debug, PartialEq)]
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
/// Largest seed: 2⁵³ − 1, JavaScript's largest safe integer (a number holds every whole number
/// up to it exactly, and the page reads the seed back as one).
pub const SEED_MAX: u64 = (1 << 53) - 1;

/// The settings form as the page's controls hold it: every field as typed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Form<'a> {
    /// K.
    pub k: &'a str,
    /// The covariance type's name.
    pub covariance_type: &'a str,
    /// The start's name ([`Start::as_str`]).
    pub init: &'a str,
    /// The seed.
    pub seed: &'a str,
    /// The tolerance.
    pub tol: &'a str,
    /// Max iterations.
    pub max_iter: &'a str,
    /// reg_covar.
    pub reg_covar: &'a str,
}

impl Form<'_> {
    /// The settings the form gives, each field checked: a number where one is due, a whole one
    /// in its range for K, the seed and max iterations. (Settings that depend on the data are
    /// checked by [`Settings::params`].)
    pub fn read(&self) -> Result<Settings, Error> {
        Ok(Settings {
            k: whole(Field::K, self.k, 1, MAX_K as u64)? as usize,
            covariance_type: self.covariance_type.parse()?,
            init: self.init.parse()?,
            seed: whole(Field::Seed, self.seed, 0, SEED_MAX)?,
            tol: number(Field::Tolerance, self.tol)?,
            max_iter: whole(
                Field::MaxIterations,
                self.max_iter,
                1,
                MAX_ITER_LIMIT as u64,
            )? as usize,
            reg_covar: number(Field::RegCovar, self.reg_covar)?,
        })
    }
}

/// A finite number typed into `field`.
pub fn number(field: Field, raw: &str) -> Result<f64, Problem> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| Problem::NotANumber {
            field,
            raw: raw.into(),
        })
}

/// A whole number from `min` to `max` typed into `field`.
pub fn whole(field: Field, raw: &str, min: u64, max: u64) -> Result<u64, Problem> {
    whole_of(field, number(field, raw)?, min, max).map_err(|_| Problem::NotWholeNumber {
        field,
        raw: raw.into(),
        min,
        max,
    })
}

/// `value` as a whole number from `min` to `max` (`field` names it in the error).
pub fn whole_of(field: Field, value: f64, min: u64, max: u64) -> Result<u64, Problem> {
    if value.fract() == 0.0 && value >= min as f64 && value <= max as f64 {
        Ok(value as u64)
    } else {
        Err(Problem::NotWholeNumber {
            field,
            raw: format!("{value}"),
            min,
            max,
        })
    }
}

/// A seed given as a JavaScript number: a whole number from 0 to [`SEED_MAX`].
pub fn seed_from_number(seed: f64) -> Result<u64, Problem> {
    whole_of(Field::Seed, seed, 0, SEED_MAX)
}

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
        if self.seed > SEED_MAX {
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
        let half = NewStart::from(Start::Book, 0.5);
        assert_eq!((half.init, half.reg_covar), (Start::KMeansPlusPlus, 0.5));
    }

    fn form<'a>(seed: &'a str, max_iter: &'a str, tol: &'a str) -> Form<'a> {
        Form {
            k: "3",
            covariance_type: "diag",
            init: "kmeans++",
            seed,
            tol,
            max_iter,
            reg_covar: " 1e-6 ",
        }
    }

    #[test]
    fn the_form_is_read_and_each_field_checked() {
        let s = form("7", "50", "0.001").read().unwrap();
        assert_eq!(
            (s.k, s.covariance_type, s.init),
            (3, CovarianceType::Diag, Start::KMeansPlusPlus)
        );
        assert_eq!(
            (s.seed, s.max_iter, s.tol, s.reg_covar),
            (7, 50, 1e-3, 1e-6)
        );
        let problem = |f: Form| match f.read().unwrap_err() {
            Error::Invalid(p) => p,
            e => panic!("{e}"),
        };
        assert!(matches!(
            problem(form("7", "50", "abc")),
            Problem::NotANumber {
                field: Field::Tolerance,
                ..
            }
        ));
        assert!(matches!(
            problem(form("7", "50", "")),
            Problem::NotANumber { .. }
        ));
        assert!(matches!(
            problem(form("7", "50", "inf")),
            Problem::NotANumber { .. }
        ));
        for seed in ["-1", "1.5", "9007199254740992"] {
            assert!(
                matches!(
                    problem(form(seed, "50", "1")),
                    Problem::NotWholeNumber {
                        field: Field::Seed,
                        ..
                    }
                ),
                "{seed}"
            );
        }
        assert!(matches!(
            problem(form("1", "0", "1")),
            Problem::NotWholeNumber {
                field: Field::MaxIterations,
                min: 1,
                ..
            }
        ));
        let bad_start = Form {
            init: "middle",
            ..form("1", "5", "1")
        };
        assert_eq!(
            problem(bad_start),
            Problem::UnknownStart {
                given: "middle".into()
            }
        );
        assert!(form("1", "5", "1").read().is_ok());
        assert_eq!(seed_from_number(4.0), Ok(4));
        assert!(seed_from_number(f64::NAN).is_err() && seed_from_number(-1.0).is_err());
        assert_eq!(seed_from_number(SEED_MAX as f64), Ok(SEED_MAX));
    }

    #[test]
    fn every_start_is_read_back_from_its_name() {
        for start in Start::ALL {
            assert_eq!(start.as_str().parse::<Start>(), Ok(start));
        }
    }
}
