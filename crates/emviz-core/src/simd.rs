//! Which vector instructions the fused pass ([`crate::fused`]) runs with. By default the best the
//! processor has (`pulp` checks once); the environment variable `EMVIZ_SIMD` forces a level on
//! x86-64 — `scalar` (SSE2, the baseline), `v3` (AVX2) or `v4` (AVX-512) — so tests can compare
//! every path bit for bit (`tests/native_bits.rs`). A forced level the processor lacks, or an
//! unknown name, falls back to the default and is reported by [`level`]. Elsewhere (WebAssembly,
//! other processors) there is one path.

use std::sync::OnceLock;

/// The level in use: `scalar`, `v3`, `v4`, or `default` off x86-64.
pub fn level() -> &'static str {
    chosen().1
}

/// The dispatcher of the chosen level.
pub(crate) fn arch() -> pulp::Arch {
    chosen().0
}

fn chosen() -> (pulp::Arch, &'static str) {
    static CHOSEN: OnceLock<(pulp::Arch, &'static str)> = OnceLock::new();
    *CHOSEN.get_or_init(|| choose(std::env::var("EMVIZ_SIMD").ok().as_deref()))
}

#[cfg(target_arch = "x86_64")]
fn choose(wanted: Option<&str>) -> (pulp::Arch, &'static str) {
    use pulp::x86::{V3, V4};
    let forced = match wanted {
        Some("scalar") => Some((pulp::Arch::Scalar, "scalar")),
        Some("v3") => V3::try_new().map(|v| (pulp::Arch::V3(v), "v3")),
        Some("v4") => V4::try_new().map(|v| (pulp::Arch::V4(v), "v4")),
        _ => None,
    };
    forced.unwrap_or_else(|| {
        let arch = pulp::Arch::new();
        let name = match arch {
            pulp::Arch::V3(_) => "v3",
            pulp::Arch::V4(_) => "v4",
            _ => "scalar",
        };
        (arch, name)
    })
}

#[cfg(not(target_arch = "x86_64"))]
fn choose(_wanted: Option<&str>) -> (pulp::Arch, &'static str) {
    (pulp::Arch::new(), "default")
}
