//! Exercises that check themselves: the catalogue (what each needs opened — data, settings,
//! section, point — and what it asks the learner to type), the set a link names (`ex=1,2,5`), and
//! [`check`]: one check per exercise on the page's *state* (the run, the chapter's panels), plus
//! the learner's typed answers where an exercise asks for numbers. A [`Verdict`] is typed facts
//! (why, and the numbers to compare); the page words them in its language. Every reference value
//! is computed from the same data and settings (the settings' own start run to its end, BIC for
//! every K, D_KL after one and ten iterations), never written down; the costly ones are kept in a [`Memo`]
//! while the data and settings stay the same.

mod checks;
#[cfg(test)]
mod tests;

use crate::error::{Error, LinkProblem, Want};
use crate::start::Start;

pub use checks::{check, Memo};

/// The exercise the learner sees first, and the count of exercises.
pub const COUNT: usize = 8;
/// The point exercise 2 sets q(z) for (1-based, as the page numbers points).
pub const Q_POINT: usize = 40;
/// Exercise 1: how much lower the final mean log-likelihood must be than the run from the
/// settings' own start (the start before any mean was dragged) gives.
pub const WORSE_BY: f64 = 0.01;
/// Exercise 2: D_KL(q ‖ p_θ(z | x)) at most this counts as 0.
pub const KL_ZERO: f64 = 1e-3;
/// Exercise 4: the share of points on which k-means and EM must disagree.
pub const DISAGREE_SHARE: f64 = 0.1;
/// Exercise 5: a guess this close to the responsibility scores as right.
pub const GUESS_WITHIN: f64 = 0.1;
/// Exercise 7: the iterations after which D_KL(p* ‖ p_θ) is read.
pub const KL_AFTER: [usize; 2] = [1, 10];
/// Exercises 7 and 8: a typed number is right within this share of the page's value (or this
/// much in absolute terms, for values near 0).
pub const TYPED_WITHIN: f64 = 0.01;
/// Exercise 8's five 1-D points.
pub const FIVE_POINTS: &str = "x\n2\n2.5\n3\n3.5\n4\n";

/// What an exercise needs opened: data, settings, half-steps taken, the chapter's section and
/// the point the per-point panels follow. Opening never solves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    /// A preset to load (`None`: the data as they are, unless `text`).
    pub preset: Option<&'static str>,
    /// Data text to load.
    pub text: Option<&'static str>,
    /// K.
    pub k: Option<usize>,
    /// The start.
    pub init: Option<Start>,
    /// reg_covar.
    pub reg_covar: Option<f64>,
    /// Half-steps to take after the start.
    pub half_steps: usize,
    /// The chapter's section (contents.js's ids), if one helps.
    pub section: Option<&'static str>,
    /// The point to follow (0-based row).
    pub point: Option<usize>,
}

/// What an exercise asks the learner to type or set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// q(z) of §5.2.2's panel (set there by hand).
    HandQ,
    /// A point's number and a guess of its responsibility for component 1.
    Guess,
    /// D_KL after one and after ten iterations, and where the log-likelihood went.
    KlReadings,
    /// A new mean and variance.
    MeanVariance,
}

/// One exercise of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// 1-based, as links name it.
    pub id: usize,
    /// What it opens.
    pub setup: Setup,
    /// What the learner types, if anything.
    pub input: Option<Input>,
}

const NOTHING: Setup = Setup {
    preset: None,
    text: None,
    k: None,
    init: None,
    reg_covar: None,
    half_steps: 0,
    section: None,
    point: None,
};

/// The eight exercises, in the chapter's order of ideas.
pub fn catalogue() -> Vec<Exercise> {
    let book = Setup {
        preset: Some("old-faithful"),
        k: Some(2),
        init: Some(Start::Book),
        reg_covar: Some(0.0),
        ..NOTHING
    };
    let ex = |id, setup, input| Exercise { id, setup, input };
    let blobs = Setup {
        preset: Some("blobs"),
        init: Some(Start::KMeansPlusPlus),
        ..NOTHING
    };
    vec![
        ex(
            1,
            Setup {
                k: Some(3),
                ..blobs.clone()
            },
            None,
        ),
        ex(
            2,
            Setup {
                half_steps: 2,
                section: Some("derivation1"),
                point: Some(Q_POINT - 1),
                ..book.clone()
            },
            Some(Input::HandQ),
        ),
        ex(
            3,
            Setup {
                k: Some(1),
                ..blobs
            },
            None,
        ),
        ex(
            4,
            Setup {
                section: Some("kmeans"),
                ..book.clone()
            },
            None,
        ),
        ex(5, book.clone(), Some(Input::Guess)),
        ex(6, book, None),
        ex(
            7,
            Setup {
                preset: Some("known-mixture"),
                k: Some(3),
                init: Some(Start::KMeansPlusPlus),
                section: Some("kl"),
                ..NOTHING
            },
            Some(Input::KlReadings),
        ),
        ex(
            8,
            Setup {
                text: Some(FIVE_POINTS),
                k: Some(2),
                init: Some(Start::Random),
                reg_covar: Some(0.0),
                section: Some("blog"),
                ..NOTHING
            },
            Some(Input::MeanVariance),
        ),
    ]
}

/// Longest `ex=` value read.
const MAX_SET_CHARS: usize = 40;

/// The exercises a link's `ex=` names (`3`, `1,2,5`), in its order, each once.
pub fn parse_set(value: &str) -> Result<Vec<usize>, Error> {
    let bad = || LinkProblem::Field {
        key: "ex".to_string(),
        value: value.chars().take(MAX_SET_CHARS).collect(),
        want: Want::Exercises { max: COUNT },
    };
    if value.len() > MAX_SET_CHARS {
        return Err(bad().into());
    }
    let mut ids = Vec::new();
    for part in value.split(',') {
        let id: usize = part.trim().parse().map_err(|_| bad())?;
        if !(1..=COUNT).contains(&id) {
            return Err(bad().into());
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Where the log-likelihood went between two readings (exercise 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Went {
    /// It rose.
    Rose,
    /// It fell.
    Fell,
    /// It stayed the same.
    Stayed,
}

/// What the learner typed or set (each part only where the exercise asks for it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    /// Exercise 2: q(z) of §5.2.2's panel for its point (K values ≥ 0, normalised by the check).
    pub q: Option<Vec<f64>>,
    /// Exercise 2: the point that q is for (0-based row).
    pub q_point: Option<usize>,
    /// Exercise 5: the point guessed about (0-based row).
    pub point: Option<usize>,
    /// Exercise 5: the guess of its responsibility for component 1.
    pub guess: Option<f64>,
    /// Exercise 5: the history index shown when the guess was made.
    pub guessed_at: Option<usize>,
    /// Exercise 7: D_KL(p* ‖ p_θ) read after one and after ten iterations.
    pub kl: [Option<f64>; 2],
    /// Exercise 7: where the log-likelihood went meanwhile.
    pub went: Option<Went>,
    /// Exercise 8: the new mean and variance of component 1.
    pub mean: Option<f64>,
    pub variance: Option<f64>,
}

/// Why a check says what it says; the numbers are the [`Verdict`]'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The run has not converged yet.
    RunNotOver,
    /// 1: the final mean log-likelihood (`have`) is not below the settings' own start's
    /// (`reference`) by [`WORSE_BY`].
    NotWorse,
    /// 1: solved.
    WorseOptimum,
    /// 2: q is set for another point than [`Q_POINT`].
    OtherPoint,
    /// 2: D_KL (`have`) is above [`KL_ZERO`].
    KlNotZero,
    /// 2: solved.
    KlZero,
    /// 3: the data are not the "blobs" preset.
    NotBlobs,
    /// 3: K = `k` has BIC `have`; another K has a lower one.
    NotLowestBic,
    /// 3: solved.
    LowestBic,
    /// 4: `count` of `n` points disagree; `need` are needed.
    TooFewDisagree,
    /// 4: solved.
    Disagree,
    /// 5: no guess yet.
    NoGuess,
    /// 5: the guess is in; take the E-step.
    StepToReveal,
    /// 5: more than the E-step after the guess was taken (or the run moved): guess again.
    GuessStale,
    /// 5: the guess (`have`) is off the responsibility (`reference`).
    GuessOff,
    /// 5: solved.
    GuessClose,
    /// 6: no component has collapsed.
    NoCollapse,
    /// 6: solved.
    Collapsed,
    /// 7: the data's p* is not known.
    TruthUnknown,
    /// 7: a number is missing.
    Missing,
    /// 7: the reading after `k` iterations (`have`) is off.
    KlOff,
    /// 7: the direction of the log-likelihood is wrong.
    WrongWay,
    /// 7: solved.
    KlRead,
    /// 8: the data are not one column.
    NotOneD,
    /// 8: take the E-step first (the M-step's numbers come from it).
    NeedE,
    /// 8: the mean is off.
    MeanOff,
    /// 8: the variance is off.
    VarianceOff,
    /// 8: solved.
    ByHand,
}

/// A check's outcome: solved or not yet, why, and the numbers the learner can compare.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub id: usize,
    pub solved: bool,
    pub why: Why,
    /// The learner's value (a log-likelihood, a D_KL, a BIC, a guess, …).
    pub have: Option<f64>,
    /// The page's value it is compared with, where showing it does not give the answer away.
    pub reference: Option<f64>,
    /// A K, or an iteration count.
    pub k: Option<usize>,
    /// A count of points, and how many are needed.
    pub count: Option<usize>,
    pub need: Option<usize>,
    /// Exercise 8: the points (x, responsibility for component 1) of the last E-step.
    pub points: Vec<[f64; 2]>,
}

impl Verdict {
    fn new(id: usize, solved: bool, why: Why) -> Self {
        Verdict {
            id,
            solved,
            why,
            have: None,
            reference: None,
            k: None,
            count: None,
            need: None,
            points: Vec::new(),
        }
    }
}
