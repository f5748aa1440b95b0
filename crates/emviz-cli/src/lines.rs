//! Text read one line at a time, for inputs too large to hold in memory: the same line rules as
//! the core's parser (`\n`, `\r\n` and a lone `\r` end a line; a UTF-8 byte-order mark at the
//! start is dropped), and the same "not UTF-8" message as reading a whole file.

use std::io::{BufRead, BufReader, Read};

use crate::error::{io_message, CliError, Result};

/// Calls `f(line number, line)` for every line of `input` (numbered from 1, without its
/// terminator), stopping at the first error. `name` names the input in messages. Returns the
/// number of bytes read.
pub fn for_each_line(
    input: impl Read,
    name: &str,
    mut f: impl FnMut(usize, &str) -> Result<()>,
) -> Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let mut buf: Vec<u8> = Vec::with_capacity(256);
    let mut number = 0usize;
    let mut offset = 0u64;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| CliError::msg(format!("cannot read {name}: {}", io_message(&e))))?;
        if read == 0 {
            return Ok(offset);
        }
        let start = usize::from(offset == 0 && buf.starts_with(b"\xEF\xBB\xBF")) * 3;
        // `buf` ends at a `\n` (or the end of the input); any `\r` before it ends a line too,
        // unless it is the `\r` of a final `\r\n`.
        let body_end = if buf.ends_with(b"\r\n") {
            buf.len() - 2
        } else if buf.ends_with(b"\n") {
            buf.len() - 1
        } else {
            buf.len()
        };
        let mut piece_start = start;
        loop {
            let cr = buf[piece_start..body_end].iter().position(|&b| b == b'\r');
            let piece_end = cr.map_or(body_end, |i| piece_start + i);
            let text = std::str::from_utf8(&buf[piece_start..piece_end]).map_err(|e| {
                CliError::msg(format!(
                    "cannot read {name}: it is not UTF-8 text (invalid byte at offset {})",
                    offset + (piece_start + e.valid_up_to()) as u64
                ))
            })?;
            number += 1;
            f(number, text)?;
            match cr {
                // A lone `\r` at the very end of the input ends a line but starts no new one.
                Some(_) if piece_end + 1 == buf.len() => break,
                Some(_) => piece_start = piece_end + 1,
                None => break,
            }
        }
        offset += read as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for_each_line(text, "t", |n, l| {
            out.push((n, l.to_owned()));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn line_ends_and_bom_as_the_core_parser_reads_them() {
        let got = lines(b"\xEF\xBB\xBFa\r\nb\rc\n\nd");
        let want: Vec<(usize, String)> = ["a", "b", "c", "", "d"]
            .iter()
            .enumerate()
            .map(|(i, s)| (i + 1, (*s).to_owned()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(lines(b"x\n"), vec![(1, "x".to_owned())]);
        assert_eq!(lines(b"x\r"), vec![(1, "x".to_owned())]);
        assert_eq!(lines(b"x\r\r\ny").len(), 3);
        assert_eq!(lines(b""), vec![]);
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = for_each_line(&b"ok\nab\xFFc\n"[..], "f.txt", |_, _| Ok(())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read f.txt: it is not UTF-8 text (invalid byte at offset 5)"
        );
    }
}
