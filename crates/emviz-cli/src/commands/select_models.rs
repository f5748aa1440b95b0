//! `emviz select --models`: mclust's covariance models × K = 1..K_max, as its `mclustBIC`
//! (the core's [`select_models`]): a table of BIC or ICL, model by model, the best marked.

use emviz_core::rules::{list, ModelName};
use emviz_core::{select_models, Best, Dataset, GmmValidParams, ModelSelection, Weights};
use serde::Serialize;

use crate::args::{CriterionArg, SelectArgs};
use crate::error::{CliError, Result};
use crate::input::source_name;
use crate::output::{format_fixed, print, print_json, table, warn};

/// The models `--models` names: `all`, or names separated by commas (any case).
pub fn parse_models(text: &str) -> Result<Vec<ModelName>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(ModelName::ALL.to_vec());
    }
    let mut models = Vec::new();
    for name in text.split(',') {
        let m = ModelName::from_name(name).ok_or_else(|| {
            CliError::msg(format!(
                "--models: \"{}\" is not one of mclust's models; give `all` or some of {}",
                name.trim(),
                list(ModelName::ALL.map(ModelName::name), true)
            ))
        })?;
        if !models.contains(&m) {
            models.push(m);
        }
    }
    Ok(models)
}

/// The JSON printed: the core's selection, in the sign asked for.
#[derive(Serialize)]
struct Output {
    /// `"emviz"` (lower is better) or `"mclust"` (BIC and ICL negated: higher is better).
    sign: &'static str,
    #[serde(flatten)]
    selection: ModelSelection,
}

/// Runs `emviz select --models`.
pub fn run(
    args: &SelectArgs,
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    models: &str,
) -> Result<()> {
    let models = parse_models(models)?;
    let mut selection = select_models(data, weights, template, &models, args.k_max)?;
    for r in &selection.rows {
        if let Some(e) = &r.row.error {
            warn(&format!("{} K = {}: {e}", r.model, r.row.k));
        }
    }
    if args.mclust_sign {
        for r in &mut selection.rows {
            r.row.bic = r.row.bic.map(|v| -v);
            r.row.icl = r.row.icl.map(|v| -v);
        }
    }
    if args.json {
        return print_json(&Output {
            sign: if args.mclust_sign { "mclust" } else { "emviz" },
            selection,
        });
    }
    let title = format!(
        "{}: {}, {}\n\n",
        source_name(&args.data.file),
        super::select::described(data, weights),
        super::select::starts(template),
    );
    print(&(title + &render(&selection, &models, args.criterion, args.mclust_sign)))
}

/// Models down, K across, the criterion's value in each cell, the best marked.
fn render(
    s: &ModelSelection,
    models: &[ModelName],
    criterion: CriterionArg,
    mclust: bool,
) -> String {
    let (name, best) = match criterion {
        CriterionArg::Bic => ("BIC", s.best_bic),
        CriterionArg::Icl => ("ICL", s.best_icl),
    };
    let k_max = s.rows.iter().map(|r| r.row.k).max().unwrap_or(0);
    let rows: Vec<Vec<String>> = models
        .iter()
        .map(|&m| {
            std::iter::once(m.name().to_string())
                .chain(s.rows.iter().filter(|r| r.model == m).map(|r| {
                    let v = match criterion {
                        CriterionArg::Bic => r.row.bic,
                        CriterionArg::Icl => r.row.icl,
                    };
                    let mark = if (Best {
                        model: m,
                        k: r.row.k,
                    }) == best
                    {
                        " *"
                    } else if r.degenerate {
                        " !"
                    } else {
                        "  "
                    };
                    v.map_or_else(|| "-  ".into(), |v| format_fixed(v, 2) + mark)
                }))
                .collect()
        })
        .collect();
    let ks: Vec<String> = (1..=k_max).map(|k| format!("K={k}  ")).collect();
    let header: Vec<&str> = std::iter::once("model")
        .chain(ks.iter().map(String::as_str))
        .collect();
    let sign = if mclust {
        "mclust's sign: 2·log-likelihood − df·log n, higher is better"
    } else {
        "lower is better"
    };
    let mut out = table(&header, &rows);
    out += &format!(
        "\n{name} ({sign}); * the best; ! a degenerate fit (a component collapsed onto one \
         point or none), never chosen\nbest by BIC: {} with K = {}\nbest by ICL: {} with K = {}\n",
        s.best_bic.model, s.best_bic.k, s.best_icl.model, s.best_icl.k
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_read_by_name_or_all() {
        assert_eq!(parse_models("all").unwrap().len(), 14);
        assert_eq!(
            parse_models("eii, VVV,EII").unwrap(),
            vec![ModelName::Eii, ModelName::Vvv]
        );
        let e = parse_models("EII,XYZ").unwrap_err().to_string();
        assert!(
            e.contains("\"XYZ\"") && e.contains("EII") && e.contains("EVV or VVV"),
            "{e}"
        );
    }
}
