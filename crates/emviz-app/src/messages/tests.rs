//! The messages in every language: each variant worded, its facts kept, its words its own, and
//! the glossary's terms held to.

use super::*;
use crate::error::{Field, LectureProblem, LinkProblem, Problem, Want};
use crate::glossary::check::assert_clean;
use emviz_core::{
    parse_table, CollapseReason, Error as CoreError, Invalid, ParseError, ParseErrorKind,
    ParseOptions, WarningKind,
};

/// The page's languages.
const ALL: [Lang; 3] = [Lang::En, Lang::Ko, Lang::Ja];

fn is_hangul(c: char) -> bool {
    matches!(c, '가'..='힣' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

fn is_korean(s: &str) -> bool {
    s.chars().any(is_hangul) && !s.chars().any(is_kana_or_kanji)
}

fn is_japanese(s: &str) -> bool {
    s.chars().any(is_kana_or_kanji) && !s.chars().any(is_hangul)
}

/// Whether `s` is written in `lang`'s script (and not in the other's), without the English
/// prefix "invalid".
fn is_in(s: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => s.is_ascii() || !(s.chars().any(is_hangul) || s.chars().any(is_kana_or_kanji)),
        Lang::Ko => is_korean(s) && !s.contains("invalid"),
        Lang::Ja => is_japanese(s) && !s.contains("invalid"),
    }
}

fn parse_err(line: usize, column: usize, kind: ParseErrorKind) -> Error {
    ParseError::new(line, column, kind).into()
}

fn every_parse_error_kind() -> Vec<ParseErrorKind> {
    vec![
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
    ]
}

/// The core's errors that are not parse errors or [`Invalid`]: too few points, a collapse for
/// every reason, a source's failure.
fn every_other_core_error() -> Vec<Error> {
    let mut all: Vec<Error> = vec![CoreError::TooFewPoints { n: 1, k: 3 }.into()];
    for reason in [
        CollapseReason::NonFinite,
        CollapseReason::NotPositiveDefinite,
        CollapseReason::NearSingular,
    ] {
        all.push(
            CoreError::Collapse {
                component: 1,
                reason,
            }
            .into(),
        );
    }
    let io = std::io::Error::other("disk gone");
    all.push(CoreError::Source(emviz_core::SourceFailure::new(io)).into());
    all.push(Invalid::NoKFitted { reason: None }.into());
    all
}

fn every_warning() -> Vec<ComponentWarning> {
    [
        WarningKind::Empty { weight: 1e-9 },
        WarningKind::Collapsed,
        WarningKind::Flat,
        WarningKind::Lonely,
    ]
    .into_iter()
    .map(|kind| ComponentWarning { component: 1, kind })
    .collect()
}

/// Every typed error the tests know, with what it is.
fn every_error() -> Vec<(String, Error)> {
    let mut all: Vec<(String, Error)> = Vec::new();
    for kind in every_parse_error_kind() {
        all.push((format!("{kind:?}"), parse_err(17, 23, kind)));
    }
    for e in every_other_core_error() {
        all.push((format!("{e:?}"), e));
    }
    for i in every_invalid() {
        all.push((format!("{i:?}"), i.into()));
    }
    for p in every_problem() {
        all.push((format!("{p:?}"), p.into()));
    }
    for p in every_link_problem() {
        all.push((format!("{p:?}"), p.into()));
    }
    for p in every_lecture_problem() {
        all.push((format!("{p:?}"), p.into()));
    }
    all
}

/// One value of every variant of [`LectureProblem`].
fn every_lecture_problem() -> Vec<LectureProblem> {
    use LectureProblem::*;
    let (column, text) = (7, || "zz".to_string());
    vec![
        TooLong {
            chars: 2_400,
            max: 2_000,
        },
        NoEquals {
            column,
            part: text(),
        },
        UnknownKey {
            column,
            key: text(),
        },
        Repeated {
            column,
            key: text(),
        },
        Value {
            column,
            problem: LinkProblem::SpeedRange,
        },
        Point {
            column,
            value: text(),
        },
        Highlight {
            column,
            value: text(),
        },
        HalfWithoutIt,
    ]
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
        Responsibilities {
            given: 5,
            n: 3,
            k: 2,
        },
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
        SampleWeight {
            row: 3,
            value: -1.5,
        },
        SampleWeightsLength { given: 4, n: 5 },
        SampleWeightsZero { n: 5 },
        UnknownWeightPrior {
            given: "pitman_yor".into(),
        },
        PriorNotPositive {
            prior: emviz_core::PriorName::MeanPrecision,
            value: -1.0,
        },
        DegreesOfFreedomPrior { value: 0.5, d: 2 },
        MeanPrior { given: 3, d: 2 },
        CovariancePriorShape { given: 3, want: 4 },
        CovariancePriorNotPositive,
        CovariancePriorFromData { n: 1.0 },
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
        GaussianParameter {
            name: "σ_p",
            value: -1.0,
        },
        NoSuchComponent { k: 3 },
        PointerNotNumber,
        NotANumber {
            field: Field::Tolerance,
            raw: "1e".into(),
        },
        NotWholeNumber {
            field: Field::Seed,
            raw: "-1".into(),
            min: 0,
            max: (1 << 53) - 1,
        },
        NotWholeNumber {
            field: Field::MaxIterations,
            raw: "0.5".into(),
            min: 1,
            max: 100_000,
        },
        NotANumber {
            field: Field::RegCovar,
            raw: "".into(),
        },
        NotWholeNumber {
            field: Field::Samples,
            raw: "0".into(),
            min: 1,
            max: 100_000,
        },
        NotWholeNumber {
            field: Field::Starts,
            raw: "x".into(),
            min: 1,
            max: 20,
        },
        NotWholeNumber {
            field: Field::K,
            raw: "11".into(),
            min: 1,
            max: 10,
        },
        UnknownStart {
            given: "middle".into(),
        },
        UnknownMethod {
            given: "gibbs".into(),
        },
        Drawing {
            reason: "no canvas".into(),
        },
        NoCanvasContext,
        NoClock,
        NoRandomSource {
            reason: "denied".into(),
        },
        SamplesNotDrawn,
        NoSelection,
        NoSuchExercise { id: 9, count: 8 },
        RowsOutOfRange {
            start: 5,
            end: 9,
            n: 7,
        },
        WorkerShards,
        GifFinished,
        Malformed {
            reason: "missing field `kind`".into(),
        },
        WeightAt {
            line: 4,
            column: 3,
            cause: emviz_core::Invalid::SampleWeight {
                row: 3,
                value: -1.0,
            },
        },
        WeightsColumn {
            column: 3,
            columns: 2,
        },
        WeightedAddPoint,
        ModelVb { model: "VEV" },
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
        Want::Positive,
        Want::CovarianceType,
        Want::Start,
        Want::Method,
        Want::Columns,
        Want::Half,
        Want::Numbers,
        Want::Flag,
        Want::PanelName,
        Want::PanelList,
        Want::LangTag,
        Want::Exercises { max: 8 },
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
fn every_parse_error_kind_is_worded_with_its_line_and_column() {
    for kind in every_parse_error_kind() {
        let e = parse_err(17, 23, kind);
        let ko = describe(&e, Lang::Ko);
        assert!(is_korean(&ko), "{ko}");
        assert!(ko.starts_with("17번째 줄, 23번째 열: "), "{ko}");
        let ja = describe(&e, Lang::Ja);
        assert!(is_japanese(&ja), "{ja}");
        assert!(ja.starts_with("17行目、23列目: "), "{ja}");
        let en = describe(&e, Lang::En);
        assert!(en.contains("line 17, column 23"), "{en}");
    }
    assert_eq!(ko::place(Place::of(0, 4)), "4번째 열: ");
    assert_eq!(ko::place(Place::of(9, 0)), "9번째 줄: ");
    assert_eq!(ko::place(Place::of(0, 0)), "");
    assert_eq!(ja::place(Place::of(0, 4)), "4列目: ");
    assert_eq!(ja::place(Place::of(9, 0)), "9行目: ");
    assert_eq!(ja::place(Place::of(3, 2)), "3行目、2列目: ");
    assert_eq!(ja::place(Place::of(0, 0)), "");
}

#[test]
fn parse_errors_keep_their_facts() {
    let e: Error = parse_table("a b\n1 2\n3 x\n", &ParseOptions::default())
        .unwrap_err()
        .into();
    assert_eq!(
        describe(&e, Lang::Ko),
        "3번째 줄, 2번째 열: \"x\"은(는) 숫자가 아닙니다"
    );
    assert_eq!(
        describe(&e, Lang::Ja),
        "3行目、2列目: \"x\"は数値ではありません"
    );
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
    let msg = describe(&ragged, Lang::Ja);
    assert!(
        msg.starts_with("4行目: ") && msg.contains("3個") && msg.contains("1行目には2個"),
        "{msg}"
    );
    let unknown = ParseErrorKind::UnknownColumn {
        name: "q\tr".into(),
        available: (1..=14).map(|i| format!("c{i}")).collect(),
    };
    let unknown = parse_err(0, 0, unknown);
    for (lang, all) in [(Lang::Ko, "모두 14개"), (Lang::Ja, "全14列")] {
        let msg = describe(&unknown, lang);
        assert!(
            msg.contains("\"q\\tr\"")
                && msg.contains("c12")
                && !msg.contains("c13")
                && msg.contains(all),
            "{msg}"
        );
    }
    let out = parse_err(
        0,
        0,
        ParseErrorKind::ColumnOutOfRange {
            index: 4,
            columns: 2,
        },
    );
    let msg = describe(&out, Lang::Ko);
    assert!(msg.contains("5번째 열") && msg.contains("2개"), "{msg}");
    let msg = describe(&out, Lang::Ja);
    assert!(msg.starts_with("5列目") && msg.contains("2列"), "{msg}");
}

#[test]
fn every_other_variant_is_worded_with_its_facts() {
    let e: Error = CoreError::TooFewPoints { n: 1, k: 3 }.into();
    let msg = describe(&e, Lang::Ko);
    assert!(
        is_korean(&msg) && msg.contains("1개") && msg.contains("3개"),
        "{msg}"
    );
    let msg = describe(&e, Lang::Ja);
    assert!(
        is_japanese(&msg) && msg.contains("1個") && msg.contains("3個"),
        "{msg}"
    );
    let (mut ko_seen, mut ja_seen) = (Vec::new(), Vec::new());
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
        let ko = describe(&e, Lang::Ko);
        assert!(
            ko.starts_with("2번 성분이 붕괴") && ko.contains("reg_covar") && ko.contains("1e-6"),
            "{ko}"
        );
        let ja = describe(&e, Lang::Ja);
        assert!(
            ja.starts_with("成分2が崩壊") && ja.contains("reg_covar") && ja.contains("1e-6"),
            "{ja}"
        );
        assert!(
            !ko_seen.contains(&ko),
            "each reason has its own words: {ko}"
        );
        assert!(
            !ja_seen.contains(&ja),
            "each reason has its own words: {ja}"
        );
        ko_seen.push(ko);
        ja_seen.push(ja);
        let en = describe(&e, Lang::En);
        assert!(
            en.starts_with("component 2 collapsed") && en.contains(&reason.to_string()),
            "{en}"
        );
    }
}

#[test]
fn every_typed_error_has_its_own_words_in_every_language() {
    let errors: Vec<Error> = every_invalid()
        .into_iter()
        .map(Error::from)
        .chain(every_problem().into_iter().map(Error::from))
        .chain(every_link_problem().into_iter().map(Error::from))
        .collect();
    let mut seen: [Vec<String>; 3] = Default::default();
    for e in &errors {
        let en = describe(e, Lang::En);
        // A form field's message leads with the field's label instead.
        let form_field = matches!(
            e,
            Error::Invalid(Problem::NotANumber { .. } | Problem::NotWholeNumber { .. })
        );
        assert!(en.starts_with("invalid ") || form_field, "{en}");
        for (lang, seen) in ALL.into_iter().zip(&mut seen) {
            let msg = describe(e, lang);
            assert!(is_in(&msg, lang), "{en} → {msg}");
            assert!(!seen.contains(&msg), "two errors say {msg}");
            seen.push(msg);
        }
    }
}

#[test]
fn distinct_parse_errors_and_warnings_have_distinct_words() {
    for lang in ALL {
        let mut seen = Vec::new();
        for kind in every_parse_error_kind() {
            let msg = describe(&parse_err(17, 23, kind), lang);
            assert!(!seen.contains(&msg), "two parse errors say {msg}");
            seen.push(msg);
        }
        let mut seen = Vec::new();
        for w in every_warning() {
            let msg = describe_warning(&w, lang);
            assert!(!seen.contains(&msg), "two warnings say {msg}");
            seen.push(msg);
        }
    }
}

#[test]
fn every_message_is_in_its_own_script() {
    for (what, e) in every_error() {
        for lang in [Lang::Ko, Lang::Ja] {
            let msg = describe(&e, lang);
            assert!(is_in(&msg, lang), "{what} in {}: {msg}", lang.code());
        }
    }
    for w in every_warning() {
        assert!(is_korean(&describe_warning(&w, Lang::Ko)), "{w:?}");
        assert!(is_japanese(&describe_warning(&w, Lang::Ja)), "{w:?}");
    }
    let (x, y) = chart_titles(Lang::Ko);
    assert!(is_korean(x) && is_korean(y));
    let (x, y) = chart_titles(Lang::Ja);
    assert!(is_japanese(x) && is_japanese(y));
    assert_eq!(chart_titles(Lang::Ja), ("反復回数", "1点あたりの平均"));
}

#[test]
fn every_message_holds_to_the_glossary() {
    for lang in ALL {
        let code = lang.code();
        for (what, e) in every_error() {
            assert_clean(&describe(&e, lang), code, &what);
        }
        for w in every_warning() {
            assert_clean(&describe_warning(&w, lang), code, &format!("{w:?}"));
        }
        let (x, y) = chart_titles(lang);
        assert_clean(x, code, "the chart's x title");
        assert_clean(y, code, "the chart's y title");
    }
}

#[test]
fn the_facts_reach_every_language() {
    use Invalid::*;
    // (error, its English, facts its Korean holds, facts its Japanese holds)
    type Case = (
        Error,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: Vec<Case> =
        vec![
        (
            KZero.into(),
            "invalid K: K must be at least 1",
            &["1 이상"],
            &["1以上"],
        ),
        (
            Tol { value: -1.0 }.into(),
            "invalid tol: -1 must be a finite number ≥ 0 (the book uses 1e-4)",
            &["-1", "1e-4"],
            &["許容誤差", "-1", "1e-4"],
        ),
        (
            RegCovar { value: -0.5 }.into(),
            "invalid reg_covar: -0.5 must be a finite number ≥ 0 (the default is 1e-6)",
            &["-0.5", "1e-6"],
            &["reg_covar", "-0.5", "1e-6"],
        ),
        (
            UnknownCovarianceType { given: "box".into() }.into(),
            "invalid covariance type: \"box\" is not one of full, tied, diag, spherical",
            &["\"box\"", "spherical"],
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
            &["7列目", "2列"],
        ),
        (
            Underflow { point: 12 }.into(),
            "invalid data: point 12 is so far from every component that its density \
             underflows; rescale the data",
            &["12번째"],
            &["12番目"],
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
            &["3行目", "2列目", "NaN"],
        ),
        (
            PointLength {
                expected: 2,
                found: 3,
            }
            .into(),
            "invalid point: a point needs 2 values, got 3",
            &["2개", "3개"],
            &["2個", "3個"],
        ),
        (
            NotSymmetric { component: 1 }.into(),
            "invalid covariances: the covariance of component 2 is not symmetric",
            &["2번 성분"],
            &["成分2", "共分散行列"],
        ),
        (
            Problem::KRange { k: 11, max: 10 }.into(),
            "invalid K: K must be between 1 and 10, not 11",
            &["10", "11"],
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
            &["反復", "100000", "0"],
        ),
        (
            Problem::NoPreset { id: "nope".into() }.into(),
            "invalid preset: there is no preset called \"nope\"",
            &["\"nope\""],
            &["\"nope\""],
        ),
        (
            Problem::HistoryTooShort { len: 5 }.into(),
            "invalid history: there are only 5 half-steps so far",
            &["5개"],
            &["5個"],
        ),
        (
            Problem::ImportDimensions { model: 1, data: 2 }.into(),
            "invalid data: the model has 1 dimension but the data has 2 columns: load \
             matching data first",
            &["1차원", "2개"],
            &["1次元", "2列"],
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
            &["リンク", "k=\"0\"", "1から10までの整数"],
        ),
        (
            LinkProblem::StartCount { given: 3, k: 2, d: 2 }.into(),
            "invalid link: its start has 3 numbers, but K = 2 components in 2 dimensions need 14",
            &["3개", "K = 2", "14개"],
            &["3個", "K = 2", "14個"],
        ),
    ];
    for (e, en, ko_facts, ja_facts) in cases {
        assert_eq!(describe(&e, Lang::En), en);
        let ko = describe(&e, Lang::Ko);
        for f in ko_facts {
            assert!(ko.contains(f), "{ko} lacks {f}");
        }
        let ja = describe(&e, Lang::Ja);
        for f in ja_facts {
            assert!(ja.contains(f), "{ja} lacks {f}");
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
    assert_eq!(
        describe(&e, Lang::Ja),
        "データを読み込めませんでした: disk gone"
    );
}

#[test]
fn real_app_errors_are_worded_in_each_language() {
    let mut app = crate::app::App::new();
    let bad = crate::settings::Settings {
        k: 11,
        ..Default::default()
    };
    let e = app.apply_settings(bad).unwrap_err();
    assert_eq!(
        describe(&e, Lang::Ko),
        "K는 1에서 10 사이여야 합니다(11은(는) 안 됩니다)"
    );
    assert_eq!(
        describe(&e, Lang::Ja),
        "Kは1から10の間にしてください（11は使えません）"
    );
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
    assert!(describe(&e, Lang::Ja).contains("崩壊"));
}

#[test]
fn warnings_are_worded_from_their_facts_in_every_language() {
    for (kind, en, ko, ja) in [
        (
            WarningKind::Empty { weight: 1e-9 },
            "is empty (weight 1.0e-9)",
            "비었습니다(혼합 가중치 1.0e-9)",
            "空です（混合係数 1.0e-9）",
        ),
        (
            WarningKind::Collapsed,
            "collapsed onto (nearly) identical points",
            "붕괴",
            "崩壊",
        ),
        (WarningKind::Flat, "nearly flat", "납작", "平ら"),
        (
            WarningKind::Lonely,
            "shrunk onto it",
            "쪼그라들었습니다",
            "縮んで",
        ),
    ] {
        let w = ComponentWarning { component: 1, kind };
        let msg = describe_warning(&w, Lang::Ko);
        assert!(msg.starts_with("2번 성분") && msg.contains(ko), "{msg}");
        let msg = describe_warning(&w, Lang::Ja);
        assert!(msg.starts_with("成分2") && msg.contains(ja), "{msg}");
        let msg = describe_warning(&w, Lang::En);
        assert!(msg.starts_with("component 2 ") && msg.contains(en), "{msg}");
    }
}

#[test]
fn the_language_comes_from_a_tag() {
    for (tag, lang) in [
        ("ko", Lang::Ko),
        ("ko-KR", Lang::Ko),
        (" KO", Lang::Ko),
        ("ko_KR", Lang::Ko),
        ("ja", Lang::Ja),
        ("ja-JP", Lang::Ja),
        ("JA", Lang::Ja),
        ("ja-Jpan-JP", Lang::Ja),
        ("en", Lang::En),
        ("en-GB", Lang::En),
        ("", Lang::En),
        ("fr", Lang::En),
        ("zh-Hant", Lang::En),
        // Another language whose tag merely starts with the letters of one the page speaks.
        ("kok", Lang::En),
        ("jam", Lang::En),
    ] {
        assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
    }
    for lang in ALL {
        assert_eq!(Lang::from_tag(lang.code()), lang);
    }
    assert_eq!(
        ALL.map(Lang::code),
        ["en", "ko", "ja"],
        "the glossary's languages, in its order"
    );
    assert_eq!(Lang::default(), Lang::En);
}

#[test]
fn a_failed_selection_gives_its_first_rows_reason_in_each_language() {
    let reason = Invalid::RegCovar { value: -0.5 };
    let e: Error = CoreError::from(Invalid::NoKFitted {
        reason: Some(Box::new(reason.clone().into())),
    })
    .into();
    let en = describe(&e, Lang::En);
    assert!(
        en.starts_with("invalid K: no K could be fitted: invalid reg_covar"),
        "{en}"
    );
    let ko = describe(&e, Lang::Ko);
    assert!(ko.contains("어떤 K로도") && !ko.contains("invalid"), "{ko}");
    assert!(ko.contains(&ko::invalid(&reason)), "{ko}");
    let ja = describe(&e, Lang::Ja);
    assert!(ja.contains("どのKでも") && !ja.contains("invalid"), "{ja}");
    assert!(ja.contains(&ja::invalid(&reason)), "{ja}");
}

#[test]
fn korean_says_ieoya_after_a_consonant_and_yeoya_after_a_vowel() {
    assert_eq!(ko::must_be("정수"), "여야");
    assert_eq!(ko::must_be("패널 이름"), "이어야");
    assert_eq!(ko::must_be("하나"), "여야");
    assert_eq!(ko::must_be("0,1"), "여야");
    let e: Error = LinkProblem::Field {
        key: "hide".into(),
        value: "<b>".into(),
        want: Want::PanelName,
    }
    .into();
    let ko = describe(&e, Lang::Ko);
    assert!(ko.ends_with("패널 이름이어야 합니다"), "{ko}");
}
