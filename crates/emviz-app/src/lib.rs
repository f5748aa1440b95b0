//! # emviz-app
//!
//! The page's application, without the web: everything the page knows and decides, as plain Rust
//! tested natively. `emviz-wasm` binds it to the browser (one `Session` handle) and draws it; the
//! compiler keeps this crate free of wasm-bindgen, web-sys and js-sys.
//!
//! | module | what it holds |
//! |---|---|
//! | [`page`] | [`page::Page`]: one visualiser's whole state — the [`app::App`], the language, and the work beside the run: Choose K's job, k-means in lockstep, §5.1.3's sample, Generate's points, the Web Workers' colours |
//! | [`app`] | [`app::App`]: everything the page shows — the data, the settings, the run, the view's columns and bounds, the versions the drawing caches by |
//! | [`run`] | [`run::Run`]: one EM run from one start, step by step, and its history (scrubbing) |
//! | [`method`] | [`method::Method`]: the methods of fitting the page offers — EM, or variational Bayes by its weight prior |
//! | [`concentration`] | the concentration panel: VB's weight concentration prior on a log slider, and the components in use against it for both weight priors ([`concentration::Sweep`]) |
//! | [`vb_run`] | [`vb_run::VbRun`]: one variational Bayes run (the method "VB") from the same start, step by step, and its history; E[πₖ] fading and components in use |
//! | [`vb_compare`] | [`vb_compare::Beside`]: the other method's run (VB beside EM, EM beside VB) from the same start, in lockstep with the page's run |
//! | [`data`] | [`data::Data`]: the points shown, their columns' variances and version, and p* when known |
//! | [`sample_weights`] | a pasted column chosen as the points' sample weights: split off, checked (a bad weight named by line and column), put back for links |
//! | [`picture`] | [`picture::Picture`]: the columns shown and their frame, the versions the drawing caches by, colours made beside worker passes |
//! | [`settings`], [`presets`] | the controls' settings, read from the form and checked (K range, the book's start, the seed); the built-in data sets |
//! | [`start`] | the starts the page offers (each one of the core's kinds, by its name) and what a new start changes |
//! | [`rules`] | every rule the page's controls follow — the core's rules of a fit and the page's own — gathered in one value for JavaScript to read |
//! | [`samples`] | points drawn from the model (Generate), kept with their model and labels |
//! | [`workers`] | large data: how a run's passes are sharded for Web Workers, and the colours made beside them |
//! | [`kmeans_view`] | k-means beside EM in lockstep from the same start |
//! | [`selection_job`] | choosing K (BIC / AIC / ICL for K = 1..K_max, ranked by the criterion chosen) in small pieces between frames |
//! | [`uncertainty`] | each point's uncertainty 1 − max q(z) (mclust's, the core's rule) and how strongly the scatter rings it |
//! | [`inspect`], [`bound`] | one point's E-step numbers; every term of the chapter's derivation for one point (§5.2.1–§5.3.1: product rule, Bayes, eq. 5.4–5.6) and the data set's ELBO + KL = log p(x) |
//! | [`book`], [`blog`] | the book's code (what it prints: eps 1e-8 inside the log); the blog's 1-D notation (bᵢ, P(b), its weighted sums) |
//! | [`objective`] | §5.4's eq. 5.8: the M-step's objective J(θ) at θ_old and the new θ, and its derivative in the means |
//! | [`kl_examples`] | §5.1.2: the coins term by term (Fig. 5-2's three cases) and the integral form for two Gaussians |
//! | [`truth`], [`complete`] | §5.1.3: the data's true mixture p*, when known, and samples from it; the blog's complete data: each true component estimated from its own points |
//! | [`present`] | presenter mode's look: how much larger the plot is drawn, its ink, the laser pointer |
//! | [`share`] | the run in a link (`#k=3&data=…`) and back |
//! | [`keys`] | the words of links and lecture steps: their keys, the formulas a step may light |
//! | [`lecture`] | lecture notes that drive a figure: a paragraph's `data-emviz="it=3; half=E; panels=elbo"` read in the links' vocabulary, steps laid over each other, and the way from the state shown to a step's |
//! | [`exercises`] | exercises that check themselves: the catalogue, `ex=` sets, one check per exercise on the page's state |
//! | [`export`], [`gif`] | model JSON and responsibilities CSV out, a model JSON in; the animated GIF's encoding |
//! | [`error`] | the page's errors as typed facts (the core's, and its own checks: settings, links, …) |
//! | [`messages`] | errors and warnings worded in the page's language (English, Korean, Japanese) |
//! | [`glossary`] | the single source of the page's terms in each language (`glossary.json`) and the variants it rules out |
//! | [`view`], [`palette`] | data ↔ pixel mapping and ticks; the colour-blind-safe palette and colour blending |
#![forbid(unsafe_code)]

pub mod app;
pub mod blog;
pub mod book;
pub mod bound;
#[cfg(test)]
mod by_hand;
pub mod complete;
pub mod concentration;
pub mod data;
pub mod error;
pub mod exercises;
pub mod export;
pub mod gif;
pub mod glossary;
pub mod inspect;
pub mod keys;
pub mod kl_examples;
pub mod kmeans_view;
pub mod lecture;
pub mod messages;
pub mod method;
pub mod model_picture;
pub mod objective;
pub mod page;
pub mod palette;
pub mod picture;
pub mod present;
pub mod presets;
pub mod rules;
pub mod run;
pub mod sample_weights;
pub mod samples;
pub mod selection_job;
pub mod settings;
pub mod share;
pub mod start;
pub mod truth;
pub mod uncertainty;
pub mod vb_compare;
pub mod vb_run;
pub mod view;
pub mod workers;
