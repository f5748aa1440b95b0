//! Reads pasted text (CSV, TSV, semicolon-separated or whitespace-separated columns) into a
//! [`Dataset`].
//!
//! The entry point is [`parse_table`]. It is meant for text that a person copied from a
//! spreadsheet, a web page or a file, so it is forgiving about form and precise about errors:
//!
//! * **Lines**: a UTF-8 byte-order mark is ignored; `\n`, `\r\n` and a lone `\r` all end a line.
//!   Blank lines and lines whose first non-space character is `#` are skipped, and a `#` outside
//!   double quotes starts a comment that runs to the end of the line (`1.5, 2  # outlier`).
//!   Line numbers in errors always refer to the lines of the original text, counted from 1,
//!   blank and comment lines included.
//! * **Delimiter**: chosen from the first line that holds data (or the header): a tab if it has
//!   one, else `;`, else `,`, else runs of whitespace. With a tab, `;` or `,`, the spaces around
//!   each field are trimmed and one empty field at the very end of a line (`1,2,`) is ignored;
//!   any other empty field is an [`ParseErrorKind::EmptyCell`].
//! * **Quotes**: a field may be wrapped in double quotes (`"1.5"`, `"Old, Faithful"`), which then
//!   may hold the delimiter, `#`, and `""` for one literal quote.
//! * **Numbers**: Rust's `f64` syntax (`1`, `-2.5`, `.5`, `3.`, `6.02e23`) with an optional
//!   leading `+`. With the `;` delimiter a field with a comma and no dot uses the comma as the
//!   decimal separator (`1,5` is 1.5). `nan`, `inf`, `infinity` and values that overflow
//!   (`1e999`) are rejected as [`ParseErrorKind::NotFinite`].
//! * **Header**: see [`HeaderMode`]. Unnamed columns are called `x1`, `x2`, … after their
//!   position in the text (see [`default_names`]).
//! * **Columns**: see [`ColumnSelection`]. Only the selected columns need to hold numbers, so a
//!   column of labels or ids can be left out; every row must still have the same number of
//!   fields.
//!
//! The parser never panics, runs in time linear in the length of the text and does not allocate
//! per field on the common path.

use crate::data::{default_names, Dataset};
pub use crate::error::parse::{clip, escaped, quoted, MAX_SHOWN_NAMES};
pub use crate::error::{ParseError, ParseErrorKind};

/// How [`parse_table`] decides whether the first line holding data is a header of column names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HeaderMode {
    /// The first line is a header if none of its fields is a number. If some fields are numbers
    /// and others are not, the line is read as data (so the first non-number is reported).
    #[default]
    Auto,
    /// The first line is always a header.
    Present,
    /// There is no header: the first line is data.
    Absent,
}

/// Which columns of the text [`parse_table`] keeps, and in which order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum ColumnSelection {
    /// Every column, in order.
    #[default]
    All,
    /// The columns at these 0-based positions, in this order.
    Indices(Vec<usize>),
    /// The columns with these names, in this order. A name is looked up first among the header
    /// names (exactly, then ignoring case), then among the default names `x1`, `x2`, …, and
    /// finally read as a 1-based column number written as text (`"2"` is the second column).
    Names(Vec<String>),
    /// Every column, in order, but the one with this name (looked up as in `Names`) moved to
    /// the end: the CLI's `--weights-col` without `--columns`, whose weights are the last column.
    MovedLast(String),
}

/// Options of [`parse_table`]. The default detects the header and keeps every column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    /// Whether the first line is a header.
    pub header: HeaderMode,
    /// Which columns to keep.
    pub columns: ColumnSelection,
}

/// How fields are separated on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delimiter {
    /// One of `\t`, `;`, `,` (ASCII).
    Byte(u8),
    /// Runs of whitespace.
    Whitespace,
}

/// One field of a line: its text, trimmed and without surrounding quotes.
#[derive(Clone, Copy, Debug)]
struct Field<'a> {
    text: &'a str,
    /// Whether the field was wrapped in double quotes (its `""` are still doubled).
    quoted: bool,
}

/// Iterates over the lines of a text with their 1-based numbers; `\n`, `\r\n` and `\r` end a line.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let rest = &bytes[start..];
        let (end, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let end = start + i;
                let skip = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                (end, end + skip)
            }
            None => (bytes.len(), bytes.len()),
        };
        self.pos = next;
        self.number += 1;
        // `end` is at an ASCII byte or at the end, so it is a char boundary.
        Some((self.number, &self.text[start..end]))
    }
}

/// Whether the line holds nothing but whitespace or a comment.
fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Picks the delimiter from the first line holding data: tab, else `;`, else `,`, else
/// whitespace. Characters inside double quotes and after a `#` comment are not considered.
fn detect_delimiter(line: &str) -> Delimiter {
    let (mut tab, mut semicolon, mut comma) = (false, false, false);
    let mut in_quotes = false;
    for &b in line.as_bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            b'#' => break,
            b'\t' => tab = true,
            b';' => semicolon = true,
            b',' => comma = true,
            _ => {}
        }
    }
    if tab {
        Delimiter::Byte(b'\t')
    } else if semicolon {
        Delimiter::Byte(b';')
    } else if comma {
        Delimiter::Byte(b',')
    } else {
        Delimiter::Whitespace
    }
}

/// If a quoted field opens at byte `open` (a `"`), returns the byte index of its closing quote,
/// skipping doubled quotes `""`. Linear in the distance scanned.
fn closing_quote(bytes: &[u8], open: usize) -> Option<usize> {
    let mut k = open + 1;
    while k < bytes.len() {
        if bytes[k] == b'"' {
            if bytes.get(k + 1) == Some(&b'"') {
                k += 2;
                continue;
            }
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Byte length of the whitespace character starting at byte `i` of `s` (a char boundary), or 0
/// when there is none.
fn whitespace_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        None => 0,
        Some(&b) if b < 0x80 => usize::from(b.is_ascii_whitespace() || b == 0x0b),
        Some(_) => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

/// Byte length of the (any) character starting at byte `i` of `s` (a char boundary); at least 1.
fn char_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => 1,
        _ => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8),
    }
}

/// Splits a line into fields (clearing `out` first). A `#` outside quotes ends the line.
///
/// A quoted field is recognised only when its first non-space character is `"` and its closing
/// quote is followed (after spaces) by the delimiter, a comment or the end of the line; otherwise
/// the quote is an ordinary character. After one such failed attempt, quotes are ordinary for the
/// rest of the line, which keeps the work linear in the line's length.
fn split_fields<'a>(line: &'a str, delimiter: Delimiter, out: &mut Vec<Field<'a>>) {
    out.clear();
    match delimiter {
        Delimiter::Byte(d) => split_delimited(line, d, out),
        Delimiter::Whitespace => split_whitespace(line, out),
    }
}

fn split_delimited<'a>(line: &'a str, d: u8, out: &mut Vec<Field<'a>>) {
    let bytes = line.as_bytes();
    let len = bytes.len();
    let is_space = |b: u8| b == b' ' || (b == b'\t' && d != b'\t');
    let mut quotes = true;
    let mut i = 0;
    loop {
        let mut j = i;
        while j < len && is_space(bytes[j]) {
            j += 1;
        }
        if quotes && j < len && bytes[j] == b'"' {
            match closing_quote(bytes, j) {
                Some(close) => {
                    let mut m = close + 1;
                    while m < len && is_space(bytes[m]) {
                        m += 1;
                    }
                    if m == len || bytes[m] == d || bytes[m] == b'#' {
                        out.push(Field {
                            text: line[j + 1..close].trim(),
                            quoted: true,
                        });
                        if m == len || bytes[m] == b'#' {
                            return;
                        }
                        i = m + 1;
                        continue;
                    }
                    quotes = false;
                }
                None => quotes = false,
            }
        }
        let mut k = j;
        while k < len && bytes[k] != d && bytes[k] != b'#' {
            k += 1;
        }
        out.push(Field {
            text: line[i..k].trim(),
            quoted: false,
        });
        if k == len || bytes[k] == b'#' {
            return;
        }
        i = k + 1;
    }
}

fn split_whitespace<'a>(line: &'a str, out: &mut Vec<Field<'a>>) {
    let bytes = line.as_bytes();
    let len = bytes.len();
    let mut quotes = true;
    let mut i = 0;
    loop {
        loop {
            let w = whitespace_len(line, i);
            if w == 0 {
                break;
            }
            i += w;
        }
        if i >= len || bytes[i] == b'#' {
            return;
        }
        if quotes && bytes[i] == b'"' {
            match closing_quote(bytes, i) {
                Some(close) => {
                    let after = close + 1;
                    if after == len || bytes[after] == b'#' || whitespace_len(line, after) > 0 {
                        out.push(Field {
                            text: line[i + 1..close].trim(),
                            quoted: true,
                        });
                        i = after;
                        continue;
                    }
                    quotes = false;
                }
                None => quotes = false,
            }
        }
        let start = i;
        while i < len && bytes[i] != b'#' && whitespace_len(line, i) == 0 {
            i += char_len(line, i);
        }
        out.push(Field {
            text: &line[start..i],
            quoted: false,
        });
    }
}

/// Drops one unquoted empty field at the end of a line (`1,2,`), for byte delimiters.
fn drop_trailing_empty(fields: &mut Vec<Field<'_>>, delimiter: Delimiter) {
    if let Delimiter::Byte(_) = delimiter {
        if fields.len() > 1 {
            if let Some(last) = fields.last() {
                if last.text.is_empty() && !last.quoted {
                    fields.pop();
                }
            }
        }
    }
}

/// Why a field is not a finite number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberError {
    Empty,
    NotANumber,
    NotFinite,
}

/// Reads a number: Rust `f64` syntax with an optional leading `+`; with `decimal_comma`, a field
/// with a comma and no dot has its comma read as the decimal point. Returns the value even when it
/// is not finite (the caller decides).
fn read_number(text: &str, decimal_comma: bool) -> Result<f64, NumberError> {
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let parsed = if decimal_comma && text.contains(',') && !text.contains('.') {
        let mut buf = [0u8; 64];
        if text.len() <= buf.len() {
            let b = &mut buf[..text.len()];
            b.copy_from_slice(text.as_bytes());
            for x in b.iter_mut() {
                if *x == b',' {
                    *x = b'.';
                }
            }
            // Replacing one ASCII byte by another keeps the text valid UTF-8.
            std::str::from_utf8(b).map_or(Err(()), |s| s.parse::<f64>().map_err(|_| ()))
        } else {
            text.replace(',', ".").parse::<f64>().map_err(|_| ())
        }
    } else {
        text.parse::<f64>().map_err(|_| ())
    };
    parsed.map_err(|()| NumberError::NotANumber)
}

/// Reads a finite number from a field, or says what is wrong with it.
fn read_finite(text: &str, decimal_comma: bool) -> Result<f64, NumberError> {
    let v = read_number(text, decimal_comma)?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(NumberError::NotFinite)
    }
}

fn number_error(line: usize, column: usize, text: &str, e: NumberError) -> ParseError {
    let kind = match e {
        NumberError::Empty => ParseErrorKind::EmptyCell,
        NumberError::NotANumber => ParseErrorKind::NotANumber { found: clip(text) },
        NumberError::NotFinite => ParseErrorKind::NotFinite { found: clip(text) },
    };
    ParseError::new(line, column, kind)
}

/// The name of a header field: unquoted, `""` read as `"`, and `x{i}` when empty.
fn header_name(field: &Field<'_>, position: usize) -> String {
    if field.text.is_empty() {
        format!("x{}", position + 1)
    } else if field.quoted {
        field.text.replace("\"\"", "\"")
    } else {
        field.text.to_owned()
    }
}

/// Resolves one name of [`ColumnSelection::Names`] to a 0-based column.
fn resolve_name(name: &str, names: &[String]) -> Result<usize, ParseErrorKind> {
    let d = names.len();
    if let Some(i) = names.iter().position(|n| n == name) {
        return Ok(i);
    }
    let t = name.trim();
    if let Some(i) = names.iter().position(|n| n.trim() == t) {
        return Ok(i);
    }
    let lower = t.to_lowercase();
    if let Some(i) = names.iter().position(|n| n.trim().to_lowercase() == lower) {
        return Ok(i);
    }
    let number = t
        .strip_prefix(['x', 'X'])
        .unwrap_or(t)
        .parse::<usize>()
        .ok()
        .filter(|&k| k >= 1);
    match number {
        Some(k) if k <= d => Ok(k - 1),
        Some(k) => Err(ParseErrorKind::ColumnOutOfRange {
            index: k - 1,
            columns: d,
        }),
        None => Err(ParseErrorKind::UnknownColumn {
            name: clip(name),
            available: names.to_vec(),
        }),
    }
}

/// Turns a [`ColumnSelection`] into 0-based column positions, given the names of all columns.
fn resolve_columns(
    selection: &ColumnSelection,
    names: &[String],
) -> Result<Vec<usize>, ParseError> {
    let d = names.len();
    let at_input = |kind| ParseError::new(0, 0, kind);
    match selection {
        ColumnSelection::All => Ok((0..d).collect()),
        ColumnSelection::Indices(indices) => {
            if indices.is_empty() {
                return Err(at_input(ParseErrorKind::NoColumnsSelected));
            }
            match indices.iter().find(|&&i| i >= d) {
                Some(&index) => Err(at_input(ParseErrorKind::ColumnOutOfRange {
                    index,
                    columns: d,
                })),
                None => Ok(indices.clone()),
            }
        }
        ColumnSelection::Names(wanted) => {
            if wanted.is_empty() {
                return Err(at_input(ParseErrorKind::NoColumnsSelected));
            }
            wanted
                .iter()
                .map(|w| resolve_name(w, names).map_err(at_input))
                .collect()
        }
        ColumnSelection::MovedLast(name) => {
            let last = resolve_name(name, names).map_err(at_input)?;
            Ok((0..d).filter(|&i| i != last).chain([last]).collect())
        }
    }
}

/// Reads pasted text as a table of numbers.
///
/// See the [module documentation](self) for the accepted format. Errors point at the first
/// problem in the text, by 1-based line and column of the original text.
///
/// ```
/// use emviz_core::parse::{parse_table, ColumnSelection, ParseOptions};
///
/// let text = "# Old Faithful\neruptions,waiting\n3.6,79\n1.8,54\n";
/// let data = parse_table(text, &ParseOptions::default()).unwrap();
/// assert_eq!(data.names(), ["eruptions", "waiting"]);
/// assert_eq!(data.values(), [3.6, 79.0, 1.8, 54.0]);
///
/// let only_waiting = ParseOptions {
///     columns: ColumnSelection::Names(vec!["waiting".into()]),
///     ..ParseOptions::default()
/// };
/// assert_eq!(parse_table(text, &only_waiting).unwrap().values(), [79.0, 54.0]);
///
/// let err = parse_table("1,2\n3,abc\n", &ParseOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), "line 2, column 2: \"abc\" is not a number");
/// ```
pub fn parse_table(text: &str, options: &ParseOptions) -> Result<Dataset, ParseError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = RowReader::new(options.clone());
    let mut values: Vec<f64> = Vec::new();
    for (line_no, line) in (Lines {
        text,
        pos: 0,
        number: 0,
    }) {
        reader.line(line_no, line, &mut values)?;
    }
    let names = reader.finish()?;
    // Cannot fail: at least one column, whole rows, all values finite.
    Dataset::new(names, values).map_err(|_| ParseError::new(0, 0, ParseErrorKind::Empty))
}

/// [`parse_table`] one line at a time, for text too large to hold in memory (the CLI streams
/// files into a binary cache with it). Feed every line of the text in order — numbered from 1,
/// blank and comment lines included, without their line terminators, the byte-order mark
/// already removed from the first — to [`RowReader::line`], which appends each data row's
/// selected values; then [`RowReader::finish`] gives the column names. The errors are exactly
/// those of [`parse_table`] on the whole text.
///
/// ```
/// use emviz_core::parse::{ParseOptions, RowReader};
/// let mut reader = RowReader::new(ParseOptions::default());
/// let mut values = Vec::new();
/// for (i, line) in ["# geyser", "eruptions,waiting", "3.6,79", "1.8,54"].iter().enumerate() {
///     reader.line(i + 1, line, &mut values).unwrap();
/// }
/// assert_eq!(reader.finish().unwrap(), ["eruptions", "waiting"]);
/// assert_eq!(values, [3.6, 79.0, 1.8, 54.0]);
/// let err = reader.line(5, "2.0,abc", &mut values).unwrap_err();
/// assert_eq!(err.to_string(), "line 5, column 2: \"abc\" is not a number");
/// ```
#[derive(Clone, Debug)]
pub struct RowReader {
    options: ParseOptions,
    /// Set by the first line holding data (or the header).
    format: Option<Format>,
    rows: usize,
}

/// What the first line holding data (or the header) fixed for the rest of the text.
#[derive(Clone, Debug)]
struct Format {
    first_line: usize,
    delimiter: Delimiter,
    decimal_comma: bool,
    /// Fields per line.
    d: usize,
    /// The header's names (empty without a header).
    names: Vec<String>,
    selected: Vec<usize>,
    /// The selected columns in text order, to report the leftmost problem of a row.
    in_text_order: Vec<usize>,
}

impl RowReader {
    /// A reader of a new text.
    pub fn new(options: ParseOptions) -> Self {
        Self {
            options,
            format: None,
            rows: 0,
        }
    }

    /// Reads line `line_no` (1-based) of the text, appending its selected values to `out` when
    /// it holds data. On error `out` is unchanged.
    pub fn line(
        &mut self,
        line_no: usize,
        line: &str,
        out: &mut Vec<f64>,
    ) -> Result<(), ParseError> {
        if is_blank_or_comment(line) {
            return Ok(());
        }
        let mut fields: Vec<Field<'_>> = Vec::new();
        let Some(format) = &self.format else {
            let format = self.first(line_no, line, &mut fields)?;
            // A header's names are kept; a first line of data leaves them to the defaults.
            let header = !format.names.is_empty();
            self.format = Some(format);
            if header {
                return Ok(());
            }
            return self.read_row(line_no, &fields, out);
        };
        split_fields(line, format.delimiter, &mut fields);
        drop_trailing_empty(&mut fields, format.delimiter);
        self.read_row(line_no, &fields, out)
    }

    /// The first line holding data (or the header): delimiter, header, names, selection.
    fn first<'a>(
        &self,
        line_no: usize,
        first: &'a str,
        fields: &mut Vec<Field<'a>>,
    ) -> Result<Format, ParseError> {
        let delimiter = detect_delimiter(first);
        let decimal_comma = delimiter == Delimiter::Byte(b';');
        split_fields(first, delimiter, fields);
        drop_trailing_empty(fields, delimiter);
        let d = fields.len();
        let has_header = match self.options.header {
            HeaderMode::Present => true,
            HeaderMode::Absent => false,
            HeaderMode::Auto => !fields
                .iter()
                .any(|f| read_number(f.text, decimal_comma).is_ok()),
        };
        let names: Vec<String> = if has_header {
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| header_name(f, i))
                .collect()
        } else {
            default_names(d)
        };
        let selected = resolve_columns(&self.options.columns, &names)?;
        let mut in_text_order: Vec<usize> = selected.clone();
        in_text_order.sort_unstable();
        in_text_order.dedup();
        Ok(Format {
            first_line: line_no,
            delimiter,
            decimal_comma,
            d,
            names: if has_header { names } else { Vec::new() },
            selected,
            in_text_order,
        })
    }

    fn read_row(
        &mut self,
        line_no: usize,
        fields: &[Field<'_>],
        values: &mut Vec<f64>,
    ) -> Result<(), ParseError> {
        let f = self
            .format
            .as_ref()
            .expect("the first line sets the format");
        if fields.len() != f.d {
            return Err(ParseError::new(
                line_no,
                0,
                ParseErrorKind::Ragged {
                    found: fields.len(),
                    expected: f.d,
                    first_line: f.first_line,
                },
            ));
        }
        let start = values.len();
        for &c in &f.selected {
            match read_finite(fields[c].text, f.decimal_comma) {
                Ok(v) => values.push(v),
                Err(_) => {
                    values.truncate(start);
                    // Report the leftmost bad field of the row.
                    for &c in &f.in_text_order {
                        let text = fields[c].text;
                        if let Err(e) = read_finite(text, f.decimal_comma) {
                            return Err(number_error(line_no, c + 1, text, e));
                        }
                    }
                    let text = fields[c].text;
                    let e = read_finite(text, f.decimal_comma)
                        .err()
                        .unwrap_or(NumberError::NotANumber);
                    return Err(number_error(line_no, c + 1, text, e));
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Data rows read so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The names of the selected columns once the whole text has been read, or the error of a
    /// text without data ([`ParseErrorKind::Empty`], [`ParseErrorKind::NoRows`]).
    pub fn finish(&self) -> Result<Vec<String>, ParseError> {
        let Some(f) = &self.format else {
            return Err(ParseError::new(0, 0, ParseErrorKind::Empty));
        };
        if self.rows == 0 {
            return Err(ParseError::new(f.first_line, 0, ParseErrorKind::NoRows));
        }
        let all = if f.names.is_empty() {
            default_names(f.d)
        } else {
            f.names.clone()
        };
        Ok(f.selected.iter().map(|&c| all[c].clone()).collect())
    }
}
