//! The glossary: for each idea the page teaches, the one term each language uses (English, Korean,
//! Japanese), where it comes from (the chapter's slides, the blog post, the book's tradition, or
//! a choice with its reason) and the variants it rules out — `glossary.json`, the single source of
//! the page's words. The page shows it (the Glossary panel, through the `Session`), the Rust
//! messages are checked against it here, and the end-to-end tests read the same file to scan the
//! whole page in each language for the variants it rules out.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The glossary's text, compiled in.
pub const GLOSSARY_JSON: &str = include_str!("glossary.json");

/// A word or sentence in each of the page's languages.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Words {
    pub en: String,
    pub ko: String,
    pub ja: String,
}

impl Words {
    /// The text in `lang` ("en", "ko" or "ja"; anything else is English).
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "ko" => &self.ko,
            "ja" => &self.ja,
            _ => &self.en,
        }
    }
}

/// A variant the glossary rules out: a phrase as written, or a regular expression.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Variant {
    Phrase(String),
    Pattern { re: String },
}

/// The variants ruled out per language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Avoid {
    #[serde(default)]
    pub en: Vec<Variant>,
    #[serde(default)]
    pub ko: Vec<Variant>,
    #[serde(default)]
    pub ja: Vec<Variant>,
}

impl Avoid {
    /// The variants ruled out in `lang`.
    pub fn get(&self, lang: &str) -> &[Variant] {
        match lang {
            "ko" => &self.ko,
            "ja" => &self.ja,
            _ => &self.en,
        }
    }
}

/// Where a term comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The chapter's Korean slides.
    Slides,
    /// The 1-D soft-clustering blog post.
    Blog,
    /// The book's tradition (its Japanese original and Korean edition).
    Book,
    /// Neither text has a word: `why` says why this one.
    Chosen,
}

/// One idea and its term in each language.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Concept {
    pub id: String,
    /// Its symbol in the slides' notation (`_{…}` marks a subscript), or "".
    pub symbol: String,
    pub en: String,
    pub ko: String,
    pub ja: String,
    pub source: Source,
    /// Why this term, where it was chosen.
    #[serde(default)]
    pub why: Option<Words>,
    #[serde(default)]
    pub avoid: Avoid,
}

impl Concept {
    /// The term in `lang`.
    pub fn term(&self, lang: &str) -> &str {
        match lang {
            "ko" => &self.ko,
            "ja" => &self.ja,
            _ => &self.en,
        }
    }
}

/// A rule of notation that holds in every language (log, not ln; p_θ(x), not p(x; θ); …).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Notation {
    pub id: String,
    pub en: String,
    pub ko: String,
    pub ja: String,
    pub avoid: Vec<Variant>,
}

/// The whole glossary.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Glossary {
    pub about: String,
    pub languages: Vec<String>,
    pub concepts: Vec<Concept>,
    pub notation: Vec<Notation>,
}

impl Glossary {
    /// The concept called `id`.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// The term for concept `id` in `lang`.
    pub fn term(&self, id: &str, lang: &str) -> Option<&str> {
        self.concept(id).map(|c| c.term(lang))
    }
}

/// The glossary, parsed once. `glossary.json` is compiled in and checked by this module's tests,
/// so parsing it cannot fail in a build that passed them.
pub fn glossary() -> &'static Glossary {
    static PARSED: OnceLock<Glossary> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(GLOSSARY_JSON).expect("glossary.json is checked by the tests")
    })
}

/// One concept as the page's Glossary panel shows it in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub term: String,
    pub symbol: String,
    /// The term in the other two languages, as (language, term).
    pub elsewhere: Vec<(String, String)>,
    pub source: Source,
    pub why: Option<String>,
    /// The variants this term replaces, in this language.
    pub replaces: Vec<String>,
}

/// The glossary as the page shows it in `lang`: every concept's term, symbol, the other
/// languages' terms, the source and (for chosen terms) why; then the notation rules' texts.
pub fn entries(lang: &str) -> (Vec<Entry>, Vec<String>) {
    let g = glossary();
    let entries = g
        .concepts
        .iter()
        .map(|c| Entry {
            id: c.id.clone(),
            term: c.term(lang).to_string(),
            symbol: c.symbol.clone(),
            elsewhere: g
                .languages
                .iter()
                .filter(|l| l.as_str() != lang)
                .map(|l| (l.clone(), c.term(l).to_string()))
                .collect(),
            source: c.source,
            why: c.why.as_ref().map(|w| w.get(lang).to_string()),
            replaces: c
                .avoid
                .get(lang)
                .iter()
                .filter_map(|v| match v {
                    Variant::Phrase(p) => Some(p.clone()),
                    Variant::Pattern { .. } => None,
                })
                .collect(),
        })
        .collect();
    let notation = g
        .notation
        .iter()
        .map(|n| match lang {
            "ko" => n.ko.clone(),
            "ja" => n.ja.clone(),
            _ => n.en.clone(),
        })
        .collect();
    (entries, notation)
}

#[cfg(test)]
pub(crate) mod check {
    //! The glossary as a test: the variants it rules out, found in a text.
    use super::*;
    use regex::Regex;

    /// A ruled-out variant found in a text: which rule, what was found, what to write instead.
    #[derive(Debug)]
    pub struct Finding {
        pub rule: String,
        pub found: String,
        pub instead: String,
    }

    fn matcher(v: &Variant) -> Regex {
        match v {
            Variant::Phrase(p) => Regex::new(&regex::escape(p)).unwrap(),
            Variant::Pattern { re } => Regex::new(re).unwrap(),
        }
    }

    /// Every ruled-out variant of `lang` (and of every language's notation) in `text`. `text`
    /// may hold the rich-text marks `_{…}`/`^{…}`: they are read as the page shows them.
    pub fn ruled_out(text: &str, lang: &str) -> Vec<Finding> {
        let shown = text.replace("_{", "").replace("^{", "").replace('}', "");
        let g = glossary();
        let mut out = Vec::new();
        for c in &g.concepts {
            for v in c.avoid.get(lang) {
                if let Some(m) = matcher(v).find(&shown) {
                    out.push(Finding {
                        rule: c.id.clone(),
                        found: m.as_str().to_string(),
                        instead: c.term(lang).to_string(),
                    });
                }
            }
        }
        for n in &g.notation {
            for v in &n.avoid {
                if let Some(m) = matcher(v).find(&shown) {
                    out.push(Finding {
                        rule: n.id.clone(),
                        found: m.as_str().to_string(),
                        instead: n.en.clone(),
                    });
                }
            }
        }
        out
    }

    /// Panics, listing what was found and what to write instead, if `text` holds a variant the
    /// glossary rules out in `lang`; `what` says where the text comes from.
    pub fn assert_clean(text: &str, lang: &str, what: &str) {
        let found = ruled_out(text, lang);
        let list: Vec<String> = found
            .iter()
            .map(|f| format!("{:?} ({}: write {:?})", f.found, f.rule, f.instead))
            .collect();
        assert!(
            list.is_empty(),
            "{what} ({lang}) uses what the glossary rules out: {}\n  in: {text}",
            list.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_glossary_parses_and_every_concept_has_a_term_in_every_language() {
        let g = glossary();
        assert_eq!(g.languages, ["en", "ko", "ja"]);
        assert!(g.concepts.len() >= 40, "{} concepts", g.concepts.len());
        let mut ids = HashSet::new();
        for c in &g.concepts {
            assert!(ids.insert(&c.id), "{} twice", c.id);
            for l in &g.languages {
                assert!(!c.term(l).trim().is_empty(), "{} has no {l} term", c.id);
            }
            if c.source == Source::Chosen {
                let why = c
                    .why
                    .as_ref()
                    .unwrap_or_else(|| panic!("{}: chosen without why", c.id));
                for l in &g.languages {
                    assert!(!why.get(l).trim().is_empty(), "{}: no {l} reason", c.id);
                }
            }
        }
    }

    #[test]
    fn every_rule_is_a_valid_pattern_and_no_term_rules_itself_out() {
        let g = glossary();
        for c in &g.concepts {
            for l in &g.languages {
                check::assert_clean(c.term(l), l, &format!("the term of {}", c.id));
            }
        }
        for n in &g.notation {
            assert!(!n.avoid.is_empty(), "{} rules nothing out", n.id);
        }
    }

    #[test]
    fn the_checks_find_what_they_rule_out() {
        let found = |t: &str, l: &str| {
            check::ruled_out(t, l)
                .into_iter()
                .map(|f| f.rule)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("각 점의 책임을 계산합니다", "ko"), ["responsibility"]);
        assert_eq!(
            found("각 점의 부담률을 계산합니다", "ko"),
            Vec::<String>::new()
        );
        assert_eq!(found("k-평균법과 비교", "ko"), ["kmeans"]);
        assert_eq!(found("隠れ変数 z", "ja"), ["latent-variable"]);
        assert_eq!(found("ln p(x) = …", "en"), ["log"]);
        assert_eq!(found("log p_{θ}(x) is fine", "en"), Vec::<String>::new());
        assert_eq!(found("p(z | x; θ)", "en"), ["p-theta"]);
        assert_eq!(found("KL(q ‖ p)", "ko"), ["d-kl"]);
        assert_eq!(found("D_{KL}(q ‖ p)", "ko"), Vec::<String>::new());
        assert_eq!(found("the mean of xₙ", "en"), ["superscript-n"]);
        // A word ruled out in Korean may be a fine word in another language.
        assert!(found("학습", "ja").is_empty());
    }

    #[test]
    fn the_panel_entries_give_each_language_its_term() {
        let (ko, notation) = entries("ko");
        let r = ko.iter().find(|e| e.id == "responsibility").unwrap();
        assert_eq!(r.term, "부담률");
        assert_eq!(
            r.elsewhere,
            [
                ("en".to_string(), "responsibility".to_string()),
                ("ja".to_string(), "負担率".to_string())
            ]
        );
        assert_eq!(r.replaces, ["책임"]);
        assert!(r.why.as_deref().unwrap().contains("부담률"));
        assert_eq!(notation.len(), glossary().notation.len());
        let (ja, _) = entries("ja");
        assert_eq!(
            ja.iter().find(|e| e.id == "latent-variable").unwrap().term,
            "潜在変数"
        );
    }
}
