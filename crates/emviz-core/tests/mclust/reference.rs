//! Reads `tests/reference/mclust/me.txt` (its format: `make_mclust.R`'s header) and the data
//! sets it was made on.

use std::collections::HashMap;
use std::path::Path;

use emviz_core::rules::ModelName;
use emviz_core::{parse_table, Dataset, ParseOptions};

/// One `me()` run of mclust: its data, start and results.
pub struct Fit {
    pub set: String,
    pub data: Dataset,
    pub k: usize,
    pub model: ModelName,
    /// 0-based labels of the starting partition.
    pub labels: Vec<usize>,
    pub loglik: f64,
    pub df: usize,
    /// mclust's sign: 2 loglik − df ln n.
    pub bic: f64,
    pub pro: Vec<f64>,
    /// k × d, component by component.
    pub mean: Vec<f64>,
    /// k × d × d, row-major.
    pub sigma: Vec<f64>,
}

pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

pub fn data_set(name: &str) -> Dataset {
    let text = std::fs::read_to_string(root().join(format!("data/{name}.txt"))).unwrap();
    parse_table(&text, &ParseOptions::default()).unwrap()
}

fn numbers(fields: &[&str]) -> Vec<f64> {
    fields.iter().map(|f| f.parse().unwrap()).collect()
}

/// Every fit of `me.txt`, in its order.
pub fn load() -> Vec<Fit> {
    let text = std::fs::read_to_string(root().join("tests/reference/mclust/me.txt")).unwrap();
    let mut sets: HashMap<String, Dataset> = HashMap::new();
    let mut starts: HashMap<(String, usize), Vec<usize>> = HashMap::new();
    let mut fits: Vec<Fit> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f[0] {
            "start" => {
                let labels = f[3..]
                    .iter()
                    .map(|l| l.parse::<usize>().unwrap() - 1)
                    .collect();
                starts.insert((f[1].to_string(), f[2].parse().unwrap()), labels);
            }
            "fit" => {
                let (set, k) = (f[1].to_string(), f[2].parse().unwrap());
                let data = sets
                    .entry(set.clone())
                    .or_insert_with(|| data_set(&set))
                    .clone();
                fits.push(Fit {
                    labels: starts[&(set.clone(), k)].clone(),
                    set,
                    data,
                    k,
                    model: ModelName::from_name(f[3]).unwrap(),
                    loglik: f[4].parse().unwrap(),
                    df: f[5].parse().unwrap(),
                    bic: f[6].parse().unwrap(),
                    pro: vec![],
                    mean: vec![],
                    sigma: vec![],
                });
            }
            "pro" => fits.last_mut().unwrap().pro = numbers(&f[1..]),
            "mean" => fits.last_mut().unwrap().mean = numbers(&f[1..]),
            "sigma" => fits.last_mut().unwrap().sigma = numbers(&f[1..]),
            other => panic!("unknown record {other}"),
        }
    }
    fits
}
