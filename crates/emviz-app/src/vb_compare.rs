//! EM and variational Bayes side by side, in lockstep: [`Beside`] keeps the *other* method's run
//! (variational Bayes with the Dirichlet-process prior when the page runs EM; EM when it runs VB)
//! from the same start on the same data, at the same half-step as the page's run.
//!
//! The other run is an [`App`] of its own ([`App::with_method`]: the same data, start, settings
//! and frame, another method), so it is stepped, shown and drawn exactly as the page's run would
//! be under that method — EM with all K components, VB's expected mixture with each component
//! faded by E[πₖ]. Syncing follows the page's cursor (the half-step shown, an index into the
//! history): back or forward within the other run's recorded history is a seek, beyond it a step
//! at a time. Each run keeps its own stopping rule: once the other is over (converged, or
//! max_iter) it stays at its last half-step while the page's run goes on; a half-step it cannot
//! take (a collapsed component) leaves it where it was, with the error ([`Beside::stuck`]).
//! Anything the other run depends on — the data, the start, the settings (the method included),
//! the columns and frame shown, the labels' colouring — changing makes it afresh.
//!
//! Plain Rust (no JS types), tested natively.

use emviz_core::{CovarianceType, HalfStep, Mixture, WeightPrior};

use crate::app::App;
use crate::error::Error;
use crate::kmeans_view::fingerprint;
use crate::settings::{Method, Settings};
use crate::start::Start;

/// The method beside `main`: variational Bayes (Dirichlet process, PRML Fig. 10.6's) beside
/// EM, EM beside either variational Bayes.
pub fn other_method(main: Method) -> Method {
    match main {
        Method::Em => Method::Vb(WeightPrior::DirichletProcess),
        Method::Vb(_) => Method::Em,
    }
}

/// The case "Show a case" loads on Old Faithful, PRML Fig. 10.6's: K = 6 full covariances
/// from a k-means++ start with the defaults' seed and reg_covar 1e-6 (the page's method is
/// kept: the other is beside it). With these, EM keeps all six components — none collapses, the
/// smallest keeps about sixteen points' weight — while VB switches four off and keeps two.
pub fn prml_case() -> Settings {
    Settings {
        k: 6,
        covariance_type: CovarianceType::Full,
        init: Start::KMeansPlusPlus,
        reg_covar: 1e-6,
        ..Settings::default()
    }
}

/// The other method's run, kept in step with the page's.
#[derive(Clone, Debug)]
pub struct Beside {
    key: Key,
    other: App,
    /// The half-step the other run could not go on from, and why.
    stuck: Option<(usize, Error)>,
}

/// What the other run depends on.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    n: usize,
    fingerprint: u64,
    start: Mixture,
    settings: Settings,
    columns: [usize; 2],
    bounds: [[u64; 2]; 2],
    labels_shown: bool,
}

impl Key {
    fn of(main: &App) -> Key {
        Key {
            n: main.data().n(),
            fingerprint: fingerprint(main.data()),
            start: main.start().clone(),
            settings: main.settings().clone(),
            columns: main.view_columns(),
            bounds: main.bounds().map(|r| r.map(f64::to_bits)),
            labels_shown: main.labels_shown(),
        }
    }
}

/// One run's caption: where it is and what it has.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// Its method.
    pub method: Method,
    /// The half-step shown (an index into its history: 0 is the start).
    pub half_steps: usize,
    /// Completed iterations.
    pub iteration: usize,
    /// The last half-step (`None` at the start).
    pub phase: Option<HalfStep>,
    /// Components.
    pub k: usize,
    /// Under VB: the components with E[πₖ] above [`crate::vb_run::IN_USE_WEIGHT`]; `None` under
    /// EM (all K).
    pub components_in_use: Option<usize>,
    /// The mean log-likelihood (under VB: of the expected mixture).
    pub log_likelihood: f64,
    /// Under VB: the full variational lower bound L(q(z), q(θ)) after this half-step (`None` under EM
    /// and at the start).
    pub bound: Option<f64>,
    /// Its own stopping rule met.
    pub converged: bool,
    /// It is over (converged or max_iter).
    pub done: bool,
}

impl Side {
    /// The caption of `app`'s run.
    pub fn of(app: &App) -> Side {
        let s = app.state();
        Side {
            method: s.settings.method,
            half_steps: s.cursor,
            iteration: s.iteration,
            phase: s.phase,
            k: s.k,
            components_in_use: s.components_in_use,
            log_likelihood: s.log_likelihood,
            bound: s.vb_bound,
            converged: s.converged,
            done: s.done,
        }
    }
}

impl Beside {
    /// Brings `slot` to `main`'s half-step (making it afresh if what it depends on changed) and
    /// returns it. An error only if the other run cannot start (its prior refused).
    pub fn sync<'a>(slot: &'a mut Option<Beside>, main: &App) -> Result<&'a Beside, Error> {
        let key = Key::of(main);
        if slot.as_ref().is_none_or(|b| b.key != key) {
            *slot = None;
            let other = main.with_method(other_method(main.settings().method))?;
            *slot = Some(Beside {
                key,
                other,
                stuck: None,
            });
        }
        let beside = slot.as_mut().expect("just made");
        beside.follow(main.cursor())?;
        Ok(beside)
    }

    /// Shows the other run's half-step `target`, or its last one if it stops before.
    fn follow(&mut self, target: usize) -> Result<(), Error> {
        let len = self.other.history_len();
        if target < len {
            if target != self.other.cursor() {
                self.other.seek(target)?;
            }
            return Ok(());
        }
        if self.other.cursor() + 1 < len {
            self.other.seek(len - 1)?;
        }
        while self.other.cursor() < target {
            let at = self.other.cursor();
            if self.stuck.as_ref().is_some_and(|(s, _)| *s == at) {
                break;
            }
            match self.other.step() {
                Ok(Some(_)) => {}
                // Over by its own stopping rule: it stays at its end.
                Ok(None) => break,
                Err(e) => {
                    self.stuck = Some((at, e));
                    break;
                }
            }
        }
        Ok(())
    }

    /// The other run, as an app of its own (to draw it).
    pub fn other(&self) -> &App {
        &self.other
    }

    /// The other run's caption.
    pub fn side(&self) -> Side {
        Side::of(&self.other)
    }

    /// Why the other run stays behind, if it could not take its next half-step.
    pub fn stuck(&self) -> Option<&Error> {
        self.stuck
            .as_ref()
            .filter(|(at, _)| *at == self.other.cursor())
            .map(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::vb_driver;
    use emviz_core::{Em, LoopParams, RegCovar};

    use crate::vb_run::VbRun;

    /// Old Faithful in PRML Fig. 10.6's case under `method`.
    fn prml(method: Method) -> App {
        let mut app = App::new();
        app.apply_settings(Settings {
            method,
            ..prml_case()
        })
        .unwrap();
        app
    }

    const VB: Method = Method::Vb(WeightPrior::DirichletProcess);

    /// The numbers of a VB run stepped alone `h` half-steps from `main`'s start.
    fn vb_alone(main: &App, h: usize) -> VbRun {
        let s = main.settings();
        let params = LoopParams::new(s.reg_covar, s.tol, s.max_iter).unwrap();
        let mut run = VbRun::new(
            main.data(),
            main.start(),
            WeightPrior::DirichletProcess,
            params,
        )
        .unwrap();
        for _ in 0..h {
            if run.done() {
                break;
            }
            run.step(main.data()).unwrap();
        }
        run
    }

    /// EM stepped alone `h` half-steps (or to its stopping rule) from `main`'s start.
    fn em_alone(main: &App, h: usize) -> Em {
        let s = main.settings();
        let mut em = Em::new(
            main.data(),
            main.start().clone(),
            RegCovar::new(s.reg_covar).unwrap(),
        )
        .unwrap();
        for _ in 0..h {
            let over = em.last_half_step() == Some(HalfStep::M)
                && (em.iteration() >= s.max_iter || em.converged(s.tol));
            if over {
                break;
            }
            em.step(main.data()).unwrap();
        }
        em
    }

    /// The other run's numbers are those of a run of its method stepped alone, bit for bit.
    fn check_alone(main: &App, beside: &Beside) {
        let h = main.cursor();
        let other = beside.other();
        match main.settings().method {
            Method::Em => {
                let alone = vb_alone(main, h);
                assert_eq!(other.cursor(), alone.cursor(), "VB beside at {h}");
                assert_eq!(*other.shown_model(), alone.shown().unwrap());
                assert_eq!(other.state().vb_bound, alone.current().elbo);
                assert_eq!(
                    other.responsibilities(),
                    alone.current().responsibilities.as_deref()
                );
            }
            Method::Vb(_) => {
                let alone = em_alone(main, h);
                let cursor = 2 * alone.iteration()
                    + usize::from(alone.last_half_step() == Some(HalfStep::E));
                assert_eq!(other.cursor(), cursor, "EM beside at {h}");
                assert_eq!(other.em().model(), alone.model());
                assert_eq!(other.em().trace(), alone.trace());
                assert_eq!(other.responsibilities(), alone.responsibilities());
            }
        }
    }

    #[test]
    fn the_other_method_is_vb_beside_em_and_em_beside_vb() {
        assert_eq!(other_method(Method::Em), VB);
        for prior in WeightPrior::ALL {
            assert_eq!(other_method(Method::Vb(prior)), Method::Em);
        }
    }

    #[test]
    fn half_step_by_half_step_from_the_same_start_bit_for_bit() {
        for method in [Method::Em, VB] {
            let mut main = prml(method);
            let mut slot = None;
            for h in 0..=12 {
                if h > 0 {
                    main.step().unwrap();
                }
                let beside = Beside::sync(&mut slot, &main).unwrap();
                assert_eq!(beside.other().start(), main.start());
                assert_eq!(beside.other().settings().method, other_method(method));
                let (a, b) = (Side::of(&main), beside.side());
                assert_eq!((a.half_steps, a.iteration, a.phase), (h, h / 2, b.phase));
                assert_eq!((b.half_steps, b.iteration), (h, h / 2));
                check_alone(&main, beside);
            }
        }
    }

    /// Every sequence of the page's commands keeps the two together: a fixed pseudo-random walk
    /// over step, iterate, seek (back and forward), reset, new data and new settings.
    #[test]
    fn any_sequence_of_step_seek_reset_keeps_them_together() {
        for method in [Method::Em, VB] {
            let mut main = prml(method);
            let mut slot = None;
            let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
            for round in 0..60 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match x % 9 {
                    0..=2 => {
                        main.step().unwrap();
                    }
                    3 => {
                        main.iterate().unwrap();
                    }
                    4 | 5 => {
                        let len = main.state().history_len;
                        main.seek((x >> 8) as usize % len).unwrap();
                    }
                    6 => main.reset(),
                    7 => {
                        let k = 2 + (x >> 8) as usize % 5;
                        let s = Settings {
                            k,
                            ..main.settings().clone()
                        };
                        main.apply_settings(s).unwrap();
                    }
                    _ => {
                        main.load_preset("blobs", (x >> 8) % 4).unwrap();
                    }
                }
                let beside = Beside::sync(&mut slot, &main).unwrap();
                assert!(beside.stuck().is_none(), "round {round}");
                let (a, b) = (Side::of(&main), beside.side());
                assert!(
                    b.half_steps == a.half_steps || (b.done && b.half_steps < a.half_steps),
                    "round {round}: {a:?} vs {b:?}"
                );
                assert_eq!(b.k, a.k);
                check_alone(&main, beside);
            }
        }
    }

    #[test]
    fn prml_fig_10_6_vb_keeps_two_components_while_em_keeps_all_six() {
        let mut main = prml(Method::Em);
        let mut slot = None;
        while !main.done() {
            main.step().unwrap();
            Beside::sync(&mut slot, &main).unwrap();
        }
        let beside = slot.as_ref().unwrap();
        let (em, vb) = (Side::of(&main), beside.side());
        assert_eq!(
            (em.components_in_use, vb.components_in_use),
            (None, Some(2))
        );
        assert_eq!(vb.half_steps, em.half_steps, "both end together here");
        assert!(em.converged && vb.converged);
        // EM keeps every component: none collapses, the smallest still carries ~16 points.
        let n = main.data().n() as f64;
        let model = main.em().model();
        let least = model.weights().iter().fold(f64::INFINITY, |a, &w| a.min(w));
        assert!(least * n > 15.0, "{:?}", model.weights());
        let det = |m: &Mixture, j: usize| {
            let c = m.covariance(j);
            c[0] * c[3] - c[1] * c[2]
        };
        let smallest = |m: &Mixture| (0..6).map(|j| det(m, j)).fold(f64::INFINITY, f64::min);
        assert!(
            smallest(model) > smallest(main.start()),
            "none shrinks below the start"
        );
        // The core's fit of the same setting agrees with VB beside.
        let s = main.settings();
        let lp = LoopParams::new(s.reg_covar, s.tol, s.max_iter).unwrap();
        let alone = vb_alone(&main, usize::MAX);
        let fitted = vb_driver::drive_vb(
            alone.history()[0].posterior.clone(),
            &emviz_core::vb_prior::VbPrior::new(WeightPrior::DirichletProcess)
                .check(main.data(), 6, CovarianceType::Full)
                .unwrap(),
            &lp,
            f64::NEG_INFINITY,
            |m, e| emviz_core::Source::pass(&mut emviz_core::InMemory::new(main.data(), 1), m, e),
        )
        .unwrap();
        assert_eq!(
            *beside.other().shown_model(),
            fitted.posterior.expected_mixture().unwrap()
        );

        // Under VB the sides swap: EM beside keeps all six.
        let mut main = prml(VB);
        let mut slot = None;
        main.run_to_end().unwrap();
        let beside = Beside::sync(&mut slot, &main).unwrap();
        assert_eq!(beside.side().method, Method::Em);
        assert_eq!(beside.side().components_in_use, None);
        assert_eq!(Side::of(&main).components_in_use, Some(2));
        assert_eq!(beside.side().half_steps, main.cursor());
    }

    #[test]
    fn each_run_keeps_its_own_stopping_rule() {
        // With seed 1 EM stops at iteration 30, VB goes on to 33.
        let mut main = prml(VB);
        main.apply_settings(Settings {
            seed: 1,
            ..main.settings().clone()
        })
        .unwrap();
        main.run_to_end().unwrap();
        let mut slot = None;
        let em = Beside::sync(&mut slot, &main).unwrap().side();
        let vb = Side::of(&main);
        assert!(em.done && em.converged, "{em:?}");
        assert!(em.half_steps < vb.half_steps, "{em:?} {vb:?}");
        assert_eq!(em.half_steps, 2 * em.iteration);
        // Back to where both still run: together again.
        main.seek(5).unwrap();
        let em = Beside::sync(&mut slot, &main).unwrap().side();
        assert_eq!((em.half_steps, em.phase), (5, Some(HalfStep::E)));
    }

    #[test]
    fn a_half_step_the_other_cannot_take_leaves_it_behind_with_the_error() {
        // A component started narrow on one point of a far group: EM's first M-step gives it that
        // single point's zero covariance (reg_covar 0) and stops there, while VB's priors keep it
        // whole.
        let mut main = App::new();
        let far = "10 10\n10.5 10\n10 10.7\n";
        main.load_text(&format!("x y\n0 0\n1 0\n0 1\n1 1\n0.5 0.4\n0.3 0.8\n{far}"))
            .unwrap();
        main.apply_settings(Settings {
            k: 2,
            init: Start::KMeansPlusPlus,
            reg_covar: 0.0,
            method: VB,
            ..main.settings().clone()
        })
        .unwrap();
        let start = Mixture::new(
            CovarianceType::Full,
            vec![0.5, 0.5],
            vec![0.5, 0.5, 10.0, 10.0],
            vec![1.0, 0.0, 0.0, 1.0, 1e-4, 0.0, 0.0, 1e-4],
        )
        .unwrap();
        main.set_start(start).unwrap();
        let mut slot = None;
        for h in 1..=4 {
            main.step().unwrap();
            let beside = Beside::sync(&mut slot, &main).unwrap();
            let em = beside.side();
            if h == 1 {
                assert_eq!((em.half_steps, em.phase), (1, Some(HalfStep::E)));
                assert!(beside.stuck().is_none());
            } else {
                assert_eq!(em.half_steps, 1, "EM stays after its E-step");
                let e = beside.stuck().expect("the M-step collapses component 1");
                assert!(
                    matches!(
                        e,
                        Error::Core(emviz_core::Error::Collapse { component: 1, .. })
                    ),
                    "{e:?}"
                );
            }
        }
        // Seeking back shows it in step again, without the error.
        main.seek(0).unwrap();
        let beside = Beside::sync(&mut slot, &main).unwrap();
        assert_eq!(beside.side().half_steps, 0);
        assert!(beside.stuck().is_none());
        main.seek(3).unwrap();
        let beside = Beside::sync(&mut slot, &main).unwrap();
        assert_eq!(beside.side().half_steps, 1);
        assert!(beside.stuck().is_some());
    }

    #[test]
    fn the_case_is_prml_fig_10_6s_settings() {
        let s = prml_case();
        assert_eq!((s.k, s.init, s.reg_covar), (6, Start::KMeansPlusPlus, 1e-6));
        assert_eq!(s.seed, emviz_core::rules::DEFAULTS.seed);
        assert_eq!(s.method, Method::Em);
    }
}
