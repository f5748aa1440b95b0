//! The words of links and lecture steps: the keys a link (`#k=3&it=7`, [`crate::share`]) and a
//! lecture step (`data-emviz="it=3; panels=elbo"`, [`crate::lecture`]) may hold, and the formulas a
//! step may light. Defined here, apart from the modules that read them, so that the errors and
//! messages naming them need nothing of those modules.

/// The keys of a link that say what the run is (its data, settings, start, columns and how far
/// it has gone); lecture steps speak the same vocabulary.
pub const RUN_KEYS: [&str; 16] = [
    "preset",
    "data",
    "k",
    "cov",
    "init",
    "seed",
    "tol",
    "max",
    "reg",
    "cols",
    "it",
    "half",
    "start",
    "method",
    "concentration",
    "wcol",
];
/// The keys of a link that say how the page is shown. A link may hold these and [`RUN_KEYS`];
/// other keys are ignored.
pub const VIEW_KEYS: [&str; 7] = [
    "speed", "embed", "autoplay", "hide", "show", "lang", "present",
];
/// The keys only lecture steps have (besides the links' run keys and `speed`).
pub const STEP_KEYS: [&str; 4] = ["panels", "point", "highlight", "speed"];
/// The formulas a lecture step may light (§5.4's panel).
pub const HIGHLIGHTS: [&str; 3] = ["formula:E", "formula:M", "formula:marginal"];
