//! Every rule a setting of a fit follows, defined once: the covariance types (their names, in one
//! order), mclust's fourteen covariance models ([`ModelName`]: names, what each constrains, parameter counts), how a start is named, the range of K, the range of a seed, the defaults, the book's
//! start and the stopping rule.
//!
//! The core and the CLI use these directly (the CLI's possible values, aliases and defaults come
//! from here); the page and Python read the same facts as one serialisable value, [`rules()`](fn@rules)
//! (`Session.rules()`, `emviz._core.RULES`), instead of keeping copies. Checks that turn a broken
//! rule into an error with advice live with the checked parameters ([`crate::params`]).
//!
//! ```
//! use emviz_core::rules::{rules, CovarianceType, InitKind};
//! assert_eq!(CovarianceType::from_name("Diagonal"), Some(CovarianceType::Diag));
//! assert_eq!(InitKind::from_name("k-means++"), Some(InitKind::KMeansPlusPlus));
//! let json = serde_json::to_value(rules()).unwrap();
//! assert_eq!(json["k"]["max"], 10);
//! assert_eq!(json["defaults"]["init"], "kmeans++");
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// How the components' covariance matrices are constrained, as in scikit-learn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CovarianceType {
    /// Each component has its own general covariance matrix.
    #[default]
    Full,
    /// Each component has its own diagonal covariance matrix.
    Diag,
    /// Each component has its own single variance (a multiple of the identity).
    Spherical,
    /// All components share one general covariance matrix.
    Tied,
}

impl CovarianceType {
    /// All four types, in the one order every list of them follows (scikit-learn's).
    pub const ALL: [CovarianceType; 4] = [Self::Full, Self::Tied, Self::Diag, Self::Spherical];

    /// The name (`"full"`, …): what the CLI, the page, Python and model JSON call it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Diag => "diag",
            Self::Spherical => "spherical",
            Self::Tied => "tied",
        }
    }

    /// The name, as [`CovarianceType::name`].
    pub const fn as_str(self) -> &'static str {
        self.name()
    }

    /// Other names accepted for it when reading text.
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Diag => &["diagonal"],
            Self::Full | Self::Spherical | Self::Tied => &[],
        }
    }

    /// The type a name or alias stands for, ignoring case and surrounding spaces.
    pub fn from_name(text: &str) -> Option<Self> {
        find_named(Self::ALL, text, |t| (t.name(), t.aliases()))
    }
}

impl fmt::Display for CovarianceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a fit's starting parameters are chosen, by name. The given means of a start travel beside
/// it in [`crate::Init`]; this is the part every face names the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InitKind {
    /// k-means++ seeds, then the parameters of their partition.
    #[serde(rename = "kmeans++")]
    KMeansPlusPlus,
    /// K distinct data points at random, then the parameters of their partition.
    #[serde(rename = "random")]
    Random,
    /// Given means (covariances and weights optional).
    #[serde(rename = "means")]
    Means,
    /// The book's start: [`BOOK`]'s means, identity covariances, equal weights.
    #[serde(rename = "book")]
    Book,
}

impl InitKind {
    /// Every kind, in the order lists of them follow.
    pub const ALL: [InitKind; 4] = [Self::KMeansPlusPlus, Self::Random, Self::Means, Self::Book];

    /// The canonical name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::KMeansPlusPlus => "kmeans++",
            Self::Random => "random",
            Self::Means => "means",
            Self::Book => "book",
        }
    }

    /// Other names accepted for it when reading text (`k-means++` as written in prose and by
    /// scikit-learn, `kmeanspp` where `+` is awkward, as in an identifier).
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::KMeansPlusPlus => &["k-means++", "kmeanspp"],
            Self::Random | Self::Means | Self::Book => &[],
        }
    }

    /// The kind a name or alias stands for, ignoring case and surrounding spaces.
    pub fn from_name(text: &str) -> Option<Self> {
        find_named(Self::ALL, text, |i| (i.name(), i.aliases()))
    }
}

impl fmt::Display for InitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The prior on the mixing weights of a variational Bayesian mixture, as scikit-learn's
/// `weight_concentration_prior_type` names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightPrior {
    /// A Dirichlet process (stick-breaking): every component's share is a Beta draw of what the
    /// components before it left, so surplus components empty themselves.
    #[default]
    DirichletProcess,
    /// A symmetric Dirichlet distribution over the K weights.
    DirichletDistribution,
}

impl WeightPrior {
    /// Both priors, in the order lists of them follow (the default first).
    pub const ALL: [WeightPrior; 2] = [Self::DirichletProcess, Self::DirichletDistribution];

    /// The name (scikit-learn's).
    pub const fn name(self) -> &'static str {
        match self {
            Self::DirichletProcess => "dirichlet_process",
            Self::DirichletDistribution => "dirichlet_distribution",
        }
    }

    /// Other names accepted for it when reading text (the CLI's short `--bayes dp|dirichlet`).
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::DirichletProcess => &["dp"],
            Self::DirichletDistribution => &["dirichlet"],
        }
    }

    /// The prior a name or alias stands for, ignoring case and surrounding spaces.
    pub fn from_name(text: &str) -> Option<Self> {
        find_named(Self::ALL, text, |w| (w.name(), w.aliases()))
    }
}

impl fmt::Display for WeightPrior {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The one of `all` whose name or alias is `text`, ignoring case and surrounding spaces.
fn find_named<T: Copy, const N: usize>(
    all: [T; N],
    text: &str,
    names: impl Fn(T) -> (&'static str, &'static [&'static str]),
) -> Option<T> {
    let text = text.trim();
    all.into_iter().find(|&t| {
        let (name, aliases) = names(t);
        std::iter::once(name)
            .chain(aliases.iter().copied())
            .any(|n| n.eq_ignore_ascii_case(text))
    })
}

/// The smallest K of any fit.
pub const K_MIN: usize = 1;

/// The largest K the page and the notebook widget offer (one colour of their palette each). The
/// core and the CLI fit any K from [`K_MIN`] up to the number of points.
pub const K_MAX: usize = 10;

/// The largest seed every face carries exactly: 2⁵³, up to which every whole number is a
/// JavaScript number (the page, its links) and a Python float. The core and the CLI take any
/// `u64`; the page and the widget keep to `0..=SEED_MAX` ([`seed_carried`]).
pub const SEED_MAX: u64 = 1 << 53;

/// Whether `seed` is within `0..=`[`SEED_MAX`], so every face can carry it exactly.
pub const fn seed_carried(seed: u64) -> bool {
    seed <= SEED_MAX
}

/// The defaults of a fit (the book's stopping rule and scikit-learn's other choices).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Defaults {
    /// Covariance constraint.
    pub covariance_type: CovarianceType,
    /// How the start is chosen.
    pub init: InitKind,
    /// Starts tried; the best final log-likelihood wins.
    pub n_init: usize,
    /// Stop when the mean log-likelihood changes by less than this.
    pub tol: f64,
    /// Stop after this many iterations.
    pub max_iter: usize,
    /// Added to every variance in each M-step.
    pub reg_covar: f64,
    /// Seed of every random choice.
    pub seed: u64,
}

/// The defaults every face starts from.
pub const DEFAULTS: Defaults = Defaults {
    covariance_type: CovarianceType::Full,
    init: InitKind::KMeansPlusPlus,
    n_init: 1,
    tol: 1e-4,
    max_iter: 100,
    reg_covar: 1e-6,
    seed: 0,
};

/// The book's start: K = 2 components on two columns, means (0, 50) and (0, 100), identity
/// covariances, equal weights, and no regularisation (the book's run on Old Faithful).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BookStart {
    /// The K it is made for.
    pub k: usize,
    /// The number of columns it is made for.
    pub d: usize,
    /// Its means, `k × d` row-major.
    pub means: [f64; 4],
    /// The reg_covar of the book's run.
    pub reg_covar: f64,
}

/// The book's start.
pub const BOOK: BookStart = BookStart {
    k: 2,
    d: 2,
    means: [0.0, 50.0, 0.0, 100.0],
    reg_covar: 0.0,
};

impl BookStart {
    /// Whether it applies to a fit of `k` components on `d` columns.
    pub const fn applies(&self, k: usize, d: usize) -> bool {
        k == self.k && d == self.d
    }
}

/// The book's stopping rule: an iteration that changed the mean log-likelihood from `previous`
/// to `current` by less than `tol` ends the loop. Every loop — the step-wise [`crate::Em`], the
/// lean [`crate::driver::drive`], scikit-learn's order of it — stops by this rule.
pub fn converged(previous: f64, current: f64, tol: f64) -> bool {
    (current - previous).abs() < tol
}

/// A name and the other names accepted for the same thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The canonical name.
    pub name: &'static str,
    /// Other names accepted when reading text.
    pub aliases: &'static [&'static str],
}

/// A closed range of whole numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bounds<T> {
    /// The smallest value.
    pub min: T,
    /// The largest value.
    pub max: T,
}

/// Every rule above as one value, for the faces that cannot read Rust constants (the page's
/// JavaScript, Python). Serialised with serde in snake_case; a binding may rename its keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rules {
    /// The covariance types, in [`CovarianceType::ALL`]'s order.
    pub covariance_types: Vec<Named>,
    /// mclust's fourteen covariance models, in [`ModelName::ALL`]'s order.
    pub models: Vec<ModelFacts>,
    /// The kinds of start, in [`InitKind::ALL`]'s order.
    pub inits: Vec<Named>,
    /// The priors on a variational Bayesian mixture's weights, in [`WeightPrior::ALL`]'s order.
    pub weight_priors: Vec<Named>,
    /// The K offered: [`K_MIN`]`..=`[`K_MAX`].
    pub k: Bounds<usize>,
    /// The seeds every face carries: `0..=`[`SEED_MAX`].
    pub seed: Bounds<u64>,
    /// [`DEFAULTS`].
    pub defaults: Defaults,
    /// [`BOOK`].
    pub book: BookStart,
}

/// The rules, as one serialisable value.
pub fn rules() -> Rules {
    Rules {
        covariance_types: CovarianceType::ALL
            .map(|t| Named {
                name: t.name(),
                aliases: t.aliases(),
            })
            .to_vec(),
        models: ModelName::ALL.map(ModelName::facts).to_vec(),
        inits: InitKind::ALL
            .map(|i| Named {
                name: i.name(),
                aliases: i.aliases(),
            })
            .to_vec(),
        weight_priors: WeightPrior::ALL
            .map(|w| Named {
                name: w.name(),
                aliases: w.aliases(),
            })
            .to_vec(),
        k: Bounds {
            min: K_MIN,
            max: K_MAX,
        },
        seed: Bounds {
            min: 0,
            max: SEED_MAX,
        },
        defaults: DEFAULTS,
        book: BOOK,
    }
}

/// `names` as a sentence's list: "a, b, c" (`or`: "a, b or c").
pub fn list(names: impl IntoIterator<Item = &'static str>, or: bool) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    match (or, names.split_last()) {
        (true, Some((last, rest))) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's names are the rules' names, so a model JSON or a page setting spells each type and
    /// start the way every other face does.
    #[test]
    fn serde_names_are_the_rules_names() {
        for t in CovarianceType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.name());
            let back: CovarianceType = serde_json::from_value(t.name().into()).unwrap();
            assert_eq!(back, t);
        }
        for i in InitKind::ALL {
            assert_eq!(serde_json::to_value(i).unwrap(), i.name());
        }
    }

    #[test]
    fn names_and_aliases_are_read_back_and_none_is_shared() {
        let mut seen = Vec::new();
        for t in CovarianceType::ALL {
            for n in std::iter::once(t.name()).chain(t.aliases().iter().copied()) {
                assert_eq!(CovarianceType::from_name(n), Some(t));
                assert_eq!(
                    CovarianceType::from_name(&format!(" {} ", n.to_uppercase())),
                    Some(t)
                );
                seen.push(n);
            }
        }
        for i in InitKind::ALL {
            for n in std::iter::once(i.name()).chain(i.aliases().iter().copied()) {
                assert_eq!(InitKind::from_name(n), Some(i));
                seen.push(n);
            }
        }
        let all = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), all, "a name is used twice");
        assert_eq!(CovarianceType::from_name("round"), None);
        assert_eq!(InitKind::from_name("kmeans"), None);
    }

    #[test]
    fn the_rules_value_holds_every_rule() {
        let r = serde_json::to_value(rules()).unwrap();
        let names: Vec<&str> = r["covariance_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["full", "tied", "diag", "spherical"]);
        assert_eq!(r["covariance_types"][2]["aliases"][0], "diagonal");
        assert_eq!(r["inits"][0]["name"], "kmeans++");
        assert_eq!(r["inits"][0]["aliases"][0], "k-means++");
        assert_eq!(
            (r["k"]["min"].as_u64(), r["k"]["max"].as_u64()),
            (Some(1), Some(10))
        );
        assert_eq!(r["seed"]["max"].as_u64(), Some(9_007_199_254_740_992));
        let d = &r["defaults"];
        assert_eq!(d["covariance_type"], "full");
        assert_eq!(d["init"], "kmeans++");
        assert_eq!(d["n_init"], 1);
        assert_eq!(d["tol"], 1e-4);
        assert_eq!(d["max_iter"], 100);
        assert_eq!(d["reg_covar"], 1e-6);
        assert_eq!(d["seed"], 0);
        assert_eq!(
            r["book"]["means"],
            serde_json::json!([0.0, 50.0, 0.0, 100.0])
        );
        assert_eq!(r["book"]["reg_covar"], 0.0);
    }

    #[test]
    fn seeds_up_to_two_to_the_53_are_carried() {
        assert!(seed_carried(0) && seed_carried(SEED_MAX));
        assert!(!seed_carried(SEED_MAX + 1));
        // Every whole number up to SEED_MAX is an f64 exactly (what JS and Python hold).
        assert_eq!(SEED_MAX as f64 as u64, SEED_MAX);
    }

    #[test]
    fn the_stopping_rule_is_a_strict_bound_on_the_change() {
        assert!(converged(-1.0, -1.0 + 5e-5, 1e-4));
        assert!(
            !converged(0.0, -1e-4, 1e-4),
            "a change of exactly tol goes on"
        );
        assert!(!converged(f64::NEG_INFINITY, -1.0, 1e-4));
        // tol = 0 never stops: the loop runs max_iter iterations.
        assert!(!converged(-1.0, -1.0, 0.0));
    }

    #[test]
    fn lists_read_as_sentences() {
        let names = CovarianceType::ALL.map(CovarianceType::name);
        assert_eq!(list(names, false), "full, tied, diag, spherical");
        assert_eq!(list(names, true), "full, tied, diag or spherical");
        assert_eq!(list(["a"], true), "a");
    }
}

/// How one of volume, shape and orientation varies over the components.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variation {
    /// The same for every component (`E`).
    Equal,
    /// Free per component (`V`).
    Variable,
    /// The identity: spherical shape, or axis-aligned orientation (`I`).
    Identity,
}

impl Variation {
    /// Its letter in a model's name.
    pub const fn letter(self) -> char {
        match self {
            Self::Equal => 'E',
            Self::Variable => 'V',
            Self::Identity => 'I',
        }
    }
}

/// mclust's fourteen covariance models by name (Celeux & Govaert 1995; Fraley & Raftery's
/// mclust), and what each one constrains: every component's covariance is Σₖ = λₖ Dₖ Aₖ Dₖᵀ —
/// volume λₖ, shape Aₖ (diagonal, |Aₖ| = 1), orientation Dₖ (orthogonal) — and each of the three
/// is the same for every component (`E`), free per component (`V`) or the identity (`I`). The
/// name spells the three in that order: `VEV` has variable volumes, one shape, and variable
/// orientations.
///
/// These are the facts every face reads (the CLI's names, the page's picker, Python's
/// `RULES["models"]`); the number of free parameters is [`ModelName::n_covariance_parameters`]
/// (mclust's `nVarParams`) and the M-steps are [`crate::family`]. Four of the models are
/// scikit-learn's covariance types ([`ModelName::covariance_type`]): `VVV` is `full`, `VVI`
/// `diag`, `VII` `spherical` and `EEE` `tied`, and fitting them by either name is the same fit.
///
/// ```
/// use emviz_core::rules::{CovarianceType, ModelName, Variation};
/// let m = ModelName::from_name("vev").unwrap();
/// assert_eq!((m.volume(), m.shape(), m.orientation()),
///            (Variation::Variable, Variation::Equal, Variation::Variable));
/// assert_eq!(ModelName::Vvv.covariance_type(), Some(CovarianceType::Full));
/// assert_eq!(ModelName::Vev.n_covariance_parameters(2, 4), 2 + 3 + 2 * 6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ModelName {
    /// Spherical, equal volume: λI.
    Eii,
    /// Spherical, variable volume: λₖI.
    Vii,
    /// Diagonal, equal volume and shape: λA.
    Eei,
    /// Diagonal, variable volume, equal shape: λₖA.
    Vei,
    /// Diagonal, equal volume, variable shape: λAₖ.
    Evi,
    /// Diagonal, variable volume and shape: λₖAₖ.
    Vvi,
    /// Ellipsoidal, all equal: λDADᵀ.
    Eee,
    /// Ellipsoidal, variable volume, equal shape and orientation: λₖDADᵀ.
    Vee,
    /// Ellipsoidal, equal volume and orientation, variable shape: λDAₖDᵀ.
    Eve,
    /// Ellipsoidal, variable volume and shape, equal orientation: λₖDAₖDᵀ.
    Vve,
    /// Ellipsoidal, equal volume and shape, variable orientation: λDₖADₖᵀ.
    Eev,
    /// Ellipsoidal, variable volume and orientation, equal shape: λₖDₖADₖᵀ.
    Vev,
    /// Ellipsoidal, equal volume, variable shape and orientation: λDₖAₖDₖᵀ.
    Evv,
    /// Ellipsoidal, all variable: λₖDₖAₖDₖᵀ.
    Vvv,
}

impl ModelName {
    /// The fourteen, in mclust's order (its `mclust.options("emModelNames")`).
    pub const ALL: [ModelName; 14] = [
        Self::Eii,
        Self::Vii,
        Self::Eei,
        Self::Vei,
        Self::Evi,
        Self::Vvi,
        Self::Eee,
        Self::Vee,
        Self::Eve,
        Self::Vve,
        Self::Eev,
        Self::Vev,
        Self::Evv,
        Self::Vvv,
    ];

    /// The name (`"EII"`, …), as mclust writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Eii => "EII",
            Self::Vii => "VII",
            Self::Eei => "EEI",
            Self::Vei => "VEI",
            Self::Evi => "EVI",
            Self::Vvi => "VVI",
            Self::Eee => "EEE",
            Self::Vee => "VEE",
            Self::Eve => "EVE",
            Self::Vve => "VVE",
            Self::Eev => "EEV",
            Self::Vev => "VEV",
            Self::Evv => "EVV",
            Self::Vvv => "VVV",
        }
    }

    /// The model a name stands for, ignoring case and surrounding spaces.
    pub fn from_name(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(text))
    }

    fn letter(self, i: usize) -> Variation {
        match self.name().as_bytes()[i] {
            b'E' => Variation::Equal,
            b'V' => Variation::Variable,
            _ => Variation::Identity,
        }
    }

    /// How the volume λₖ varies (never the identity).
    pub fn volume(self) -> Variation {
        self.letter(0)
    }

    /// How the shape Aₖ varies (the identity: spherical).
    pub fn shape(self) -> Variation {
        self.letter(1)
    }

    /// How the orientation Dₖ varies (the identity: axis-aligned, diagonal covariances).
    pub fn orientation(self) -> Variation {
        self.letter(2)
    }

    /// The scikit-learn covariance type this model is, if it is one of the four.
    pub const fn covariance_type(self) -> Option<CovarianceType> {
        match self {
            Self::Vvv => Some(CovarianceType::Full),
            Self::Vvi => Some(CovarianceType::Diag),
            Self::Vii => Some(CovarianceType::Spherical),
            Self::Eee => Some(CovarianceType::Tied),
            _ => None,
        }
    }

    /// The model a scikit-learn covariance type is.
    pub const fn of_covariance_type(t: CovarianceType) -> Self {
        match t {
            CovarianceType::Full => Self::Vvv,
            CovarianceType::Diag => Self::Vvi,
            CovarianceType::Spherical => Self::Vii,
            CovarianceType::Tied => Self::Eee,
        }
    }

    /// The covariance type whose pass gathers what this model's M-step needs and whose
    /// densities it is evaluated with: the diagonal of the scatter (`diag`) for the spherical
    /// and diagonal models, the whole scatter (`full`) for the others — or the model itself
    /// when it is one of scikit-learn's four.
    pub const fn pass_type(self) -> CovarianceType {
        match self.covariance_type() {
            Some(t) => t,
            None => match self {
                Self::Eii | Self::Eei | Self::Vei | Self::Evi => CovarianceType::Diag,
                _ => CovarianceType::Full,
            },
        }
    }

    /// Number of free covariance parameters of `k` components in `d` dimensions: mclust's
    /// `nVarParams` (for the four scikit-learn models, scikit-learn's count: the same number).
    pub const fn n_covariance_parameters(self, k: usize, d: usize) -> usize {
        let tri = d * (d + 1) / 2;
        let rot = d * (d - 1) / 2;
        match self {
            Self::Eii => 1,
            Self::Vii => k,
            Self::Eei => d,
            Self::Vei => k + (d - 1),
            Self::Evi => 1 + k * (d - 1),
            Self::Vvi => k * d,
            Self::Eee => tri,
            Self::Vee => k + (d - 1) + rot,
            Self::Eve => 1 + k * (d - 1) + rot,
            Self::Vve => k + k * (d - 1) + rot,
            Self::Eev => 1 + (d - 1) + k * rot,
            Self::Vev => k + (d - 1) + k * rot,
            Self::Evv => 1 + k * (tri - 1),
            Self::Vvv => k * tri,
        }
    }

    /// Number of free parameters of the whole mixture (mclust's `nMclustParams`, its `df`):
    /// covariances + means + (k − 1) weights.
    pub const fn n_parameters(self, k: usize, d: usize) -> usize {
        self.n_covariance_parameters(k, d) + k * d + k - 1
    }

    /// The machine-readable facts of this model (what [`crate::rules::rules`] lists).
    pub fn facts(self) -> ModelFacts {
        ModelFacts {
            name: self.name(),
            volume: self.volume(),
            shape: self.shape(),
            orientation: self.orientation(),
            covariance_type: self.covariance_type(),
        }
    }
}

impl fmt::Display for ModelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A model's facts as one serialisable value (the page's picker and the docs' table read them;
/// its parameter count is [`ModelName::n_covariance_parameters`] for a K and d).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ModelFacts {
    /// mclust's name.
    pub name: &'static str,
    /// How the volume varies.
    pub volume: Variation,
    /// How the shape varies.
    pub shape: Variation,
    /// How the orientation varies.
    pub orientation: Variation,
    /// The scikit-learn covariance type it is, if any.
    pub covariance_type: Option<CovarianceType>,
}

#[cfg(test)]
mod model_tests {
    use super::*;

    #[test]
    fn names_spell_what_varies_and_read_back() {
        for m in ModelName::ALL {
            let spelled: String = [m.volume(), m.shape(), m.orientation()]
                .map(Variation::letter)
                .iter()
                .collect();
            assert_eq!(spelled, m.name());
            assert_eq!(ModelName::from_name(&m.name().to_lowercase()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.name());
            assert_ne!(m.volume(), Variation::Identity);
        }
        assert_eq!(ModelName::from_name("VVX"), None);
    }

    /// The four scikit-learn types are four of the models, with scikit-learn's counts.
    #[test]
    fn the_four_scikit_learn_types_are_models() {
        for t in CovarianceType::ALL {
            let m = ModelName::of_covariance_type(t);
            assert_eq!(m.covariance_type(), Some(t));
            assert_eq!(m.pass_type(), t);
            for (k, d) in [(1, 1), (3, 2), (4, 5)] {
                assert_eq!(m.n_parameters(k, d), t.n_parameters(k, d));
            }
        }
        let four = ModelName::ALL
            .iter()
            .filter(|m| m.covariance_type().is_some())
            .count();
        assert_eq!(four, 4);
    }

    /// mclust's `nVarParams` for G = 3, d = 4, written out from its R source.
    #[test]
    fn counts_are_mclusts() {
        let (g, d) = (3, 4);
        let expected = [
            1,
            g,
            d,
            g + (d - 1),
            1 + g * (d - 1),
            g * d,
            d * (d + 1) / 2,
            g + (d - 1) + d * (d - 1) / 2,
            1 + g * (d - 1) + d * (d - 1) / 2,
            g + g * (d - 1) + d * (d - 1) / 2,
            1 + (d - 1) + g * d * (d - 1) / 2,
            g + (d - 1) + g * d * (d - 1) / 2,
            g * d * (d + 1) / 2 + 1 - g,
            g * d * (d + 1) / 2,
        ];
        for (m, e) in ModelName::ALL.into_iter().zip(expected) {
            assert_eq!(m.n_covariance_parameters(g, d), e, "{m}");
        }
    }
}
