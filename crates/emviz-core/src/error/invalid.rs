//! [`Invalid`]: which parameter or input is wrong, and the facts of how; its `Display` is the one
//! English wording (after `invalid <name>: ` in [`Error`](super::Error)'s message).

use std::fmt;

use super::{Distribution, Error, Shape};
use crate::rules::{list, CovarianceType, DEFAULTS};

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
}

impl Invalid {
    /// The parameter or input this is about, as the English message names it.
    pub fn name(&self) -> &'static str {
        use Invalid::*;
        match self {
            KZero | NoKFitted { .. } => "K",
            KMaxZero => "K max",
            NInitZero => "n_init",
            ThreadsZero => "threads",
            Tol { .. } => "tol",
            RegCovar { .. } => "reg_covar",
            UnknownCovarianceType { .. } => "covariance type",
            NoColumns
            | ValuesNotRows { .. }
            | NonFiniteValue { .. }
            | NonFinitePoint { .. }
            | RowLength { .. }
            | Underflow { .. }
            | ModelDataDimensions { .. }
            | CentresDataDimensions { .. } => "data",
            NoColumnsChosen | NoSuchColumn { .. } => "columns",
            PointLength { .. } | PointNotFinite => "point",
            SourceDimensions { .. }
            | WeightsMeansCount { .. }
            | MeanLengths
            | CovarianceShape { .. } => "model",
            NoPoints => "points",
            NoComponents | WeightsNegative | WeightsZero | StartWeights { .. } => "weights",
            MeansSplit { .. } | MeansNotK | MeansNotFinite | StartMeans { .. } => "means",
            CovariancesCount { .. } | NotSymmetric { .. } | StartCovariances { .. } => {
                "covariances"
            }
            CentresShape { .. } | CentresNotFinite => "centres",
            DistributionLengths { .. } | NotProbabilities { .. } | NotNormalised { .. } => {
                "distributions"
            }
            PcaTooSmall { .. } | PcaNotFinite => "principal components",
            MStepBeforeEStep | NoPendingMStep | UpdateBeforeAssign => "step",
            PosteriorsRoom { .. } => "posteriors",
            Responsibilities { .. } => "responsibilities",
            StatsShape { .. }
            | StatsOtherMeans
            | StatsMerge
            | NotPendingShards
            | NothingGathered => "statistics",
        }
    }
}

/// What is wrong, in English (after `invalid <name>: ` in [`Error`]'s message).
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Invalid::*;
        match self {
            KZero => f.write_str("K must be at least 1"),
            KMaxZero => f.write_str("K max must be at least 1"),
            NoKFitted { reason } => match reason {
                Some(r) => write!(f, "no K could be fitted: {r}"),
                None => f.write_str("no K could be fitted: "),
            },
            NInitZero => f.write_str("n_init must be at least 1"),
            ThreadsZero => f.write_str("the number of threads must be at least 1"),
            Tol { value } => write!(
                f,
                "{value} must be a finite number ≥ 0 (the book uses {:e})",
                DEFAULTS.tol
            ),
            RegCovar { value } => write!(
                f,
                "{value} must be a finite number ≥ 0 (the default is {:e})",
                DEFAULTS.reg_covar
            ),
            UnknownCovarianceType { given } => write!(
                f,
                "\"{given}\" is not one of {}",
                list(CovarianceType::ALL.map(CovarianceType::name), false)
            ),
            NoColumns => f.write_str("the data has no columns"),
            ValuesNotRows { values, columns } => {
                write!(f, "{values} values do not fill rows of {columns} columns")
            }
            NonFiniteValue { row, column, value } => write!(
                f,
                "row {row}, column {column} holds {value}, which is not a finite number"
            ),
            NonFinitePoint {
                point,
                column,
                value,
            } => write!(
                f,
                "point {point}, column {column} holds {value}, which is not a finite number"
            ),
            RowLength {
                row,
                found,
                expected,
            } => write!(f, "row {row} has {found} values, expected {expected}"),
            NoColumnsChosen => f.write_str("choose at least one column"),
            NoSuchColumn { column, columns } => write!(
                f,
                "column {column} does not exist: the data has {columns} columns"
            ),
            PointLength { expected, found } => {
                write!(f, "a point needs {expected} values, got {found}")
            }
            PointNotFinite => f.write_str("a point's values must be finite numbers"),
            Underflow { point } => write!(
                f,
                "point {point} is so far from every component that its density underflows; \
                 rescale the data"
            ),
            ModelDataDimensions { model, data } => write!(
                f,
                "the model has {model} dimensions but the data has {data} columns"
            ),
            SourceDimensions { model, data } => write!(
                f,
                "the model has {model} dimension(s) but the data has {data} column(s)"
            ),
            CentresDataDimensions { centres, data } => write!(
                f,
                "the centres have {centres} values but the data has {data} columns"
            ),
            NoPoints => f.write_str("there are no points to average over"),
            NoComponents => f.write_str("a mixture needs at least one component"),
            MeansSplit { values, k } => {
                write!(f, "{values} mean values do not split into {k} components")
            }
            MeansNotK => f.write_str("the means do not split into K components"),
            CovariancesCount { k, d, found } => write!(
                f,
                "expected {k} matrices of {d}×{d} ({} values), got {found} values",
                k * d * d
            ),
            WeightsNegative => f.write_str("weights must be finite and non-negative"),
            WeightsZero => f.write_str("weights must not all be zero"),
            MeansNotFinite => f.write_str("means must be finite numbers"),
            NotSymmetric { component } => write!(
                f,
                "the covariance of component {} is not symmetric",
                component + 1
            ),
            StartMeans { given, k, d } => write!(
                f,
                "{given} numbers given, but K = {k} means of {d} values need {}",
                k * d
            ),
            StartCovariances { k, d } => write!(
                f,
                "K = {k} covariances of {d}×{d} need {} numbers",
                k * d * d
            ),
            StartWeights { k } => write!(f, "K = {k} weights are needed"),
            WeightsMeansCount { weights, means } => {
                write!(f, "{weights} weights but {means} means: they must match")
            }
            MeanLengths => f.write_str("every mean needs the same, non-zero length"),
            CovarianceShape {
                covariance_type,
                k,
                d,
            } => write!(
                f,
                "covariances have the wrong shape for {covariance_type} covariances with k = {k}, d = {d}"
            ),
            CentresShape { values, d } => {
                write!(f, "{values} values do not make centres of {d} values")
            }
            CentresNotFinite => f.write_str("centres must be finite numbers"),
            DistributionLengths { p, q } => {
                write!(f, "p has {p} entries and q has {q}: they must match")
            }
            NotProbabilities { which } => {
                write!(f, "{which} must hold probabilities between 0 and 1")
            }
            NotNormalised { which, sum } => write!(f, "{which} sums to {sum}, not 1"),
            PcaTooSmall { n, d } => write!(
                f,
                "need at least two points and two columns, not {n} × {d}"
            ),
            PcaNotFinite => f.write_str("the data's covariance is not finite"),
            MStepBeforeEStep => f.write_str(
                "an M-step needs the responsibilities of an E-step: run an E-step first",
            ),
            NoPendingMStep => {
                f.write_str("no M-step is waiting for its pass (the run changed meanwhile)")
            }
            UpdateBeforeAssign => f.write_str("an update step needs an assignment first"),
            Responsibilities { given, n, k } => write!(
                f,
                "{given} values given, but {n} points × K = {k} need {}",
                n * k
            ),
            PosteriorsRoom { given, n, k } => write!(
                f,
                "room for {given} values given, but {n} points × K = {k} need {}",
                n * k
            ),
            StatsShape { stats, model } => write!(
                f,
                "these statistics are for K = {}, {} dimension(s), {} covariances, but the model has K = {}, {}, {}",
                stats.k, stats.d, stats.covariance_type, model.k, model.d, model.covariance_type
            ),
            StatsOtherMeans => f.write_str(
                "these statistics were made for a model with other means: start them with \
                 Stats::empty(&model)",
            ),
            StatsMerge => {
                f.write_str("only statistics gathered under the same parameters can be merged")
            }
            NotPendingShards => {
                f.write_str("these statistics are not the shards of the pending M-step's pass")
            }
            NothingGathered => {
                f.write_str("no points were gathered, so there is nothing to estimate")
            }
        }
    }
}
