//! Chapter 5's panels through the `Session` methods the page calls, in the browser
//! (wasm-bindgen-test): §5.1.3 `truth_report` / `render_truth` / `use_samples_as_data`, §5.2.2
//! `point_bound` / `data_bound`, §5.2.1 `render_contours`, `render_pca` for d > 2, the keyboard's
//! `nudge_mean`, and the charts' y-axis layouts. The maths is tested natively in the crate.

#[cfg(target_arch = "wasm32")]
mod browser {
    use emviz_wasm::Session;
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;
    use web_sys::HtmlCanvasElement;

    wasm_bindgen_test_configure!(run_in_browser);

    fn get<T: serde::de::DeserializeOwned>(v: &JsValue, key: &str) -> T {
        serde_wasm_bindgen::from_value(Reflect::get(v, &key.into()).unwrap()).unwrap()
    }

    fn canvas() -> HtmlCanvasElement {
        let doc = web_sys::window().unwrap().document().unwrap();
        let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
        c.set_width(640);
        c.set_height(480);
        doc.body().unwrap().append_child(&c).unwrap();
        c
    }

    #[wasm_bindgen_test]
    fn truth_is_known_for_the_known_mixture_and_generated_data_only() {
        let mut s = Session::new();
        assert!(!get::<bool>(&s.truth_report().unwrap(), "known"));
        s.load_preset("known-mixture", 1.0).unwrap();
        for _ in 0..4 {
            s.iterate().unwrap();
        }
        let r = s.truth_report().unwrap();
        assert!(get::<bool>(&r, "known"));
        let h: f64 = get(&r, "meanLogPStar");
        let ll: f64 = get(&r, "meanLogLikelihood");
        let kl: f64 = get(&r, "klOnData");
        assert!((h - ll - kl).abs() < 1e-9);
        let layout = s.render_truth(canvas(), "iteration", "nats").unwrap();
        let labels: Vec<String> = get(&layout, "labels");
        assert!(labels.len() >= 3);
        // Generated points used as the data: p* is the model they came from.
        let values = s.sample_points(300, 2.0).unwrap();
        let text = s.use_samples_as_data(&values).unwrap();
        assert_eq!(text.lines().count(), 301);
        assert!(get::<bool>(&s.truth_report().unwrap(), "known"));
        assert!(
            s.use_samples_as_data(&values[2..]).is_err(),
            "only the points drawn last"
        );
    }

    #[wasm_bindgen_test]
    fn bounds_contours_pca_and_the_keyboard() {
        let mut s = Session::new();
        for _ in 0..6 {
            s.step().unwrap();
        }
        let b = s.point_bound(5, Some(vec![0.3, 0.7])).unwrap();
        let (lp, e, k): (f64, f64, f64) = (get(&b, "logP"), get(&b, "elbo"), get(&b, "kl"));
        assert!((e + k - lp).abs() < 1e-9 && k > 0.0);
        let d = s.data_bound(Some(2)).unwrap();
        assert_eq!(get::<Vec<usize>>(&d, "iterations"), vec![1, 2, 3]);
        assert!(get::<f64>(&s.data_bound(None).unwrap(), "kl") == 0.0);
        let c = canvas();
        s.render(&c, 1.0).unwrap();
        assert!(s.render_contours(&c, "both", 1.0).unwrap() > 100);
        assert_eq!(s.render_contours(&c, "off", 1.0).unwrap(), 0);
        assert!(s.render_contours(&c, "nope", 1.0).is_err());
        let before: Vec<Vec<f64>> =
            serde_wasm_bindgen::from_value(s.start_means().unwrap()).unwrap();
        let after = s.nudge_mean(&c, 0, 20.0, 0.0).unwrap();
        assert!(
            after[0] > before[0][0] && (after[1] - before[0][1]).abs() < 1e-9,
            "{before:?} {after:?}"
        );
        s.load_text("a b c\n1 2 3\n2 3 1\n3 1 2\n4 4 4\n5 6 5\n6 5 7\n")
            .unwrap();
        let info = s.render_pca(&c, "PC1", "PC2").unwrap();
        let explained: Vec<f64> = get(&info, "explained");
        assert!(explained[0] >= explained[1] && explained[0] + explained[1] <= 1.0 + 1e-12);
    }
}
