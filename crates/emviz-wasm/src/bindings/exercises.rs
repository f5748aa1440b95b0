//! The exercises: their catalogue (or a link's set) and each one's verdict on the state shown.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::Session;
use crate::wire::exercises::{Exercise, ExerciseAsk, ExerciseView, Verdict};
use crate::wire::Wire;
use emviz_app::exercises;

#[wasm_bindgen]
impl Session {
    /// The exercises (all, or the set a link's `ex=` names: a bad value is an error worded in
    /// the page's language), or exercise `id`'s verdict on the state shown and the answer.
    pub fn exercise(&mut self, ask: Ts<ExerciseAsk>) -> Result<Ts<ExerciseView>, JsError> {
        let view = match self.read(ask)? {
            ExerciseAsk::List { set } => {
                let all = exercises::catalogue();
                let ids = match set {
                    Some(s) => exercises::parse_set(&s).map_err(|e| self.fail(e))?,
                    None => all.iter().map(|e| e.id).collect(),
                };
                let listed = ids.iter().filter_map(|id| all.iter().find(|e| e.id == *id));
                ExerciseView {
                    exercises: Some(listed.map(Exercise::wire).collect()),
                    verdict: None,
                }
            }
            ExerciseAsk::Check { id, answer } => {
                let v = (self.page.check_exercise(id, &answer.into())).map_err(|e| self.fail(e))?;
                ExerciseView {
                    exercises: None,
                    verdict: Some(Verdict::wire(&v)),
                }
            }
        };
        self.give(view)
    }
}
