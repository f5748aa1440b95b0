//! `emviz fit`'s data: in memory when it is small, streamed from the binary column cache
//! ([`crate::cache`]) when it is not, so memory stays bounded whatever the file's size.
//!
//! The text is read line by line through the core's [`RowReader`] (the same parser, the same
//! line/column errors as in memory). Values collect in memory until they pass
//! [`IN_MEMORY_VALUES`]; then they are written to a cache and the rest of the text follows them
//! there. Every EM pass then reads the cache in chunks of rows, each chunk split over the threads
//! ([`emviz_core::source::pass_over`]), the chunks' statistics merged in order.
//!
//! Starts come from a uniform reservoir sample of at most [`INIT_SAMPLE`] points drawn while
//! the cache is read once before the fit — the very sample (and random stream) the in-memory
//! fit of the same data draws — so the streamed and in-memory fits of a file agree to rounding.
//!
//! With `--weights-col` the weights are the cache's last column: the scan checks them (the core's
//! one rule, naming the point) and the sample keeps its points' weights; every pass splits each
//! chunk into its features and its weights ([`emviz_core::source::pass_over_weighted`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use emviz_core::fit::{Reservoir, INIT_SAMPLE};
use emviz_core::source::{pass_over_weighted, Source};
use emviz_core::weights::{check_total, check_weight};
use emviz_core::{Dataset, EmRng, Mixture, ParseOptions, RowReader, SourceFailure, Stats};

use crate::args::{DataArgs, MemoryArg};
use crate::cache::{Cache, CacheWriter, Stamp, TempPath};
use crate::error::{CliError, Result};
use crate::input::{fit_columns, source_name};
use crate::lines::for_each_line;

/// Parsed values kept in memory before the data goes to a cache (64 MB of `f64`).
pub const IN_MEMORY_VALUES: usize = 1 << 23;

/// Where the data of a fit is held.
#[allow(clippy::large_enum_variant, reason = "one value per run")]
pub enum FitData {
    /// All in memory (today's path for everything that fits in [`IN_MEMORY_VALUES`]).
    Memory(Dataset),
    /// Streamed from a cache on disk.
    Streamed(Streamed),
}

/// How to load the data of a fit.
pub struct LoadOptions<'a> {
    pub memory: MemoryArg,
    pub cache: Option<&'a Path>,
    pub chunk_rows: usize,
    pub threads: usize,
    pub verbose: bool,
    /// `--weights-col`: the weights' column, read last.
    pub weights_col: Option<&'a str>,
}

/// Reads the data of `args`, in memory or into a cache as `opts` and its size say.
pub fn load(args: &DataArgs, opts: &LoadOptions<'_>) -> Result<FitData> {
    if opts.chunk_rows == 0 {
        return Err(CliError::msg("--chunk-rows must be at least 1"));
    }
    let options = ParseOptions {
        header: args.header.into(),
        columns: fit_columns(args.columns.as_deref(), opts.weights_col)?,
    };
    let name = source_name(&args.file);
    let stdin = args.file.as_os_str() == "-";
    let stamp = if stdin { None } else { Stamp::of(&args.file) };
    let key = format!("{options:?}");
    if let Some(path) = opts.cache {
        if let Some(cache) = Cache::open_matching(path, stamp, &key) {
            note(opts, &format!("reusing the cache {}", path.display()));
            return Ok(FitData::Streamed(Streamed::new(cache, None, opts)));
        }
    }
    let input: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        if args.file.is_dir() {
            return Err(CliError::msg(format!(
                "cannot read {name}: it is a directory"
            )));
        }
        Box::new(File::open(&args.file).map_err(|e| {
            CliError::msg(format!(
                "cannot read {name}: {}",
                crate::error::io_message(&e)
            ))
        })?)
    };
    // Values held before the data goes to the cache: all (--memory load), up to
    // IN_MEMORY_VALUES (auto), none (--memory stream, or --cache).
    let spill_at = match (opts.memory, opts.cache) {
        (MemoryArg::Load, None) => usize::MAX,
        (MemoryArg::Auto, None) => IN_MEMORY_VALUES,
        _ => 0,
    };
    let temp = opts.cache.is_none().then(TempPath::new);
    let target = opts.cache.map_or_else(
        || temp.as_ref().expect("made above").0.clone(),
        Path::to_owned,
    );
    let mut reader = RowReader::new(options);
    let mut values: Vec<f64> = Vec::new();
    let mut writer: Option<CacheWriter> = None;
    let started = Instant::now();
    let bytes = for_each_line(input, &name, |line_no, line| {
        reader
            .line(line_no, line, &mut values)
            .map_err(|e| CliError::context(&name, e))?;
        let limit = if writer.is_some() || spill_at == 0 {
            WRITE_BATCH
        } else {
            spill_at
        };
        if values.len() >= limit {
            let w = match writer.as_mut() {
                Some(w) => w,
                None => writer.insert(CacheWriter::create(&target)?),
            };
            w.write(&values)?;
            values.clear();
        }
        Ok(())
    })?;
    let names = reader.finish().map_err(|e| CliError::context(&name, e))?;
    if writer.is_none() && spill_at > 0 {
        let data = Dataset::new(names, values)?;
        note(opts, &format!("{} points held in memory", data.n()));
        return Ok(FitData::Memory(data));
    }
    let mut w = match writer {
        Some(w) => w,
        None => CacheWriter::create(&target)?,
    };
    w.write(&values)?;
    let d = names.len();
    let path = w.finish(d, names, stamp, key)?;
    let cache = Cache::open(&path)?;
    let secs = started.elapsed().as_secs_f64();
    note(
        opts,
        &format!(
            "parsed {} points ({:.1} MB of text) into the cache {} in {secs:.2} s ({:.0} MB/s)",
            cache.n(),
            bytes as f64 / 1e6,
            path.display(),
            bytes as f64 / 1e6 / secs.max(1e-9)
        ),
    );
    Ok(FitData::Streamed(Streamed::new(cache, temp, opts)))
}

/// Values written to the cache at a time once the data goes there.
const WRITE_BATCH: usize = 1 << 16;

fn note(opts: &LoadOptions<'_>, message: &str) {
    if opts.verbose {
        eprintln!("emviz: {message}");
    }
}

/// What [`Streamed::scan`] gives.
pub struct Scan {
    /// The points starts are drawn from.
    pub sample: Dataset,
    /// Their weights, when the data is weighted.
    pub weights: Option<Vec<f64>>,
    /// The features' variances.
    pub var: Vec<f64>,
}

/// Data streamed from a cache: a [`Source`] whose every pass reads the cache once.
pub struct Streamed {
    cache: Cache,
    /// The temporary cache file, removed with this value.
    _temp: Option<TempPath>,
    chunk_rows: usize,
    threads: usize,
    /// Whether the cache's last column holds the points' weights.
    weighted: bool,
    /// Σ wₙ, once a scan has read the weights.
    total_weight: Option<f64>,
    /// Passes made, and their total time.
    pub passes: usize,
    pub pass_seconds: f64,
}

impl Streamed {
    fn new(cache: Cache, temp: Option<TempPath>, opts: &LoadOptions<'_>) -> Self {
        Self {
            cache,
            _temp: temp,
            chunk_rows: opts.chunk_rows,
            threads: opts.threads,
            weighted: opts.weights_col.is_some(),
            total_weight: None,
            passes: 0,
            pass_seconds: 0.0,
        }
    }

    /// Σ wₙ of weighted data, known after [`Streamed::scan`].
    pub fn total_weight(&self) -> Option<f64> {
        self.total_weight
    }

    /// Column names (of the features).
    pub fn names(&self) -> &[String] {
        &self.cache.names()[..self.d()]
    }

    /// One read of the cache before the fit: the uniform sample starts are drawn from (see
    /// [`Reservoir`]: the same draws from `rng` as the in-memory fit makes; just the first `k`
    /// points, with no draws, when `sample` is false, for a start that needs none), its points'
    /// weights when weighted (all weights checked on the way), and the columns' variances (for
    /// the component warnings).
    pub fn scan(&mut self, rng: &mut EmRng, sample: bool, k: usize) -> Result<Scan> {
        // Rows as the cache holds them (with their weight last when weighted), features only.
        let (width, d) = (self.cache.d(), self.d());
        let weighted = self.weighted;
        let mut total_weight = 0.0;
        let mut row_no = 0;
        let mut reservoir = sample.then(|| Reservoir::new(width, INIT_SAMPLE));
        let mut first_rows: Vec<f64> = Vec::new();
        // Shifted sums about the first point keep the variance's digits.
        let mut shift: Option<Vec<f64>> = None;
        let (mut s1, mut s2) = (vec![0.0; d], vec![0.0; d]);
        self.cache.for_each_chunk(self.chunk_rows, |_, rows| {
            for row in rows.chunks_exact(width) {
                row_no += 1;
                if weighted {
                    check_weight(row_no, row[d])?;
                    total_weight += row[d];
                }
                match reservoir.as_mut() {
                    Some(r) => r.push(row, rng),
                    None if first_rows.len() < k * width => first_rows.extend_from_slice(row),
                    None => {}
                }
                let c = shift.get_or_insert_with(|| row.to_vec());
                for a in 0..d {
                    let x = row[a] - c[a];
                    s1[a] += x;
                    s2[a] += x * x;
                }
            }
            Ok(())
        })?;
        if weighted {
            check_total(total_weight, self.cache.n())?;
            self.total_weight = Some(total_weight);
        }
        let n = self.cache.n().max(1) as f64;
        let var = (0..d)
            .map(|a| (s2[a] / n - (s1[a] / n) * (s1[a] / n)).max(0.0))
            .collect();
        let names = self.names().to_vec();
        let rows = match reservoir {
            Some(r) => r,
            None => {
                let mut r = Reservoir::new(width, first_rows.len() / width);
                first_rows
                    .chunks_exact(width)
                    .for_each(|row| r.push(row, rng));
                r
            }
        };
        let (sample, weights) = if weighted {
            let (values, w) = rows.split_last_column();
            (Dataset::new(names, values)?, Some(w))
        } else {
            (rows.into_dataset(names)?, None)
        };
        Ok(Scan {
            sample,
            weights,
            var,
        })
    }

    /// Reads the points once more, in chunks in order, each as its features and (when weighted)
    /// its weights: a pass after the fit (`--points`, ICL).
    pub fn for_each_block(
        &mut self,
        mut f: impl FnMut(&[f64], Option<&[f64]>) -> Result<()>,
    ) -> Result<()> {
        let (weighted, d) = (self.weighted, self.d());
        let (mut features, mut weights) = (Vec::new(), Vec::new());
        self.cache.for_each_chunk(self.chunk_rows, |_, rows| {
            let (rows, w) = split_weights(rows, weighted, d, &mut features, &mut weights);
            f(rows, w)
        })
    }

    /// The cache's read speed so far, in MB/s, and the mean time of a pass, in seconds.
    pub fn report(&self) -> String {
        format!(
            "{} passes over {} points streamed from the cache {}: {:.3} s per pass, the cache read at {:.0} MB/s ({:.1} MB a pass)",
            self.passes,
            self.cache.n(),
            self.cache.path().display(),
            self.pass_seconds / self.passes.max(1) as f64,
            self.cache.bytes_read as f64 / 1e6 / self.cache.read_seconds.max(1e-9),
            (self.cache.n() * self.cache.d() * 8) as f64 / 1e6
        )
    }
}

impl Source for Streamed {
    fn n(&self) -> usize {
        self.cache.n()
    }

    fn d(&self) -> usize {
        self.cache.d() - usize::from(self.weighted)
    }

    fn pass(&mut self, model: &Mixture, empty: &Stats) -> emviz_core::Result<Stats> {
        let t = Instant::now();
        let (threads, weighted, d) = (self.threads, self.weighted, self.d());
        let mut total: Option<Stats> = None;
        let mut core_error = None;
        let (mut features, mut weights) = (Vec::new(), Vec::new());
        let read = self.cache.for_each_chunk(self.chunk_rows, |first, rows| {
            let (rows, w) = split_weights(rows, weighted, d, &mut features, &mut weights);
            match pass_over_weighted(model, rows, w, first, empty, threads) {
                Ok(s) => match total.as_mut() {
                    Some(t) => t.merge(&s).map_err(|e| CliError::msg(e.to_string())),
                    None => {
                        total = Some(s);
                        Ok(())
                    }
                },
                Err(e) => {
                    let msg = e.to_string();
                    core_error = Some(e);
                    Err(CliError::msg(msg))
                }
            }
        });
        if let Some(e) = core_error {
            return Err(e);
        }
        if let Err(e) = read {
            return Err(emviz_core::Error::Source(SourceFailure::new(e)));
        }
        self.passes += 1;
        self.pass_seconds += t.elapsed().as_secs_f64();
        Ok(total.unwrap_or_else(|| empty.cleared()))
    }
}

/// A chunk of the cache's rows as features and weights: as they are when unweighted, else split
/// (the weight is each row's last value) into the two buffers given.
fn split_weights<'b>(
    rows: &'b [f64],
    weighted: bool,
    d: usize,
    features: &'b mut Vec<f64>,
    weights: &'b mut Vec<f64>,
) -> (&'b [f64], Option<&'b [f64]>) {
    if !weighted {
        return (rows, None);
    }
    features.clear();
    weights.clear();
    for row in rows.chunks_exact(d + 1) {
        features.extend_from_slice(&row[..d]);
        weights.push(row[d]);
    }
    (&features[..], Some(&weights[..]))
}
