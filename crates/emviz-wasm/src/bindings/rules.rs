//! The rules the page's controls follow and the glossary, read by JavaScript instead of kept in
//! copies.

use wasm_bindgen::prelude::*;

use super::Session;
use crate::wire::rules::{Glossary, Rules};
use crate::wire::Wire;
use emviz_app::error::Problem;
use emviz_app::glossary;
use emviz_app::messages::{describe, Lang};
use tsify::{Ts, Tsify};

/// A value for the page from a method without a page (and so without its language): a failure
/// to convert it is worded in English.
fn give<T: Tsify + serde::Serialize>(value: T) -> Result<Ts<T>, JsError> {
    value.into_ts().map_err(|e| {
        let reason = e.to_string();
        JsError::new(&describe(&Problem::Malformed { reason }.into(), Lang::En))
    })
}

#[wasm_bindgen]
impl Session {
    /// Every rule of the controls: the covariance types and starts in their order, the ranges of
    /// K, the seed, max iterations, samples and Choose K, the defaults, the palette
    /// ([`emviz_app::rules::rules`], the one place they are gathered).
    pub fn rules() -> Result<Ts<Rules>, JsError> {
        give(Rules::wire(&emviz_app::rules::rules()))
    }

    /// The glossary in `lang` (`en`, `ko`, `ja`): every concept's term, symbol, the other
    /// languages' terms, source and why; then the notation rules.
    pub fn glossary(lang: &str) -> Result<Ts<Glossary>, JsError> {
        let (entries, notation) = glossary::entries(lang);
        let glossary = Glossary {
            entries: entries.iter().map(Wire::wire).collect(),
            notation,
        };
        give(glossary)
    }
}
