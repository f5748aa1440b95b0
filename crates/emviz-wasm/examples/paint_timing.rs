//! Times the point layer's repaint natively (the page repaints it after every E-step):
//! `cargo run --release -p emviz-wasm --example paint_timing [N]`.

use std::time::Instant;

use emviz_app::view::View;
use emviz_wasm::render::points::{stamp_for, Colours, PointLayer};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let k = 5;
    // Points spread over the plot by a fixed LCG; responsibilities varying per point.
    let mut s = 42u64;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let xy: Vec<(f64, f64)> = (0..n).map(|_| (next() * 10.0, next() * 10.0)).collect();
    let resp: Vec<f64> = (0..n)
        .flat_map(|_| {
            let r: Vec<f64> = (0..k).map(|_| next()).collect();
            let t: f64 = r.iter().sum();
            r.into_iter().map(move |v| v / t)
        })
        .collect();
    let view = View {
        x: [0.0, 10.0],
        y: [0.0, 10.0],
        px: [0.0, 0.0, 800.0, 600.0],
    };
    let mut layer = PointLayer::default();
    let stamp = stamp_for(n, 1.0);
    let t = Instant::now();
    let pts = xy.iter().map(|&(x, y)| (view.sx(x), view.sy(y)));
    layer.place((1, [0, 1]), &view, pts);
    println!(
        "placing {n} points (once per data set and view): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    for round in 0..5 {
        let t = Instant::now();
        layer.paint(round, &view, Colours::Blend(&resp, k), stamp);
        println!(
            "repaint of {n} points (after an E-step), blending: {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    // The colours as the page's Web Workers send them.
    let packed: Vec<u32> = resp
        .chunks_exact(k)
        .map(|r| emviz_app::palette::pack(emviz_app::palette::blend(r)))
        .collect();
    for round in 5..10 {
        let t = Instant::now();
        layer.paint(round, &view, Colours::Packed(&packed), stamp);
        println!(
            "repaint of {n} points (after an E-step), colours given: {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
