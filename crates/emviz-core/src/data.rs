//! [`Dataset`]: an n × d table of finite numbers with column names, the input of every fit.

use crate::error::{Error, Result};

/// An n × d table of finite `f64` values stored row-major, with one name per column.
///
/// Every constructor checks that the values are finite and that the shape is consistent, so the
/// algorithms can rely on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    names: Vec<String>,
    values: Vec<f64>,
}

impl Dataset {
    /// Builds a dataset from column names and row-major values (`values.len()` must be a multiple
    /// of `names.len()`, and every value finite).
    pub fn new(names: Vec<String>, values: Vec<f64>) -> Result<Self> {
        let d = names.len();
        if d == 0 {
            return Err(Error::invalid("data", "the data has no columns"));
        }
        if !values.len().is_multiple_of(d) {
            return Err(Error::invalid(
                "data",
                format!("{} values do not fill rows of {d} columns", values.len()),
            ));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "data",
                format!(
                    "row {}, column {} holds {}, which is not a finite number",
                    i / d + 1,
                    i % d + 1,
                    values[i]
                ),
            ));
        }
        Ok(Self { names, values })
    }

    /// Builds a dataset from rows, naming the columns `x1`, `x2`, ….
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Result<Self> {
        let d = rows.first().map_or(0, |r| r.as_ref().len());
        let mut values = Vec::with_capacity(rows.len() * d);
        for (i, r) in rows.iter().enumerate() {
            let r = r.as_ref();
            if r.len() != d {
                return Err(Error::invalid(
                    "data",
                    format!("row {} has {} values, expected {d}", i + 1, r.len()),
                ));
            }
            values.extend_from_slice(r);
        }
        Self::new(default_names(d), values)
    }

    /// Number of points (rows).
    pub fn n(&self) -> usize {
        self.values.len() / self.d()
    }

    /// Number of dimensions (columns).
    pub fn d(&self) -> usize {
        self.names.len()
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// All values, row-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Row `i` (panics if out of range, like slice indexing).
    pub fn row(&self, i: usize) -> &[f64] {
        let d = self.d();
        &self.values[i * d..(i + 1) * d]
    }

    /// Iterates over the rows.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.d())
    }

    /// The population variance of each column (0 for no rows).
    pub fn column_variances(&self) -> Vec<f64> {
        let n = self.n().max(1) as f64;
        (0..self.d())
            .map(|a| {
                let mean = self.rows().map(|r| r[a]).sum::<f64>() / n;
                self.rows()
                    .map(|r| (r[a] - mean) * (r[a] - mean))
                    .sum::<f64>()
                    / n
            })
            .collect()
    }

    /// A new dataset holding only the given columns (0-based), in the given order.
    pub fn select_columns(&self, columns: &[usize]) -> Result<Self> {
        let d = self.d();
        if columns.is_empty() {
            return Err(Error::invalid("columns", "choose at least one column"));
        }
        if let Some(&c) = columns.iter().find(|&&c| c >= d) {
            return Err(Error::invalid(
                "columns",
                format!("column {} does not exist: the data has {d} columns", c + 1),
            ));
        }
        let names = columns.iter().map(|&c| self.names[c].clone()).collect();
        let values = self
            .rows()
            .flat_map(|r| columns.iter().map(move |&c| r[c]))
            .collect();
        Ok(Self { names, values })
    }

    /// Appends one point (it must have `d` finite values).
    pub fn push_row(&mut self, row: &[f64]) -> Result<()> {
        if row.len() != self.d() {
            return Err(Error::invalid(
                "point",
                format!("a point needs {} values, got {}", self.d(), row.len()),
            ));
        }
        if row.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "point",
                "a point's values must be finite numbers",
            ));
        }
        self.values.extend_from_slice(row);
        Ok(())
    }
}

/// The names given to unnamed columns: `x1`, `x2`, ….
pub fn default_names(d: usize) -> Vec<String> {
    (1..=d).map(|i| format!("x{i}")).collect()
}
