//! Reading source files as the structure tests need them (`layers.rs`, `one_source_per_rule.rs`):
//! the code without comments and with its string literals emptied, and the string literals apart,
//! each with its line. Rust, JavaScript and Python, so the scans can take in the page and the
//! Python package too.

#![allow(dead_code, reason = "each test uses what it needs")]

/// The language of a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// `.rs`: `//` and `/* */` comments, `"…"` and `r#"…"#` strings, `'x'` characters; Rust's
    /// in-file tests (from the first `#[cfg(test)]` that is not a `mod name;` on) are left out.
    Rust,
    /// `.js`, `.mjs`: `//` and `/* */` comments, `'…'`, `"…"` and `` `…` `` strings.
    JavaScript,
    /// `.py`: `#` comments, `'…'`, `"…"`, `'''…'''` and `"""…"""` strings.
    Python,
}

impl Language {
    /// The language of a file name's extension.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "rs" => Some(Language::Rust),
            "js" | "mjs" => Some(Language::JavaScript),
            "py" => Some(Language::Python),
            _ => None,
        }
    }
}

/// Writes what stands for `removed` into `code`: `quote` twice around as many line breaks as it
/// held, so the code's lines stay the file's lines.
fn keep_lines(code: &mut String, removed: &str, quote: &str) {
    code.push_str(quote);
    code.extend(std::iter::repeat_n('\n', removed.matches('\n').count()));
    code.push_str(quote);
}

/// A file read apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexed {
    /// The code: comments removed, every string literal written `""`, character literals `' '`;
    /// line breaks are kept, so its lines are the file's.
    pub code: String,
    /// Every string literal's contents (escapes as written) with its 1-based line.
    pub strings: Vec<(usize, String)>,
}

/// The `name`s of `#[cfg(test)] mod name;` in Rust `text`: test modules in files of their own,
/// which a scan leaves out as it leaves out in-file tests.
pub fn test_modules(text: &str) -> Vec<String> {
    text.match_indices("#[cfg(test)]")
        .filter_map(|(i, attr)| declared_module(&text[i + attr.len()..]))
        .collect()
}

/// `name` if `after` (what follows an attribute) is `mod name;`.
fn declared_module(after: &str) -> Option<String> {
    let rest = after.trim_start().strip_prefix("mod ")?.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    rest[end..]
        .trim_start()
        .starts_with(';')
        .then(|| rest[..end].to_owned())
}

/// Where Rust `text`'s in-file tests begin: the first `#[cfg(test)]` that does not declare a
/// test module kept in its own file.
fn tests_start(text: &str) -> Option<usize> {
    text.match_indices("#[cfg(test)]")
        .find(|(i, attr)| declared_module(&text[i + attr.len()..]).is_none())
        .map(|(i, _)| i)
}

/// Reads `text` apart as `language`.
pub fn lex(text: &str, language: Language) -> Lexed {
    let text = match (language, tests_start(text)) {
        (Language::Rust, Some(i)) => &text[..i],
        _ => text,
    };
    let b = text.as_bytes();
    let mut out = Lexed::default();
    let mut i = 0;
    let line_at = |i: usize| text[..i].matches('\n').count() + 1;
    let ident_before = |i: usize| i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let line_comment = match language {
            Language::Python => c == b'#',
            _ => c == b'/' && next == Some(b'/'),
        };
        if line_comment {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if language != Language::Python && c == b'/' && next == Some(b'*') {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            keep_lines(&mut out.code, &text[i..end], "");
            i = end;
            continue;
        }
        // Rust's raw strings: r"…", r#"…"#.
        if language == Language::Rust
            && c == b'r'
            && matches!(next, Some(b'"' | b'#'))
            && !ident_before(i)
        {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) == Some(&b'"') {
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 1 + hashes + 1;
                let end = text[body..].find(&close).map_or(b.len(), |e| body + e);
                out.strings.push((line_at(i), text[body..end].to_owned()));
                keep_lines(&mut out.code, &text[body..end], "\"");
                i = (end + close.len()).min(b.len());
                continue;
            }
        }
        let quote = matches!(
            (language, c),
            (_, b'"') | (Language::JavaScript, b'\'' | b'`') | (Language::Python, b'\'')
        );
        if quote {
            let triple = language == Language::Python
                && b.get(i + 1) == Some(&c)
                && b.get(i + 2) == Some(&c);
            let (open, close) = if triple {
                (3, [c, c, c].to_vec())
            } else {
                (1, vec![c])
            };
            let body = i + open;
            let mut j = body;
            while j < b.len() && !b[j..].starts_with(&close) {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(b.len());
            out.strings.push((line_at(i), text[body..end].to_owned()));
            keep_lines(&mut out.code, &text[body..end], "\"");
            i = (end + close.len()).min(b.len());
            continue;
        }
        if language == Language::Rust && c == b'\'' {
            // A character literal ('x', '\n', '\u{..}', '"'); otherwise a lifetime.
            let rest = &text[i + 1..];
            let len = if rest.starts_with('\\') {
                rest.find('\'').map(|e| e + 1)
            } else {
                rest.chars()
                    .next()
                    .filter(|ch| rest[ch.len_utf8()..].starts_with('\''))
                    .map(|ch| ch.len_utf8() + 1)
            };
            if let Some(len) = len {
                out.code.push_str("' '");
                i += 1 + len;
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap();
        out.code.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[test]
fn rust_is_read_apart() {
    let l = lex(
        "let a = \"x\"; // \"c\"\n/* \"c\" */ let b = r#\"y\"z\"#; let q = '\"'; fn f<'a>() {}\n\
         #[cfg(test)]\nmod t { \"t\" }",
        Language::Rust,
    );
    assert_eq!(l.strings, vec![(1, "x".to_owned()), (2, "y\"z".to_owned())]);
    assert!(l.code.contains("fn f<'a>()") && !l.code.contains("mod t"));
    let kept = "#[cfg(test)]\nmod tests;\nlet a = \"x\";\n#[cfg(test)]\nmod t { \"t\" }";
    assert_eq!(lex(kept, Language::Rust).strings, vec![(3, "x".to_owned())]);
    assert_eq!(test_modules(kept), ["tests"]);
    let spread = lex("let a = \"x\ny\"; /*\n*/ let b = 1;", Language::Rust);
    assert_eq!(spread.code.lines().count(), 3, "{:?}", spread.code);
}

#[test]
fn javascript_and_python_are_read_apart() {
    let js = lex(
        "const a = 'x'; // 'c'\nconst b = `y${1}`; /* 'c' */ f(\"z\")",
        Language::JavaScript,
    );
    let strings: Vec<&str> = js.strings.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(strings, ["x", "y${1}", "z"]);
    let py = lex(
        "a = 'x'  # 'c'\nb = \"\"\"y\n'q'\"\"\"\nc = \"z\\\"\"",
        Language::Python,
    );
    let strings: Vec<(usize, &str)> = py.strings.iter().map(|(l, s)| (*l, s.as_str())).collect();
    assert_eq!(strings, [(1, "x"), (2, "y\n'q'"), (4, "z\\\"")]);
}
