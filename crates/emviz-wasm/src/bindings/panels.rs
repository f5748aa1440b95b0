//! The panels' numbers: one point's (its E-step and its bound), the chapter's panels (each part
//! made only when asked for), and Choose K's job.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::Session;
use crate::render::elbo;
use crate::wire::chapter::{ChapterAsk, ChapterView};
use crate::wire::point::PointView;
use crate::wire::select::{SelectCommand, SelectionResult, SelectionView};
use crate::wire::Wire;
use emviz_app::{blog, book, bound, complete, inspect, kl_examples, objective};

#[wasm_bindgen]
impl Session {
    /// Row `index`'s numbers under the state shown: its E-step (weights, log densities,
    /// responsibilities, q, ln p(x)) and its bound for q ∝ `q` (K values ≥ 0 set by hand) or,
    /// when null, the point's q from the last E-step — every term of the chapter's derivation
    /// (§5.2.1–§5.3.1).
    pub fn point(&self, index: usize, q: Option<Vec<f64>>) -> Result<Ts<PointView>, JsError> {
        let app = self.page.app();
        let inspection = inspect::inspect_point(app, index).map_err(|e| self.fail(e))?;
        let bound = bound::point_bound(app, index, q.as_deref()).map_err(|e| self.fail(e))?;
        self.give(PointView {
            inspection: Wire::wire(&inspection),
            bound: Wire::wire(&bound),
        })
    }

    /// The chapter's numbers for the state shown, the parts asked for (the others null).
    pub fn chapter(&mut self, ask: Ts<ChapterAsk>) -> Result<Ts<ChapterView>, JsError> {
        let ask = self.read(ask)?;
        let app = self.page.app();
        let fail = |e: emviz_app::error::Error| self.fail(e);
        let asked = |part: Option<bool>| part == Some(true);
        let mut view = ChapterView {
            objective: if asked(ask.objective) {
                Some(Wire::wire(&objective::objective(app).map_err(fail)?))
            } else {
                None
            },
            book: if asked(ask.book) {
                Some(Wire::wire(&book::book_likelihood(app).map_err(fail)?))
            } else {
                None
            },
            blog: match ask.blog {
                Some(b) => Some(Wire::wire(&blog::blog(app, b.index).map_err(fail)?)),
                None => None,
            },
            complete: asked(ask.complete).then(|| Wire::wire(&complete::complete_data(app))),
            data_bound: match ask.data_bound {
                Some(b) => Some(Wire::wire(
                    &bound::data_bound(app, b.from_iteration).map_err(fail)?,
                )),
                None => None,
            },
            elbo: asked(ask.elbo).then(|| Wire::wire(&elbo::bar(app, self.elbo_window().as_ref()))),
            kl_coins: match ask.kl_coins {
                Some(c) => Some(Wire::wire(&kl_examples::coins(c.p, c.q).map_err(fail)?)),
                None => None,
            },
            kl_densities: match ask.kl_densities {
                Some(g) => Some(Wire::wire(
                    &kl_examples::densities(g.mp, g.sp, g.mq, g.sq).map_err(fail)?,
                )),
                None => None,
            },
            truth: None,
            kmeans: None,
        };
        if asked(ask.truth) {
            let report = self.page.truth_report().map_err(|e| self.fail(e))?;
            view.truth = Some(Wire::wire(&report));
        }
        if asked(ask.kmeans) {
            let state = self.page.kmeans_state().map_err(|e| self.fail(e))?;
            view.kmeans = Some(Wire::wire(&state));
        }
        self.give(view)
    }

    /// Choose K: starts, advances (one start of the next fit), cancels or uses the job (the run
    /// restarts with its best K and covariance type), ranks it by another criterion (BIC, AIC,
    /// ICL), or only looks; returns where the job
    /// stands. The job is independent of the EM run and works on a copy of the data.
    pub fn select(&mut self, command: Ts<SelectCommand>) -> Result<Ts<SelectionView>, JsError> {
        let done = match self.read(command)? {
            SelectCommand::Start {
                types,
                k_max,
                n_init,
            } => self.page.select_start(&types, k_max, &n_init),
            SelectCommand::Advance => self.page.select_advance(),
            SelectCommand::Cancel => {
                self.page.select_cancel();
                Ok(())
            }
            SelectCommand::Peek => Ok(()),
            SelectCommand::Use => self.page.use_selection(),
            SelectCommand::Criterion { criterion } => {
                self.page.set_selection_criterion(criterion.app());
                Ok(())
            }
        };
        done.map_err(|e| self.fail(e))?;
        let result = self.page.selection_result().map_err(|e| self.fail(e))?;
        let lang = self.page.lang();
        self.give(SelectionView {
            progress: self.page.selection_progress().as_ref().map(Wire::wire),
            result: result.map(|r| SelectionResult::of(&r, lang)),
        })
    }
}
