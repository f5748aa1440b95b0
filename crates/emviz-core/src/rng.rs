//! Seeded randomness. Every random choice in the core draws from an [`EmRng`] the caller makes
//! from a `u64` seed, and the generator (PCG-64 MCG) is the same on every platform, so a seed
//! gives the same run natively and in wasm.

use rand::SeedableRng;

/// The random number generator used throughout the core.
pub type EmRng = rand_pcg::Pcg64Mcg;

/// A generator seeded from `seed`.
pub fn rng_from_seed(seed: u64) -> EmRng {
    EmRng::seed_from_u64(seed)
}

/// A standard normal draw (Marsaglia's polar method, using the core's platform-exact `ln`).
pub fn standard_normal(rng: &mut EmRng) -> f64 {
    use rand::Rng;
    loop {
        let u: f64 = rng.random::<f64>() * 2.0 - 1.0;
        let v: f64 = rng.random::<f64>() * 2.0 - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * crate::fastmath::ln(s) / s).sqrt();
        }
    }
}
