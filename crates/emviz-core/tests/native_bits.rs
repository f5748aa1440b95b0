//! Native fits equal the bits kept in `tests/reference/fit_bits.txt` (which the WebAssembly test
//! `crates/emviz-wasm/tests/bits.rs` checks in Chromium and Firefox too). After a deliberate
//! change of the arithmetic, rewrite the file with `EMVIZ_BLESS=1 cargo test -p emviz-core --test
//! native_bits` and say why in the commit.

#[path = "bits/cases.rs"]
mod cases;

#[test]
fn native_fits_equal_the_kept_bits() {
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
