//! The chapter's panels on the wire: the page asks for the parts it shows ([`ChapterAsk`]) and
//! gets each part's numbers ([`ChapterView`]); a part not asked for is null and costs nothing.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{wire_struct, Phase};

/// The parts of the chapter's numbers a panel asks for; parts left out (or null) are not made.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct ChapterAsk {
    /// §5.4's eq. 5.8 for the state shown.
    #[tsify(optional)]
    pub objective: Option<bool>,
    /// What the book's code prints.
    #[tsify(optional)]
    pub book: Option<bool>,
    /// The blog's 1-D numbers, with one point's (`index`, or none when null).
    #[tsify(optional)]
    pub blog: Option<BlogAsk>,
    /// The complete data (true labels).
    #[tsify(optional)]
    pub complete: Option<bool>,
    /// The data set's bound for q from the E-step of `fromIteration` (null: the current
    /// posterior).
    #[tsify(optional)]
    pub data_bound: Option<DataBoundAsk>,
    /// The ELBO bar of the half-step shown.
    #[tsify(optional)]
    pub elbo: Option<bool>,
    /// §5.1.3's report.
    #[tsify(optional)]
    pub truth: Option<bool>,
    /// k-means in lockstep with EM.
    #[tsify(optional)]
    pub kmeans: Option<bool>,
    /// §5.1.2's coins p = (p, 1 − p) and q = (q, 1 − q).
    #[tsify(optional)]
    pub kl_coins: Option<CoinsAsk>,
    /// §5.1.2's two Gaussians 𝒩(mp, sp²) and 𝒩(mq, sq²).
    #[tsify(optional)]
    pub kl_densities: Option<DensitiesAsk>,
}

/// The blog's numbers, with one point's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(default)]
pub struct BlogAsk {
    /// The point's row, or null for none.
    pub index: Option<usize>,
}

/// The data set's bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct DataBoundAsk {
    /// The iteration whose E-step gives q (1-based), or null for the current posterior.
    pub from_iteration: Option<usize>,
}

/// Two coins.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Tsify)]
pub struct CoinsAsk {
    /// p(heads).
    pub p: f64,
    /// q(heads).
    pub q: f64,
}

/// Two 1-D Gaussians.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Tsify)]
pub struct DensitiesAsk {
    /// μ_p.
    pub mp: f64,
    /// σ_p.
    pub sp: f64,
    /// μ_q.
    pub mq: f64,
    /// σ_q.
    pub sq: f64,
}

/// The parts asked for; the others are null.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ChapterView {
    pub objective: Option<Objective>,
    pub book: Option<BookLikelihood>,
    pub blog: Option<Blog>,
    pub complete: Option<Complete>,
    pub data_bound: Option<DataBound>,
    pub elbo: Option<ElboBar>,
    pub truth: Option<TruthReport>,
    pub kmeans: Option<KMeansState>,
    pub kl_coins: Option<Coins>,
    pub kl_densities: Option<Densities>,
}

wire_struct! {
    /// ∂J/∂μₖ for one component (eq. 5.8).
    MeanGradient from emviz_app::objective::MeanGradient {
        k: usize,
        /// Nₖ = Σₙ q⁽ⁿ⁾(k).
        n_k: f64,
        /// The q-weighted mean of the data.
        weighted_mean: Vec<f64>,
        /// ∂J/∂μₖ at θ_old.
        at_old: Vec<f64>,
        norm_at_old: f64,
        /// ∂J/∂μₖ at the new θ (null before the M-step).
        at_new: Option<Vec<f64>>,
        norm_at_new: Option<f64>,
    }
}

wire_struct! {
    /// §5.4's eq. 5.8: the M-step's objective at θ_old and the new θ.
    Objective from emviz_app::objective::Objective {
        /// Whether q exists (not before the first E-step).
        available: bool,
        phase: Phase,
        iteration: usize,
        n: usize,
        /// J(θ_old).
        at_old: f64,
        /// Σₙ log p_θold(x⁽ⁿ⁾).
        log_p_old: f64,
        /// J(θ_new) (null after the E-step).
        at_new: Option<f64>,
        log_p_new: Option<f64>,
        components: Vec<MeanGradient>,
    }
}

wire_struct! {
    /// What the book's code prints beside the exact value.
    BookLikelihood from emviz_app::book::BookLikelihood {
        /// (1/N) Σₙ log (p_θ(x⁽ⁿ⁾) + 1e-8).
        printed: f64,
        /// (1/N) Σₙ log p_θ(x⁽ⁿ⁾).
        exact: f64,
        /// Points with p_θ(x⁽ⁿ⁾) < 1e-8.
        below_eps: usize,
        n: usize,
        iteration: usize,
        /// Whether the run is the book's own.
        books_run: bool,
    }
}

wire_struct! {
    /// One component in the blog's 1-D notation.
    BlogComponent from emviz_app::blog::BlogComponent {
        k: usize,
        prior: f64,
        mean: f64,
        variance: f64,
        sum_b: Option<f64>,
        sum_bx: Option<f64>,
        next_mean: Option<f64>,
        sum_b_sq: Option<f64>,
        next_variance: Option<f64>,
        next_prior: Option<f64>,
    }
}

wire_struct! {
    /// One point in the blog's notation.
    BlogPoint from emviz_app::blog::BlogPoint {
        index: usize,
        x: f64,
        likelihood: Vec<f64>,
        joint: Vec<f64>,
        evidence: f64,
        posterior: Vec<f64>,
    }
}

wire_struct! {
    /// The blog's 1-D numbers.
    Blog from emviz_app::blog::Blog {
        /// Whether the data have one column.
        one_d: bool,
        n: usize,
        k: usize,
        reg_covar: f64,
        components: Vec<BlogComponent>,
        /// The point asked for, if any.
        point: Option<BlogPoint>,
    }
}

wire_struct! {
    /// One true label's points, estimated on their own.
    Group from emviz_app::complete::Group {
        k: usize,
        count: usize,
        weight: f64,
        mean: Option<Vec<f64>>,
        /// d × d, row-major.
        covariance: Option<Vec<f64>>,
        color: String,
    }
}

wire_struct! {
    /// The complete data: each true component estimated from its own points.
    Complete from emviz_app::complete::Complete {
        known: bool,
        shown: bool,
        n: usize,
        d: usize,
        groups: Vec<Group>,
        true_weights: Vec<f64>,
        true_means: Vec<Vec<f64>>,
        true_covariances: Vec<Vec<f64>>,
    }
}

wire_struct! {
    /// The data set's bound: Σₙ log p = Σₙ ELBO + Σₙ KL.
    DataBound from emviz_app::bound::DataBound {
        /// The iteration whose E-step gave q; null for the current posterior.
        from_iteration: Option<usize>,
        /// The iterations q can be taken from.
        iterations: Vec<usize>,
        iteration: usize,
        n: usize,
        log_p: f64,
        elbo: f64,
        kl: f64,
    }
}

wire_struct! {
    /// The stacked bar log p(x) = ELBO + KL of the half-step shown.
    ElboBar from crate::render::elbo::ElboBar {
        phase: Phase,
        log_p: f64,
        n: usize,
        mean_log_p: f64,
        elbo: Option<f64>,
        kl: Option<f64>,
        /// The bar's scale (the chart's y-range).
        scale: [f64; 2],
        elbo_frac: f64,
        log_p_frac: f64,
    }
}

wire_struct! {
    /// One iteration on §5.1.3's chart.
    TruthPoint from emviz_app::truth::TruthPoint {
        iteration: usize,
        mean_log_likelihood: f64,
        kl_on_data: f64,
    }
}

wire_struct! {
    /// §5.1.3: maximum likelihood is minimum KL.
    TruthReport from emviz_app::truth::TruthReport {
        known: bool,
        n: usize,
        log_likelihood: f64,
        product_log10: f64,
        product: f64,
        mean_log_p_star: f64,
        k_star: usize,
        points: Vec<TruthPoint>,
        mean_log_likelihood: f64,
        kl_on_data: f64,
        kl_exact: f64,
        sample_size: usize,
    }
}

wire_struct! {
    /// k-means in lockstep with EM.
    KMeansState from emviz_app::kmeans_view::KMeansState {
        k: usize,
        assignments: usize,
        updates: usize,
        centers: Vec<Vec<f64>>,
        start_centers: Vec<Vec<f64>>,
        inertia: f64,
        sizes: Vec<usize>,
        disagreements: Option<usize>,
        last_changed: Option<usize>,
        last_shift: Option<f64>,
        converged: bool,
        em_change: Option<f64>,
        tol: f64,
    }
}

wire_struct! {
    /// §5.1.2's coins, both divergences term by term.
    Coins from emviz_app::kl_examples::Coins {
        pq: f64,
        qp: f64,
        p: [f64; 2],
        q: [f64; 2],
        terms_pq: [f64; 2],
        terms_qp: [f64; 2],
    }
}

wire_struct! {
    /// §5.1.2's two Gaussians: the integral on a grid beside the closed form.
    Densities from emviz_app::kl_examples::Densities {
        integral_pq: f64,
        integral_qp: f64,
        closed_pq: f64,
        closed_qp: f64,
        from: f64,
        to: f64,
        intervals: usize,
    }
}
