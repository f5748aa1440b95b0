//! The book's code (step05 of the book's repository, the slides' "Code Review"): what it prints and
//! how it stops, beside what the page shows. Its `likelihood` adds `eps = 1e-8` inside the log,
//! so at the book's start on Old Faithful it prints −16.54 where the exact mean log-likelihood is
//! −137.49: most points are so far from both starting means that p_θ(x) ≪ 1e-8. Once the means
//! have moved onto the data the two agree to the digits printed. Its loop stops when the printed
//! value changes by less than 1e-4 (`THRESHOLD`) or after 100 iterations (`MAX_ITERS`), the page's
//! defaults.

use emviz_core::weights::{total_or_count, weight_at};
use emviz_core::Weights;

use crate::app::App;
use crate::error::Error;

/// The `eps` the book's `likelihood` adds to p_θ(x) inside the log.
pub const BOOK_EPS: f64 = 1e-8;

/// The book's printed value beside the page's, for the state shown.
#[derive(Clone, Debug, PartialEq)]
pub struct BookLikelihood {
    /// (1/N) Σₙ log (p_θ(x⁽ⁿ⁾) + 1e-8): what the book's code prints.
    pub printed: f64,
    /// (1/N) Σₙ log p_θ(x⁽ⁿ⁾): what the page shows.
    pub exact: f64,
    /// Points with p_θ(x⁽ⁿ⁾) < 1e-8, where the two differ most.
    pub below_eps: usize,
    pub n: usize,
    /// Iterations done.
    pub iteration: usize,
    /// Whether the run is the book's own: Old Faithful from the book's start with its settings.
    pub books_run: bool,
}

/// The book's printed mean log-likelihood and the exact one, for the parameters shown.
pub fn book_likelihood(app: &App) -> Result<BookLikelihood, Error> {
    let data = app.data();
    let log_p = app.em().model().score_samples(data)?;
    let n = log_p.len();
    // Means over the points — weighted means Σ wₙ(…) / Σ wₙ with sample weights, as the run's.
    let weights = app.em().weights();
    let w = |i: usize| weight_at(weights.map(Weights::values), i);
    let total = total_or_count(weights, n);
    let mean = |f: &dyn Fn(f64) -> f64| {
        log_p
            .iter()
            .enumerate()
            .map(|(i, &l)| w(i) * f(l))
            .sum::<f64>()
            / total
    };
    let printed = mean(&|l| (l.exp() + BOOK_EPS).ln());
    let exact = mean(&|l| l);
    let below_eps = log_p.iter().filter(|&&l| l < BOOK_EPS.ln()).count();
    let s = app.settings();
    let books_run = crate::data::is_old_faithful(data)
        && s.init == crate::start::Start::Book
        && *s == crate::settings::Settings::default();
    Ok(BookLikelihood {
        printed,
        exact,
        below_eps,
        n,
        iteration: app.em().iteration(),
        books_run,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The book's `multivariate_normal` for 2-D, written as its Python does.
    fn book_density(x: &[f64], mu: &[f64], cov: &[f64]) -> f64 {
        let det = cov[0] * cov[3] - cov[1] * cov[2];
        let inv = [cov[3] / det, -cov[1] / det, -cov[2] / det, cov[0] / det];
        let (a, b) = (x[0] - mu[0], x[1] - mu[1]);
        let quad = a * (inv[0] * a + inv[1] * b) + b * (inv[2] * a + inv[3] * b);
        let z = 1.0 / ((2.0 * std::f64::consts::PI).powi(2) * det).sqrt();
        z * (quad / -2.0).exp()
    }

    #[test]
    fn the_books_start_prints_minus_16_54_where_the_exact_value_is_minus_137_49() {
        let app = App::new();
        let b = book_likelihood(&app).unwrap();
        assert!(b.books_run);
        assert_eq!(format!("{:.2}", b.printed), "-16.54");
        assert_eq!(format!("{:.2}", b.exact), "-137.49");
        // The book's own arithmetic, point by point.
        let model = app.em().model();
        let mut sum = 0.0;
        for x in app.data().rows() {
            let y: f64 = (0..2)
                .map(|k| model.weights()[k] * book_density(x, model.mean(k), model.covariance(k)))
                .sum();
            sum += (y + 1e-8).ln();
        }
        let book = sum / app.data().n() as f64;
        assert!((b.printed - book).abs() < 1e-9, "{} vs {book}", b.printed);
        assert!(b.below_eps > 200, "{} points below 1e-8", b.below_eps);
    }

    #[test]
    fn once_the_means_have_moved_the_two_agree() {
        let mut app = App::new();
        for _ in 0..4 {
            app.iterate().unwrap();
        }
        let b = book_likelihood(&app).unwrap();
        assert_eq!(b.below_eps, 0);
        assert!((b.printed - b.exact).abs() < 1e-5, "{b:?}");
        assert_eq!(b.iteration, 4);
    }
}
