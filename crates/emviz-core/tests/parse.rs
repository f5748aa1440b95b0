//! Integration tests of the pasted-text parser (`emviz_core::parse_table`).

use emviz_core::{
    parse_table, ColumnSelection, Dataset, HeaderMode, ParseError, ParseErrorKind, ParseOptions,
};
use proptest::prelude::*;

fn parse(text: &str) -> Result<Dataset, ParseError> {
    parse_table(text, &ParseOptions::default())
}

fn ok(text: &str) -> Dataset {
    parse(text).unwrap_or_else(|e| panic!("{text:?} should parse, got: {e}"))
}

fn err(text: &str) -> ParseError {
    match parse(text) {
        Ok(d) => panic!("{text:?} should fail, got {d:?}"),
        Err(e) => e,
    }
}

fn with(header: HeaderMode, columns: ColumnSelection) -> ParseOptions {
    ParseOptions { header, columns }
}

fn names(d: &Dataset) -> Vec<&str> {
    d.names().iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------- delimiters

#[test]
fn comma_separated() {
    let d = ok("1,2\n3,4\n");
    assert_eq!(names(&d), ["x1", "x2"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
    assert_eq!((d.n(), d.d()), (2, 2));
}

#[test]
fn comma_separated_with_spaces_around_fields() {
    let d = ok("  1 ,  2\n3,\t4  \n");
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn tab_separated() {
    let d = ok("a\tb\tc\n1\t2\t3\n4\t5\t6");
    assert_eq!(names(&d), ["a", "b", "c"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}

#[test]
fn tab_wins_over_comma_and_semicolon() {
    // With tabs, commas are part of the fields, so "1,5" is not a number.
    let e = err("1\t2\n1,5\t3\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: "1,5".into()
        }
    );
}

#[test]
fn semicolon_separated() {
    let d = ok("x;y\n1.5;2\n-3;4e2\n");
    assert_eq!(names(&d), ["x", "y"]);
    assert_eq!(d.values(), [1.5, 2.0, -3.0, 400.0]);
}

#[test]
fn semicolon_with_decimal_comma() {
    let d = ok("länge;breite\n1,5;2,25\n-0,5;3\n");
    assert_eq!(names(&d), ["länge", "breite"]);
    assert_eq!(d.values(), [1.5, 2.25, -0.5, 3.0]);
}

#[test]
fn decimal_comma_only_with_semicolons() {
    // Two commas are not a decimal number.
    let e = err("1;2\n1,2,3;4\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: "1,2,3".into()
        }
    );
    // A dot and a comma (thousands separators) are not accepted either.
    let e = err("1;2\n1.000,5;4\n");
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: "1.000,5".into()
        }
    );
    // Very long decimal-comma fields still work (no fixed-size buffer limit).
    let long = format!("0,{}", "1".repeat(100));
    let d = ok(&format!("{long};1\n"));
    assert!((d.values()[0] - 0.111_111_111_111_111_1).abs() < 1e-15);
}

#[test]
fn whitespace_separated() {
    let d = ok("1 2   3\n  4\t 5 6  \n");
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let d = ok("eruptions waiting\n3.6 79\n1.8 54\n");
    assert_eq!(names(&d), ["eruptions", "waiting"]);
    assert_eq!(d.values(), [3.6, 79.0, 1.8, 54.0]);
}

#[test]
fn whitespace_includes_non_breaking_space() {
    let d = ok("1\u{a0}2\n3 \u{a0} 4\n");
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn single_column() {
    let d = ok("value\n1\n2\n3\n");
    assert_eq!(names(&d), ["value"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0]);
    assert_eq!(d.d(), 1);
}

#[test]
fn trailing_delimiter_is_ignored_once() {
    let d = ok("a,b,\n1,2,\n3,4\n");
    assert_eq!(names(&d), ["a", "b"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
    let d = ok("1;2;\n3;4;\n");
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
    // Two trailing delimiters leave an empty cell…
    let e = err("1,2,3\n4,5,,\n");
    assert_eq!((e.line, e.column), (2, 3));
    assert_eq!(e.kind, ParseErrorKind::EmptyCell);
    // … or one value too many.
    let e = err("1,2\n3,4,,\n");
    assert_eq!(e.line, 2);
    assert_eq!(
        e.kind,
        ParseErrorKind::Ragged {
            found: 3,
            expected: 2,
            first_line: 1
        }
    );
}

// ---------------------------------------------------------------- numbers

#[test]
fn number_syntax() {
    let d = ok("+1, -2, .5, 3., 6.02e23, 1E-3, -0, 007\n");
    assert_eq!(d.values(), [1.0, -2.0, 0.5, 3.0, 6.02e23, 1e-3, -0.0, 7.0]);
}

#[test]
fn quoted_numbers_and_names() {
    let d = ok("\"a\",\"b, with comma\"\n\"1.5\",\" 2 \"\n3,\"4\"\n");
    assert_eq!(names(&d), ["a", "b, with comma"]);
    assert_eq!(d.values(), [1.5, 2.0, 3.0, 4.0]);
    let d = ok("\"say \"\"hi\"\"\" \"#x\"\n1 2\n");
    assert_eq!(names(&d), ["say \"hi\"", "#x"]);
    assert_eq!(d.values(), [1.0, 2.0]);
}

#[test]
fn quoted_label_column_with_delimiter_inside_can_be_skipped() {
    let text = "name,x,y\n\"Smith, J.\",1,2\n\"Doe, A.\",3,4\n";
    let d = parse_table(
        text,
        &with(
            HeaderMode::Auto,
            ColumnSelection::Names(vec!["x".into(), "y".into()]),
        ),
    )
    .unwrap();
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn unclosed_quote_is_an_ordinary_character() {
    let e = err("1,2\n\"3,4\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: "\"3".into()
        }
    );
}

// ---------------------------------------------------------------- headers

#[test]
fn header_auto_detected_and_names_kept() {
    let d = ok("eruptions,waiting\n3.6,79\n");
    assert_eq!(names(&d), ["eruptions", "waiting"]);
    assert_eq!(d.values(), [3.6, 79.0]);
    let d = ok("3.6,79\n1.8,54\n");
    assert_eq!(names(&d), ["x1", "x2"]);
    assert_eq!(d.n(), 2);
}

#[test]
fn header_auto_with_mixed_first_line_reports_the_first_non_number() {
    let e = err("1,abc,xyz\n2,3,4\n");
    assert_eq!((e.line, e.column), (1, 2));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: "abc".into()
        }
    );
    assert_eq!(e.to_string(), "line 1, column 2: \"abc\" is not a number");
}

#[test]
fn header_present_even_when_numeric() {
    let opts = with(HeaderMode::Present, ColumnSelection::All);
    let d = parse_table("1990,2000\n1,2\n3,4\n", &opts).unwrap();
    assert_eq!(names(&d), ["1990", "2000"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn header_absent_makes_first_line_data() {
    let opts = with(HeaderMode::Absent, ColumnSelection::All);
    let d = parse_table("1,2\n3,4\n", &opts).unwrap();
    assert_eq!(names(&d), ["x1", "x2"]);
    assert_eq!(d.n(), 2);
    let e = parse_table("a,b\n1,2\n", &opts).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert_eq!(e.kind, ParseErrorKind::NotANumber { found: "a".into() });
}

#[test]
fn empty_header_names_get_default_names() {
    let d = ok(",b,\"\"\n1,2,3\n");
    assert_eq!(names(&d), ["x1", "b", "x3"]);
    let opts = with(HeaderMode::Present, ColumnSelection::All);
    let d = parse_table("\t\tc\n1\t2\t3\n", &opts).unwrap();
    assert_eq!(names(&d), ["x1", "x2", "c"]);
}

// ---------------------------------------------------------------- lines, comments, encodings

#[test]
fn comments_and_blank_lines_keep_line_numbers() {
    let text = "# data from somewhere\n\n  # indented comment\na,b\n\n1,2 # trailing comment\n   \n3,oops\n";
    let e = err(text);
    assert_eq!((e.line, e.column), (8, 2));
    assert_eq!(e.to_string(), "line 8, column 2: \"oops\" is not a number");
    let d = ok(&text.replace("oops", "4"));
    assert_eq!(names(&d), ["a", "b"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn trailing_comment_after_data_and_header() {
    let d = ok("x y # the header\n1 2# no space before\n3 4 #\n");
    assert_eq!(names(&d), ["x", "y"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn crlf_cr_and_bom() {
    let d = ok("\u{feff}a,b\r\n1,2\r\n\r\n3,4\r\n");
    assert_eq!(names(&d), ["a", "b"]);
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
    let d = ok("a,b\r1,2\r3,4");
    assert_eq!(d.values(), [1.0, 2.0, 3.0, 4.0]);
    // Line numbers count CRLF as one line break and a lone CR as one.
    let e = err("\u{feff}a,b\r\n1,2\r\n\r\n3,x\r\n");
    assert_eq!((e.line, e.column), (4, 2));
    let e = err("a,b\r1,2\r\r3,x");
    assert_eq!((e.line, e.column), (4, 2));
    let e = err("a,b\n\r1,2\n3,x");
    assert_eq!((e.line, e.column), (4, 2));
}

#[test]
fn no_trailing_newline() {
    assert_eq!(ok("1 2\n3 4").values(), [1.0, 2.0, 3.0, 4.0]);
}

// ---------------------------------------------------------------- column selection

const FAITHFUL: &str = "id,eruptions,waiting\np1,3.6,79\np2,1.8,54\n";

#[test]
fn select_by_index() {
    let opts = with(HeaderMode::Auto, ColumnSelection::Indices(vec![2, 1]));
    let d = parse_table(FAITHFUL, &opts).unwrap();
    assert_eq!(names(&d), ["waiting", "eruptions"]);
    assert_eq!(d.values(), [79.0, 3.6, 54.0, 1.8]);
}

#[test]
fn select_by_name() {
    let opts = with(
        HeaderMode::Auto,
        ColumnSelection::Names(vec!["eruptions".into(), "waiting".into()]),
    );
    let d = parse_table(FAITHFUL, &opts).unwrap();
    assert_eq!(names(&d), ["eruptions", "waiting"]);
    assert_eq!(d.values(), [3.6, 79.0, 1.8, 54.0]);
    // Case and surrounding spaces do not matter.
    let opts = with(
        HeaderMode::Auto,
        ColumnSelection::Names(vec![" Waiting ".into()]),
    );
    assert_eq!(parse_table(FAITHFUL, &opts).unwrap().values(), [79.0, 54.0]);
}

#[test]
fn select_by_number_as_text_and_default_name() {
    let opts = with(
        HeaderMode::Auto,
        ColumnSelection::Names(vec!["3".into(), "x2".into()]),
    );
    let d = parse_table(FAITHFUL, &opts).unwrap();
    assert_eq!(names(&d), ["waiting", "eruptions"]);
    assert_eq!(d.values(), [79.0, 3.6, 54.0, 1.8]);
    // Without a header the names are x1, x2, … after the position in the text.
    let opts = with(
        HeaderMode::Absent,
        ColumnSelection::Names(vec!["x3".into()]),
    );
    let d = parse_table("1 2 3\n4 5 6\n", &opts).unwrap();
    assert_eq!(names(&d), ["x3"]);
    assert_eq!(d.values(), [3.0, 6.0]);
}

#[test]
fn unselected_columns_need_not_be_numbers_but_rows_must_not_be_ragged() {
    let opts = with(HeaderMode::Absent, ColumnSelection::Indices(vec![1]));
    let d = parse_table("a,1\nb,2\n,3\n", &opts).unwrap();
    assert_eq!(d.values(), [1.0, 2.0, 3.0]);
    let e = parse_table("a,1\nb,2,x\n", &opts).unwrap_err();
    assert_eq!((e.line, e.column), (2, 0));
    assert!(matches!(
        e.kind,
        ParseErrorKind::Ragged {
            found: 3,
            expected: 2,
            first_line: 1
        }
    ));
}

#[test]
fn selection_reports_leftmost_bad_field() {
    let opts = with(HeaderMode::Absent, ColumnSelection::Indices(vec![2, 0]));
    let e = parse_table("1,2,3\nx,5,y\n", &opts).unwrap_err();
    assert_eq!((e.line, e.column), (2, 1));
    assert_eq!(e.kind, ParseErrorKind::NotANumber { found: "x".into() });
}

// ---------------------------------------------------------------- every error kind

#[test]
fn error_empty() {
    for text in [
        "",
        "\n\n",
        "   \r\n\t\n",
        "# only\n  # comments\n",
        "\u{feff}",
    ] {
        let e = err(text);
        assert_eq!(
            e,
            ParseError {
                line: 0,
                column: 0,
                kind: ParseErrorKind::Empty
            }
        );
        assert_eq!(
            e.to_string(),
            "no data: the text is empty (or holds only blank lines and # comments)"
        );
    }
}

#[test]
fn error_no_rows_after_header() {
    let e = err("# c\na,b\n\n# more\n");
    assert_eq!(
        e,
        ParseError {
            line: 2,
            column: 0,
            kind: ParseErrorKind::NoRows
        }
    );
    let msg = e.to_string();
    assert!(msg.starts_with("line 2: "), "{msg}");
    assert!(msg.contains("header"), "{msg}");
}

#[test]
fn error_not_a_number() {
    let e = err("1,2\n3,4\nabc,5\n");
    assert_eq!(
        e,
        ParseError {
            line: 3,
            column: 1,
            kind: ParseErrorKind::NotANumber {
                found: "abc".into()
            }
        }
    );
    assert_eq!(e.to_string(), "line 3, column 1: \"abc\" is not a number");
    let e = err("1 2\n3 4\n5 abc\n");
    assert_eq!(e.to_string(), "line 3, column 2: \"abc\" is not a number");
}

#[test]
fn error_not_finite() {
    for (bad, shown) in [
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("1e999", "1e999"),
        ("\"nan\"", "nan"),
    ] {
        let e = err(&format!("a,b\n1,2\n3,4\n{bad},5\n"));
        assert_eq!((e.line, e.column), (4, 1), "{bad}");
        assert_eq!(
            e.kind,
            ParseErrorKind::NotFinite {
                found: shown.into()
            }
        );
        assert_eq!(
            e.to_string(),
            format!("line 4, column 1: \"{shown}\" is not a finite number")
        );
    }
    // NaN on the first line is data (it is a number, just not a finite one), not a header.
    let e = err("nan,1\n2,3\n");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(matches!(e.kind, ParseErrorKind::NotFinite { .. }));
}

#[test]
fn error_empty_cell() {
    let e = err("1,2,3\n4,,6\n");
    assert_eq!(
        e,
        ParseError {
            line: 2,
            column: 2,
            kind: ParseErrorKind::EmptyCell
        }
    );
    assert!(e.to_string().starts_with("line 2, column 2: "), "{e}");
    let e = err("1;2\n;3\n");
    assert_eq!(
        (e.line, e.column, e.kind),
        (2, 1, ParseErrorKind::EmptyCell)
    );
    let e = err("1,2\n\"\",3\n");
    assert_eq!(
        (e.line, e.column, e.kind),
        (2, 1, ParseErrorKind::EmptyCell)
    );
}

#[test]
fn error_ragged() {
    let e = err("# comment\n1,2\n3,4\n\n5,6,7\n");
    assert_eq!(
        e,
        ParseError {
            line: 5,
            column: 0,
            kind: ParseErrorKind::Ragged {
                found: 3,
                expected: 2,
                first_line: 2
            }
        }
    );
    assert_eq!(
        e.to_string(),
        "line 5: 3 values, but line 2 has 2 — every row needs the same number of values"
    );
    let e = err("a b c\n1 2 3\n4 5\n");
    assert_eq!(e.line, 3);
    assert_eq!(
        e.kind,
        ParseErrorKind::Ragged {
            found: 2,
            expected: 3,
            first_line: 1
        }
    );
    assert!(
        e.to_string()
            .starts_with("line 3: 2 values, but line 1 has 3"),
        "{e}"
    );
}

#[test]
fn error_unknown_column() {
    let text = "eruptions,waiting\n3.6,79\n";
    let opts = with(
        HeaderMode::Auto,
        ColumnSelection::Names(vec!["waiting".into(), "foo".into()]),
    );
    let e = parse_table(text, &opts).unwrap_err();
    assert_eq!(
        e,
        ParseError {
            line: 0,
            column: 0,
            kind: ParseErrorKind::UnknownColumn {
                name: "foo".into(),
                available: vec!["eruptions".into(), "waiting".into()]
            }
        }
    );
    assert_eq!(
        e.to_string(),
        "unknown column \"foo\": the columns are eruptions, waiting"
    );
    // "0" is not a column number.
    let opts = with(HeaderMode::Auto, ColumnSelection::Names(vec!["0".into()]));
    let e = parse_table(text, &opts).unwrap_err();
    assert!(matches!(e.kind, ParseErrorKind::UnknownColumn { .. }));
}

#[test]
fn error_unknown_column_lists_few_names() {
    let header: Vec<String> = (1..=30).map(|i| format!("c{i}")).collect();
    let row = vec!["1"; 30].join(",");
    let text = format!("{}\n{row}\n", header.join(","));
    let opts = with(
        HeaderMode::Auto,
        ColumnSelection::Names(vec!["nope".into()]),
    );
    let e = parse_table(&text, &opts).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("unknown column \"nope\": the columns are c1, c2,"),
        "{msg}"
    );
    assert!(msg.ends_with("… (30 in all)"), "{msg}");
    assert!(!msg.contains("c13"), "{msg}");
}

#[test]
fn error_column_out_of_range() {
    let opts = with(HeaderMode::Auto, ColumnSelection::Indices(vec![0, 5]));
    let e = parse_table("1,2,3\n", &opts).unwrap_err();
    assert_eq!(
        e,
        ParseError {
            line: 0,
            column: 0,
            kind: ParseErrorKind::ColumnOutOfRange {
                index: 5,
                columns: 3
            }
        }
    );
    assert_eq!(
        e.to_string(),
        "there is no column 6: the data has 3 columns"
    );
    // Numbers written as text are 1-based.
    let opts = with(HeaderMode::Auto, ColumnSelection::Names(vec!["4".into()]));
    let e = parse_table("1,2,3\n", &opts).unwrap_err();
    assert_eq!(
        e.kind,
        ParseErrorKind::ColumnOutOfRange {
            index: 3,
            columns: 3
        }
    );
    let opts = with(HeaderMode::Auto, ColumnSelection::Names(vec!["x9".into()]));
    let e = parse_table("1\n", &opts).unwrap_err();
    assert_eq!(
        e.kind,
        ParseErrorKind::ColumnOutOfRange {
            index: 8,
            columns: 1
        }
    );
    assert_eq!(e.to_string(), "there is no column 9: the data has 1 column");
}

#[test]
fn error_no_columns_selected() {
    for columns in [
        ColumnSelection::Indices(vec![]),
        ColumnSelection::Names(vec![]),
    ] {
        let e = parse_table("1,2\n", &with(HeaderMode::Auto, columns)).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::NoColumnsSelected);
        assert_eq!((e.line, e.column), (0, 0));
        assert!(e.to_string().contains("no columns selected"));
    }
}

#[test]
fn error_messages_truncate_and_escape() {
    let long = "z".repeat(100);
    let e = err(&format!("1,2\n3,{long}\n"));
    let expected_found = format!("{}…", "z".repeat(40));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: expected_found.clone()
        }
    );
    assert_eq!(
        e.to_string(),
        format!("line 2, column 2: \"{expected_found}\" is not a number")
    );
    // Invisible characters are shown escaped.
    let e = err("1,2\n3,\u{200b}4\n");
    assert_eq!(
        e.to_string(),
        "line 2, column 2: \"\\u{200b}4\" is not a number"
    );
    let e = err("1 2\n3 4\u{0}\n");
    assert_eq!(e.to_string(), "line 2, column 2: \"4\\0\" is not a number");
    // A multi-byte character at the cut does not break anything.
    let e = err(&format!("1\n{}\n", "é".repeat(60)));
    assert_eq!(
        e.kind,
        ParseErrorKind::NotANumber {
            found: format!("{}…", "é".repeat(40))
        }
    );
}

#[test]
fn error_converts_into_core_error() {
    let e = err("1,2\n3,x\n");
    let core: emviz_core::Error = e.clone().into();
    assert_eq!(core, emviz_core::Error::Parse(e.clone()));
    assert_eq!(core.to_string(), e.to_string());
    let _: &dyn std::error::Error = &e;
}

// ---------------------------------------------------------------- scale

#[test]
fn many_rows_parse_linearly() {
    let mut text = String::from("a,b,c\n");
    for i in 0..100_000 {
        text.push_str(&format!("{i},{}.5,-{i}e-3\n", i % 97));
    }
    let d = ok(&text);
    assert_eq!((d.n(), d.d()), (100_000, 3));
    assert_eq!(
        d.row(99_999),
        [99_999.0, (99_999 % 97) as f64 + 0.5, -99.999]
    );
}

#[test]
fn pathological_lines_do_not_blow_up() {
    // Many quotes, no closing quote, very long single line: must stay fast and not panic.
    let line = "\"a,".repeat(50_000);
    assert!(parse(&line).is_err());
    let line = "\"\"\",".repeat(50_000);
    let _ = parse(&line);
    let line = format!("{}\n1", "#".repeat(100_000));
    assert_eq!(ok(&line).values(), [1.0]);
}

// ---------------------------------------------------------------- properties

fn any_options() -> impl Strategy<Value = ParseOptions> {
    let header = prop_oneof![
        Just(HeaderMode::Auto),
        Just(HeaderMode::Present),
        Just(HeaderMode::Absent)
    ];
    let columns = prop_oneof![
        Just(ColumnSelection::All),
        proptest::collection::vec(0usize..6, 0..4).prop_map(ColumnSelection::Indices),
        proptest::collection::vec("[a-z0-9x]{0,3}", 0..4).prop_map(ColumnSelection::Names),
    ];
    (header, columns).prop_map(|(header, columns)| ParseOptions { header, columns })
}

fn check_consistent(text: &str, result: &Result<Dataset, ParseError>) {
    match result {
        Ok(d) => {
            assert!(d.d() >= 1);
            assert!(d.n() >= 1);
            assert_eq!(d.values().len(), d.n() * d.d());
            assert!(d.values().iter().all(|v| v.is_finite()));
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty());
            assert!(!msg.contains('\n') && !msg.contains('\r'), "{msg:?}");
            let lines = text.split(['\n', '\r']).count();
            assert!(e.line <= lines, "line {} of {lines}: {msg}", e.line);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_strings_never_panic(text in "\\PC*", options in any_options()) {
        let result = parse_table(&text, &options);
        check_consistent(&text, &result);
    }

    #[test]
    fn table_like_strings_never_panic(
        text in "[0-9a-z.,;\t \"#eE+\\-\r\n\u{feff}\u{a0}]{0,80}",
        options in any_options(),
    ) {
        let result = parse_table(&text, &options);
        check_consistent(&text, &result);
    }

    #[test]
    fn round_trip_finite_values(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
                3,
            ),
            1..20,
        ),
        delimiter in prop_oneof![Just(","), Just("\t"), Just(";"), Just(" "), Just("  ")],
        crlf in any::<bool>(),
        header in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if header {
            text.push_str(&["a", "b", "c"].join(delimiter));
            text.push_str(eol);
        }
        for r in &rows {
            let fields: Vec<String> = r.iter().map(|v| format!("{v:?}")).collect();
            text.push_str(&fields.join(delimiter));
            text.push_str(eol);
        }
        let d = parse_table(&text, &ParseOptions::default()).unwrap();
        let expected: Vec<f64> = rows.concat();
        prop_assert_eq!(d.values().len(), expected.len());
        for (a, b) in d.values().iter().zip(&expected) {
            prop_assert_eq!(a.to_bits(), b.to_bits());
        }
        let expected_names: Vec<String> = if header {
            vec!["a".into(), "b".into(), "c".into()]
        } else {
            vec!["x1".into(), "x2".into(), "x3".into()]
        };
        prop_assert_eq!(d.names(), &expected_names[..]);
    }
}

#[test]
fn a_column_moved_last_by_name_or_number() {
    let text = "a,w,b\n1,9,2\n3,8,4\n";
    let by_name = with(HeaderMode::Auto, ColumnSelection::MovedLast("w".into()));
    let d = parse_table(text, &by_name).unwrap();
    assert_eq!(names(&d), ["a", "b", "w"]);
    assert_eq!(d.values(), [1.0, 2.0, 9.0, 3.0, 4.0, 8.0]);
    let by_number = with(HeaderMode::Absent, ColumnSelection::MovedLast("1".into()));
    let d = parse_table("1 2 3\n4 5 6\n", &by_number).unwrap();
    assert_eq!(d.values(), [2.0, 3.0, 1.0, 5.0, 6.0, 4.0]);
    let missing = with(HeaderMode::Auto, ColumnSelection::MovedLast("z".into()));
    assert!(matches!(
        parse_table(text, &missing).unwrap_err().kind,
        ParseErrorKind::UnknownColumn { .. }
    ));
}
