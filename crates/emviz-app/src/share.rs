//! Shareable links: the whole state of a run written into a URL's `#…` part, and read back.
//!
//! A link names its data (a preset, or the data itself — deflated with `miniz_oxide` and written in
//! base64url — when it has at most [`MAX_LINK_VALUES`] numbers), the settings, the two columns
//! drawn and how far the run had gone, plus how the page is shown (speed, language, embed mode,
//! panels hidden or shown, autoplay, presenter mode):
//!
//! ```text
//! preset=old-faithful&k=2&cov=full&init=book&seed=0&tol=0.0001&max=100&reg=0&cols=0,1&it=7&half=E&speed=5
//! data=<deflated CSV, base64url>&k=3&…&embed=1&hide=chart,settings&autoplay=1
//! ```
//!
//! Opening the link loads the data, applies the settings and replays the run to the same half-step,
//! so the state is the same to the last bit (a run depends only on the data and the settings).
//! Reading a link never panics: every field is checked, sizes are limited before anything is
//! decoded, and a garbled link is an [`Error`] whose message names the faulty field. Keys the page
//! does not know are ignored, so other features may add their own.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine as _};
use emviz_core::rules::{ModelName, K_MAX, K_MIN, SEED_MAX};
use emviz_core::{
    parse_table, rng_from_seed, CovarianceType, Dataset, HalfStep, Mixture, ParseOptions,
};

use crate::app::App;
use crate::error::{Error, LinkProblem, Want};
pub use crate::keys::{RUN_KEYS, VIEW_KEYS};
use crate::presets::{preset, PRESET_IDS};
use crate::settings::{Settings, MAX_ITER_LIMIT};
use crate::start::Start;

/// Most numbers (rows × columns) of data written into a link; larger data is shared as a file.
pub const MAX_LINK_VALUES: usize = 5_000;
/// Longest `data=` field written or read (characters of base64url).
pub const MAX_DATA_CHARS: usize = 48_000;
/// Longest link parameters read (characters after `#` or `?`).
pub const MAX_PARAMS_CHARS: usize = 64_000;
/// Most bytes a `data=` field may inflate to.
pub const MAX_INFLATED_BYTES: usize = 512 * 1024;
/// Most iterations a link may replay.
pub const MAX_LINK_ITERATIONS: usize = 10_000;
/// Most panel names in `hide=` / `show=`.
const MAX_PANELS: usize = 32;
/// Most numbers in a `start=` field (K = 10 full covariances in 10 dimensions need 1 110).
const MAX_START_VALUES: usize = 20_000;

/// How the page is shown; not part of the run itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewFlags {
    /// `embed=1`: the chrome-less view for iframes.
    pub embed: bool,
    /// `autoplay=1`: start playing at once.
    pub autoplay: bool,
    /// `hide=a,b`: panels to hide.
    pub hide: Vec<String>,
    /// `show=a,b`: panels to show (in embed mode everything but the plot is hidden otherwise).
    pub show: Vec<String>,
    /// `lang=ko`, `lang=ja`: the page's language (handled by the page's i18n).
    pub lang: Option<String>,
    /// `speed=1…10`: the animation speed.
    pub speed: Option<u8>,
    /// `present` (`present=1`): open in presenter mode (the plot and the status fill the window).
    pub present: bool,
}

/// Where a link's data comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkData {
    /// A built-in data set, by id.
    Preset(String),
    /// The data itself, as CSV text (already inflated).
    Text(String),
}

/// Settings named by a link; the others keep their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsPatch {
    /// `k=`
    pub k: Option<usize>,
    /// `cov=`: a covariance type or one of mclust's models ([`crate::settings::covariance_of`])
    pub model: Option<ModelName>,
    /// `init=` (`book`, `kmeanspp` or `kmeans++`, `random`)
    pub init: Option<Start>,
    /// `seed=`
    pub seed: Option<u64>,
    /// `tol=`
    pub tol: Option<f64>,
    /// `max=`
    pub max_iter: Option<usize>,
    /// `reg=`
    pub reg_covar: Option<f64>,
    /// `method=` (`em`, or variational Bayes by its weight prior's name; written only for VB)
    pub method: Option<crate::method::Method>,
    /// `concentration=` (variational Bayes's weight concentration prior; written only when set)
    pub concentration: Option<f64>,
}

impl SettingsPatch {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `base` with the fields this patch names replaced.
    pub fn over(&self, base: Settings) -> Settings {
        let model = self.model.unwrap_or(base.model_name());
        Settings {
            k: self.k.unwrap_or(base.k),
            init: self.init.unwrap_or(base.init),
            seed: self.seed.unwrap_or(base.seed),
            tol: self.tol.unwrap_or(base.tol),
            max_iter: self.max_iter.unwrap_or(base.max_iter),
            reg_covar: self.reg_covar.unwrap_or(base.reg_covar),
            method: self.method.unwrap_or(base.method),
            concentration: self.concentration.or(base.concentration),
            ..base
        }
        .with_model(model)
    }
}

/// Everything a link says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    /// The data, if the link names any (otherwise the current data is kept).
    pub data: Option<LinkData>,
    /// The settings named.
    pub settings: SettingsPatch,
    /// `cols=x,y`: the columns drawn.
    pub columns: Option<[usize; 2]>,
    /// `wcol=c`: the data's column (from 0) that holds the points' sample weights.
    pub weights_column: Option<usize>,
    /// Half-steps to replay from the start (`it=7` is 14, `it=7&half=E` is 15).
    pub half_steps: Option<usize>,
    /// `start=`: a start set by hand (a dragged mean, an imported model) that the settings alone
    /// would not give: weights, then means, then full covariances, comma-separated.
    pub start: Option<Vec<f64>>,
    /// How the page is shown.
    pub view: ViewFlags,
}

impl Link {
    /// Whether the link says anything about the run (not only about the view).
    pub fn has_state(&self) -> bool {
        self.data.is_some()
            || !self.settings.is_empty()
            || self.columns.is_some()
            || self.weights_column.is_some()
            || self.half_steps.is_some()
            || self.start.is_some()
    }
}

/// What the page needs to show after a link was applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// Whether the run was replaced.
    pub has_state: bool,
    /// The preset loaded, if any.
    pub preset: Option<String>,
    /// The data as text for the Data box, if new data was loaded.
    pub data_text: Option<String>,
    /// How the page is shown.
    pub view: ViewFlags,
}

/// Why the current state cannot be written into a link.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// The data has too many numbers (or compresses too badly) to travel in a link.
    TooLarge {
        /// Numbers in the data.
        values: usize,
        /// The limit.
        limit: usize,
    },
    /// Anything else (column names a link cannot carry, bad view flags).
    Invalid(LinkProblem),
}

// ---------------------------------------------------------------------------------------------
// Writing a link.

/// The link parameters (without `#`) that reproduce the state shown by `app`, shown as `view` says.
pub fn link_of(app: &App, view: &ViewFlags) -> Result<String, LinkError> {
    check_view(view).map_err(LinkError::Invalid)?;
    let state = app.state();
    let s = &state.settings;
    let weights = app.sample_weights();
    let data = match PRESET_IDS
        .iter()
        .find(|id| weights.is_none() && preset_data(id).as_ref() == Some(app.data()))
    {
        Some(id) => format!("preset={id}"),
        // The table is the points with one more column, so it cannot fail to be a data set.
        None => {
            let table = app
                .table()
                .map_err(|_| LinkError::Invalid(LinkProblem::ColumnNames))?;
            format!("data={}", encode_data(&table)?)
        }
    };
    let init = link_name(s.init);
    let mut out = vec![
        data,
        format!("k={}", s.k),
        format!("cov={}", s.covariance_name()),
        format!("init={}", escape(init)),
        format!("seed={}", s.seed),
        format!("tol={}", short_number(s.tol)),
        format!("max={}", s.max_iter),
        format!("reg={}", short_number(s.reg_covar)),
        format!("cols={},{}", state.view_columns[0], state.view_columns[1]),
        format!("it={}", state.iteration),
    ];
    if let Some(w) = weights {
        out.push(format!("wcol={}", w.column));
    }
    // EM's links stay as they were; variational Bayes says so.
    if s.method != crate::method::Method::Em {
        out.push(format!("method={}", s.method.name()));
    }
    if let Some(c) = s.concentration {
        out.push(format!("concentration={}", short_number(c)));
    }
    if state.phase == Some(HalfStep::E) {
        out.push("half=E".into());
    }
    if let Some(start) = custom_start(app) {
        out.push(format!("start={start}"));
    }
    if let Some(speed) = view.speed {
        out.push(format!("speed={speed}"));
    }
    if let Some(lang) = &view.lang {
        out.push(format!("lang={lang}"));
    }
    if view.embed {
        out.push("embed=1".into());
    }
    if view.autoplay {
        out.push("autoplay=1".into());
    }
    if view.present {
        out.push("present=1".into());
    }
    if !view.hide.is_empty() {
        out.push(format!("hide={}", view.hide.join(",")));
    }
    if !view.show.is_empty() {
        out.push(format!("show={}", view.show.join(",")));
    }
    // The data goes last: it is long and the rest stays readable.
    out.rotate_left(1);
    Ok(out.join("&"))
}

/// The run's start written out, if it is not the one its settings give (a mean dragged by hand,
/// an imported model).
fn custom_start(app: &App) -> Option<String> {
    let s = app.settings();
    let weights = app.sample_weights().map(|w| w.weights.values());
    let from_settings = s.params(app.data()).and_then(|p| {
        let mut rng = rng_from_seed(s.seed);
        Ok(p.initial_model_weighted(app.data(), weights, &mut rng)?)
    });
    if from_settings.as_ref().ok() == Some(app.start()) {
        return None;
    }
    let m = app.start();
    let numbers: Vec<String> = m
        .weights()
        .iter()
        .chain(m.means())
        .chain(m.covariances())
        .map(|v| short_number(*v))
        .collect();
    Some(numbers.join(","))
}

/// The start a `start=` field describes, for `k` components in `d` dimensions.
fn start_model(values: &[f64], k: usize, d: usize, cov: CovarianceType) -> Result<Mixture, Error> {
    let need = k + k * d + k * d * d;
    if values.len() != need {
        return Err(LinkProblem::StartCount {
            given: values.len(),
            k,
            d,
        }
        .into());
    }
    let (w, rest) = values.split_at(k);
    let (means, covs) = rest.split_at(k * d);
    Ok(Mixture::new(
        cov,
        w.to_vec(),
        means.to_vec(),
        covs.to_vec(),
    )?)
}

/// The parsed data of preset `id`.
fn preset_data(id: &str) -> Option<Dataset> {
    parse_table(&preset(id)?.text, &ParseOptions::default()).ok()
}

/// The data as CSV: a header of quoted names, then the numbers, each written as briefly as it
/// can be while still reading back as the same `f64`.
pub fn data_text(data: &Dataset) -> String {
    let quote = |n: &String| format!("\"{}\"", n.replace('"', "\"\""));
    let mut text = data.names().iter().map(quote).collect::<Vec<_>>().join(",");
    text.push('\n');
    for row in data.rows() {
        text.push_str(
            &row.iter()
                .map(|v| short_number(*v))
                .collect::<Vec<_>>()
                .join(","),
        );
        text.push('\n');
    }
    text
}

/// The data deflated and in base64url, if it is small enough for a link.
pub fn encode_data(data: &Dataset) -> Result<String, LinkError> {
    let values = data.values().len();
    let too_large = LinkError::TooLarge {
        values,
        limit: MAX_LINK_VALUES,
    };
    if values > MAX_LINK_VALUES {
        return Err(too_large);
    }
    let text = data_text(data);
    if parse_table(&text, &ParseOptions::default()).ok().as_ref() != Some(data) {
        return Err(LinkError::Invalid(LinkProblem::ColumnNames));
    }
    let encoded = base64url_encode(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9));
    if encoded.len() > MAX_DATA_CHARS {
        return Err(too_large);
    }
    Ok(encoded)
}

/// `v` as the shorter of its plain and exponent forms (both read back exactly).
pub fn short_number(v: f64) -> String {
    let plain = format!("{v}");
    let exp = format!("{v:e}");
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a link.

/// Reads link parameters (`a=1&b=2`, with or without a leading `#` or `?`). `Ok(None)` when they
/// name nothing the page knows (an ordinary `#section` anchor).
pub fn parse_link(params: &str) -> Result<Option<Link>, Error> {
    let params = params.trim().trim_start_matches(['#', '?']);
    if params.len() > MAX_PARAMS_CHARS {
        return Err(LinkProblem::TooLong {
            chars: params.len(),
            max: MAX_PARAMS_CHARS,
        }
        .into());
    }
    let mut link = Link::default();
    let mut known = false;
    let (mut it, mut half) = (None, None);
    for pair in params.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        if !RUN_KEYS.contains(&key) && !VIEW_KEYS.contains(&key) {
            continue; // another feature's key, or an ordinary anchor
        }
        let value = unescape(raw).ok_or_else(|| LinkProblem::NotText { key: clip(key) })?;
        let value = value.as_str();
        known = true;
        match key {
            "preset" => {
                if !PRESET_IDS.contains(&value) {
                    return Err(LinkProblem::NoPreset { id: clip(value) }.into());
                }
                link.data = Some(LinkData::Preset(value.to_string()));
            }
            "data" => link.data = Some(LinkData::Text(decode_data(value)?)),
            "k" => link.settings.k = Some(whole(key, value, K_MIN as u64, K_MAX as u64)? as usize),
            "cov" => {
                let cov = crate::settings::covariance_of(value)
                    .map_err(|_| field(key, value, Want::CovarianceType))?;
                link.settings.model = Some(cov);
            }
            "init" => {
                let init = Start::from_name(value).ok_or_else(|| field(key, value, Want::Start))?;
                link.settings.init = Some(init);
            }
            "seed" => link.settings.seed = Some(whole(key, value, 0, SEED_MAX)?),
            "tol" => link.settings.tol = Some(non_negative(key, value)?),
            "max" => {
                link.settings.max_iter = Some(whole(key, value, 1, MAX_ITER_LIMIT as u64)? as usize)
            }
            "reg" => link.settings.reg_covar = Some(non_negative(key, value)?),
            "method" => {
                let method = crate::method::Method::from_name(value)
                    .ok_or_else(|| field(key, value, Want::Method))?;
                link.settings.method = Some(method);
            }
            "concentration" => link.settings.concentration = Some(positive(key, value)?),
            "cols" => {
                let cols: Option<Vec<u64>> =
                    value.split(',').map(|c| c.trim().parse().ok()).collect();
                match cols.as_deref() {
                    Some(&[x, y]) if x < 1_000 && y < 1_000 => {
                        link.columns = Some([x as usize, y as usize])
                    }
                    _ => return Err(field(key, value, Want::Columns).into()),
                }
            }
            "wcol" => link.weights_column = Some(whole(key, value, 0, 999)? as usize),
            "it" => it = Some(whole(key, value, 0, MAX_LINK_ITERATIONS as u64)? as usize),
            "half" => {
                half = match value {
                    "E" | "e" => Some(1),
                    "M" | "m" | "start" => Some(0),
                    _ => return Err(field(key, value, Want::Half).into()),
                }
            }
            "start" => {
                let values: Option<Vec<f64>> = value
                    .split(',')
                    .take(MAX_START_VALUES + 1)
                    .map(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
                    .collect();
                match values {
                    Some(v) if !v.is_empty() && v.len() <= MAX_START_VALUES => link.start = Some(v),
                    _ => return Err(field(key, value, Want::Numbers).into()),
                }
            }
            "speed" => link.view.speed = Some(whole(key, value, 1, 10)? as u8),
            "embed" => link.view.embed = flag(key, value)?,
            "autoplay" => link.view.autoplay = flag(key, value)?,
            "present" => link.view.present = flag(key, value)?,
            "hide" => link.view.hide = panels(key, value)?,
            "show" => link.view.show = panels(key, value)?,
            "lang" => {
                if !is_token(value, 35) {
                    return Err(field(key, value, Want::LangTag).into());
                }
                link.view.lang = Some(value.to_string());
            }
            _ => {}
        }
    }
    if it.is_some() || half.is_some() {
        link.half_steps = Some(2 * it.unwrap_or(0) + half.unwrap_or(0));
    }
    if !known {
        return Ok(None);
    }
    if link == Link::default() {
        return Ok(None);
    }
    Ok(Some(link))
}

/// Applies a link to a copy of `app` (the original is untouched if anything fails): loads the
/// data, applies the settings, chooses the columns and replays the run to the same half-step.
pub fn apply_link(app: &App, link: &Link) -> Result<(App, Applied), Error> {
    let mut next = app.clone();
    let mut applied = Applied {
        has_state: link.has_state(),
        preset: None,
        data_text: None,
        view: link.view.clone(),
    };
    if !link.has_state() {
        return Ok((next, applied));
    }
    match &link.data {
        Some(LinkData::Preset(id)) => {
            applied.data_text = Some(next.load_preset(id, link.settings.seed.unwrap_or(0))?);
            applied.preset = Some(id.clone());
        }
        Some(LinkData::Text(text)) => {
            next.load_text_weighted(text, link.weights_column)?;
            applied.data_text = Some(text.clone());
        }
        None => {}
    }
    // `wcol=` without the data's own text: the weights are a column of the data loaded.
    if let (Some(c), false) = (
        link.weights_column,
        matches!(link.data, Some(LinkData::Text(_))),
    ) {
        let text = data_text(&next.table()?);
        next.load_text_weighted(&text, Some(c))?;
        applied.data_text = Some(text);
    }
    next.apply_settings(link.settings.over(next.settings().clone()))?;
    if let Some([x, y]) = link.columns {
        next.set_view_columns(x, y)?;
    }
    if let Some(values) = &link.start {
        let s = next.settings();
        let start = start_model(values, s.k, next.data().d(), s.covariance_type)?;
        next.set_start(start)?;
    }
    for _ in 0..link.half_steps.unwrap_or(0) {
        if next.step()?.is_none() {
            break;
        }
    }
    Ok((next, applied))
}

/// Inflates a `data=` field into CSV text.
pub fn decode_data(value: &str) -> Result<String, Error> {
    if value.len() > MAX_DATA_CHARS {
        return Err(LinkProblem::DataTooLong {
            chars: value.len(),
            max: MAX_DATA_CHARS,
        }
        .into());
    }
    let bytes = base64url_decode(value).ok_or(LinkProblem::DataNotBase64)?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED_BYTES)
        .map_err(|_| LinkProblem::DataDamaged)?;
    Ok(String::from_utf8(text).map_err(|_| LinkProblem::DataNotText)?)
}

fn check_view(view: &ViewFlags) -> Result<(), LinkProblem> {
    for name in view.hide.iter().chain(&view.show) {
        if !is_token(name, 32) {
            return Err(field("hide", name, Want::PanelName));
        }
    }
    if view.hide.len() > MAX_PANELS || view.show.len() > MAX_PANELS {
        return Err(LinkProblem::TooManyPanels);
    }
    if let Some(lang) = &view.lang {
        if !is_token(lang, 35) {
            return Err(field("lang", lang, Want::LangTag));
        }
    }
    if view.speed.is_some_and(|s| !(1..=10).contains(&s)) {
        return Err(LinkProblem::SpeedRange);
    }
    Ok(())
}

fn field(key: &str, value: &str, want: Want) -> LinkProblem {
    LinkProblem::Field {
        key: clip(key),
        value: clip(value),
        want,
    }
}

fn whole(key: &str, value: &str, min: u64, max: u64) -> Result<u64, LinkProblem> {
    match value.parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(field(key, value, Want::WholeNumber { min, max })),
    }
}

fn non_negative(key: &str, value: &str) -> Result<f64, LinkProblem> {
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(field(key, value, Want::NonNegative)),
    }
}

/// A concentration prior: a finite number above 0 (the rule of [`crate::concentration::check`]).
fn positive(key: &str, value: &str) -> Result<f64, LinkProblem> {
    (value.parse::<f64>().ok())
        .and_then(|v| crate::concentration::check(v).ok())
        .ok_or_else(|| field(key, value, Want::Positive))
}

fn flag(key: &str, value: &str) -> Result<bool, LinkProblem> {
    match value {
        "" | "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(field(key, value, Want::Flag)),
    }
}

pub(crate) fn panels(key: &str, value: &str) -> Result<Vec<String>, LinkProblem> {
    let names: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    if names.len() > MAX_PANELS || names.iter().any(|n| !is_token(n, 32)) {
        return Err(field(key, value, Want::PanelList));
    }
    Ok(names)
}

fn is_token(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A start's name in a link: the first of its names (the core's name, then its aliases) that a
/// query carries as it is, since `+` there reads as a space: k-means++ goes as `kmeanspp`.
fn link_name(start: Start) -> &'static str {
    let kind = start.kind();
    std::iter::once(kind.name())
        .chain(kind.aliases().iter().copied())
        .find(|name| escape(name) == *name)
        .unwrap_or(kind.name())
}

/// Percent-encodes everything but unreserved characters (a value written into a link).
///
/// Hand-written on purpose, with [`unescape`]: the `percent-encoding` crate would do this half as
/// well, but its decoder passes a broken escape (`%zz`, `%4`) through as text, where a link must
/// be refused with a message; the pair is a dozen lines.
pub(crate) fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Undoes `%XX` escapes; `None` if an escape is broken or the result is not UTF-8.
fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// base64url as links carry it: no padding written; padding, and stray bits in the last
/// character, tolerated when read.
const LINK_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    LINK_BASE64.encode(bytes)
}

/// Reads base64url (padding optional); `None` on any other character or an impossible length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    LINK_BASE64.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{describe, Lang};

    #[test]
    fn link_errors_are_said_in_every_language_from_their_facts() {
        let cases = [
            (
                "k=0",
                LinkProblem::Field {
                    key: "k".into(),
                    value: "0".into(),
                    want: Want::WholeNumber { min: 1, max: 10 },
                },
                "링크가 올바르지 않습니다: k=\"0\"은(는) 1에서 10 사이의 정수여야 합니다",
                "リンクが正しくありません: k=\"0\"は1から10までの整数である必要があります",
            ),
            (
                "preset=nope",
                LinkProblem::NoPreset { id: "nope".into() },
                "링크가 올바르지 않습니다: \"nope\"(이)라는 예제 데이터는 없습니다",
                "リンクが正しくありません: \"nope\"という組み込みのデータセットはありません",
            ),
            (
                "half=X",
                LinkProblem::Field {
                    key: "half".into(),
                    value: "X".into(),
                    want: Want::Half,
                },
                "링크가 올바르지 않습니다: half=\"X\"은(는) E나 M 가운데 하나여야 합니다",
                "リンクが正しくありません: half=\"X\"はEかMのどちらかである必要があります",
            ),
            (
                "k=%zz",
                LinkProblem::NotText { key: "k".into() },
                "링크가 올바르지 않습니다: \"k\"의 값이 올바른 텍스트가 아닙니다",
                "リンクが正しくありません: \"k\"の値が正しいテキストではありません",
            ),
            (
                "data=AAAA",
                LinkProblem::DataDamaged,
                "링크가 올바르지 않습니다: 데이터가 손상되었거나 너무 큽니다(링크가 잘렸나요?)",
                "リンクが正しくありません: データが壊れているか、大きすぎます（リンクが途中で切れていませんか？）",
            ),
        ];
        for (params, problem, korean, japanese) in cases {
            let e = parse_link(params).unwrap_err();
            assert_eq!(e, Error::Link(problem), "{params}");
            assert_eq!(describe(&e, Lang::Ko), korean);
            assert_eq!(describe(&e, Lang::Ja), japanese);
            assert!(describe(&e, Lang::En).starts_with("invalid link: "));
        }
        // A value quoted back is clipped to 40 characters in every language.
        let e = parse_link(&format!("cov={}", "x".repeat(100))).unwrap_err();
        let clipped = format!("\"{}…\"", "x".repeat(40));
        for lang in [Lang::En, Lang::Ko, Lang::Ja] {
            assert!(describe(&e, lang).contains(&clipped), "{lang:?}");
        }
        // Writing a link: the view flags' problems too.
        let view = ViewFlags {
            speed: Some(11),
            ..Default::default()
        };
        let err = link_of(&App::new(), &view).unwrap_err();
        assert_eq!(err, LinkError::Invalid(LinkProblem::SpeedRange));
        let LinkError::Invalid(p) = err else {
            unreachable!()
        };
        let e: Error = p.into();
        assert_eq!(
            describe(&e, Lang::Ko),
            "링크가 올바르지 않습니다: 속도는 1에서 10 사이여야 합니다"
        );
        assert_eq!(
            describe(&e, Lang::Ja),
            "リンクが正しくありません: 速度は1から10の間にしてください"
        );
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert!(base64url_decode("a").is_none());
        assert!(base64url_decode("ab!c").is_none());
        // Padding is optional when reading.
        assert_eq!(base64url_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64url_decode("YQ").unwrap(), b"a");
    }

    #[test]
    fn numbers_are_short_and_exact() {
        for v in [
            0.0,
            -0.0,
            1e-4,
            1e-300,
            1e300,
            3.6,
            79.0,
            -2.5e-7,
            0.1 + 0.2,
            f64::MIN_POSITIVE,
        ] {
            let s = short_number(v);
            assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
        }
        assert_eq!(short_number(1e-4), "1e-4");
        assert_eq!(short_number(79.0), "79");
    }

    #[test]
    fn a_start_set_by_hand_travels_in_the_link() {
        let mut app = App::new();
        // Settings' own start: no start= field.
        let plain = link_of(&app, &ViewFlags::default()).unwrap();
        assert!(!plain.contains("start="), "{plain}");
        // Drag the second mean, step a few half-steps, then share.
        let s = app.start().clone();
        let mut means = s.means().to_vec();
        means[2] = 4.5;
        means[3] = 85.0;
        let dragged = Mixture::new(
            s.covariance_type(),
            s.weights().to_vec(),
            means,
            s.covariances().to_vec(),
        )
        .unwrap();
        app.set_start(dragged).unwrap();
        for _ in 0..5 {
            app.step().unwrap();
        }
        let params = link_of(&app, &ViewFlags::default()).unwrap();
        assert!(params.contains("start="), "{params}");
        let link = parse_link(&params).unwrap().unwrap();
        let (back, _) = apply_link(&App::new(), &link).unwrap();
        assert_eq!(back.start(), app.start());
        assert_eq!(back.state(), app.state());
        // A start of the wrong size is refused with a reason.
        let bad = parse_link("preset=old-faithful&start=1,2,3")
            .unwrap()
            .unwrap();
        let err = apply_link(&App::new(), &bad).unwrap_err().to_string();
        assert!(err.contains("start"), "{err}");
        assert!(parse_link("start=1,nan").is_err());
    }

    #[test]
    fn escapes_round_trip() {
        assert_eq!(escape("kmeans++"), "kmeans%2B%2B");
        assert_eq!(unescape("kmeans%2B%2B").unwrap(), "kmeans++");
        assert!(unescape("%zz").is_none() && unescape("%4").is_none() && unescape("%FF").is_none());
    }
}
