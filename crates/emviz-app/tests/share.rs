//! Shareable links, natively: a link written from one run and applied to a fresh page reproduces
//! the same state to the last bit (for a preset and for pasted data carried in the link), and
//! garbled or hostile links are clear errors, never panics.
#![cfg(not(target_arch = "wasm32"))]

use emviz_app::app::App;
use emviz_app::settings::Settings;
use emviz_app::share::{
    apply_link, base64url_encode, data_text, decode_data, link_of, parse_link, LinkData, LinkError,
    ViewFlags, MAX_LINK_VALUES,
};
use emviz_app::start::Start;

/// A fresh page that opens `params`.
fn open(params: &str) -> App {
    let link = parse_link(params).unwrap().expect("a link");
    apply_link(&App::new(), &link).unwrap().0
}

fn small_data() -> String {
    let mut text = String::from("height,\"weight, kg\"\n");
    for i in 0..60 {
        let c = if i % 2 == 0 { -3.0 } else { 3.0 };
        let u = (i as f64 * 12.9898).sin() * 0.8;
        let v = (i as f64 * 78.233).cos() * 0.8;
        text.push_str(&format!("{},{}\n", c + u + 1e-9 * i as f64, c / 2.0 - v));
    }
    text
}

#[test]
fn a_preset_link_reproduces_the_run_exactly() {
    let mut app = App::new();
    app.load_preset("blobs", 0).unwrap();
    let s = Settings {
        k: 3,
        seed: 42,
        tol: 1e-6,
        max_iter: 300,
        reg_covar: 1e-5,
        ..app.settings().clone()
    };
    app.apply_settings(s).unwrap();
    for _ in 0..9 {
        app.step().unwrap();
    }
    let view = ViewFlags {
        speed: Some(7),
        lang: Some("ko".into()),
        ..ViewFlags::default()
    };
    let params = link_of(&app, &view).unwrap();
    let it = app.state().iteration;
    let head =
        format!("k=3&cov=full&init=kmeanspp&seed=42&tol=1e-6&max=300&reg=1e-5&cols=0,1&it={it}");
    assert!(params.starts_with(&head), "{params}");
    assert!(params.ends_with("preset=blobs"), "{params}");
    let copy = open(&params);
    assert_eq!(copy.state(), app.state());
    assert_eq!(copy.em().responsibilities(), app.em().responsibilities());
    let link = parse_link(&params).unwrap().unwrap();
    assert_eq!(
        (link.view.speed, link.view.lang.as_deref()),
        (Some(7), Some("ko"))
    );
}

#[test]
fn the_books_run_at_iteration_seven_round_trips() {
    let mut app = App::new();
    for _ in 0..14 {
        app.step().unwrap();
    }
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert_eq!(
        params,
        "k=2&cov=full&init=book&seed=0&tol=1e-4&max=100&reg=0&cols=0,1&it=7&preset=old-faithful"
    );
    let copy = open(&format!("#{params}"));
    assert_eq!(copy.state(), app.state());
    assert_eq!(copy.state().iteration, 7);
    assert_eq!(copy.state().phase, Some(emviz_core::HalfStep::M));
}

#[test]
fn pasted_data_travels_in_the_link_and_comes_back_identical() {
    let mut app = App::new();
    app.load_text(&small_data()).unwrap();
    let s = Settings {
        k: 2,
        covariance_type: "diag".parse().unwrap(),
        init: Start::KMeansPlusPlus,
        seed: 7,
        ..app.settings().clone()
    };
    app.apply_settings(s).unwrap();
    app.iterate().unwrap();
    app.iterate().unwrap();
    app.step().unwrap();
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    let data_field = params
        .split('&')
        .find_map(|p| p.strip_prefix("data="))
        .expect("data in the link");
    assert!(
        data_field.len() < small_data().len(),
        "compressed: {} chars",
        data_field.len()
    );
    let copy = open(&params);
    assert_eq!(copy.data(), app.data());
    assert_eq!(copy.state(), app.state());
    assert_eq!(
        copy.state().names,
        vec!["height".to_string(), "weight, kg".to_string()]
    );
}

#[test]
fn columns_and_a_four_column_table_round_trip() {
    let mut app = App::new();
    app.load_text("a b c d\n1 2 3 4\n2 3 4 5.5\n9 9 9 9\n8 9 8 9.25\n1.5 2 3 4\n8.5 9 9 9\n")
        .unwrap();
    app.set_view_columns(2, 3).unwrap();
    app.step().unwrap();
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(params.contains("cols=2,3&it=0&half=E"), "{params}");
    assert_eq!(open(&params).state(), app.state());
}

#[test]
fn data_with_too_many_numbers_is_refused_with_its_size() {
    let mut app = App::new();
    let rows: Vec<String> = (0..3000)
        .map(|i| format!("{} {}", i as f64 * 0.37, (i % 17) as f64 * 1.3))
        .collect();
    app.load_text(&rows.join("\n")).unwrap();
    match link_of(&app, &ViewFlags::default()) {
        Err(LinkError::TooLarge { values, limit }) => {
            assert_eq!((values, limit), (6000, MAX_LINK_VALUES))
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // The Download data text is the same data.
    let mut back = App::new();
    back.load_text(&data_text(app.data())).unwrap();
    assert_eq!(back.data(), app.data());
}

#[test]
fn view_flags_and_partial_links() {
    let link = parse_link("?embed&hide=chart,settings&show=components&autoplay=1&speed=3")
        .unwrap()
        .unwrap();
    assert!(link.view.embed && link.view.autoplay && !link.has_state());
    assert_eq!(link.view.hide, ["chart", "settings"]);
    assert_eq!(link.view.show, ["components"]);
    // `?present` opens presenter mode; a link carries it; a bad value is a message.
    let present = parse_link("?present").unwrap().unwrap();
    assert!(present.view.present && !present.has_state());
    assert!(!link.view.present);
    let view = ViewFlags {
        present: true,
        ..ViewFlags::default()
    };
    let params = link_of(&App::new(), &view).unwrap();
    assert!(params.contains("present=1"), "{params}");
    assert!(parse_link(&params).unwrap().unwrap().view.present);
    assert!(parse_link("present=maybe").is_err());
    // A view-only link leaves the run alone.
    let mut app = App::new();
    app.iterate().unwrap();
    let (same, applied) = apply_link(&app, &link).unwrap();
    assert!(!applied.has_state);
    assert_eq!(same.state(), app.state());
    // Only some settings: the rest are the preset's.
    let copy = open("preset=blobs&k=4");
    assert_eq!(
        (
            copy.state().k,
            copy.settings().init.as_str(),
            copy.state().n
        ),
        (4, "kmeans++", 450)
    );
    let link = parse_link("preset=one-d&init=kmeans%2B%2B")
        .unwrap()
        .unwrap();
    assert_eq!(link.settings.init, Some(Start::KMeansPlusPlus));
    assert_eq!(link.data, Some(LinkData::Preset("one-d".into())));
    // Anchors and other features' keys are not links.
    assert_eq!(parse_link("").unwrap(), None);
    assert_eq!(parse_link("#section-2").unwrap(), None);
    assert_eq!(parse_link("#theme=dark&x=1").unwrap(), None);
    assert!(parse_link("#theme=dark&k=3").unwrap().is_some());
}

#[test]
fn garbled_links_are_clear_errors() {
    let cases = [
        ("preset=nope", "no preset called \"nope\""),
        ("k=0", "k=\"0\" should be a whole number from 1 to 10"),
        ("k=abc", "k=\"abc\""),
        ("k=99999999999999999999999", "should be a whole number"),
        (
            "cov=round",
            "full, diag, spherical, tied or one of mclust's models",
        ),
        ("init=magic", "book, kmeanspp or random"),
        ("seed=-1", "seed=\"-1\""),
        ("seed=1.5", "seed=\"1.5\""),
        ("tol=NaN", "a number ≥ 0"),
        ("tol=inf", "a number ≥ 0"),
        ("reg=-1e-3", "a number ≥ 0"),
        ("max=0", "from 1 to 100000"),
        ("cols=1", "two column numbers"),
        ("cols=a,b", "two column numbers"),
        ("it=99999999", "from 0 to 10000"),
        ("half=X", "E or M"),
        ("speed=11", "from 1 to 10"),
        ("embed=maybe", "1 or 0"),
        ("hide=<script>", "panel names"),
        ("lang=<b>", "language tag"),
        ("k=%zz", "not valid text"),
        ("k=%FF", "not valid text"),
        ("data=!!!!", "not base64url"),
        ("data=a", "not base64url"),
        ("data=AAAA", "damaged"),
        ("data=ZGF0YQ", "damaged"),
    ];
    for (params, want) in cases {
        let err = parse_link(params).expect_err(params).to_string();
        assert!(err.starts_with("invalid link: "), "{params}: {err}");
        assert!(err.contains(want), "{params}: {err}");
    }
    // Well-formed but impossible: the run is left as it was, with the core's reason.
    let mut app = App::new();
    app.iterate().unwrap();
    for (params, want) in [
        ("cols=5,0", "columns"),
        ("preset=old-faithful&k=3&init=book", "book"),
        ("k=3", "book"),
    ] {
        let link = parse_link(params).unwrap().unwrap();
        let err = apply_link(&app, &link).expect_err(params).to_string();
        assert!(err.contains(want), "{params}: {err}");
    }
}

#[test]
fn hostile_links_are_limited_before_decoding() {
    // A zip bomb: 4 MB of zeros deflates to a few kB; it is refused, not inflated.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b'0'; 4 << 20], 9);
    let field = base64url_encode(&bomb);
    let err = decode_data(&field).unwrap_err().to_string();
    assert!(err.contains("damaged or too large"), "{err}");
    // Overlong text is refused at once.
    let long = format!("data={}", "A".repeat(70_000));
    assert!(parse_link(&long)
        .unwrap_err()
        .to_string()
        .contains("at most"));
    // Inflated data that is not a table is the parser's error, with line and column.
    let text = base64url_encode(&miniz_oxide::deflate::compress_to_vec(b"1 2\n3 oops\n", 9));
    let link = parse_link(&format!("data={text}")).unwrap().unwrap();
    let err = apply_link(&App::new(), &link).unwrap_err().to_string();
    assert!(err.contains("line 2"), "{err}");
    // Not text after inflating.
    let bin = base64url_encode(&miniz_oxide::deflate::compress_to_vec(
        &[0xff, 0xfe, 0x00],
        9,
    ));
    assert!(parse_link(&format!("data={bin}"))
        .unwrap_err()
        .to_string()
        .contains("not text"));
    // Arbitrary bytes never panic.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for len in 0..400 {
        let s: String = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let alphabet = b"k=&%#?,.-_0123456789abcdefEMdata=preset=it=half=cols=AZaz+/\xc3";
                alphabet[(x % alphabet.len() as u64) as usize] as char
            })
            .collect();
        if let Ok(Some(link)) = parse_link(&s) {
            let _ = apply_link(&App::new(), &link);
        }
    }
}

#[test]
fn a_variational_bayes_link_carries_its_method_and_reproduces_the_run() {
    use emviz_app::method::Method;
    let mut app = App::new();
    let s = Settings {
        k: 6,
        init: Start::KMeansPlusPlus,
        reg_covar: 1e-6,
        method: Method::Vb(emviz_core::WeightPrior::DirichletProcess),
        ..Settings::default()
    };
    app.apply_settings(s).unwrap();
    for _ in 0..7 {
        app.step().unwrap();
    }
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(params.contains("&method=dirichlet_process"), "{params}");
    let copy = open(&params);
    assert_eq!(copy.state(), app.state());
    assert_eq!(copy.responsibilities(), app.responsibilities());
    // EM's links say nothing of a method (they stay as they were), and `method=em` reads as EM.
    let em = link_of(&App::new(), &ViewFlags::default()).unwrap();
    assert!(!em.contains("method="), "{em}");
    assert_eq!(
        open(&format!("{params}&method=em")).settings().method,
        Method::Em
    );
    let err = parse_link("k=2&method=gibbs").unwrap_err().to_string();
    assert!(err.contains("dirichlet_process"), "{err}");
}

#[test]
fn a_link_carries_the_concentration_prior_only_when_set() {
    use emviz_app::messages::{describe, Lang};
    use emviz_app::method::Method;
    let mut app = App::new();
    app.load_preset("old-faithful", 0).unwrap();
    let s = Settings {
        k: 6,
        init: Start::KMeansPlusPlus,
        reg_covar: 1e-6,
        method: Method::Vb(emviz_core::WeightPrior::DirichletDistribution),
        ..Settings::default()
    };
    app.apply_settings(s).unwrap();
    app.run_to_end().unwrap();
    let plain = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(!plain.contains("concentration="), "{plain}");
    app.set_concentration(Some(1000.0)).unwrap();
    assert_eq!(app.state().iteration, 0, "from the same start again");
    app.run_to_end().unwrap();
    assert_eq!(app.state().components_in_use, Some(6));
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(params.contains("&concentration=1e3&"), "{params}");
    let copy = open(&params);
    assert_eq!(copy.settings().concentration, Some(1000.0));
    assert_eq!(copy.state(), app.state());
    // Back to the default (fitted to the end again): the link says nothing of it.
    app.set_concentration(None).unwrap();
    app.run_to_end().unwrap();
    assert_eq!(link_of(&app, &ViewFlags::default()).unwrap(), plain);
    // A bad value is refused with the key and what it takes, in every language; the page keeps
    // its concentration.
    for bad in ["-1", "abc", "0", "inf", "NaN", ""] {
        let e = parse_link(&format!("k=6&method=dirichlet&concentration={bad}")).unwrap_err();
        let words = [
            (Lang::En, "a number > 0"),
            (Lang::Ko, "0보다 큰 수"),
            (Lang::Ja, "0より大きい数"),
        ];
        for (lang, want) in words {
            let m = describe(&e, lang);
            assert!(m.contains("concentration=") && m.contains(want), "{m}");
        }
    }
    assert!(app.set_concentration(Some(-1.0)).is_err());
    assert_eq!(app.settings().concentration, None);
}
