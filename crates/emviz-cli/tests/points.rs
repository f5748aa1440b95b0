//! `emviz fit --points` (each point's label, responsibility and uncertainty as a TSV) and the
//! fit's `icl` beside `bic`/`aic`: in memory, streamed and weighted; checked against mclust's
//! definitions computed here from the table the CLI writes.

mod support;

use serde_json::Value;
use support::{emviz, fails, json, ok, Scratch};

const BOOK: [&str; 9] = [
    "fit",
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/old_faithful.txt"),
    "--k",
    "2",
    "--means",
    "0,50;0,100",
    "--reg-covar",
    "0",
    "--points",
];

/// The rows of a `--points` table: (label, responsibility, uncertainty), after its header.
fn table(text: &str) -> Vec<(usize, f64, f64)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("label\tresponsibility\tuncertainty"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{l}");
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect()
}

fn book_fit(dir: &Scratch, extra: &[&str]) -> (Value, Vec<(usize, f64, f64)>) {
    let path = dir.path().join("points.tsv");
    let mut args = BOOK.to_vec();
    args.push(path.to_str().unwrap());
    args.extend_from_slice(extra);
    let model = json(&emviz(&args));
    (model, table(&std::fs::read_to_string(path).unwrap()))
}

#[test]
fn the_book_run_labels_every_point_and_its_icl_is_mclusts() {
    let dir = Scratch::new();
    let (model, rows) = book_fit(&dir, &[]);
    // The run itself is the book's, bit for bit.
    assert_eq!(model["n_iter"], 9);
    assert_eq!(model["weights"][0].as_f64(), Some(0.35595101391670264));
    assert_eq!(model["weights"][1].as_f64(), Some(0.6440489860832974));
    assert_eq!(rows.len(), 272);
    for &(label, r, u) in &rows {
        assert!(label < 2);
        assert!((0.5..=1.0).contains(&r), "{r}");
        assert!((r + u - 1.0).abs() < 1e-15, "{r} + {u}");
    }
    // Old Faithful's first eruption (3.6 min, 79 min wait) is a long one: the (0, 100) start's.
    assert_eq!(rows[0].0, 1);
    assert!(rows.iter().any(|r| r.0 == 0) && rows.iter().any(|r| r.2 > 1e-3));
    // mclust: ICL = BIC + 2 Σₙ log maxⱼ rₙⱼ in its sign; here BIC's sign, so BIC − 2 Σ log r.
    let bic = model["bic"].as_f64().unwrap();
    let icl = model["icl"].as_f64().unwrap();
    let expected = bic - 2.0 * rows.iter().map(|r| r.1.ln()).sum::<f64>();
    assert!((icl - expected).abs() < 1e-9, "{icl} vs {expected}");
    assert!(icl > bic);
}

#[test]
fn the_streamed_fit_writes_the_same_table() {
    let dir = Scratch::new();
    let (memory, in_memory) = book_fit(&dir, &[]);
    let (streamed, rows) = book_fit(&dir, &["--memory", "stream", "--chunk-rows", "50"]);
    assert_eq!(rows.len(), in_memory.len());
    for (a, b) in rows.iter().zip(&in_memory) {
        assert_eq!(a.0, b.0);
        assert!((a.1 - b.1).abs() < 1e-12 && (a.2 - b.2).abs() < 1e-12);
    }
    let (a, b) = (memory["icl"].as_f64().unwrap(), streamed["icl"].as_f64());
    assert!((a - b.unwrap()).abs() < 1e-9 * a.abs());
}

#[test]
fn points_to_standard_output_replace_the_model() {
    let mut args = BOOK.to_vec();
    args.push("-");
    let text = ok(&emviz(&args));
    assert!(!text.contains('{'), "no JSON: {text}");
    assert_eq!(table(&text).len(), 272);
}

#[test]
fn weighted_icl_counts_each_point_by_its_weight() {
    let dir = Scratch::new();
    let mut text = String::from("x,w\n");
    for i in 0..40 {
        let x = if i % 2 == 0 {
            i as f64 * 0.1
        } else {
            8.0 - i as f64 * 0.05
        };
        text += &format!("{x},{}\n", 1 + i % 3);
    }
    let file = dir.file("weighted.csv", &text);
    let path = dir.path().join("w.tsv");
    let args = [
        "fit",
        &file,
        "--k",
        "2",
        "--weights-col",
        "w",
        "--points",
        path.to_str().unwrap(),
    ];
    for memory in ["load", "stream"] {
        let model = json(&emviz(&[&args[..], &["--memory", memory]].concat()));
        let rows = table(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(rows.len(), 40);
        let classified: f64 = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (1 + i % 3) as f64 * r.1.ln())
            .sum();
        let bic = model["bic"].as_f64().unwrap();
        let icl = model["icl"].as_f64().unwrap();
        assert!((icl - (bic - 2.0 * classified)).abs() < 1e-9, "{memory}");
    }
}

#[test]
fn points_are_refused_with_variational_bayes_and_an_unwritable_path() {
    let mut bayes = BOOK.to_vec();
    bayes.extend(["p.tsv", "--bayes", "dp"]);
    let e = fails(&emviz(&bayes));
    assert!(e.contains("--points") && e.contains("--bayes"), "{e}");
    let mut bad = BOOK.to_vec();
    bad.push("/nonexistent-dir/p.tsv");
    let e = fails(&emviz(&bad));
    assert!(
        e.contains("cannot write --points /nonexistent-dir/p.tsv"),
        "{e}"
    );
}

#[test]
fn data_of_several_blocks_gives_one_table_in_memory_and_streamed() {
    // More points than the classifier takes at a time (65 536), weighted.
    let dir = Scratch::new();
    let n = 70_000;
    let mut text = String::from("x,w\n");
    for i in 0..n {
        let x = (i % 997) as f64 * 0.01 + if i % 3 == 0 { 6.0 } else { 0.0 };
        text += &format!("{x},{}\n", 1 + i % 2);
    }
    let file = dir.file("many.csv", &text);
    let fit = |memory: &str, out: &str| {
        let path = dir.path().join(out);
        let args = [
            "fit",
            &file,
            "--k",
            "2",
            "--max-iter",
            "5",
            "--weights-col",
            "w",
            "--memory",
            memory,
            "--chunk-rows",
            "9000",
            "--points",
            path.to_str().unwrap(),
        ];
        let model = json(&emviz(&args));
        (model, table(&std::fs::read_to_string(path).unwrap()))
    };
    let (a, rows_a) = fit("load", "a.tsv");
    let (b, rows_b) = fit("stream", "b.tsv");
    assert_eq!((rows_a.len(), rows_b.len()), (n, n));
    for (x, y) in rows_a.iter().zip(&rows_b) {
        assert_eq!(x.0, y.0);
        assert!((x.1 - y.1).abs() < 1e-12 && (x.2 - y.2).abs() < 1e-12);
    }
    let classified: f64 = (rows_a.iter().enumerate())
        .map(|(i, r)| (1 + i % 2) as f64 * r.1.ln())
        .sum();
    let (icl_a, bic_a) = (a["icl"].as_f64().unwrap(), a["bic"].as_f64().unwrap());
    assert!((icl_a - (bic_a - 2.0 * classified)).abs() < 1e-9 * icl_a.abs());
    assert!((icl_a - b["icl"].as_f64().unwrap()).abs() < 1e-9 * icl_a.abs());
}
