//! How a run starts, as the page offers it: [`Start`] (each one of the core's kinds of start, by
//! the core's name), the start other data and "New start" take instead of the book's
//! ([`default_start`]), and what a new start changes ([`NewStart`]).

use emviz_core::rules::{InitKind, DEFAULTS};

/// How a run starts: the starts the page offers, each one of the core's kinds
/// ([`InitKind`], whose names they go by: `"book"`, `"kmeans++"`, `"random"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Start {
    /// The book's start ([`BOOK`]: means (0, 50) and (0, 100), identity covariances; K = 2, two
    /// columns).
    #[default]
    Book,
    /// k-means++ seeding from the seed.
    KMeansPlusPlus,
    /// K random data points from the seed.
    Random,
}

impl Start {
    /// Every start, in the order the page offers them: the book's first, as the page follows the
    /// book. (The core's fourth kind, given means, is no control of the page.)
    pub const ALL: [Start; 3] = [Start::Book, Start::KMeansPlusPlus, Start::Random];

    /// The core's kind of start this is.
    pub const fn kind(self) -> InitKind {
        match self {
            Start::Book => InitKind::Book,
            Start::KMeansPlusPlus => InitKind::KMeansPlusPlus,
            Start::Random => InitKind::Random,
        }
    }

    /// The page's start of a core kind, if the page offers it.
    pub fn of_kind(kind: InitKind) -> Option<Start> {
        Start::ALL.into_iter().find(|s| s.kind() == kind)
    }

    /// Its name, the core's ([`InitKind::name`]).
    pub const fn as_str(self) -> &'static str {
        self.kind().name()
    }

    /// The start a name or alias stands for, read as the core reads one
    /// ([`InitKind::from_name`]), if the page offers it.
    pub fn from_name(text: &str) -> Option<Start> {
        InitKind::from_name(text).and_then(Start::of_kind)
    }
}

/// The start "New start" and other data take instead of the book's: the core's default
/// ([`DEFAULTS`]`.init`, k-means++).
pub fn default_start() -> Start {
    Start::of_kind(DEFAULTS.init).unwrap_or(Start::KMeansPlusPlus)
}

/// What "New start" (a fresh seed) changes besides the seed: the book's start and a zero
/// reg_covar belong to the book's one run, so a new start leaves them for [`default_start`] and
/// the default reg_covar ([`DEFAULTS`]); other starts and reg_covars stay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewStart {
    /// The start to use.
    pub init: Start,
    /// The reg_covar to use.
    pub reg_covar: f64,
}

impl NewStart {
    /// The new start's `init` and `reg_covar` from the current ones.
    pub fn from(init: Start, reg_covar: f64) -> Self {
        Self {
            init: if init == Start::Book {
                default_start()
            } else {
                init
            },
            reg_covar: if reg_covar == 0.0 {
                DEFAULTS.reg_covar
            } else {
                reg_covar
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_start_leaves_the_books_start_and_a_zero_reg_covar() {
        let fresh = NewStart::from(Start::Book, 0.0);
        assert_eq!(
            (fresh.init, fresh.reg_covar),
            (Start::KMeansPlusPlus, DEFAULTS.reg_covar)
        );
        let kept = NewStart::from(Start::Random, 1e-3);
        assert_eq!((kept.init, kept.reg_covar), (Start::Random, 1e-3));
        let half = NewStart::from(Start::Book, 0.5);
        assert_eq!((half.init, half.reg_covar), (Start::KMeansPlusPlus, 0.5));
    }

    #[test]
    fn every_start_is_read_back_from_its_name() {
        for start in Start::ALL {
            assert_eq!(Start::from_name(start.as_str()), Some(start));
        }
    }

    #[test]
    fn the_core_kind_the_page_does_not_offer_is_no_start() {
        assert_eq!(Start::from_name("means"), None);
        assert_eq!(Start::from_name(" K-Means++ "), Some(Start::KMeansPlusPlus));
        assert_eq!(default_start(), Start::KMeansPlusPlus);
    }
}
