//! The run: loading data, the settings form, the run's commands, the animation frame's share of
//! a half-step, the snapshot, and the benchmarks' timings.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::Session;
use crate::wire::run::{
    DataSource, Loaded, RunCommand, SettingsForm, State, StepProgress, StepReport, TimedLoop,
};
use crate::wire::Wire;
use emviz_app::app::Progress;

#[wasm_bindgen]
impl Session {
    /// Loads data (pasted text, a preset, or the points Generate drew) and starts a run on it.
    /// On error (a parse error has its line and column) nothing changes.
    pub fn load(&mut self, source: Ts<DataSource>) -> Result<Ts<Loaded>, JsError> {
        let loaded = match self.read(source)? {
            DataSource::Text {
                text,
                weights_column,
            } => (self.page.load_text_weighted(&text, weights_column)).map(|l| (l, None)),
            DataSource::Preset { id, seed } => {
                let seed = self.seed_or_fresh(seed)?;
                (self.page.load_preset(&id, seed)).map(|(l, text)| (l, Some(text)))
            }
            DataSource::Samples => self.page.use_drawn().map(|(l, text)| (l, Some(text))),
        };
        let (loaded, text) = loaded.map_err(|e| self.fail(e))?;
        self.give(Loaded::of(loaded, text))
    }

    /// Starts again with the settings form's values (each field's text, checked in Rust). On
    /// error nothing changes.
    pub fn apply_settings(&mut self, form: Ts<SettingsForm>) -> Result<(), JsError> {
        let form = self.read(form)?;
        let settings = form.form().read().map_err(|e| self.fail(e))?;
        (self.page.app_mut().apply_settings(settings)).map_err(|e| self.fail(e))
    }

    /// Runs a command: the report of the last half-step it took, or null (none taken, or the run
    /// was over). On error (a collapsed component) nothing changes.
    pub fn run(&mut self, command: Ts<RunCommand>) -> Result<Option<Ts<StepReport>>, JsError> {
        let command = self.read(command)?;
        let seed = match command {
            RunCommand::NewStart => Some(self.seed_or_fresh(None)?),
            _ => None,
        };
        let app = self.page.app_mut();
        let report = match command {
            RunCommand::Reset => {
                app.reset();
                Ok(None)
            }
            RunCommand::NewStart => app.new_start(seed.unwrap_or_default()).map(|()| None),
            RunCommand::Step => app.step(),
            RunCommand::Iterate => app.iterate(),
            RunCommand::ToEnd => app.run_to_end().map(|()| None),
            RunCommand::Seek { index } => app.seek(index).map(|()| None),
        };
        let report = report.map_err(|e| self.fail(e))?;
        StepReport::of(report).map(|r| self.give(r)).transpose()
    }

    /// Works on the next half-step for about `budget_ms` milliseconds (at least one slice of
    /// rows): its report once finished, `pending` while more calls are needed, neither once the
    /// run is over. The animation loop calls this once per frame, so even a million points never
    /// block input for long: an M-step is spread over several frames, with the same result as
    /// one `run({kind: "step"})`.
    pub fn step_within(&mut self, budget_ms: f64) -> Result<Ts<StepProgress>, JsError> {
        /// Rows per slice: about a millisecond of work at K = 5.
        const SLICE: usize = 8192;
        // Without a clock every slice fits the budget: the half-step is finished in one call.
        let clock = self.clock().ok();
        let now = || clock.as_ref().map_or(0.0, |c| c());
        let start = now();
        loop {
            let progress = self.page.app_mut().step_some(SLICE);
            match progress.map_err(|e| self.fail(e))? {
                Progress::Done(report) => {
                    let report = StepReport::of(report);
                    let pending = false;
                    return self.give(StepProgress { pending, report });
                }
                Progress::Pending if now() - start >= budget_ms => {
                    let (pending, report) = (true, None);
                    return self.give(StepProgress { pending, report });
                }
                Progress::Pending => {}
            }
        }
    }

    /// The snapshot shown by the page and returned by `window.emviz.state()` (warnings in the
    /// page's language).
    pub fn state(&self) -> Result<Ts<State>, JsError> {
        let app = self.page.app();
        self.give(State::wire(&app.state_in(self.page.lang())))
    }

    /// For benchmarks: milliseconds per iteration over `count` iterations on a copy of the run,
    /// which is left untouched. `page` times the page's loop (E-step + M-step with the ELBO/KL
    /// bookkeeping and the responsibilities kept for drawing); `em` times plain EM from the
    /// current parameters (what `emviz bench` and scikit-learn's loop time), the initial E-step
    /// that `driver::run` always makes timed on its own and subtracted.
    pub fn time_iterations(&self, count: u32, timed: Ts<TimedLoop>) -> Result<f64, JsError> {
        let count = count.max(1);
        let (app, clock) = (self.page.app(), self.clock()?);
        let data = app.data();
        let timed_run = |iterations: u32, f: &mut dyn FnMut() -> Result<(), emviz_core::Error>| {
            let start = clock();
            for _ in 0..iterations {
                f().map_err(|e| self.fail(e))?;
            }
            Ok::<f64, JsError>(clock() - start)
        };
        match self.read(timed)? {
            TimedLoop::Page => {
                let mut em = app.em().clone();
                let total = timed_run(count, &mut || em.iterate(data).map(drop))?;
                Ok(total / count as f64)
            }
            TimedLoop::Em => {
                let em = app.em();
                let lean = |iterations: u32| {
                    let start = em.model().clone();
                    // tol = 0 never stops early: exactly `iterations` iterations.
                    let params =
                        emviz_core::LoopParams::new(em.reg_covar(), 0.0, iterations as usize)
                            .map_err(|e| self.fail(e))?;
                    let mut run =
                        || emviz_core::driver::run(data, start.clone(), &params).map(drop);
                    timed_run(1, &mut run)
                };
                let (initial, total) = (lean(0)?, lean(count)?);
                Ok((total - initial).max(0.0) / count as f64)
            }
        }
    }
}
