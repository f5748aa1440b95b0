//! Each point's uncertainty as the page shows it: mclust's `1 − maxⱼ q(z = j)` (the core's rule,
//! [`emviz_core::criteria::uncertainty`]) of the responsibilities that colour the points — the
//! run's last E-step, EM's or variational Bayes' q(z) — and how strongly the scatter's "Outline
//! by uncertainty" rings a point (as mclust's uncertainty plot marks the uncertain points).

use emviz_core::{criteria, fastmath};

use crate::app::App;

/// Below this share of the largest uncertainty K components allow (`1 − 1/K`: equal
/// responsibilities) a point gets no ring.
pub const RING_FROM: f64 = 0.1;

/// The uncertainties of rows of responsibilities (n × k, probabilities): the core's rule on
/// their logarithms.
pub fn of_responsibilities(resp: &[f64], k: usize) -> Vec<f64> {
    let log: Vec<f64> = resp.iter().map(|&r| fastmath::ln(r)).collect();
    criteria::uncertainty(&log, k)
}

/// Each point's uncertainty under the run shown (the q(z) its colour shows), with K; `None`
/// before the first E-step.
pub fn of_points(app: &App) -> Option<(Vec<f64>, usize)> {
    let n = app.data().n();
    let resp = app.responsibilities()?;
    if n == 0 || resp.is_empty() || !resp.len().is_multiple_of(n) {
        return None;
    }
    let k = resp.len() / n;
    Some((of_responsibilities(resp, k), k))
}

/// How strongly a point of uncertainty `u` among `k` components is ringed: 0 (no ring) below
/// [`RING_FROM`] of the largest possible uncertainty, else its share of it, up to 1 (a point
/// that belongs to every component alike).
pub fn ring_strength(u: f64, k: usize) -> f64 {
    if k < 2 || !u.is_finite() {
        return 0.0;
    }
    let share = (u / (1.0 - 1.0 / k as f64)).clamp(0.0, 1.0);
    if share < RING_FROM {
        0.0
    } else {
        share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sure_point_has_none_and_a_point_on_the_fence_the_most() {
        let u = of_responsibilities(&[1.0, 0.0, 0.5, 0.5, 0.2, 0.8], 2);
        assert_eq!(u[..2], [0.0, 0.5]);
        assert!((u[2] - 0.2).abs() < 1e-15);
        assert_eq!(ring_strength(0.0, 2), 0.0);
        assert_eq!(ring_strength(0.5, 2), 1.0);
        assert!((ring_strength(0.2, 2) - 0.4).abs() < 1e-15);
        assert_eq!(ring_strength(0.04, 2), 0.0, "below a tenth of the most");
        assert!((ring_strength(2.0 / 3.0, 3) - 1.0).abs() < 1e-15);
        assert_eq!(
            ring_strength(0.3, 1),
            0.0,
            "one component: nothing to doubt"
        );
    }

    #[test]
    fn the_points_follow_the_last_e_step() {
        let mut app = App::new();
        assert!(of_points(&app).is_none(), "no E-step yet");
        app.step().unwrap();
        let (u, k) = of_points(&app).unwrap();
        let resp = app.responsibilities().unwrap();
        assert_eq!((u.len(), k), (app.data().n(), 2));
        for (row, u) in resp.chunks_exact(k).zip(&u) {
            let max = row.iter().copied().fold(0.0, f64::max);
            assert!((u - (1.0 - max)).abs() < 1e-15, "{u} vs 1 − {max}");
        }
    }
}
