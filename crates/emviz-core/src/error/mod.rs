//! The one error type of the core. Every message says what is wrong and, where it helps, what to
//! do about it; none of them is a panic.
//!
//! Errors carry facts (which parameter, the value given, the limit), never sentences: [`Error`]'s
//! `Display` is the one English wording (what the CLI prints), and the page words the same facts in
//! its own language (emviz-app's `messages`).

use std::fmt;
use std::sync::Arc;

mod invalid;
pub(crate) mod parse;

pub use invalid::Invalid;
pub use parse::{ParseError, ParseErrorKind};

use crate::rules::{CovarianceType, DEFAULTS};

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// Pasted or loaded text could not be read as a table of numbers.
    Parse(ParseError),
    /// A parameter or an input is out of its allowed range: which, and how, in [`Invalid`].
    InvalidParameter(Invalid),
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
    /// Where the points live failed during a pass (a [`crate::source::Source`] reading a file,
    /// say): the source's own error, kept whole so its caller can report it in its own words.
    Source(SourceFailure),
}

/// A [`crate::source::Source`]'s own error, carried through the fit unchanged.
#[derive(Clone)]
pub struct SourceFailure(Arc<dyn std::error::Error + Send + Sync>);

impl SourceFailure {
    /// Wraps the source's error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Arc::new(e))
    }

    /// The source's error, to be downcast to its own type.
    pub fn inner(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for SourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceFailure({:?})", self.0)
    }
}

/// The source's own message.
impl fmt::Display for SourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Two failures are equal when they are the same one (the source's error type need not compare).
impl PartialEq for SourceFailure {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// One of the two distributions of [`crate::kl_divergence`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Distribution {
    /// The first, `p`.
    P,
    /// The second, `q`.
    Q,
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::P => "p",
            Self::Q => "q",
        })
    }
}

/// K, dimension and covariance type: what statistics and a model must agree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Number of components.
    pub k: usize,
    /// Number of dimensions.
    pub d: usize,
    /// Covariance type.
    pub covariance_type: CovarianceType,
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

impl From<Invalid> for Error {
    fn from(i: Invalid) -> Self {
        Error::InvalidParameter(i)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => write!(f, "{e}"),
            Error::InvalidParameter(i) => write!(f, "invalid {}: {i}", i.name()),
            Error::TooFewPoints { n, k } => write!(
                f,
                "{n} point{} cannot be split into {k} components: give at least {k} points or lower K",
                if *n == 1 { "" } else { "s" }
            ),
            Error::Collapse { component, reason } => write!(
                f,
                "component {} collapsed ({reason}); its covariance is singular, so the fit cannot go on. \
                 Try fewer components, a larger reg_covar (e.g. {:e} or more), rescaling the data, or another start",
                component + 1,
                DEFAULTS.reg_covar
            ),
            Error::Source(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Source(s) => Some(&*s.0),
            _ => None,
        }
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}
