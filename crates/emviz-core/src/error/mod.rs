//! The one error type of the core. Every message says what is wrong and, where it helps, what to
//! do about it; none of them is a panic.
//!
//! Errors carry facts (which parameter, the value given, the limit), never sentences: the types
//! are here, and `english` holds their one English wording, each error's `Display` (what the CLI
//! prints); the page words the same facts in its own language (emviz-app's `messages`). Why text
//! could not be read as a table is [`ParseError`].

use std::fmt;
use std::sync::Arc;

mod english;
pub(crate) mod parse;

pub use parse::{ParseError, ParseErrorKind};

use crate::rules::CovarianceType;

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

/// Which parameter or input is wrong, and the facts of how (the value given, the limit). Counts
/// of rows, columns, points and components are 1-based as people count them, except
/// `component` fields, which are 0-based like [`Error::Collapse`]'s.
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    // ----- settings of a fit
    /// K = 0.
    KZero,
    /// The largest K of a selection is 0.
    KMaxZero,
    /// No K of a selection could be fitted; `reason` is the first K's error.
    NoKFitted {
        /// The first row's error (none if none was recorded).
        reason: Option<Box<Error>>,
    },
    /// `n_init` = 0.
    NInitZero,
    /// No threads.
    ThreadsZero,
    /// `tol` is negative or not finite.
    Tol {
        /// The value given.
        value: f64,
    },
    /// `reg_covar` is negative or not finite.
    RegCovar {
        /// The value given.
        value: f64,
    },
    /// A covariance type that is none of [`CovarianceType::ALL`].
    UnknownCovarianceType {
        /// The text given.
        given: String,
    },
    // ----- data
    /// A table without columns.
    NoColumns,
    /// A number of values that does not fill whole rows.
    ValuesNotRows {
        /// Values given.
        values: usize,
        /// Columns of a row.
        columns: usize,
    },
    /// A value that is NaN or infinite, at `row`, `column` (1-based) of a table.
    NonFiniteValue {
        /// 1-based row.
        row: usize,
        /// 1-based column.
        column: usize,
        /// The value.
        value: f64,
    },
    /// A value that is NaN or infinite in a pass's points (`point`, `column` 1-based).
    NonFinitePoint {
        /// 1-based point.
        point: usize,
        /// 1-based column.
        column: usize,
        /// The value.
        value: f64,
    },
    /// A row of another length than the first.
    RowLength {
        /// 1-based row.
        row: usize,
        /// Values it has.
        found: usize,
        /// Values it should have.
        expected: usize,
    },
    /// No columns were chosen.
    NoColumnsChosen,
    /// A chosen column that the data does not have.
    NoSuchColumn {
        /// 1-based column.
        column: usize,
        /// Columns of the data.
        columns: usize,
    },
    /// A point with the wrong number of values.
    PointLength {
        /// Values a point needs.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// A point with a NaN or infinite value.
    PointNotFinite,
    /// A point so far from every component that its density is 0 in floating point.
    Underflow {
        /// 1-based point.
        point: usize,
    },
    /// A model and data of different dimensions.
    ModelDataDimensions {
        /// The model's dimensions.
        model: usize,
        /// The data's columns.
        data: usize,
    },
    /// A model and a source of points of different dimensions (said of the model).
    SourceDimensions {
        /// The model's dimensions.
        model: usize,
        /// The source's columns.
        data: usize,
    },
    /// k-means centres and data of different dimensions.
    CentresDataDimensions {
        /// Values of a centre.
        centres: usize,
        /// The data's columns.
        data: usize,
    },
    /// No points to average over.
    NoPoints,
    // ----- a mixture's parameters
    /// No components.
    NoComponents,
    /// Mean values that do not split into `k` components.
    MeansSplit {
        /// Mean values given.
        values: usize,
        /// Components.
        k: usize,
    },
    /// Means that do not split into K components (the book's start).
    MeansNotK,
    /// Covariances of the wrong size.
    CovariancesCount {
        /// Components.
        k: usize,
        /// Dimensions.
        d: usize,
        /// Values given.
        found: usize,
    },
    /// A negative or non-finite weight.
    WeightsNegative,
    /// Weights that are all zero.
    WeightsZero,
    /// A non-finite mean.
    MeansNotFinite,
    /// A covariance that is not symmetric.
    NotSymmetric {
        /// 0-based component.
        component: usize,
    },
    /// Given start means of the wrong size.
    StartMeans {
        /// Numbers given.
        given: usize,
        /// Components.
        k: usize,
        /// Dimensions.
        d: usize,
    },
    /// Given start covariances of the wrong size.
    StartCovariances {
        /// Components.
        k: usize,
        /// Dimensions.
        d: usize,
    },
    /// Given start weights of the wrong size.
    StartWeights {
        /// Components.
        k: usize,
    },
    /// A model JSON with as many weights as means.
    WeightsMeansCount {
        /// Weights given.
        weights: usize,
        /// Means given.
        means: usize,
    },
    /// A model JSON whose means differ in length (or are empty).
    MeanLengths,
    /// A model JSON whose covariances have the wrong shape.
    CovarianceShape {
        /// The covariance type it names.
        covariance_type: CovarianceType,
        /// Components.
        k: usize,
        /// Dimensions.
        d: usize,
    },
    /// k-means centres that do not split into centres of `d` values.
    CentresShape {
        /// Values given.
        values: usize,
        /// Values of a centre.
        d: usize,
    },
    /// A non-finite k-means centre.
    CentresNotFinite,
    // ----- KL divergence
    /// Two distributions of different lengths (or empty).
    DistributionLengths {
        /// Entries of p.
        p: usize,
        /// Entries of q.
        q: usize,
    },
    /// A distribution with a negative or non-finite entry.
    NotProbabilities {
        /// Which one.
        which: Distribution,
    },
    /// A distribution that does not sum to 1.
    NotNormalised {
        /// Which one.
        which: Distribution,
        /// What it sums to.
        sum: f64,
    },
    // ----- principal components
    /// Fewer than two points or two columns.
    PcaTooSmall {
        /// Points.
        n: usize,
        /// Columns.
        d: usize,
    },
    /// The data's covariance is not finite.
    PcaNotFinite,
    // ----- the order of steps, and statistics (a caller's mistakes)
    /// An M-step without the responsibilities of an E-step.
    MStepBeforeEStep,
    /// Shards handed in when no M-step waits for them.
    NoPendingMStep,
    /// A k-means update without an assignment.
    UpdateBeforeAssign,
    /// Responsibilities (n × K) of the wrong size for the data.
    Responsibilities {
        /// Values given.
        given: usize,
        /// Points.
        n: usize,
        /// Components.
        k: usize,
    },
    /// Room for posteriors of the wrong size.
    PosteriorsRoom {
        /// Values there is room for.
        given: usize,
        /// Points.
        n: usize,
        /// Components.
        k: usize,
    },
    /// Statistics made for another shape of model.
    StatsShape {
        /// The statistics' shape.
        stats: Shape,
        /// The model's.
        model: Shape,
    },
    /// Statistics made about other means.
    StatsOtherMeans,
    /// Statistics gathered under other parameters cannot be merged.
    StatsMerge,
    /// Shards that are not those of the pending M-step's pass.
    NotPendingShards,
    /// Statistics of no points.
    NothingGathered,
    // ----- sample weights (`crate::weights`)
    /// A point's sample weight is negative, NaN or infinite.
    SampleWeight {
        /// 1-based point.
        row: usize,
        /// The weight.
        value: f64,
    },
    /// Sample weights of another number than the points.
    SampleWeightsLength {
        /// Weights given.
        given: usize,
        /// Points.
        n: usize,
    },
    /// Every sample weight is zero.
    SampleWeightsZero {
        /// Points.
        n: usize,
    },
    // ----- priors of a variational Bayesian mixture
    /// A weight prior that is none of [`crate::WeightPrior::ALL`].
    UnknownWeightPrior {
        /// The text given.
        given: String,
    },
    /// A prior that must be a positive finite number is not.
    PriorNotPositive {
        /// Which prior.
        prior: PriorName,
        /// The value given.
        value: f64,
    },
    /// The degrees-of-freedom prior is not above d − 1.
    DegreesOfFreedomPrior {
        /// The value given.
        value: f64,
        /// The dimension of the data.
        d: usize,
    },
    /// The mean prior does not have d finite values.
    MeanPrior {
        /// The number of values given.
        given: usize,
        /// The dimension of the data.
        d: usize,
    },
    /// The covariance prior does not have the number of values its covariance type needs
    /// (d × d for full and tied, d for diag, 1 for spherical).
    CovariancePriorShape {
        /// The number of values given.
        given: usize,
        /// The number needed.
        want: usize,
    },
    /// The covariance prior is not symmetric positive definite (its variances not all positive).
    CovariancePriorNotPositive,
    /// The default covariance prior (the data's covariance) needs at least two points (a total
    /// weight above 1).
    CovariancePriorFromData {
        /// The number of points (their total weight when weighted).
        n: f64,
    },
}

/// A prior of a variational Bayesian mixture that must be a positive number (scikit-learn's
/// parameter names in English).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PriorName {
    /// `weight_concentration_prior`.
    WeightConcentration,
    /// `mean_precision_prior`.
    MeanPrecision,
    /// `covariance_prior` of the spherical type.
    Covariance,
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

impl From<Invalid> for Error {
    fn from(i: Invalid) -> Self {
        Error::InvalidParameter(i)
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
