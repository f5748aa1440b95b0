//! The data the page shows: the points, what the page keeps about them (each column's variance,
//! the scale the component warnings compare with, so that no warning needs a pass; a version that
//! changes whenever the points do, since Web Workers hold copies of them), and the mixture p* they
//! were drawn from, when that is known, with each point's component z (its true label: the
//! latent variable, which generated data keep), and the points' sample weights when a pasted
//! column was chosen as weights ([`crate::sample_weights`]). [`crate::app::App`] holds one.

use std::sync::OnceLock;

use emviz_core::{parse_table, Dataset, Mixture, ParseOptions};

use crate::error::{Error, Problem};
use crate::presets::OLD_FAITHFUL;
use crate::sample_weights::WeightsColumn;

/// The points shown and what is known of them.
#[derive(Clone, Debug)]
pub struct Data {
    points: Dataset,
    column_var: Vec<f64>,
    version: u64,
    truth: Option<Mixture>,
    /// Each point's component in `truth` (the latent z), when known.
    labels: Option<Vec<usize>>,
    /// The points' sample weights, when a pasted column holds them.
    weights: Option<WeightsColumn>,
}

impl Data {
    /// The book's data set: Old Faithful's 272 eruptions.
    pub fn old_faithful() -> Data {
        Data::new(book_points().clone(), None, None, 0)
    }

    /// `points`, drawn from `truth` if that is known, each from component `labels[i]` of it if
    /// that is known too (labels of another length, or without a truth, are dropped); `version`
    /// must differ from the data's before them.
    pub fn new(
        points: Dataset,
        truth: Option<Mixture>,
        labels: Option<Vec<usize>>,
        version: u64,
    ) -> Data {
        let labels = labels.filter(|l| {
            truth
                .as_ref()
                .is_some_and(|t| l.len() == points.n() && l.iter().all(|&z| z < t.k()))
        });
        Data {
            column_var: points.column_variances(),
            points,
            version,
            truth,
            labels,
            weights: None,
        }
    }

    /// These data with each point weighted by `weights` (one per point: [`crate::sample_weights::split`]).
    pub fn with_weights(mut self, weights: Option<WeightsColumn>) -> Data {
        self.weights = weights.filter(|w| w.weights.len() == self.points.n());
        self
    }

    /// Σ wₙ: the points' number when they have no weights.
    pub fn total_weight(&self) -> f64 {
        let weights = self.weights.as_ref().map(|w| &*w.weights);
        emviz_core::weights::total_or_count(weights, self.points.n())
    }

    /// The points' sample weights and the pasted column they came from, if chosen.
    pub fn weights(&self) -> Option<&WeightsColumn> {
        self.weights.as_ref()
    }

    /// The points.
    pub fn points(&self) -> &Dataset {
        &self.points
    }

    /// Each column's variance.
    pub fn column_variances(&self) -> &[f64] {
        &self.column_var
    }

    /// Changes whenever the points change.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The mixture p* the points were drawn from, if known.
    pub fn truth(&self) -> Option<&Mixture> {
        self.truth.as_ref()
    }

    /// Each point's component in p* (its true label z), if known.
    pub fn labels(&self) -> Option<&[usize]> {
        self.labels.as_deref()
    }

    /// Adds a point at (`x`, `y`) in `columns` (the other columns get the data's means); p* is
    /// then unknown (a point added by hand does not come from it). Returns the new row.
    /// Weighted data take no points by hand (a new point would have no weight).
    pub fn add_point(&mut self, columns: [usize; 2], x: f64, y: f64) -> Result<Vec<f64>, Error> {
        if self.weights.is_some() {
            return Err(Problem::WeightedAddPoint.into());
        }
        let (n, d) = (self.points.n(), self.points.d());
        let mut row: Vec<f64> = (0..d)
            .map(|c| self.points.rows().map(|r| r[c]).sum::<f64>() / n as f64)
            .collect();
        row[columns[0]] = x;
        if d > 1 {
            row[columns[1]] = y;
        }
        self.points.push_row(&row)?;
        self.version += 1;
        self.truth = None;
        self.labels = None;
        self.column_var = self.points.column_variances();
        Ok(row)
    }
}

/// The book's points, parsed once.
fn book_points() -> &'static Dataset {
    static BOOK: OnceLock<Dataset> = OnceLock::new();
    BOOK.get_or_init(|| {
        let text = format!("eruptions waiting\n{OLD_FAITHFUL}");
        parse_table(&text, &ParseOptions::default()).expect("shipped data parses")
    })
}

/// Whether `data` is the Old Faithful data the book's start was made for (its values; no parsing
/// unless the shape is the book's).
pub fn is_old_faithful(data: &Dataset) -> bool {
    let book = book_points();
    data.d() == book.d() && data.n() == book.n() && data.values() == book.values()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_point_changes_the_version_and_forgets_p_star() {
        let points = Dataset::from_rows(&[vec![0.0, 0.0, 1.0], vec![2.0, 4.0, 3.0]]).unwrap();
        let truth = Mixture::new(
            emviz_core::CovarianceType::Full,
            vec![1.0],
            vec![1.0, 2.0, 2.0],
            vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        )
        .unwrap();
        // Labels must name components of p*, one per point.
        let again = |labels| Data::new(points.clone(), Some(truth.clone()), Some(labels), 7);
        assert_eq!(again(vec![0, 1]).labels(), None);
        assert_eq!(again(vec![0]).labels(), None);
        assert_eq!(
            Data::new(points.clone(), None, Some(vec![0, 0]), 7).labels(),
            None
        );
        let mut data = again(vec![0, 0]);
        assert_eq!(data.labels(), Some(&[0, 0][..]));
        assert!(data.truth().is_some());
        assert_eq!(data.column_variances(), &[1.0, 4.0, 1.0]);
        // x and y in columns 2 and 0; column 1 gets its mean.
        let row = data.add_point([2, 0], 5.0, -1.0).unwrap();
        assert_eq!(row, vec![-1.0, 2.0, 5.0]);
        assert_eq!(data.points().n(), 3);
        assert_eq!(data.version(), 8);
        assert!(data.truth().is_none() && data.labels().is_none());
        assert_eq!(data.column_variances(), data.points().column_variances());
        assert!(is_old_faithful(Data::old_faithful().points()));
        assert!(!is_old_faithful(data.points()));
    }
}
