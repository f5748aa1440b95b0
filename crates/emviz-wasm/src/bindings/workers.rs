//! Large data beside the main thread (see [`emviz_app::workers`]): the Session's side of the Web
//! Workers' M-steps, and [`ShardPass`], the handle a worker holds on its shards.
//!
//! Per M-step: `begin_worker_step` gives the new parameters (null when an E-step comes next or
//! the run is over); each worker answers with its shards' statistics, posteriors and the points'
//! colours blended from them, taken by `put_worker_result` (checked against the pending M-step:
//! stale answers are refused); `finish_worker_step` merges every shard's statistics in the fixed
//! tree and finishes the half-step exactly as `step_within` would have. The next E-step then shows
//! the workers' colours: the main thread only stamps them. The parameters and the statistics pass
//! through JavaScript opaque ([`crate::wire::workers`]).

use emviz_app::error::{Error, Problem};
use emviz_app::messages::describe;
use emviz_app::palette::{blend, pack};
use emviz_core::Stats;
use js_sys::{Float64Array, Object, Reflect, Uint32Array};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::Session;
use crate::wire::run::StepReport;
use crate::wire::workers::{ModelArgs, Plan, ShardStats, ShardStatsList};
use crate::wire::Wire;

#[wasm_bindgen(typescript_custom_section)]
const SHARD_RESULT: &str = r#"
/** What a worker's pass gives: each shard's statistics (opaque), the rows' posteriors (n × k) and
 *  their colours (one packed colour per row). */
export interface ShardResult {
    stats: ShardStats[];
    post: Float64Array;
    colours: Uint32Array;
}
"#;

#[wasm_bindgen]
impl Session {
    /// How this data set's passes are sharded for Web Workers, or null when the data are small
    /// enough for one sequential pass on the main thread.
    pub fn worker_plan(&self) -> Result<Option<Ts<Plan>>, JsError> {
        (self.page.worker_plan().as_ref())
            .map(|p| self.give(Plan::wire(p)))
            .transpose()
    }

    /// Whether the points are being recoloured over several frames (see `render`): the workers'
    /// player waits for the picture before the next E-step, so that while EM plays faster than a
    /// million points can be recoloured, every E-step is still shown.
    pub fn painting(&self) -> bool {
        self.layer.pending()
    }

    /// Rows `start..end` of the data, row-major: a copy to send to a worker.
    pub fn shard_rows(&self, start: usize, end: usize) -> Result<Float64Array, JsError> {
        let rows = self.page.shard_rows(start, end).map_err(|e| self.fail(e))?;
        Ok(Float64Array::from(rows))
    }

    /// The sample weights of rows `start..end` (to send to a worker with its rows), or null for
    /// unweighted data.
    pub fn shard_weights(&self, start: usize, end: usize) -> Result<Option<Float64Array>, JsError> {
        let weights = self
            .page
            .shard_weights(start, end)
            .map_err(|e| self.fail(e))?;
        Ok(weights.map(Float64Array::from))
    }

    /// Begins the next M-step for the workers: the parameters their pass needs, or null if an
    /// E-step comes next or the run is over (take that half-step with `step_within`).
    pub fn begin_worker_step(&mut self) -> Result<Option<Ts<ModelArgs>>, JsError> {
        let args = self.page.begin_worker_step().map_err(|e| self.fail(e))?;
        args.map(|a| self.give(ModelArgs(a))).transpose()
    }

    /// Takes a worker's answer for shards `first..first + stats.length`: checks that every
    /// statistic belongs to the pending M-step and covers its shard, and copies the rows'
    /// posteriors (`post`, n × k) and colours (`colours`, one packed colour per row) in. Returns
    /// `false`, changing nothing, for a stale answer (the run changed since the M-step began).
    pub fn put_worker_result(
        &mut self,
        first: usize,
        stats: Vec<Ts<ShardStats>>,
        post: &Float64Array,
        colours: &Uint32Array,
    ) -> Result<bool, JsError> {
        let stats: Vec<Stats> = (stats.into_iter())
            .map(|s| self.read(s).map(|s| s.0))
            .collect::<Result<_, _>>()?;
        let (post_len, colour_len) = (post.length() as usize, colours.length() as usize);
        let Some(rows) = self
            .page
            .accept_worker_result(first, &stats, post_len, colour_len)
        else {
            return Ok(false);
        };
        post.copy_to(rows.posteriors);
        colours.copy_to(rows.colours);
        Ok(true)
    }

    /// Ends the M-step begun by `begin_worker_step` with every shard's statistics (in shard
    /// order), once `put_worker_result` took every shard: the report, as `step_within` gives it.
    pub fn finish_worker_step(
        &mut self,
        stats: Ts<ShardStatsList>,
    ) -> Result<Ts<StepReport>, JsError> {
        let stats = self.read(stats)?.into_stats();
        let report = self
            .page
            .finish_worker_step(stats)
            .map_err(|e| self.fail(e))?;
        self.give(StepReport::wire(&report))
    }
}

/// A Web Worker's shards of the data (a contiguous run of rows, cut into shards) and the pass
/// over them. A worker has no page language: its errors are English, and the page takes the
/// half-step on the main thread instead.
#[wasm_bindgen]
pub struct ShardPass {
    values: Vec<f64>,
    /// The rows' sample weights, if the data have them.
    weights: Option<Vec<f64>>,
    d: usize,
    /// Shard boundaries as row offsets into `values`: 0, …, rows.
    bounds: Vec<usize>,
    post: Vec<f64>,
    colours: Vec<u32>,
}

fn worker_error(e: impl Into<Error>) -> JsError {
    JsError::new(&describe(&e.into(), Default::default()))
}

fn malformed(e: impl ToString) -> JsError {
    worker_error(Problem::Malformed {
        reason: e.to_string(),
    })
}

#[wasm_bindgen]
impl ShardPass {
    /// This page's compiled `WebAssembly.Module`, for workers to instantiate (no second download
    /// or compilation of the bytes).
    pub fn wasm_module() -> JsValue {
        wasm_bindgen::module()
    }

    /// `values`: the rows, row-major, `d` per row; `bounds`: where each shard starts and ends
    /// (row offsets into `values`, from 0 to the number of rows, increasing); `weights`: the
    /// rows' sample weights, one per row, if the data have them (each checked in the pass).
    #[wasm_bindgen(constructor)]
    pub fn new(
        values: Vec<f64>,
        d: usize,
        bounds: Vec<f64>,
        weights: Option<Vec<f64>>,
    ) -> Result<ShardPass, JsError> {
        let rows = values.len().checked_div(d).unwrap_or(0);
        let bounds: Vec<usize> = bounds.iter().map(|&b| b as usize).collect();
        let ok = d > 0
            && weights.as_ref().is_none_or(|w| w.len() == rows)
            && values.len() == rows * d
            && bounds.len() >= 2
            && bounds[0] == 0
            && bounds[bounds.len() - 1] == rows
            && bounds.windows(2).all(|w| w[0] <= w[1]);
        if !ok {
            return Err(worker_error(Problem::WorkerShards));
        }
        Ok(ShardPass {
            values,
            weights,
            d,
            bounds,
            post: Vec::new(),
            colours: Vec::new(),
        })
    }

    /// One pass under the parameters `args` over every shard: each shard's statistics, and the
    /// rows' posteriors (n × k) and their colours blended from them
    /// ([`emviz_app::palette::pack`]ed), written into `out` and `out_colours` when they have the
    /// right length (buffers handed back for reuse), else into new arrays.
    #[wasm_bindgen(unchecked_return_type = "ShardResult")]
    pub fn run(
        &mut self,
        args: Ts<ModelArgs>,
        out: Option<Float64Array>,
        out_colours: Option<Uint32Array>,
    ) -> Result<JsValue, JsError> {
        let args = args.to_rust().map_err(malformed)?.0;
        let model = args.build().map_err(worker_error)?;
        let (d, k) = (self.d, model.k());
        let rows = self.values.len() / d;
        self.post.resize(rows * k, 0.0);
        let mut stats = Vec::with_capacity(self.bounds.len() - 1);
        for w in self.bounds.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut s = Stats::empty(&model);
            let (rows, post) = (&self.values[a * d..b * d], &mut self.post[a * k..b * k]);
            match &self.weights {
                Some(w) => s.accumulate_weighted_with_posteriors(&model, rows, &w[a..b], post),
                None => s.accumulate_with_posteriors(&model, rows, post),
            }
            .map_err(worker_error)?;
            stats.push(ShardStats(s));
        }
        self.colours.clear();
        (self.colours).extend(self.post.chunks_exact(k).map(|row| pack(blend(row))));
        let post = match out {
            Some(o) if o.length() as usize == self.post.len() => {
                o.copy_from(&self.post);
                o
            }
            _ => Float64Array::from(&self.post[..]),
        };
        let colours = match out_colours {
            Some(o) if o.length() as usize == self.colours.len() => {
                o.copy_from(&self.colours);
                o
            }
            _ => Uint32Array::from(&self.colours[..]),
        };
        let stats = ShardStatsList(stats).into_ts().map_err(malformed)?;
        let result = Object::new();
        for (key, value) in [
            ("stats", JsValue::from(stats)),
            ("post", post.into()),
            ("colours", colours.into()),
        ] {
            Reflect::set(&result, &key.into(), &value).map_err(|e| malformed(format!("{e:?}")))?;
        }
        Ok(result.into())
    }
}
