//! Lecture steps: lecture notes that drive a figure. An author writes on a paragraph
//!
//! ```text
//! data-emviz="it=3; half=E; panels=elbo,formulas; point=40; highlight=formula:M"
//! ```
//!
//! and the figure moves to that state when the paragraph is read. A step speaks the vocabulary of
//! shared links ([`crate::share`]): the run's keys ([`RUN_KEYS`]: `preset`, `k`, `cov`, `init`,
//! `seed`, …, `it` (or `iteration`) and `half`) and `speed`, with `;` between pairs in place of
//! `&`, plus three keys of its own: `panels` (the panels shown beside the plot), `point` (the
//! point opened in the inspector, numbered from 1 as the page numbers points) and `highlight`
//! (a formula of §5.4 lit: `formula:E`, `formula:M` or `formula:marginal`).
//!
//! Steps build on each other: step i's run is the figure's own state with the run keys of steps
//! 1..=i laid over it, later ones winning (a step that names `it` without `half` means the end
//! of that iteration), and its panels are the last ones named; `point` and `highlight` belong to
//! their own step. So every step has one state whichever way the reader arrives — scrolling
//! down, scrolling back up, or jumping — and that state is the one its link ([`PlannedStep::link`])
//! opens on the main page.
//!
//! Reading a step never panics; a step that cannot be read is an [`Error`] naming the column of
//! the faulty pair, and the steps after it are planned without it.

use crate::app::App;
use crate::error::{Error, LectureProblem};
use crate::keys::RUN_KEYS;
pub use crate::keys::{HIGHLIGHTS, STEP_KEYS};
use crate::share::{apply_link, clip, escape, panels, parse_link, Link};

/// Longest step text read (characters).
pub const MAX_STEP_CHARS: usize = 2_000;
/// Half-steps a step animates at most; a longer way is replayed at once up to its last ones.
pub const ANIMATED_HALF_STEPS: usize = 8;
/// `iteration` is the long name of the link's `it`.
const ALIASES: [(&str, &str); 1] = [("iteration", "it")];

/// One step as written, checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// The run's pairs it names (link keys, values as written).
    pub run: Vec<(String, String)>,
    /// `panels=`: the panels shown.
    pub panels: Option<Vec<String>>,
    /// `point=`: the point opened, 0-based.
    pub point: Option<usize>,
    /// `highlight=`: one of [`HIGHLIGHTS`].
    pub highlight: Option<&'static str>,
    /// `speed=`: the animation's speed, 1…10.
    pub speed: Option<u8>,
}

/// A step with everything before it laid under it: what the figure shows there.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedStep {
    /// The link parameters of the step's run (the figure's own, then every step's up to this one).
    pub link: String,
    /// The panels shown (the last `panels=` named; none named: the figure's own).
    pub panels: Option<Vec<String>>,
    /// The point opened (0-based), if the step names one.
    pub point: Option<usize>,
    /// The formula lit, if the step names one.
    pub highlight: Option<&'static str>,
    /// The animation's speed, if named (this step or earlier).
    pub speed: Option<u8>,
}

/// Reads one step (`key=value; key=value`).
pub fn parse_step(text: &str) -> Result<Step, Error> {
    let chars = text.chars().count();
    if chars > MAX_STEP_CHARS {
        return Err(LectureProblem::TooLong {
            chars,
            max: MAX_STEP_CHARS,
        }
        .into());
    }
    let mut step = Step::default();
    let mut seen: Vec<String> = Vec::new();
    let mut column = 1;
    for part in text.split(';') {
        let here = column + part.chars().take_while(|c| c.is_whitespace()).count();
        column += part.chars().count() + 1;
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((key, value)) = part.split_once('=') else {
            return Err(LectureProblem::NoEquals {
                column: here,
                part: clip(part),
            }
            .into());
        };
        let (key, value) = (key.trim(), value.trim());
        let key = ALIASES
            .iter()
            .find(|(long, _)| *long == key)
            .map_or(key, |(_, short)| short);
        if seen.iter().any(|k| k == key) {
            return Err(LectureProblem::Repeated {
                column: here,
                key: clip(key),
            }
            .into());
        }
        seen.push(key.to_string());
        let at = |e: Error| at_column(e, here);
        match key {
            "panels" => step.panels = Some(panels(key, value).map_err(|p| at(p.into()))?),
            "point" => match value.parse::<usize>() {
                Ok(p) if p >= 1 => step.point = Some(p - 1),
                _ => {
                    return Err(LectureProblem::Point {
                        column: here,
                        value: clip(value),
                    }
                    .into())
                }
            },
            "highlight" => {
                let known = HIGHLIGHTS.iter().find(|h| h.eq_ignore_ascii_case(value));
                step.highlight = Some(*known.ok_or_else(|| LectureProblem::Highlight {
                    column: here,
                    value: clip(value),
                })?);
            }
            _ if RUN_KEYS.contains(&key) || key == "speed" => {
                // The link's own reading checks the value (and names what it should be).
                let link = parse_link(&format!("{key}={}", escape(value))).map_err(at)?;
                if key == "speed" {
                    step.speed = link.and_then(|l| l.view.speed);
                } else {
                    step.run.push((key.to_string(), value.to_string()));
                }
            }
            _ => {
                return Err(LectureProblem::UnknownKey {
                    column: here,
                    key: clip(key),
                }
                .into())
            }
        }
    }
    if seen.iter().any(|k| k == "half") && !seen.iter().any(|k| k == "it") {
        return Err(LectureProblem::HalfWithoutIt.into());
    }
    Ok(step)
}

/// Every step of a lecture over the figure's own state (`base`: its link parameters): each step
/// planned, or why it cannot be read. A step that cannot be read adds nothing to the next ones.
pub fn plan(base: &str, texts: &[String]) -> Vec<Result<PlannedStep, Error>> {
    let mut run: Vec<(String, String)> = base
        .trim_start_matches(['#', '?'])
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| RUN_KEYS.contains(key))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (mut shown, mut speed) = (None, None);
    texts
        .iter()
        .map(|text| {
            let step = parse_step(text)?;
            let names_it = step.run.iter().any(|(k, _)| k == "it");
            for (key, value) in &step.run {
                run.retain(|(k, _)| k != key && !(names_it && k == "half"));
                run.push((key.clone(), escape(value)));
            }
            let link: Vec<String> = run.iter().map(|(k, v)| format!("{k}={v}")).collect();
            shown = step.panels.or(shown.take());
            speed = step.speed.or(speed);
            Ok(PlannedStep {
                link: link.join("&"),
                panels: shown.clone(),
                point: step.point,
                highlight: step.highlight,
                speed,
            })
        })
        .collect()
}

/// How the figure reaches a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The run was replaced (other data, settings or start): the figure starts again.
    pub restarted: bool,
    /// The half-step the figure shows now, before animating.
    pub from: usize,
    /// The half-step of the step: animate from `from` to here.
    pub to: usize,
    /// When restarted on a built-in data set: its id.
    pub preset: Option<String>,
    /// When restarted on other data: the data as text for the Data box.
    pub data_text: Option<String>,
}

/// Moves `app` towards the step whose run is `link` (a [`PlannedStep::link`]): when the step's
/// run is the one shown, backwards through the history at once and forwards up to the last
/// [`ANIMATED_HALF_STEPS`] half-steps, which the page animates; otherwise the step's run replaces
/// it, replayed up to its last animated half-steps. On error `app` is unchanged.
pub fn go(app: &mut App, link: &str) -> Result<Route, Error> {
    let link = parse_link(link)?.unwrap_or_default();
    let to = link.half_steps.unwrap_or(0);
    let run_only = Link {
        half_steps: None,
        view: Default::default(),
        ..link
    };
    let mut next = app.clone();
    let (mut preset, mut data_text) = (None, None);
    let restarted = run_only.has_state() && {
        let (fresh, applied) = apply_link(app, &run_only)?;
        let same = fresh.data() == app.data()
            && fresh.settings() == app.settings()
            && fresh.start() == app.start()
            && fresh.view_columns() == app.view_columns();
        if !same {
            next = fresh;
            (preset, data_text) = (applied.preset, applied.data_text);
        }
        !same
    };
    let now = next.cursor();
    let from = if !restarted && to <= now {
        to
    } else {
        now.max(to.saturating_sub(ANIMATED_HALF_STEPS))
    };
    if from < now {
        next.seek(from)?;
    }
    while next.cursor() < from {
        if next.step()?.is_none() {
            break;
        }
    }
    let from = next.cursor();
    *app = next;
    Ok(Route {
        restarted,
        from,
        to,
        preset,
        data_text,
    })
}

/// Puts the column of the pair into a link's problem with a value.
fn at_column(e: Error, column: usize) -> Error {
    match e {
        Error::Link(problem) => LectureProblem::Value { column, problem }.into(),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{LinkProblem, Want};
    use crate::share::link_of;

    fn steps(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_step_reads_the_links_keys_and_its_own() {
        let step = parse_step(
            " iteration=3; half=E; panels=elbo, formulas ; point=40; highlight=formula:m; speed=7",
        )
        .unwrap();
        assert_eq!(
            step.run,
            vec![("it".into(), "3".into()), ("half".into(), "E".into())]
        );
        assert_eq!(step.panels, Some(vec!["elbo".into(), "formulas".into()]));
        assert_eq!(step.point, Some(39));
        assert_eq!(step.highlight, Some("formula:M"));
        assert_eq!(step.speed, Some(7));
        assert_eq!(parse_step("").unwrap(), Step::default());
        assert_eq!(parse_step(" ; ;").unwrap(), Step::default());
    }

    #[test]
    fn a_bad_step_names_the_column_and_what_is_wrong() {
        let problem = |text: &str| match parse_step(text) {
            Err(Error::Lecture(p)) => p,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            problem("it=3; iter=4"),
            LectureProblem::UnknownKey {
                column: 7,
                key: "iter".into()
            }
        );
        assert_eq!(
            problem("k=2;  cov"),
            LectureProblem::NoEquals {
                column: 7,
                part: "cov".into()
            }
        );
        assert_eq!(
            problem("it=1; iteration=2"),
            LectureProblem::Repeated {
                column: 7,
                key: "it".into()
            }
        );
        assert_eq!(
            problem("k=99"),
            LectureProblem::Value {
                column: 1,
                problem: LinkProblem::Field {
                    key: "k".into(),
                    value: "99".into(),
                    want: Want::WholeNumber { min: 1, max: 10 }
                }
            }
        );
        assert!(matches!(
            problem("point=0"),
            LectureProblem::Point { column: 1, .. }
        ));
        assert!(matches!(problem("point=x"), LectureProblem::Point { .. }));
        assert!(matches!(
            problem("highlight=formula:X"),
            LectureProblem::Highlight { .. }
        ));
        assert_eq!(problem("half=E"), LectureProblem::HalfWithoutIt);
        assert!(matches!(
            problem(&"k=2;".repeat(600)),
            LectureProblem::TooLong { .. }
        ));
        let message = Error::from(problem("it=3; iter=4")).to_string();
        assert!(message.starts_with("invalid lecture step: column 7: unknown key \"iter\""));
        for lang in [crate::messages::Lang::Ko, crate::messages::Lang::Ja] {
            let worded = crate::messages::describe(&problem("k=99").into(), lang);
            assert!(worded.contains('1') && worded.contains("k=") && !worded.contains("invalid"));
        }
    }

    #[test]
    fn steps_build_on_each_other_and_a_bad_one_adds_nothing() {
        let base = "preset=old-faithful&k=2&cov=full&init=book&it=0&speed=5&lang=ko";
        let plans = plan(
            base,
            &steps(&[
                "it=1; half=E; panels=elbo",
                "it=1; point=3",
                "k=3; init=random; it=2; highlight=formula:E",
                "k=300",
                "it=4",
            ]),
        );
        let plans: Vec<_> = plans.into_iter().map(|p| p.ok()).collect();
        let link = |i: usize| plans[i].as_ref().unwrap().link.clone();
        assert_eq!(
            link(0),
            "preset=old-faithful&k=2&cov=full&init=book&it=1&half=E"
        );
        assert_eq!(link(1), "preset=old-faithful&k=2&cov=full&init=book&it=1");
        assert_eq!(link(2), "preset=old-faithful&cov=full&k=3&init=random&it=2");
        assert!(plans[3].is_none());
        assert_eq!(link(4), "preset=old-faithful&cov=full&k=3&init=random&it=4");
        let p = |i: usize| plans[i].as_ref().unwrap();
        assert_eq!(p(1).panels, Some(vec!["elbo".to_string()]));
        assert_eq!((p(1).point, p(2).point), (Some(2), None));
        assert_eq!((p(1).highlight, p(2).highlight), (None, Some("formula:E")));
    }

    #[test]
    fn going_forward_animates_the_last_half_steps_and_back_is_at_once() {
        let mut app = App::new();
        let base = link_of(&app, &Default::default()).unwrap();
        let plans = plan(
            &base,
            &steps(&["it=1; half=E", "it=6", "it=0", "k=3; init=random"]),
        );
        let link = |i: usize| plans[i].as_ref().unwrap().link.clone();

        let route = go(&mut app, &link(0)).unwrap();
        assert_eq!((route.restarted, route.from, route.to), (false, 0, 3));
        assert_eq!(app.cursor(), 0, "the page animates the three half-steps");
        for _ in 0..3 {
            app.step().unwrap();
        }
        let route = go(&mut app, &link(1)).unwrap();
        assert_eq!((route.restarted, route.from, route.to), (false, 4, 12));
        assert_eq!(app.cursor(), 4, "replayed at once up to the last 8");
        for _ in 4..12 {
            app.step().unwrap();
        }
        let route = go(&mut app, &link(2)).unwrap();
        assert_eq!((route.restarted, route.from, route.to), (false, 0, 0));
        assert_eq!(app.cursor(), 0, "back through the history at once");

        let route = go(&mut app, &link(3)).unwrap();
        assert!(route.restarted);
        assert_eq!(app.settings().k, 3);
        assert_eq!((route.from, route.to), (0, 0));
    }

    #[test]
    fn a_step_reached_equals_its_link_opened_afresh() {
        let mut app = App::new();
        let base = link_of(&app, &Default::default()).unwrap();
        let plans = plan(&base, &steps(&["cov=diag; it=2; half=E", "it=5"]));
        for planned in plans.into_iter().map(Result::unwrap) {
            let route = go(&mut app, &planned.link).unwrap();
            for _ in route.from..route.to {
                app.step().unwrap();
            }
            let link = parse_link(&planned.link).unwrap().unwrap();
            let (fresh, _) = apply_link(&App::new(), &link).unwrap();
            assert_eq!(app.state(), fresh.state(), "{}", planned.link);
            assert_eq!(
                link_of(&app, &Default::default()).unwrap(),
                link_of(&fresh, &Default::default()).unwrap()
            );
        }
    }

    #[test]
    fn a_bad_link_leaves_the_app_as_it_was() {
        let mut app = App::new();
        let before = app.state();
        assert!(go(&mut app, "k=0").is_err());
        assert_eq!(app.state(), before);
    }
}
