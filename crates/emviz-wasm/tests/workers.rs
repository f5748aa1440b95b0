//! Large data beside the main thread: an M-step whose shards are made "by workers" gives the very
//! numbers of the in-thread path. Natively through `App` and the core's `Stats` (as a worker's
//! `ShardPass` computes them); in the browser through the Session methods and `ShardPass`
//! handles the page's Web Workers use, with the values sent through JS as the page sends them.

use emviz_app::app::{App, Progress};
use emviz_app::palette::{blend, pack};
use emviz_app::workers::{SHARDED_FROM, SHARDS};
use emviz_core::Stats;

/// `n` distinct 2-D points in three loose clusters (an integer LCG, as page_bench uses).
fn text(n: usize) -> String {
    let mut s = 0x2545_f491_u64;
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = String::from("x y\n");
    for i in 0..n {
        let (cx, cy) = [(0.0, 0.0), (5.0, 2.0), (1.0, 6.0)][i % 3];
        let (u, v) = (
            next() + next() + next() - 1.5,
            next() + next() + next() - 1.5,
        );
        out.push_str(&format!("{} {}\n", cx + 2.0 * u, cy + 1.5 * (v + 0.5 * u)));
    }
    out
}

fn finish_here(app: &mut App) -> emviz_core::StepReport {
    loop {
        match app.step_some(30_000).unwrap() {
            Progress::Done(Some(r)) => return r,
            Progress::Done(None) => panic!("the run ended"),
            Progress::Pending => {}
        }
    }
}

/// Begins `app`'s next M-step elsewhere and makes its pass as a worker would, shard by shard:
/// the posteriors go into the app, the shards' statistics and the points' colours come back.
fn pass_elsewhere(app: &mut App) -> (Vec<Stats>, Vec<u32>) {
    let args = app.begin_m_step_elsewhere().unwrap().unwrap();
    let model = args.build().unwrap();
    let (d, k) = (app.data().d(), model.k());
    let values = app.data().values().to_vec();
    let mut shards = Vec::new();
    let mut colours = Vec::new();
    for r in app.em().shard_ranges(app.data().n()) {
        let mut s = Stats::empty(&model);
        let mut post = vec![0.0; r.len() * k];
        s.accumulate_with_posteriors(&model, &values[r.start * d..r.end * d], &mut post)
            .unwrap();
        app.pending_posteriors_mut().unwrap()[r.start * k..r.end * k].copy_from_slice(&post);
        colours.extend(post.chunks_exact(k).map(|row| pack(blend(row))));
        shards.push(s);
    }
    (shards, colours)
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn m_steps_by_shards_equal_the_in_thread_path() {
    let text = text(SHARDED_FROM);
    let (mut here, mut there) = (App::new(), App::new());
    for app in [&mut here, &mut there] {
        app.load_text(&text).unwrap();
        // No convergence test: the run goes on for as many half-steps as this test takes.
        let mut s = app.settings().clone();
        s.tol = 0.0;
        app.apply_settings(s).unwrap();
    }
    assert_eq!(here.em().shards(), SHARDS);
    let ranges = there.em().shard_ranges(there.data().n());
    assert_eq!(ranges.len(), SHARDS);
    for _ in 0..2 {
        assert_eq!(finish_here(&mut here), there.step().unwrap().unwrap()); // E
        let m_here = finish_here(&mut here);
        let (shards, colours) = pass_elsewhere(&mut there);
        let k = there.em().model().k();
        let m_there = there
            .finish_m_step_elsewhere(shards, Some(colours))
            .unwrap();
        assert_eq!(m_here, m_there);
        assert_eq!(here.em().checkpoint(), there.em().checkpoint());
        assert_eq!(here.em().responsibilities(), there.em().responsibilities());
        assert_eq!(here.state(), there.state());
        // The colours made beside the pass are shown by the next E-step, and they are the
        // blend of its responsibilities.
        assert_eq!(there.colours(), None);
        assert_eq!(finish_here(&mut here), there.step().unwrap().unwrap()); // E
        let resp = there.em().responsibilities().unwrap();
        let blended: Vec<u32> = resp.chunks_exact(k).map(|r| pack(blend(r))).collect();
        assert_eq!(there.colours(), Some(&blended[..]));
        assert_eq!(here.colours(), None);
        // An M-step made here keeps the picture; its E-step will blend its own colours.
        assert_eq!(finish_here(&mut here), there.step().unwrap().unwrap()); // M
        assert_eq!(
            there.colours(),
            Some(&blended[..]),
            "the points keep their colours"
        );
    }
    // Colours for an E-step that another change came before are not used.
    let args = there.begin_m_step_elsewhere().unwrap();
    assert!(args.is_none(), "an E-step is next");
    there.step().unwrap(); // E
    let (shards, _) = pass_elsewhere(&mut there);
    let n = there.data().n();
    there
        .finish_m_step_elsewhere(shards, Some(vec![pack([1, 2, 3]); n]))
        .unwrap();
    there.set_view_columns(1, 0).unwrap();
    there.step().unwrap(); // E
    assert_eq!(there.colours(), None);
    // Small data: one sequential pass, no worker plan.
    let mut small = App::new();
    small.load_text(&self::text(1000)).unwrap();
    assert_eq!(small.em().shards(), 1);
}

#[cfg(target_arch = "wasm32")]
mod common;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::common::{js, load_text, run};
    use emviz_app::workers::SHARDED_FROM;
    use emviz_wasm::{bindings::ShardPass, Session};
    use js_sys::{Array, Float64Array, Reflect, Uint32Array, JSON};
    use tsify::Ts;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn get(v: &JsValue, key: &str) -> JsValue {
        Reflect::get(v, &key.into()).expect("property")
    }

    fn json(v: &JsValue) -> String {
        JSON::stringify(v).unwrap().as_string().unwrap()
    }

    fn finish(s: &mut Session) -> JsValue {
        loop {
            let r = js(s.step_within(1.0).unwrap());
            if !get(&r, "pending").is_truthy() {
                return get(&r, "report");
            }
        }
    }

    /// A worker's statistics as the page passes them on.
    fn stats_of(list: &JsValue) -> Vec<Ts<emviz_wasm::wire::workers::ShardStats>> {
        Array::from(list).iter().map(Ts::new_unchecked).collect()
    }

    /// The page's worker protocol, with two "workers" holding 3 and 5 of the 8 shards.
    #[wasm_bindgen_test]
    fn session_worker_steps_equal_step_within() {
        let text = super::text(SHARDED_FROM + 1000);
        let (mut here, mut there) = (Session::new(), Session::new());
        load_text(&mut here, &text).unwrap();
        load_text(&mut there, &text).unwrap();
        assert!(
            Session::new().worker_plan().unwrap().is_none(),
            "small data: no plan"
        );
        let plan = js(there.worker_plan().unwrap().expect("a plan"));
        let d = get(&plan, "d").as_f64().unwrap();
        let shards: Vec<(f64, f64)> = Array::from(&get(&plan, "shards"))
            .iter()
            .map(|r| {
                let r = Array::from(&r);
                (r.get(0).as_f64().unwrap(), r.get(1).as_f64().unwrap())
            })
            .collect();
        assert_eq!(shards.len(), 8);
        let groups = [(0usize, 3usize), (3, 8)];
        let mut workers: Vec<ShardPass> = groups
            .iter()
            .map(|&(a, b)| {
                let start = shards[a].0;
                let values: Float64Array = there
                    .shard_rows(start as usize, shards[b - 1].1 as usize)
                    .unwrap();
                let mut bounds = vec![0.0];
                bounds.extend(shards[a..b].iter().map(|r| r.1 - start));
                let end = shards[b - 1].1 as usize;
                let weights = there.shard_weights(start as usize, end).unwrap();
                assert!(weights.is_none(), "unweighted data: no weights to send");
                ShardPass::new(values.to_vec(), d as usize, bounds, None).unwrap()
            })
            .collect();
        // While an E-step comes next there is nothing for the workers.
        assert!(there.begin_worker_step().unwrap().is_none());
        for _ in 0..3 {
            assert_eq!(json(&finish(&mut here)), json(&finish(&mut there)));
            let m_here = finish(&mut here);
            let args = js(there.begin_worker_step().unwrap().expect("an M-step"));
            let all = Array::new();
            for (w, &(a, _)) in workers.iter_mut().zip(&groups) {
                // Through JSON-free structured values, as postMessage carries them.
                let r = w.run(Ts::new_unchecked(args.clone()), None, None).unwrap();
                let stats = get(&r, "stats");
                let post = Float64Array::from(get(&r, "post"));
                let colours = Uint32Array::from(get(&r, "colours"));
                assert!(colours.length() > 0 && post.length() % colours.length() == 0);
                assert!(there
                    .put_worker_result(a, stats_of(&stats), &post, &colours)
                    .unwrap());
                for s in Array::from(&stats).iter() {
                    all.push(&s);
                }
            }
            let m_there = js(there
                .finish_worker_step(Ts::new_unchecked(all.into()))
                .unwrap());
            assert_eq!(json(&m_here), json(&m_there));
            let state = |s: &Session| json(&js(s.state().unwrap()));
            assert_eq!(state(&here), state(&there));
        }
        // A stale answer (the run restarted) is refused and changes nothing.
        let args = there.begin_worker_step().unwrap();
        assert!(args.is_none(), "an E-step is next");
        there.step_within(1.0).unwrap();
        let args = there.begin_worker_step().unwrap().expect("an M-step");
        let r = workers[0].run(args, None, None).unwrap();
        run(&mut there, "reset").unwrap();
        let post = Float64Array::from(get(&r, "post"));
        let colours = Uint32Array::from(get(&r, "colours"));
        assert!(!there
            .put_worker_result(0, stats_of(&get(&r, "stats")), &post, &colours)
            .unwrap());
        let none = Ts::new_unchecked(Array::new().into());
        assert!(there.finish_worker_step(none).is_err());
    }
}
