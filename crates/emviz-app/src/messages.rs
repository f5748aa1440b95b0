//! Messages for people, in the page's language. The core's errors carry their facts (line,
//! column, component, what was found); this module words them in English (the core's own
//! wording) or Korean (the terms of *밑바닥부터 시작하는 딥러닝 5*, ch. 5: 성분, 공분산, 가중치, …).
//!
//! Korean covers every [`Error`] variant and every [`ParseErrorKind`]. Parse errors, collapse
//! reasons ([`CollapseReason`]) and component warnings ([`WarningKind`]) are worded from their
//! facts. `InvalidParameter` still carries English text: its messages are matched by parameter
//! name (and the numbers in the English text) until those errors carry typed facts too; one this
//! module does not know yet is still said in Korean, with the English detail quoted after it.

use emviz_core::parse::{clip, escaped, quoted, MAX_SHOWN_NAMES};
use emviz_core::{
    CollapseReason, ComponentWarning, Error, ParseError, ParseErrorKind, WarningKind,
};

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
        Lang::En => e.to_string(),
        Lang::Ko => korean(e),
    }
}

/// A component warning (from [`emviz_core::Mixture::warnings`]) in words, from its facts.
pub fn describe_warning(w: &ComponentWarning, lang: Lang) -> String {
    if lang == Lang::En {
        return w.to_string();
    }
    let j = w.component + 1;
    match w.kind {
        WarningKind::Empty { weight } => format!("{j}번 성분이 비었습니다(가중치 {weight:.1e}): 이 성분에 속하는 점이 없습니다. 성분 수(K)를 줄여 보세요."),
        WarningKind::Collapsed => format!("{j}번 성분이 (거의) 같은 점들 위로 붕괴했습니다: 분산이 0에 가까워 가능도가 한없이 커질 수 있습니다. 성분 수(K)를 줄이거나 reg_covar를 키워 보세요."),
        WarningKind::Flat => format!("{j}번 성분이 거의 납작합니다(공분산이 특이 행렬에 가깝습니다): 점들이 거의 한 직선이나 평면 위에 놓여 있습니다."),
        WarningKind::Lonely => format!("{j}번 성분에는 점이 하나 정도밖에 없어 그 점 위로 쪼그라들었습니다. 성분 수(K)를 줄이거나 reg_covar를 키워 보세요."),
    }
}

/// The log-likelihood chart's axis titles: (x, y).
pub fn chart_titles(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("iteration", "mean per point"),
        Lang::Ko => ("반복 횟수", "점당 평균"),
    }
}

fn korean(e: &Error) -> String {
    match e {
        Error::Parse(p) => korean_parse(p),
        Error::InvalidParameter { name, message } => korean_invalid(name, message),
        Error::TooFewPoints { n, k } => {
            format!("점 {n}개로는 성분 {k}개를 만들 수 없습니다: 점을 {k}개 이상 주거나 K를 줄이세요")
        }
        Error::Collapse { component, reason } => format!(
            "{}번 성분이 붕괴했습니다({}). 공분산이 특이 행렬이 되어 학습을 계속할 수 없습니다. \
             성분 수(K)를 줄이거나, reg_covar를 더 크게(예: 1e-6 이상) 하거나, 데이터의 척도를 바꾸거나, \
             다른 시작점을 써 보세요",
            component + 1,
            korean_collapse_reason(*reason)
        ),
    }
}

fn korean_collapse_reason(reason: CollapseReason) -> &'static str {
    match reason {
        CollapseReason::NonFinite => "공분산에 유한하지 않은 값이 생겼습니다",
        CollapseReason::NotPositiveDefinite => {
            "공분산이 양의 정부호가 아닙니다: 이 성분의 점들이 모두 같거나 한 직선·평면 위에 있습니다"
        }
        CollapseReason::NearSingular => {
            "공분산이 특이 행렬에 너무 가까워 역행렬을 구할 수 없습니다"
        }
    }
}

/// Where: "3번째 줄, 2번째 열: ".
fn korean_place(line: usize, column: usize) -> String {
    match (line, column) {
        (0, 0) => String::new(),
        (0, c) => format!("{c}번째 열: "),
        (l, 0) => format!("{l}번째 줄: "),
        (l, c) => format!("{l}번째 줄, {c}번째 열: "),
    }
}

fn korean_parse(p: &ParseError) -> String {
    let what = match &p.kind {
        ParseErrorKind::Empty => {
            "데이터가 없습니다: 텍스트가 비어 있습니다(또는 빈 줄과 # 주석뿐입니다)".to_string()
        }
        ParseErrorKind::NoRows => {
            "이 줄은 열 이름(헤더)인데, 그 뒤에 숫자로 된 행이 없습니다".to_string()
        }
        ParseErrorKind::NotANumber { found } => format!("{}은(는) 숫자가 아닙니다", quoted(found)),
        ParseErrorKind::NotFinite { found } => {
            format!("{}은(는) 유한한 숫자가 아닙니다", quoted(found))
        }
        ParseErrorKind::EmptyCell => {
            "값이 비어 있습니다 — 모든 행의 각 열에 숫자가 하나씩 있어야 합니다".to_string()
        }
        ParseErrorKind::Ragged { found, expected, first_line } => format!(
            "값이 {found}개인데 {first_line}번째 줄에는 {expected}개가 있습니다 — 모든 행의 값 개수가 같아야 합니다"
        ),
        ParseErrorKind::UnknownColumn { name, available } => {
            let mut list: Vec<String> =
                available.iter().take(MAX_SHOWN_NAMES).map(|a| escaped(&clip(a))).collect();
            if available.len() > MAX_SHOWN_NAMES {
                list.push(format!("…(모두 {}개)", available.len()));
            }
            format!("{} 열이 없습니다: 있는 열은 {}입니다", quoted(&clip(name)), list.join(", "))
        }
        ParseErrorKind::ColumnOutOfRange { index, columns } => format!(
            "{}번째 열은 없습니다: 데이터의 열은 {columns}개입니다",
            index.saturating_add(1)
        ),
        ParseErrorKind::NoColumnsSelected => {
            "선택한 열이 없습니다: 열을 하나 이상 고르세요".to_string()
        }
    };
    format!("{}{what}", korean_place(p.line, p.column))
}

/// The Korean name of a parameter the core or the app names in `InvalidParameter`.
fn korean_name(name: &str) -> &str {
    match name {
        "K" | "k" => "K(성분 수)",
        "K max" => "최대 K",
        "max iterations" => "최대 반복 횟수",
        "seed" => "시드",
        "initialisation" => "초기화 방법",
        "tol" => "허용 오차(tol)",
        "reg_covar" => "reg_covar",
        "covariance type" => "공분산 유형",
        "data" => "데이터",
        "columns" => "열",
        "point" => "점",
        "means" => "평균",
        "covariances" => "공분산",
        "weights" => "혼합 가중치",
        "step" => "단계",
        "preset" => "예제 데이터",
        "history" => "기록",
        "distributions" => "확률분포",
        "centres" => "k-means 중심",
        "model" => "모델",
        "n_init" => "n_init",
        other => other,
    }
}

/// The numbers written in `s` (digits with an optional sign, dot and exponent), in order.
fn numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let continues = c.is_ascii_digit()
            || (!cur.is_empty() && (c == '.' || c == 'e' || c == 'E'))
            || (c == '-'
                && (cur.is_empty() || cur.ends_with(['e', 'E']))
                && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if continues {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(
                std::mem::take(&mut cur)
                    .trim_end_matches(['.', 'e', 'E'])
                    .to_string(),
            );
        }
    }
    if !cur.is_empty() {
        out.push(cur.trim_end_matches(['.', 'e', 'E']).to_string());
    }
    out
}

fn korean_invalid(name: &str, message: &str) -> String {
    let n = numbers(message);
    let at = |i: usize| n.get(i).map(String::as_str).unwrap_or("?");
    let has = |s: &str| message.contains(s);
    let first = message.split(' ').next().unwrap_or("");
    let specific = match name {
        "K" if has("between") => Some(format!("K는 1에서 {} 사이여야 합니다({}은(는) 안 됩니다)", at(1), at(2))),
        "K" | "k" if has("at least 1") => Some("K는 1 이상이어야 합니다".to_string()),
        "K max" => Some("최대 K는 1 이상이어야 합니다".to_string()),
        "max iterations" => Some(format!("최대 반복 횟수는 1에서 {} 사이로 고르세요({}은(는) 안 됩니다)", at(1), at(2))),
        "seed" => Some("시드는 2⁵³보다 작은 정수여야 합니다".to_string()),
        "initialisation" if has("book") => Some(
            "책의 시작점은 K = 2이고 열이 두 개일 때만 쓸 수 있습니다. k-means++나 무작위 시작을 고르세요".to_string(),
        ),
        "initialisation" => Some(format!("알 수 없는 초기화 방법입니다: {}", message.trim_start_matches("unknown start "))),
        "tol" => Some(format!("허용 오차(tol) {first}은(는) 0 이상의 유한한 수여야 합니다(책은 1e-4를 씁니다)")),
        "reg_covar" => Some(format!("reg_covar {first}은(는) 0 이상의 유한한 수여야 합니다(기본값은 1e-6)")),
        "covariance type" => Some(format!(
            "{}은(는) full, diag, spherical, tied 가운데 하나가 아닙니다",
            message.split(" is not").next().unwrap_or(message)
        )),
        "preset" => Some(format!("{} 이라는 예제 데이터는 없습니다", message.trim_start_matches("there is no preset called "))),
        "history" => Some(format!("지금까지 기록된 반 단계는 {}개뿐입니다", at(0))),
        "columns" if has("has") && n.len() == 1 => Some(format!("데이터의 열은 {}개입니다", at(0))),
        "columns" if has("does not exist") => Some(format!("{}번째 열은 없습니다: 데이터의 열은 {}개입니다", at(0), at(1))),
        "columns" => Some("열을 하나 이상 고르세요".to_string()),
        "data" if has("underflows") => Some(format!(
            "{}번째 점이 모든 성분에서 너무 멀어 확률 밀도가 0으로 언더플로됩니다. 데이터의 척도를 바꿔 보세요",
            at(0)
        )),
        "data" if has("no columns") => Some("데이터에 열이 없습니다".to_string()),
        "data" if has("not a finite number") => {
            let value = message.split("holds ").nth(1).and_then(|r| r.split(", which").next()).unwrap_or("?");
            Some(format!("{}번째 행, {}번째 열의 값 {value}은(는) 유한한 숫자가 아닙니다", at(0), at(1)))
        }
        "data" if has("expected") => Some(format!("{}번째 행에 값이 {}개 있는데, {}개여야 합니다", at(0), at(1), at(2))),
        "data" if has("the model has") => {
            Some(format!("모델은 {}차원인데 데이터의 열은 {}개입니다", at(0), at(1)))
        }
        "point" if has("needs") => Some(format!("점 하나에는 값이 {}개 필요한데 {}개가 왔습니다", at(0), at(1))),
        "point" => Some("점의 값은 유한한 숫자여야 합니다".to_string()),
        "step" if has("M-step") => Some("M 단계에는 E 단계에서 구한 책임(부담률)이 필요합니다: 먼저 E 단계를 실행하세요".to_string()),
        "weights" if has("non-negative") => Some("혼합 가중치는 0 이상의 유한한 수여야 합니다".to_string()),
        "weights" if has("all be zero") => Some("혼합 가중치가 모두 0일 수는 없습니다".to_string()),
        "means" if has("finite") => Some("평균은 유한한 숫자여야 합니다".to_string()),
        "covariances" if has("not symmetric") => Some(format!("{}번 성분의 공분산이 대칭이 아닙니다", at(0))),
        _ => None,
    };
    match specific {
        Some(s) => s,
        None => format!("{} 값이 올바르지 않습니다 ({message})", korean_name(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::{parse_table, ParseOptions};

    fn is_korean(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    fn parse_err(line: usize, column: usize, kind: ParseErrorKind) -> Error {
        Error::Parse(ParseError::new(line, column, kind))
    }

    #[test]
    fn every_parse_error_kind_is_korean_with_its_line_and_column() {
        let kinds = vec![
            ParseErrorKind::Empty,
            ParseErrorKind::NoRows,
            ParseErrorKind::NotANumber {
                found: "abc".into(),
            },
            ParseErrorKind::NotFinite {
                found: "inf".into(),
            },
            ParseErrorKind::EmptyCell,
            ParseErrorKind::Ragged {
                found: 3,
                expected: 2,
                first_line: 1,
            },
            ParseErrorKind::UnknownColumn {
                name: "zz".into(),
                available: vec!["a".into(), "b".into()],
            },
            ParseErrorKind::ColumnOutOfRange {
                index: 4,
                columns: 2,
            },
            ParseErrorKind::NoColumnsSelected,
        ];
        for kind in kinds {
            let msg = describe(&parse_err(17, 23, kind.clone()), Lang::Ko);
            assert!(is_korean(&msg), "{msg}");
            assert!(msg.starts_with("17번째 줄, 23번째 열: "), "{msg}");
            let en = describe(&parse_err(17, 23, kind), Lang::En);
            assert!(en.contains("line 17, column 23"), "{en}");
        }
        assert_eq!(korean_place(0, 4), "4번째 열: ");
        assert_eq!(korean_place(9, 0), "9번째 줄: ");
    }

    #[test]
    fn parse_errors_keep_their_facts() {
        let e = parse_table("a b\n1 2\n3 x\n", &ParseOptions::default()).unwrap_err();
        let msg = describe(&Error::Parse(e), Lang::Ko);
        assert_eq!(msg, "3번째 줄, 2번째 열: \"x\"은(는) 숫자가 아닙니다");
        let ragged = parse_err(
            4,
            0,
            ParseErrorKind::Ragged {
                found: 3,
                expected: 2,
                first_line: 1,
            },
        );
        let msg = describe(&ragged, Lang::Ko);
        assert!(
            msg.contains("4번째 줄") && msg.contains("3개") && msg.contains("1번째 줄에는 2개"),
            "{msg}"
        );
        let unknown = ParseErrorKind::UnknownColumn {
            name: "q\tr".into(),
            available: (1..=14).map(|i| format!("c{i}")).collect(),
        };
        let msg = describe(&parse_err(0, 0, unknown), Lang::Ko);
        assert!(
            msg.contains("\"q\\tr\"")
                && msg.contains("c12")
                && !msg.contains("c13")
                && msg.contains("모두 14개"),
            "{msg}"
        );
        let out = describe(
            &parse_err(
                0,
                0,
                ParseErrorKind::ColumnOutOfRange {
                    index: 4,
                    columns: 2,
                },
            ),
            Lang::Ko,
        );
        assert!(out.contains("5번째 열") && out.contains("2개"), "{out}");
    }

    #[test]
    fn every_other_variant_is_korean_with_its_facts() {
        let msg = describe(&Error::TooFewPoints { n: 1, k: 3 }, Lang::Ko);
        assert!(
            is_korean(&msg) && msg.contains("1개") && msg.contains("3개"),
            "{msg}"
        );
        let mut seen = std::collections::HashSet::new();
        for reason in [
            CollapseReason::NonFinite,
            CollapseReason::NotPositiveDefinite,
            CollapseReason::NearSingular,
        ] {
            let e = Error::Collapse {
                component: 1,
                reason,
            };
            let msg = describe(&e, Lang::Ko);
            assert!(
                msg.starts_with("2번 성분이 붕괴")
                    && msg.contains("reg_covar")
                    && msg.contains("1e-6"),
                "{msg}"
            );
            assert!(seen.insert(msg), "each reason has its own words");
            let en = describe(&e, Lang::En);
            assert!(
                en.starts_with("component 2 collapsed") && en.contains(&reason.to_string()),
                "{en}"
            );
        }
    }

    #[test]
    fn invalid_parameters_from_the_app_and_core_read_in_korean() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("K", "K must be between 1 and 10, not 11", &["10", "11"]),
            ("K", "K must be at least 1", &["1 이상"]),
            ("max iterations", "choose between 1 and 100000, not 0", &["100000", "0"]),
            ("seed", "the seed must be a whole number below 2⁵³", &["시드"]),
            ("initialisation", "the book's start needs K = 2 and two columns; choose k-means++ or random", &["책의 시작점", "k-means++"]),
            ("initialisation", "unknown start \"zz\"", &["\"zz\""]),
            ("tol", "-1 must be a finite number ≥ 0 (the book uses 1e-4)", &["-1", "1e-4"]),
            ("reg_covar", "-0.5 must be a finite number ≥ 0 (the default is 1e-6)", &["-0.5", "1e-6"]),
            ("covariance type", "\"box\" is not one of full, diag, spherical, tied", &["\"box\"", "spherical"]),
            ("preset", "there is no preset called \"nope\"", &["\"nope\""]),
            ("history", "there are only 5 half-steps so far", &["5개"]),
            ("columns", "the data has 2 columns", &["2개"]),
            ("columns", "column 7 does not exist: the data has 2 columns", &["7번째", "2개"]),
            ("data", "point 12 is so far from every component that its density underflows; rescale the data", &["12번째"]),
            ("data", "row 3, column 2 holds NaN, which is not a finite number", &["3번째 행", "2번째 열"]),
            ("point", "a point needs 2 values, got 3", &["2개", "3개"]),
            ("step", "an M-step needs the responsibilities of an E-step: run an E-step first", &["E 단계"]),
            ("brand new", "something only English knows", &["brand new", "something only English knows"]),
        ];
        for (name, message, facts) in cases {
            let e = Error::InvalidParameter {
                name,
                message: message.to_string(),
            };
            let msg = describe(&e, Lang::Ko);
            assert!(is_korean(&msg), "{name}: {msg}");
            for f in *facts {
                assert!(msg.contains(f), "{name}: {msg} lacks {f}");
            }
            assert_eq!(describe(&e, Lang::En), format!("invalid {name}: {message}"));
        }
    }

    #[test]
    fn real_app_errors_are_korean() {
        let mut app = crate::app::App::new();
        let bad = crate::settings::Settings {
            k: 11,
            ..Default::default()
        };
        let msg = describe(&app.apply_settings(bad).unwrap_err(), Lang::Ko);
        assert_eq!(msg, "K는 1에서 10 사이여야 합니다(11은(는) 안 됩니다)");
        app.load_preset("degenerate", 1).unwrap();
        let s = crate::settings::Settings {
            reg_covar: 0.0,
            ..app.settings().clone()
        };
        let e = app
            .apply_settings(s)
            .and_then(|_| app.run_to_end())
            .unwrap_err();
        assert!(describe(&e, Lang::Ko).contains("붕괴"));
    }

    #[test]
    fn warnings_are_worded_from_their_facts_in_both_languages() {
        for (kind, en, ko) in [
            (
                WarningKind::Empty { weight: 1e-9 },
                "is empty (weight 1.0e-9)",
                "비었습니다(가중치 1.0e-9)",
            ),
            (
                WarningKind::Collapsed,
                "collapsed onto (nearly) identical points",
                "붕괴",
            ),
            (WarningKind::Flat, "nearly flat", "납작"),
            (WarningKind::Lonely, "shrunk onto it", "쪼그라들었습니다"),
        ] {
            let w = ComponentWarning { component: 1, kind };
            let msg = describe_warning(&w, Lang::Ko);
            assert!(msg.starts_with("2번 성분") && msg.contains(ko), "{msg}");
            let msg = describe_warning(&w, Lang::En);
            assert!(msg.starts_with("component 2 ") && msg.contains(en), "{msg}");
        }
    }

    #[test]
    fn numbers_are_found_in_english_details() {
        assert_eq!(
            numbers("K must be between 1 and 10, not 11"),
            ["1", "10", "11"]
        );
        assert_eq!(numbers("-1e-3 must be ≥ 0 (1e-4)."), ["-1e-3", "0", "1e-4"]);
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag("en"), Lang::En);
    }
}
