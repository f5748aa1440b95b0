//! The KL-divergence widget's numbers: two coins p = (p₁, 1 − p₁) and q = (q₁, 1 − q₁), and
//! D_KL(p‖q) and D_KL(q‖p) from `emviz_core::kl_divergence` (the chapter's examples:
//! p = 0.7/0.3 against q = 0.5/0.5 gives 0.0823, against 0.2/0.8 gives 0.5827).

use emviz_core::kl_divergence;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::error::{Error, Problem};

/// Both directions of the divergence, in nats (always finite: [`kl_pair_values`] only takes
/// probabilities strictly between 0 and 1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct KlPair {
    /// D_KL(p ‖ q).
    pub pq: f64,
    /// D_KL(q ‖ p).
    pub qp: f64,
    /// p = (p₁, 1 − p₁), for the page's bars.
    pub p: [f64; 2],
    /// q = (q₁, 1 − q₁).
    pub q: [f64; 2],
}

/// D_KL(p‖q) and D_KL(q‖p) for two-outcome distributions given by their first probability.
/// Both must lie strictly between 0 and 1 (at 0 or 1 one direction is infinite).
pub fn kl_pair_values(p1: f64, q1: f64) -> Result<KlPair, Error> {
    for (name, v) in [("p(heads)", p1), ("q(heads)", q1)] {
        if !(v.is_finite() && v > 0.0 && v < 1.0) {
            return Err(Problem::Probability { name, value: v }.into());
        }
    }
    let (p, q) = ([p1, 1.0 - p1], [q1, 1.0 - q1]);
    Ok(KlPair {
        pq: kl_divergence(&p, &q)?,
        qp: kl_divergence(&q, &p)?,
        p,
        q,
    })
}

#[wasm_bindgen]
impl Session {
    /// `{pq, qp, p, q}`: D_KL(p‖q) and D_KL(q‖p) for p = (p1, 1 − p1) and q = (q1, 1 − q1), each
    /// strictly between 0 and 1.
    pub fn kl_pair(&self, p1: f64, q1: f64) -> Result<JsValue, JsError> {
        let pair = kl_pair_values(p1, q1).map_err(|e| self.fail(e))?;
        to_js(&pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapters_coins_both_ways() {
        let a = kl_pair_values(0.7, 0.5).unwrap();
        assert_eq!(a.pq, kl_divergence(&[0.7, 1.0 - 0.7], &[0.5, 0.5]).unwrap());
        assert_eq!(a.qp, kl_divergence(&[0.5, 0.5], &[0.7, 1.0 - 0.7]).unwrap());
        assert_eq!(format!("{:.4}", a.pq), "0.0823");
        assert_eq!(format!("{:.4}", a.qp), "0.0872");
        assert_eq!(
            format!("{:.4}", kl_pair_values(0.7, 0.2).unwrap().pq),
            "0.5827"
        );
        let same = kl_pair_values(0.7, 0.7).unwrap();
        assert_eq!((same.pq, same.qp), (0.0, 0.0));
        assert_eq!(same.q, [0.7, 1.0 - 0.7]);
        // The reverse direction differs (KL is not symmetric).
        assert_eq!(
            format!("{:.4}", kl_pair_values(0.7, 0.2).unwrap().qp),
            "0.5341"
        );
        assert!(kl_pair_values(0.0, 0.5).is_err());
        assert!(kl_pair_values(0.5, f64::NAN).is_err());
    }
}
