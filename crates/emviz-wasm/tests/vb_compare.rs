//! EM and variational Bayes side by side, through the `Session` method the page calls
//! (`render_vb_compare`) in the browser (wasm-bindgen-test): on PRML Fig. 10.6's case (the rules'
//! `vbCase`) the other run is at the page's half-step, VB beside EM ends with two components in
//! use, its canvas is drawn, and switching the method swaps the runs. The lockstep itself and its
//! numbers are tested natively in emviz-app (`vb_compare`).

#[cfg(target_arch = "wasm32")]
mod common;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::common::{ask, canvas, field, js, pixels, run, step};
    use emviz_wasm::Session;
    use serde_json::json;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The case's settings form under `method`, as the page sends it.
    fn case_form(method: &str) -> serde_json::Value {
        let c = emviz_app::vb_compare::prml_case();
        json!({
            "k": c.k.to_string(), "covarianceType": c.covariance_type.name(), "init": c.init.as_str(),
            "seed": c.seed.to_string(), "tol": c.tol.to_string(), "maxIter": c.max_iter.to_string(),
            "regCovar": c.reg_covar.to_string(), "method": method,
        })
    }

    fn sides(view: &JsValue) -> (JsValue, JsValue) {
        let get = |k: &str| js_sys::Reflect::get(view, &k.into()).unwrap();
        (get("main"), get("other"))
    }

    #[wasm_bindgen_test]
    fn the_other_run_is_drawn_at_the_pages_half_step_and_swaps_with_the_method() {
        let mut s = Session::new();
        s.apply_settings(ask(case_form("em"))).unwrap();
        let c = canvas(480, 360);
        for h in 0..5 {
            if h > 0 {
                step(&mut s);
            }
            let view = js(s.render_vb_compare(&c).unwrap());
            let (main, other) = sides(&view);
            assert_eq!(field::<usize>(&main, "halfSteps"), h);
            assert_eq!(field::<usize>(&other, "halfSteps"), h);
            assert_eq!(field::<String>(&main, "method"), "em");
            assert_eq!(field::<String>(&other, "method"), "dirichlet_process");
            assert_eq!(field::<Option<String>>(&view, "stuck"), None);
        }
        run(&mut s, "toEnd").unwrap();
        let view = js(s.render_vb_compare(&c).unwrap());
        let (main, other) = sides(&view);
        assert_eq!(field::<Option<usize>>(&main, "componentsInUse"), None);
        assert_eq!(field::<Option<usize>>(&other, "componentsInUse"), Some(2));
        assert_eq!(
            field::<usize>(&main, "halfSteps"),
            field::<usize>(&other, "halfSteps")
        );
        assert!(field::<Option<f64>>(&other, "bound").is_some());
        // Drawn: white background, the points and the ellipses in colour.
        let coloured = pixels(&c)
            .chunks_exact(4)
            .filter(|p| p[0].abs_diff(p[1]) > 40 || p[1].abs_diff(p[2]) > 40)
            .count();
        assert!(coloured > 500, "{coloured} coloured pixels");

        s.apply_settings(ask(case_form("dirichlet_process")))
            .unwrap();
        step(&mut s);
        let view = js(s.render_vb_compare(&c).unwrap());
        let (main, other) = sides(&view);
        assert_eq!(field::<String>(&main, "method"), "dirichlet_process");
        assert_eq!(field::<String>(&other, "method"), "em");
        assert_eq!(field::<usize>(&other, "halfSteps"), 1);
        assert_eq!(field::<Option<usize>>(&other, "componentsInUse"), None);
    }
}
