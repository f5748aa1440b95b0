//! Native = WebAssembly, bit for bit: the fits of `crates/emviz-core/tests/bits/cases.rs` (the
//! book's run on Old Faithful and generated blobs under every covariance type), run here in the
//! browser, equal the f64 bits kept in `crates/emviz-core/tests/reference/fit_bits.txt`, which the
//! native test `native_bits` checks on the machine's own SIMD path.

#[path = "../../emviz-core/tests/bits/cases.rs"]
mod cases;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fits_in_the_browser_equal_the_native_bits() {
    let now = cases::fingerprint();
    assert!(now.lines().count() >= 30, "{} lines", now.lines().count());
    if let Some(diff) = cases::first_difference(&now) {
        panic!("WebAssembly differs from the native bits:\n{diff}");
    }
}
