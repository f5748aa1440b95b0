//! k-means beside EM, in lockstep: [`Lockstep`] keeps an [`emviz_core::KMeans`] that started from
//! the same means as the EM run (the [`App`]'s start) on the same data, and has taken as many
//! half-steps as EM: every E-step is matched by an assignment step (hard responsibilities), every
//! M-step by an update step (the centres move to the means of their points).
//!
//! Syncing is deterministic: k-means at EM half-step `h` is the start replayed for `h` half-steps,
//! so scrubbing the history back, a restart, new data or a dragged start all give the right
//! picture. Going forward one half-step costs one k-means half-step; anything else replays.
//!
//! Plain Rust (no JS types), tested natively.

use emviz_core::{Error, HalfStep, KMeans};

use crate::app::App;

/// k-means kept in step with the app's EM run.
#[derive(Clone, Debug)]
pub struct Lockstep {
    key: Key,
    kmeans: KMeans,
    half_steps: usize,
    /// Points that changed cluster in the last assignment step.
    last_changed: Option<usize>,
    /// How far the centres moved in the last update step (the largest distance).
    last_shift: Option<f64>,
}

/// What the k-means run depends on: the start's means, the data and their sample weights.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    start: Vec<f64>,
    n: usize,
    d: usize,
    fingerprint: u64,
    weights: Option<u64>,
}

impl Key {
    fn of(app: &App) -> Self {
        let data = app.data();
        Key {
            start: app.start().means().to_vec(),
            n: data.n(),
            d: data.d(),
            fingerprint: fingerprint(data),
            weights: app
                .sample_weights()
                .map(|w| fingerprint_of(w.weights.values())),
        }
    }
}

/// FNV-1a over the bits of every value of `data`: a change anywhere in the data changes it (what
/// the runs kept beside the app's — this one and [`crate::vb_compare`]'s — are keyed by).
pub fn fingerprint(data: &emviz_core::Dataset) -> u64 {
    fingerprint_of(data.values())
}

/// [`fingerprint`] of any values.
fn fingerprint_of(values: &[f64]) -> u64 {
    values.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, v| {
        (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The k-means side of the comparison, for the page.
#[derive(Clone, Debug, PartialEq)]
pub struct KMeansState {
    /// Clusters.
    pub k: usize,
    /// Assignment steps taken (one per EM E-step).
    pub assignments: usize,
    /// Update steps taken (one per EM M-step).
    pub updates: usize,
    /// Centres, k × d.
    pub centers: Vec<Vec<f64>>,
    /// The centres it started from (the EM start's means), k × d.
    pub start_centers: Vec<Vec<f64>>,
    /// The k-means objective: Σₙ wₙ ‖xₙ − c(xₙ)‖² (wₙ = 1 without weights), to the assigned centre (the nearest before the
    /// first assignment).
    pub inertia: f64,
    /// Points per cluster (empty before the first assignment).
    pub sizes: Vec<usize>,
    /// Points whose k-means cluster differs from EM's most responsible component (null until
    /// both have assigned every point).
    pub disagreements: Option<usize>,
    /// Points that changed cluster in the last assignment step (null before the first).
    pub last_changed: Option<usize>,
    /// The largest distance a centre moved in the last update step (null before the first).
    pub last_shift: Option<f64>,
    /// k-means' stopping rule: its centres have converged (the last update moved none, or the
    /// last assignment changed no point's cluster).
    pub converged: bool,
    /// EM's stopping rule beside it: the change of the mean log-likelihood over the last
    /// iteration (null before two values exist) and the tolerance it is compared with.
    pub em_change: Option<f64>,
    pub tol: f64,
}

impl Lockstep {
    /// k-means from the app's start means, with no steps taken; on weighted data, weighted as
    /// the EM run is (each centre the weighted mean of its points).
    pub fn new(app: &App) -> Result<Self, Error> {
        let weights = app.sample_weights().map(|w| w.weights.clone());
        let kmeans = KMeans::new(app.data(), app.start().means().to_vec())?.weighted(weights);
        Ok(Lockstep {
            key: Key::of(app),
            kmeans,
            half_steps: 0,
            last_changed: None,
            last_shift: None,
        })
    }

    /// Brings `slot` to the app's current half-step (making it if needed) and returns it.
    pub fn sync<'a>(slot: &'a mut Option<Lockstep>, app: &App) -> Result<&'a Lockstep, Error> {
        let target = em_half_steps(app);
        let reusable = slot
            .as_ref()
            .is_some_and(|l| l.half_steps <= target && l.key == Key::of(app));
        if !reusable {
            *slot = None;
            *slot = Some(Lockstep::new(app)?);
        }
        let lockstep = slot.as_mut().expect("just made");
        while lockstep.half_steps < target {
            lockstep.half_step(app)?;
        }
        Ok(lockstep)
    }

    /// One k-means half-step: an assignment after an even number of half-steps, else an update.
    fn half_step(&mut self, app: &App) -> Result<(), Error> {
        if self.half_steps.is_multiple_of(2) {
            self.last_changed = Some(self.kmeans.assign(app.data())?);
        } else {
            let before = self.kmeans.centers().to_vec();
            self.kmeans.update(app.data())?;
            let d = app.data().d();
            let shift = before
                .chunks_exact(d)
                .zip(self.kmeans.centers().chunks_exact(d))
                .map(|(a, b)| {
                    a.iter()
                        .zip(b)
                        .map(|(x, y)| (x - y) * (x - y))
                        .sum::<f64>()
                        .sqrt()
                })
                .fold(0.0, f64::max);
            self.last_shift = Some(shift);
        }
        self.half_steps += 1;
        Ok(())
    }

    /// The k-means run itself.
    pub fn kmeans(&self) -> &KMeans {
        &self.kmeans
    }

    /// Half-steps taken.
    pub fn half_steps(&self) -> usize {
        self.half_steps
    }

    /// The snapshot for the page.
    pub fn state(&self, app: &App) -> KMeansState {
        let km = &self.kmeans;
        let d = app.data().d();
        let rows = |v: &[f64]| v.chunks_exact(d).map(<[f64]>::to_vec).collect::<Vec<_>>();
        let mut sizes = vec![0; km.k()];
        for &l in km.labels() {
            sizes[l] += 1;
        }
        if km.labels().is_empty() {
            sizes.clear();
        }
        KMeansState {
            k: km.k(),
            assignments: self.half_steps.div_ceil(2),
            updates: self.half_steps / 2,
            centers: rows(km.centers()),
            start_centers: rows(&self.key.start),
            inertia: km.inertia(app.data()),
            sizes,
            disagreements: disagreements(km.labels(), em_labels(app).as_deref()),
            last_changed: self.last_changed,
            last_shift: self.last_shift,
            converged: self.last_shift == Some(0.0)
                || (self.half_steps > 2 && self.last_changed == Some(0)),
            em_change: match app.em().trace() {
                [.., a, b] => Some((b - a).abs()),
                _ => None,
            },
            tol: app.settings().tol,
        }
    }
}

/// The seed of the page's "show a case where they disagree" run on the `elongated` preset: EM
/// finds the two strips, k-means cuts them left | right.
pub const DISAGREE_SEED: u64 = 1;

/// EM's half-steps so far: two per completed iteration, plus one after an E-step.
pub fn em_half_steps(app: &App) -> usize {
    2 * app.em().iteration() + usize::from(app.em().last_half_step() == Some(HalfStep::E))
}

/// EM's hard assignment: every point's most responsible component (None before the first E-step,
/// or when points were added since it).
pub fn em_labels(app: &App) -> Option<Vec<usize>> {
    let k = app.em().model().k();
    let resp = app.em().responsibilities()?;
    if resp.len() != app.data().n() * k {
        return None;
    }
    Some(
        resp.chunks_exact(k)
            .map(|row| {
                row.iter()
                    .enumerate()
                    .fold((0, f64::NEG_INFINITY), |best, (j, &r)| {
                        if r > best.1 {
                            (j, r)
                        } else {
                            best
                        }
                    })
                    .0
            })
            .collect(),
    )
}

/// How many points the two hard assignments put in different clusters (component j of EM and
/// cluster j of k-means started from the same mean, so they are matched by index).
pub fn disagreements(kmeans: &[usize], em: Option<&[usize]>) -> Option<usize> {
    let em = em?;
    (kmeans.len() == em.len() && !em.is_empty())
        .then(|| kmeans.iter().zip(em).filter(|(a, b)| a != b).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manual(app: &App, steps: usize) -> KMeans {
        let mut km = KMeans::new(app.data(), app.start().means().to_vec()).unwrap();
        for i in 0..steps {
            if i % 2 == 0 {
                km.assign(app.data()).unwrap();
            } else {
                km.update(app.data()).unwrap();
            }
        }
        km
    }

    #[test]
    fn follows_em_half_step_by_half_step_from_the_same_start() {
        let mut app = App::new();
        let mut slot = None;
        let l = Lockstep::sync(&mut slot, &app).unwrap();
        assert_eq!(l.kmeans().centers(), app.start().means());
        assert!(l.kmeans().labels().is_empty());
        for h in 1..=6 {
            app.step().unwrap();
            let l = Lockstep::sync(&mut slot, &app).unwrap();
            assert_eq!(l.half_steps(), h);
            assert_eq!(l.kmeans(), &manual(&app, h));
        }
        let s = slot.as_ref().unwrap().state(&app);
        assert_eq!((s.assignments, s.updates), (3, 3));
        assert_eq!(s.sizes.iter().sum::<usize>(), 272);
    }

    #[test]
    fn first_update_moves_centres_to_the_means_of_the_hard_assignment() {
        let mut app = App::new();
        app.iterate().unwrap();
        let mut slot = None;
        let l = Lockstep::sync(&mut slot, &app).unwrap();
        let data = app.data();
        let start = app.start().means();
        let d = data.d();
        let nearest = |x: &[f64]| {
            (0..2)
                .min_by(|&a, &b| {
                    let da: f64 = (0..d).map(|c| (x[c] - start[a * d + c]).powi(2)).sum();
                    let db: f64 = (0..d).map(|c| (x[c] - start[b * d + c]).powi(2)).sum();
                    da.total_cmp(&db)
                })
                .unwrap()
        };
        for j in 0..2 {
            let members: Vec<&[f64]> = data.rows().filter(|x| nearest(x) == j).collect();
            for c in 0..d {
                let mean = members.iter().map(|x| x[c]).sum::<f64>() / members.len() as f64;
                assert!((l.kmeans().centers()[j * d + c] - mean).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn the_stopping_rules_centres_that_stop_moving_and_a_log_likelihood_that_stops_rising() {
        let mut app = App::new();
        let mut slot = None;
        let mut seen_moving = false;
        let mut previous: Option<Vec<f64>> = None;
        for it in 1..=9 {
            app.iterate().unwrap();
            let l = Lockstep::sync(&mut slot, &app).unwrap();
            let s = l.state(&app);
            // The shift is the largest distance a centre moved, by hand.
            let now = l.kmeans().centers().to_vec();
            let before = previous
                .clone()
                .unwrap_or_else(|| app.start().means().to_vec());
            let shift = before
                .chunks_exact(2)
                .zip(now.chunks_exact(2))
                .map(|(a, b)| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt())
                .fold(0.0, f64::max);
            assert!(
                (s.last_shift.unwrap() - shift).abs() < 1e-12,
                "iteration {it}"
            );
            seen_moving |= shift > 0.0;
            assert_eq!(s.converged, shift == 0.0 || s.last_changed == Some(0));
            // The objective: the sum of squared Euclidean distances to the assigned centres.
            let sse: f64 = app
                .data()
                .rows()
                .zip(l.kmeans().labels())
                .map(|(x, &j)| (x[0] - now[2 * j]).powi(2) + (x[1] - now[2 * j + 1]).powi(2))
                .sum();
            assert!(
                (s.inertia - sse).abs() < 1e-9 * sse,
                "{} vs {sse}",
                s.inertia
            );
            // EM's rule: the change of the mean log-likelihood against tol.
            let trace = app.em().trace();
            let change = (trace[trace.len() - 1] - trace[trace.len() - 2]).abs();
            assert_eq!(s.em_change, Some(change));
            assert_eq!(s.tol, 1e-4);
            previous = Some(now);
        }
        assert!(seen_moving);
        let s = slot.as_ref().unwrap().state(&app);
        assert!(
            s.converged,
            "k-means from the book's start settles on Old Faithful: {s:?}"
        );
        assert!(app.converged() && s.em_change.unwrap() < s.tol);
    }

    #[test]
    fn scrubbing_back_replays_and_a_new_start_restarts() {
        let mut app = App::new();
        let mut slot = None;
        for _ in 0..5 {
            app.step().unwrap();
        }
        Lockstep::sync(&mut slot, &app).unwrap();
        app.seek(2).unwrap();
        let l = Lockstep::sync(&mut slot, &app).unwrap();
        assert_eq!(l.half_steps(), 2);
        assert_eq!(l.kmeans(), &manual(&app, 2));
        app.reset();
        assert_eq!(Lockstep::sync(&mut slot, &app).unwrap().half_steps(), 0);
        app.load_preset("blobs", 3).unwrap();
        app.iterate().unwrap();
        let l = Lockstep::sync(&mut slot, &app).unwrap();
        assert_eq!(l.kmeans(), &manual(&app, 2));
    }

    #[test]
    fn on_the_elongated_preset_the_two_partitions_disagree() {
        for seed in 0..8 {
            let mut app = App::new();
            app.load_preset("elongated", seed).unwrap();
            app.run_to_end().unwrap();
            let mut slot = None;
            let s = Lockstep::sync(&mut slot, &app).unwrap().state(&app);
            assert!(
                s.disagreements.unwrap() > 0,
                "seed {seed}: {:?}",
                s.disagreements
            );
        }
        // With seed 1 (the page's "show a case" button) EM finds the two strips: it and k-means
        // split the 400 points in crossing ways.
        let mut app = App::new();
        app.load_preset("elongated", DISAGREE_SEED).unwrap();
        app.run_to_end().unwrap();
        let mut slot = None;
        let s = Lockstep::sync(&mut slot, &app).unwrap().state(&app);
        assert!(s.disagreements.unwrap() >= 150, "{:?}", s.disagreements);
    }

    #[test]
    fn disagreements_count_mismatched_labels() {
        assert_eq!(disagreements(&[0, 1, 1], Some(&[0, 0, 1])), Some(1));
        assert_eq!(disagreements(&[], Some(&[])), None);
        assert_eq!(disagreements(&[0], None), None);
        let app = App::new();
        assert!(em_labels(&app).is_none());
    }
}
