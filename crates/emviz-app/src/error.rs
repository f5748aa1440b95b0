//! The page's errors: the core's ([`emviz_core::Error`]) plus the checks the page makes itself
//! (its settings' limits, links, GIF frames, imported models, …). Like the core's, they carry facts
//! (the value given, the limit), never sentences: `Display` is the one English wording, and
//! [`crate::messages`] words the same facts in Korean and Japanese.

use std::fmt;

use emviz_core::rules::{list, SEED_MAX};

/// Shorthand for results of the page's Rust.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the page's Rust.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// An error of the core (data, a fit, a model).
    Core(emviz_core::Error),
    /// A value the page checks itself is out of its allowed range.
    Invalid(Problem),
    /// A link (`#k=3&data=…`) could not be read or written.
    Link(LinkProblem),
    /// A lecture step (`data-emviz="it=3; half=E"`) could not be read.
    Lecture(LectureProblem),
}

impl From<emviz_core::Error> for Error {
    fn from(e: emviz_core::Error) -> Self {
        Error::Core(e)
    }
}

impl From<emviz_core::ParseError> for Error {
    fn from(e: emviz_core::ParseError) -> Self {
        Error::Core(e.into())
    }
}

impl From<emviz_core::Invalid> for Error {
    fn from(e: emviz_core::Invalid) -> Self {
        Error::Core(e.into())
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Invalid(p)
    }
}

impl From<LectureProblem> for Error {
    fn from(p: LectureProblem) -> Self {
        Error::Lecture(p)
    }
}

impl From<LinkProblem> for Error {
    fn from(p: LinkProblem) -> Self {
        Error::Link(p)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Core(e) => write!(f, "{e}"),
            // A form field's message leads with the field's label, as the form shows it.
            Error::Invalid(p @ (Problem::NotANumber { .. } | Problem::NotWholeNumber { .. })) => {
                write!(f, "{p}")
            }
            Error::Invalid(p) => write!(f, "invalid {}: {p}", p.name()),
            Error::Link(p) => write!(f, "invalid link: {p}"),
            Error::Lecture(p) => write!(f, "invalid lecture step: {p}"),
        }
    }
}

impl std::error::Error for Error {}

/// A check the page makes itself, with its facts.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// K outside `1..=max`.
    KRange {
        /// The K given.
        k: usize,
        /// The largest K the page shows.
        max: usize,
    },
    /// Max iterations outside `1..=max`.
    MaxIterRange {
        /// The value given.
        value: usize,
        /// The limit.
        max: usize,
    },
    /// A seed above the core's `SEED_MAX`, 2⁵³ (a JavaScript number would not hold it exactly).
    SeedRange,
    /// The book's start chosen where it does not apply (K ≠ 2 or not two columns).
    BookStart,
    /// No built-in data set of this id.
    NoPreset {
        /// The id asked for.
        id: String,
    },
    /// A true mixture of another dimension than the data.
    TruthDimensions,
    /// A half-step beyond the history.
    HistoryTooShort {
        /// Half-steps recorded.
        len: usize,
    },
    /// A column to draw that the data does not have.
    ViewColumns {
        /// Columns of the data.
        columns: usize,
    },
    /// A GIF frame outside `1..=max` pixels on a side.
    GifSize {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
        /// Longest side.
        max: u32,
    },
    /// A GIF frame's pixels of the wrong size.
    GifFrameBytes {
        /// The frame's width.
        width: u32,
        /// The frame's height.
        height: u32,
        /// Bytes given.
        found: usize,
    },
    /// The GIF encoder failed; `reason` is the `gif` crate's own message.
    GifWrite {
        /// The encoder's message.
        reason: String,
    },
    /// A point index past the data; `point` as the message shows it.
    NoSuchPoint {
        /// The point asked for.
        point: usize,
        /// Points in the data.
        n: usize,
    },
    /// A distribution q over the components of the wrong size or with a negative entry.
    QValues {
        /// Components.
        k: usize,
    },
    /// A distribution q that is zero everywhere.
    QZero,
    /// An iteration that has no E-step in the run shown.
    IterationNoEStep {
        /// The iteration.
        iteration: usize,
    },
    /// An iteration with another K than now.
    IterationOtherK {
        /// The iteration.
        iteration: usize,
    },
    /// The model could not be written as JSON; `reason` is serde_json's message.
    ModelJsonWrite {
        /// serde_json's message.
        reason: String,
    },
    /// The text is not a model JSON file; `reason` is serde_json's message.
    NotModelJson {
        /// serde_json's message.
        reason: String,
    },
    /// An imported model of another dimension than the data.
    ImportDimensions {
        /// The model's dimensions.
        model: usize,
        /// The data's columns.
        data: usize,
    },
    /// An imported model with more components than the page shows.
    TooManyComponents {
        /// The model's K.
        k: usize,
        /// The page's largest K.
        max: usize,
    },
    /// The largest K of Choose K outside `1..=max`.
    KMaxRange {
        /// The value given.
        k_max: usize,
        /// The limit.
        max: usize,
    },
    /// Choose K without a covariance type.
    NoCovarianceTypes,
    /// Choose K with a covariance type named twice.
    RepeatedCovarianceType,
    /// Choose K fitted no K at all.
    NothingFitted,
    /// A coin's probability not strictly between 0 and 1.
    Probability {
        /// Which (`p(heads)` or `q(heads)`).
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A Gaussian's parameter out of range: a mean that is not finite or a standard deviation
    /// that is not positive (§5.1.2's densities).
    GaussianParameter {
        /// Which (`μ_p`, `σ_p`, `μ_q` or `σ_q`).
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A component index past K.
    NoSuchComponent {
        /// Components there are.
        k: usize,
    },
    /// A pointer position that is not a number.
    PointerNotNumber,
    /// A field of the page's form that does not hold a (finite) number.
    NotANumber {
        /// The field.
        field: Field,
        /// What it holds.
        raw: String,
    },
    /// A field of the page's form that does not hold a whole number in `min..=max`.
    NotWholeNumber {
        /// The field.
        field: Field,
        /// What it holds.
        raw: String,
        /// Smallest.
        min: u64,
        /// Largest.
        max: u64,
    },
    /// A start the page does not know (not `book`, `kmeans++` or `random`).
    UnknownStart {
        /// The name given.
        given: String,
    },
    /// A method of fitting the page does not know (not `em` or a weight prior of variational
    /// Bayes).
    UnknownMethod {
        /// The name given.
        given: String,
    },
    /// A picture could not be drawn on its canvas; `reason` is the canvas's or the charting
    /// library's own message.
    Drawing {
        /// The canvas's message.
        reason: String,
    },
    /// A canvas without a 2-D drawing context.
    NoCanvasContext,
    /// The browser gives no clock to time with.
    NoClock,
    /// The browser gives no random numbers; `reason` is its message.
    NoRandomSource {
        /// The browser's message.
        reason: String,
    },
    /// "Use as the data" for points Generate did not draw (or no longer holds).
    SamplesNotDrawn,
    /// A step of Choose K before it was started.
    NoSelection,
    /// An exercise number outside `1..=count`.
    NoSuchExercise {
        /// The number given.
        id: usize,
        /// Exercises there are.
        count: usize,
    },
    /// Rows asked for beyond the data.
    RowsOutOfRange {
        /// First row.
        start: usize,
        /// One past the last row.
        end: usize,
        /// Rows of the data.
        n: usize,
    },
    /// A Web Worker's shards that do not cover its rows.
    WorkerShards,
    /// A GIF written to after it was finished.
    GifFinished,
    /// A value that could not pass between the page's JavaScript and emviz (a request in a shape
    /// emviz cannot read); `reason` is the converter's message.
    Malformed {
        /// The converter's message.
        reason: String,
    },
    /// A bad sample weight in the pasted text (the core's check of it, `cause`), at `line` and
    /// `column` (1-based) of the text.
    WeightAt {
        /// The line of the text.
        line: usize,
        /// The weights' column of the text.
        column: usize,
        /// The core's finding.
        cause: emviz_core::Invalid,
    },
    /// A weights column (1-based) the data lacks, or the data's only column.
    WeightsColumn {
        /// The column chosen.
        column: usize,
        /// Columns of the pasted data.
        columns: usize,
    },
    /// A point added by hand to weighted data (it would have no weight).
    WeightedAddPoint,
    /// Variational Bayes chosen with one of mclust's models (VB has scikit-learn's four types).
    ModelVb {
        /// The model's name.
        model: &'static str,
    },
}

/// A field of the page's forms, as a message names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// K (the settings' number of components).
    K,
    /// The seed.
    Seed,
    /// The tolerance.
    Tolerance,
    /// Max iterations.
    MaxIterations,
    /// reg_covar.
    RegCovar,
    /// How many points Generate draws.
    Samples,
    /// Choose K's starts per K.
    Starts,
}

impl Field {
    /// The field's English label, as the page's form shows it.
    pub fn label(self) -> &'static str {
        match self {
            Field::K => "K",
            Field::Seed => "Seed",
            Field::Tolerance => "Tolerance",
            Field::MaxIterations => "Max iterations",
            Field::RegCovar => "reg_covar",
            Field::Samples => "Samples",
            Field::Starts => "Starts per K",
        }
    }
}

/// `n` as a message writes it: the seed's limit ([`SEED_MAX`], 2⁵³) by its power, anything else
/// in digits.
pub fn shown_limit(n: u64) -> String {
    if n == SEED_MAX && n.is_power_of_two() {
        let digits = n.trailing_zeros().to_string();
        let power: String = digits
            .chars()
            .filter_map(|d| d.to_digit(10))
            .filter_map(|d| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().nth(d as usize))
            .collect();
        format!("2{power}")
    } else {
        n.to_string()
    }
}

impl Problem {
    /// The parameter or input this is about, as the English message names it.
    pub fn name(&self) -> &'static str {
        use Problem::*;
        match self {
            KRange { .. } | NothingFitted => "K",
            MaxIterRange { .. } => "max iterations",
            SeedRange => "seed",
            BookStart => "initialisation",
            NoPreset { .. } => "preset",
            TruthDimensions => "truth",
            HistoryTooShort { .. } => "history",
            ViewColumns { .. } => "columns",
            GifSize { .. } | GifFrameBytes { .. } | GifWrite { .. } => "GIF",
            NoSuchPoint { .. } => "point",
            QValues { .. } | QZero => "q",
            IterationNoEStep { .. } | IterationOtherK { .. } => "iteration",
            ModelJsonWrite { .. } | NotModelJson { .. } | TooManyComponents { .. } => "model",
            ImportDimensions { .. } => "data",
            KMaxRange { .. } => "K max",
            NoCovarianceTypes | RepeatedCovarianceType => "covariance type",
            Probability { name, .. } | GaussianParameter { name, .. } => name,
            NoSuchComponent { .. } => "component",
            PointerNotNumber => "position",
            SamplesNotDrawn => "samples",
            NotANumber { .. } | NotWholeNumber { .. } => "form",
            UnknownStart { .. } => "initialisation",
            UnknownMethod { .. } => "method",
            Drawing { .. } | NoCanvasContext => "canvas",
            NoClock | NoRandomSource { .. } => "browser",
            NoSelection => "K selection",
            NoSuchExercise { .. } => "exercise",
            RowsOutOfRange { .. } => "rows",
            WorkerShards => "shards",
            GifFinished => "GIF",
            Malformed { .. } => "value",
            WeightAt { .. } | WeightsColumn { .. } | WeightedAddPoint => "sample weights",
            ModelVb { .. } => "covariance type",
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What is wrong, in English (after `invalid <name>: ` in [`Error`]'s message).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            KRange { k, max } => write!(f, "K must be between 1 and {max}, not {k}"),
            MaxIterRange { value, max } => write!(f, "choose between 1 and {max}, not {value}"),
            SeedRange => write!(
                f,
                "the seed must be a whole number from 0 to {}",
                shown_limit(SEED_MAX)
            ),
            BookStart => f.write_str(
                "the book's start needs K = 2 and two columns; choose k-means++ or random",
            ),
            NoPreset { id } => write!(f, "there is no preset called \"{id}\""),
            TruthDimensions => f.write_str("the mixture and the data differ in dimension"),
            HistoryTooShort { len } => write!(f, "there are only {len} half-steps so far"),
            ViewColumns { columns } => write!(f, "the data has {columns} columns"),
            GifSize { width, height, max } => write!(
                f,
                "a GIF frame must be between 1 and {max} pixels on each side, not {width} × {height}"
            ),
            GifFrameBytes {
                width,
                height,
                found,
            } => write!(
                f,
                "a {width} × {height} frame needs {} bytes of RGBA, not {found}",
                *width as usize * *height as usize * 4
            ),
            GifWrite { reason } => write!(f, "the GIF could not be written: {reason}"),
            NoSuchPoint { point, n } => {
                write!(f, "there is no point {point}: the data has {n} points")
            }
            QValues { k } => write!(f, "q needs {k} values ≥ 0"),
            QZero => f.write_str("q must give some component a positive probability"),
            IterationNoEStep { iteration } => {
                write!(f, "iteration {iteration} has no E-step in the run shown")
            }
            IterationOtherK { iteration } => {
                write!(f, "iteration {iteration} had another number of components")
            }
            ModelJsonWrite { reason } => {
                write!(f, "the model could not be written as JSON: {reason}")
            }
            NotModelJson { reason } => write!(f, "this is not a model JSON file ({reason})"),
            ImportDimensions { model, data } => write!(
                f,
                "the model has {model} dimension{} but the data has {data} column{}: load matching data first",
                plural(*model),
                plural(*data)
            ),
            TooManyComponents { k, max } => {
                write!(f, "the model has {k} components; emviz shows at most {max}")
            }
            KMaxRange { k_max, max } => {
                write!(f, "K max must be between 1 and {max}, not {k_max}")
            }
            NoCovarianceTypes => f.write_str("choose at least one covariance type"),
            RepeatedCovarianceType => {
                f.write_str("each covariance type may be chosen only once")
            }
            NothingFitted => f.write_str("no K could be fitted"),
            Probability { name, value } => write!(
                f,
                "{name} must be a probability strictly between 0 and 1, not {value}"
            ),
            GaussianParameter { name, value } => write!(
                f,
                "{name} must be a finite number (a standard deviation σ above 0), not {value}"
            ),
            NoSuchComponent { k } => write!(f, "there are only {k} components"),
            PointerNotNumber => f.write_str("the pointer position is not a number"),
            NotANumber { field, raw } => {
                write!(f, "{}: \"{raw}\" is not a number", field.label())
            }
            NotWholeNumber {
                field,
                raw,
                min,
                max,
            } => write!(
                f,
                "{}: \"{raw}\" must be a whole number from {min} to {}",
                field.label(),
                shown_limit(*max)
            ),
            UnknownStart { given } => {
                let names = crate::start::Start::ALL.map(crate::start::Start::as_str);
                write!(f, "\"{given}\" is not {}", list(names, true))
            }
            UnknownMethod { given } => {
                let names = crate::method::Method::all().map(crate::method::Method::name);
                write!(f, "\"{given}\" is not a method: choose {}", list(names, true))
            }
            Drawing { reason } => write!(f, "the picture could not be drawn ({reason})"),
            NoCanvasContext => f.write_str("the canvas has no 2-D drawing context"),
            NoClock => f.write_str("this browser has no clock to time with"),
            NoRandomSource { reason } => {
                write!(f, "this browser gives no random numbers ({reason})")
            }
            SamplesNotDrawn => f.write_str(
                "these points were not drawn by Generate from a model: generate them again",
            ),
            NoSelection => f.write_str("no K selection has been started"),
            NoSuchExercise { id, count } => {
                write!(f, "there is no exercise {id}; they are numbered 1 to {count}")
            }
            RowsOutOfRange { start, end, n } => {
                write!(f, "rows {start} to {end} are not all among the data's {n}")
            }
            WorkerShards => f.write_str("a worker's shards do not fit its rows"),
            GifFinished => f.write_str("the GIF is already finished"),
            Malformed { reason } => write!(
                f,
                "it could not pass between the page and emviz ({reason})"
            ),
            WeightAt {
                line,
                column,
                cause,
            } => write!(f, "line {line}, column {column}: {cause}"),
            WeightsColumn { column, columns } => write!(
                f,
                "column {column} cannot hold the weights of data with {columns} column{}: choose \
                 one of its columns and keep at least one other for the points",
                plural(*columns)
            ),
            WeightedAddPoint => f.write_str(
                "a point added by hand would have no weight; choose no weights column to add points",
            ),
            ModelVb { model } => write!(
                f,
                "variational Bayes fits scikit-learn's four covariance types, not mclust's \
                 {model}; choose EM, or full, tied, diag or spherical"
            ),
        }
    }
}

/// Why a link cannot be read, or the state cannot be written into one. Keys and values quoted
/// from a link are already clipped to 40 characters.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkProblem {
    /// The link's parameters are too long to read.
    TooLong {
        /// Characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A value whose `%` escapes are broken or not UTF-8.
    NotText {
        /// The key.
        key: String,
    },
    /// `preset=` names no built-in data set.
    NoPreset {
        /// The id.
        id: String,
    },
    /// `start=` holds the wrong count of numbers.
    StartCount {
        /// Numbers given.
        given: usize,
        /// Components.
        k: usize,
        /// Dimensions.
        d: usize,
    },
    /// Column names that do not read back the same from a link.
    ColumnNames,
    /// `data=` is too long to read.
    DataTooLong {
        /// Characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// `data=` is not base64url.
    DataNotBase64,
    /// `data=` does not inflate (damaged or too large).
    DataDamaged,
    /// `data=` inflates to something that is not UTF-8 text.
    DataNotText,
    /// More panel names than a link may hold.
    TooManyPanels,
    /// A speed outside 1–10.
    SpeedRange,
    /// `key=value` where the value is not what the key takes.
    Field {
        /// The key.
        key: String,
        /// The value given.
        value: String,
        /// What the key takes.
        want: Want,
    },
}

/// What a link's key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// A whole number in `min..=max`.
    WholeNumber {
        /// Smallest.
        min: u64,
        /// Largest.
        max: u64,
    },
    /// A finite number ≥ 0.
    NonNegative,
    /// A finite number > 0.
    Positive,
    /// A covariance type.
    CovarianceType,
    /// A start (book, kmeanspp, random).
    Start,
    /// A method of fitting (`em`, or a weight prior of variational Bayes).
    Method,
    /// Two column numbers.
    Columns,
    /// A half-step (E or M).
    Half,
    /// A list of finite numbers.
    Numbers,
    /// A flag (1 or 0).
    Flag,
    /// Panel names (letters, digits and -).
    PanelName,
    /// Panel names separated by commas.
    PanelList,
    /// A language tag.
    LangTag,
    /// Exercise numbers `1..=max` separated by commas.
    Exercises {
        /// The last exercise.
        max: usize,
    },
}

impl fmt::Display for Want {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Want::WholeNumber { min, max } => write!(f, "a whole number from {min} to {max}"),
            Want::NonNegative => f.write_str("a number ≥ 0"),
            Want::Positive => f.write_str("a number > 0"),
            Want::CovarianceType => {
                f.write_str("full, diag, spherical, tied or one of mclust's models (EII … VVV)")
            }
            Want::Start => f.write_str("book, kmeanspp or random"),
            Want::Method => {
                f.write_str(&list(crate::method::Method::all().map(|m| m.name()), true))
            }
            Want::Columns => f.write_str("two column numbers such as 0,1"),
            Want::Half => f.write_str("E or M"),
            Want::Numbers => f.write_str("a list of finite numbers"),
            Want::Flag => f.write_str("1 or 0"),
            Want::PanelName => f.write_str("panel names of letters, digits and -"),
            Want::PanelList => f.write_str("panel names separated by commas"),
            Want::LangTag => f.write_str("a language tag such as en, ko or ja"),
            Want::Exercises { max } => {
                write!(
                    f,
                    "exercise numbers from 1 to {max} separated by commas, such as 1,2,5"
                )
            }
        }
    }
}

/// What is wrong with the link, in English (after `invalid link: `).
/// Why a lecture step (`data-emviz="…"`, see [`crate::lecture`]) cannot be read; columns count
/// characters of the attribute's value from 1.
#[derive(Clone, Debug, PartialEq)]
pub enum LectureProblem {
    /// The step is longer than `max` characters.
    TooLong {
        /// Characters given.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A part with no `=`.
    NoEquals {
        /// Where the part starts.
        column: usize,
        /// The part (clipped).
        part: String,
    },
    /// A key the steps do not know.
    UnknownKey {
        /// Where the pair starts.
        column: usize,
        /// The key (clipped).
        key: String,
    },
    /// A key named twice in one step.
    Repeated {
        /// Where the second starts.
        column: usize,
        /// The key.
        key: String,
    },
    /// A value the link's reading refuses.
    Value {
        /// Where the pair starts.
        column: usize,
        /// The link's problem with it.
        problem: LinkProblem,
    },
    /// `point=` that is not a point number (1, 2, …).
    Point {
        /// Where the pair starts.
        column: usize,
        /// The value (clipped).
        value: String,
    },
    /// `highlight=` that names no formula of the page.
    Highlight {
        /// Where the pair starts.
        column: usize,
        /// The value (clipped).
        value: String,
    },
    /// `half=` without `it=` in the same step.
    HalfWithoutIt,
}

impl fmt::Display for LectureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LectureProblem::*;
        match self {
            TooLong { chars, max } => {
                write!(f, "it is {chars} characters long; at most {max} are read")
            }
            NoEquals { column, part } => {
                write!(f, "column {column}: \"{part}\" should be key=value")
            }
            UnknownKey { column, key } => write!(
                f,
                "column {column}: unknown key \"{key}\" (known: {}, {})",
                list(crate::keys::RUN_KEYS, false),
                list(crate::keys::STEP_KEYS, false)
            ),
            Repeated { column, key } => write!(f, "column {column}: \"{key}\" is named twice"),
            Value { column, problem } => write!(f, "column {column}: {problem}"),
            Point { column, value } => write!(
                f,
                "column {column}: point=\"{value}\" should be a point number (1, 2, …)"
            ),
            Highlight { column, value } => write!(
                f,
                "column {column}: highlight=\"{value}\" should be {}",
                list(crate::keys::HIGHLIGHTS, true)
            ),
            HalfWithoutIt => f.write_str("half= needs it= (the iteration) in the same step"),
        }
    }
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LinkProblem::*;
        match self {
            TooLong { chars, max } => {
                write!(f, "it is {chars} characters long; at most {max} are read")
            }
            NotText { key } => write!(f, "the value of \"{key}\" is not valid text"),
            NoPreset { id } => write!(f, "there is no preset called \"{id}\""),
            StartCount { given, k, d } => write!(
                f,
                "its start has {given} numbers, but K = {k} components in {d} dimensions need {}",
                k + k * d + k * d * d
            ),
            ColumnNames => f.write_str("these column names cannot be written into a link"),
            DataTooLong { chars, max } => write!(
                f,
                "its data is {chars} characters long; at most {max} are read"
            ),
            DataNotBase64 => {
                f.write_str("its data is not base64url text (was the link cut short?)")
            }
            DataDamaged => {
                f.write_str("its data is damaged or too large (was the link cut short?)")
            }
            DataNotText => f.write_str("its data is not text"),
            TooManyPanels => f.write_str("too many panel names"),
            SpeedRange => f.write_str("the speed must be between 1 and 10"),
            Field { key, value, want } => write!(f, "{key}=\"{value}\" should be {want}"),
        }
    }
}
