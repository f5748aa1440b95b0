//! mclust's models in the page's run: the settings form and links name them (`cov=VEV`, today's
//! four names unchanged), the step-wise run fits the model as the core's `fit` does from the same
//! start, a dragged start stays the model's, and variational Bayes refuses them with a reason.
#![cfg(not(target_arch = "wasm32"))]

use emviz_app::app::App;
use emviz_app::error::{Error, Problem};
use emviz_app::method::Method;
use emviz_app::settings::{covariance_of, Form, Settings};
use emviz_app::share::{apply_link, link_of, parse_link, ViewFlags};
use emviz_app::start::Start;
use emviz_core::driver::run;
use emviz_core::rules::ModelName;
use emviz_core::{rng_from_seed, CovarianceType, WeightPrior};

fn vev_run() -> App {
    let mut app = App::new();
    app.load_preset("old-faithful", 0).unwrap();
    let s = Settings {
        k: 3,
        init: Start::KMeansPlusPlus,
        seed: 5,
        reg_covar: 1e-6,
        max_iter: 200,
        ..app.settings().clone()
    }
    .with_model(ModelName::Vev);
    app.apply_settings(s).unwrap();
    app
}

#[test]
fn names_read_as_types_or_models() {
    assert_eq!(covariance_of("full").unwrap(), ModelName::Vvv);
    assert_eq!(covariance_of(" Diagonal ").unwrap(), ModelName::Vvi);
    assert_eq!(covariance_of("VEV").unwrap(), ModelName::Vev);
    let e = covariance_of("round").unwrap_err().to_string();
    assert!(e.contains("round"), "{e}");
    let form = Form {
        k: "3",
        covariance_type: "EVE",
        init: "kmeans++",
        seed: "0",
        tol: "1e-4",
        max_iter: "100",
        reg_covar: "1e-6",
        method: None,
    };
    let s = form.read().unwrap();
    assert_eq!(
        (s.model, s.covariance_type),
        (Some(ModelName::Eve), CovarianceType::Full)
    );
    assert_eq!(s.covariance_name(), "EVE");
    // scikit-learn's four stay types, whatever they are called.
    let s = Form {
        covariance_type: "VVI",
        ..form
    }
    .read()
    .unwrap();
    assert_eq!((s.model, s.covariance_type), (None, CovarianceType::Diag));
    assert_eq!(s.covariance_name(), "diag");
}

#[test]
fn the_stepwise_run_fits_the_model_as_the_core() {
    let mut app = vev_run();
    let data = app.data().clone();
    let params = app.settings().params(&data).unwrap();
    assert_eq!(params.model_name(), ModelName::Vev);
    let start = params
        .initial_model(&data, &mut rng_from_seed(params.seed()))
        .unwrap();
    assert_eq!(
        app.em().model(),
        &start,
        "the run starts from the core's start"
    );
    let fit = run(&data, start, params.loop_params()).unwrap();
    while app.iterate().unwrap().is_some() && app.em().iteration() < fit.n_iter {}
    assert_eq!(app.em().iteration(), fit.n_iter);
    assert_eq!(app.em().model(), &fit.model);
    assert_eq!(app.em().model().family(), Some(ModelName::Vev));
}

#[test]
fn a_link_carries_the_model_and_reproduces_the_run() {
    let mut app = vev_run();
    for _ in 0..5 {
        app.step().unwrap();
    }
    let params = link_of(&app, &ViewFlags::default()).unwrap();
    assert!(params.contains("&cov=VEV&"), "{params}");
    let link = parse_link(&params).unwrap().unwrap();
    let copy = apply_link(&App::new(), &link).unwrap().0;
    assert_eq!(copy.settings().model, Some(ModelName::Vev));
    assert_eq!(copy.state(), app.state());
    assert_eq!(copy.em().model(), app.em().model());
    // A dragged start stays one of the model's.
    let mut app = vev_run();
    app.move_start_mean(0, 3.0, 60.0).unwrap();
    assert_eq!(app.em().model().family(), Some(ModelName::Vev));
    // Variational Bayes has scikit-learn's four types only.
    let vb = Settings {
        method: Method::Vb(WeightPrior::DirichletProcess),
        ..app.settings().clone()
    };
    let e = app.apply_settings(vb).unwrap_err();
    assert!(
        matches!(e, Error::Invalid(Problem::ModelVb { model: "VEV" })),
        "{e:?}"
    );
}
