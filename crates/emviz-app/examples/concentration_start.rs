//! Prints, as JSON, the start the page's VB run (and the concentration sweep) begins from on Old
//! Faithful with K = 6, k-means++, seed 0 and reg_covar 1e-6 (PRML Fig. 10.6's settings), with
//! the stopping rule, for `scripts/concentration_reference.py`, which fits scikit-learn's
//! `BayesianGaussianMixture` from it:
//!
//! ```text
//! cargo run -q -p emviz-app --example concentration_start | .venv/bin/python scripts/concentration_reference.py
//! ```

use emviz_app::app::App;
use emviz_app::settings::Settings;
use emviz_app::start::Start;

fn main() {
    let mut app = App::new();
    app.load_preset("old-faithful", 0).expect("a preset");
    app.apply_settings(Settings {
        k: 6,
        init: Start::KMeansPlusPlus,
        reg_covar: 1e-6,
        ..Settings::default()
    })
    .expect("PRML's settings");
    let (s, m) = (app.settings(), app.start());
    let json = serde_json::json!({
        "weights": m.weights(),
        "means": m.means().chunks(m.d()).collect::<Vec<_>>(),
        "covariances": m.covariances().chunks(m.d() * m.d()).collect::<Vec<_>>(),
        "reg_covar": s.reg_covar,
        "tol": s.tol,
        "max_iter": s.max_iter,
    });
    println!("{json}");
}
