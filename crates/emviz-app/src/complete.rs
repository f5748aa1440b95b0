//! The blog's "Observation" — complete data. When every point's component is known (its true
//! label z: generated data keep it), estimating each component needs no EM: its weight is its
//! share of the points, its mean and covariance (1-D: variance σ²) the mean and spread of its own
//! points — the M-step with every q⁽ⁿ⁾(z) 0 or 1. Hiding the labels is what makes the problem
//! one of chicken and egg, which EM answers. Plain Rust, tested natively.

use crate::app::App;
use crate::palette::{color, css};

/// One true component's estimate from its own points.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The true label z (0-based).
    pub k: usize,
    /// Points with this label.
    pub count: usize,
    /// count / N: the estimate of φₖ.
    pub weight: f64,
    /// The mean of its points (null for a label no point has).
    pub mean: Option<Vec<f64>>,
    /// Their covariance, Σ (x − μ)(x − μ)ᵀ / count, d × d row-major (1-D: the variance σ²).
    pub covariance: Option<Vec<f64>>,
    /// The colour the page gives label k.
    pub color: String,
}

/// The complete-data estimates, if the labels are known.
#[derive(Clone, Debug, PartialEq)]
pub struct Complete {
    /// Whether the points' true labels are known.
    pub known: bool,
    /// Whether the points are coloured by them now.
    pub shown: bool,
    pub n: usize,
    pub d: usize,
    pub groups: Vec<Group>,
    /// p*'s own parameters, beside the estimates: weights, means (k × d), covariances.
    pub true_weights: Vec<f64>,
    pub true_means: Vec<Vec<f64>>,
    pub true_covariances: Vec<Vec<f64>>,
}

/// Each true component estimated from its own points.
pub fn complete_data(app: &App) -> Complete {
    let data = app.data();
    let (n, d) = (data.n(), data.d());
    let (Some(labels), Some(truth)) = (app.labels(), app.truth()) else {
        return Complete {
            known: false,
            shown: false,
            n,
            d,
            groups: Vec::new(),
            true_weights: Vec::new(),
            true_means: Vec::new(),
            true_covariances: Vec::new(),
        };
    };
    let k = truth.k();
    let groups = (0..k)
        .map(|j| {
            let rows: Vec<&[f64]> = data
                .rows()
                .zip(labels)
                .filter(|(_, &z)| z == j)
                .map(|(x, _)| x)
                .collect();
            let count = rows.len();
            let mean = (count > 0).then(|| {
                (0..d)
                    .map(|c| rows.iter().map(|x| x[c]).sum::<f64>() / count as f64)
                    .collect::<Vec<f64>>()
            });
            let covariance = mean.as_ref().map(|m| {
                let mut cov = vec![0.0; d * d];
                for x in &rows {
                    for a in 0..d {
                        for b in 0..d {
                            cov[a * d + b] += (x[a] - m[a]) * (x[b] - m[b]);
                        }
                    }
                }
                cov.iter().map(|v| v / count as f64).collect()
            });
            Group {
                k: j,
                count,
                weight: count as f64 / n as f64,
                mean,
                covariance,
                color: css(color(j)),
            }
        })
        .collect();
    Complete {
        known: true,
        shown: app.labels_shown(),
        n,
        d,
        groups,
        true_weights: truth.weights().to_vec(),
        true_means: (0..k).map(|j| truth.mean(j).to_vec()).collect(),
        true_covariances: (0..k).map(|j| truth.covariance(j).to_vec()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_data_have_no_labels() {
        let mut app = App::new();
        let c = complete_data(&app);
        assert!(!c.known && c.groups.is_empty());
        assert!(!app.show_labels(true), "nothing to show");
    }

    #[test]
    fn each_label_is_estimated_from_its_own_points() {
        let mut app = App::new();
        app.load_preset("one-d", 0).unwrap();
        let c = complete_data(&app);
        assert!(c.known && !c.shown);
        let labels = crate::presets::labels("one-d").unwrap();
        let data = app.data();
        assert_eq!(c.groups.iter().map(|g| g.count).sum::<usize>(), data.n());
        for g in &c.groups {
            let xs: Vec<f64> = (0..data.n())
                .filter(|&i| labels[i] == g.k)
                .map(|i| data.row(i)[0])
                .collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
            assert_eq!(g.count, xs.len());
            assert!((g.mean.as_ref().unwrap()[0] - mean).abs() < 1e-12);
            assert!((g.covariance.as_ref().unwrap()[0] - var).abs() < 1e-12);
            assert!((g.weight - xs.len() as f64 / data.n() as f64).abs() < 1e-15);
        }
        // Close to the p* they were drawn from: N(−2, 0.36) with weight 0.4, N(3, 1.44) with 0.6.
        assert!((c.groups[0].mean.as_ref().unwrap()[0] + 2.0).abs() < 0.15);
        assert!((c.groups[1].covariance.as_ref().unwrap()[0] - 1.44).abs() < 0.3);
        assert_eq!(c.true_weights, vec![0.4, 0.6]);
    }

    #[test]
    fn in_two_dimensions_the_covariance_is_the_spread_of_its_own_points() {
        let mut app = App::new();
        app.load_preset("known-mixture", 0).unwrap();
        let c = complete_data(&app);
        let labels = app.labels().unwrap().to_vec();
        let data = app.data();
        assert_eq!(c.d, 2);
        for g in &c.groups {
            let rows: Vec<&[f64]> = (0..data.n())
                .filter(|&i| labels[i] == g.k)
                .map(|i| data.row(i))
                .collect();
            let m = rows.len() as f64;
            let (mx, my) = (
                rows.iter().map(|r| r[0]).sum::<f64>() / m,
                rows.iter().map(|r| r[1]).sum::<f64>() / m,
            );
            let sxy = rows.iter().map(|r| (r[0] - mx) * (r[1] - my)).sum::<f64>() / m;
            let sxx = rows.iter().map(|r| (r[0] - mx).powi(2)).sum::<f64>() / m;
            let syy = rows.iter().map(|r| (r[1] - my).powi(2)).sum::<f64>() / m;
            let mean = g.mean.as_ref().unwrap();
            let cov = g.covariance.as_ref().unwrap();
            assert!((mean[0] - mx).abs() < 1e-12 && (mean[1] - my).abs() < 1e-12);
            for (a, b) in cov.iter().zip([sxx, sxy, sxy, syy]) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
        assert_eq!(c.true_means.len(), 3);
    }

    #[test]
    fn showing_the_labels_recolours_the_points_until_the_data_change() {
        let mut app = App::new();
        app.load_preset("blobs", 0).unwrap();
        let before = app.points_version();
        assert!(app.show_labels(true));
        assert!(app.points_version() > before);
        let colours = app.colours().unwrap();
        let labels = app.labels().unwrap();
        for (c, &z) in colours.iter().zip(labels) {
            assert_eq!(*c, crate::palette::pack(color(z)));
        }
        assert!(complete_data(&app).shown);
        assert!(!app.show_labels(false));
        assert!(app.colours().is_none());
        assert!(app.show_labels(true));
        app.add_point(0.0, 0.0).unwrap();
        assert!(!app.labels_shown() && app.labels().is_none());
    }
}
