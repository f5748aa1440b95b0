//! One check per exercise over the page's state (and the learner's typed answers), and the
//! [`Memo`] of the reference values that cost whole runs.

use emviz_core::rules::{K_MAX, K_MIN};
use emviz_core::{criteria, HalfStep, Mixture, WarningKind};

use super::{
    Answer, Verdict, Went, Why, COUNT, DISAGREE_SHARE, GUESS_WITHIN, KL_AFTER, KL_ZERO, Q_POINT,
    TYPED_WITHIN, WORSE_BY,
};
use crate::app::App;
use crate::error::{Error, Problem};
use crate::kmeans_view::KMeansState;
use crate::settings::Settings;
use crate::truth::{self, ExactSample};
use crate::{blog, bound, inspect, presets};

/// What a reference was computed for: the data's version and the settings.
type Key = (u64, Settings);

/// Reference values kept while the data and the settings they were computed for stay the same.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    /// 1: the final mean log-likelihood from the settings' own start.
    own: Option<(Key, f64)>,
    /// 3: BIC for K = K_MIN..=K_MAX (None where a fit fails).
    bic: Option<(Key, Vec<Option<f64>>)>,
    /// 7: D_KL(p* ‖ p_θ) (on the independent sample, on the data) after one and ten iterations,
    /// and the mean log-likelihood then.
    kl: Option<(Key, [[f64; 2]; 2], [f64; 2])>,
}

fn key(app: &App) -> Key {
    (app.data_version(), app.settings().clone())
}

/// Exercise `id`'s verdict on `app`'s state and `answer`; `kmeans` is k-means in lockstep
/// (exercise 4 only).
pub fn check(
    app: &App,
    memo: &mut Memo,
    kmeans: Option<&KMeansState>,
    id: usize,
    answer: &Answer,
) -> Result<Verdict, Error> {
    match id {
        1 => worse_optimum(app, memo),
        2 => kl_zero(app, answer),
        3 => lowest_bic(app, memo),
        4 => disagree(app, kmeans),
        5 => guess(app, answer),
        6 => collapse(app),
        7 => kl_readings(app, memo, answer),
        8 => by_hand(app, answer),
        _ => Err(Problem::NoSuchExercise { id, count: COUNT }.into()),
    }
}

/// Whether `typed` is `want` within [`TYPED_WITHIN`] (relative, or absolute near 0).
fn close(typed: f64, want: f64) -> bool {
    (typed - want).abs() <= TYPED_WITHIN * want.abs().max(1.0)
}

fn worse_optimum(app: &App, memo: &mut Memo) -> Result<Verdict, Error> {
    // The reference is the run from the start the settings give (the start before any mean was
    // dragged), to its end.
    let reference = match &memo.own {
        Some((k, v)) if *k == key(app) => *v,
        _ => {
            let mut own = app.clone();
            own.apply_settings(app.settings().clone())?;
            own.run_to_end()?;
            let v = own.em().log_likelihood();
            memo.own = Some((key(app), v));
            v
        }
    };
    let mut v = if !(app.done() && app.converged()) {
        Verdict::new(1, false, Why::RunNotOver)
    } else if app.em().log_likelihood() <= reference - WORSE_BY {
        Verdict::new(1, true, Why::WorseOptimum)
    } else {
        Verdict::new(1, false, Why::NotWorse)
    };
    v.have = Some(app.em().log_likelihood());
    v.reference = Some(reference);
    Ok(v)
}

fn kl_zero(app: &App, answer: &Answer) -> Result<Verdict, Error> {
    let row = Q_POINT - 1;
    if answer.q_point != Some(row) || row >= app.data().n() {
        let mut v = Verdict::new(2, false, Why::OtherPoint);
        v.count = Some(Q_POINT);
        return Ok(v);
    }
    let b = bound::point_bound(app, row, answer.q.as_deref())?;
    let mut v = if b.kl <= KL_ZERO {
        Verdict::new(2, true, Why::KlZero)
    } else {
        Verdict::new(2, false, Why::KlNotZero)
    };
    v.have = Some(b.kl);
    v.reference = Some(KL_ZERO);
    v.count = Some(Q_POINT);
    Ok(v)
}

fn lowest_bic(app: &App, memo: &mut Memo) -> Result<Verdict, Error> {
    if app.truth() != presets::truth("blobs").as_ref() {
        return Ok(Verdict::new(3, false, Why::NotBlobs));
    }
    if !app.done() {
        return Ok(Verdict::new(3, false, Why::RunNotOver));
    }
    let n = app.data().n();
    let bic_of = |a: &App| {
        let m = a.em().model();
        let p = m.covariance_type().n_parameters(m.k(), m.d());
        criteria::bic(a.em().log_likelihood(), n, p)
    };
    // The table for every K with the same settings, once per data and settings but K.
    let mut k_free = key(app);
    k_free.1.k = 0;
    let table = match &memo.bic {
        Some((k, t)) if *k == k_free => t.clone(),
        _ => {
            let t: Vec<Option<f64>> = (K_MIN..=K_MAX)
                .map(|k| {
                    let mut other = app.clone();
                    let s = Settings {
                        k,
                        ..app.settings().clone()
                    };
                    other.apply_settings(s).ok()?;
                    other.run_to_end().ok()?;
                    Some(bic_of(&other))
                })
                .collect();
            memo.bic = Some((k_free, t.clone()));
            t
        }
    };
    let best = table
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let have = bic_of(app);
    let mut v = if have <= best {
        Verdict::new(3, true, Why::LowestBic)
    } else {
        Verdict::new(3, false, Why::NotLowestBic)
    };
    v.have = Some(have);
    v.k = Some(app.settings().k);
    Ok(v)
}

fn disagree(app: &App, kmeans: Option<&KMeansState>) -> Result<Verdict, Error> {
    let n = app.data().n();
    let need = (DISAGREE_SHARE * n as f64).ceil() as usize;
    if !app.done() {
        return Ok(Verdict::new(4, false, Why::RunNotOver));
    }
    let count = kmeans.and_then(|k| k.disagreements).unwrap_or(0);
    let mut v = if count >= need {
        Verdict::new(4, true, Why::Disagree)
    } else {
        Verdict::new(4, false, Why::TooFewDisagree)
    };
    (v.count, v.need, v.k) = (Some(count), Some(need), Some(n));
    Ok(v)
}

fn guess(app: &App, answer: &Answer) -> Result<Verdict, Error> {
    let (Some(row), Some(guess), Some(at)) = (answer.point, answer.guess, answer.guessed_at) else {
        return Ok(Verdict::new(5, false, Why::NoGuess));
    };
    let cursor = app.state().cursor;
    let history = app.history();
    let revealed = cursor == at + 1
        && history.get(cursor).and_then(|h| h.report).map(|r| r.half) == Some(HalfStep::E);
    let mut v = if cursor == at {
        Verdict::new(5, false, Why::StepToReveal)
    } else if !revealed {
        Verdict::new(5, false, Why::GuessStale)
    } else {
        let r = inspect::inspect_point(app, row)?.components[0].responsibility;
        let mut v = if (guess - r).abs() <= GUESS_WITHIN {
            Verdict::new(5, true, Why::GuessClose)
        } else {
            Verdict::new(5, false, Why::GuessOff)
        };
        v.reference = Some(r);
        v
    };
    v.have = Some(guess);
    v.count = Some(row + 1);
    Ok(v)
}

/// A component has collapsed: the model shown says so, or the next half-step fails because one
/// did (its covariance became singular).
fn collapse(app: &App) -> Result<Verdict, Error> {
    let shown = app
        .em()
        .model()
        .warnings(app.data())
        .into_iter()
        .find(|w| matches!(w.kind, WarningKind::Collapsed | WarningKind::Lonely));
    let next = match shown {
        Some(w) => Some(w.component),
        None => match app.clone().step() {
            Err(Error::Core(emviz_core::Error::Collapse { component, .. })) => Some(component),
            _ => None,
        },
    };
    // With reg_covar > 0 a component shrunk onto one point keeps a positive definite covariance
    // (reg_covar on its diagonal) and the likelihood stays finite: that is not the collapse asked.
    let reg_covar = app.settings().reg_covar;
    let mut v = match next {
        Some(_) if reg_covar == 0.0 => Verdict::new(6, true, Why::Collapsed),
        _ => Verdict::new(6, false, Why::NoCollapse),
    };
    v.k = next.filter(|_| v.solved).map(|c| c + 1);
    v.reference = Some(reg_covar);
    Ok(v)
}

fn kl_readings(app: &App, memo: &mut Memo, answer: &Answer) -> Result<Verdict, Error> {
    let Some(truth) = app.truth().cloned() else {
        return Ok(Verdict::new(7, false, Why::TruthUnknown));
    };
    let (kl, ll) = match &memo.kl {
        Some((k, kl, ll)) if *k == key(app) => (*kl, *ll),
        _ => {
            let (kl, ll) = readings(app, &truth)?;
            memo.kl = Some((key(app), kl, ll));
            (kl, ll)
        }
    };
    for (i, typed) in answer.kl.iter().enumerate() {
        let mut v = match typed {
            None => Verdict::new(7, false, Why::Missing),
            Some(t) if !kl[i].iter().any(|want| close(*t, *want)) => {
                let mut v = Verdict::new(7, false, Why::KlOff);
                v.have = Some(*t);
                v
            }
            Some(_) => continue,
        };
        v.k = Some(KL_AFTER[i]);
        return Ok(v);
    }
    let went = if ll[1] > ll[0] {
        Went::Rose
    } else if ll[1] < ll[0] {
        Went::Fell
    } else {
        Went::Stayed
    };
    let mut v = match answer.went {
        None => Verdict::new(7, false, Why::Missing),
        Some(w) if w != went => Verdict::new(7, false, Why::WrongWay),
        Some(_) => Verdict::new(7, true, Why::KlRead),
    };
    (v.have, v.reference) = (Some(ll[0]), Some(ll[1]));
    Ok(v)
}

/// D_KL(p* ‖ p_θ) (on the independent sample, and eq. 5.3's estimate on the data) and the mean
/// log-likelihood after [`KL_AFTER`]'s iterations of the run from its start.
fn readings(app: &App, truth: &Mixture) -> Result<([[f64; 2]; 2], [f64; 2]), Error> {
    let exact = ExactSample::new(truth)?;
    let mut run = app.clone();
    run.reset();
    let (mut kl, mut ll) = ([[0.0; 2]; 2], [0.0; 2]);
    let mut done = 0;
    for (i, &after) in KL_AFTER.iter().enumerate() {
        while done < after && run.iterate()?.is_some() {
            done += 1;
        }
        let r = truth::report(&run, Some(&exact))?;
        (kl[i], ll[i]) = ([r.kl_exact, r.kl_on_data], r.mean_log_likelihood);
    }
    Ok((kl, ll))
}

fn by_hand(app: &App, answer: &Answer) -> Result<Verdict, Error> {
    let b = blog::blog(app, None)?;
    if !b.one_d {
        return Ok(Verdict::new(8, false, Why::NotOneD));
    }
    let phase = app.em().last_half_step();
    let q = app
        .em()
        .responsibilities()
        .filter(|_| phase == Some(HalfStep::E));
    let (Some(q), Some(c)) = (q, b.components.first()) else {
        return Ok(Verdict::new(8, false, Why::NeedE));
    };
    let (Some(mean), Some(variance)) = (c.next_mean, c.next_variance) else {
        return Ok(Verdict::new(8, false, Why::NeedE));
    };
    let data = app.data();
    let points = (0..data.n())
        .map(|i| [data.row(i)[0], q[i * b.k]])
        .collect();
    let mut v = match (answer.mean, answer.variance) {
        (Some(m), _) if !close(m, mean) => Verdict::new(8, false, Why::MeanOff),
        (None, _) => Verdict::new(8, false, Why::MeanOff),
        (_, Some(s)) if close(s, variance) => Verdict::new(8, true, Why::ByHand),
        _ => Verdict::new(8, false, Why::VarianceOff),
    };
    v.points = points;
    Ok(v)
}
