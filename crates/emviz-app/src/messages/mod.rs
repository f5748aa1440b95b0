//! Messages for people, in the page's language. The core's errors carry their facts (line,
//! column, component, what was found); this module words them in English (the core's own
//! wording), Korean or Japanese, in the terms of the book (*밑바닥부터 시작하는 딥러닝 5* and
//! *ゼロから作るDeep Learning ❺*, ch. 5) as `glossary.json` fixes them: 성분 / 成分, 혼합 가중치 /
//! 混合係数, 공분산 행렬 / 共分散行列, 부담률 / 負担率, 추정 / 推定, ….
//!
//! Each language other than English is one file a translator reads top to bottom: [`ko`] and
//! [`ja`]. Each covers every variant of the page's [`Error`]: the core's errors
//! ([`emviz_core::ParseErrorKind`], [`emviz_core::Invalid`], [`emviz_core::CollapseReason`], …),
//! the page's own checks ([`crate::error::Problem`]) and links ([`crate::error::LinkProblem`]),
//! each matched on its variant and worded from its facts, as are component warnings
//! ([`emviz_core::WarningKind`]). There is no catch-all arm: the compiler sees to it that a new
//! variant gets words in every language. No English text is read there.

mod ja;
mod ko;
#[cfg(test)]
mod tests;

use emviz_core::parse::{clip, escaped, MAX_SHOWN_NAMES};
use emviz_core::ComponentWarning;

use crate::error::Error;

/// The page's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
    /// Japanese.
    Ja,
}

impl Lang {
    /// From a BCP 47 tag such as `ko`, `ko-KR`, `ja`, `ja-JP` or `en-GB`: its primary language
    /// subtag, in any case; a language the page does not speak is English.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else if primary.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The language's BCP 47 tag: `"en"`, `"ko"` or `"ja"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Ja => "ja",
        }
    }
}

/// The error in words, in `lang`.
pub fn describe(e: &Error, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Ko => ko::describe(e),
        Lang::Ja => ja::describe(e),
    }
}

/// A component warning (from [`emviz_core::Mixture::warnings`]) in words, from its facts.
pub fn describe_warning(w: &ComponentWarning, lang: Lang) -> String {
    match lang {
        Lang::En => w.to_string(),
        Lang::Ko => ko::warning(w),
        Lang::Ja => ja::warning(w),
    }
}

/// The log-likelihood chart's axis titles: (x, y).
pub fn chart_titles(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("iteration", "mean per point"),
        Lang::Ko => ko::CHART_TITLES,
        Lang::Ja => ja::CHART_TITLES,
    }
}

/// Where in a pasted text a parse error is, as its facts give it (a line or column of 0 is not
/// known). Each language words it before the message ("3번째 줄, 2번째 열: ", "3行目、2列目: ").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Neither is known: nothing is said.
    Unknown,
    /// A line.
    Line(usize),
    /// A column.
    Column(usize),
    /// A line and a column.
    LineColumn(usize, usize),
}

impl Place {
    fn of(line: usize, column: usize) -> Self {
        match (line, column) {
            (0, 0) => Place::Unknown,
            (0, c) => Place::Column(c),
            (l, 0) => Place::Line(l),
            (l, c) => Place::LineColumn(l, c),
        }
    }
}

/// The column names an unknown column's message lists, as the English one lists them (at most
/// [`MAX_SHOWN_NAMES`], each clipped, invisible characters escaped), and how many there are in
/// all when some were left out.
fn shown_names(available: &[String]) -> (Vec<String>, Option<usize>) {
    let names = available
        .iter()
        .take(MAX_SHOWN_NAMES)
        .map(|a| escaped(&clip(a)))
        .collect();
    let all = (available.len() > MAX_SHOWN_NAMES).then_some(available.len());
    (names, all)
}
