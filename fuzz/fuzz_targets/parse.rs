//! Fuzzes `emviz_core::parse::parse_table`: arbitrary bytes and options must never make it panic,
//! every `Ok` must be a consistent all-finite dataset, every error must be well-formed, and the
//! result must not depend on the line-ending style or on a byte-order mark.
//!
//! The first bytes of the input choose the options (see [`split_options`]) and the rest is the
//! text; the whole input is also parsed once more as text with the default options, so plain text
//! seeds are exercised as they are.
#![no_main]

use emviz_core::parse::{
    parse_table, ColumnSelection, HeaderMode, ParseError, ParseErrorKind, ParseOptions,
};
use emviz_core::Dataset;
use libfuzzer_sys::fuzz_target;

/// Names tried by `ColumnSelection::Names`: header-like names, default names, numbers as text,
/// and a few that cannot exist.
const NAMES: [&str; 16] = [
    "x1", "x2", "x3", "X2", "1", "2", "3", "0", "99", "a", "b", " a ", "waiting", "", "x0", "é",
];

/// Decodes options from the first bytes and returns them with the remaining bytes.
fn split_options(data: &[u8]) -> (ParseOptions, &[u8]) {
    let Some((&first, mut rest)) = data.split_first() else {
        return (ParseOptions::default(), data);
    };
    let header = match first % 3 {
        0 => HeaderMode::Auto,
        1 => HeaderMode::Present,
        _ => HeaderMode::Absent,
    };
    let take_count = |rest: &mut &[u8]| -> Vec<u8> {
        let Some((&count, tail)) = rest.split_first() else {
            return Vec::new();
        };
        let count = usize::from(count % 5).min(tail.len());
        let (picked, tail) = tail.split_at(count);
        *rest = tail;
        picked.to_vec()
    };
    let columns = match (first / 3) % 4 {
        1 => ColumnSelection::Indices(
            take_count(&mut rest)
                .into_iter()
                .map(|b| usize::from(b % 8))
                .collect(),
        ),
        2 => ColumnSelection::Names(
            take_count(&mut rest)
                .into_iter()
                .map(|b| NAMES[usize::from(b) % NAMES.len()].to_owned())
                .collect(),
        ),
        _ => ColumnSelection::All,
    };
    (ParseOptions { header, columns }, rest)
}

/// Number of lines of `text` as the parser counts them (`\n`, `\r\n` and `\r` end a line).
fn line_count(text: &str) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let mut lines = 0;
    let mut i = 0;
    let mut at_line_start = true;
    while i < b.len() {
        match b[i] {
            b'\r' => {
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                lines += 1;
                at_line_start = true;
            }
            b'\n' => {
                lines += 1;
                at_line_start = true;
            }
            _ => at_line_start = false,
        }
        i += 1;
    }
    lines + usize::from(!at_line_start)
}

fn check_ok(text: &str, options: &ParseOptions, d: &Dataset) {
    assert!(d.d() >= 1, "no columns");
    assert_eq!(d.names().len(), d.d());
    assert!(d.n() >= 1, "no rows");
    assert_eq!(d.values().len(), d.n() * d.d());
    assert!(d.values().iter().all(|v| v.is_finite()), "non-finite value");
    assert_eq!(d.rows().count(), d.n());
    assert!(d.n() <= line_count(text), "more rows than lines");
    match &options.columns {
        ColumnSelection::All => {}
        ColumnSelection::Indices(v) => assert_eq!(d.d(), v.len()),
        ColumnSelection::Names(v) => assert_eq!(d.d(), v.len()),
    }
    if options.header == HeaderMode::Absent {
        // Without a header the names are the default names of the chosen positions.
        for name in d.names() {
            assert!(name.starts_with('x'), "{name:?}");
        }
    }
}

fn check_err(text: &str, e: &ParseError) {
    let msg = e.to_string();
    assert!(!msg.is_empty());
    assert!(
        !msg.contains('\n') && !msg.contains('\r'),
        "message is not one line: {msg:?}"
    );
    assert!(e.line <= line_count(text), "line {} out of range", e.line);
    match &e.kind {
        ParseErrorKind::Empty => assert_eq!((e.line, e.column), (0, 0)),
        ParseErrorKind::UnknownColumn { name, .. } => {
            assert_eq!(e.line, 0);
            assert!(name.chars().count() <= 41);
        }
        ParseErrorKind::ColumnOutOfRange { index, columns } => {
            assert_eq!(e.line, 0);
            assert!(index >= columns);
        }
        ParseErrorKind::NoColumnsSelected => assert_eq!(e.line, 0),
        ParseErrorKind::NoRows => assert!(e.line >= 1 && e.column == 0),
        ParseErrorKind::Ragged {
            found,
            expected,
            first_line,
        } => {
            assert!(e.line > *first_line && e.column == 0);
            assert_ne!(found, expected);
        }
        ParseErrorKind::NotANumber { found } | ParseErrorKind::NotFinite { found } => {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(found.chars().count() <= 41, "found not truncated");
            assert!(msg.contains(&format!("line {}, column {}", e.line, e.column)));
        }
        ParseErrorKind::EmptyCell => assert!(e.line >= 1 && e.column >= 1),
    }
}

fn check(text: &str, options: &ParseOptions) {
    let result = parse_table(text, options);
    match &result {
        Ok(d) => check_ok(text, options, d),
        Err(e) => check_err(text, e),
    }
    // Deterministic.
    assert_eq!(parse_table(text, options), result);
    // Line endings do not matter: the same text with CRLF gives the same result, line numbers
    // included.
    if !text.contains('\r') && text.contains('\n') {
        assert_eq!(
            parse_table(&text.replace('\n', "\r\n"), options),
            result,
            "CRLF"
        );
    }
    // A byte-order mark does not matter.
    if !text.starts_with('\u{feff}') {
        assert_eq!(
            parse_table(&format!("\u{feff}{text}"), options),
            result,
            "BOM"
        );
    }
}

fn check_bytes(bytes: &[u8], options: &ParseOptions) {
    match std::str::from_utf8(bytes) {
        Ok(text) => check(text, options),
        Err(_) => check(&String::from_utf8_lossy(bytes), options),
    }
}

fuzz_target!(|data: &[u8]| {
    let (options, text) = split_options(data);
    check_bytes(text, &options);
    check_bytes(data, &ParseOptions::default());
});
