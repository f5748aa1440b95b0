//! Principal components of a data set (the view mclust offers for more than two columns): the
//! eigen-decomposition of the columns' covariance matrix (nalgebra's symmetric eigen-solver), the
//! first two principal axes, and points and Gaussian components projected on them.

use nalgebra::{DMatrix, SymmetricEigen};

use crate::data::Dataset;
use crate::error::{Invalid, Result};

/// The principal axes of a data set.
#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    /// Column means (the centre of the projection).
    pub mean: Vec<f64>,
    /// The unit principal axes, by decreasing variance (d of them, each of length d). Each axis's
    /// largest entry in absolute value is positive (a fixed sign).
    pub axes: Vec<Vec<f64>>,
    /// The variance along each axis (the covariance matrix's eigenvalues, decreasing).
    pub variances: Vec<f64>,
}

impl Pca {
    /// The principal axes of `data` (covariance with 1/N). Needs at least two points and two columns.
    pub fn of(data: &Dataset) -> Result<Self> {
        let (n, d) = (data.n(), data.d());
        if n < 2 || d < 2 {
            return Err(Invalid::PcaTooSmall { n, d }.into());
        }
        let mut mean = vec![0.0; d];
        for r in data.rows() {
            for (m, v) in mean.iter_mut().zip(r) {
                *m += v;
            }
        }
        for m in &mut mean {
            *m /= n as f64;
        }
        let mut cov = DMatrix::<f64>::zeros(d, d);
        for r in data.rows() {
            for i in 0..d {
                let di = r[i] - mean[i];
                for j in 0..=i {
                    cov[(i, j)] += di * (r[j] - mean[j]);
                }
            }
        }
        for i in 0..d {
            for j in 0..=i {
                let v = cov[(i, j)] / n as f64;
                cov[(i, j)] = v;
                cov[(j, i)] = v;
            }
        }
        if cov.iter().any(|v| !v.is_finite()) {
            return Err(Invalid::PcaNotFinite.into());
        }
        let eig = SymmetricEigen::new(cov);
        let mut order: Vec<usize> = (0..d).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let axes = order
            .iter()
            .map(|&c| {
                let mut v: Vec<f64> = eig.eigenvectors.column(c).iter().copied().collect();
                let big = v
                    .iter()
                    .copied()
                    .fold(0.0f64, |a, x| if x.abs() > a.abs() { x } else { a });
                if big < 0.0 {
                    for x in &mut v {
                        *x = -*x;
                    }
                }
                v
            })
            .collect();
        let variances = order.iter().map(|&c| eig.eigenvalues[c].max(0.0)).collect();
        Ok(Pca {
            mean,
            axes,
            variances,
        })
    }

    /// The share of the total variance along the first two axes.
    pub fn explained(&self) -> [f64; 2] {
        let total: f64 = self.variances.iter().sum();
        if total <= 0.0 {
            return [0.0, 0.0];
        }
        [self.variances[0] / total, self.variances[1] / total]
    }

    /// Coordinates of `x` on the first two principal axes.
    pub fn project(&self, x: &[f64]) -> [f64; 2] {
        let mut out = [0.0; 2];
        for (o, axis) in out.iter_mut().zip(&self.axes) {
            *o = x
                .iter()
                .zip(&self.mean)
                .zip(axis)
                .map(|((v, m), a)| (v - m) * a)
                .sum();
        }
        out
    }

    /// A Gaussian N(μ, Σ) (Σ full, row-major d × d) seen on the first two axes: N(Wᵀ(μ − m), WᵀΣW)
    /// with W the two axes; returns the projected mean and the 2 × 2 covariance, row-major.
    pub fn project_gaussian(&self, mean: &[f64], cov: &[f64]) -> ([f64; 2], [f64; 4]) {
        let d = self.mean.len();
        let mut c = [0.0; 4];
        for (a, wa) in self.axes.iter().take(2).enumerate() {
            for (b, wb) in self.axes.iter().take(2).enumerate() {
                let mut s = 0.0;
                for i in 0..d {
                    for j in 0..d {
                        s += wa[i] * cov[i * d + j] * wb[j];
                    }
                }
                c[a * 2 + b] = s;
            }
        }
        (self.project(mean), c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{rng_from_seed, CovarianceType, Mixture};

    fn sample(cov: &[f64], mean: &[f64], n: usize) -> Dataset {
        let m = Mixture::new(CovarianceType::Full, vec![1.0], mean.to_vec(), cov.to_vec()).unwrap();
        m.sample(n, &mut rng_from_seed(11)).0
    }

    /// The largest eigenvector by power iteration on the covariance computed independently.
    fn power_iteration(data: &Dataset) -> (Vec<f64>, f64) {
        let (n, d) = (data.n() as f64, data.d());
        let mean: Vec<f64> = (0..d)
            .map(|c| data.rows().map(|r| r[c]).sum::<f64>() / n)
            .collect();
        let cov: Vec<f64> = (0..d * d)
            .map(|ij| {
                let (i, j) = (ij / d, ij % d);
                data.rows()
                    .map(|r| (r[i] - mean[i]) * (r[j] - mean[j]))
                    .sum::<f64>()
                    / n
            })
            .collect();
        let mut v = vec![1.0; d];
        let mut lambda = 0.0;
        for _ in 0..2000 {
            let w: Vec<f64> = (0..d)
                .map(|i| (0..d).map(|j| cov[i * d + j] * v[j]).sum())
                .collect();
            lambda = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            v = w.iter().map(|x| x / lambda).collect();
        }
        (v, lambda)
    }

    #[test]
    fn the_first_axis_is_the_power_iterations_eigenvector() {
        let cov = [4.0, 1.2, 0.5, 1.2, 2.0, -0.3, 0.5, -0.3, 1.0];
        let data = sample(&cov, &[1.0, -2.0, 0.5], 4000);
        let pca = Pca::of(&data).unwrap();
        let (v, lambda) = power_iteration(&data);
        assert!(
            (pca.variances[0] - lambda).abs() < 1e-9 * lambda,
            "{} vs {lambda}",
            pca.variances[0]
        );
        let dot: f64 = pca.axes[0].iter().zip(&v).map(|(a, b)| a * b).sum();
        assert!((dot.abs() - 1.0).abs() < 1e-9, "{dot}");
        // Orthonormal axes, decreasing variances summing to the trace.
        for a in 0..3 {
            for b in 0..3 {
                let dot: f64 = pca.axes[a]
                    .iter()
                    .zip(&pca.axes[b])
                    .map(|(x, y)| x * y)
                    .sum();
                assert!((dot - f64::from(a == b)).abs() < 1e-12);
            }
        }
        assert!(pca.variances.windows(2).all(|w| w[0] >= w[1]));
        let e = pca.explained();
        assert!(e[0] > e[1] && e[0] + e[1] < 1.0);
    }

    #[test]
    fn a_projected_gaussian_is_the_gaussian_of_the_projected_points() {
        let cov = [
            3.0, 0.8, 0.2, 0.0, 0.8, 2.0, 0.1, 0.4, 0.2, 0.1, 1.0, 0.0, 0.0, 0.4, 0.0, 0.5,
        ];
        let mean = [1.0, 2.0, 3.0, 4.0];
        let data = sample(&cov, &mean, 50_000);
        let pca = Pca::of(&data).unwrap();
        let (pm, pc) = pca.project_gaussian(&mean, &cov);
        // Empirically: the mean and covariance of the projected sample.
        let pts: Vec<[f64; 2]> = data.rows().map(|r| pca.project(r)).collect();
        let n = pts.len() as f64;
        let m = [
            pts.iter().map(|p| p[0]).sum::<f64>() / n,
            pts.iter().map(|p| p[1]).sum::<f64>() / n,
        ];
        let c = |a: usize, b: usize| {
            pts.iter()
                .map(|p| (p[a] - m[a]) * (p[b] - m[b]))
                .sum::<f64>()
                / n
        };
        assert!(
            (pm[0] - m[0]).abs() < 0.03 && (pm[1] - m[1]).abs() < 0.03,
            "{pm:?} vs {m:?}"
        );
        for (a, b) in [(0, 0), (0, 1), (1, 1)] {
            assert!(
                (pc[a * 2 + b] - c(a, b)).abs() < 0.05 * pc[0],
                "{a}{b}: {} vs {}",
                pc[a * 2 + b],
                c(a, b)
            );
        }
        // The data's own mean projects to the origin.
        let p = pca.project(&pca.mean);
        assert!(p[0].abs() < 1e-12 && p[1].abs() < 1e-12);
        assert!(Pca::of(&sample(&[1.0], &[0.0], 10)).is_err());
    }
}
