//! Each point's classification under a fitted model, after the fit: `emviz fit --points` (its
//! label — the most likely component, 0-based —, that component's responsibility, and the
//! point's uncertainty `1 − maxⱼ rₙⱼ`, mclust's, as a TSV row) and the fit's ICL.
//!
//! Points come in blocks — the whole data set in memory, or the cache's chunks when streamed (a
//! second pass over the source) — so memory stays bounded by a block. Both numbers are the
//! core's rules ([`criteria::uncertainty`], [`criteria::icl`]): ICL is BIC plus a sum over
//! points, so the blocks' terms (`icl(0, block)`) add up to the whole data set's.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use emviz_core::{criteria, fastmath, Dataset, Mixture};

use crate::error::{io_message, write_error, CliError, Result};
use crate::output::format_g17;

/// The header of the `--points` table.
pub const POINTS_HEADER: &str = "label\tresponsibility\tuncertainty";

/// Where `--points` goes: standard output for `-`, else a file.
pub fn points_target(path: &Path) -> Result<Box<dyn Write>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::stdout().lock()));
    }
    let file = File::create(path).map_err(|e| {
        CliError::msg(format!(
            "cannot write --points {}: {}",
            path.display(),
            io_message(&e)
        ))
    })?;
    Ok(Box::new(file))
}

/// Classifies blocks of points in order, writing their rows (when asked) and summing their
/// share of the ICL.
pub struct Classifier<'a> {
    model: &'a Mixture,
    names: Vec<String>,
    out: Option<BufWriter<Box<dyn Write>>>,
    /// Σ over the blocks seen of `icl(0, block)`: ICL minus BIC so far.
    classification_term: f64,
}

impl<'a> Classifier<'a> {
    /// A classifier of points with these feature `names`, writing the table to `out` if given.
    pub fn new(model: &'a Mixture, names: &[String], out: Option<Box<dyn Write>>) -> Result<Self> {
        let mut out = out.map(BufWriter::new);
        if let Some(w) = out.as_mut() {
            writeln!(w, "{POINTS_HEADER}").map_err(write_error)?;
        }
        Ok(Self {
            model,
            names: names.to_vec(),
            out,
            classification_term: 0.0,
        })
    }

    /// The next block of points (row-major features) and their weights, if weighted.
    pub fn block(&mut self, features: &[f64], weights: Option<&[f64]>) -> Result<()> {
        let data = Dataset::new(self.names.clone(), features.to_vec())?;
        let (_, log_resp) = self.model.log_resp(&data)?;
        let k = self.model.k();
        self.classification_term += criteria::icl(0.0, &log_resp, k, weights);
        let Some(w) = self.out.as_mut() else {
            return Ok(());
        };
        let uncertainty = criteria::uncertainty(&log_resp, k);
        for (row, u) in log_resp.chunks_exact(k).zip(uncertainty) {
            let label = criteria::most_likely(row);
            let r = fastmath::exp(row[label]);
            writeln!(w, "{label}\t{}\t{}", format_g17(r), format_g17(u)).map_err(write_error)?;
        }
        Ok(())
    }

    /// Flushes the table and returns the ICL of the fit whose BIC is `bic`.
    pub fn finish(self, bic: f64) -> Result<f64> {
        if let Some(mut w) = self.out {
            w.flush().map_err(write_error)?;
        }
        Ok(bic + self.classification_term)
    }
}
