//! The settings' small picture of what a covariance model constrains: three example components,
//! whose raw scatters differ in volume, shape and orientation, put through the model's own M-step
//! ([`emviz_core::family::covariances`]). So what the picture shows is what the model does: equal
//! volumes come out the same size, equal shapes equally elongated, equal orientations pointing
//! the same way, an identity shape round and an identity orientation along the axes.

use emviz_core::family::covariances;
use emviz_core::rules::ModelName;

/// The components' centres, left to right, in the picture's units (x in −5…5, y in −2…2).
pub const MEANS: [[f64; 2]; 3] = [[-3.3, 0.0], [0.0, 0.0], [3.3, 0.0]];

/// The picture's data range: x, then y.
pub const RANGE: [[f64; 2]; 2] = [[-5.0, 5.0], [-2.0, 2.0]];

/// The raw scatter of each example component (2 × 2, row-major): variances `(a, b)` along axes
/// turned by `angle` — a small round one, a long one turned 35°, a middling one turned −60°.
fn raw() -> [[f64; 4]; 3] {
    let turned = |a: f64, b: f64, angle: f64| {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let off = (a - b) * c * s;
        [a * c * c + b * s * s, off, off, a * s * s + b * c * c]
    };
    [
        turned(0.35, 0.35, 0.0),
        turned(2.0, 0.16, 35.0),
        turned(1.0, 0.3, -60.0),
    ]
}

/// The three components' covariances under `model` (2 × 2, row-major).
pub fn example(model: ModelName) -> [[f64; 4]; 3] {
    let scatter: Vec<f64> = raw().concat();
    let c = covariances(model, &[1.0; 3], &scatter, 2);
    let at = |j: usize| [c[4 * j], c[4 * j + 1], c[4 * j + 2], c[4 * j + 3]];
    [at(0), at(1), at(2)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::linalg::eig_sym2;
    use emviz_core::rules::Variation;

    /// Each model's picture shows what its name says of volume, shape and orientation, and
    /// every component stays inside the picture (2σ along its longer axis).
    #[test]
    fn each_picture_shows_what_its_model_constrains() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
        for model in ModelName::ALL {
            let ex = example(model);
            let eig: Vec<([f64; 2], f64)> = ex.iter().map(|c| eig_sym2(c[0], c[1], c[3])).collect();
            let volume: Vec<f64> = eig.iter().map(|(l, _)| (l[0] * l[1]).sqrt()).collect();
            let shape: Vec<f64> = eig
                .iter()
                .map(|(l, _)| l[0].max(l[1]) / l[0].min(l[1]))
                .collect();
            let same = |v: &[f64]| v.iter().all(|x| close(*x, v[0]));
            match model.volume() {
                Variation::Equal => assert!(same(&volume), "{model}: {volume:?}"),
                _ => assert!(!same(&volume), "{model}: {volume:?}"),
            }
            match model.shape() {
                Variation::Identity => assert!(shape.iter().all(|r| close(*r, 1.0)), "{model}"),
                Variation::Equal => assert!(same(&shape), "{model}: {shape:?}"),
                Variation::Variable => assert!(!same(&shape), "{model}: {shape:?}"),
            }
            match model.orientation() {
                Variation::Identity => assert!(ex.iter().all(|c| c[1] == 0.0), "{model}"),
                Variation::Equal => {
                    // The same axes: each covariance commutes with the first.
                    let a = ex[0];
                    for b in &ex[1..] {
                        let ab01 = a[0] * b[1] + a[1] * b[3];
                        let ba01 = b[0] * a[1] + b[1] * a[3];
                        assert!((ab01 - ba01).abs() < 1e-9, "{model}");
                    }
                }
                Variation::Variable => {
                    assert!(ex.iter().any(|c| c[1] != 0.0), "{model}");
                }
            }
            for (c, m) in ex.iter().zip(MEANS) {
                let r = 2.0 * c[0].max(c[3]).sqrt();
                assert!(
                    m[0] - r > RANGE[0][0] - 1.0 && m[0] + r < RANGE[0][1] + 1.0,
                    "{model}"
                );
                assert!(r < RANGE[1][1] + 0.5, "{model}: {r}");
            }
        }
    }
}
