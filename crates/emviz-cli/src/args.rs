//! The command line as clap types: one struct per subcommand, with every default written out so
//! that `--help` shows it. The names a value may take (covariance types, starts, with their
//! aliases) and the defaults of a fit come from the core's rules ([`emviz_core::rules`]); only
//! their words of help are the CLI's own.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use emviz_core::rules::{CovarianceType, InitKind, ModelName, Variation, WeightPrior, DEFAULTS};
use emviz_core::HeaderMode;

const ABOUT: &str = "Gaussian mixture models fitted by EM, on text files of numbers";

const LONG_ABOUT: &str = "\
Gaussian mixture models fitted by the EM algorithm (as in Deep Learning from Scratch 5,
chapter 5), on text files of numbers: CSV, TSV, semicolon- or whitespace-separated columns,
with or without a header line. `-` reads the data from standard input.

Results go to standard output (JSON, or a table for `select` and `bench`); warnings and
errors go to standard error as `warning: ...` and `error: ...` lines. Every failure exits
with status 2.";

const FIT_AFTER_LONG_HELP: &str = "\
Output: the model as pretty-printed JSON with scikit-learn's key names: weights, means,
covariances (always full d×d matrices), covariance_type, converged, n_iter, lower_bound,
log_likelihood (final mean log-likelihood per point), trace (mean log-likelihood at the start
and after every iteration), bic, aic, icl (mclust's integrated completed likelihood: BIC plus
twice the entropy of the classification, in BIC's sign: lower is better), feature_names, plus the
run's settings (seed, n_init, init, tol, max_iter, reg_covar) and n_samples, n_parameters,
model_name (mclust's name of the covariance model: --model, or the one --covariance is),
failed_starts.

Examples:
  # The book's run: Old Faithful, K = 2, means (0, 50) and (0, 100), identity covariances,
  # equal weights, no regularisation.
  emviz fit data/old_faithful.txt --k 2 --means \"0,50;0,100\" --reg-covar 0

  # Three diagonal components, best of 10 k-means++ starts, columns picked by name.
  emviz fit measurements.csv --k 3 --covariance diag --n-init 10 --columns height,weight

  # Each point's label, responsibility and uncertainty (1 − max responsibility) as a TSV.
  emviz fit data/old_faithful.txt --k 2 --points labels.tsv

  # From standard input, then sample 1000 points from the fitted model.
  cat data.txt | emviz fit - --k 2 > model.json && emviz sample model.json -n 1000

  # A file larger than memory: parsed once into a binary cache kept beside it, every EM pass
  # streamed from there (reused by later runs while the file is unchanged).
  emviz fit huge.csv --k 5 --cache huge.cache --verbose

Threads: every EM pass is split over --threads (default: all cores) in fixed shards merged in a
fixed order, so the output depends on the thread count only by rounding (--threads 1 gives the
single-threaded numbers exactly). Large data: up to 8 388 608 values are held in memory; more
go to a binary cache on disk (see --memory, --cache), and k-means++/random starts are drawn from
a uniform sample of at most 1 000 000 points (the same sample whether streamed or in memory).";

const SELECT_AFTER_LONG_HELP: &str = "\
Every K from 1 to K_max is fitted with the same settings. BIC = -2·n·ℓ + p·ln n and
AIC = -2·n·ℓ + 2p, where ℓ is the final mean log-likelihood per point, n the number of points
and p the number of free parameters (scikit-learn's formulas); lower is better.

Example:
  emviz select data/old_faithful.txt --k-max 6 --n-init 5";

const SAMPLE_AFTER_LONG_HELP: &str = "\
The model file is the JSON that `emviz fit` prints, or any JSON object with the keys
covariance_type, weights, means and covariances, where covariances may have scikit-learn's
shapes: full k×d×d, tied d×d, diag k×d, spherical k. Keys with scikit-learn's trailing
underscore (weights_, means_, covariances_) are accepted too.

Example:
  emviz fit data/old_faithful.txt --k 2 > model.json
  emviz sample model.json -n 500 --seed 1 --labels";

const KMEANS_AFTER_LONG_HELP: &str = "\
Output: JSON {\"centers\": [[..], ..], \"labels\": [..], \"inertia\": x, \"n_iter\": n,
\"converged\": b, ...}; labels are 0-based cluster indices, one per point, and inertia is the
sum of squared distances from the points to their centres.

Example:
  emviz kmeans data/old_faithful.txt --k 2 --seed 3";

const BENCH_AFTER_LONG_HELP: &str = "\
For every N, DIR/blobs_<N>.txt is read if it exists (two whitespace-separated columns);
otherwise N points are drawn from five fixed 2-D Gaussian blobs (seed 42) and written there with
`%.17g`, so another program (bench/sklearn_em_bench.py) can fit the very same numbers.

EM starts from the model of `--init random --seed S` (full covariances) and runs exactly ITERS
iterations (no convergence test), once per thread count of --threads (default: 1 and all
cores); `speed-up` is the one-thread time divided by the row's. The time of the initial E-step (measured separately) is
subtracted, so the figure is the cost of one E-step + M-step. Peak memory is the process's
VmHWM (Linux), reset before each N, so it covers reading the file and the EM run.

Build in release mode for real numbers:
  cargo run --release -p emviz-cli -- bench --n 1e4,1e5,1e6 --json";

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "emviz",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fit a Gaussian mixture by EM (or variational Bayes: --bayes) and print the model as JSON
    #[command(after_long_help = FIT_AFTER_LONG_HELP, allow_negative_numbers = true)]
    Fit(Box<FitArgs>),
    /// Fit K = 1..K_max and compare the fits by BIC and AIC
    #[command(after_long_help = SELECT_AFTER_LONG_HELP, allow_negative_numbers = true)]
    Select(SelectArgs),
    /// Draw points from a model JSON file
    #[command(after_long_help = SAMPLE_AFTER_LONG_HELP, allow_negative_numbers = true)]
    Sample(SampleArgs),
    /// Run k-means (Lloyd's algorithm) and print centres, labels and inertia as JSON
    #[command(after_long_help = KMEANS_AFTER_LONG_HELP, allow_negative_numbers = true)]
    Kmeans(KmeansArgs),
    /// Time EM iterations on generated 2-D data and report peak memory
    #[command(after_long_help = BENCH_AFTER_LONG_HELP, allow_negative_numbers = true)]
    Bench(BenchArgs),
}

/// Where the data comes from and which part of it is used.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Data file (CSV, TSV, `;`- or whitespace-separated numbers), or `-` for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Columns to use, in order: 1-based numbers (`1,3`) or header names (`eruptions,waiting`)
    /// [default: all columns]
    #[arg(long, value_name = "COLS")]
    pub columns: Option<String>,

    /// Whether the first line is a header of column names; `auto` treats it as one when none of
    /// its fields is a number
    #[arg(long, value_enum, value_name = "MODE", default_value_t = HeaderArg::Auto)]
    pub header: HeaderArg,
}

/// EM settings shared by `fit` and `select`.
#[derive(Debug, Args)]
pub struct EmArgs {
    /// Covariance constraint of the components
    #[arg(
        long,
        value_enum,
        value_name = "TYPE",
        default_value_t = CovarianceArg(DEFAULTS.covariance_type)
    )]
    pub covariance: CovarianceArg,

    /// One of mclust's fourteen covariance models instead of --covariance. Σₖ = λₖDₖAₖDₖᵀ, and
    /// the name says whether volume λ, shape A and orientation D are equal (E), variable (V) or
    /// the identity (I) across components; scikit-learn's types are four of them, the same fits:
    /// full = VVV, diag = VVI, spherical = VII, tied = EEE
    #[arg(
        long,
        value_enum,
        value_name = "MODEL",
        ignore_case = true,
        conflicts_with = "covariance"
    )]
    pub model: Option<ModelArg>,

    /// Seed of every random choice (starts, k-means++)
    #[arg(long, value_name = "S", default_value_t = DEFAULTS.seed)]
    pub seed: u64,

    /// Number of starts; the one with the best final log-likelihood is kept
    #[arg(long, value_name = "R", default_value_t = DEFAULTS.n_init)]
    pub n_init: usize,

    /// Stop when the mean log-likelihood per point changes by less than this
    #[arg(long, value_name = "T", default_value = sci(DEFAULTS.tol))]
    pub tol: f64,

    /// Stop after this many EM iterations
    #[arg(long, value_name = "M", default_value_t = DEFAULTS.max_iter)]
    pub max_iter: usize,

    /// Added to every variance in each M-step (keeps covariances invertible; ≥ 0)
    #[arg(long, value_name = "E", default_value = sci(DEFAULTS.reg_covar))]
    pub reg_covar: f64,

    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// `--threads`, shared by `fit`, `select` and `kmeans`.
#[derive(Debug, Args)]
pub struct ThreadsArg {
    /// Threads each pass over the data is split over; 1 gives the single-threaded numbers bit
    /// for bit, other counts agree with them to about 1e-15 [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl ThreadsArg {
    /// The thread count asked for, or every core.
    pub fn get(&self) -> Result<usize, crate::error::CliError> {
        match self.threads {
            Some(0) => Err(crate::error::CliError::msg(
                "--threads must be at least 1 (1 runs everything on one core)",
            )),
            Some(t) => Ok(t),
            None => Ok(emviz_core::available_threads()),
        }
    }
}

/// How `fit` holds the data: in memory, or streamed from a binary cache on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MemoryArg {
    /// In memory up to 8 388 608 values (64 MB), streamed from a cache beyond
    Auto,
    /// Always stream every pass from the cache (memory independent of the data's size)
    Stream,
    /// Always hold all the data in memory
    Load,
}

/// `emviz fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Number of mixture components
    #[arg(short, long, value_name = "K")]
    pub k: usize,

    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub em: EmArgs,

    /// How the starting parameters are chosen
    #[arg(long, value_enum, value_name = "HOW", help = fit_init_help())]
    pub init: Option<FitInit>,

    /// Starting means, one component per `;`-separated group: "x1,y1;x2,y2" (implies
    /// --init means; covariances then start as the identity and weights as 1/K unless given)
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub means: Option<String>,

    /// Starting covariances with --means: one full d×d matrix per component, row-major,
    /// "a,b,c,d;a,b,c,d" [default: identity]
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        requires = "means"
    )]
    pub covariances: Option<String>,

    /// Starting weights with --means: "0.5,0.5" (normalised to sum to 1) [default: 1/K each]
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        requires = "means"
    )]
    pub weights: Option<String>,

    /// The column of each point's sample weight (a finite number ≥ 0): its 1-based number or,
    /// when the file has a header, its name. It is left out of the features; every point counts
    /// as many times as its weight (an integer weight n fits as the row repeated n times), by EM
    /// or variational Bayes alike
    #[arg(long, value_name = "COL")]
    pub weights_col: Option<String>,

    /// Also write each point's classification to PATH as a tab-separated table with a header,
    /// one row per data row in order: `label` (the most likely component, 0-based),
    /// `responsibility` (its posterior probability) and `uncertainty` (1 − that, mclust's); `-`
    /// writes it to standard output instead of the model
    #[arg(long, value_name = "PATH", conflicts_with = "bayes")]
    pub points: Option<PathBuf>,

    #[command(flatten)]
    pub vb: BayesArgs,

    /// Data larger than memory: `auto` keeps up to 8 388 608 parsed values (64 MB) in memory and
    /// beyond that streams every EM pass from a binary cache of the parsed columns on disk
    #[arg(long, value_enum, value_name = "HOW", default_value_t = MemoryArg::Auto)]
    pub memory: MemoryArg,

    /// Keep the binary cache of the parsed data at PATH and reuse it while the data file's size
    /// and modification time are unchanged (implies streaming) [default: a temporary file,
    /// removed at the end]
    #[arg(long, value_name = "PATH")]
    pub cache: Option<PathBuf>,

    /// Points read from the cache at a time when streaming
    #[arg(long, value_name = "ROWS", default_value_t = 1 << 16, hide = true)]
    pub chunk_rows: usize,

    /// Print how the data was held and each pass's time (and the cache's read speed) to
    /// standard error
    #[arg(long)]
    pub verbose: bool,
}

/// `emviz select`.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Largest number of components to try (K = 1..K_MAX)
    #[arg(long, value_name = "K_MAX")]
    pub k_max: usize,

    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub em: EmArgs,

    /// How the starting parameters of every fit are chosen
    #[arg(long, value_enum, value_name = "HOW", default_value_t = SelectInit(DEFAULTS.init))]
    pub init: SelectInit,

    /// Print the selection as JSON ({"rows": [..], "best_bic": K, "best_aic": K, "best_icl": K}) instead of a
    /// table (with --models: every row names its model, and each best is {"model", "k"})
    #[arg(long)]
    pub json: bool,

    /// Compare mclust's covariance models too, as its mclustBIC: `all`, or names separated by
    /// commas (EII,VVV,…; see --model); prints the table of models × K
    #[arg(long, value_name = "MODELS")]
    pub models: Option<String>,

    /// With --models: the criterion whose values the table shows and whose best it marks
    #[arg(long, value_enum, value_name = "C", default_value_t = CriterionArg::Bic, requires = "models")]
    pub criterion: CriterionArg,

    /// With --models: BIC and ICL in mclust's sign, 2·log-likelihood − df·log n (higher is better)
    #[arg(long, requires = "models")]
    pub mclust_sign: bool,

    /// The column of each point's sample weight, as `fit --weights-col`: every fit is weighted,
    /// and BIC, AIC and ICL count each point as many times as its weight (n = the weights' sum)
    #[arg(long, value_name = "COL")]
    pub weights_col: Option<String>,
}

/// `select --criterion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CriterionArg {
    /// Bayesian information criterion
    Bic,
    /// Integrated completed likelihood: BIC charged for overlapping components (mclust's ICL)
    Icl,
}

/// `emviz sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Model JSON file (as printed by `emviz fit`), or `-` for standard input
    #[arg(value_name = "MODEL.json")]
    pub model: PathBuf,

    /// Number of points to draw
    #[arg(short, long, value_name = "N")]
    pub n: usize,

    /// Seed of the random draws
    #[arg(long, value_name = "S", default_value_t = DEFAULTS.seed)]
    pub seed: u64,

    /// Append each point's component (0-based) as a last column
    #[arg(long)]
    pub labels: bool,
}

/// `emviz kmeans`.
#[derive(Debug, Args)]
pub struct KmeansArgs {
    /// Number of clusters
    #[arg(short, long, value_name = "K")]
    pub k: usize,

    #[command(flatten)]
    pub data: DataArgs,

    /// Seed of the k-means++ start
    #[arg(long, value_name = "S", default_value_t = DEFAULTS.seed)]
    pub seed: u64,

    /// Stop after this many assign + update iterations
    #[arg(long, value_name = "M", default_value_t = 300)]
    pub max_iter: usize,

    /// Starting centres instead of k-means++: "x1,y1;x2,y2"
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub means: Option<String>,

    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// `emviz bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Data sizes, comma-separated; `1e5` notation is accepted
    #[arg(
        long,
        value_name = "N,..",
        value_delimiter = ',',
        value_parser = parse_count,
        default_value = "10000,100000,1000000"
    )]
    pub n: Vec<usize>,

    /// Number of mixture components
    #[arg(short, long, value_name = "K", default_value_t = 5)]
    pub k: usize,

    /// EM iterations timed per run
    #[arg(long, value_name = "ITERS", default_value_t = 20)]
    pub iters: usize,

    /// Times each measurement is made; the median and the range (min–max) are reported
    #[arg(long, value_name = "R", default_value_t = 1)]
    pub repeats: usize,

    /// Directory of the data files blobs_<N>.txt (created when missing)
    #[arg(long, value_name = "DIR", default_value = "target/bench-data")]
    pub data_dir: PathBuf,

    /// Seed of the random start (--init random)
    #[arg(long, value_name = "S", default_value_t = DEFAULTS.seed)]
    pub seed: u64,

    /// Added to every variance in each M-step
    #[arg(long, value_name = "E", default_value = sci(DEFAULTS.reg_covar))]
    pub reg_covar: f64,

    /// Thread counts to time, comma-separated [default: 1 and all cores]
    #[arg(long, value_name = "T,..", value_delimiter = ',')]
    pub threads: Vec<usize>,

    /// Print one JSON object per N and thread count ({"n", "threads", "emviz_ms_per_iter" (the
    /// median), "emviz_ms_per_iter_min", "emviz_ms_per_iter_max", "speedup", "simd", ..})
    /// instead of a table
    #[arg(long)]
    pub json: bool,

    /// Time the weighted pass: every point gets a sample weight (a fixed pattern in [0.5, 1.5])
    #[arg(long)]
    pub weighted: bool,
}

/// A default number as `--help` shows it and clap reads it back: `1e-4`.
fn sci(v: f64) -> String {
    format!("{v:e}")
}

/// A value of the rules' names: the canonical one shown, the aliases accepted too.
fn possible(name: &'static str, aliases: &'static [&'static str], help: &str) -> PossibleValue {
    PossibleValue::new(name)
        .aliases(aliases.iter().copied())
        .help(help.to_owned())
}

/// `--covariance`: a covariance type of the rules, by name or alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CovarianceArg(pub CovarianceType);

impl ValueEnum for CovarianceArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<CovarianceArg>> =
            LazyLock::new(|| CovarianceType::ALL.map(CovarianceArg).to_vec());
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let t = self.0;
        let help = match t {
            CovarianceType::Full => "Each component has its own general covariance matrix",
            CovarianceType::Diag => "Each component has its own diagonal covariance matrix",
            CovarianceType::Spherical => "Each component has a single variance",
            CovarianceType::Tied => "All components share one general covariance matrix",
        };
        Some(possible(t.name(), t.aliases(), help))
    }
}

/// `--model`: one of mclust's covariance models, by name (any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelArg(pub ModelName);

impl ValueEnum for ModelArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<ModelArg>> =
            LazyLock::new(|| ModelName::ALL.map(ModelArg).to_vec());
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let m = self.0;
        let word = |v: Variation| match v {
            Variation::Equal => "equal",
            Variation::Variable => "variable",
            Variation::Identity => "identity",
        };
        let mut help = format!(
            "volume {}, shape {}, orientation {}",
            word(m.volume()),
            word(m.shape()),
            word(m.orientation())
        );
        if let Some(t) = m.covariance_type() {
            help += &format!(" (= {t})");
        }
        Some(PossibleValue::new(m.name()).help(help))
    }
}

/// The words of help of a start (the CLI's own; the names are the rules').
fn init_help(kind: InitKind) -> &'static str {
    match kind {
        InitKind::KMeansPlusPlus => "k-means++ seeds, then the parameters of their partition",
        InitKind::Random => {
            "K distinct data points at random, then the parameters of their partition"
        }
        InitKind::Means => "The means given by --means",
        InitKind::Book => "The book's start: means (0, 50) and (0, 100), K = 2, two columns",
    }
}

/// `fit --bayes` and its priors: variational Bayes (scikit-learn's BayesianGaussianMixture)
/// instead of EM. Each prior left out takes scikit-learn's default.
#[derive(Debug, Args)]
pub struct BayesArgs {
    /// Variational Bayes instead of EM, with this prior on the weights (as scikit-learn's
    /// BayesianGaussianMixture): the posterior over the parameters is fitted, and surplus
    /// components empty themselves
    #[arg(long, value_enum, value_name = "PRIOR")]
    pub bayes: Option<BayesArg>,

    /// With --bayes: the weight concentration prior α₀ > 0; small values leave fewer components
    /// in use [default: 1/K]
    #[arg(long, value_name = "ALPHA", requires = "bayes")]
    pub concentration: Option<f64>,

    /// With --bayes: the mean precision prior β₀ > 0, how strongly the means are pulled to the
    /// mean prior [default: 1]
    #[arg(long, value_name = "BETA", requires = "bayes")]
    pub mean_precision: Option<f64>,

    /// With --bayes: the mean prior m₀, "x,y,…" [default: the data's mean]
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        requires = "bayes"
    )]
    pub mean_prior: Option<String>,

    /// With --bayes: the degrees-of-freedom prior ν₀ > d − 1 [default: d]
    #[arg(long, value_name = "NU", requires = "bayes")]
    pub dof_prior: Option<f64>,

    /// With --bayes: the covariance prior, in the covariance type's shape: a d×d matrix
    /// "a,b;c,d" (full, tied), d variances "a,b" (diag) or one variance (spherical) [default: the
    /// data's covariance, its variances, or their mean]
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        requires = "bayes"
    )]
    pub covariance_prior: Option<String>,
}

/// `--bayes`: a prior on the weights of the rules, by name or alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BayesArg(pub WeightPrior);

impl ValueEnum for BayesArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<BayesArg>> =
            LazyLock::new(|| WeightPrior::ALL.map(BayesArg).to_vec());
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let w = self.0;
        let help = match w {
            WeightPrior::DirichletProcess => {
                "a Dirichlet process (stick-breaking): components beyond those the data need empty themselves"
            }
            WeightPrior::DirichletDistribution => "a symmetric Dirichlet distribution over the K weights",
        };
        Some(possible(w.name(), w.aliases(), help))
    }
}

/// `--init` of `fit`: a start of the rules that `fit` offers, by name or alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FitInit(pub InitKind);

impl ValueEnum for FitInit {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            FitInit(InitKind::KMeansPlusPlus),
            FitInit(InitKind::Random),
            FitInit(InitKind::Means),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let k = self.0;
        Some(possible(k.name(), k.aliases(), init_help(k)))
    }
}

/// `fit --init`'s help: its default depends on `--means`.
fn fit_init_help() -> String {
    format!(
        "How the starting parameters are chosen [default: {}, or {} when --means is given]",
        DEFAULTS.init,
        InitKind::Means
    )
}

/// `--init` of `select`: the starts that need no values (given means cannot serve every K).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelectInit(pub InitKind);

impl ValueEnum for SelectInit {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            SelectInit(InitKind::KMeansPlusPlus),
            SelectInit(InitKind::Random),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let k = self.0;
        Some(possible(k.name(), k.aliases(), init_help(k)))
    }
}

/// `--header`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HeaderArg {
    /// A header if none of the first line's fields is a number
    Auto,
    /// The first line is a header
    #[value(alias = "present")]
    Yes,
    /// There is no header
    #[value(alias = "absent")]
    No,
}

impl From<HeaderArg> for HeaderMode {
    fn from(h: HeaderArg) -> Self {
        match h {
            HeaderArg::Auto => HeaderMode::Auto,
            HeaderArg::Yes => HeaderMode::Present,
            HeaderArg::No => HeaderMode::Absent,
        }
    }
}

/// A count written as an integer (`100000`) or in scientific notation (`1e5`).
fn parse_count(s: &str) -> Result<usize, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<usize>() {
        return Ok(n);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 1e15 => Ok(v as usize),
        _ => Err(format!("\"{t}\" is not a whole number of points")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    fn fit_args(extra: &[&str]) -> FitArgs {
        let mut argv = vec!["emviz", "fit", "data.txt", "--k", "2"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Fit(a) => *a,
            other => panic!("{other:?}"),
        }
    }

    /// Without flags, the settings are the rules' defaults.
    #[test]
    fn the_defaults_are_the_rules() {
        let a = fit_args(&[]);
        let em = &a.em;
        assert_eq!(em.covariance.0, DEFAULTS.covariance_type);
        assert_eq!(
            (em.seed, em.n_init, em.max_iter),
            (DEFAULTS.seed, DEFAULTS.n_init, DEFAULTS.max_iter)
        );
        assert_eq!((em.tol, em.reg_covar), (DEFAULTS.tol, DEFAULTS.reg_covar));
        assert_eq!(a.init, None, "the default start depends on --means");
    }

    /// Every name and alias of the rules is accepted, and read as its type or start.
    #[test]
    fn every_name_and_alias_of_the_rules_is_accepted() {
        for t in CovarianceType::ALL {
            for name in std::iter::once(t.name()).chain(t.aliases().iter().copied()) {
                assert_eq!(
                    fit_args(&["--covariance", name]).em.covariance.0,
                    t,
                    "{name}"
                );
            }
        }
        for FitInit(kind) in FitInit::value_variants() {
            for name in std::iter::once(kind.name()).chain(kind.aliases().iter().copied()) {
                assert_eq!(
                    fit_args(&["--init", name]).init,
                    Some(FitInit(*kind)),
                    "{name}"
                );
            }
        }
        let shown: Vec<String> = CovarianceArg::value_variants()
            .iter()
            .map(|v| v.to_possible_value().unwrap().get_name().to_owned())
            .collect();
        assert_eq!(
            shown,
            CovarianceType::ALL.map(|t| t.name().to_owned()),
            "in the rules' order"
        );
        assert!(Cli::try_parse_from(["emviz", "fit", "d", "--k", "2", "--init", "book"]).is_err());
    }

    #[test]
    fn counts_accept_scientific_notation() {
        assert_eq!(parse_count("1e5"), Ok(100_000));
        assert_eq!(parse_count("10000"), Ok(10_000));
        assert!(parse_count("1.5").is_err());
        assert!(parse_count("-3").is_err());
    }
}
