//! Reading inputs: data files and standard input, and the number lists of `--means`,
//! `--covariances` and `--weights`, each with an error message that says where the problem is.

use std::io::Read;
use std::path::Path;

use emviz_core::{parse_table, ColumnSelection, Dataset, ParseOptions, Weights};

use crate::args::DataArgs;
use crate::error::{io_message, CliError, Result};

/// How a path is named in messages: `<stdin>` for `-`, the path as given otherwise.
pub fn source_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The whole text of a file, or of standard input for `-`.
pub fn read_text(path: &Path) -> Result<String> {
    let name = source_name(path);
    let mut bytes = Vec::new();
    let read = if is_stdin(path) {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        if path.is_dir() {
            return Err(CliError::msg(format!(
                "cannot read {name}: it is a directory"
            )));
        }
        std::fs::read(path).map(|b| bytes = b)
    };
    read.map_err(|e| CliError::msg(format!("cannot read {name}: {}", io_message(&e))))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::msg(format!(
            "cannot read {name}: it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The column selection of `--columns`: names or 1-based numbers, comma-separated.
pub fn parse_columns(spec: Option<&str>) -> Result<ColumnSelection> {
    let Some(spec) = spec else {
        return Ok(ColumnSelection::All);
    };
    let names: Vec<String> = spec.split(',').map(|s| s.trim().to_owned()).collect();
    if names.iter().any(String::is_empty) {
        return Err(CliError::msg(format!(
            "--columns: \"{spec}\" has an empty entry; write column numbers or names separated by commas, e.g. 1,2"
        )));
    }
    if names.iter().any(|n| n == "0") {
        return Err(CliError::msg(
            "--columns: columns are numbered from 1, so there is no column 0",
        ));
    }
    // The parser reads a name that is not a header name as a 1-based column number.
    Ok(ColumnSelection::Names(names))
}

/// The columns a fit reads: those of `--columns` (all without it) and, with `--weights-col`,
/// the weights' column last (taken out of the others when `--columns` is not given).
pub fn fit_columns(columns: Option<&str>, weights_col: Option<&str>) -> Result<ColumnSelection> {
    let selection = parse_columns(columns)?;
    let Some(w) = weights_col else {
        return Ok(selection);
    };
    let w = w.trim();
    if w.is_empty() || w == "0" {
        return Err(CliError::msg(
            "--weights-col: give the weights' column as a number from 1 or a header name",
        ));
    }
    Ok(match selection {
        ColumnSelection::Names(mut names) => {
            names.push(w.to_owned());
            ColumnSelection::Names(names)
        }
        _ => ColumnSelection::MovedLast(w.to_owned()),
    })
}

/// Data read with its weights' column last ([`fit_columns`]) split into the features and the
/// checked weights (errors name the point: [`emviz_core::weights`]).
pub fn split_weights(data: Dataset) -> Result<(Dataset, Weights)> {
    let d = data.d() - 1;
    if d == 0 {
        return Err(CliError::msg(
            "--weights-col: no column is left for the features; choose them with --columns",
        ));
    }
    let mut values = Vec::with_capacity(data.n() * d);
    let mut weights = Vec::with_capacity(data.n());
    for row in data.rows() {
        values.extend_from_slice(&row[..d]);
        weights.push(row[d]);
    }
    let n = weights.len();
    Ok((
        Dataset::new(data.names()[..d].to_vec(), values)?,
        Weights::new(weights, n)?,
    ))
}

/// Reads and parses the data of a command. Parse errors are prefixed with the file name:
/// `data.csv: line 3, column 2: "abc" is not a number`.
pub fn load_dataset(args: &DataArgs) -> Result<Dataset> {
    let options = ParseOptions {
        header: args.header.into(),
        columns: parse_columns(args.columns.as_deref())?,
    };
    let text = read_text(&args.file)?;
    parse_table(&text, &options).map_err(|e| CliError::context(source_name(&args.file), e))
}

/// [`load_dataset`] with, when `weights_col` is given (`--weights-col`), that column taken out
/// as the points' checked sample weights ([`fit_columns`], [`split_weights`]).
pub fn load_weighted(
    args: &DataArgs,
    weights_col: Option<&str>,
) -> Result<(Dataset, Option<Weights>)> {
    let Some(w) = weights_col else {
        return Ok((load_dataset(args)?, None));
    };
    let options = ParseOptions {
        header: args.header.into(),
        columns: fit_columns(args.columns.as_deref(), Some(w))?,
    };
    let text = read_text(&args.file)?;
    let data =
        parse_table(&text, &options).map_err(|e| CliError::context(source_name(&args.file), e))?;
    let (data, weights) = split_weights(data)?;
    Ok((data, Some(weights)))
}

/// A list of numbers in `;`-separated groups of `,`-separated values (`"0,50;0,100"`).
/// Spaces around values are allowed; an empty list or an empty value is an error.
pub fn parse_groups(flag: &str, spec: &str) -> Result<Vec<Vec<f64>>> {
    let spec = spec.trim().trim_end_matches(';');
    if spec.is_empty() {
        return Err(CliError::msg(format!("{flag}: the list is empty")));
    }
    let mut groups = Vec::new();
    for (g, group) in spec.split(';').enumerate() {
        let mut values = Vec::new();
        for (i, field) in group.split(',').enumerate() {
            let field = field.trim();
            let at = || format!("group {}, value {}", g + 1, i + 1);
            if field.is_empty() {
                return Err(CliError::msg(format!(
                    "{flag}: {} is empty; write numbers separated by commas, and components separated by semicolons, e.g. \"0,50;0,100\"",
                    at()
                )));
            }
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => values.push(v),
                Ok(_) => {
                    return Err(CliError::msg(format!(
                        "{flag}: {}: \"{field}\" is not a finite number",
                        at()
                    )))
                }
                Err(_) => {
                    return Err(CliError::msg(format!(
                        "{flag}: {}: \"{field}\" is not a number",
                        at()
                    )))
                }
            }
        }
        groups.push(values);
    }
    Ok(groups)
}

/// `k` rows of `width` numbers each, flattened, from a `;`-separated list. One group holding
/// all `k × width` numbers is accepted too. `what` names a row in messages (`mean`, `matrix`).
pub fn parse_rows(flag: &str, spec: &str, k: usize, width: usize, what: &str) -> Result<Vec<f64>> {
    let groups = parse_groups(flag, spec)?;
    if groups.len() == 1 && k > 1 && groups[0].len() == k * width {
        return Ok(groups.into_iter().flatten().collect());
    }
    if groups.len() != k {
        return Err(CliError::msg(format!(
            "{flag}: {} {what}{} given, but K = {k} needs {k}; separate them with semicolons, e.g. \"{}\"",
            groups.len(),
            plural(groups.len()),
            example(k.min(3), width)
        )));
    }
    for (j, g) in groups.iter().enumerate() {
        if g.len() != width {
            return Err(CliError::msg(format!(
                "{flag}: {what} {} has {} value{}, but {width} {} needed",
                j + 1,
                g.len(),
                plural(g.len()),
                if width == 1 { "is" } else { "are" }
            )));
        }
    }
    Ok(groups.into_iter().flatten().collect())
}

/// `k` weights, separated by commas (or semicolons).
pub fn parse_weights(flag: &str, spec: &str, k: usize) -> Result<Vec<f64>> {
    let weights: Vec<f64> = parse_groups(flag, spec)?.into_iter().flatten().collect();
    if weights.len() != k {
        return Err(CliError::msg(format!(
            "{flag}: {} weight{} given, but K = {k} needs {k}",
            weights.len(),
            plural(weights.len())
        )));
    }
    if let Some(w) = weights.iter().find(|w| **w < 0.0) {
        return Err(CliError::msg(format!(
            "{flag}: {w} is negative; weights must be ≥ 0"
        )));
    }
    if weights.iter().sum::<f64>() <= 0.0 {
        return Err(CliError::msg(format!(
            "{flag}: the weights must not all be zero"
        )));
    }
    Ok(weights)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// An example list of `groups` groups of `width` numbers: `"x1,x2;x1,x2"`.
fn example(groups: usize, width: usize) -> String {
    let row: Vec<String> = (1..=width.min(4)).map(|i| format!("x{i}")).collect();
    let row = row.join(",");
    vec![row; groups.max(1)].join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_with_spaces() {
        let g = parse_groups("--means", " 0, 50 ; -1e1,100 ;").unwrap();
        assert_eq!(g, vec![vec![0.0, 50.0], vec![-10.0, 100.0]]);
    }

    #[test]
    fn rows_check_count_and_width() {
        assert_eq!(
            parse_rows("--means", "0,50;0,100", 2, 2, "mean").unwrap(),
            [0.0, 50.0, 0.0, 100.0]
        );
        assert_eq!(
            parse_rows("--means", "0,50,0,100", 2, 2, "mean").unwrap(),
            [0.0, 50.0, 0.0, 100.0]
        );
        let e = parse_rows("--means", "0,50", 2, 2, "mean")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1 mean given, but K = 2 needs 2"), "{e}");
        let e = parse_rows("--means", "0,50;0", 2, 2, "mean")
            .unwrap_err()
            .to_string();
        assert!(e.contains("mean 2 has 1 value, but 2 are needed"), "{e}");
        let e = parse_rows("--means", "0,5x;0,1", 2, 2, "mean")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"5x\" is not a number"), "{e}");
        let e = parse_rows("--means", "0,,1", 2, 2, "mean")
            .unwrap_err()
            .to_string();
        assert!(e.contains("value 2 is empty"), "{e}");
        assert!(parse_rows("--means", "nan,1", 1, 2, "mean").is_err());
    }

    #[test]
    fn weights_are_checked() {
        assert_eq!(parse_weights("--weights", "1, 3", 2).unwrap(), [1.0, 3.0]);
        assert!(parse_weights("--weights", "1", 2).is_err());
        assert!(parse_weights("--weights", "-1,2", 2).is_err());
        assert!(parse_weights("--weights", "0,0", 2).is_err());
    }

    #[test]
    fn columns_are_names_or_numbers() {
        assert_eq!(parse_columns(None).unwrap(), ColumnSelection::All);
        assert_eq!(
            parse_columns(Some("2, waiting")).unwrap(),
            ColumnSelection::Names(vec!["2".into(), "waiting".into()])
        );
        assert!(parse_columns(Some("1,,2")).is_err());
        assert!(parse_columns(Some("0")).is_err());
    }
}
