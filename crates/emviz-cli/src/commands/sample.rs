//! `emviz sample`: points drawn from a model JSON file.

use std::fmt::Write as _;

use emviz_core::{rng_from_seed, Mixture, ModelJson};
use serde_json::Value;

use crate::args::SampleArgs;
use crate::error::{CliError, Result};
use crate::input::{read_text, source_name};
use crate::output::print;

/// Runs `emviz sample`.
pub fn run(args: &SampleArgs) -> Result<()> {
    let name = source_name(&args.model);
    let model = read_model(&read_text(&args.model)?).map_err(|e| CliError::context(&name, e))?;
    let mut rng = rng_from_seed(args.seed);
    // Drawn and written in blocks, so a large N needs little memory. The points come one after
    // another from one generator, so the blocks give the same points as a single draw of N.
    const BLOCK: usize = 1 << 14;
    let mut left = args.n;
    let mut text = String::new();
    while left > 0 {
        let m = left.min(BLOCK);
        left -= m;
        let (points, labels) = model.sample(m, &mut rng);
        text.clear();
        for (row, label) in points.rows().zip(&labels) {
            for (a, v) in row.iter().enumerate() {
                if a > 0 {
                    text.push(' ');
                }
                let _ = write!(text, "{v}");
            }
            if args.labels {
                let _ = write!(text, " {label}");
            }
            text.push('\n');
        }
        print(&text)?;
    }
    Ok(())
}

/// The mixture of a model JSON text (emviz's or scikit-learn-shaped). The message of an error
/// does not name the file.
pub fn read_model(text: &str) -> std::result::Result<Mixture, String> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(map) = &mut value else {
        return Err("a model must be a JSON object with weights, means and covariances".into());
    };
    // Keys left null (a value that was NaN when written) count as absent.
    map.retain(|_, v| !v.is_null());
    // scikit-learn's attribute names: weights_, means_, covariances_.
    for key in [
        "weights",
        "means",
        "covariances",
        "covariance_type",
        "n_components",
    ] {
        if !map.contains_key(key) {
            if let Some(v) = map.remove(&format!("{key}_")) {
                map.insert(key.to_owned(), v);
            }
        }
    }
    let json: ModelJson =
        serde_json::from_value(value).map_err(|e| format!("not an emviz model: {e}"))?;
    json.to_mixture().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scikit_learn_shapes_are_read() {
        let m = read_model(
            r#"{"covariance_type": "diag", "weights_": [0.5, 0.5],
                "means_": [[0, 0], [1, 1]], "covariances_": [[1, 2], [3, 4]], "lower_bound": null}"#,
        )
        .unwrap();
        assert_eq!(m.covariance(1), [3.0, 0.0, 0.0, 4.0]);
        let m = read_model(
            r#"{"covariance_type": "spherical", "weights": [1], "means": [[0, 0]], "covariances": [2]}"#,
        )
        .unwrap();
        assert_eq!(m.covariance(0), [2.0, 0.0, 0.0, 2.0]);
    }

    #[test]
    fn bad_models_say_why() {
        assert!(read_model("[1]").unwrap_err().contains("JSON object"));
        assert!(read_model("{").unwrap_err().contains("not valid JSON"));
        let e = read_model(r#"{"covariance_type": "full", "weights": [1], "means": [[0]]}"#)
            .unwrap_err();
        assert!(e.contains("covariances"), "{e}");
        let e = read_model(
            r#"{"covariance_type": "full", "weights": [1], "means": [[0, 0]], "covariances": [[[1, 0], [0, -1]]]}"#,
        )
        .unwrap_err();
        assert!(e.contains("positive definite"), "{e}");
    }
}
