//! Common threads: the themes that several tables of a café raised, proposed from the notes written at the
//! tables. Offline, deterministic, for notes of 3–40 words in many languages.
//!
//! The pipeline, one module each:
//!
//! 1. [`language`] — each note's language (`whatlang`, stop-word counts, the café's main language when unsure);
//! 2. [`text`] — Unicode words, stop words and Snowball stems of that language, accents folded;
//! 3. [`concepts`] — the concepts of a compiled-in multilingual lexicon the note's words point to ("Krach",
//!    "noise", "bruit" → *noise*);
//! 4. [`vector`] — terms, nearby-term phrases, character grams and concepts weighted by TF-IDF into unit
//!    vectors, neighbours found through an inverted index;
//! 5. [`cluster`] — average-linkage clustering of the neighbour graph, notes of one table and round kept apart a
//!    little (a host writes down different points), then notes moved to their nearest group centroid;
//! 6. [`label`] — keywords and a title by class-based TF-IDF, in the words the notes use.
//!
//! A group of notes becomes a [`Thread`] when it was raised at [`Options::min_tables`] tables or more; the rest
//! are [`Detection::unthreaded`]. [`assign`] proposes new notes into threads a facilitator already has, with the
//! same similarity. [`search`] finds the notes that say a word, or say it in other words, for the facilitator's
//! search on the board. [`eval`] scores a detection against labelled notes (adjusted Rand index, best-match F1) and
//! holds the keyword-only baseline the benchmark compares with.
//!
//! The result does not depend on the order of the input: notes are put in a canonical order (text, table, round,
//! id) first, and every tie is broken by that order.

pub mod cluster;
pub mod concepts;
pub mod eval;
pub mod label;
pub mod language;
pub mod search;
pub mod text;
pub mod vector;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use language::Language;

use text::Term;
use vector::{Corpus, FeatureKey, SparseVec};

/// A note as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadNote {
    /// The caller's id for the note (an index, a row number); threads list notes by it.
    pub id: usize,
    /// The table's name.
    pub table: String,
    /// The round, from 1.
    pub round: u32,
    pub text: String,
}

/// How threads are detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// A theme is a common thread when raised at this many tables or more (at least 1).
    pub min_tables: usize,
    /// …and in this many notes or more (at least 1).
    pub min_notes: usize,
    /// The café's main language, used for notes too short to tell; `None`: the language most notes are in.
    pub language: Option<Language>,
    /// The most keywords a thread lists.
    pub max_keywords: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_tables: 2,
            min_notes: 2,
            language: None,
            max_keywords: label::MAX_KEYWORDS,
        }
    }
}

/// A theme raised at several tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// A short title from the best keyphrases ("Opening hours · weekends").
    pub title: String,
    /// The terms that characterise it, most characteristic first, as the notes write them.
    pub keywords: Vec<String>,
    /// The tables that raised it, in natural order ("Table 2" before "Table 10").
    pub tables: Vec<String>,
    /// Its notes' ids, by table (natural order), round and text.
    pub notes: Vec<usize>,
    /// Distinct strands of a broad thread, each of the same shape (never nested deeper): notes of this thread that
    /// share a concept the thread as a whole does not, from two tables or more. A note is in one strand at most;
    /// empty unless two strands or more stand out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subthreads: Vec<Thread>,
}

/// The threads found, and the notes in none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    /// Most tables first, then most notes, then by title.
    pub threads: Vec<Thread>,
    /// Ids of the notes in no thread, ordered like a thread's notes.
    pub unthreaded: Vec<usize>,
}

/// A thread that exists already (stored, perhaps curated by the facilitator), for [`assign`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingThread {
    /// Ids of its notes (from the `notes` passed to [`assign`]; unknown ids are ignored).
    pub notes: Vec<usize>,
    /// Its keywords or title words, if any; they pull notes like one more note would.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// Compares table names the way people number them: "Table 2" before "Table 10", then by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|x| x != d) {
                out.push((digit == Some(true), &s[start..i]));
                start = i;
            }
            digit = Some(d);
        }
        if start < s.len() {
            out.push((digit == Some(true), &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            ((_, x), (_, y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// The notes analysed in canonical order.
struct Analysis<'a> {
    /// `notes[order[i]]` is the i-th note in canonical order.
    order: Vec<usize>,
    /// The notes' texts in canonical composition (NFC), so "Lärm" typed as "La" + combining diaeresis is "Lärm".
    texts: Vec<Cow<'a, str>>,
    languages: Vec<Option<Language>>,
    terms: Vec<Vec<Term>>,
    corpus: Corpus,
}

fn canonical_order(notes: &[ThreadNote]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&notes[a], &notes[b]);
        x.text
            .cmp(&y.text)
            .then_with(|| x.table.cmp(&y.table))
            .then_with(|| x.round.cmp(&y.round))
            .then_with(|| x.id.cmp(&y.id))
    });
    order
}

/// A note's features: those of its words ([`vector::note_features`]) and the lexicon's concepts they point to.
/// Without concepts when `concepts` is false (measuring the pipeline without the lexicon).
fn features_of(
    text: &str,
    terms: &[Term],
    language: Option<Language>,
    concepts: bool,
) -> Vec<(FeatureKey, u32)> {
    let mut features = vector::note_features(terms);
    if concepts {
        features.extend(
            concepts::LEXICON
                .note_concepts(text, terms, language)
                .into_iter()
                .map(|(c, n)| (FeatureKey::Concept(c), n)),
        );
    }
    features
}

fn analyse<'a>(
    notes: &'a [ThreadNote],
    main: Option<Language>,
    shares: &vector::Shares,
) -> Analysis<'a> {
    let order = canonical_order(notes);
    let texts: Vec<Cow<str>> = order
        .iter()
        .map(|&i| text::composed(&notes[i].text))
        .collect();
    let plain: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let languages = language::detect(&plain, main);
    let terms: Vec<Vec<Term>> = plain
        .iter()
        .zip(&languages)
        .map(|(t, &l)| text::terms(t, l))
        .collect();
    let features: Vec<Vec<(FeatureKey, u32)>> = plain
        .iter()
        .zip(&terms)
        .zip(&languages)
        .map(|((text, t), &l)| features_of(text, t, l, shares.concepts > 0.0))
        .collect();
    let corpus = Corpus::with_shares(&features, shares);
    Analysis {
        order,
        texts,
        languages,
        terms,
        corpus,
    }
}

/// Orders note ids by table (natural order), round, text and id.
fn sort_notes(ids: &mut [usize], by_id: &BTreeMap<usize, &ThreadNote>) {
    ids.sort_by(|a, b| {
        let (x, y) = (by_id[a], by_id[b]);
        natural_cmp(&x.table, &y.table)
            .then_with(|| x.round.cmp(&y.round))
            .then_with(|| x.text.cmp(&y.text))
            .then_with(|| x.id.cmp(&y.id))
    });
}

/// Proposes the common threads of `notes`.
pub fn detect(notes: &[ThreadNote], options: &Options) -> Detection {
    detect_with(
        notes,
        options,
        &cluster::Params::default(),
        &vector::Shares::default(),
    )
}

/// [`detect`] with other clustering parameters and shares of the vectors' parts (for tuning).
pub(crate) fn detect_with(
    notes: &[ThreadNote],
    options: &Options,
    params: &cluster::Params,
    shares: &vector::Shares,
) -> Detection {
    let analysis = analyse(notes, options.language, shares);
    let mut slot_ids: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    let slots: Vec<usize> = analysis
        .order
        .iter()
        .map(|&i| {
            let n = &notes[i];
            let next = slot_ids.len();
            *slot_ids.entry((n.table.as_str(), n.round)).or_insert(next)
        })
        .collect();
    let assignment = cluster::cluster(&analysis.corpus, &slots, params);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in assignment.iter().enumerate() {
        if !analysis.corpus.vectors[i].is_empty() {
            groups.entry(c).or_default().push(i);
        }
    }
    let texts: Vec<&str> = analysis.texts.iter().map(|t| t.as_ref()).collect();
    let mut threads = Vec::new();
    let mut threaded = vec![false; notes.len()];
    for members in groups.into_values() {
        if let Some(mut thread) = make_thread(&analysis, &texts, notes, &members, options) {
            for &m in &members {
                threaded[m] = true;
            }
            thread.subthreads = strands(&analysis, &texts, notes, &members, options);
            threads.push(thread);
        }
    }
    let by_id: BTreeMap<usize, &ThreadNote> = notes.iter().map(|n| (n.id, n)).collect();
    sort_threads(&mut threads);
    let mut unthreaded: Vec<usize> = (0..notes.len())
        .filter(|&i| !threaded[i])
        .map(|i| notes[analysis.order[i]].id)
        .collect();
    sort_notes(&mut unthreaded, &by_id);
    Detection {
        threads,
        unthreaded,
    }
}

/// The tables a group of notes (canonical indices) was raised at.
fn tables_of<'a>(analysis: &Analysis, notes: &'a [ThreadNote], members: &[usize]) -> Vec<&'a str> {
    let set: BTreeSet<&str> = members
        .iter()
        .map(|&m| notes[analysis.order[m]].table.as_str())
        .collect();
    let mut tables: Vec<&str> = set.into_iter().collect();
    tables.sort_by(|a, b| natural_cmp(a, b));
    tables
}

/// A thread from a group of notes (canonical indices), if it is common enough.
fn make_thread(
    analysis: &Analysis,
    texts: &[&str],
    notes: &[ThreadNote],
    members: &[usize],
    options: &Options,
) -> Option<Thread> {
    let tables = tables_of(analysis, notes, members);
    if tables.len() < options.min_tables.max(1) || members.len() < options.min_notes.max(1) {
        return None;
    }
    let name = label::label(
        members,
        texts,
        &analysis.terms,
        &analysis.languages,
        &analysis.corpus,
        options.max_keywords,
    );
    let by_id: BTreeMap<usize, &ThreadNote> = members
        .iter()
        .map(|&m| {
            let n = &notes[analysis.order[m]];
            (n.id, n)
        })
        .collect();
    let mut ids: Vec<usize> = members
        .iter()
        .map(|&m| notes[analysis.order[m]].id)
        .collect();
    sort_notes(&mut ids, &by_id);
    Some(Thread {
        title: name.title,
        keywords: name.keywords,
        tables: tables.into_iter().map(str::to_owned).collect(),
        notes: ids,
        subthreads: Vec::new(),
    })
}

/// A thread needs this many notes before its strands are looked for.
pub const STRAND_MIN_NOTES: usize = 6;
/// A concept that this share of a thread's notes have is what the thread is about, not a strand of it.
const STRAND_MAX_SHARE: f64 = 0.7;

/// The distinct strands of a thread (canonical indices of its notes), as subthreads: groups of its notes that
/// share a concept of the lexicon the thread as a whole does not (a "funding" thread's notes on grants and those
/// on branch closures). Greedy: the concept that most of the notes not yet in a strand have (from two tables or
/// more) makes the next strand, until none does; a thread gets subthreads only when two strands or more are found.
fn strands(
    analysis: &Analysis,
    texts: &[&str],
    notes: &[ThreadNote],
    members: &[usize],
    options: &Options,
) -> Vec<Thread> {
    if members.len() < STRAND_MIN_NOTES {
        return Vec::new();
    }
    let concepts = |m: usize| -> Vec<concepts::ConceptId> {
        analysis.corpus.counts[m]
            .iter()
            .filter_map(|&(f, _)| match analysis.corpus.features[f as usize].key {
                FeatureKey::Concept(c) => Some(c),
                _ => None,
            })
            .collect()
    };
    let mut share: BTreeMap<concepts::ConceptId, usize> = BTreeMap::new();
    for &m in members {
        for c in concepts(m) {
            *share.entry(c).or_default() += 1;
        }
    }
    let broad =
        |c: &concepts::ConceptId| share[c] as f64 >= STRAND_MAX_SHARE * members.len() as f64;
    // Each member's concepts that could make a strand, worked out once.
    let candidates: Vec<Vec<concepts::ConceptId>> = members
        .iter()
        .map(|&m| concepts(m).into_iter().filter(|c| !broad(c)).collect())
        .collect();
    let mut taken = vec![false; members.len()];
    let mut found: Vec<Vec<usize>> = Vec::new();
    loop {
        let mut holders: BTreeMap<concepts::ConceptId, Vec<usize>> = BTreeMap::new();
        for (i, list) in candidates.iter().enumerate() {
            if !taken[i] {
                for &c in list {
                    holders.entry(c).or_default().push(i);
                }
            }
        }
        let best = holders
            .into_iter()
            .map(|(c, held)| {
                (
                    c,
                    held.iter().map(|&i| members[i]).collect::<Vec<usize>>(),
                    held,
                )
            })
            .filter(|(_, ms, _)| ms.len() >= 2 && tables_of(analysis, notes, ms).len() >= 2)
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)));
        let Some((_, strand, held)) = best else { break };
        for i in held {
            taken[i] = true;
        }
        found.push(strand);
    }
    if found.len() < 2 {
        return Vec::new();
    }
    let strand_options = Options {
        min_tables: 2.min(options.min_tables.max(1)),
        min_notes: 2,
        ..options.clone()
    };
    let mut threads: Vec<Thread> = found
        .iter()
        .filter_map(|s| make_thread(analysis, texts, notes, s, &strand_options))
        .collect();
    sort_threads(&mut threads);
    threads
}

fn sort_threads(threads: &mut [Thread]) {
    threads.sort_by(|a, b| {
        b.tables
            .len()
            .cmp(&a.tables.len())
            .then_with(|| b.notes.len().cmp(&a.notes.len()))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.notes.cmp(&b.notes))
    });
}

/// The language that occurs most often (ties to the first in [`Language::ALL`]).
fn most_common(languages: impl Iterator<Item = Option<Language>>) -> Option<Language> {
    let mut counts = [0usize; Language::ALL.len()];
    for l in languages.flatten() {
        counts[l as usize] += 1;
    }
    let (i, &n) = counts
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (n > 0).then_some(Language::ALL[i])
}

/// The strands (see [`Thread::subthreads`]) of threads given by their notes' ids, among `notes` (all the café's
/// notes, which the words' weights come from): for threads as a facilitator has arranged them. Unknown ids are
/// ignored.
pub fn strands_of(
    notes: &[ThreadNote],
    threads: &[Vec<usize>],
    options: &Options,
) -> Vec<Vec<Thread>> {
    let analysis = analyse(notes, options.language, &vector::Shares::default());
    let texts: Vec<&str> = analysis.texts.iter().map(|t| t.as_ref()).collect();
    let mut position: BTreeMap<usize, usize> = BTreeMap::new();
    for (canonical, &i) in analysis.order.iter().enumerate() {
        position.entry(notes[i].id).or_insert(canonical);
    }
    threads
        .iter()
        .map(|ids| {
            let mut members: Vec<usize> = ids
                .iter()
                .filter_map(|id| position.get(id).copied())
                .collect();
            members.sort_unstable();
            members.dedup();
            strands(&analysis, &texts, notes, &members, options)
        })
        .collect()
}

/// For each id in `new` (ids of `notes`), the index of the existing thread it fits best, or `None` when it fits
/// none well enough — with the similarity detection uses: a note joins a thread when its cosine to the thread's
/// centroid (its notes and keywords) reaches the same threshold a note needs to stay in a detected thread.
/// Unknown ids get `None`.
pub fn assign(
    existing: &[ExistingThread],
    notes: &[ThreadNote],
    new: &[usize],
) -> Vec<Option<usize>> {
    let analysis = analyse(notes, None, &vector::Shares::default());
    let mut position: BTreeMap<usize, usize> = BTreeMap::new();
    for (canonical, &i) in analysis.order.iter().enumerate() {
        position.entry(notes[i].id).or_insert(canonical);
    }
    let centroids: Vec<SparseVec> = existing
        .iter()
        .map(|t| {
            let members: Vec<usize> = t
                .notes
                .iter()
                .filter_map(|id| position.get(id).copied())
                .collect();
            let mut vectors: Vec<SparseVec> = members
                .iter()
                .map(|&p| analysis.corpus.vectors[p].clone())
                .collect();
            // Keywords are stemmed in the language most of the thread's notes (or of all notes) are in.
            let language = most_common(members.iter().map(|&p| analysis.languages[p]))
                .or_else(|| most_common(analysis.languages.iter().copied()));
            let keywords = text::composed(&t.keywords.join(" ")).into_owned();
            let features =
                features_of(&keywords, &text::terms(&keywords, language), language, true);
            let keywords = analysis.corpus.vector_of(&features);
            if !keywords.is_empty() {
                vectors.push(keywords);
            }
            SparseVec::centroid(&vectors)
        })
        .collect();
    let join_at = cluster::Params::default().join_at;
    new.iter()
        .map(|id| {
            let v = &analysis.corpus.vectors[*position.get(id)?];
            let mut best: Option<(usize, f32)> = None;
            for (t, c) in centroids.iter().enumerate() {
                let s = v.dot(c);
                if s >= join_at && best.is_none_or(|(_, b)| s > b) {
                    best = Some((t, s));
                }
            }
            best.map(|(t, _)| t)
        })
        .collect()
}

#[cfg(test)]
mod tests;
