//! Japanese: every error and warning of the page, worded from its facts in the terms of
//! `glossary.json` (成分, 混合係数, 共分散行列, 負担率, 推定, パラメータ, サンプル, 反復, k-means法, …),
//! politely (です・ます調) as a textbook's UI speaks. Places in a text are "3行目、2列目: ".

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
pub(super) const CHART_TITLES: (&str, &str) = ("反復回数", "1点あたりの平均");

/// The error in Japanese.
pub(super) fn describe(e: &Error) -> String {
    match e {
        Error::Core(e) => core(e),
        Error::Invalid(p) => problem(p),
        Error::Link(p) => link(p),
        Error::Lecture(p) => lecture(p),
    }
}

/// A component warning in Japanese.
pub(super) fn warning(w: &ComponentWarning) -> String {
    let j = w.component + 1;
    match w.kind {
        WarningKind::Empty { weight } => format!(
            "成分{j}が空です（混合係数 {weight:.1e}）: この成分に属する点がありません。\
             成分数（K）を減らしてみてください。"
        ),
        WarningKind::Collapsed => format!(
            "成分{j}が（ほぼ）同じ点の上に崩壊しました: 分散がほぼ0のため、尤度がいくらでも大きく\
             なり得ます。成分数（K）を減らすか、reg_covarを大きくしてみてください。"
        ),
        WarningKind::Flat => format!(
            "成分{j}がほぼ平らです（共分散行列が特異に近い状態です）: 点がほぼ1本の直線上か\
             平面上に並んでいます。"
        ),
        WarningKind::Lonely => format!(
            "成分{j}には点が1つほどしかなく、その点の上に縮んでしまいました。成分数（K）を\
             減らすか、reg_covarを大きくしてみてください。"
        ),
    }
}

fn core(e: &CoreError) -> String {
    match e {
        CoreError::Parse(p) => parse(p),
        CoreError::InvalidParameter(i) => invalid(i),
        CoreError::TooFewPoints { n, k } => format!(
            "{n}個の点では{k}個の成分を作れません: 点を{k}個以上にするか、Kを小さくしてください"
        ),
        CoreError::Collapse { component, reason } => format!(
            "成分{}が崩壊しました（{}）。共分散行列が特異になったため、推定を続けられません。\
             成分数（K）を減らす、reg_covarを大きくする（例: {:e}以上）、データのスケールを\
             変える、別の初期値を使う、のいずれかを試してください",
            component + 1,
            collapse_reason(*reason),
            DEFAULTS.reg_covar
        ),
        CoreError::Source(s) => format!("データを読み込めませんでした: {s}"),
    }
}

fn collapse_reason(reason: CollapseReason) -> &'static str {
    match reason {
        CollapseReason::NonFinite => "共分散行列に有限でない値が現れました",
        CollapseReason::NotPositiveDefinite => {
            "共分散行列が正定値ではありません: この成分の点がすべて同じか、1本の直線上か平面上に\
             あります"
        }
        CollapseReason::NearSingular => "共分散行列が特異に近すぎて、逆行列を計算できません",
    }
}

/// Where: "3行目、2列目: ".
pub(super) fn place(at: Place) -> String {
    match at {
        Place::Unknown => String::new(),
        Place::Column(c) => format!("{c}列目: "),
        Place::Line(l) => format!("{l}行目: "),
        Place::LineColumn(l, c) => format!("{l}行目、{c}列目: "),
    }
}

fn parse(p: &ParseError) -> String {
    let what = match &p.kind {
        ParseErrorKind::Empty => {
            "データがありません: テキストが空です（または空行と # コメントしかありません）"
                .to_string()
        }
        ParseErrorKind::NoRows => {
            "この行は列名（ヘッダー）ですが、その後に数値の行がありません".to_string()
        }
        ParseErrorKind::NotANumber { found } => format!("{}は数値ではありません", quoted(found)),
        ParseErrorKind::NotFinite { found } => {
            format!("{}は有限の数値ではありません", quoted(found))
        }
        ParseErrorKind::EmptyCell => {
            "値が空です — どの行も、各列に数値が1つずつ必要です".to_string()
        }
        ParseErrorKind::Ragged {
            found,
            expected,
            first_line,
        } => format!(
            "値が{found}個ありますが、{first_line}行目には{expected}個あります — すべての行で値の\
             個数をそろえてください"
        ),
        ParseErrorKind::UnknownColumn { name, available } => {
            let (mut list, all) = shown_names(available);
            if let Some(all) = all {
                list.push(format!("…（全{all}列）"));
            }
            format!(
                "{}という列はありません: 使える列は {} です",
                quoted(&clip(name)),
                list.join(", ")
            )
        }
        ParseErrorKind::ColumnOutOfRange { index, columns } => format!(
            "{}列目はありません: データは{columns}列です",
            index.saturating_add(1)
        ),
        ParseErrorKind::NoColumnsSelected => {
            "列が選ばれていません: 列を1つ以上選んでください".to_string()
        }
    };
    format!("{}{what}", place(Place::of(p.line, p.column)))
}

pub(super) fn invalid(i: &Invalid) -> String {
    use Invalid::*;
    match i {
        KZero => "Kは1以上にしてください".into(),
        KMaxZero => "Kの最大値は1以上にしてください".into(),
        NoKFitted { reason } => match reason {
            Some(r) => format!("どのKでも推定できませんでした（{}）", core(r)),
            None => "どのKでも推定できませんでした".into(),
        },
        NInitZero => "n_initは1以上にしてください".into(),
        ThreadsZero => "スレッド数は1以上にしてください".into(),
        Tol { value } => format!(
            "許容誤差（tol）の{value}は使えません: 0以上の有限の数にしてください（本書では{:e}を\
             使います）",
            DEFAULTS.tol
        ),
        RegCovar { value } => format!(
            "reg_covarの{value}は使えません: 0以上の有限の数にしてください（既定値は{:e}です）",
            DEFAULTS.reg_covar
        ),
        UnknownCovarianceType { given } => format!(
            "{}は{}のいずれでもありません",
            quoted(given),
            CovarianceType::ALL.map(CovarianceType::name).join("、")
        ),
        NoColumns => "データに列がありません".into(),
        ValuesNotRows { values, columns } => {
            format!("{values}個の値では{columns}列の行を埋められません")
        }
        NonFiniteValue { row, column, value } => {
            format!("{row}行目、{column}列目の値{value}は有限の数値ではありません")
        }
        NonFinitePoint {
            point,
            column,
            value,
        } => format!("{point}番目の点の{column}列目の値{value}は有限の数値ではありません"),
        RowLength {
            row,
            found,
            expected,
        } => format!("{row}行目には値が{found}個ありますが、{expected}個必要です"),
        NoColumnsChosen => "列を1つ以上選んでください".into(),
        NoSuchColumn { column, columns } => {
            format!("{column}列目はありません: データは{columns}列です")
        }
        PointLength { expected, found } => {
            format!("1つの点には値が{expected}個必要ですが、{found}個でした")
        }
        PointNotFinite => "点の値は有限の数値である必要があります".into(),
        Underflow { point } => format!(
            "{point}番目の点はどの成分からも遠すぎるため、確率密度が0にアンダーフローします。\
             データのスケールを変えてみてください"
        ),
        ModelDataDimensions { model, data } => {
            format!("モデルは{model}次元ですが、データは{data}列です")
        }
        SourceDimensions { model, data } => {
            format!("モデルは{model}次元ですが、読み込むデータは{data}列です")
        }
        CentresDataDimensions { centres, data } => {
            format!("k-means法の中心は値が{centres}個ですが、データは{data}列です")
        }
        NoPoints => "平均をとる点がありません".into(),
        NoComponents => "混合モデルには成分が1つ以上必要です".into(),
        MeansSplit { values, k } => {
            format!("{values}個の平均の値を{k}個の成分に分けられません")
        }
        MeansNotK => "平均をK個の成分に分けられません".into(),
        CovariancesCount { k, d, found } => format!(
            "{d}×{d}の共分散行列が{k}個（値{}個）必要ですが、値は{found}個でした",
            k * d * d
        ),
        WeightsNegative => "混合係数は0以上の有限の数である必要があります".into(),
        WeightsZero => "混合係数をすべて0にすることはできません".into(),
        MeansNotFinite => "平均は有限の数値である必要があります".into(),
        NotSymmetric { component } => {
            format!("成分{}の共分散行列が対称ではありません", component + 1)
        }
        StartMeans { given, k, d } => format!(
            "数値が{given}個ありますが、値{d}個の平均K = {k}個には{}個必要です",
            k * d
        ),
        StartCovariances { k, d } => format!(
            "{d}×{d}の共分散行列K = {k}個には数値が{}個必要です",
            k * d * d
        ),
        StartWeights { k } => format!("混合係数がK = {k}個必要です"),
        WeightsMeansCount { weights, means } => {
            format!("混合係数は{weights}個ですが、平均は{means}個です: 個数をそろえてください")
        }
        MeanLengths => "平均はすべて同じ長さ（0より長い）である必要があります".into(),
        CovarianceShape {
            covariance_type,
            k,
            d,
        } => format!("共分散行列の形が、{covariance_type}型の共分散、k = {k}、d = {d}に合いません"),
        CentresShape { values, d } => {
            format!("{values}個の値からは、値{d}個ずつのk-means法の中心を作れません")
        }
        CentresNotFinite => "k-means法の中心は有限の数値である必要があります".into(),
        DistributionLengths { p, q } => {
            format!("pの要素は{p}個、qの要素は{q}個です: 個数をそろえてください")
        }
        NotProbabilities { which } => {
            format!("{which}の値は0から1までの確率である必要があります")
        }
        NotNormalised { which, sum } => format!("{which}の合計が1ではなく{sum}です"),
        PcaTooSmall { n, d } => {
            format!("主成分を求めるには点と列が2つ以上必要です（{n} × {d}では足りません）")
        }
        PcaNotFinite => "データの共分散行列が有限ではありません".into(),
        MStepBeforeEStep => {
            "MステップにはEステップで求めた負担率が必要です: 先にEステップを実行してください".into()
        }
        NoPendingMStep => {
            "パスを待っているMステップがありません（その間に実行が変わりました）".into()
        }
        UpdateBeforeAssign => "k-means法の更新ステップの前に、割り当てステップが必要です".into(),
        Responsibilities { given, n, k } => format!(
            "負担率の値が{given}個ですが、点{n}個 × K = {k}には{}個必要です",
            n * k
        ),
        PosteriorsRoom { given, n, k } => format!(
            "事後確率を入れる場所が{given}個分ですが、点{n}個 × K = {k}には{}個必要です",
            n * k
        ),
        StatsShape { stats, model } => format!(
            "この統計量はK = {}、{}次元、{}型の共分散のものですが、モデルはK = {}、{}次元、{}型の\
             共分散です",
            stats.k, stats.d, stats.covariance_type, model.k, model.d, model.covariance_type
        ),
        StatsOtherMeans => {
            "この統計量は別の平均を持つモデルのものです: Stats::empty(&model)から始めてください"
                .into()
        }
        StatsMerge => "同じパラメータのもとで集めた統計量しか合算できません".into(),
        NotPendingShards => "この統計量は、待っているMステップのパスの断片ではありません".into(),
        SampleWeight { row, value } => format!(
            "{row}番目の点のサンプル重み{value}は0以上の有限の数値でなければなりません"
        ),
        SampleWeightsLength { given, n } => format!(
            "{n}個の点にサンプル重みが{given}個与えられました: 点ごとに一つずつ与えてください"
        ),
        SampleWeightsZero { n } => format!(
            "{n}個の点のサンプル重みがすべて0なので、数える点がありません: 少なくとも一つの点に正の重みを与えてください"
        ),
        NothingGathered => "集めた点がないため、推定するものがありません".into(),
        UnknownWeightPrior { given } => format!(
            "{}は{}のいずれでもありません",
            quoted(given),
            WeightPrior::ALL.map(WeightPrior::name).join(", ")
        ),
        PriorNotPositive { prior, value } => {
            format!("{} {value}は0より大きい有限の数でなければなりません", prior.name())
        }
        DegreesOfFreedomPrior { value, d } => format!(
            "degrees_of_freedom_prior {value}は{}(データの次元{d} − 1)より大きい有限の数でなければなりません",
            *d as f64 - 1.0
        ),
        MeanPrior { given, d } => format!(
            "mean_priorに値が{given}個与えられましたが、データの{d}列には有限の値が{d}個必要です"
        ),
        CovariancePriorShape { given, want } => format!(
            "covariance_priorに値が{given}個与えられましたが、この共分散の型には{want}個必要です"
        ),
        CovariancePriorNotPositive => {
            "covariance_priorは対称な正定値行列(分散なら正の数)でなければなりません".into()
        }
        CovariancePriorFromData { n } => format!(
            "covariance_priorの既定値(データの共分散行列)には2個以上の点(サンプル重みの合計が1より大きいこと)が必要ですが、{n}個しかありません。covariance_priorを与えてください"
        ),
    }
}

fn problem(p: &Problem) -> String {
    use Problem::*;
    match p {
        KRange { k, max } => format!("Kは1から{max}の間にしてください（{k}は使えません）"),
        MaxIterRange { value, max } => {
            format!("最大反復回数は1から{max}の間で選んでください（{value}は使えません）")
        }
        SeedRange => format!(
            "シードは0から{}までの整数にしてください",
            shown_limit(SEED_MAX)
        ),
        BookStart => "本書の初期値は、K = 2で列が2つのときにだけ使えます。\
                      k-means++かランダムな初期値を選んでください"
            .into(),
        NoPreset { id } => format!("{}という組み込みのデータセットはありません", quoted(id)),
        TruthDimensions => "真の確率分布とデータの次元が異なります".into(),
        HistoryTooShort { len } => {
            format!("これまでに記録された半ステップは{len}個だけです")
        }
        ViewColumns { columns } => format!("データは{columns}列です"),
        GifSize { width, height, max } => format!(
            "GIFのフレームは各辺を1から{max}ピクセルの間にしてください（{width} × {height}は\
             使えません）"
        ),
        GifFrameBytes {
            width,
            height,
            found,
        } => format!(
            "{width} × {height}のフレームにはRGBAで{}バイト必要ですが、{found}バイトでした",
            *width as usize * *height as usize * 4
        ),
        GifWrite { reason } => format!("GIFを書き出せませんでした: {reason}"),
        NoSuchPoint { point, n } => {
            format!("{point}番目の点はありません: データの点は{n}個です")
        }
        QValues { k } => format!("qには0以上の値が{k}個必要です"),
        QZero => "qは少なくとも1つの成分に正の確率を与える必要があります".into(),
        IterationNoEStep { iteration } => {
            format!("表示中の実行では、{iteration}回目の反復にEステップがありません")
        }
        IterationOtherK { iteration } => {
            format!("{iteration}回目の反復では成分の数が異なっていました")
        }
        ModelJsonWrite { reason } => {
            format!("モデルをJSONとして書き出せませんでした: {reason}")
        }
        NotModelJson { reason } => format!("モデルのJSONファイルではありません（{reason}）"),
        ImportDimensions { model, data } => format!(
            "モデルは{model}次元ですが、データは{data}列です: 先に次元の合うデータを\
             読み込んでください"
        ),
        TooManyComponents { k, max } => {
            format!("モデルの成分は{k}個です: emvizで表示できるのは{max}個までです")
        }
        KMaxRange { k_max, max } => {
            format!("Kの最大値は1から{max}の間にしてください（{k_max}は使えません）")
        }
        NoCovarianceTypes => "共分散の型を1つ以上選んでください".into(),
        RepeatedCovarianceType => "同じ共分散の型は1回しか選べません".into(),
        NothingFitted => "どのKでも推定できませんでした".into(),
        Probability { name, value } => {
            format!("{name}は0より大きく1より小さい確率にしてください（{value}は使えません）")
        }
        GaussianParameter { name, value } => format!(
            "{name}は有限の数にしてください（標準偏差 σ は0より大きい値です）。{value}は使えません"
        ),
        NoSuchComponent { k } => format!("成分は{k}個しかありません"),
        PointerNotNumber => "ポインタの位置が数値ではありません".into(),
        NotANumber { field: f, raw } => {
            format!("{}：「{}」は数値ではありません", field(*f), clip(raw))
        }
        NotWholeNumber {
            field: f,
            raw,
            min,
            max,
        } => format!(
            "{}：「{}」は{min}から{}までの整数でなければなりません",
            field(*f),
            clip(raw),
            shown_limit(*max)
        ),
        UnknownStart { given } => format!(
            "{}という初期化の方法はありません: {}のいずれかを選んでください",
            quoted(given),
            Start::ALL.map(Start::as_str).join("、")
        ),
        UnknownMethod { given } => format!(
            "{}という方法はありません: {}のいずれかを選んでください",
            quoted(given),
            crate::method::Method::all()
                .map(crate::method::Method::name)
                .join("、")
        ),
        Drawing { reason } => format!("図を描けませんでした（{reason}）"),
        NoCanvasContext => "キャンバスに2Dの描画コンテキストがありません".into(),
        NoClock => "このブラウザには時間を計る時計がありません".into(),
        NoRandomSource { reason } => format!("このブラウザは乱数を返しません（{reason}）"),
        SamplesNotDrawn => {
            "これらの点はモデルから生成したサンプルではありません: もう一度生成してください".into()
        }
        NoSelection => "Kの選択はまだ始まっていません".into(),
        NoSuchExercise { id, count } => format!("演習{id}はありません。演習は1から{count}までです"),
        RowsOutOfRange { start, end, n } => {
            format!("{start}行目から{end}行目は、データの{n}行の中にありません")
        }
        WorkerShards => "ワーカーの受け持つ区分がその行と合いません".into(),
        GifFinished => "GIFはすでに書き終えています".into(),
        Malformed { reason } => {
            format!("値をページとemvizの間で受け渡せませんでした（{reason}）")
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
            "{column}列目は{columns}列のデータのサンプル重みにできません: データの列を一つ選び、\
             点の座標に使う列を少なくとも一つ残してください"
        ),
        WeightedAddPoint => "手で加えた点にはサンプル重みがありません: 点を加えるには重みの列を\
                             選ばないでください"
            .into(),
        ModelVb { model } => format!(
            "変分ベイズはscikit-learnの4種類の共分散だけを推定します（mclustの{model}は使えません）: \
             EMを選ぶか、full、tied、diag、sphericalを選んでください"
        ),
    }
}

/// A form field's name, as the page's Japanese labels name it.
fn field(f: Field) -> &'static str {
    match f {
        Field::K => "K",
        Field::Seed => "シード",
        Field::Tolerance => "許容誤差",
        Field::MaxIterations => "最大反復回数",
        Field::RegCovar => "reg_covar",
        Field::Samples => "サンプル数",
        Field::Starts => "Kごとの初期値の数",
    }
}

/// What a link's key takes, before "…である必要があります".
fn want(w: Want) -> String {
    match w {
        Want::WholeNumber { min, max } => format!("{min}から{max}までの整数"),
        Want::NonNegative => "0以上の数".into(),
        Want::Positive => "0より大きい数".into(),
        Want::CovarianceType => {
            "full、diag、spherical、tied、またはmclustのモデル（EII … VVV）のいずれか".into()
        }
        Want::Start => "book、kmeanspp、randomのいずれか".into(),
        Want::Method => format!(
            "{}のいずれか",
            crate::method::Method::all().map(|m| m.name()).join("、")
        ),
        Want::Columns => "0,1のような2つの列番号".into(),
        Want::Half => "EかMのどちらか".into(),
        Want::Numbers => "カンマ区切りの有限の数値".into(),
        Want::Flag => "1か0のどちらか".into(),
        Want::PanelName => "英数字と-からなるパネル名".into(),
        Want::PanelList => "カンマ区切りのパネル名".into(),
        Want::LangTag => "en、ko、jaのような言語タグ".into(),
        Want::Exercises { max } => {
            format!("1,2,5のようにカンマで区切った1から{max}までの演習の番号")
        }
    }
}

/// A link's problem, after "リンクが正しくありません: " (the English "invalid link: ").
fn link(p: &LinkProblem) -> String {
    format!("リンクが正しくありません: {}", link_what(p))
}

/// A link's problem without the sentence's start.
fn link_what(p: &LinkProblem) -> String {
    use LinkProblem::*;
    match p {
        TooLong { chars, max } => {
            format!("長さが{chars}文字あります: 読み込むのは{max}文字までです")
        }
        NotText { key } => format!("{}の値が正しいテキストではありません", quoted(key)),
        NoPreset { id } => format!("{}という組み込みのデータセットはありません", quoted(id)),
        StartCount { given, k, d } => format!(
            "初期値の数値が{given}個ありますが、{d}次元の成分K = {k}個には{}個必要です",
            k + k * d + k * d * d
        ),
        ColumnNames => "これらの列名はリンクに書き込めません".into(),
        DataTooLong { chars, max } => {
            format!("データが{chars}文字あります: 読み込むのは{max}文字までです")
        }
        DataNotBase64 => {
            "データがbase64urlのテキストではありません（リンクが途中で切れていませんか？）".into()
        }
        DataDamaged => {
            "データが壊れているか、大きすぎます（リンクが途中で切れていませんか？）".into()
        }
        DataNotText => "データがテキストではありません".into(),
        TooManyPanels => "パネル名が多すぎます".into(),
        SpeedRange => "速度は1から10の間にしてください".into(),
        Field {
            key,
            value,
            want: w,
        } => {
            format!("{key}={}は{}である必要があります", quoted(value), want(*w))
        }
    }
}

/// A lecture step's problem (the English "invalid lecture step: ").
fn lecture(p: &LectureProblem) -> String {
    use LectureProblem::*;
    let what = match p {
        TooLong { chars, max } => {
            format!("長さが{chars}文字あります: 読み込むのは{max}文字までです")
        }
        NoEquals { column, part } => {
            format!(
                "{column}文字目: {}はkey=valueの形にしてください",
                quoted(part)
            )
        }
        UnknownKey { column, key } => format!(
            "{column}文字目: {}というキーはありません（キー: {}, {}）",
            quoted(key),
            crate::keys::RUN_KEYS.join(", "),
            crate::keys::STEP_KEYS.join(", ")
        ),
        Repeated { column, key } => format!("{column}文字目: {}が2回書かれています", quoted(key)),
        Value { column, problem } => format!("{column}文字目: {}", link_what(problem)),
        Point { column, value } => format!(
            "{column}文字目: point={}は点の番号（1, 2, …）にしてください",
            quoted(value)
        ),
        Highlight { column, value } => format!(
            "{column}文字目: highlight={}は{}のいずれかにしてください",
            quoted(value),
            crate::keys::HIGHLIGHTS.join(", ")
        ),
        HalfWithoutIt => "half=には同じステップにit=（反復回数）が必要です".into(),
    };
    format!("講義のステップを読み込めません: {what}")
}
