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
