//! Large data beside the main thread: how the page splits EM's passes for Web Workers.
//!
//! From [`SHARDED_FROM`] points on, the page's run ([`crate::app::App`]) makes every pass in
//! [`SHARDS`] shards fixed by the number of points ([`emviz_core::source::shard_ranges`]), merged
//! in a fixed tree. Web Workers (`www/js/workers.js`) each hold a contiguous group of those shards
//! — sent once, as a transferable buffer — and, per M-step, receive its parameters
//! ([`emviz_core::em::MixtureArgs`]) and return each shard's [`emviz_core::Stats`] and their
//! points' posteriors; the page's Session merges them, finishes the M-step and paints. Where
//! workers cannot start, or are not ready yet, the same shards are made on the main thread, a
//! slice per frame: the numbers are bit-identical either way. Smaller data keep one sequential
//! pass (and no worker is started).

/// The fewest points whose passes are sharded (and made by Web Workers on the page).
pub const SHARDED_FROM: usize = 200_000;

/// Shards per pass for large data: fixed, so results never depend on how many workers started
/// (at most this many can be busy).
pub const SHARDS: usize = 8;

/// Shards for a run on `n` points.
pub fn shards_for(n: usize) -> usize {
    if n >= SHARDED_FROM {
        SHARDS
    } else {
        1
    }
}

/// The points' colours the Web Workers blend for the M-step in flight, one packed colour per row,
/// and how many rows of them came in: when every row's came, the E-step after that M-step shows
/// them without blending them again.
#[derive(Clone, Debug, Default)]
pub struct WorkerColours {
    colours: Vec<u32>,
    rows: usize,
}

impl WorkerColours {
    /// Starts collecting the colours of `n` rows.
    pub fn begin(&mut self, n: usize) {
        self.colours.clear();
        self.colours.resize(n, 0);
        self.rows = 0;
    }

    /// The place of rows `start..end` (counted as come in), if collecting `n` rows.
    pub fn rows_mut(&mut self, n: usize, start: usize, end: usize) -> Option<&mut [u32]> {
        if self.colours.len() != n || start > end || end > n {
            return None;
        }
        self.rows += end - start;
        Some(&mut self.colours[start..end])
    }

    /// Every row's colour, if all `n` came in (the collection is then emptied).
    pub fn take_complete(&mut self, n: usize) -> Option<Vec<u32>> {
        (self.rows == n && self.colours.len() == n).then(|| std::mem::take(&mut self.colours))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_handed_on_only_when_every_row_came() {
        let mut c = WorkerColours::default();
        assert!(c.rows_mut(4, 0, 2).is_none(), "nothing begun");
        c.begin(4);
        c.rows_mut(4, 0, 2).unwrap().copy_from_slice(&[1, 2]);
        assert!(c.rows_mut(4, 3, 5).is_none(), "past the end");
        assert_eq!(c.take_complete(4), None);
        c.rows_mut(4, 2, 4).unwrap().copy_from_slice(&[3, 4]);
        assert_eq!(c.take_complete(4), Some(vec![1, 2, 3, 4]));
        assert_eq!(c.take_complete(4), None, "handed on once");
        assert_eq!(
            (shards_for(SHARDED_FROM - 1), shards_for(SHARDED_FROM)),
            (1, SHARDS)
        );
    }
}
