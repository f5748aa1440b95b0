//! [`ParseError`]: why pasted or loaded text could not be read as a table, and where; and the
//! helpers every language's message uses to quote what was found ([`clip`], [`escaped`],
//! [`quoted`]). The parser itself is [`crate::parse`].

use std::fmt;

/// Why the text could not be read, and where.
///
/// Its [`Display`](fmt::Display) is one line meant for people who are not programmers, such as
/// `line 3, column 2: "abc" is not a number`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the original text; 0 when the error is not tied to a line.
    pub line: usize,
    /// 1-based field number within the line (counting every field of the text, selected or
    /// not); 0 when the error concerns the whole line or the whole input.
    pub column: usize,
    /// What went wrong.
    pub kind: ParseErrorKind,
}

/// The kinds of [`ParseError`].
///
/// Strings quoted from the text (`found`, `name`) are cut to their first 40 characters, followed
/// by `…`, when they are longer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// There is no line holding data: the text is empty or holds only blank lines and comments.
    Empty,
    /// There is a header but no line of data after it.
    NoRows,
    /// A field that should be a number is not one.
    NotANumber {
        /// The field's text (without surrounding quotes).
        found: String,
    },
    /// A field is a number but not a finite one (`nan`, `inf`, or too large such as `1e999`).
    NotFinite {
        /// The field's text (without surrounding quotes).
        found: String,
    },
    /// A selected field is empty.
    EmptyCell,
    /// A line has a different number of fields than the first line.
    Ragged {
        /// Number of fields on this line.
        found: usize,
        /// Number of fields on the first line holding data or the header.
        expected: usize,
        /// 1-based line number of that first line.
        first_line: usize,
    },
    /// A column asked for by name does not exist.
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The names of all columns of the text.
        available: Vec<String>,
    },
    /// A column asked for by position does not exist.
    ColumnOutOfRange {
        /// 0-based position asked for.
        index: usize,
        /// Number of columns of the text.
        columns: usize,
    },
    /// The column selection is empty.
    NoColumnsSelected,
}

impl ParseError {
    /// Builds an error at a 1-based `line` and `column` (0 for "not tied to one").
    pub fn new(line: usize, column: usize, kind: ParseErrorKind) -> Self {
        Self { line, column, kind }
    }
}

/// At most this many characters of a quoted string are kept in an error.
const MAX_SHOWN_CHARS: usize = 40;
/// At most this many column names are listed in an [`ParseErrorKind::UnknownColumn`] message.
pub const MAX_SHOWN_NAMES: usize = 12;

/// Cuts `s` to `MAX_SHOWN_CHARS` (40) characters, marking a cut with `…`.
pub fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}

/// Whether `c` should be shown escaped because it is invisible or would break the line.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `s` with invisible characters written as escapes (`\t`, `\u{a0}`, …), so a message shows
/// exactly what was found.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `s` in double quotes, escaped as by [`escaped`].
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", escaped(s))
}

/// Writes `s` in double quotes, with invisible characters escaped.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str(&quoted(s))
}

/// Writes a name without quotes, cut to `MAX_SHOWN_CHARS` (40), invisible characters escaped.
fn write_name(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str(&escaped(&clip(s)))
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Empty => f.write_str(
                "no data: the text is empty (or holds only blank lines and # comments)",
            ),
            ParseErrorKind::NoRows => f.write_str(
                "this line is a header (column names), but no rows of numbers follow it",
            ),
            ParseErrorKind::NotANumber { found } => {
                write_quoted(f, found)?;
                f.write_str(" is not a number")
            }
            ParseErrorKind::NotFinite { found } => {
                write_quoted(f, found)?;
                f.write_str(" is not a finite number")
            }
            ParseErrorKind::EmptyCell => {
                f.write_str("the value is missing — every row needs a number in each column")
            }
            ParseErrorKind::Ragged {
                found,
                expected,
                first_line,
            } => write!(
                f,
                "{found} value{}, but line {first_line} has {expected} — every row needs the same number of values",
                if *found == 1 { "" } else { "s" }
            ),
            ParseErrorKind::UnknownColumn { name, available } => {
                f.write_str("unknown column ")?;
                write_quoted(f, &clip(name))?;
                f.write_str(": the columns are ")?;
                for (i, a) in available.iter().take(MAX_SHOWN_NAMES).enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_name(f, a)?;
                }
                if available.len() > MAX_SHOWN_NAMES {
                    write!(f, ", … ({} in all)", available.len())?;
                }
                Ok(())
            }
            ParseErrorKind::ColumnOutOfRange { index, columns } => write!(
                f,
                "there is no column {}: the data has {columns} column{}",
                index.saturating_add(1),
                if *columns == 1 { "" } else { "s" }
            ),
            ParseErrorKind::NoColumnsSelected => {
                f.write_str("no columns selected: choose at least one column")
            }
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, 0) => {}
            (0, c) => write!(f, "column {c}: ")?,
            (l, 0) => write!(f, "line {l}: ")?,
            (l, c) => write!(f, "line {l}, column {c}: ")?,
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for ParseError {}
