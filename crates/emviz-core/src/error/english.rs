//! The English words of every error of the core: each one's `Display` (what the CLI prints, and
//! the page in English), and the name of the parameter an [`Invalid`] is about. The facts they
//! word are the types of [`super`].

use std::fmt;

use super::{CollapseReason, Distribution, Error, Invalid, PriorName, SourceFailure};
use crate::rules::{list, CovarianceType, WeightPrior, DEFAULTS};

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
            SampleWeight { .. } | SampleWeightsLength { .. } | SampleWeightsZero { .. } => {
                "sample weights"
            }
            UnknownWeightPrior { .. } => "weight prior",
            PriorNotPositive { prior, .. } => prior.name(),
            DegreesOfFreedomPrior { .. } => "degrees_of_freedom_prior",
            MeanPrior { .. } => "mean_prior",
            CovariancePriorShape { .. }
            | CovariancePriorNotPositive
            | CovariancePriorFromData { .. } => "covariance_prior",
        }
    }
}

impl PriorName {
    /// scikit-learn's name of the prior.
    pub fn name(self) -> &'static str {
        match self {
            PriorName::WeightConcentration => "weight_concentration_prior",
            PriorName::MeanPrecision => "mean_precision_prior",
            PriorName::Covariance => "covariance_prior",
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
            SampleWeight { row, value } => write!(
                f,
                "the weight of point {row} is {value}; a sample weight must be a finite number ≥ 0"
            ),
            SampleWeightsLength { given, n } => write!(
                f,
                "{given} weight(s) given for {n} point(s); give one weight per point"
            ),
            SampleWeightsZero { n } => write!(
                f,
                "all {n} weights are zero, so no point counts; give at least one point a positive weight"
            ),
            UnknownWeightPrior { given } => write!(
                f,
                "\"{given}\" is not one of {}",
                list(
                    WeightPrior::ALL
                        .into_iter()
                        .flat_map(|w| std::iter::once(w.name()).chain(w.aliases().iter().copied())),
                    true
                )
            ),
            PriorNotPositive { value, .. } => {
                write!(f, "{value} must be a finite number > 0")
            }
            DegreesOfFreedomPrior { value, d } => write!(
                f,
                "{value} must be a finite number greater than {} (the data's dimension {d} minus 1)",
                *d as f64 - 1.0
            ),
            MeanPrior { given, d } => write!(
                f,
                "{given} values given, but the data's {d} columns need {d} finite values"
            ),
            CovariancePriorShape { given, want } => write!(
                f,
                "{given} values given, but this covariance type needs {want}"
            ),
            CovariancePriorNotPositive => f.write_str(
                "it must be symmetric and positive definite (a variance: positive)",
            ),
            CovariancePriorFromData { n } => write!(
                f,
                "the default (the data's covariance) needs at least 2 points (a total weight above 1), but {n} given; give a covariance prior"
            ),
        }
    }
}

/// The source's own message.
impl fmt::Display for SourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::P => "p",
            Self::Q => "q",
        })
    }
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
