//! Which language each note is written in, so its words get that language's stop words and stemmer.
//!
//! Notes are short ("Longer opening hours"), and trigram detectors (`whatlang`) are unsure about such text. So a
//! note's language is decided from three pieces of evidence: `whatlang`'s guess among the languages we can stem,
//! how many of the note's words are stop words of each language, and — when those two are weak — the café's
//! main language: the one most of its confidently detected notes are in (or the one the caller names).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use whatlang::{Detector, Lang};

use super::text;

/// A language whose words we can stem and whose stop words we know (Snowball stemmers, NLTK stop-word lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Arabic = 0,
    Danish = 1,
    Dutch = 2,
    English = 3,
    Finnish = 4,
    French = 5,
    German = 6,
    Greek = 7,
    Hungarian = 8,
    Italian = 9,
    Norwegian = 10,
    Portuguese = 11,
    Romanian = 12,
    Russian = 13,
    Spanish = 14,
    Swedish = 15,
    Turkish = 16,
}

impl Language {
    /// Every language, in the order of their discriminants.
    pub const ALL: [Language; 17] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Turkish,
    ];

    /// The ISO 639-1 code: `en`, `de`, `sv`, …
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Danish => "da",
            Language::Dutch => "nl",
            Language::English => "en",
            Language::Finnish => "fi",
            Language::French => "fr",
            Language::German => "de",
            Language::Greek => "el",
            Language::Hungarian => "hu",
            Language::Italian => "it",
            Language::Norwegian => "no",
            Language::Portuguese => "pt",
            Language::Romanian => "ro",
            Language::Russian => "ru",
            Language::Spanish => "es",
            Language::Swedish => "sv",
            Language::Turkish => "tr",
        }
    }

    /// The language with the ISO 639-1 `code` (any case), if we support it.
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.trim().to_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    fn whatlang(self) -> Lang {
        match self {
            Language::Arabic => Lang::Ara,
            Language::Danish => Lang::Dan,
            Language::Dutch => Lang::Nld,
            Language::English => Lang::Eng,
            Language::Finnish => Lang::Fin,
            Language::French => Lang::Fra,
            Language::German => Lang::Deu,
            Language::Greek => Lang::Ell,
            Language::Hungarian => Lang::Hun,
            Language::Italian => Lang::Ita,
            Language::Norwegian => Lang::Nob,
            Language::Portuguese => Lang::Por,
            Language::Romanian => Lang::Ron,
            Language::Russian => Lang::Rus,
            Language::Spanish => Lang::Spa,
            Language::Swedish => Lang::Swe,
            Language::Turkish => Lang::Tur,
        }
    }

    pub(crate) fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Language::Arabic => A::Arabic,
            Language::Danish => A::Danish,
            Language::Dutch => A::Dutch,
            Language::English => A::English,
            Language::Finnish => A::Finnish,
            Language::French => A::French,
            Language::German => A::German,
            Language::Greek => A::Greek,
            Language::Hungarian => A::Hungarian,
            Language::Italian => A::Italian,
            Language::Norwegian => A::Norwegian,
            Language::Portuguese => A::Portuguese,
            Language::Romanian => A::Romanian,
            Language::Russian => A::Russian,
            Language::Spanish => A::Spanish,
            Language::Swedish => A::Swedish,
            Language::Turkish => A::Turkish,
        }
    }
}

static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(Language::ALL.iter().map(|l| l.whatlang()).collect())
});

/// What one note says about its language on its own.
#[derive(Debug, Clone, Copy)]
struct Evidence {
    /// The best-supported language, if any.
    best: Option<Language>,
    /// Its score minus the runner-up's; below [`SURE`] the note is unsure.
    margin: f64,
    /// The score of every language (indexed by discriminant).
    scores: [f64; Language::ALL.len()],
    /// Written in a script none of our languages uses.
    foreign: bool,
}

/// A margin from which a note's own evidence decides without the café's main language.
const SURE: f64 = 1.5;
/// What being the café's main language adds to a language's score for an unsure note.
const MAIN_BONUS: f64 = 1.25;

fn evidence(text: &str) -> Evidence {
    let mut scores = [0.0; Language::ALL.len()];
    let words: Vec<String> = text::words(text).iter().map(|w| text::fold(w)).collect();
    for language in Language::ALL {
        let hits = words
            .iter()
            .filter(|w| text::is_folded_stop_word_in(w, language))
            .count();
        scores[language as usize] = hits as f64;
    }
    let mut allowed = None;
    if let Some(info) = DETECTOR.detect(text) {
        if let Some(l) = Language::ALL
            .into_iter()
            .find(|l| l.whatlang() == info.lang())
        {
            // A reliable detection outweighs a couple of stop words; an unsure one tips a tie.
            let weight = if info.is_reliable() {
                3.0
            } else {
                0.5 + info.confidence()
            };
            scores[l as usize] += weight;
        }
        allowed = Some(info.script());
    }
    if let Some(script) = allowed {
        // Languages written in another script are out (stop words of a Latin-script language cannot match a
        // Cyrillic note anyway; this keeps ties honest).
        for language in Language::ALL {
            if script_of(language) != script {
                scores[language as usize] = -1.0;
            }
        }
    }
    let foreign = allowed.is_some_and(|s| Language::ALL.iter().all(|&l| script_of(l) != s));
    let (best, margin) = top_two(&scores);
    Evidence {
        best,
        margin,
        scores,
        foreign,
    }
}

fn script_of(language: Language) -> whatlang::Script {
    match language {
        Language::Arabic => whatlang::Script::Arabic,
        Language::Greek => whatlang::Script::Greek,
        Language::Russian => whatlang::Script::Cyrillic,
        _ => whatlang::Script::Latin,
    }
}

/// The best language (ties to the earlier one) if its score is positive, and its lead over the runner-up.
fn top_two(scores: &[f64; Language::ALL.len()]) -> (Option<Language>, f64) {
    let mut best: Option<(Language, f64)> = None;
    let mut second = 0.0f64;
    for language in Language::ALL {
        let s = scores[language as usize];
        match best {
            Some((_, b)) if s <= b => second = second.max(s),
            _ => {
                if let Some((_, b)) = best {
                    second = second.max(b);
                }
                best = Some((language, s));
            }
        }
    }
    match best {
        Some((l, s)) if s > 0.0 => (Some(l), s - second.max(0.0)),
        _ => (None, 0.0),
    }
}

/// The language of each text. `main` is the café's main language if the caller knows it; otherwise it is the
/// language most texts are confidently in. Texts with no evidence at all get the main language; texts in a script
/// none of our languages uses get `None` (their words are still compared, unstemmed).
pub fn detect(texts: &[&str], main: Option<Language>) -> Vec<Option<Language>> {
    let evidence: Vec<Evidence> = texts.iter().map(|t| evidence(t)).collect();
    let main = main.or_else(|| main_language(&evidence));
    evidence
        .iter()
        .zip(texts)
        .map(|(e, text)| {
            if e.margin >= SURE || e.foreign {
                return e.best;
            }
            let Some(main) = main else { return e.best };
            let mut scores = e.scores;
            scores[main as usize] += MAIN_BONUS;
            match top_two(&scores).0 {
                Some(l) => Some(l),
                // No evidence at all: the main language, when the note is in its script (or has no letters).
                None => match whatlang::detect_script(text) {
                    Some(s) if s != script_of(main) => None,
                    _ => Some(main),
                },
            }
        })
        .collect()
}

/// The language most notes are confidently in (ties to the earlier language).
fn main_language(evidence: &[Evidence]) -> Option<Language> {
    let mut counts: BTreeMap<Language, usize> = BTreeMap::new();
    for e in evidence {
        if let Some(l) = e.best
            && e.margin >= SURE
        {
            *counts.entry(l).or_default() += 1;
        }
    }
    if counts.is_empty() {
        for e in evidence {
            if let Some(l) = e.best {
                *counts.entry(l).or_default() += 1;
            }
        }
    }
    let mut best: Option<(Language, usize)> = None;
    for (l, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((l, n));
        }
    }
    best.map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(texts: &[&str], main: Option<Language>, expected: &[Option<&str>]) {
        let got: Vec<Option<&str>> = detect(texts, main)
            .into_iter()
            .map(|l| l.map(Language::code))
            .collect();
        assert_eq!(got, expected, "{texts:?}");
    }

    #[test]
    fn languages_of_short_notes() {
        check(
            &[
                "The library should stay open in the evenings",
                "Die Bibliothek sollte abends länger geöffnet sein",
                "Biblioteket borde vara öppet på kvällarna",
                "La bibliothèque devrait ouvrir le soir",
                "La biblioteca debería abrir por la noche",
                "Библиотека должна работать по вечерам",
            ],
            None,
            &[
                Some("en"),
                Some("de"),
                Some("sv"),
                Some("fr"),
                Some("es"),
                Some("ru"),
            ],
        );
        // Too short to tell: the café's main language.
        check(
            &[
                "Radwege",
                "Mehr Bänke auf dem Marktplatz und im Park",
                "Der Spielplatz ist zu klein",
            ],
            None,
            &[Some("de"), Some("de"), Some("de")],
        );
        check(&["Makerspace"], Some(Language::Swedish), &[Some("sv")]);
        // No letters, or a script none of our languages is written in.
        check(
            &["🎉", "图书馆开放时间"],
            Some(Language::English),
            &[Some("en"), None],
        );
        check(&[], None, &[]);
    }

    #[test]
    fn codes_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
            assert_eq!(Language::ALL[l as usize], l);
        }
        assert_eq!(Language::from_code(" DE "), Some(Language::German));
        assert_eq!(Language::from_code("xx"), None);
    }
}
