//! The exercises on the wire: the page asks for the catalogue (all of it, or the set a link's
//! `ex=` names) or for one exercise's verdict on the state shown and the learner's answer.

use emviz_app::exercises::{self as ex, Why};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{Init, Wire};

/// What the exercises panel asks.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ExerciseAsk {
    /// The exercises, or those a link's `ex=` value names (an error for a bad value).
    List {
        /// The `ex=` value, or null for all.
        set: Option<String>,
    },
    /// Exercise `id`'s verdict on the state shown.
    Check { id: usize, answer: AnswerForm },
}

/// What the learner typed or set; parts an exercise does not ask for are null.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct AnswerForm {
    /// §5.2.2's q(z), and the row it is for.
    #[tsify(optional)]
    pub q: Option<Vec<f64>>,
    #[tsify(optional)]
    pub q_point: Option<usize>,
    /// The row guessed about, the guess, and the history index shown when it was made.
    #[tsify(optional)]
    pub point: Option<usize>,
    #[tsify(optional)]
    pub guess: Option<f64>,
    #[tsify(optional)]
    pub guessed_at: Option<usize>,
    /// D_KL after one and after ten iterations.
    #[tsify(optional)]
    pub kl_one: Option<f64>,
    #[tsify(optional)]
    pub kl_ten: Option<f64>,
    /// Where the log-likelihood went.
    #[tsify(optional)]
    pub went: Option<Went>,
    /// The new mean and variance.
    #[tsify(optional)]
    pub mean: Option<f64>,
    #[tsify(optional)]
    pub variance: Option<f64>,
}

/// Where the log-likelihood went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Went {
    Rose,
    Fell,
    Stayed,
}

impl From<AnswerForm> for ex::Answer {
    fn from(f: AnswerForm) -> Self {
        ex::Answer {
            q: f.q,
            q_point: f.q_point,
            point: f.point,
            guess: f.guess,
            guessed_at: f.guessed_at,
            kl: [f.kl_one, f.kl_ten],
            went: f.went.map(|w| match w {
                Went::Rose => ex::Went::Rose,
                Went::Fell => ex::Went::Fell,
                Went::Stayed => ex::Went::Stayed,
            }),
            mean: f.mean,
            variance: f.variance,
        }
    }
}

/// What an exercise asks the learner to type or set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Input {
    HandQ,
    Guess,
    KlReadings,
    MeanVariance,
}

/// One exercise: its number, what opening it loads and sets, what it asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Exercise {
    pub id: usize,
    pub preset: Option<String>,
    pub text: Option<String>,
    pub k: Option<usize>,
    pub init: Option<Init>,
    pub reg_covar: Option<f64>,
    pub half_steps: usize,
    /// The chapter's section to show (contents.js's ids).
    pub section: Option<String>,
    /// The row the per-point panels follow.
    pub point: Option<usize>,
    pub input: Option<Input>,
}

impl Wire<ex::Exercise> for Exercise {
    fn wire(e: &ex::Exercise) -> Self {
        let s = &e.setup;
        Exercise {
            id: e.id,
            preset: s.preset.map(str::to_string),
            text: s.text.map(str::to_string),
            k: s.k,
            init: s.init.as_ref().map(Init::wire),
            reg_covar: s.reg_covar,
            half_steps: s.half_steps,
            section: s.section.map(str::to_string),
            point: s.point,
            input: e.input.map(|i| match i {
                ex::Input::HandQ => Input::HandQ,
                ex::Input::Guess => Input::Guess,
                ex::Input::KlReadings => Input::KlReadings,
                ex::Input::MeanVariance => Input::MeanVariance,
            }),
        }
    }
}

/// A verdict: solved or not yet, why (the page words it), and the numbers to compare.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Verdict {
    pub id: usize,
    pub solved: bool,
    /// The reason's name (`notWorse`, `klZero`, …), the key of its words.
    pub why: String,
    pub have: Option<f64>,
    pub reference: Option<f64>,
    pub k: Option<usize>,
    pub count: Option<usize>,
    pub need: Option<usize>,
    /// Exercise 8: (x, responsibility for component 1) of each point.
    pub points: Vec<[f64; 2]>,
}

/// A reason's name on the wire: the variant's, first letter lower-case.
fn why_name(why: Why) -> String {
    let name = format!("{why:?}");
    let mut chars = name.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

impl Wire<ex::Verdict> for Verdict {
    fn wire(v: &ex::Verdict) -> Self {
        Verdict {
            id: v.id,
            solved: v.solved,
            why: why_name(v.why),
            have: v.have,
            reference: v.reference,
            k: v.k,
            count: v.count,
            need: v.need,
            points: v.points.clone(),
        }
    }
}

/// The answer to an [`ExerciseAsk`]: the list, or the verdict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct ExerciseView {
    pub exercises: Option<Vec<Exercise>>,
    pub verdict: Option<Verdict>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_cross_by_their_variant_names() {
        assert_eq!(why_name(Why::NotWorse), "notWorse");
        assert_eq!(why_name(Why::KlZero), "klZero");
    }
}
