//! Every check on states that pass and states that fail, reached as the page reaches them.

use super::*;
use crate::app::App;
use crate::error::Problem;
use crate::page::Page;
use crate::settings::Settings;

/// A page opened on exercise `id` as the page opens it.
fn opened(id: usize) -> Page {
    let ex = catalogue().into_iter().find(|e| e.id == id).unwrap();
    let s = &ex.setup;
    let mut page = Page::new();
    if let Some(p) = s.preset {
        page.load_preset(p, 0).unwrap();
    }
    if let Some(t) = s.text {
        page.load_text(t).unwrap();
    }
    let base = page.app().settings().clone();
    page.app_mut()
        .apply_settings(Settings {
            k: s.k.unwrap_or(base.k),
            init: s.init.unwrap_or(base.init),
            reg_covar: s.reg_covar.unwrap_or(base.reg_covar),
            ..base
        })
        .unwrap();
    for _ in 0..s.half_steps {
        page.app_mut().step().unwrap();
    }
    page
}

fn verdict(page: &mut Page, id: usize, answer: &Answer) -> Verdict {
    let v = page.check_exercise(id, answer).unwrap();
    assert_eq!(v.id, id);
    v
}

fn settings(app: &App, change: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = app.settings().clone();
    change(&mut s);
    s
}

#[test]
fn opening_an_exercise_never_solves_it() {
    for ex in catalogue() {
        let mut page = opened(ex.id);
        let v = verdict(&mut page, ex.id, &Answer::default());
        assert!(!v.solved, "{}: {v:?}", ex.id);
    }
    assert_eq!(catalogue().len(), COUNT);
}

#[test]
fn a_link_names_a_set_of_exercises() {
    assert_eq!(parse_set("3").unwrap(), [3]);
    assert_eq!(parse_set("1, 2,5,2").unwrap(), [1, 2, 5]);
    for bad in ["", "0", "9", "1,,2", "x", "1;2", &"1,".repeat(30)] {
        let e = parse_set(bad).unwrap_err();
        assert!(e.to_string().contains("ex="), "{bad}: {e}");
    }
    let mut page = Page::new();
    assert!(matches!(
        page.check_exercise(9, &Answer::default()),
        Err(Error::Invalid(Problem::NoSuchExercise { id: 9, count: 8 }))
    ));
}

#[test]
fn one_a_dragged_start_ends_in_a_worse_local_optimum() {
    let mut page = opened(1);
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 1, &Answer::default());
    assert_eq!((v.solved, v.why), (false, Why::NotWorse));
    let reference = v.reference.unwrap();
    assert_eq!(
        v.have,
        Some(reference),
        "the settings' own start is the reference"
    );
    // Two starting means in the left blob, the third between the other two blobs: one
    // component ends covering two blobs, two share one.
    let drag = |page: &mut Page| {
        for (k, (x, y)) in [(-4.5, 0.0), (-3.5, 0.0), (3.5, 0.0)]
            .into_iter()
            .enumerate()
        {
            page.app_mut().move_start_mean(k, x, y).unwrap();
        }
    };
    drag(&mut page);
    assert_eq!(
        verdict(&mut page, 1, &Answer::default()).why,
        Why::RunNotOver
    );
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 1, &Answer::default());
    assert!(v.solved, "{v:?}");
    assert!(v.have.unwrap() <= reference - WORSE_BY);
    let worse = v.have.unwrap();
    // A local optimum, not a stop of the convergence test on a plateau: with a far smaller tol
    // the run from the same start stays there.
    let app = page.app_mut();
    app.apply_settings(settings(app, |s| (s.tol, s.max_iter) = (1e-10, 1000)))
        .unwrap();
    drag(&mut page);
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 1, &Answer::default());
    assert!(v.solved, "{v:?}");
    assert!((v.have.unwrap() - worse).abs() < 1e-3, "{v:?} vs {worse}");
    // A new seed is a new start: its own reference, not solved until dragged again.
    let app = page.app_mut();
    app.apply_settings(settings(app, |s| s.seed = 1)).unwrap();
    page.app_mut().run_to_end().unwrap();
    assert_eq!(verdict(&mut page, 1, &Answer::default()).why, Why::NotWorse);
}

#[test]
fn two_q_set_to_the_posterior_has_no_gap() {
    let mut page = opened(2);
    let row = Q_POINT - 1;
    let asked = |q: Vec<f64>, point| Answer {
        q: Some(q),
        q_point: Some(point),
        ..Answer::default()
    };
    let old_q = crate::bound::point_bound(page.app(), row, None).unwrap();
    let old: Vec<f64> = old_q.terms.iter().map(|t| t.q).collect();
    let v = verdict(&mut page, 2, &asked(old, row));
    assert_eq!((v.solved, v.why), (false, Why::KlNotZero), "{v:?}");
    assert!(v.have.unwrap() > KL_ZERO);
    let posterior: Vec<f64> = old_q.terms.iter().map(|t| t.posterior).collect();
    assert_eq!(
        verdict(&mut page, 2, &asked(posterior.clone(), 0)).why,
        Why::OtherPoint
    );
    // The sliders' rounding to 0.001 still counts as 0.
    let rounded = posterior.iter().map(|p| (p * 1e3).round() / 1e3).collect();
    let v = verdict(&mut page, 2, &asked(rounded, row));
    assert!(v.solved && v.have.unwrap() <= KL_ZERO, "{v:?}");
}

#[test]
fn three_the_lowest_bic_is_found_by_trying_k() {
    let mut page = opened(3);
    assert_eq!(
        verdict(&mut page, 3, &Answer::default()).why,
        Why::RunNotOver
    );
    let mut best = None;
    for k in 1..=4 {
        let app = page.app_mut();
        app.apply_settings(settings(app, |s| s.k = k)).unwrap();
        app.run_to_end().unwrap();
        let v = verdict(&mut page, 3, &Answer::default());
        assert_eq!(v.k, Some(k));
        if v.solved {
            best = Some(k);
        } else {
            assert_eq!(v.why, Why::NotLowestBic);
        }
    }
    assert_eq!(best, Some(3), "three blobs");
    page.load_preset("old-faithful", 0).unwrap();
    assert_eq!(verdict(&mut page, 3, &Answer::default()).why, Why::NotBlobs);
}

#[test]
fn four_elongated_strips_split_k_means_from_em() {
    let mut page = opened(4);
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 4, &Answer::default());
    assert_eq!((v.solved, v.why), (false, Why::TooFewDisagree), "{v:?}");
    assert_eq!(v.need, Some(28));
    page.load_preset("elongated", 0).unwrap();
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 4, &Answer::default());
    assert!(v.solved, "{v:?}");
    assert!(v.count.unwrap() >= v.need.unwrap());
}

#[test]
fn five_a_guess_is_scored_by_the_e_step_after_it() {
    let mut page = opened(5);
    let mut answer = Answer::default();
    assert_eq!(verdict(&mut page, 5, &answer).why, Why::NoGuess);
    let r = crate::inspect::inspect_point(page.app(), 0)
        .unwrap()
        .components[0]
        .responsibility;
    (answer.point, answer.guess, answer.guessed_at) = (Some(0), Some(1.0 - r), Some(0));
    assert_eq!(verdict(&mut page, 5, &answer).why, Why::StepToReveal);
    page.app_mut().step().unwrap();
    let v = verdict(&mut page, 5, &answer);
    assert_eq!((v.why, v.reference), (Why::GuessOff, Some(r)), "{v:?}");
    answer.guess = Some(r + 0.05);
    assert!(verdict(&mut page, 5, &answer).solved);
    page.app_mut().step().unwrap();
    assert_eq!(verdict(&mut page, 5, &answer).why, Why::GuessStale);
}

#[test]
fn six_a_mean_on_a_lone_point_collapses_its_component() {
    let mut page = opened(6);
    page.app_mut().run_to_end().unwrap();
    assert_eq!(
        verdict(&mut page, 6, &Answer::default()).why,
        Why::NoCollapse
    );
    // A point added in the plot's empty upper left corner, a starting mean dragged onto it (as
    // near as a hand drops it), the other into the data: the first component ends with that
    // point alone, and its covariance matrix becomes singular.
    let lone = |page: &mut Page| {
        page.app_mut().add_point(0.3, 102.0).unwrap();
        page.app_mut().move_start_mean(1, 3.6, 79.0).unwrap();
        page.app_mut().move_start_mean(0, 0.31, 101.9).unwrap();
    };
    lone(&mut page);
    assert_eq!(
        verdict(&mut page, 6, &Answer::default()).why,
        Why::NoCollapse
    );
    let fails = page.app_mut().run_to_end();
    assert!(fails.is_err());
    let v = verdict(&mut page, 6, &Answer::default());
    assert_eq!(
        (v.solved, v.k, v.reference),
        (true, Some(1), Some(0.0)),
        "{v:?}"
    );
    // reg_covar keeps the covariance matrix positive definite: the same start runs to its end.
    let mut page = opened(6);
    let app = page.app_mut();
    app.apply_settings(settings(app, |s| s.reg_covar = 1e-3))
        .unwrap();
    lone(&mut page);
    page.app_mut().run_to_end().unwrap();
    let v = verdict(&mut page, 6, &Answer::default());
    assert_eq!((v.solved, v.why), (false, Why::NoCollapse), "{v:?}");
}

#[test]
fn seven_kl_readings_after_one_and_ten_iterations() {
    let mut page = opened(7);
    let mut run = page.app().clone();
    let exact = crate::truth::ExactSample::new(run.truth().unwrap()).unwrap();
    let mut read = Vec::new();
    for target in KL_AFTER {
        while run.em().iteration() < target {
            run.iterate().unwrap();
        }
        read.push(crate::truth::report(&run, Some(&exact)).unwrap());
    }
    let mut answer = Answer::default();
    assert_eq!(verdict(&mut page, 7, &answer).why, Why::Missing);
    answer.kl = [Some(read[0].kl_exact), Some(read[0].kl_exact)];
    let v = verdict(&mut page, 7, &answer);
    assert_eq!((v.why, v.k), (Why::KlOff, Some(10)), "{v:?}");
    answer.kl[1] = Some((read[1].kl_on_data * 1e3).round() / 1e3);
    answer.went = Some(Went::Fell);
    assert_eq!(verdict(&mut page, 7, &answer).why, Why::WrongWay);
    answer.went = Some(Went::Rose);
    assert!(verdict(&mut page, 7, &answer).solved);
    page.load_preset("old-faithful", 0).unwrap();
    assert_eq!(verdict(&mut page, 7, &answer).why, Why::TruthUnknown);
}

#[test]
fn eight_the_weighted_formulas_by_hand() {
    let mut page = opened(8);
    let mut answer = Answer::default();
    assert_eq!(verdict(&mut page, 8, &answer).why, Why::NeedE);
    page.app_mut().step().unwrap();
    let v = verdict(&mut page, 8, &answer);
    assert_eq!((v.why, v.points.len()), (Why::MeanOff, 5));
    // A sum worth doing by hand: points shared between the two components, not only 0s and 1s.
    let shared = v
        .points
        .iter()
        .filter(|p| (0.01..0.99).contains(&p[1]))
        .count();
    assert!(shared >= 2, "responsibilities {:?}", v.points);
    // By hand, as the blog writes it: μ = Σ bᵢxᵢ / Σ bᵢ, σ² = Σ bᵢ(xᵢ − μ)² / Σ bᵢ.
    let sum_b: f64 = v.points.iter().map(|p| p[1]).sum();
    let mean = v.points.iter().map(|p| p[1] * p[0]).sum::<f64>() / sum_b;
    let var = v
        .points
        .iter()
        .map(|p| p[1] * (p[0] - mean).powi(2))
        .sum::<f64>()
        / sum_b;
    answer.mean = Some((mean * 100.0).round() / 100.0);
    answer.variance = Some(var + 1.0);
    assert_eq!(verdict(&mut page, 8, &answer).why, Why::VarianceOff);
    answer.variance = Some((var * 100.0).round() / 100.0);
    assert!(verdict(&mut page, 8, &answer).solved);
    page.app_mut().step().unwrap();
    assert_eq!(verdict(&mut page, 8, &answer).why, Why::NeedE);
}
