//! Notes as weighted sparse vectors and the similarity between them.
//!
//! A note's features are its terms (stems) and its phrases (two terms at most one word apart, order ignored).
//! Each feature is weighted by sublinear term frequency times inverse document frequency over the notes at hand,
//! phrases a little less than terms; vectors are scaled to unit length, so a dot product is the cosine. Notes
//! that share no feature are never compared: an inverted index (feature → notes) gives each note's neighbours in
//! time proportional to the postings it touches, not to the number of notes squared.

use std::collections::HashMap;

use super::text::Term;

/// A feature's id: its index in [`Corpus::features`].
pub type FeatureId = u32;

/// A sparse vector: (feature, weight) pairs sorted by feature, unit length unless empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(FeatureId, f32)>);

impl SparseVec {
    /// The dot product (the cosine, for unit vectors).
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Scaled to unit length (an empty or zero vector stays as it is).
    pub fn normalised(mut self) -> SparseVec {
        let norm = self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= norm;
            }
        }
        self
    }

    /// The unit-length mean direction of `vectors` (a cluster's centroid).
    pub fn centroid<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>) -> SparseVec {
        let mut sum: HashMap<FeatureId, f32> = HashMap::new();
        for v in vectors {
            for &(f, w) in &v.0 {
                *sum.entry(f).or_default() += w;
            }
        }
        let mut entries: Vec<(FeatureId, f32)> = sum.into_iter().collect();
        entries.sort_unstable_by_key(|&(f, _)| f);
        SparseVec(entries).normalised()
    }
}

/// What a feature stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureKey {
    /// A stem.
    Term(String),
    /// Two stems, in sorted order.
    Phrase(String, String),
    /// Four characters of a word (folded, `^` and `$` marking its ends): what lets a compound ("Baustellenlärm")
    /// or a typo ("buget") still meet the word it contains or misspells.
    Gram(String),
    /// A concept of the lexicon ([`super::concepts`]) one of the note's words points to.
    Concept(super::concepts::ConceptId),
}

/// The parts of a vector, each scaled to unit length and then to its share of the cosine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Words,
    Grams,
    Concepts,
}

impl FeatureKey {
    /// How much a feature of this kind weighs against a term of the same frequency and rarity.
    fn weight(&self) -> f32 {
        match self {
            FeatureKey::Term(_) => 1.0,
            FeatureKey::Phrase(..) => PHRASE_WEIGHT,
            FeatureKey::Gram(_) | FeatureKey::Concept(_) => 1.0,
        }
    }

    /// Whether the feature is a concept of the lexicon.
    pub fn is_concept(&self) -> bool {
        matches!(self, FeatureKey::Concept(_))
    }

    fn part(&self) -> Part {
        match self {
            FeatureKey::Term(_) | FeatureKey::Phrase(..) => Part::Words,
            FeatureKey::Gram(_) => Part::Grams,
            FeatureKey::Concept(_) => Part::Concepts,
        }
    }
}

/// A feature and the number of notes that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub key: FeatureKey,
    pub notes: usize,
}

/// How much a phrase weighs against a term of the same frequency.
const PHRASE_WEIGHT: f32 = 0.6;
/// Two terms at most this many words apart make a phrase ("access to data").
const PHRASE_SPAN: usize = 2;
/// The most notes a feature may have and still count when neighbours are looked up (see [`Corpus::neighbours`]).
/// No feature reaches it in a café of a few hundred notes; at thousands, it keeps the search near linear.
pub const MAX_POSTINGS: usize = 400;
/// The length of character grams.
const GRAM: usize = 4;

/// The shares of a vector's parts in the cosine of two notes: terms and phrases have the rest. Each part is scaled
/// to unit length first; a note without one part shares its length among the parts it has, in proportion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shares {
    /// Character grams.
    pub grams: f32,
    /// Concepts of the lexicon.
    pub concepts: f32,
}

impl Default for Shares {
    fn default() -> Self {
        Shares {
            grams: 0.2,
            concepts: 0.6,
        }
    }
}

impl Shares {
    fn of(&self, part: Part) -> f32 {
        match part {
            Part::Words => (1.0 - self.grams - self.concepts).max(0.0),
            Part::Grams => self.grams,
            Part::Concepts => self.concepts,
        }
    }
}

/// The features of a note with their counts, in the order first seen.
pub fn note_features(terms: &[Term]) -> Vec<(FeatureKey, u32)> {
    let mut out: Vec<(FeatureKey, u32)> = Vec::new();
    let mut add = |key: FeatureKey| match out.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => out.push((key, 1)),
    };
    for (i, t) in terms.iter().enumerate() {
        add(FeatureKey::Term(t.stem.clone()));
        if !t.word.chars().any(|c| c.is_ascii_digit()) {
            let marked: Vec<char> = format!("^{}$", super::text::fold(&t.word.to_lowercase()))
                .chars()
                .collect();
            for gram in marked.windows(GRAM) {
                add(FeatureKey::Gram(gram.iter().collect()));
            }
        }
        if let Some(next) = terms.get(i + 1)
            && next.pos - t.pos <= PHRASE_SPAN
            && next.stem != t.stem
        {
            let (a, b) = if t.stem < next.stem {
                (&t.stem, &next.stem)
            } else {
                (&next.stem, &t.stem)
            };
            add(FeatureKey::Phrase(a.clone(), b.clone()));
        }
    }
    out
}

/// A note's vector from its features' counts: sublinear frequency × IDF × kind, each part (words, grams,
/// concepts) scaled to unit length, then to its share.
fn weigh(
    features: &[Feature],
    idf: &[f32],
    shares: &Shares,
    row: Vec<(FeatureId, u32)>,
) -> SparseVec {
    let mut entries: Vec<(FeatureId, f32)> = row
        .into_iter()
        .map(|(id, n)| {
            let key = &features[id as usize].key;
            (
                id,
                key.weight() * (1.0 + (n as f32).ln()) * idf[id as usize],
            )
        })
        .collect();
    entries.sort_unstable_by_key(|&(f, _)| f);
    let parts = [Part::Words, Part::Grams, Part::Concepts];
    let norms = parts.map(|part| {
        entries
            .iter()
            .filter(|(f, _)| features[*f as usize].key.part() == part)
            .map(|(_, w)| w * w)
            .sum::<f32>()
            .sqrt()
    });
    // A note without some part (a number has no grams, most notes some concept) gives its length to the others.
    let present: f32 = parts
        .iter()
        .zip(&norms)
        .filter(|(_, n)| **n > 0.0)
        .map(|(p, _)| shares.of(*p))
        .sum();
    let scale = parts.map(|part| {
        let i = part as usize;
        if norms[i] > 0.0 && present > 0.0 {
            (shares.of(part) / present).sqrt() / norms[i]
        } else {
            0.0
        }
    });
    for (f, w) in &mut entries {
        *w *= scale[features[*f as usize].key.part() as usize];
    }
    entries.retain(|(_, w)| *w > 0.0);
    SparseVec(entries)
}

/// The notes at hand as vectors over their shared vocabulary.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub features: Vec<Feature>,
    /// Each note's vector, unit length (empty for a note without terms).
    pub vectors: Vec<SparseVec>,
    /// Each feature's inverse document frequency.
    pub idf: Vec<f32>,
    /// Each note's features and their counts, as found (before weighting).
    pub counts: Vec<Vec<(FeatureId, u32)>>,
    shares: Shares,
    index: HashMap<FeatureKey, FeatureId>,
}

impl Corpus {
    /// Builds the vocabulary and the vectors. Feature ids follow the order of first appearance in `notes`, so
    /// the same notes in the same order always give the same ids.
    pub fn new(notes: &[Vec<(FeatureKey, u32)>]) -> Corpus {
        Corpus::with_shares(notes, &Shares::default())
    }

    /// [`Corpus::new`] with other shares for the parts of a vector.
    pub fn with_shares(notes: &[Vec<(FeatureKey, u32)>], shares: &Shares) -> Corpus {
        let mut index: HashMap<FeatureKey, FeatureId> = HashMap::new();
        let mut features: Vec<Feature> = Vec::new();
        let mut ids: Vec<Vec<(FeatureId, u32)>> = Vec::with_capacity(notes.len());
        for note in notes {
            let mut row = Vec::with_capacity(note.len());
            for (key, n) in note {
                let id = *index.entry(key.clone()).or_insert_with(|| {
                    features.push(Feature {
                        key: key.clone(),
                        notes: 0,
                    });
                    (features.len() - 1) as FeatureId
                });
                features[id as usize].notes += 1;
                row.push((id, *n));
            }
            ids.push(row);
        }
        let total = notes.len() as f32;
        let idf: Vec<f32> = features
            .iter()
            .map(|f| ((total + 1.0) / (f.notes as f32 + 1.0)).ln() + 1.0)
            .collect();
        let vectors = ids
            .iter()
            .map(|row| weigh(&features, &idf, shares, row.clone()))
            .collect();
        Corpus {
            features,
            vectors,
            idf,
            counts: ids,
            shares: *shares,
            index,
        }
    }

    /// The id of a feature, if some note has it.
    pub fn feature(&self, key: &FeatureKey) -> Option<FeatureId> {
        self.index.get(key).copied()
    }

    /// A vector for features from outside the corpus (such as a thread's keywords) with this corpus's weights;
    /// features no note has are left out.
    pub fn vector_of(&self, features: &[(FeatureKey, u32)]) -> SparseVec {
        let mut row: Vec<(FeatureId, u32)> = features
            .iter()
            .filter_map(|(key, n)| Some((self.feature(key)?, *n)))
            .collect();
        row.sort_unstable_by_key(|&(f, _)| f);
        row.dedup_by_key(|(f, _)| *f);
        weigh(&self.features, &self.idf, &self.shares, row)
    }

    /// For each note, its `k` most similar other notes with a cosine of at least `min_similarity`, most similar
    /// first (ties to the lower index). Words, phrases and grams held by more than [`MAX_POSTINGS`] notes are left
    /// out of the sums: they are common, so they weigh little, and comparing every pair of their notes would cost
    /// the square. Concepts are kept however common (a big theme's concept is common in a congress-sized café, and
    /// the concepts' share of the cosine does not shrink with it); there are a few hundred at most.
    pub fn neighbours(&self, k: usize, min_similarity: f32) -> Vec<Vec<(usize, f32)>> {
        let n = self.vectors.len();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.features.len()];
        for (i, v) in self.vectors.iter().enumerate() {
            for &(f, w) in &v.0 {
                postings[f as usize].push((i as u32, w));
            }
        }
        for (p, feature) in postings.iter_mut().zip(&self.features) {
            if p.len() > MAX_POSTINGS && !feature.key.is_concept() {
                p.clear();
            }
        }
        let mut scores = vec![0.0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut out = Vec::with_capacity(n);
        for (i, v) in self.vectors.iter().enumerate() {
            for &(f, w) in &v.0 {
                for &(j, wj) in &postings[f as usize] {
                    if j as usize == i {
                        continue;
                    }
                    if scores[j as usize] == 0.0 {
                        touched.push(j);
                    }
                    scores[j as usize] += w * wj;
                }
            }
            let mut found: Vec<(usize, f32)> = touched
                .iter()
                .map(|&j| (j as usize, scores[j as usize]))
                .filter(|&(_, s)| s >= min_similarity)
                .collect();
            for &j in &touched {
                scores[j as usize] = 0.0;
            }
            touched.clear();
            let order =
                |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if found.len() > k && k > 0 {
                found.select_nth_unstable_by(k - 1, order);
                found.truncate(k);
            }
            found.sort_unstable_by(order);
            found.truncate(k);
            out.push(found);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::threads::language::Language;
    use crate::threads::text;

    fn corpus(notes: &[&str]) -> Corpus {
        let features: Vec<_> = notes
            .iter()
            .map(|n| note_features(&text::terms(n, Some(Language::English))))
            .collect();
        Corpus::new(&features)
    }

    #[test]
    fn phrases_are_nearby_terms() {
        let features = note_features(&text::terms(
            "Access to open data and opening hours",
            Some(Language::English),
        ));
        let names: Vec<String> = features
            .iter()
            .filter_map(|(k, n)| match k {
                FeatureKey::Term(t) => Some(format!("{t}×{n}")),
                FeatureKey::Phrase(a, b) => Some(format!("{a}+{b}×{n}")),
                FeatureKey::Gram(_) | FeatureKey::Concept(_) => None,
            })
            .collect();
        assert_eq!(
            names.join(" "),
            "access×1 access+open×1 open×2 data+open×2 data×1 hour+open×1 hour×1"
        );
    }

    #[test]
    fn similar_notes_are_neighbours() {
        let c = corpus(&[
            "longer opening hours",
            "opening hours on sundays",
            "free coffee",
            "coffee corner",
            "",
        ]);
        assert!(c.vectors[4].is_empty());
        for v in &c.vectors[..4] {
            assert!((v.dot(v) - 1.0).abs() < 1e-5);
        }
        let n = c.neighbours(5, 0.05);
        assert_eq!(
            n.iter()
                .map(|l| l.iter().map(|(j, _)| *j).collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            vec![vec![1], vec![0], vec![3], vec![2], vec![]]
        );
        assert!((n[0][0].1 - c.vectors[0].dot(&c.vectors[1])).abs() < 1e-6);
        let centroid = SparseVec::centroid([&c.vectors[0], &c.vectors[1]]);
        assert!(centroid.dot(&c.vectors[0]) > c.vectors[0].dot(&c.vectors[1]));
    }
}
