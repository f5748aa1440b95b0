//! The page's fit settings as they come from its controls, checked before use: the form's text
//! read into [`Settings`] ([`Form::read`]), the settings checked against the data
//! ([`Settings::params`]) and a seed from a JavaScript number ([`seed_from_number`]).

use emviz_core::rules::{BOOK, DEFAULTS, K_MAX, K_MIN, SEED_MAX};
use emviz_core::{CovarianceType, Dataset, GmmParams, GmmValidParams, Init, ModelName};

use crate::error::{Error, Field, Problem};
pub use crate::method::Method;
use crate::start::{default_start, Start};

/// Settings of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Number of components ([`K_MIN`] to [`K_MAX`]).
    pub k: usize,
    /// `full`, `tied`, `diag` or `spherical` (with `model`: the model's pass type,
    /// [`ModelName::pass_type`]).
    pub covariance_type: CovarianceType,
    /// One of mclust's models other than scikit-learn's four ([`Settings::with_model`]), whose
    /// M-step the run takes; None: the covariance type's own.
    pub model: Option<ModelName>,
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
    /// EM or variational Bayes.
    pub method: Method,
    /// Variational Bayes's weight concentration prior γ₀/α₀ (`None`: scikit-learn's default 1/K;
    /// set by the concentration panel, [`crate::concentration`]; checked by
    /// [`crate::concentration::check`]).
    pub concentration: Option<f64>,
}

impl Default for Settings {
    /// The book's run, the page's first: the book's start with its K and reg_covar ([`BOOK`]),
    /// the core's [`DEFAULTS`] otherwise (full covariances, seed 0, tol 1e-4, 100 iterations).
    fn default() -> Self {
        Self {
            k: BOOK.k,
            covariance_type: DEFAULTS.covariance_type,
            model: None,
            init: Start::Book,
            seed: DEFAULTS.seed,
            tol: DEFAULTS.tol,
            max_iter: DEFAULTS.max_iter,
            reg_covar: BOOK.reg_covar,
            method: Method::Em,
            concentration: None,
        }
    }
}

/// Largest max_iter the page accepts.
pub const MAX_ITER_LIMIT: usize = 100_000;

/// The settings form as the page's controls hold it: every field as typed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Form<'a> {
    /// K.
    pub k: &'a str,
    /// The covariance type's name or one of mclust's models' ([`covariance_of`]).
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
    /// The method's name ([`Method::name`]; none: EM).
    pub method: Option<&'a str>,
}

impl Form<'_> {
    /// The settings the form gives, each field checked: a number where one is due, a whole one
    /// in its range for K, the seed and max iterations. (Settings that depend on the data are
    /// checked by [`Settings::params`].)
    pub fn read(&self) -> Result<Settings, Error> {
        let model = covariance_of(self.covariance_type)?;
        Ok(Settings {
            k: whole(Field::K, self.k, K_MIN as u64, K_MAX as u64)? as usize,
            covariance_type: model.pass_type(),
            model: model.covariance_type().is_none().then_some(model),
            init: Start::from_name(self.init).ok_or_else(|| Problem::UnknownStart {
                given: self.init.into(),
            })?,
            seed: whole(Field::Seed, self.seed, 0, SEED_MAX)?,
            tol: number(Field::Tolerance, self.tol)?,
            max_iter: whole(
                Field::MaxIterations,
                self.max_iter,
                1,
                MAX_ITER_LIMIT as u64,
            )? as usize,
            reg_covar: number(Field::RegCovar, self.reg_covar)?,
            method: match self.method {
                None => Method::Em,
                Some(name) => Method::from_name(name)
                    .ok_or_else(|| Problem::UnknownMethod { given: name.into() })?,
            },
            // The form has no concentration: the panel's slider sets it.
            concentration: None,
        })
    }
}

/// The covariance model a setting names: one of scikit-learn's four types by its name or alias
/// (`full` is mclust's `VVV`) or one of mclust's fourteen models (`VEV`); anything else is the
/// core's unknown-covariance-type error.
pub fn covariance_of(text: &str) -> Result<ModelName, Error> {
    match ModelName::from_name(text) {
        Some(model) => Ok(model),
        None => Ok(ModelName::of_covariance_type(text.parse()?)),
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

/// A seed given as a JavaScript number: a whole number from 0 to the core's [`SEED_MAX`]
/// (2⁵³: every face carries it exactly).
pub fn seed_from_number(seed: f64) -> Result<u64, Problem> {
    whole_of(Field::Seed, seed, 0, SEED_MAX)
}

impl Settings {
    /// These settings with covariance model `model` (scikit-learn's four as their types).
    pub fn with_model(self, model: ModelName) -> Settings {
        Settings {
            covariance_type: model.pass_type(),
            model: model.covariance_type().is_none().then_some(model),
            ..self
        }
    }

    /// The run's covariance model, by mclust's name (`VVV` for full covariances).
    pub fn model_name(&self) -> ModelName {
        (self.model).unwrap_or(ModelName::of_covariance_type(self.covariance_type))
    }

    /// What the page's controls and links call the covariance setting: the type's name
    /// (`full`) or, for mclust's other models, the model's (`VEV`).
    pub fn covariance_name(&self) -> &'static str {
        match self.model {
            Some(model) => model.name(),
            None => self.covariance_type.name(),
        }
    }

    /// These settings for data other than the book's: the book's start (means (0, 50) and
    /// (0, 100), reg_covar = 0) belongs to the book's data — elsewhere it would leave a component
    /// with no points — so it gives way to k-means++ with a reg_covar of at least
    /// the default reg_covar ([`DEFAULTS`]); other starts stay as they are.
    pub fn without_books_start(&self) -> Settings {
        let mut s = self.clone();
        if s.init == Start::Book {
            s.init = default_start();
            s.reg_covar = s.reg_covar.max(DEFAULTS.reg_covar);
        }
        s
    }

    /// Whether the book's start applies to data with `d` columns.
    pub fn book_applies(&self, d: usize) -> bool {
        BOOK.applies(self.k, d)
    }

    /// Checks the settings against the data and turns them into the core's checked parameters:
    /// first the rules of the page's controls (K offered, max_iter, the seed a link carries, the
    /// book's start), then the core's one check of the fit.
    pub fn params(&self, data: &Dataset) -> Result<GmmValidParams, Error> {
        if !(K_MIN..=K_MAX).contains(&self.k) {
            return Err(Problem::KRange {
                k: self.k,
                max: K_MAX,
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
                means: BOOK.means.to_vec(),
                covariances: None,
                weights: None,
            },
            Start::Book => return Err(Problem::BookStart.into()),
            Start::KMeansPlusPlus => Init::KMeansPlusPlus,
            Start::Random => Init::Random,
        };
        Ok(GmmParams::new(self.k)
            .model(self.model_name())
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
    use emviz_core::WeightPrior;

    #[test]
    fn other_data_leave_the_books_start() {
        let book = Settings::default();
        let other = book.without_books_start();
        assert_eq!(
            (other.init, other.reg_covar),
            (Start::KMeansPlusPlus, DEFAULTS.reg_covar)
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

    fn form<'a>(seed: &'a str, max_iter: &'a str, tol: &'a str) -> Form<'a> {
        Form {
            k: "3",
            covariance_type: "diag",
            init: "kmeans++",
            seed,
            tol,
            max_iter,
            reg_covar: " 1e-6 ",
            method: None,
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
        let beyond = (2 * SEED_MAX).to_string();
        for seed in ["-1", "1.5", beyond.as_str()] {
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
        assert_eq!(form("1", "5", "1").read().unwrap().method, Method::Em);
        for (name, method) in [
            ("em", Method::Em),
            (
                " dirichlet_process",
                Method::Vb(WeightPrior::DirichletProcess),
            ),
            ("dp", Method::Vb(WeightPrior::DirichletProcess)),
            ("dirichlet", Method::Vb(WeightPrior::DirichletDistribution)),
        ] {
            let f = Form {
                method: Some(name),
                ..form("1", "5", "1")
            };
            assert_eq!(f.read().unwrap().method, method, "{name}");
        }
        assert_eq!(
            problem(Form {
                method: Some("gibbs"),
                ..form("1", "5", "1")
            }),
            Problem::UnknownMethod {
                given: "gibbs".into()
            }
        );
        assert_eq!(
            Method::all().map(|m| Method::from_name(m.name())),
            Method::all().map(Some)
        );
        assert_eq!(seed_from_number(4.0), Ok(4));
        assert!(seed_from_number(f64::NAN).is_err() && seed_from_number(-1.0).is_err());
        assert_eq!(seed_from_number(SEED_MAX as f64), Ok(SEED_MAX));
    }
}
