//! [`Dataset`]: an n × d table of finite numbers with column names, the input of every fit.

use crate::error::{Invalid, Result};

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
            return Err(Invalid::NoColumns.into());
        }
        if !values.len().is_multiple_of(d) {
            return Err(Invalid::ValuesNotRows {
                values: values.len(),
                columns: d,
            }
            .into());
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(Invalid::NonFiniteValue {
                row: i / d + 1,
                column: i % d + 1,
                value: values[i],
            }
            .into());
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
                return Err(Invalid::RowLength {
                    row: i + 1,
                    found: r.len(),
                    expected: d,
                }
                .into());
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
            return Err(Invalid::NoColumnsChosen.into());
        }
        if let Some(&c) = columns.iter().find(|&&c| c >= d) {
            return Err(Invalid::NoSuchColumn {
                column: c + 1,
                columns: d,
            }
            .into());
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
            return Err(Invalid::PointLength {
                expected: self.d(),
                found: row.len(),
            }
            .into());
        }
        if row.iter().any(|v| !v.is_finite()) {
            return Err(Invalid::PointNotFinite.into());
        }
        self.values.extend_from_slice(row);
        Ok(())
    }
}

/// The names given to unnamed columns: `x1`, `x2`, ….
pub fn default_names(d: usize) -> Vec<String> {
    (1..=d).map(|i| format!("x{i}")).collect()
}
