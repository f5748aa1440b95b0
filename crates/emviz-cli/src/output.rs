//! Writing results: standard output (a closed pipe stops quietly), pretty JSON, `warning:` lines
//! and number formats.

use std::io::{self, Write};

use serde::Serialize;

use crate::error::{write_error, CliError, Result};

/// Writes text to standard output.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(write_error)
}

/// Writes a value as pretty-printed JSON and a newline.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::msg(format!("cannot write the JSON output: {e}")))?;
    text.push('\n');
    print(&text)
}

/// Writes a value as one line of JSON.
pub fn print_json_line<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string(value)
        .map_err(|e| CliError::msg(format!("cannot write the JSON output: {e}")))?;
    text.push('\n');
    print(&text)
}

/// Prints `warning: <message>` on standard error.
pub fn warn(message: &str) {
    eprintln!("warning: {}", message.replace(['\n', '\r'], " "));
}

/// A number as C's `printf("%.17g")` writes it (17 significant digits, trailing zeros removed,
/// exponent form below 1e-4 and from 1e17), which reads back to the same `f64`.
pub fn format_g17(v: f64) -> String {
    const P: i32 = 17;
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // The decimal exponent after rounding to P significant digits.
    let sci = format!("{:.*e}", (P - 1) as usize, v);
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return sci;
    };
    if !(-4..P).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip_zeros(mantissa), exp.unsigned_abs())
    } else {
        let fixed = format!("{:.*}", (P - 1 - exp) as usize, v);
        strip_zeros(&fixed).to_owned()
    }
}

/// `1.2500` → `1.25`, `3.000` → `3`; text without a decimal point is unchanged.
fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// A number for a table: fixed with `decimals` digits, or exponent form if very large or small.
pub fn format_fixed(v: f64, decimals: usize) -> String {
    if v != 0.0 && (v.abs() >= 1e12 || v.abs() < 1e-3) {
        format!("{v:.4e}")
    } else {
        format!("{v:.decimals$}")
    }
}

/// Lays out rows of cells as right-aligned columns separated by two spaces.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!("{}{c}", " ".repeat(w - c.chars().count().min(*w))))
            .collect();
        parts.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(&mut header.iter().copied());
    for row in rows {
        out += &line(&mut row.iter().map(String::as_str));
    }
    out
}

/// The process's peak resident set size in MB (VmHWM of `/proc/self/status`), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g17_matches_printf() {
        // Expected strings from Python's "%.17g" % v.
        let cases = [
            (0.1, "0.10000000000000001"),
            (1.0, "1"),
            (-6.0, "-6"),
            (123456.789, "123456.789"),
            (1e-5, "1.0000000000000001e-05"),
            (0.0001, "0.0001"),
            (1e17, "1e+17"),
            (1e16, "10000000000000000"),
            (-2.5e-300, "-2.5e-300"),
            (std::f64::consts::PI, "3.1415926535897931"),
            (0.0, "0"),
        ];
        for (v, want) in cases {
            assert_eq!(format_g17(v), want, "{v}");
            assert_eq!(format_g17(v).parse::<f64>().unwrap(), v);
        }
    }

    #[test]
    fn tables_align_right() {
        let t = table(&["k", "bic"], &[vec!["1".into(), "10.5".into()]]);
        assert_eq!(t, "k   bic\n1  10.5\n");
    }
}
