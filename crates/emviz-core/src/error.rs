//! The one error type of the core. Every message says what is wrong and, where it helps, what to
//! do about it; none of them is a panic.

use std::fmt;

pub use crate::parse::ParseError;

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// Pasted or loaded text could not be read as a table of numbers.
    Parse(ParseError),
    /// A parameter or an input is out of its allowed range.
    InvalidParameter {
        /// Which parameter or input (`"k"`, `"tol"`, `"means"`, …).
        name: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// There are fewer points than mixture components.
    TooFewPoints {
        /// Number of points.
        n: usize,
        /// Number of components asked for.
        k: usize,
    },
    /// A component collapsed: its covariance is singular (or not positive definite in floating
    /// point), or its weight fell to zero, so its density is undefined.
    Collapse {
        /// 0-based index of the component.
        component: usize,
        /// What happened to it.
        reason: CollapseReason,
    },
}

/// Why a component's covariance cannot be used (the fact; [`Error`]'s `Display` words it in
/// English, the page's messages in its language).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollapseReason {
    /// The covariance holds NaN or infinite values.
    NonFinite,
    /// Not positive definite: the component's points are identical, or lie on a line or plane.
    NotPositiveDefinite,
    /// Positive definite, but too close to singular to invert in floating point.
    NearSingular,
}

impl fmt::Display for CollapseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NonFinite => "its covariance holds non-finite values",
            Self::NotPositiveDefinite => {
                "its covariance is not positive definite: the points it holds are identical, \
                 or lie on a line or plane"
            }
            Self::NearSingular => "its covariance is too close to singular to invert",
        })
    }
}

impl Error {
    pub(crate) fn invalid(name: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => write!(f, "{e}"),
            Error::InvalidParameter { name, message } => write!(f, "invalid {name}: {message}"),
            Error::TooFewPoints { n, k } => write!(
                f,
                "{n} point{} cannot be split into {k} components: give at least {k} points or lower K",
                if *n == 1 { "" } else { "s" }
            ),
            Error::Collapse { component, reason } => write!(
                f,
                "component {} collapsed ({reason}); its covariance is singular, so the fit cannot go on. \
                 Try fewer components, a larger reg_covar (e.g. 1e-6 or more), rescaling the data, or another start",
                component + 1
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}
