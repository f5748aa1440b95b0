//! The Web Workers' protocol on the wire. The M-step's parameters and each shard's statistics
//! pass through JavaScript (to the workers and back) without JavaScript reading them: their
//! TypeScript types are opaque brands, so the page cannot look inside or make one.

use emviz_core::em::MixtureArgs;
use emviz_core::Stats;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::wire_struct;

wire_struct! {
    /// How a data set's passes are sharded for Web Workers.
    Plan from emviz_app::page::Plan {
        /// Changes whenever the points do.
        data_version: u64,
        /// Points.
        n: usize,
        /// Columns.
        d: usize,
        /// Each shard's rows `[start, end)`, in merge order.
        shards: Vec<[usize; 2]>,
        /// Whether the points carry sample weights (`shard_weights` gives a worker's).
        weighted: bool,
    }
}

/// The parameters of the M-step in flight, for the workers' pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(transparent)]
#[tsify(type = "{ readonly __brand: \"ModelArgs\" }")]
pub struct ModelArgs(pub MixtureArgs);

/// One shard's sufficient statistics from a worker's pass.
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
#[serde(transparent)]
#[tsify(type = "{ readonly __brand: \"ShardStats\" }")]
pub struct ShardStats(pub Stats);

/// Every shard's statistics, in shard order.
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
#[serde(transparent)]
pub struct ShardStatsList(pub Vec<ShardStats>);

impl ShardStatsList {
    /// The statistics.
    pub fn into_stats(self) -> Vec<Stats> {
        self.0.into_iter().map(|s| s.0).collect()
    }
}
