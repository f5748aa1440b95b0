//! Arithmetic written out by hand, for the tests: the independent computations the chapter's
//! numbers are checked against (nothing here shares code with what it checks).

/// log 𝒩(x; μ, Σ) in 2-D, the determinant and the inverse of Σ written out.
pub fn ln_gauss_2d(x: &[f64], m: &[f64], c: &[f64]) -> f64 {
    let det = c[0] * c[3] - c[1] * c[2];
    let (dx, dy) = (x[0] - m[0], x[1] - m[1]);
    let quad = (c[3] * dx * dx - (c[1] + c[2]) * dx * dy + c[0] * dy * dy) / det;
    -0.5 * quad - (std::f64::consts::TAU).ln() - 0.5 * det.ln()
}

/// log Σ exp(aₖ), the largest term factored out.
pub fn log_sum(a: &[f64]) -> f64 {
    let m = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + a.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}
