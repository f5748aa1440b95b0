//! The step-wise EM ([`Em`], the page's run) keeps an mclust model's M-step from step to step:
//! from the same start it ends where the driver's fit ends, iteration for iteration, for every
//! model, and the M-step's arguments ([`Em::begin_m_step`], what the page's Web Workers rebuild)
//! carry the model.

use emviz_core::driver::run;
use emviz_core::rules::ModelName;
use emviz_core::{rng_from_seed, Em, GmmParams, HalfStep, Init};

use crate::reference::data_set;

#[test]
fn stepwise_em_runs_every_model_as_the_driver() {
    let data = data_set("old_faithful");
    for model in ModelName::ALL {
        let params = GmmParams::new(3)
            .model(model)
            .init(Init::KMeansPlusPlus)
            .seed(7)
            .max_iter(40)
            .check(&data)
            .unwrap();
        let start = params
            .initial_model(&data, &mut rng_from_seed(params.seed()))
            .unwrap();
        let fit = run(&data, start.clone(), params.loop_params()).unwrap();
        let mut em = Em::new(&data, start, params.reg_covar()).unwrap();
        let mut last = None;
        while em.iteration() < fit.n_iter {
            last = Some(em.step(&data).unwrap());
        }
        assert_eq!(last.map(|r| r.half), Some(HalfStep::M), "{model:?}");
        assert_eq!(em.model().family(), fit.model.family(), "{model:?}");
        assert_eq!(
            em.model(),
            &fit.model,
            "{model:?}: the step-wise run left the model"
        );
        // The next M-step's arguments name the model.
        em.step(&data).unwrap();
        let args = em.begin_m_step(&data).unwrap().unwrap();
        assert_eq!(
            args.family,
            model.covariance_type().is_none().then_some(model)
        );
        assert_eq!(args.build().unwrap().family(), args.family);
    }
}
