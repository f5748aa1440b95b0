//! Native fits equal the bits kept in `tests/reference/fit_bits.txt` (which the WebAssembly test
//! `crates/emviz-wasm/tests/bits.rs` checks in Chromium and Firefox too). After a deliberate
//! change of the arithmetic, rewrite the file with `EMVIZ_BLESS=1 cargo test -p emviz-core --test
//! native_bits` and say why in the commit.
//!
//! The same bits on every vector path: on x86-64 the test runs itself again in a child process
//! once per level the processor has (`EMVIZ_SIMD=scalar|v3|v4`, see `emviz_core::simd`), each
//! child checking the kept bits on its path and saying which path it used.

#[path = "bits/cases.rs"]
mod cases;

#[test]
fn native_fits_equal_the_kept_bits() {
    eprintln!("simd level: {}", emviz_core::simd::level());
    let now = cases::fingerprint();
    if std::env::var("EMVIZ_BLESS").as_deref() == Ok("1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/fit_bits.txt");
        std::fs::write(path, &now).unwrap();
        return;
    }
    assert!(now.lines().count() >= 30, "{} lines", now.lines().count());
    if let Some(diff) = cases::first_difference(&now) {
        panic!("the fits' bits changed:\n{diff}");
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn every_vector_path_gives_the_kept_bits() {
    if std::env::var_os("EMVIZ_SIMD").is_some() {
        return; // a child run: the parent compares the paths
    }
    let mut levels = vec!["scalar"];
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        levels.push("v3");
    }
    if std::arch::is_x86_feature_detected!("avx512f") {
        levels.push("v4");
    }
    for level in &levels {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["native_fits_equal_the_kept_bits", "--exact", "--nocapture"])
            .env("EMVIZ_SIMD", level)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "EMVIZ_SIMD={level}:\n{text}");
        assert!(
            text.contains(&format!("simd level: {level}")),
            "EMVIZ_SIMD={level} ran another path:\n{text}"
        );
        assert!(
            text.contains("1 passed"),
            "EMVIZ_SIMD={level}: the test did not run:\n{text}"
        );
    }
    eprintln!("the kept bits on every path: {levels:?}");
}
