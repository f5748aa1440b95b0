//! "Choose K" for the page: starts a [`SelectionJob`] on the current data, advances it one fit at
//! a time (the page calls `select_advance` from short timer slices, so it never freezes), and
//! draws and returns its BIC / AIC table. The job is independent of the EM run.

use emviz_core::{CovarianceType, Error, GmmParams, Init};

use emviz_app::error::Problem;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::selection::{draw_selection, Labels};
use emviz_app::selection_job::SelectionJob;
use emviz_app::settings::DEFAULT_REG_COVAR;

/// Most starts per fit the page offers.
const MAX_N_INIT: usize = 20;

impl Session {
    /// The K-selection settings the page uses: k-means++ starts, `n_init` of them, from the run's
    /// seed, tolerance and iteration limit, and its `reg_covar` (at least 1e-6) — the same as
    /// `emviz select --n-init N --seed S --tol T --max-iter M --reg-covar R`.
    pub(crate) fn selection_template(&self, n_init: usize) -> GmmParams {
        let s = self.app.settings();
        GmmParams::new(1)
            .init(Init::KMeansPlusPlus)
            .n_init(n_init)
            .seed(s.seed)
            .tol(s.tol)
            .max_iter(s.max_iter)
            // The CLI's default reg_covar at least (the book's start has 0): K up to 10 needs it.
            .reg_covar(s.reg_covar.max(DEFAULT_REG_COVAR))
    }
}

fn types_of(which: &str) -> Result<Vec<CovarianceType>, Error> {
    if which.trim().eq_ignore_ascii_case("all") {
        Ok(CovarianceType::ALL.to_vec())
    } else {
        Ok(vec![which.parse()?])
    }
}

#[wasm_bindgen]
impl Session {
    /// Starts choosing K on the current data (replacing any earlier job): K = 1..`k_max` for
    /// `types` (`"all"` or one of `full`, `diag`, `spherical`, `tied`), `n_init` starts per fit.
    /// Returns the progress (`{done, total, nextK, nextType, kMax, finished}`).
    pub fn select_start(
        &mut self,
        types: &str,
        k_max: usize,
        n_init: usize,
    ) -> Result<JsValue, JsError> {
        if !(1..=MAX_N_INIT).contains(&n_init) {
            return Err(self.fail(Problem::StartsRange {
                n_init,
                max: MAX_N_INIT,
            }));
        }
        let types = types_of(types).map_err(|e| self.fail(e))?;
        let template = self.selection_template(n_init);
        let job = SelectionJob::new(self.app.data().clone(), template, types, k_max)
            .map_err(|e| self.fail(e))?;
        let progress = job.progress();
        self.selection = Some(job);
        to_js(&progress)
    }

    /// Does one (K, type) fit of the job; returns the progress after it.
    pub fn select_advance(&mut self) -> Result<JsValue, JsError> {
        let job = self
            .selection
            .as_mut()
            .ok_or_else(|| JsError::new("no K selection has been started"))?;
        job.advance();
        to_js(&job.progress())
    }

    /// The job's progress, or `null` if there is none.
    pub fn select_progress(&self) -> Result<JsValue, JsError> {
        to_js(&self.selection.as_ref().map(SelectionJob::progress))
    }

    /// Stops and forgets the job.
    pub fn select_cancel(&mut self) {
        self.selection = None;
    }

    /// The finished tables (`{types: [{covarianceType, selection: {rows, best_bic, best_aic}}],
    /// bestK, bestType, nInit, seed}`), or `null` while the job runs (or if there is none).
    pub fn select_result(&self) -> Result<JsValue, JsError> {
        match self.selection.as_ref().and_then(SelectionJob::result) {
            None => Ok(JsValue::NULL),
            Some(Ok(result)) => to_js(&result),
            Some(Err(e)) => Err(self.fail(e)),
        }
    }

    /// Draws BIC and AIC against K for the fits done so far (an empty chart if there is no job).
    /// The axis words come from the page, in its language.
    pub fn render_selection(
        &self,
        canvas: HtmlCanvasElement,
        x_label: &str,
        bic_title: &str,
        aic_title: &str,
    ) -> Result<(), JsError> {
        let labels = Labels {
            x: x_label,
            bic: bic_title,
            aic: aic_title,
        };
        let (rows, k_max, best) = match &self.selection {
            Some(job) => {
                let best = job
                    .result()
                    .and_then(Result::ok)
                    .map(|r| (r.best_k, r.best_type));
                (job.partial(), job.k_max(), best)
            }
            None => (Vec::new(), 10, None),
        };
        draw_selection(canvas, &rows, k_max, best, self.ratio, &labels)
            .map_err(|e| JsError::new(&e))
    }
}
