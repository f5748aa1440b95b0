//! Korean: every error and warning of the page, worded from its facts in the terms of
//! `glossary.json` (성분, 혼합 가중치, 공분산 행렬, 부담률, 추정, 파라미터, 샘플, 반복, K-means, …).
//! Places in a text are "3번째 줄, 2번째 열: ".

use emviz_core::parse::{clip, quoted};
use emviz_core::{
    CollapseReason, ComponentWarning, Error as CoreError, Invalid, ParseError, ParseErrorKind,
    WarningKind,
};

use super::{shown_names, Place};
use crate::error::{shown_limit, Error, Field, LectureProblem, LinkProblem, Problem, Want};
use crate::start::Start;
use emviz_core::rules::{CovarianceType, WeightPrior, DEFAULTS, SEED_MAX};

/// The log-likelihood chart's axis titles: (x, y).
pub(super) const CHART_TITLES: (&str, &str) = ("반복 횟수", "점당 평균");

/// The error in Korean.
pub(super) fn describe(e: &Error) -> String {
    match e {
        Error::Core(e) => core(e),
        Error::Invalid(p) => problem(p),
        Error::Link(p) => link(p),
        Error::Lecture(p) => lecture(p),
    }
}

/// A component warning in Korean.
pub(super) fn warning(w: &ComponentWarning) -> String {
    let j = w.component + 1;
    match w.kind {
        WarningKind::Empty { weight } => format!(
            "{j}번 성분이 비었습니다(혼합 가중치 {weight:.1e}): 이 성분에 속하는 점이 없습니다. \
             성분 수(K)를 줄여 보세요."
        ),
        WarningKind::Collapsed => format!(
            "{j}번 성분이 (거의) 같은 점들 위로 붕괴했습니다: 분산이 0에 가까워 가능도가 한없이 \
             커질 수 있습니다. 성분 수(K)를 줄이거나 reg_covar를 키워 보세요."
        ),
        WarningKind::Flat => format!(
            "{j}번 성분이 거의 납작합니다(공분산 행렬이 특이 행렬에 가깝습니다): 점들이 거의 한 \
             직선이나 평면 위에 놓여 있습니다."
        ),
        WarningKind::Lonely => format!(
            "{j}번 성분에는 점이 하나 정도밖에 없어 그 점 위로 쪼그라들었습니다. 성분 수(K)를 \
             줄이거나 reg_covar를 키워 보세요."
        ),
    }
}

fn core(e: &CoreError) -> String {
    match e {
        CoreError::Parse(p) => parse(p),
        CoreError::InvalidParameter(i) => invalid(i),
        CoreError::TooFewPoints { n, k } => {
            format!(
                "점 {n}개로는 성분 {k}개를 만들 수 없습니다: 점을 {k}개 이상 주거나 K를 줄이세요"
            )
        }
        CoreError::Collapse { component, reason } => format!(
            "{}번 성분이 붕괴했습니다({}). 공분산 행렬이 특이 행렬이 되어 추정을 계속할 수 \
             없습니다. 성분 수(K)를 줄이거나, reg_covar를 더 크게(예: {:e} 이상) 하거나, 데이터의 \
             척도를 바꾸거나, 다른 시작점을 써 보세요",
            component + 1,
            collapse_reason(*reason),
            DEFAULTS.reg_covar
        ),
        CoreError::Source(s) => format!("데이터를 읽지 못했습니다: {s}"),
    }
}

fn collapse_reason(reason: CollapseReason) -> &'static str {
    match reason {
        CollapseReason::NonFinite => "공분산 행렬에 유한하지 않은 값이 생겼습니다",
        CollapseReason::NotPositiveDefinite => {
            "공분산 행렬이 양의 정부호가 아닙니다: 이 성분의 점들이 모두 같거나 한 직선·평면 위에 \
             있습니다"
        }
        CollapseReason::NearSingular => {
            "공분산 행렬이 특이 행렬에 너무 가까워 역행렬을 구할 수 없습니다"
        }
    }
}

/// Where: "3번째 줄, 2번째 열: ".
pub(super) fn place(at: Place) -> String {
    match at {
        Place::Unknown => String::new(),
        Place::Column(c) => format!("{c}번째 열: "),
        Place::Line(l) => format!("{l}번째 줄: "),
        Place::LineColumn(l, c) => format!("{l}번째 줄, {c}번째 열: "),
    }
}

fn parse(p: &ParseError) -> String {
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
        ParseErrorKind::Ragged {
            found,
            expected,
            first_line,
        } => format!(
            "값이 {found}개인데 {first_line}번째 줄에는 {expected}개가 있습니다 — 모든 행의 값 \
             개수가 같아야 합니다"
        ),
        ParseErrorKind::UnknownColumn { name, available } => {
            let (mut list, all) = shown_names(available);
            if let Some(all) = all {
                list.push(format!("…(모두 {all}개)"));
            }
            format!(
                "{} 열이 없습니다: 있는 열은 {}입니다",
                quoted(&clip(name)),
                list.join(", ")
            )
        }
        ParseErrorKind::ColumnOutOfRange { index, columns } => format!(
            "{}번째 열은 없습니다: 데이터의 열은 {columns}개입니다",
            index.saturating_add(1)
        ),
        ParseErrorKind::NoColumnsSelected => {
            "선택한 열이 없습니다: 열을 하나 이상 고르세요".to_string()
        }
    };
    format!("{}{what}", place(Place::of(p.line, p.column)))
}

pub(super) fn invalid(i: &Invalid) -> String {
    use Invalid::*;
    match i {
        KZero => "K는 1 이상이어야 합니다".into(),
        KMaxZero => "최대 K는 1 이상이어야 합니다".into(),
        NoKFitted { reason } => match reason {
            Some(r) => format!("어떤 K로도 추정하지 못했습니다({})", core(r)),
            None => "어떤 K로도 추정하지 못했습니다".into(),
        },
        NInitZero => "n_init은 1 이상이어야 합니다".into(),
        ThreadsZero => "스레드 수는 1 이상이어야 합니다".into(),
        Tol { value } => format!(
            "허용 오차(tol) {value}은(는) 0 이상의 유한한 수여야 합니다(책은 {:e}를 씁니다)",
            DEFAULTS.tol
        ),
        RegCovar { value } => {
            format!(
                "reg_covar {value}은(는) 0 이상의 유한한 수여야 합니다(기본값은 {:e})",
                DEFAULTS.reg_covar
            )
        }
        UnknownCovarianceType { given } => format!(
            "{}은(는) {} 가운데 하나가 아닙니다",
            quoted(given),
            CovarianceType::ALL.map(CovarianceType::name).join(", ")
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
            format!("K-means 중심은 값이 {centres}개인데 데이터의 열은 {data}개입니다")
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
            format!("{}번 성분의 공분산 행렬이 대칭이 아닙니다", component + 1)
        }
        StartMeans { given, k, d } => format!(
            "숫자가 {given}개 왔는데, 값 {d}개짜리 평균 K = {k}개에는 {}개가 필요합니다",
            k * d
        ),
        StartCovariances { k, d } => format!(
            "{d}×{d} 공분산 행렬 K = {k}개에는 숫자 {}개가 필요합니다",
            k * d * d
        ),
        StartWeights { k } => format!("혼합 가중치가 K = {k}개 필요합니다"),
        WeightsMeansCount { weights, means } => {
            format!("혼합 가중치는 {weights}개인데 평균은 {means}개입니다: 개수가 같아야 합니다")
        }
        MeanLengths => "모든 평균은 길이가 같고 0이 아니어야 합니다".into(),
        CovarianceShape {
            covariance_type,
            k,
            d,
        } => format!(
            "공분산 행렬의 모양이 {covariance_type} 공분산, k = {k}, d = {d}에 맞지 않습니다"
        ),
        CentresShape { values, d } => {
            format!("값 {values}개로는 값 {d}개짜리 K-means 중심을 만들 수 없습니다")
        }
        CentresNotFinite => "K-means 중심은 유한한 숫자여야 합니다".into(),
        DistributionLengths { p, q } => {
            format!("p의 원소는 {p}개, q의 원소는 {q}개입니다: 개수가 같아야 합니다")
        }
        NotProbabilities { which } => format!("{which}의 값은 0과 1 사이의 확률이어야 합니다"),
        NotNormalised { which, sum } => format!("{which}의 합이 1이 아니라 {sum}입니다"),
        PcaTooSmall { n, d } => {
            format!("주성분을 구하려면 점과 열이 두 개 이상 있어야 합니다({n} × {d}로는 안 됩니다)")
        }
        PcaNotFinite => "데이터의 공분산 행렬이 유한하지 않습니다".into(),
        MStepBeforeEStep => {
            "M 단계에는 E 단계에서 구한 부담률이 필요합니다: 먼저 E 단계를 실행하세요".into()
        }
        NoPendingMStep => "패스를 기다리는 M 단계가 없습니다(그 사이에 실행이 바뀌었습니다)".into(),
        UpdateBeforeAssign => "K-means의 업데이트 단계 전에 할당 단계가 필요합니다".into(),
        Responsibilities { given, n, k } => format!(
            "부담률 값이 {given}개인데, 점 {n}개 × K = {k}에는 {}개가 필요합니다",
            n * k
        ),
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
        StatsMerge => "같은 파라미터로 모은 통계량만 합칠 수 있습니다".into(),
        NotPendingShards => "이 통계량은 기다리는 M 단계 패스의 조각들이 아닙니다".into(),
        NothingGathered => "모은 점이 없어 추정할 것이 없습니다".into(),
        SampleWeight { row, value } => format!(
            "{row}번째 점의 샘플 가중치 {value}은(는) 0 이상의 유한한 숫자여야 합니다"
        ),
        SampleWeightsLength { given, n } => format!(
            "점 {n}개에 샘플 가중치 {given}개가 주어졌습니다: 점마다 하나씩 주세요"
        ),
        SampleWeightsZero { n } => format!(
            "점 {n}개의 샘플 가중치가 모두 0이라 세는 점이 없습니다: 적어도 한 점에 양의 가중치를 주세요"
        ),
        UnknownWeightPrior { given } => format!(
            "{}은(는) {} 가운데 하나가 아닙니다",
            quoted(given),
            WeightPrior::ALL.map(WeightPrior::name).join(", ")
        ),
        PriorNotPositive { prior, value } => {
            format!("{} {value}은(는) 0보다 큰 유한한 수여야 합니다", prior.name())
        }
        DegreesOfFreedomPrior { value, d } => format!(
            "degrees_of_freedom_prior {value}은(는) {}(데이터의 차원 {d} − 1)보다 큰 유한한 수여야 합니다",
            *d as f64 - 1.0
        ),
        MeanPrior { given, d } => format!(
            "mean_prior에 값 {given}개가 주어졌지만, 데이터의 열 {d}개에는 유한한 값 {d}개가 필요합니다"
        ),
        CovariancePriorShape { given, want } => format!(
            "covariance_prior에 값 {given}개가 주어졌지만, 이 공분산 유형에는 {want}개가 필요합니다"
        ),
        CovariancePriorNotPositive => {
            "covariance_prior는 대칭인 양의 정부호 행렬(분산이면 양수)이어야 합니다".into()
        }
        CovariancePriorFromData { n } => format!(
            "covariance_prior의 기본값(데이터의 공분산 행렬)에는 점이 2개 이상(샘플 가중치의 합이 1보다 크게) 필요하지만 {n}개뿐입니다. covariance_prior를 주세요"
        ),
    }
}

fn problem(p: &Problem) -> String {
    use Problem::*;
    match p {
        KRange { k, max } => format!("K는 1에서 {max} 사이여야 합니다({k}은(는) 안 됩니다)"),
        MaxIterRange { value, max } => {
            format!("최대 반복 횟수는 1에서 {max} 사이로 고르세요({value}은(는) 안 됩니다)")
        }
        SeedRange => format!("시드는 0부터 {}까지의 정수여야 합니다", shown_limit(SEED_MAX)),
        BookStart => "책의 시작점은 K = 2이고 열이 두 개일 때만 쓸 수 있습니다. \
                      k-means++나 무작위 시작을 고르세요"
            .into(),
        NoPreset { id } => format!("{}(이)라는 예제 데이터는 없습니다", quoted(id)),
        TruthDimensions => "모집단 분포와 데이터의 차원이 다릅니다".into(),
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
        NothingFitted => "어떤 K로도 추정하지 못했습니다".into(),
        Probability { name, value } => {
            format!("{name}은(는) 0보다 크고 1보다 작은 확률이어야 합니다({value}은(는) 안 됩니다)")
        }
        GaussianParameter { name, value } => format!(
            "{name}은(는) 유한한 수여야 합니다(표준편차 σ는 0보다 커야 합니다). {value}은(는) 안 됩니다"
        ),
        NoSuchComponent { k } => format!("성분은 {k}개뿐입니다"),
        PointerNotNumber => "포인터 위치가 숫자가 아닙니다".into(),
        NotANumber { field: f, raw } => {
            format!("{}: {}은(는) 숫자가 아닙니다", field(*f), quoted(raw))
        }
        NotWholeNumber {
            field: f,
            raw,
            min,
            max,
        } => format!(
            "{}: {}은(는) {min}에서 {} 사이의 정수여야 합니다",
            field(*f),
            quoted(raw),
            shown_limit(*max)
        ),
        UnknownStart { given } => format!(
            "{}(이)라는 초기화 방법은 없습니다: {} 가운데 하나를 고르세요",
            quoted(given),
            Start::ALL.map(Start::as_str).join(", ")
        ),
        UnknownMethod { given } => format!(
            "{}(이)라는 방법은 없습니다: {} 가운데 하나를 고르세요",
            quoted(given),
            crate::method::Method::all()
                .map(crate::method::Method::name)
                .join(", ")
        ),
        Drawing { reason } => format!("그림을 그리지 못했습니다({reason})"),
        NoCanvasContext => "캔버스에 2D 그리기 컨텍스트가 없습니다".into(),
        NoClock => "이 브라우저에는 시간을 잴 시계가 없습니다".into(),
        NoRandomSource { reason } => format!("이 브라우저가 난수를 주지 않습니다({reason})"),
        SamplesNotDrawn => {
            "이 점들은 모델에서 생성한 샘플이 아닙니다: 샘플을 다시 생성하세요".into()
        }
        NoSelection => "K 정하기를 아직 시작하지 않았습니다".into(),
        NoSuchExercise { id, count } => format!("{id}번 연습 문제는 없습니다. 연습 문제는 1번부터 {count}번까지입니다"),
        RowsOutOfRange { start, end, n } => {
            format!("{start}번째에서 {end}번째 행은 데이터의 행 {n}개 안에 있지 않습니다")
        }
        WorkerShards => "워커가 받은 조각들이 그 행들과 맞지 않습니다".into(),
        GifFinished => "GIF는 이미 다 만들었습니다".into(),
        Malformed { reason } => {
            format!("값이 페이지와 emviz 사이를 오가지 못했습니다({reason})")
        }
        WeightAt {
            line,
            column,
            cause,
        } => format!(
            "{}{}",
            place(Place::LineColumn(*line, *column)),
            invalid(cause)
        ),
        WeightsColumn { column, columns } => format!(
            "{column}번째 열은 열이 {columns}개인 데이터의 샘플 가중치가 될 수 없습니다: 데이터의 열 \
             하나를 고르고, 점의 좌표로 쓸 열을 적어도 하나 남기세요"
        ),
        WeightedAddPoint => "손으로 더한 점에는 샘플 가중치가 없습니다: 점을 더하려면 가중치 열을 \
                             고르지 마세요"
            .into(),
        ModelVb { model } => format!(
            "변분 베이즈는 scikit-learn의 네 가지 공분산 유형만 추정합니다(mclust의 {model}는 \
             쓸 수 없습니다): EM을 고르거나 full, tied, diag, spherical을 고르세요"
        ),
    }
}

/// A form field's name, as the page's Korean labels name it.
fn field(f: Field) -> &'static str {
    match f {
        Field::K => "K",
        Field::Seed => "시드",
        Field::Tolerance => "허용 오차",
        Field::MaxIterations => "최대 반복 횟수",
        Field::RegCovar => "reg_covar",
        Field::Samples => "샘플 수",
        Field::Starts => "K마다 시작 횟수",
    }
}

/// What a link's key takes, before "…(이)어야 합니다" ([`must_be`]).
fn want(w: Want) -> String {
    match w {
        Want::WholeNumber { min, max } => format!("{min}에서 {max} 사이의 정수"),
        Want::NonNegative => "0 이상의 수".into(),
        Want::Positive => "0보다 큰 수".into(),
        Want::CovarianceType => {
            "full, diag, spherical, tied 또는 mclust의 모델(EII … VVV) 가운데 하나".into()
        }
        Want::Start => "book, kmeanspp, random 가운데 하나".into(),
        Want::Method => format!(
            "{} 가운데 하나",
            crate::method::Method::all().map(|m| m.name()).join(", ")
        ),
        Want::Columns => "0,1 같은 열 번호 두 개".into(),
        Want::Half => "E나 M 가운데 하나".into(),
        Want::Numbers => "쉼표로 구분한 유한한 숫자".into(),
        Want::Flag => "1이나 0 가운데 하나".into(),
        Want::PanelName => "글자, 숫자, -로 된 패널 이름".into(),
        Want::PanelList => "쉼표로 구분한 패널 이름".into(),
        Want::LangTag => "en, ko, ja 같은 언어 태그".into(),
        Want::Exercises { max } => {
            format!("1,2,5처럼 쉼표로 구분한 1부터 {max}까지의 연습 문제 번호")
        }
    }
}

/// "이어야" after a syllable that ends in a consonant (이름이어야), "여야" after a vowel (정수여야).
pub(super) fn must_be(word: &str) -> &'static str {
    match word.chars().last() {
        Some(c @ '가'..='힣') if (u32::from(c) - u32::from('가')) % 28 != 0 => "이어야",
        _ => "여야",
    }
}

/// A link's problem, after "링크가 올바르지 않습니다: " (the English "invalid link: ").
fn link(p: &LinkProblem) -> String {
    format!("링크가 올바르지 않습니다: {}", link_what(p))
}

/// A link's problem without the sentence's start.
fn link_what(p: &LinkProblem) -> String {
    use LinkProblem::*;
    match p {
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
        Field {
            key,
            value,
            want: w,
        } => {
            let w = want(*w);
            format!("{key}={}은(는) {w}{} 합니다", quoted(value), must_be(&w))
        }
    }
}

/// A lecture step's problem (the English "invalid lecture step: ").
fn lecture(p: &LectureProblem) -> String {
    use LectureProblem::*;
    let what = match p {
        TooLong { chars, max } => format!("길이가 {chars}자입니다: {max}자까지만 읽습니다"),
        NoEquals { column, part } => {
            format!(
                "{column}번째 글자: {}은(는) key=value 꼴이어야 합니다",
                quoted(part)
            )
        }
        UnknownKey { column, key } => format!(
            "{column}번째 글자: {}(이)라는 키는 없습니다(키: {}, {})",
            quoted(key),
            crate::keys::RUN_KEYS.join(", "),
            crate::keys::STEP_KEYS.join(", ")
        ),
        Repeated { column, key } => {
            format!("{column}번째 글자: {}을(를) 두 번 썼습니다", quoted(key))
        }
        Value { column, problem } => format!("{column}번째 글자: {}", link_what(problem)),
        Point { column, value } => format!(
            "{column}번째 글자: point={}은(는) 점 번호(1, 2, …)여야 합니다",
            quoted(value)
        ),
        Highlight { column, value } => format!(
            "{column}번째 글자: highlight={}은(는) {} 중 하나여야 합니다",
            quoted(value),
            crate::keys::HIGHLIGHTS.join(", ")
        ),
        HalfWithoutIt => "half=에는 같은 단계에 it=(반복 횟수)가 있어야 합니다".into(),
    };
    format!("강의 단계를 읽을 수 없습니다: {what}")
}
