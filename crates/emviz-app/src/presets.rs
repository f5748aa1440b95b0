//! The built-in data sets. Each is text (so it fills the Data box like a paste would) plus the
//! settings it is best shown with. Generated sets are drawn from fixed mixtures with a fixed seed,
//! so they are the same on every visit.

use emviz_core::{rng_from_seed, CovarianceType, Mixture};

/// A built-in data set and how to start on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Identifier used by the page and in links.
    pub id: &'static str,
    /// The data as text, with a header.
    pub text: String,
    /// Suggested number of components.
    pub k: usize,
    /// Whether the book's start (means (0, 50) and (0, 100), reg_covar 0) applies.
    pub book_start: bool,
}

/// Identifiers of all presets, in menu order.
pub const PRESET_IDS: [&str; 7] = [
    "old-faithful",
    "one-d",
    "blobs",
    "anisotropic",
    "degenerate",
    "elongated",
    "known-mixture",
];

/// A generated preset's mixture (weights, means, full covariances) and its draw (n, seed).
type Origin = (&'static [f64], &'static [f64], &'static [f64], usize, u64);

/// The mixture each generated preset was drawn from (p* of the chapter's §5.1.3), full
/// covariances: `(weights, means, covariances, n, seed)`. Old Faithful and the degenerate line
/// have no known origin.
fn origin(id: &str) -> Option<Origin> {
    Some(match id {
        "one-d" => (&[0.4, 0.6], &[-2.0, 3.0], &[0.36, 1.44], 300, 1),
        "blobs" => (
            &[0.3, 0.3, 0.4],
            &[-4.0, 0.0, 4.0, 4.0, 3.0, -4.0],
            &[1.0, 0.2, 0.2, 0.8, 0.6, 0.0, 0.0, 0.6, 1.2, -0.3, -0.3, 0.9],
            450,
            2,
        ),
        "anisotropic" => (
            &[0.5, 0.5],
            &[0.0, 0.0, 1.5, 1.5],
            &[4.0, 3.6, 3.6, 4.0, 1.0, -0.8, -0.8, 1.0],
            500,
            3,
        ),
        // Two long parallel strips: k-means (round clusters) cuts them left | right, EM with full
        // covariances finds the strips, so the two partitions disagree.
        "elongated" => (
            &[0.5, 0.5],
            &[0.0, -1.4, 0.0, 1.4],
            &[9.0, 0.0, 0.0, 0.2, 9.0, 0.0, 0.0, 0.2],
            400,
            4,
        ),
        // Three overlapping clusters of unequal weight: the data of a known mixture p*, so the
        // page can show D_KL(p* ‖ p_θ) fall as the likelihood rises.
        "known-mixture" => (
            &[0.5, 0.3, 0.2],
            &[0.0, 0.0, 3.0, 2.0, -2.0, 3.0],
            &[1.0, 0.4, 0.4, 0.8, 0.6, -0.2, -0.2, 0.5, 0.5, 0.0, 0.0, 1.2],
            600,
            5,
        ),
        _ => return None,
    })
}

/// The mixture p* a preset's points were drawn from, if it has one.
pub fn truth(id: &str) -> Option<Mixture> {
    let (w, m, c, _, _) = origin(id)?;
    Some(
        Mixture::new(CovarianceType::Full, w.to_vec(), m.to_vec(), c.to_vec())
            .expect("preset parameters are valid"),
    )
}

/// Each point's component in [`truth`] (its true label), for a generated preset: the very draw
/// that made its points.
pub fn labels(id: &str) -> Option<Vec<usize>> {
    let (w, m, c, n, seed) = origin(id)?;
    let model = Mixture::new(CovarianceType::Full, w.to_vec(), m.to_vec(), c.to_vec())
        .expect("preset parameters are valid");
    Some(model.sample(n, &mut rng_from_seed(seed)).1)
}

/// The Old Faithful data as shipped with the project (272 rows, no header).
pub const OLD_FAITHFUL: &str = include_str!("../../../data/old_faithful.txt");

/// The preset called `id`, if there is one.
pub fn preset(id: &str) -> Option<Preset> {
    let id = *PRESET_IDS.iter().find(|p| **p == id)?;
    let p = |text: String, k: usize, book_start: bool| Preset {
        id,
        text,
        k,
        book_start,
    };
    Some(match id {
        "old-faithful" => p(format!("eruptions waiting\n{OLD_FAITHFUL}"), 2, true),
        "one-d" => p(generated(id, "x"), 2, false),
        "blobs" => p(generated(id, "x y"), 3, false),
        "anisotropic" | "elongated" => p(generated(id, "x y"), 2, false),
        "known-mixture" => p(generated(id, "x y"), 3, false),
        _ => p(degenerate(), 3, false),
    })
}

/// The text of a generated preset: its points drawn from [`origin`].
fn generated(id: &str, header: &str) -> String {
    let (w, m, c, n, seed) = origin(id).expect("a generated preset");
    sampled(header, w, m, c, n, seed)
}

/// Text of `n` points drawn from the given mixture (full covariances, row-major) with `seed`.
fn sampled(
    header: &str,
    weights: &[f64],
    means: &[f64],
    covs: &[f64],
    n: usize,
    seed: u64,
) -> String {
    let model = Mixture::new(
        CovarianceType::Full,
        weights.to_vec(),
        means.to_vec(),
        covs.to_vec(),
    )
    .expect("preset parameters are valid");
    let (data, _) = model.sample(n, &mut rng_from_seed(seed));
    let mut text = String::with_capacity(n * 24);
    text.push_str(header);
    text.push('\n');
    for row in data.rows() {
        let cells: Vec<String> = row.iter().map(|v| format!("{v:.4}")).collect();
        text.push_str(&cells.join(" "));
        text.push('\n');
    }
    text
}

/// Points on one straight line, many of them repeated exactly: a full covariance fitted to a
/// cluster of them is singular, so without reg_covar EM must stop and explain why.
fn degenerate() -> String {
    let mut text =
        String::from("# every point lies on the line y = 2x + 1, and many repeat\nx y\n");
    for i in 0..60 {
        let x = (i % 12) as f64 * 0.5;
        text.push_str(&format!("{x} {}\n", 2.0 * x + 1.0));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::{parse_table, ParseOptions};

    #[test]
    fn every_preset_parses_with_its_header() {
        for id in PRESET_IDS {
            let p = preset(id).unwrap();
            assert_eq!(p.id, id);
            let data = parse_table(&p.text, &ParseOptions::default()).unwrap();
            assert!(data.n() >= p.k, "{id}");
        }
        let of = parse_table(
            &preset("old-faithful").unwrap().text,
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!((of.n(), of.d()), (272, 2));
        assert_eq!(of.names(), ["eruptions", "waiting"]);
        assert!(preset("nope").is_none());
    }

    #[test]
    fn generated_presets_know_their_mixture() {
        for id in PRESET_IDS {
            let known = truth(id);
            assert_eq!(
                known.is_some(),
                !matches!(id, "old-faithful" | "degenerate"),
                "{id}"
            );
            assert_eq!(labels(id).is_some(), known.is_some(), "{id}");
            if let Some(m) = known {
                let data =
                    parse_table(&preset(id).unwrap().text, &ParseOptions::default()).unwrap();
                assert_eq!(m.d(), data.d(), "{id}");
                // The points are the mixture's own draw (rounded to 4 decimals), and the labels
                // that draw's components.
                let (again, z) = m.sample(data.n(), &mut rng_from_seed(origin(id).unwrap().4));
                assert_eq!(labels(id).unwrap(), z, "{id}");
                assert!(
                    (0..m.k()).all(|j| z.contains(&j)),
                    "{id}: every component drawn"
                );
                for (a, b) in again.rows().zip(data.rows()) {
                    for (x, y) in a.iter().zip(b) {
                        assert!((x - y).abs() <= 5e-5, "{id}: {x} vs {y}");
                    }
                }
            }
        }
    }
}
