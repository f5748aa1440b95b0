//! The binary column cache: parsed data on disk, for data larger than memory.
//!
//! The text is parsed once (by the core's parser, line by line) and its selected columns written
//! here as little-endian `f64`s, row-major, so every EM pass reads them back in chunks at disk
//! speed instead of parsing text again. Layout:
//!
//! ```text
//! b"EMVIZ-COLUMNS-1\n"        16 bytes
//! n × d f64, little-endian   the rows
//! JSON trailer               {"n", "d", "names", "source": {"len", "mtime_ns"} | null, "options"}
//! u64, little-endian         the trailer's length in bytes
//! ```
//!
//! A cache kept with `--cache PATH` is reused only while its trailer matches the data file's size
//! and modification time and the parse options (columns, header); otherwise it is written again.
//! A cache is written to a partial file beside its path and renamed into place only when
//! complete, so an error (bad input, a full disk) never leaves a half-written cache behind.

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{io_message, CliError, Result};

const MAGIC: &[u8; 16] = b"EMVIZ-COLUMNS-1\n";

/// What a cache was made from: the data file's size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    mtime_ns: u128,
}

impl Stamp {
    /// The stamp of the file at `path` now (`None` for standard input or if unknown).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: meta.len(),
            mtime_ns: mtime.as_nanos(),
        })
    }
}

/// The trailer of a cache file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Trailer {
    n: u64,
    d: usize,
    names: Vec<String>,
    source: Option<Stamp>,
    options: String,
}

/// A cache being written. Dropped before [`CacheWriter::finish`], it removes its partial file.
pub struct CacheWriter {
    /// Written in the caller's batches, unbuffered (a buffer would only add memory).
    out: Option<File>,
    partial: PathBuf,
    path: PathBuf,
    values: u64,
}

impl CacheWriter {
    /// Starts a cache that will be at `path` once finished.
    pub fn create(path: &Path) -> Result<Self> {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".partial-{}", std::process::id()));
        let partial = path.with_file_name(name);
        let file = File::create(&partial).map_err(|e| {
            CliError::msg(format!(
                "cannot create the cache {}: {}",
                partial.display(),
                io_message(&e)
            ))
        })?;
        let mut out = file;
        let mut w = Self {
            out: None,
            partial,
            path: path.to_owned(),
            values: 0,
        };
        out.write_all(MAGIC).map_err(|e| w.write_error(&e))?;
        w.out = Some(out);
        Ok(w)
    }

    fn write_error(&self, e: &std::io::Error) -> CliError {
        CliError::msg(format!(
            "cannot write the cache {}: {}",
            self.partial.display(),
            io_message(e)
        ))
    }

    /// Appends values (whole rows, row-major); best in batches of many rows.
    pub fn write(&mut self, values: &[f64]) -> Result<()> {
        let mut bytes = Vec::with_capacity(values.len() * 8);
        for v in values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let out = self.out.as_mut().expect("open until finished");
        let r = out.write_all(&bytes);
        r.map_err(|e| self.write_error(&e))?;
        self.values += values.len() as u64;
        Ok(())
    }

    /// Writes the trailer and moves the finished cache into place.
    pub fn finish(
        mut self,
        d: usize,
        names: Vec<String>,
        source: Option<Stamp>,
        options: String,
    ) -> Result<PathBuf> {
        let trailer = Trailer {
            n: self.values / d as u64,
            d,
            names,
            source,
            options,
        };
        let json = serde_json::to_vec(&trailer).expect("the trailer serialises");
        let mut out = self.out.take().expect("open until finished");
        let written = out
            .write_all(&json)
            .and_then(|()| out.write_all(&(json.len() as u64).to_le_bytes()))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            return Err(self.write_error(&e));
        }
        drop(out);
        fs::rename(&self.partial, &self.path).map_err(|e| {
            CliError::msg(format!(
                "cannot move the cache into place at {}: {}",
                self.path.display(),
                io_message(&e)
            ))
        })?;
        self.partial = PathBuf::new();
        Ok(self.path.clone())
    }
}

impl Drop for CacheWriter {
    fn drop(&mut self) {
        drop(self.out.take());
        if !self.partial.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.partial);
        }
    }
}

/// A finished cache, read in chunks of rows.
pub struct Cache {
    file: File,
    path: PathBuf,
    trailer: Trailer,
    /// Bytes read by [`Cache::for_each_chunk`] so far, and the time spent reading them.
    pub bytes_read: u64,
    pub read_seconds: f64,
}

impl Cache {
    /// Opens the cache at `path`; `None` when it is missing, not a cache, or made from something
    /// else (another `source` stamp or other parse `options`).
    pub fn open_matching(path: &Path, source: Option<Stamp>, options: &str) -> Option<Cache> {
        let cache = Self::open(path).ok()?;
        (source.is_some() && cache.trailer.source == source && cache.trailer.options == options)
            .then_some(cache)
    }

    /// Opens the cache at `path`.
    pub fn open(path: &Path) -> Result<Cache> {
        let bad = |why: &str| {
            CliError::msg(format!(
                "{} is not a usable emviz cache ({why}); delete it to have it written again",
                path.display()
            ))
        };
        let mut file = File::open(path).map_err(|e| {
            CliError::msg(format!(
                "cannot open the cache {}: {}",
                path.display(),
                io_message(&e)
            ))
        })?;
        let mut magic = [0u8; 16];
        file.read_exact(&mut magic).map_err(|_| bad("too short"))?;
        if &magic != MAGIC {
            return Err(bad("it does not start like one"));
        }
        let total = file.seek(SeekFrom::End(0)).map_err(|_| bad("unreadable"))?;
        let mut len = [0u8; 8];
        file.seek(SeekFrom::End(-8))
            .and_then(|_| file.read_exact(&mut len))
            .map_err(|_| bad("too short"))?;
        let len = u64::from_le_bytes(len);
        let start = total
            .checked_sub(8 + len)
            .filter(|s| *s >= 16)
            .ok_or_else(|| bad("its trailer is damaged"))?;
        let mut json = vec![0u8; len as usize];
        file.seek(SeekFrom::Start(start))
            .and_then(|_| file.read_exact(&mut json))
            .map_err(|_| bad("its trailer is unreadable"))?;
        let trailer: Trailer =
            serde_json::from_slice(&json).map_err(|_| bad("its trailer is damaged"))?;
        if trailer.d == 0 || 16 + trailer.n * trailer.d as u64 * 8 != start {
            return Err(bad("its size does not match its trailer"));
        }
        Ok(Cache {
            file,
            path: path.to_owned(),
            trailer,
            bytes_read: 0,
            read_seconds: 0.0,
        })
    }

    /// Number of points.
    pub fn n(&self) -> usize {
        self.trailer.n as usize
    }

    /// Number of columns.
    pub fn d(&self) -> usize {
        self.trailer.d
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.trailer.names
    }

    /// Where the cache is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Calls `f(first row, rows)` for consecutive chunks of at most `chunk_rows` rows, in order,
    /// reusing one buffer (memory: `chunk_rows × d × 16` bytes).
    pub fn for_each_chunk(
        &mut self,
        chunk_rows: usize,
        mut f: impl FnMut(usize, &[f64]) -> Result<()>,
    ) -> Result<()> {
        let (n, d) = (self.n(), self.d());
        let chunk_rows = chunk_rows.max(1);
        let mut bytes = vec![0u8; chunk_rows.min(n.max(1)) * d * 8];
        let mut values = vec![0.0f64; chunk_rows.min(n.max(1)) * d];
        self.file
            .seek(SeekFrom::Start(16))
            .map_err(|e| self.read_error(&e))?;
        let mut first = 0;
        while first < n {
            let rows = chunk_rows.min(n - first);
            let t = std::time::Instant::now();
            let b = &mut bytes[..rows * d * 8];
            self.file.read_exact(b).map_err(|e| self.read_error(&e))?;
            for (v, c) in values.iter_mut().zip(b.chunks_exact(8)) {
                *v = f64::from_le_bytes(c.try_into().expect("8 bytes"));
            }
            self.read_seconds += t.elapsed().as_secs_f64();
            self.bytes_read += (rows * d * 8) as u64;
            f(first, &values[..rows * d])?;
            first += rows;
        }
        Ok(())
    }

    fn read_error(&self, e: &std::io::Error) -> CliError {
        CliError::msg(format!(
            "cannot read the cache {}: {}",
            self.path.display(),
            io_message(e)
        ))
    }
}

/// A temporary cache file, removed when dropped.
pub struct TempPath(pub PathBuf);

impl TempPath {
    /// A fresh path in the system's temporary directory.
    pub fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        TempPath(
            std::env::temp_dir().join(format!("emviz-cache-{}-{nanos}.bin", std::process::id())),
        )
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}
