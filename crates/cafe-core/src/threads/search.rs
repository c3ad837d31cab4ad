//! The facilitator's search on the threads board: the notes that say the words of a search, and the notes that
//! say them in other words — a word of the same concept in the lexicon, in any of the café's languages ("noise"
//! finds "Lärm" and "bruit", "prescription" finds "meds" and "pharmacy").
//!
//! A note is **found** when each word of the search is in its text, anywhere in a word ("park" is in
//! "Parkplatz"), with case and accents ignored. It is **related** when it is not found but each word of the search
//! is either in its text or shares a concept with one of its words, at least one of them through a concept. A
//! search word's concepts are those of the lexicon's entries spelled like it, in any language ("parking" is
//! *parking*, not also *parks* through its stem); a word no entry spells is looked up by its stem in each of the
//! café's languages. A search word that is a stop word, or that no concept knows, has to be in the text. With each note come the
//! stretches of its text to mark: the search words where they stand, and the words that carry a shared concept.

use std::collections::BTreeSet;

use super::concepts::{ConceptId, LEXICON};
use super::language::{self, Language};
use super::text;
use super::{Options, ThreadNote};

/// A note the search found, with the stretches of its text to mark (as written in the note, each once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The note's id.
    pub note: usize,
    pub marks: Vec<String>,
    /// Of a related note, its words that carry a concept of the search (also in `marks`): how it says it in other
    /// words. Empty for a note found.
    pub other_words: Vec<String>,
}

/// What a search found: notes that say its words, and notes that say them in other words, in the notes' order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub found: Vec<Hit>,
    pub related: Vec<Hit>,
}

/// `text` lower-cased and folded character by character, with the byte where each folded byte's character starts
/// in `text`.
fn folded(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let f = text::fold(&c.to_lowercase().collect::<String>());
        from.extend(std::iter::repeat_n(i, f.len()));
        out.push_str(&f);
    }
    (out, from)
}

/// The stretches of `text` where `word` (folded) stands, as written.
fn places<'a>(text: &'a str, folded: &str, from: &[usize], word: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = folded[at..].find(word) {
        let start = at + k;
        let end = start + word.len();
        let first = from[start];
        let last = from[end - 1];
        let last_end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        out.push(&text[first..last_end]);
        at = start + folded[start..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Searches `notes` for `query`; notes are in the order given.
pub fn search(query: &str, notes: &[ThreadNote], options: &Options) -> Search {
    let query = text::composed(query);
    // Punctuation around a word ("noise,", "(parking)") is not part of it, unless it is all there is ("-", "🚲").
    let query_words: Vec<(&str, String)> = query
        .split_whitespace()
        .map(|w| {
            let trimmed = w.trim_matches(|c: char| !c.is_alphanumeric());
            let w = if trimmed.is_empty() { w } else { trimmed };
            (w, folded(w).0)
        })
        .filter(|(_, f)| !f.is_empty())
        .collect();
    if query_words.is_empty() || notes.is_empty() {
        return Search::default();
    }
    let texts: Vec<_> = notes.iter().map(|n| text::composed(&n.text)).collect();
    let plain: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let languages = language::detect(&plain, options.language);

    // The concepts of each search word, in the café's languages (a facilitator may search in any of them).
    let mut known: BTreeSet<Language> = languages.iter().flatten().copied().collect();
    known.insert(Language::English);
    known.extend(options.language);
    let words: Vec<String> = query_words.iter().map(|(_, f)| f.clone()).collect();
    let wanted: Vec<BTreeSet<ConceptId>> = query_words
        .iter()
        .map(|(w, _)| {
            let lower = w.to_lowercase();
            let lower = lower.as_str();
            if !lower.chars().any(char::is_alphanumeric)
                || text::is_stop_word(lower, options.language)
            {
                return BTreeSet::new();
            }
            // The word as an entry of any language (or a compound with an entry's head or tail) says what
            // the facilitator meant; only a word no entry spells is looked up by its stem, in each language.
            let exact: BTreeSet<ConceptId> =
                LEXICON.concepts_of(lower, "", None).into_iter().collect();
            if !exact.is_empty() {
                return exact;
            }
            known
                .iter()
                .flat_map(|&l| LEXICON.concepts_of(lower, &text::stem(lower, Some(l)), Some(l)))
                .collect()
        })
        .collect();

    let mut result = Search::default();
    for ((note, text), &language) in notes.iter().zip(&plain).zip(&languages) {
        let (f, from) = folded(text);
        let literal: Vec<Vec<&str>> = words.iter().map(|w| places(text, &f, &from, w)).collect();
        if literal.iter().all(|p| !p.is_empty()) {
            result.found.push(Hit {
                note: note.id,
                marks: unique(literal.into_iter().flatten()),
                other_words: Vec::new(),
            });
            continue;
        }
        if wanted.iter().all(BTreeSet::is_empty) {
            continue;
        }
        // The note's words with the concepts they carry.
        let carried: Vec<(String, Vec<ConceptId>)> = text::terms(text, language)
            .into_iter()
            .map(|t| {
                let c = LEXICON.concepts_of(&t.word.to_lowercase(), &t.stem, language);
                (t.word, c)
            })
            .filter(|(_, c)| !c.is_empty())
            .collect();
        let mut marks: Vec<&str> = Vec::new();
        let mut other_words: Vec<&str> = Vec::new();
        let mut all = true;
        for (places, concepts) in literal.iter().zip(&wanted) {
            let by_concept: Vec<&str> = carried
                .iter()
                .filter(|(_, c)| c.iter().any(|x| concepts.contains(x)))
                .map(|(w, _)| w.as_str())
                .collect();
            if !places.is_empty() {
                marks.extend(places);
            } else if !by_concept.is_empty() {
                marks.extend(&by_concept);
                other_words.extend(by_concept);
            } else {
                all = false;
                break;
            }
        }
        if all && !other_words.is_empty() {
            result.related.push(Hit {
                note: note.id,
                marks: unique(marks.into_iter()),
                other_words: unique(other_words.into_iter()),
            });
        }
    }
    result
}

/// The strings, each once, in the order first seen.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(texts: &[&str]) -> Vec<ThreadNote> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| ThreadNote {
                id: i,
                table: format!("Table {}", i + 1),
                round: 1,
                text: (*t).to_owned(),
            })
            .collect()
    }

    /// Searches `texts` for `query` and compares "found" and "related" as `id:mark|mark` lists.
    fn check(query: &str, texts: &[&str], found: &str, related: &str) {
        let s = search(query, &notes(texts), &Options::default());
        let show = |hits: &[Hit]| {
            hits.iter()
                .map(|h| format!("{}:{}", h.note, h.marks.join("|")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(&s.found), found, "found for {query:?}");
        assert_eq!(show(&s.related), related, "related for {query:?}");
    }

    #[test]
    fn a_word_is_found_anywhere_without_case_or_accents() {
        check(
            "park",
            &[
                "Kein Parkplatz am Museum",
                "parking for volunteers",
                "a sparkling idea",
                "the bus",
            ],
            "0:Park 1:park 2:park",
            "",
        );
        check(
            "CAFE",
            &["pause café trop courte", "Café closes at 6"],
            "0:café 1:Café",
            "",
        );
        check("strasse", &["Die Straße ist laut"], "0:Straße", "");
        check("sse", &["Straße"], "0:ße", "");
        check("larm", &["Ärger mit LÄRM"], "0:LÄRM", "");
        // Decomposed accents in the note ("a" + combining diaeresis) are found like composed ones.
        check("lärm", &["La\u{308}rm nachts"], "0:Lärm", "");
    }

    #[test]
    fn every_word_of_the_search_is_needed() {
        check(
            "parking volunteers",
            &[
                "Parking for volunteers",
                "Parking for visitors",
                "volunteers park here",
            ],
            "0:Parking|volunteers",
            // "parking" is the lexicon's *parking*; "park" is *parks* (green space), not a form of it.
            "",
        );
        // Each place a word stands is marked once.
        check("book", &["book a book", "Booking"], "0:book 1:Book", "");
    }

    #[test]
    fn other_words_of_the_same_concept_are_related_in_any_language() {
        let texts = [
            "noise from the bar every night",
            "Lärm bis Mitternacht",
            "trop de bruit le soir",
            "the bus is late",
        ];
        check("noise", &texts, "0:noise", "1:Lärm 2:bruit");
        let s = search("noise", &notes(&texts), &Options::default());
        let other: Vec<&[String]> = s.related.iter().map(|h| h.other_words.as_slice()).collect();
        assert_eq!(other, [["Lärm"], ["bruit"]]);
        assert!(s.found[0].other_words.is_empty());
        // A word searched in another language finds the English note too.
        check("Lärm", &texts, "1:Lärm", "0:noise 2:bruit");
    }

    #[test]
    fn related_notes_need_every_word_too() {
        let texts = ["Lärm bis Mitternacht", "noise complaints", "bus noise"];
        // "bus" has to be said (or meant) as well.
        check("noise bus", &texts, "2:noise|bus", "");
        // A word no concept knows has to be in the text.
        check("noise xyzzy", &texts, "", "");
        // A stop word has to be in the text too: it means nothing on its own.
        check("the noise", &["the noise", "Lärm"], "0:the|noise", "");
    }

    #[test]
    fn punctuation_around_a_search_word_is_not_part_of_it() {
        let texts = ["Noise and parking at night", "wifi down again"];
        check("noise, parking", &texts, "0:Noise|parking", "");
        check("(wifi)", &texts, "1:wifi", "");
        check("wifi!!", &texts, "1:wifi", "");
    }

    #[test]
    fn nothing_to_search_finds_nothing() {
        check("", &["anything"], "", "");
        check("   ", &["anything"], "", "");
        check("noise", &[], "", "");
        assert_eq!(
            search("-", &notes(&["a - b"]), &Options::default())
                .found
                .len(),
            1
        );
    }

    #[test]
    fn notes_are_data() {
        check("script", &["<script>alert(1)</script>"], "0:script", "");
        check("🚲", &["by 🚲 to work"], "0:🚲", "");
    }
}
