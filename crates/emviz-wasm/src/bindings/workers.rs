//! Large data beside the main thread (see [`emviz_app::workers`]): the Session's side of the Web
//! Workers' M-steps, and [`ShardPass`], the handle a worker holds on its shards.
//!
//! Per M-step: `begin_worker_step` gives the new parameters' [`MixtureArgs`] (null when an E-step
//! comes next or the run is over); each worker answers with its shards' [`Stats`], posteriors and
//! the points' colours blended from them, taken by `put_worker_result` (checked against the
//! pending M-step: stale answers are refused); `finish_worker_step` merges every shard's
//! statistics in the fixed tree and finishes the half-step exactly as `step_within` would have.
//! The next E-step then shows the workers' colours: the main thread only stamps them.

use emviz_core::em::MixtureArgs;
use emviz_core::Stats;
use js_sys::{Float64Array, Object, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::palette::{blend, pack};

/// What [`Session::worker_plan`] returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Plan {
    data_version: f64,
    n: usize,
    d: usize,
    shards: Vec<[usize; 2]>,
}

fn stats_from(value: JsValue) -> Result<Vec<Stats>, JsError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("invalid statistics from a worker: {e}")))
}

#[wasm_bindgen]
impl Session {
    /// How this data set's passes are sharded, for Web Workers: `{dataVersion, n, d, shards:
    /// [[start, end], …]}` (rows, in merge order), or `null` when the data are small enough for
    /// one sequential pass on the main thread.
    pub fn worker_plan(&self) -> Result<JsValue, JsError> {
        let (em, data) = (self.app.em(), self.app.data());
        if em.shards() <= 1 {
            return Ok(JsValue::NULL);
        }
        to_js(&Plan {
            data_version: self.app.data_version() as f64,
            n: data.n(),
            d: data.d(),
            shards: em
                .shard_ranges(data.n())
                .into_iter()
                .map(|r| [r.start, r.end])
                .collect(),
        })
    }

    /// Whether the points are being recoloured over several frames (see `render_frame`): the
    /// workers' player waits for the picture before the next E-step, so that while EM plays
    /// faster than a million points can be recoloured, every E-step is still shown.
    pub fn painting(&self) -> bool {
        self.layer.pending()
    }

    /// Rows `start..end` of the data, row-major: a copy to send to a worker.
    pub fn shard_rows(&self, start: usize, end: usize) -> Result<Float64Array, JsError> {
        let data = self.app.data();
        if start > end || end > data.n() {
            return Err(JsError::new("rows out of range"));
        }
        let d = data.d();
        Ok(Float64Array::from(&data.values()[start * d..end * d]))
    }

    /// Begins the next M-step for the workers: the arguments that build its parameters
    /// (`MixtureArgs`), or `null` if an E-step comes next or the run is over (take that
    /// half-step with `step_within`).
    pub fn begin_worker_step(&mut self) -> Result<JsValue, JsError> {
        match self
            .app
            .begin_m_step_elsewhere()
            .map_err(|e| self.fail(e))?
        {
            None => Ok(JsValue::NULL),
            Some(args) => {
                self.worker_colours.clear();
                self.worker_colours.resize(self.app.data().n(), 0);
                self.worker_colour_rows = 0;
                serde_wasm_bindgen::to_value(&args).map_err(|e| JsError::new(&e.to_string()))
            }
        }
    }

    /// Takes a worker's answer for shards `first..first + stats.length`: checks that every
    /// statistics belongs to the pending M-step and covers its shard, and copies the rows'
    /// posteriors (`post`, n × k) and colours (`colours`, one packed colour per row) in. Returns
    /// `false`, changing nothing, for a stale answer (the run changed since the M-step began).
    pub fn put_worker_result(
        &mut self,
        first: usize,
        stats: JsValue,
        post: &Float64Array,
        colours: &Uint32Array,
    ) -> Result<bool, JsError> {
        let stats = stats_from(stats)?;
        let n = self.app.data().n();
        let ranges = self.app.em().shard_ranges(n);
        let Some(model) = self.app.em().pending_model() else {
            return Ok(false);
        };
        let k = model.k();
        let empty = Stats::empty(model);
        let Some(mine) = ranges.get(first..first + stats.len()) else {
            return Ok(false);
        };
        let fits = stats
            .iter()
            .zip(mine)
            .all(|(s, r)| s.n() == r.len() && empty.clone().merge(s).is_ok());
        let (start, end) = (mine[0].start, mine[mine.len() - 1].end);
        if stats.is_empty()
            || !fits
            || post.length() as usize != (end - start) * k
            || colours.length() as usize != end - start
            || self.worker_colours.len() != n
        {
            return Ok(false);
        }
        let buffer = self
            .app
            .pending_posteriors_mut()
            .expect("an M-step is pending");
        post.copy_to(&mut buffer[start * k..end * k]);
        colours.copy_to(&mut self.worker_colours[start..end]);
        self.worker_colour_rows += end - start;
        Ok(true)
    }

    /// Ends the M-step begun by `begin_worker_step` with every shard's statistics (in shard
    /// order), once `put_worker_result` took every shard: the report, as `step_within` gives it.
    pub fn finish_worker_step(&mut self, stats: JsValue) -> Result<JsValue, JsError> {
        let stats = stats_from(stats)?;
        // Every row's colour came with the posteriors (else the E-step blends them here).
        let n = self.app.data().n();
        let colours = (self.worker_colour_rows == n && self.worker_colours.len() == n)
            .then(|| std::mem::take(&mut self.worker_colours));
        let report = self
            .app
            .finish_m_step_elsewhere(stats, colours)
            .map_err(|e| self.fail(e))?;
        to_js(&Some(report))
    }
}

/// A Web Worker's shards of the data (a contiguous run of rows, cut into shards) and the pass
/// over them.
#[wasm_bindgen]
pub struct ShardPass {
    values: Vec<f64>,
    d: usize,
    /// Shard boundaries as row offsets into `values`: 0, …, rows.
    bounds: Vec<usize>,
    post: Vec<f64>,
    colours: Vec<u32>,
}

#[wasm_bindgen]
impl ShardPass {
    /// This page's compiled `WebAssembly.Module`, for workers to instantiate (no second download
    /// or compilation of the bytes).
    pub fn wasm_module() -> JsValue {
        wasm_bindgen::module()
    }

    /// `values`: the rows, row-major, `d` per row; `bounds`: where each shard starts and ends
    /// (row offsets into `values`, from 0 to the number of rows, increasing).
    #[wasm_bindgen(constructor)]
    pub fn new(values: Vec<f64>, d: usize, bounds: Vec<f64>) -> Result<ShardPass, JsError> {
        let rows = values.len().checked_div(d).unwrap_or(0);
        let bounds: Vec<usize> = bounds.iter().map(|&b| b as usize).collect();
        let ok = d > 0
            && values.len() == rows * d
            && bounds.len() >= 2
            && bounds[0] == 0
            && bounds[bounds.len() - 1] == rows
            && bounds.windows(2).all(|w| w[0] <= w[1]);
        if !ok {
            return Err(JsError::new("a worker's shards do not fit its rows"));
        }
        Ok(ShardPass {
            values,
            d,
            bounds,
            post: Vec::new(),
            colours: Vec::new(),
        })
    }

    /// One pass under the parameters `args` (`MixtureArgs`) over every shard: `{stats: [Stats
    /// per shard], post: Float64Array, colours: Uint32Array}` with the rows' posteriors (n × k)
    /// and their colours blended from them ([`emviz_app::palette::pack`]ed), written into `out` and
    /// `out_colours` when they have the right length (buffers handed back for reuse), else into
    /// new arrays.
    pub fn run(
        &mut self,
        args: JsValue,
        out: Option<Float64Array>,
        out_colours: Option<Uint32Array>,
    ) -> Result<JsValue, JsError> {
        let args: MixtureArgs = serde_wasm_bindgen::from_value(args)
            .map_err(|e| JsError::new(&format!("invalid parameters for a worker: {e}")))?;
        let model = args.build().map_err(|e| JsError::new(&e.to_string()))?;
        let (d, k) = (self.d, model.k());
        let rows = self.values.len() / d;
        self.post.resize(rows * k, 0.0);
        let mut stats = Vec::with_capacity(self.bounds.len() - 1);
        for w in self.bounds.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut s = Stats::empty(&model);
            s.accumulate_with_posteriors(
                &model,
                &self.values[a * d..b * d],
                &mut self.post[a * k..b * k],
            )
            .map_err(|e| JsError::new(&e.to_string()))?;
            stats.push(s);
        }
        self.colours.clear();
        self.colours
            .extend(self.post.chunks_exact(k).map(|row| pack(blend(row))));
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
        let result = Object::new();
        let stats =
            serde_wasm_bindgen::to_value(&stats).map_err(|e| JsError::new(&e.to_string()))?;
        Reflect::set(&result, &"stats".into(), &stats).map_err(|_| JsError::new("reflect"))?;
        Reflect::set(&result, &"post".into(), &post).map_err(|_| JsError::new("reflect"))?;
        Reflect::set(&result, &"colours".into(), &colours).map_err(|_| JsError::new("reflect"))?;
        Ok(result.into())
    }
}
