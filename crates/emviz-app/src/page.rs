//! [`Page`]: everything one visualiser on the page holds besides its pixels — the [`App`] (the
//! data, the settings, the run, the picture's frame), the language of its messages, and the work
//! beside the run: the K-selection job, the k-means run kept in lockstep, the independent sample
//! of §5.1.3, the points Generate drew, the colours of the Web Workers' M-step in flight, and the
//! exercises' reference values.
//! emviz-wasm's `Session` holds one and only translates between it and JavaScript.

use emviz_core::em::MixtureArgs;
use emviz_core::{Dataset, Stats, StepReport};

use crate::app::{App, Loaded};
use crate::error::{Error, Problem};
use crate::exercises::{self, Answer, Verdict};
use crate::kmeans_view::{KMeansState, Lockstep};
use crate::messages::{describe, Lang};
use crate::samples::Drawn;
use crate::selection_job::{self, Criterion, Progress, SelectionJob, SelectionResult};
use crate::settings::Settings;
use crate::start::{NewStart, Start};
use crate::truth::{TruthCache, TruthReport};
use crate::vb_compare::Beside;
use crate::workers::WorkerColours;

/// One visualiser's state.
#[derive(Clone, Debug, Default)]
pub struct Page {
    app: App,
    lang: Lang,
    selection: Option<SelectionJob>,
    /// What Choose K ranks its fits by (the panel's switch; kept across jobs).
    criterion: Criterion,
    compare: Option<Lockstep>,
    /// The other method's run beside the app's (EM beside VB, VB beside EM), in lockstep.
    vb_compare: Option<Beside>,
    truth: TruthCache,
    drawn: Option<Drawn>,
    worker_colours: WorkerColours,
    exercises: exercises::Memo,
    concentration: crate::concentration::Cache,
}

/// How a data set's passes are sharded for Web Workers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Changes whenever the points do (workers hold copies of them).
    pub data_version: u64,
    /// Points.
    pub n: usize,
    /// Columns.
    pub d: usize,
    /// Each shard's rows, `[start, end)`, in merge order.
    pub shards: Vec<[usize; 2]>,
    /// Whether the points carry sample weights (the workers then hold theirs:
    /// [`Page::shard_weights`]).
    pub weighted: bool,
}

/// Where a Web Worker's answer goes once checked: its rows' posteriors and colours.
#[derive(Debug)]
pub struct WorkerRows<'a> {
    /// The rows' posteriors, rows × K.
    pub posteriors: &'a mut [f64],
    /// The rows' colours, one packed colour per row.
    pub colours: &'a mut [u32],
}

impl Page {
    /// Old Faithful with the book's start, messages in English.
    pub fn new() -> Self {
        Self::default()
    }

    /// The run and its data.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The run and its data, to change.
    pub fn app_mut(&mut self) -> &mut App {
        &mut self.app
    }

    /// Replaces the run and its data (a link applied); the work beside the old run is dropped.
    pub fn replace_app(&mut self, app: App) {
        self.app = app;
        self.data_changed();
    }

    /// The concentration panel ([`crate::concentration`]) after up to `fits` more fits of its
    /// sweep (kept while the data, the settings but the concentration and the method, and the
    /// start stay the same), with the current run's expected weights.
    pub fn concentration_panel(
        &mut self,
        fits: usize,
    ) -> Result<crate::concentration::Panel, Error> {
        let app = &self.app;
        let (version, data, start) = (app.data_version(), app.data(), app.start());
        let weights = app.sample_weights().map(|w| &w.weights);
        let sweep = (self.concentration).advance_weighted(
            version,
            data,
            weights,
            start,
            app.settings(),
            fits,
        )?;
        let weights = match app.settings().method {
            crate::settings::Method::Vb(_) => app.state().weights,
            crate::settings::Method::Em => Vec::new(),
        };
        Ok(crate::concentration::Panel::new(
            app.settings(),
            start.k(),
            sweep,
            weights,
        ))
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Sets the language of messages from a BCP 47 tag (see [`Lang::from_tag`]).
    pub fn set_language(&mut self, tag: &str) {
        self.lang = Lang::from_tag(tag);
    }

    /// An error in the page's language.
    pub fn describe(&self, e: &Error) -> String {
        describe(e, self.lang)
    }

    /// Parses pasted text and starts a run on it. On error nothing changes.
    pub fn load_text(&mut self, text: &str) -> Result<Loaded, Error> {
        self.load_text_weighted(text, None)
    }

    /// [`Page::load_text`] with pasted column `weights_column`, if given, as the points' sample
    /// weights ([`App::load_text_weighted`]). On error nothing changes.
    pub fn load_text_weighted(
        &mut self,
        text: &str,
        weights_column: Option<usize>,
    ) -> Result<Loaded, Error> {
        let loaded = self.app.load_text_weighted(text, weights_column)?;
        self.data_changed();
        Ok(loaded)
    }

    /// Loads a built-in data set, its random choices from `seed`; returns its text for the Data
    /// box. On error nothing changes.
    pub fn load_preset(&mut self, id: &str, seed: u64) -> Result<(Loaded, String), Error> {
        let text = self.app.load_preset(id, seed)?;
        self.data_changed();
        let d = self.app.data();
        let loaded = Loaded {
            n: d.n(),
            d: d.d(),
            names: d.names().to_vec(),
        };
        Ok((loaded, text))
    }

    /// Draws `count` points from the current model with `seed` and keeps them ("Use as the data",
    /// "Add to data").
    pub fn sample(&mut self, count: f64, seed: u64) -> Result<&Drawn, Error> {
        let drawn = Drawn::new(self.app.em().model(), count, seed)?;
        Ok(self.drawn.insert(drawn))
    }

    /// The points Generate drew last, while the data they were drawn beside is shown.
    pub fn drawn(&self) -> Option<&Drawn> {
        self.drawn.as_ref()
    }

    /// Makes the points Generate drew last the data set, of known origin: p* is the model they
    /// were drawn from, each point's true label the component it came from. Returns the data's
    /// text for the Data box. On error nothing changes.
    pub fn use_drawn(&mut self) -> Result<(Loaded, String), Error> {
        let drawn = self.drawn.clone().ok_or(Problem::SamplesNotDrawn)?;
        let names = self.app.data().names().to_vec();
        let data = Dataset::new(names.clone(), drawn.values.clone())?;
        let loaded = self
            .app
            .load_known(data, drawn.model.clone(), drawn.labels)?;
        self.data_changed();
        let mut text = names.join(" ");
        text.push('\n');
        text.push_str(&crate::samples::rows_text(&drawn.values, drawn.model.d()));
        Ok((loaded, text))
    }

    /// New data: Generate's points and Choose K's tables belong to the old.
    fn data_changed(&mut self) {
        self.drawn = None;
        self.selection = None;
    }

    /// Starts choosing K on the current data (replacing any earlier job): K = 1..`k_max` for
    /// `types` (`all` or one type's name), `n_init` starts per fit as typed in the form; with a
    /// weights column, every fit and criterion weighted.
    pub fn select_start(&mut self, types: &str, k_max: usize, n_init: &str) -> Result<(), Error> {
        let template = selection_job::template(self.app.settings(), n_init)?;
        let types = selection_job::types_of(types)?;
        let weights = self.app.sample_weights().map(|w| w.weights.clone());
        let job = SelectionJob::new(self.app.data().clone(), template, types, k_max)?
            .weighted(weights)?;
        self.selection = Some(job);
        Ok(())
    }

    /// Does one start of the job's next fit.
    pub fn select_advance(&mut self) -> Result<(), Error> {
        self.selection
            .as_mut()
            .ok_or(Problem::NoSelection)?
            .advance();
        Ok(())
    }

    /// Stops and forgets the job.
    pub fn select_cancel(&mut self) {
        self.selection = None;
    }

    /// The job, if one was started.
    pub fn selection(&self) -> Option<&SelectionJob> {
        self.selection.as_ref()
    }

    /// The job's progress, if one was started.
    pub fn selection_progress(&self) -> Option<Progress> {
        self.selection.as_ref().map(SelectionJob::progress)
    }

    /// The finished tables, best by the chosen criterion (None while the job runs, or if there
    /// is none).
    pub fn selection_result(&self) -> Result<Option<SelectionResult>, Error> {
        self.selection
            .as_ref()
            .and_then(|job| job.result(self.criterion))
            .transpose()
    }

    /// Chooses what Choose K ranks its fits by (its best K, its chart, "Use K").
    pub fn set_selection_criterion(&mut self, criterion: Criterion) {
        self.criterion = criterion;
    }

    /// What Choose K ranks its fits by.
    pub fn selection_criterion(&self) -> Criterion {
        self.criterion
    }

    /// Restarts the run with the finished job's best K (by the chosen criterion) and covariance type or model from a k-means++
    /// start, with the reg_covar a new start takes (the same settings as the fits).
    pub fn use_selection(&mut self) -> Result<(), Error> {
        let best = self.selection_result()?.ok_or(Problem::NoSelection)?;
        let settings = self.app.settings();
        let settings = Settings {
            k: best.best_k,
            init: Start::KMeansPlusPlus,
            reg_covar: NewStart::from(Start::KMeansPlusPlus, settings.reg_covar).reg_covar,
            ..settings.clone()
        }
        .with_model(best.best_model);
        self.app.apply_settings(settings)
    }

    /// The run, and the k-means run in lockstep brought to its current half-step.
    pub fn kmeans(&mut self) -> Result<(&App, &Lockstep), Error> {
        let lockstep = Lockstep::sync(&mut self.compare, &self.app)?;
        Ok((&self.app, lockstep))
    }

    /// The k-means side of the comparison, for its panel.
    pub fn kmeans_state(&mut self) -> Result<KMeansState, Error> {
        let lockstep = Lockstep::sync(&mut self.compare, &self.app)?;
        Ok(lockstep.state(&self.app))
    }

    /// The run, and the other method's run beside it brought to its current half-step.
    pub fn vb_compare(&mut self) -> Result<(&App, &Beside), Error> {
        let beside = Beside::sync(&mut self.vb_compare, &self.app)?;
        Ok((&self.app, beside))
    }

    /// §5.1.3's report, the independent sample kept while p* is the same.
    pub fn truth_report(&mut self) -> Result<TruthReport, Error> {
        Ok(self.truth.report(&self.app)?)
    }

    /// Exercise `id`'s verdict on the state shown and the learner's `answer`.
    pub fn check_exercise(&mut self, id: usize, answer: &Answer) -> Result<Verdict, Error> {
        let kmeans = if id == 4 {
            Some(self.kmeans_state()?)
        } else {
            None
        };
        exercises::check(&self.app, &mut self.exercises, kmeans.as_ref(), id, answer)
    }

    /// How this data set's passes are sharded for Web Workers, or None when the data are small
    /// enough for one sequential pass on the main thread.
    pub fn worker_plan(&self) -> Option<Plan> {
        let (em, data) = (self.app.em(), self.app.data());
        (em.shards() > 1).then(|| Plan {
            data_version: self.app.data_version(),
            n: data.n(),
            d: data.d(),
            shards: (em.shard_ranges(data.n()).into_iter())
                .map(|r| [r.start, r.end])
                .collect(),
            weighted: em.weights().is_some(),
        })
    }

    /// The sample weights of rows `start..end`: a copy to send to a worker with its rows (None
    /// for unweighted data).
    pub fn shard_weights(&self, start: usize, end: usize) -> Result<Option<&[f64]>, Error> {
        let n = self.app.data().n();
        if start > end || end > n {
            return Err(Problem::RowsOutOfRange { start, end, n }.into());
        }
        Ok(self.app.em().weights().map(|w| &w.values()[start..end]))
    }

    /// Rows `start..end` of the data, row-major: a copy to send to a worker.
    pub fn shard_rows(&self, start: usize, end: usize) -> Result<&[f64], Error> {
        let data = self.app.data();
        if start > end || end > data.n() {
            let n = data.n();
            return Err(Problem::RowsOutOfRange { start, end, n }.into());
        }
        let d = data.d();
        Ok(&data.values()[start * d..end * d])
    }

    /// Begins the next M-step for the workers: the arguments that build its parameters, or None
    /// if an E-step comes next or the run is over.
    pub fn begin_worker_step(&mut self) -> Result<Option<MixtureArgs>, Error> {
        let args = self.app.begin_m_step_elsewhere()?;
        if args.is_some() {
            self.worker_colours.begin(self.app.data().n());
        }
        Ok(args)
    }

    /// Where a worker's answer for shards `first..first + stats.len()` goes, with `posteriors`
    /// values of posteriors and `colours` colours: None (a stale or mismatched answer, changing
    /// nothing) unless every statistic belongs to the pending M-step and covers its shard and the
    /// lengths fit its rows.
    pub fn accept_worker_result(
        &mut self,
        first: usize,
        stats: &[Stats],
        posteriors: usize,
        colours: usize,
    ) -> Option<WorkerRows<'_>> {
        let n = self.app.data().n();
        let ranges = self.app.em().shard_ranges(n);
        let model = self.app.em().pending_model()?;
        let k = model.k();
        let empty = Stats::empty(model);
        let mine = ranges.get(first..first.checked_add(stats.len())?)?;
        let fits = stats
            .iter()
            .zip(mine)
            .all(|(s, r)| s.n() == r.len() && empty.clone().merge(s).is_ok());
        let (start, end) = (mine.first()?.start, mine.last()?.end);
        if !fits || posteriors != (end - start) * k || colours != end - start {
            return None;
        }
        let buffer = self.app.pending_posteriors_mut()?;
        let colours = self.worker_colours.rows_mut(n, start, end)?;
        Some(WorkerRows {
            posteriors: &mut buffer[start * k..end * k],
            colours,
        })
    }

    /// Ends the M-step begun by [`Page::begin_worker_step`] with every shard's statistics (in
    /// shard order): the report, as a step on the main thread gives it. The workers' colours are
    /// shown if every row's came in.
    pub fn finish_worker_step(&mut self, stats: Vec<Stats>) -> Result<StepReport, Error> {
        let colours = self.worker_colours.take_complete(self.app.data().n());
        self.app.finish_m_step_elsewhere(stats, colours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Field;

    #[test]
    fn generated_points_become_data_of_known_origin_once() {
        let mut page = Page::new();
        assert!(matches!(
            page.use_drawn(),
            Err(Error::Invalid(Problem::SamplesNotDrawn))
        ));
        let drawn = page.sample(40.0, 3).unwrap().clone();
        let (loaded, text) = page.use_drawn().unwrap();
        assert_eq!((loaded.n, loaded.d), (40, 2));
        assert!(text.starts_with("eruptions waiting\n"), "{text}");
        assert_eq!(page.app().truth(), Some(&drawn.model));
        assert_eq!(page.app().labels(), Some(&drawn.labels[..]));
        assert!(
            page.drawn().is_none(),
            "new data drops the points drawn beside the old"
        );
    }

    #[test]
    fn choose_k_runs_to_its_table_and_is_used() {
        let mut page = Page::new();
        assert!(matches!(
            page.select_advance(),
            Err(Error::Invalid(Problem::NoSelection))
        ));
        assert!(matches!(
            page.select_start("all", 3, "0"),
            Err(Error::Invalid(Problem::NotWholeNumber {
                field: Field::Starts,
                ..
            }))
        ));
        assert!(page.select_start("round", 3, "1").is_err());
        page.select_start("full", 3, "1").unwrap();
        while !page.selection_progress().unwrap().finished {
            page.select_advance().unwrap();
        }
        let best = page.selection_result().unwrap().unwrap();
        assert_eq!(best.types.len(), 1);
        page.use_selection().unwrap();
        let s = page.app().settings();
        assert_eq!((s.k, s.init), (best.best_k, Start::KMeansPlusPlus));
        assert_eq!(s.reg_covar, emviz_core::rules::DEFAULTS.reg_covar);
        page.select_cancel();
        assert_eq!(page.selection_progress(), None);
    }

    #[test]
    fn k_means_follows_the_run() {
        let mut page = Page::new();
        assert_eq!(page.kmeans_state().unwrap().assignments, 0);
        page.app_mut().iterate().unwrap();
        let km = page.kmeans_state().unwrap();
        assert_eq!((km.assignments, km.updates), (1, 1));
        page.app_mut().seek(1).unwrap();
        assert_eq!(page.kmeans_state().unwrap().updates, 0);
    }

    #[test]
    fn small_data_need_no_workers_and_rows_are_checked() {
        let page = Page::new();
        assert_eq!(page.worker_plan(), None);
        assert_eq!(page.shard_rows(0, 2).unwrap().len(), 4);
        assert!(matches!(
            page.shard_rows(2, 1000),
            Err(Error::Invalid(Problem::RowsOutOfRange { n: 272, .. }))
        ));
    }

    #[test]
    fn messages_follow_the_language() {
        let mut page = Page::new();
        let e = Error::from(Problem::NoSelection);
        assert_eq!(page.describe(&e), e.to_string());
        page.set_language("ko-KR");
        assert_eq!(page.lang(), Lang::Ko);
        assert_ne!(page.describe(&e), e.to_string());
    }
}
