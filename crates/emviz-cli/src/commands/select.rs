//! `emviz select`: K = 1..K_max compared by BIC and AIC (with `--models`, mclust's covariance
//! models × K: [`super::select_models`]).

use emviz_core::{select_k, Init, Selection};

use crate::args::SelectArgs;
use crate::commands::gmm_params;
use crate::error::Result;
use crate::input::{load_weighted, source_name};
use crate::output::{format_fixed, print, print_json, table, warn};

/// Runs `emviz select`.
pub fn run(args: &SelectArgs) -> Result<()> {
    // Every start `select` offers needs no values.
    let init = Init::of_kind(args.init.0).unwrap_or_default();
    let (data, weights) = load_weighted(&args.data, args.weights_col.as_deref())?;
    if args.k_max > data.n() {
        warn(&format!(
            "--k-max {} is more than the {} points; trying K = 1..{}",
            args.k_max,
            data.n(),
            data.n()
        ));
    }
    // Checked once, for K = 1: a bad value is an error, not a table of failed rows.
    let template = gmm_params(&args.em, 1)?.init(init).check(&data)?;
    if let Some(models) = &args.models {
        return super::select_models::run(args, &data, weights.as_ref(), &template, models);
    }
    let selection = select_k(&data, weights.as_ref(), &template, args.k_max)?;
    for row in &selection.rows {
        if let Some(e) = &row.error {
            warn(&format!("K = {}: {e}", row.k));
        }
    }
    if args.json {
        print_json(&selection)
    } else {
        let title = format!(
            "{}: {}, {} covariances, {}\n\n",
            source_name(&args.data.file),
            described(&data, weights.as_ref()),
            template
                .model_name()
                .covariance_type()
                .map_or(template.model_name().name(), |t| t.name()),
            starts(&template),
        );
        print(&(title + &render(&selection)))
    }
}

/// "N points, D columns (names)" of the title of a table, and "weighted (Σw = W)" when weighted.
pub fn described(data: &emviz_core::Dataset, weights: Option<&emviz_core::Weights>) -> String {
    let shape = format!(
        "{} points, {} column{} ({})",
        data.n(),
        data.d(),
        if data.d() == 1 { "" } else { "s" },
        data.names().join(", "),
    );
    match weights {
        Some(w) => format!("{shape}, weighted (Σw = {})", w.total()),
        None => shape,
    }
}

/// "R starts from HOW (seed S)", of the title of a table.
pub fn starts(template: &emviz_core::GmmValidParams) -> String {
    format!(
        "{} start{} from {} (seed {})",
        template.n_init(),
        if template.n_init() == 1 { "" } else { "s" },
        template.init().name(),
        template.seed(),
    )
}

/// The table, with the lowest BIC and AIC marked, and the verdict.
fn render(s: &Selection) -> String {
    let mark = |v: Option<f64>, best: bool| match v {
        Some(v) => format_fixed(v, 2) + if best { " *" } else { "  " },
        None => "-  ".into(),
    };
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                r.n_parameters.to_string(),
                r.log_likelihood
                    .map_or_else(|| "-".into(), |v| format_fixed(v, 5)),
                mark(r.bic, r.k == s.best_bic),
                mark(r.aic, r.k == s.best_aic),
                match (&r.error, r.converged) {
                    (Some(_), _) => "failed".into(),
                    (None, true) => "yes".into(),
                    (None, false) => "no".into(),
                },
            ]
        })
        .collect();
    let mut out = table(
        &[
            "K",
            "params",
            "log-lik/point",
            "BIC  ",
            "AIC  ",
            "converged",
        ],
        &rows,
    );
    out += &format!(
        "\n* lowest value (best)\nbest K by BIC: {}\nbest K by AIC: {}\n",
        s.best_bic, s.best_aic
    );
    out
}
