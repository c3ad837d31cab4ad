//! Naming a thread: its keywords and a short title, from the terms and phrases its notes share.
//!
//! Terms are ranked by class-based TF-IDF (as in BERTopic's c-TF-IDF): how many of the thread's notes use a term,
//! times how rare the term is among all notes — so "hours" beats "library" in a library café. Each term is shown
//! in the form most of the thread's notes write it; a phrase ("opening hours", "access to data") is written as
//! in the notes, stop words between its two terms included. When the best of them says none of the lexicon's
//! concepts a third of the thread's notes share, but half of the notes say one concept in words of their own, the
//! thread is named by that concept's usual word among them ("Müll" for "Sperrmüll", "Hundekot", "Müll").

use std::collections::{BTreeMap, BTreeSet};

use super::concepts::{ConceptId, LEXICON};
use super::language::Language;
use super::text::{self, Term};
use super::vector::{Corpus, FeatureKey};

/// A thread's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub title: String,
    pub keywords: Vec<String>,
}

/// One candidate keyword or keyphrase of a thread.
#[derive(Debug, Default)]
struct Candidate {
    /// How many of the thread's notes have it.
    notes: usize,
    /// Its written forms and how often each occurs.
    forms: BTreeMap<String, usize>,
    /// The stems it is made of.
    stems: Vec<String>,
}

impl Candidate {
    /// The form most notes use; a form in capitals only counts for its lower-case version unless there is no
    /// other (acronyms), and ties go to the shorter, then the alphabetically first form.
    fn form(&self) -> String {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let shouting =
            |f: &str| f.chars().count() > 1 && f.to_uppercase() == f && f.to_lowercase() != f;
        let all_shouting = self.forms.keys().all(|f| shouting(f));
        for (f, &n) in &self.forms {
            let key = if shouting(f) && !all_shouting {
                f.to_lowercase()
            } else {
                f.clone()
            };
            *counts.entry(key).or_default() += n;
        }
        let mut best: Option<(&String, usize)> = None;
        for (f, &n) in &counts {
            let better = match best {
                None => true,
                // On a tie, a form that starts in lower case (a capital may only start the note), then the
                // shorter one.
                Some((bf, bn)) => {
                    let lower = |s: &str| s.chars().next().is_some_and(char::is_lowercase);
                    n > bn
                        || (n == bn
                            && (lower(f), std::cmp::Reverse(f.chars().count()))
                                > (lower(bf), std::cmp::Reverse(bf.chars().count())))
                }
            };
            if better {
                best = Some((f, n));
            }
        }
        best.map(|(f, _)| f.clone()).unwrap_or_default()
    }
}

/// The most keywords a thread gets.
pub const MAX_KEYWORDS: usize = 5;

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How much more a term weighs for the title when it says what most of the thread's notes are about (one of its
/// strong concepts): "Closing" or "evenings" rather than a word two notes happen to share.
const CONCEPT_BOOST: f64 = 2.0;

/// The lexicon's concepts that at least two notes and a third of `members` have.
fn strong_concepts(members: &[usize], corpus: &Corpus) -> Vec<ConceptId> {
    let mut notes: BTreeMap<ConceptId, usize> = BTreeMap::new();
    for &m in members {
        for &(f, _) in &corpus.counts[m] {
            if let FeatureKey::Concept(c) = corpus.features[f as usize].key {
                *notes.entry(c).or_default() += 1;
            }
        }
    }
    let floor = 2.max(members.len().div_ceil(3));
    notes
        .into_iter()
        .filter(|&(_, n)| n >= floor)
        .map(|(c, _)| c)
        .collect()
}

/// Names the thread made of `members` (indices into `texts`, `terms` and the corpus's notes).
pub fn label(
    members: &[usize],
    texts: &[&str],
    terms: &[Vec<Term>],
    languages: &[Option<Language>],
    corpus: &Corpus,
    max_keywords: usize,
) -> Label {
    let mut single: BTreeMap<String, Candidate> = BTreeMap::new();
    let mut phrases: BTreeMap<(String, String), Candidate> = BTreeMap::new();
    for &m in members {
        let written = text::tokens(texts[m]);
        let mut seen_terms: Vec<&str> = Vec::new();
        let mut seen_phrases: Vec<(String, String)> = Vec::new();
        for (i, t) in terms[m].iter().enumerate() {
            let c = single.entry(t.stem.clone()).or_default();
            *c.forms.entry(t.word.clone()).or_default() += 1;
            if !seen_terms.contains(&t.stem.as_str()) {
                seen_terms.push(&t.stem);
                c.notes += 1;
                c.stems = vec![t.stem.clone()];
            }
            if let Some(next) = terms[m].get(i + 1)
                && next.pos - t.pos <= 2
                && next.stem != t.stem
            {
                let key = if t.stem < next.stem {
                    (t.stem.clone(), next.stem.clone())
                } else {
                    (next.stem.clone(), t.stem.clone())
                };
                let form = written[t.pos..=next.pos].join(" ");
                let c = phrases.entry(key.clone()).or_default();
                *c.forms.entry(form).or_default() += 1;
                if !seen_phrases.contains(&key) {
                    c.notes += 1;
                    c.stems = vec![key.0.clone(), key.1.clone()];
                    seen_phrases.push(key);
                }
            }
        }
    }
    // The stems that, in their notes (so in the notes' languages), point to one of the thread's strong concepts;
    // and for each strong concept, the words that say it, as one candidate: "Müll", "Abfall" and "Sperrmüll"
    // in six notes of seven say more together than "überall" in three.
    let strong = strong_concepts(members, corpus);
    let mut concept_stems: BTreeSet<&str> = BTreeSet::new();
    let mut by_concept: BTreeMap<ConceptId, (Candidate, BTreeSet<usize>)> = BTreeMap::new();
    if !strong.is_empty() {
        for &m in members {
            for t in &terms[m] {
                for k in LEXICON.concepts_of(&t.word.to_lowercase(), &t.stem, languages[m]) {
                    if !strong.contains(&k) {
                        continue;
                    }
                    concept_stems.insert(&t.stem);
                    let (c, notes) = by_concept.entry(k).or_default();
                    *c.forms.entry(t.word.clone()).or_default() += 1;
                    if !c.stems.contains(&t.stem) {
                        c.stems.push(t.stem.clone());
                    }
                    notes.insert(m);
                }
            }
        }
    }
    let total = corpus.vectors.len().max(1) as f64;
    let score = |c: &Candidate, key: &FeatureKey| {
        let df = corpus
            .feature(key)
            .map_or(c.notes, |f| corpus.features[f as usize].notes)
            .max(1) as f64;
        // A phrase says it when one of its words does.
        let says_the_concept = c.stems.iter().any(|s| concept_stems.contains(s.as_str()));
        let boost = if says_the_concept { CONCEPT_BOOST } else { 1.0 };
        boost * c.notes as f64 * (1.0 + total / df).ln()
    };
    // Shared by at least two notes where the thread has two; else anything.
    let floor = if members.len() >= 2 { 2 } else { 1 };
    let mut ranked_terms: Vec<(f64, &String, &Candidate)> = single
        .iter()
        .filter(|(_, c)| c.notes >= floor)
        .map(|(stem, c)| (score(c, &FeatureKey::Term(stem.clone())), stem, c))
        .collect();
    if ranked_terms.is_empty() {
        ranked_terms = single
            .iter()
            .map(|(stem, c)| (score(c, &FeatureKey::Term(stem.clone())), stem, c))
            .collect();
    }
    ranked_terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut ranked_phrases: Vec<(f64, &(String, String), &Candidate)> = phrases
        .iter()
        .filter(|(_, c)| c.notes >= 2)
        .map(|(k, c)| {
            let key = FeatureKey::Phrase(k.0.clone(), k.1.clone());
            (score(c, &key), k, c)
        })
        .collect();
    ranked_phrases.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // A concept said in at least half of the notes (two at least), by the words that say it.
    let half = 2.max(members.len().div_ceil(2));
    let mut ranked_concepts: Vec<(f64, Candidate)> = by_concept
        .into_iter()
        .filter(|(_, (_, notes))| notes.len() >= half)
        .map(|(k, (mut c, notes))| {
            c.notes = notes.len();
            c.stems.sort();
            let s = score(&c, &FeatureKey::Concept(k));
            // Written as its word that most of the thread's notes use; on a tie the one most notes of the café
            // use, then the shortest (the usual word, not a compound: "Müll" rather than "Zigarettenkippen");
            // in that word's own best form ("GDPR", not a mix of the words' forms).
            let word = |stem: &String| {
                let df = corpus
                    .feature(&FeatureKey::Term(stem.clone()))
                    .map_or(0, |f| corpus.features[f as usize].notes);
                let length = single[stem].form().chars().count();
                (
                    single[stem].notes,
                    df,
                    std::cmp::Reverse(length),
                    std::cmp::Reverse(stem.clone()),
                )
            };
            if let Some(best) = c.stems.iter().max_by_key(|s| word(s)) {
                c.forms = single[best].forms.clone();
            }
            (s, c)
        })
        .collect();
    ranked_concepts.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.stems.cmp(&b.1.stems)));

    let keywords: Vec<String> = ranked_terms
        .iter()
        .take(max_keywords)
        .map(|(_, _, c)| c.form())
        .collect();
    // The title: the best phrase when it is about as strong as the best term, else the best term; then the next
    // term the first part does not already say.
    let best_term = ranked_terms.first();
    let mut first: Option<(f64, &Candidate)> = match (ranked_phrases.first(), best_term) {
        (Some(p), Some(t)) if p.0 >= 0.6 * t.0 => Some((p.0, p.2)),
        (Some(p), None) => Some((p.0, p.2)),
        (_, Some(t)) => Some((t.0, t.2)),
        (None, None) => None,
    };
    // What the second part of the title must weigh against: the best term or phrase, not the concept's words.
    let bar = first.map_or(0.0, |(s, _)| s);
    // A strong concept's words name the thread when they weigh more than the best term or phrase and that says
    // none of the thread's strong concepts: "Müll" rather than "überall", but "Bourse" stays.
    if let Some((cs, c)) = ranked_concepts.first()
        && first.is_none_or(|(fs, f)| {
            *cs > fs && !f.stems.iter().any(|s| concept_stems.contains(s.as_str()))
        })
    {
        first = Some((*cs, c));
    }
    let Some((_, first)) = first else {
        return Label {
            title: String::new(),
            keywords,
        };
    };
    let mut title = capitalise(&first.form());
    if let Some((second_score, _, second)) = ranked_terms
        .iter()
        .find(|(_, stem, _)| !first.stems.contains(stem))
        && second.notes >= floor
        && *second_score >= 0.6 * bar
        && members.len() >= 3
    {
        title.push_str(" · ");
        title.push_str(&second.form());
    }
    Label { title, keywords }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::threads::vector::note_features;

    fn check(texts: &[&str], members: &[usize], title: &str, keywords: &[&str]) {
        let terms: Vec<Vec<Term>> = texts
            .iter()
            .map(|t| text::terms(t, Some(Language::English)))
            .collect();
        let corpus = Corpus::new(&terms.iter().map(|t| note_features(t)).collect::<Vec<_>>());
        let languages = vec![Some(Language::English); texts.len()];
        let got = label(members, texts, &terms, &languages, &corpus, MAX_KEYWORDS);
        assert_eq!(got.title, title, "{texts:?}");
        assert_eq!(got.keywords, keywords, "{texts:?}");
    }

    /// As `check`, with the lexicon's concepts among the notes' features, as the detector has them: the title of
    /// the thread made of the first `members` notes.
    fn check_with_concepts(texts: &[&str], members: usize, language: Language, title: &str) {
        let terms: Vec<Vec<Term>> = texts
            .iter()
            .map(|t| text::terms(t, Some(language)))
            .collect();
        let features: Vec<_> = texts
            .iter()
            .zip(&terms)
            .map(|(text, t)| {
                let mut f = note_features(t);
                f.extend(
                    LEXICON
                        .note_concepts(text, t, Some(language))
                        .into_iter()
                        .map(|(c, n)| (FeatureKey::Concept(c), n)),
                );
                f
            })
            .collect();
        let corpus = Corpus::new(&features);
        let languages = vec![Some(language); texts.len()];
        let members: Vec<usize> = (0..members).collect();
        let got = label(&members, texts, &terms, &languages, &corpus, MAX_KEYWORDS);
        assert_eq!(got.title, title, "{texts:?}");
    }

    #[test]
    fn a_concept_said_in_other_words_names_the_thread() {
        // "Ecke" is in three notes, but litter is in all four, each time in other words: its shortest word names
        // them.
        check_with_concepts(
            &[
                "Müll an der Ecke",
                "Sperrmüll an jeder Ecke",
                "Hundekot an der Ecke",
                "Zigarettenkippen vor der Schule",
            ],
            4,
            Language::German,
            "Müll · Ecke",
        );
        // Opening hours, said in four ways, outweigh "Bibliothek" in three notes; but "Bibliothek" says one of
        // the thread's concepts (libraries), so it keeps its place.
        check_with_concepts(
            &[
                "Bibliothek abends geschlossen",
                "Bibliothek sonntags zu",
                "Bibliothek am Wochenende",
                "Öffnungszeiten zu kurz",
                "Parkplätze fehlen",
                "Mehr Bänke im Park",
                "Lärm in der Nacht",
                "Zu viele Autos",
            ],
            4,
            Language::German,
            "Bibliothek",
        );
    }

    #[test]
    fn titles_come_from_shared_phrases_and_terms() {
        let texts = [
            "Longer opening hours in the library",
            "Opening hours on Sundays, library closed too early",
            "OPENING HOURS!!",
            "Library café with better coffee",
            "Coffee in the library",
        ];
        check(
            &texts,
            &[0, 1, 2],
            "Opening hours",
            &["hours", "opening", "library"],
        );
        check(&texts, &[3, 4], "Coffee", &["coffee", "library"]);
        check(&["Makerspace"], &[0], "Makerspace", &["Makerspace"]);
        check(&["🎉"], &[0], "", &[]);
    }
}
