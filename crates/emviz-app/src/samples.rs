//! Sampling from the fitted model (the book's generate.py): points drawn from the current mixture,
//! kept with the model they came from and each point's component, so that "Use as the data" makes
//! them a data set of known origin (§5.1.3), and worded as rows for the Data box ("Add to data").

use emviz_core::{rng_from_seed, Mixture};

use crate::error::{Field, Problem};
use crate::settings::whole_of;

/// Most points one Generate may draw.
pub const MAX_SAMPLES: usize = 100_000;

/// Points drawn from a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The model they were drawn from.
    pub model: Mixture,
    /// The points, n × d, row-major.
    pub values: Vec<f64>,
    /// Each point's component in `model` (its true label).
    pub labels: Vec<usize>,
    /// The seed they were drawn with.
    pub seed: u64,
}

impl Drawn {
    /// `count` points (a whole number from 1 to [`MAX_SAMPLES`]) from `model` with `seed`.
    pub fn new(model: &Mixture, count: f64, seed: u64) -> Result<Drawn, Problem> {
        let n = whole_of(Field::Samples, count, 1, MAX_SAMPLES as u64)? as usize;
        let (points, labels) = model.sample(n, &mut rng_from_seed(seed));
        Ok(Drawn {
            model: model.clone(),
            values: points.values().to_vec(),
            labels,
            seed,
        })
    }

    /// How many points.
    pub fn n(&self) -> usize {
        self.labels.len()
    }

    /// The points as rows of text for the Data box.
    pub fn rows_text(&self) -> String {
        rows_text(&self.values, self.model.d())
    }
}

/// `values` (n × d, row-major) as lines of space-separated numbers, rounded to 4 decimals.
pub fn rows_text(values: &[f64], d: usize) -> String {
    let mut out = String::new();
    for row in values.chunks_exact(d.max(1)) {
        let words: Vec<String> = row.iter().map(|v| trim(format!("{v:.4}"))).collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn trim(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".into()
    } else {
        t.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_worded_shortly() {
        assert_eq!(
            rows_text(&[1.0, 2.5, -0.00001, 1.23456], 2),
            "1 2.5\n0 1.2346\n"
        );
        assert_eq!(rows_text(&[4.0, 5.0], 1), "4\n5\n");
    }

    #[test]
    fn a_draw_is_checked_and_keeps_its_model_and_labels() {
        let model = crate::app::App::new().em().model().clone();
        for bad in [0.0, 1.5, f64::NAN, (MAX_SAMPLES + 1) as f64] {
            assert!(matches!(
                Drawn::new(&model, bad, 1),
                Err(Problem::NotWholeNumber {
                    field: Field::Samples,
                    ..
                })
            ));
        }
        let drawn = Drawn::new(&model, 5.0, 7).unwrap();
        assert_eq!((drawn.n(), drawn.values.len(), drawn.seed), (5, 10, 7));
        assert_eq!(
            drawn,
            Drawn::new(&model, 5.0, 7).unwrap(),
            "the seed fixes the draw"
        );
        assert_eq!(drawn.rows_text().lines().count(), 5);
    }
}
