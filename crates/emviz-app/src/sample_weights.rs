//! A pasted column chosen as sample weights ([`WeightsColumn`]): split off the table the text
//! parsed to, the other columns staying the points' coordinates; checked by the core's one rule
//! ([`emviz_core::weights`]: finite, ≥ 0, not all zero), a bad weight named by its line and
//! column in the pasted text. [`table`] puts the column back (the text a link carries).
//! [`size_classes`] is how the plot shows them: each point's disc area ∝ its weight.

use std::sync::Arc;

use emviz_core::parse::RowReader;
use emviz_core::{Dataset, Error as CoreError, Invalid, ParseOptions, Weights};

use crate::error::{Error, Problem};

/// The column of the pasted table that holds the points' sample weights.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsColumn {
    /// Its place among the pasted columns (0-based).
    pub column: usize,
    /// Its name.
    pub name: String,
    /// The weights, checked.
    pub weights: Arc<Weights>,
}

/// What the page shows of the weights: their column and Σ wₙ.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsShown {
    /// Their place among the pasted columns (0-based).
    pub column: usize,
    /// Their column's name.
    pub name: String,
    /// Σ wₙ.
    pub total: f64,
}

impl WeightsColumn {
    /// What the page shows of these weights.
    pub fn shown(&self) -> WeightsShown {
        WeightsShown {
            column: self.column,
            name: self.name.clone(),
            total: self.weights.total(),
        }
    }

    /// The pasted columns' names, in order, the points' being `names`.
    pub fn table_names(&self, names: &[String]) -> Vec<String> {
        let mut all = names.to_vec();
        all.insert(self.column.min(all.len()), self.name.clone());
        all
    }
}

/// Splits column `column` (0-based) of `table`, parsed from `text`, off as the points' weights.
/// Errors: a column the table does not have, or none left for coordinates; a bad weight (the
/// core's message, with the line and column of `text` it stands on); weights all zero.
pub fn split(table: Dataset, column: usize, text: &str) -> Result<(Dataset, WeightsColumn), Error> {
    let columns = table.d();
    if column >= columns || columns < 2 {
        return Err(Problem::WeightsColumn {
            column: column.saturating_add(1),
            columns,
        }
        .into());
    }
    let d = columns - 1;
    let mut values = Vec::with_capacity(table.n() * d);
    let mut weights = Vec::with_capacity(table.n());
    for row in table.rows() {
        values.extend(
            row.iter()
                .enumerate()
                .filter(|&(c, _)| c != column)
                .map(|(_, v)| *v),
        );
        weights.push(row[column]);
    }
    let n = weights.len();
    let weights = Weights::new(weights, n).map_err(|e| match e {
        CoreError::InvalidParameter(cause @ Invalid::SampleWeight { row, .. }) => {
            Problem::WeightAt {
                line: data_line(text, row),
                column: column + 1,
                cause,
            }
            .into()
        }
        other => Error::from(other),
    })?;
    let names = (table.names().iter().enumerate())
        .filter(|&(c, _)| c != column)
        .map(|(_, name)| name.clone())
        .collect();
    let points = Dataset::new(names, values)?;
    let name = table.names()[column].clone();
    let weights = Arc::new(weights);
    Ok((
        points,
        WeightsColumn {
            column,
            name,
            weights,
        },
    ))
}

/// Drawn sizes of weighted points: [`SIZE_CLASSES`] radii from half to twice the usual one, a
/// sixth of an octave apart ([`size_factor`]).
pub const SIZE_CLASSES: usize = 13;

/// The radius of size class `class` as a multiple of the usual point's: 2^(class/6 − 1).
pub fn size_factor(class: u8) -> f64 {
    0.5 * 2f64.powf(f64::from(class) / 6.0)
}

/// Each point's drawn size class: its disc's area ∝ its weight, a point of the mean weight
/// drawn at the usual size (class 6), clamped to a readable range (a quarter to four times the
/// usual area: radii from half to twice), to the nearest class.
pub fn size_classes(weights: &[f64]) -> Vec<u8> {
    let mean = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
    let top = (SIZE_CLASSES - 1) as f64;
    weights
        .iter()
        .map(|&w| {
            // radius ∝ √(w / mean) = 2^(class/6 − 1)  ⇔  class = 6 + 3 log₂(w / mean).
            let class = 6.0 + 3.0 * (w / mean).log2();
            if class.is_nan() || class <= 0.0 {
                0
            } else {
                class.round().min(top) as u8
            }
        })
        .collect()
}

/// The pasted table again: `points` with the weights' column put back in its place.
pub fn table(points: &Dataset, w: &WeightsColumn) -> Result<Dataset, Error> {
    let d = points.d() + 1;
    let mut names = points.names().to_vec();
    names.insert(w.column.min(d - 1), w.name.clone());
    let mut values = Vec::with_capacity(points.n() * d);
    for (row, &wn) in points.rows().zip(w.weights.values()) {
        let (left, right) = row.split_at(w.column.min(row.len()));
        values.extend_from_slice(left);
        values.push(wn);
        values.extend_from_slice(right);
    }
    Ok(Dataset::new(names, values)?)
}

/// The 1-based line of `text` that holds data row `row` (1-based), as the core's parser counts
/// lines (`\n`, `\r\n` and `\r` end one; blank, comment and header lines count); 0 if not found.
fn data_line(text: &str, row: usize) -> usize {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = RowReader::new(ParseOptions::default());
    let mut scratch = Vec::new();
    let lines = text.split("\r\n").flat_map(|l| l.split(['\n', '\r']));
    for (i, line) in lines.enumerate() {
        if reader.line(i + 1, line, &mut scratch).is_err() {
            return 0;
        }
        scratch.clear();
        if reader.rows() == row {
            return i + 1;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::parse_table;

    fn parsed(text: &str) -> Dataset {
        parse_table(text, &ParseOptions::default()).unwrap()
    }

    #[test]
    fn a_column_becomes_the_weights_and_comes_back() {
        let text = "x,w,y\n1,2,3\n4,0.5,6\n";
        let (points, w) = split(parsed(text), 1, text).unwrap();
        assert_eq!(points.names(), ["x", "y"]);
        assert_eq!(points.values(), [1.0, 3.0, 4.0, 6.0]);
        assert_eq!(w.weights.values(), [2.0, 0.5]);
        assert_eq!(
            (w.column, w.name.as_str(), w.weights.total()),
            (1, "w", 2.5)
        );
        assert_eq!(table(&points, &w).unwrap(), parsed(text));
    }

    #[test]
    fn a_bad_weight_names_its_line_and_column_of_the_text() {
        // Line 1 a comment, 2 the header, 3 blank; the second row is on line 5 (\r\n and \r).
        let text = "# weighted\r\nx y w\r\n\r\n1 2 3\r4 5 -1\n";
        let e = split(parsed(text), 2, text).unwrap_err();
        assert!(matches!(
            e,
            Error::Invalid(Problem::WeightAt {
                line: 5,
                column: 3,
                cause: Invalid::SampleWeight { row: 2, .. }
            })
        ));
        let shown = e.to_string();
        assert!(
            shown.contains("line 5, column 3") && shown.contains("-1"),
            "{shown}"
        );
        let zero = "1 0\n2 0\n";
        assert!(matches!(
            split(parsed(zero), 1, zero).unwrap_err(),
            Error::Core(CoreError::InvalidParameter(Invalid::SampleWeightsZero {
                n: 2
            }))
        ));
    }

    #[test]
    fn drawn_areas_follow_the_weights_within_a_readable_range() {
        // Mean 2: weight 2 is the usual size, 8 = 4× the mean is the largest, 0 the smallest.
        let classes = size_classes(&[2.0, 4.0, 1.0, 8.0, 0.0, 0.5, 0.5, 0.0]);
        assert_eq!(classes, [6, 9, 3, 12, 0, 0, 0, 0]);
        // Ten times the mean would be class 16: clamped.
        let mut one = vec![0.0; 9];
        one.push(1.0);
        assert_eq!(size_classes(&one)[9], 12);
        assert_eq!(size_factor(6), 1.0);
        // Area ratio = square of the radius ratio = weight ratio (4 → 2: twice the area).
        let ratio = (size_factor(classes[1]) / size_factor(classes[0])).powi(2);
        assert!((ratio - 2.0).abs() < 1e-12);
        assert_eq!((size_factor(0), size_factor(12)), (0.5, 2.0));
    }

    #[test]
    fn the_weights_need_a_column_of_their_own() {
        let one = "1\n2\n";
        assert!(matches!(
            split(parsed(one), 0, one).unwrap_err(),
            Error::Invalid(Problem::WeightsColumn {
                column: 1,
                columns: 1
            })
        ));
        let two = "1 2\n3 4\n";
        assert!(matches!(
            split(parsed(two), 2, two).unwrap_err(),
            Error::Invalid(Problem::WeightsColumn {
                column: 3,
                columns: 2
            })
        ));
    }
}
