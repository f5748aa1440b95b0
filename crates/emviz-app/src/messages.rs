//! Messages for people, in the page's language. The core's errors carry their facts (line,
//! column, component, what was found); this module words them in English (the core's own
//! wording) or Korean (the terms of *밑바닥부터 시작하는 딥러닝 5*, ch. 5: 성분, 공분산, 가중치, …).
//!
//! Korean covers every variant of the page's [`Error`]: the core's errors ([`ParseErrorKind`],
//! [`Invalid`], [`CollapseReason`], …), the page's own checks ([`Problem`]) and links
//! ([`LinkProblem`]), each matched on its variant and worded from its facts, as are component
//! warnings ([`WarningKind`]). The compiler sees to it that a new variant gets Korean words; no
//! English text is read here.

use emviz_core::parse::{clip, escaped, quoted, MAX_SHOWN_NAMES};
use emviz_core::{
    CollapseReason, ComponentWarning, Error as CoreError, Invalid, ParseError, ParseErrorKind,
    WarningKind,
};

use crate::error::{Error, LinkProblem, Problem, Want};

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
    match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (Lang::Ko, Error::Core(e)) => korean(e),
        (Lang::Ko, Error::Invalid(p)) => korean_problem(p),
        (Lang::Ko, Error::Link(p)) => korean_link(p),
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

fn korean(e: &CoreError) -> String {
    match e {
        CoreError::Parse(p) => korean_parse(p),
        CoreError::InvalidParameter(i) => korean_invalid(i),
        CoreError::TooFewPoints { n, k } => {
            format!("점 {n}개로는 성분 {k}개를 만들 수 없습니다: 점을 {k}개 이상 주거나 K를 줄이세요")
        }
        CoreError::Collapse { component, reason } => format!(
            "{}번 성분이 붕괴했습니다({}). 공분산이 특이 행렬이 되어 학습을 계속할 수 없습니다. \
             성분 수(K)를 줄이거나, reg_covar를 더 크게(예: 1e-6 이상) 하거나, 데이터의 척도를 바꾸거나, \
             다른 시작점을 써 보세요",
            component + 1,
            korean_collapse_reason(*reason)
        ),
        CoreError::Source(s) => format!("데이터를 읽지 못했습니다: {s}"),
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

fn korean_invalid(i: &Invalid) -> String {
    use Invalid::*;
    match i {
        KZero => "K는 1 이상이어야 합니다".into(),
        KMaxZero => "최대 K는 1 이상이어야 합니다".into(),
        NoKFitted { reason } => match reason {
            Some(r) => format!("어떤 K로도 학습하지 못했습니다({})", korean(r)),
            None => "어떤 K로도 학습하지 못했습니다".into(),
        },
        NInitZero => "n_init은 1 이상이어야 합니다".into(),
        ThreadsZero => "스레드 수는 1 이상이어야 합니다".into(),
        Tol { value } => format!(
            "허용 오차(tol) {value}은(는) 0 이상의 유한한 수여야 합니다(책은 1e-4를 씁니다)"
        ),
        RegCovar { value } => {
            format!("reg_covar {value}은(는) 0 이상의 유한한 수여야 합니다(기본값은 1e-6)")
        }
        UnknownCovarianceType { given } => format!(
            "{}은(는) full, diag, spherical, tied 가운데 하나가 아닙니다",
            quoted(given)
        ),
        NoColumns => "데이터에 열이 없습니다".into(),
        ValuesNotRows { values, columns } => {
            format!("값 {values}개로는 {columns}열짜리 행을 채울 수 없습니다")
        }
        NonFiniteValue { row, column, value } => {
            format!("{row}번째 행, {column}번째 열의 값 {value}은(는) 유한한 숫자가 아닙니다")
        }
        NonFinitePoint {
            point,
            column,
            value,
        } => format!("{point}번째 점, {column}번째 열의 값 {value}은(는) 유한한 숫자가 아닙니다"),
        RowLength {
            row,
            found,
            expected,
        } => format!("{row}번째 행에 값이 {found}개 있는데, {expected}개여야 합니다"),
        NoColumnsChosen => "열을 하나 이상 고르세요".into(),
        NoSuchColumn { column, columns } => {
            format!("{column}번째 열은 없습니다: 데이터의 열은 {columns}개입니다")
        }
        PointLength { expected, found } => {
            format!("점 하나에는 값이 {expected}개 필요한데 {found}개가 왔습니다")
        }
        PointNotFinite => "점의 값은 유한한 숫자여야 합니다".into(),
        Underflow { point } => format!(
            "{point}번째 점이 모든 성분에서 너무 멀어 확률 밀도가 0으로 언더플로됩니다. \
             데이터의 척도를 바꿔 보세요"
        ),
        ModelDataDimensions { model, data } => {
            format!("모델은 {model}차원인데 데이터의 열은 {data}개입니다")
        }
        SourceDimensions { model, data } => {
            format!("모델은 {model}차원인데 읽어 들이는 데이터의 열은 {data}개입니다")
        }
        CentresDataDimensions { centres, data } => {
            format!("k-means 중심은 값이 {centres}개인데 데이터의 열은 {data}개입니다")
        }
        NoPoints => "평균을 낼 점이 없습니다".into(),
        NoComponents => "혼합 모델에는 성분이 하나 이상 있어야 합니다".into(),
        MeansSplit { values, k } => format!("평균 값 {values}개를 성분 {k}개로 나눌 수 없습니다"),
        MeansNotK => "평균을 성분 K개로 나눌 수 없습니다".into(),
        CovariancesCount { k, d, found } => format!(
            "{d}×{d} 공분산 행렬 {k}개(값 {}개)가 필요한데 값이 {found}개 왔습니다",
            k * d * d
        ),
        WeightsNegative => "혼합 가중치는 0 이상의 유한한 수여야 합니다".into(),
        WeightsZero => "혼합 가중치가 모두 0일 수는 없습니다".into(),
        MeansNotFinite => "평균은 유한한 숫자여야 합니다".into(),
        NotSymmetric { component } => {
            format!("{}번 성분의 공분산이 대칭이 아닙니다", component + 1)
        }
        StartMeans { given, k, d } => format!(
            "숫자가 {given}개 왔는데, 값 {d}개짜리 평균 K = {k}개에는 {}개가 필요합니다",
            k * d
        ),
        StartCovariances { k, d } => {
            format!(
                "{d}×{d} 공분산 K = {k}개에는 숫자 {}개가 필요합니다",
                k * d * d
            )
        }
        StartWeights { k } => format!("혼합 가중치가 K = {k}개 필요합니다"),
        WeightsMeansCount { weights, means } => {
            format!("가중치는 {weights}개인데 평균은 {means}개입니다: 개수가 같아야 합니다")
        }
        MeanLengths => "모든 평균은 길이가 같고 0이 아니어야 합니다".into(),
        CovarianceShape {
            covariance_type,
            k,
            d,
        } => format!("공분산의 모양이 {covariance_type} 공분산, k = {k}, d = {d}에 맞지 않습니다"),
        CentresShape { values, d } => {
            format!("값 {values}개로는 값 {d}개짜리 k-means 중심을 만들 수 없습니다")
        }
        CentresNotFinite => "k-means 중심은 유한한 숫자여야 합니다".into(),
        DistributionLengths { p, q } => {
            format!("p의 원소는 {p}개, q의 원소는 {q}개입니다: 개수가 같아야 합니다")
        }
        NotProbabilities { which } => format!("{which}의 값은 0과 1 사이의 확률이어야 합니다"),
        NotNormalised { which, sum } => format!("{which}의 합이 1이 아니라 {sum}입니다"),
        PcaTooSmall { n, d } => {
            format!("주성분을 구하려면 점과 열이 두 개 이상 있어야 합니다({n} × {d}로는 안 됩니다)")
        }
        PcaNotFinite => "데이터의 공분산이 유한하지 않습니다".into(),
        MStepBeforeEStep => {
            "M 단계에는 E 단계에서 구한 책임(부담률)이 필요합니다: 먼저 E 단계를 실행하세요".into()
        }
        NoPendingMStep => "패스를 기다리는 M 단계가 없습니다(그 사이에 실행이 바뀌었습니다)".into(),
        UpdateBeforeAssign => "k-means의 갱신 단계 전에 할당 단계가 필요합니다".into(),
        PosteriorsRoom { given, n, k } => format!(
            "사후 확률을 담을 자리가 {given}개인데, 점 {n}개 × K = {k}에는 {}개가 필요합니다",
            n * k
        ),
        StatsShape { stats, model } => format!(
            "이 통계량은 K = {}, {}차원, {} 공분산용인데 모델은 K = {}, {}차원, {} 공분산입니다",
            stats.k, stats.d, stats.covariance_type, model.k, model.d, model.covariance_type
        ),
        StatsOtherMeans => {
            "이 통계량은 다른 평균을 가진 모델용입니다: Stats::empty(&model)로 시작하세요".into()
        }
        StatsMerge => "같은 매개변수로 모은 통계량만 합칠 수 있습니다".into(),
        NotPendingShards => "이 통계량은 기다리는 M 단계 패스의 조각들이 아닙니다".into(),
        NothingGathered => "모은 점이 없어 추정할 것이 없습니다".into(),
    }
}

fn korean_problem(p: &Problem) -> String {
    use Problem::*;
    match p {
        KRange { k, max } => format!("K는 1에서 {max} 사이여야 합니다({k}은(는) 안 됩니다)"),
        MaxIterRange { value, max } => {
            format!("최대 반복 횟수는 1에서 {max} 사이로 고르세요({value}은(는) 안 됩니다)")
        }
        SeedRange => "시드는 2⁵³보다 작은 정수여야 합니다".into(),
        BookStart => "책의 시작점은 K = 2이고 열이 두 개일 때만 쓸 수 있습니다. \
                      k-means++나 무작위 시작을 고르세요"
            .into(),
        NoPreset { id } => format!("{}(이)라는 예제 데이터는 없습니다", quoted(id)),
        TruthDimensions => "참 혼합 분포와 데이터의 차원이 다릅니다".into(),
        HistoryTooShort { len } => format!("지금까지 기록된 반 단계는 {len}개뿐입니다"),
        ViewColumns { columns } => format!("데이터의 열은 {columns}개입니다"),
        GifSize { width, height, max } => format!(
            "GIF 프레임은 한 변이 1에서 {max} 픽셀 사이여야 합니다({width} × {height}는 안 됩니다)"
        ),
        GifFrameBytes {
            width,
            height,
            found,
        } => format!(
            "{width} × {height} 프레임에는 RGBA {}바이트가 필요한데 {found}바이트가 왔습니다",
            *width as usize * *height as usize * 4
        ),
        GifWrite { reason } => format!("GIF를 쓰지 못했습니다: {reason}"),
        NoSuchPoint { point, n } => format!("{point}번 점은 없습니다: 데이터의 점은 {n}개입니다"),
        QValues { k } => format!("q에는 0 이상의 값이 {k}개 필요합니다"),
        QZero => "q는 적어도 한 성분에 양의 확률을 주어야 합니다".into(),
        IterationNoEStep { iteration } => {
            format!("보이는 실행의 {iteration}번째 반복에는 E 단계가 없습니다")
        }
        IterationOtherK { iteration } => format!("{iteration}번째 반복은 성분 수가 달랐습니다"),
        ModelJsonWrite { reason } => format!("모델을 JSON으로 쓰지 못했습니다: {reason}"),
        NotModelJson { reason } => format!("모델 JSON 파일이 아닙니다({reason})"),
        ImportDimensions { model, data } => format!(
            "모델은 {model}차원인데 데이터의 열은 {data}개입니다: 맞는 데이터를 먼저 불러오세요"
        ),
        TooManyComponents { k, max } => {
            format!("모델의 성분이 {k}개입니다: emviz는 {max}개까지 보여 줍니다")
        }
        KMaxRange { k_max, max } => {
            format!("최대 K는 1에서 {max} 사이여야 합니다({k_max}은(는) 안 됩니다)")
        }
        NoCovarianceTypes => "공분산 유형을 하나 이상 고르세요".into(),
        RepeatedCovarianceType => "공분산 유형은 한 번씩만 고를 수 있습니다".into(),
        NothingFitted => "어떤 K로도 학습하지 못했습니다".into(),
        Probability { name, value } => {
            format!("{name}은(는) 0보다 크고 1보다 작은 확률이어야 합니다({value}은(는) 안 됩니다)")
        }
        StartsRange { n_init, max } => {
            format!("시작점 수는 1에서 {max} 사이로 고르세요({n_init}은(는) 안 됩니다)")
        }
        NoSuchComponent { k } => format!("성분은 {k}개뿐입니다"),
        PointerNotNumber => "포인터 위치가 숫자가 아닙니다".into(),
        SamplesRange { n, max } => {
            format!("점은 1개에서 {max}개 사이로 뽑으세요({n}은(는) 안 됩니다)")
        }
    }
}

/// What a link's key takes; every wording ends in a vowel, for the "…여야 합니다" after it.
fn korean_want(w: Want) -> String {
    match w {
        Want::WholeNumber { min, max } => format!("{min}에서 {max} 사이의 정수"),
        Want::NonNegative => "0 이상의 수".into(),
        Want::CovarianceType => "full, diag, spherical, tied 가운데 하나".into(),
        Want::Start => "book, kmeanspp, random 가운데 하나".into(),
        Want::Columns => "0,1 같은 열 번호 두 개".into(),
        Want::Half => "E나 M 가운데 하나".into(),
        Want::Numbers => "쉼표로 구분한 유한한 숫자".into(),
        Want::Flag => "1이나 0 가운데 하나".into(),
        Want::PanelName => "글자, 숫자, -로 된 패널 이름".into(),
        Want::PanelList => "쉼표로 구분한 패널 이름".into(),
        Want::LangTag => "en이나 ko 같은 언어 태그".into(),
    }
}

/// A link's problem in Korean, after "링크가 올바르지 않습니다: " (the English "invalid link: ").
fn korean_link(p: &LinkProblem) -> String {
    use LinkProblem::*;
    let what = match p {
        TooLong { chars, max } => format!("길이가 {chars}자입니다: {max}자까지만 읽습니다"),
        NotText { key } => format!("{}의 값이 올바른 텍스트가 아닙니다", quoted(key)),
        NoPreset { id } => format!("{}(이)라는 예제 데이터는 없습니다", quoted(id)),
        StartCount { given, k, d } => format!(
            "시작점에 숫자가 {given}개 있는데, {d}차원 성분 K = {k}개에는 {}개가 필요합니다",
            k + k * d + k * d * d
        ),
        ColumnNames => "이 열 이름들은 링크에 쓸 수 없습니다".into(),
        DataTooLong { chars, max } => {
            format!("데이터가 {chars}자입니다: {max}자까지만 읽습니다")
        }
        DataNotBase64 => "데이터가 base64url 텍스트가 아닙니다(링크가 잘렸나요?)".into(),
        DataDamaged => "데이터가 손상되었거나 너무 큽니다(링크가 잘렸나요?)".into(),
        DataNotText => "데이터가 텍스트가 아닙니다".into(),
        TooManyPanels => "패널 이름이 너무 많습니다".into(),
        SpeedRange => "속도는 1에서 10 사이여야 합니다".into(),
        Field { key, value, want } => {
            format!(
                "{key}={}은(는) {}여야 합니다",
                quoted(value),
                korean_want(*want)
            )
        }
    };
    format!("링크가 올바르지 않습니다: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::{parse_table, ParseOptions};

    fn is_korean(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    fn parse_err(line: usize, column: usize, kind: ParseErrorKind) -> Error {
        ParseError::new(line, column, kind).into()
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
        let msg = describe(&e.into(), Lang::Ko);
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
        let msg = describe(&CoreError::TooFewPoints { n: 1, k: 3 }.into(), Lang::Ko);
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
            let e: Error = CoreError::Collapse {
                component: 1,
                reason,
            }
            .into();
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

    /// One value of every variant of the core's [`Invalid`], with facts worth checking.
    fn every_invalid() -> Vec<Invalid> {
        use emviz_core::{CovarianceType::Full, Distribution, Shape};
        use Invalid::*;
        let shape = |k| Shape {
            k,
            d: 2,
            covariance_type: Full,
        };
        vec![
            KZero,
            KMaxZero,
            NoKFitted {
                reason: Some(Box::new(KZero.into())),
            },
            NInitZero,
            ThreadsZero,
            Tol { value: -1.0 },
            RegCovar { value: -0.5 },
            UnknownCovarianceType {
                given: "box".into(),
            },
            NoColumns,
            ValuesNotRows {
                values: 7,
                columns: 3,
            },
            NonFiniteValue {
                row: 3,
                column: 2,
                value: f64::NAN,
            },
            NonFinitePoint {
                point: 4,
                column: 1,
                value: f64::INFINITY,
            },
            RowLength {
                row: 3,
                found: 4,
                expected: 2,
            },
            NoColumnsChosen,
            NoSuchColumn {
                column: 7,
                columns: 2,
            },
            PointLength {
                expected: 2,
                found: 3,
            },
            PointNotFinite,
            Underflow { point: 12 },
            ModelDataDimensions { model: 3, data: 2 },
            SourceDimensions { model: 3, data: 2 },
            CentresDataDimensions {
                centres: 3,
                data: 2,
            },
            NoPoints,
            NoComponents,
            MeansSplit { values: 5, k: 2 },
            MeansNotK,
            CovariancesCount {
                k: 2,
                d: 2,
                found: 7,
            },
            WeightsNegative,
            WeightsZero,
            MeansNotFinite,
            NotSymmetric { component: 1 },
            StartMeans {
                given: 3,
                k: 2,
                d: 2,
            },
            StartCovariances { k: 2, d: 3 },
            StartWeights { k: 2 },
            WeightsMeansCount {
                weights: 2,
                means: 3,
            },
            MeanLengths,
            CovarianceShape {
                covariance_type: Full,
                k: 2,
                d: 3,
            },
            CentresShape { values: 5, d: 2 },
            CentresNotFinite,
            DistributionLengths { p: 2, q: 3 },
            NotProbabilities {
                which: Distribution::Q,
            },
            NotNormalised {
                which: Distribution::P,
                sum: 0.5,
            },
            PcaTooSmall { n: 1, d: 2 },
            PcaNotFinite,
            MStepBeforeEStep,
            NoPendingMStep,
            UpdateBeforeAssign,
            PosteriorsRoom {
                given: 5,
                n: 3,
                k: 2,
            },
            StatsShape {
                stats: shape(2),
                model: shape(3),
            },
            StatsOtherMeans,
            StatsMerge,
            NotPendingShards,
            NothingGathered,
        ]
    }

    /// One value of every variant of the page's [`Problem`].
    fn every_problem() -> Vec<Problem> {
        use Problem::*;
        vec![
            KRange { k: 11, max: 10 },
            MaxIterRange {
                value: 0,
                max: 100_000,
            },
            SeedRange,
            BookStart,
            NoPreset { id: "nope".into() },
            TruthDimensions,
            HistoryTooShort { len: 5 },
            ViewColumns { columns: 2 },
            GifSize {
                width: 0,
                height: 9,
                max: 4096,
            },
            GifFrameBytes {
                width: 2,
                height: 3,
                found: 5,
            },
            GifWrite {
                reason: "disk".into(),
            },
            NoSuchPoint { point: 9, n: 4 },
            QValues { k: 3 },
            QZero,
            IterationNoEStep { iteration: 7 },
            IterationOtherK { iteration: 6 },
            ModelJsonWrite {
                reason: "oops".into(),
            },
            NotModelJson {
                reason: "line 1".into(),
            },
            ImportDimensions { model: 3, data: 2 },
            TooManyComponents { k: 12, max: 10 },
            KMaxRange { k_max: 13, max: 12 },
            NoCovarianceTypes,
            RepeatedCovarianceType,
            NothingFitted,
            Probability {
                name: "p(heads)",
                value: 1.5,
            },
            StartsRange { n_init: 0, max: 8 },
            NoSuchComponent { k: 3 },
            PointerNotNumber,
            SamplesRange { n: 0, max: 5000 },
        ]
    }

    /// One value of every variant of [`LinkProblem`], and a `Field` for every [`Want`].
    fn every_link_problem() -> Vec<LinkProblem> {
        use LinkProblem::*;
        let mut all = vec![
            TooLong {
                chars: 70_000,
                max: 64_000,
            },
            NotText { key: "k".into() },
            NoPreset { id: "nope".into() },
            StartCount {
                given: 3,
                k: 2,
                d: 2,
            },
            ColumnNames,
            DataTooLong {
                chars: 50_000,
                max: 48_000,
            },
            DataNotBase64,
            DataDamaged,
            DataNotText,
            TooManyPanels,
            SpeedRange,
        ];
        for want in [
            Want::WholeNumber { min: 1, max: 10 },
            Want::NonNegative,
            Want::CovarianceType,
            Want::Start,
            Want::Columns,
            Want::Half,
            Want::Numbers,
            Want::Flag,
            Want::PanelName,
            Want::PanelList,
            Want::LangTag,
        ] {
            all.push(Field {
                key: "k".into(),
                value: "zz".into(),
                want,
            });
        }
        all
    }

    #[test]
    fn every_typed_error_has_its_own_words_in_both_languages() {
        let errors: Vec<Error> = every_invalid()
            .into_iter()
            .map(Error::from)
            .chain(every_problem().into_iter().map(Error::from))
            .chain(every_link_problem().into_iter().map(Error::from))
            .collect();
        let (mut en_seen, mut ko_seen) = (Vec::new(), Vec::new());
        for e in &errors {
            let (en, ko) = (describe(e, Lang::En), describe(e, Lang::Ko));
            assert!(en.starts_with("invalid "), "{en}");
            assert!(is_korean(&ko) && !ko.contains("invalid"), "{en} → {ko}");
            assert!(!en_seen.contains(&en), "two errors say {en}");
            assert!(!ko_seen.contains(&ko), "two errors say {ko}");
            en_seen.push(en);
            ko_seen.push(ko);
        }
    }

    #[test]
    fn the_facts_reach_both_languages() {
        use Invalid::*;
        let cases: Vec<(Error, &str, &[&str])> = vec![
            (KZero.into(), "invalid K: K must be at least 1", &["1 이상"]),
            (
                Tol { value: -1.0 }.into(),
                "invalid tol: -1 must be a finite number ≥ 0 (the book uses 1e-4)",
                &["-1", "1e-4"],
            ),
            (
                RegCovar { value: -0.5 }.into(),
                "invalid reg_covar: -0.5 must be a finite number ≥ 0 (the default is 1e-6)",
                &["-0.5", "1e-6"],
            ),
            (
                UnknownCovarianceType { given: "box".into() }.into(),
                "invalid covariance type: \"box\" is not one of full, diag, spherical, tied",
                &["\"box\"", "spherical"],
            ),
            (
                NoSuchColumn {
                    column: 7,
                    columns: 2,
                }
                .into(),
                "invalid columns: column 7 does not exist: the data has 2 columns",
                &["7번째", "2개"],
            ),
            (
                Underflow { point: 12 }.into(),
                "invalid data: point 12 is so far from every component that its density \
                 underflows; rescale the data",
                &["12번째"],
            ),
            (
                NonFiniteValue {
                    row: 3,
                    column: 2,
                    value: f64::NAN,
                }
                .into(),
                "invalid data: row 3, column 2 holds NaN, which is not a finite number",
                &["3번째 행", "2번째 열", "NaN"],
            ),
            (
                PointLength {
                    expected: 2,
                    found: 3,
                }
                .into(),
                "invalid point: a point needs 2 values, got 3",
                &["2개", "3개"],
            ),
            (
                NotSymmetric { component: 1 }.into(),
                "invalid covariances: the covariance of component 2 is not symmetric",
                &["2번 성분"],
            ),
            (
                Problem::KRange { k: 11, max: 10 }.into(),
                "invalid K: K must be between 1 and 10, not 11",
                &["10", "11"],
            ),
            (
                Problem::MaxIterRange {
                    value: 0,
                    max: 100_000,
                }
                .into(),
                "invalid max iterations: choose between 1 and 100000, not 0",
                &["100000", "0"],
            ),
            (
                Problem::NoPreset { id: "nope".into() }.into(),
                "invalid preset: there is no preset called \"nope\"",
                &["\"nope\""],
            ),
            (
                Problem::HistoryTooShort { len: 5 }.into(),
                "invalid history: there are only 5 half-steps so far",
                &["5개"],
            ),
            (
                Problem::ImportDimensions { model: 1, data: 2 }.into(),
                "invalid data: the model has 1 dimension but the data has 2 columns: load \
                 matching data first",
                &["1차원", "2개"],
            ),
            (
                LinkProblem::Field {
                    key: "k".into(),
                    value: "0".into(),
                    want: Want::WholeNumber { min: 1, max: 10 },
                }
                .into(),
                "invalid link: k=\"0\" should be a whole number from 1 to 10",
                &["링크", "k=\"0\"", "1에서 10 사이의 정수"],
            ),
            (
                LinkProblem::StartCount { given: 3, k: 2, d: 2 }.into(),
                "invalid link: its start has 3 numbers, but K = 2 components in 2 dimensions need 14",
                &["3개", "K = 2", "14개"],
            ),
        ];
        for (e, en, facts) in cases {
            assert_eq!(describe(&e, Lang::En), en);
            let ko = describe(&e, Lang::Ko);
            for f in facts {
                assert!(ko.contains(f), "{ko} lacks {f}");
            }
        }
    }

    #[test]
    fn a_source_failure_is_said_with_the_sources_own_words() {
        let io = std::io::Error::other("disk gone");
        let e = Error::from(CoreError::Source(emviz_core::SourceFailure::new(io)));
        assert_eq!(describe(&e, Lang::En), "disk gone");
        assert_eq!(
            describe(&e, Lang::Ko),
            "데이터를 읽지 못했습니다: disk gone"
        );
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
    fn the_language_comes_from_a_tag() {
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag(" KO"), Lang::Ko);
        assert_eq!(Lang::from_tag("en"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn a_failed_selection_gives_its_first_rows_reason_in_each_language() {
        let e: Error = CoreError::from(Invalid::NoKFitted {
            reason: Some(Box::new(Invalid::RegCovar { value: -0.5 }.into())),
        })
        .into();
        let en = describe(&e, Lang::En);
        assert!(
            en.starts_with("invalid K: no K could be fitted: invalid reg_covar"),
            "{en}"
        );
        let ko = describe(&e, Lang::Ko);
        assert!(ko.contains("어떤 K로도") && !ko.contains("invalid"), "{ko}");
        assert!(
            ko.contains(&korean_invalid(&Invalid::RegCovar { value: -0.5 })),
            "{ko}"
        );
    }
}
