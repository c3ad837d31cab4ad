//! Grouping similar notes: average-linkage agglomerative clustering on the sparse nearest-neighbour graph,
//! then a few rounds of moving each note to the group whose centroid it is closest to.
//!
//! Average linkage merges the two groups whose notes are, on average, most similar, and stops when no pair of
//! groups is similar enough; a note that resembles nothing stays on its own instead of being forced into a
//! group (which is what sinks most short notes into BERTopic's outlier class, or into a wrong cluster with
//! k-means). Only pairs of notes that share a feature have a similarity, and only each note's nearest
//! neighbours are kept, so the graph has at most `n · k` edges and merging costs about `n · k · log n`.
//! The centroid rounds then repair what greedy merging got wrong: a note that joined early with a
//! neighbour but belongs with a group formed later moves there.
//!
//! Notes written at one table in one round are kept apart a little: a table's host writes down the different
//! points the table made, so two such notes rarely share a theme (in the labelled sets, 1 pair in 100 against
//! 1 in 8 across tables), yet a shared word often links them and, through them, two themes' groups.
//!
//! Everything is decided by values and, on ties, by note index; no hashing order or randomness is involved.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use super::vector::{Corpus, MAX_POSTINGS, SparseVec};

/// The knobs of [`cluster`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Neighbours kept per note.
    pub neighbours: usize,
    /// Two notes less similar than this are not linked at all.
    pub min_similarity: f32,
    /// Groups merge while their average similarity is at least this.
    pub merge_at: f32,
    /// A note stays in (or moves to) a group when its cosine to the group's centroid is at least this.
    pub join_at: f32,
    /// Rounds of moving notes to their nearest centroid.
    pub rounds: usize,
    /// Subtracted from the similarity of two linked notes written at one table in one round, in the merging (less
    /// in a table and round of more than three notes).
    pub apart: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            neighbours: 20,
            min_similarity: 0.05,
            merge_at: 0.05,
            join_at: 0.2,
            rounds: 3,
            apart: 0.15,
        }
    }
}

/// A candidate merge in the heap: its average similarity, then the lower cluster ids first.
#[derive(Debug, PartialEq)]
struct Candidate {
    average: f64,
    a: usize,
    b: usize,
    /// The clusters' versions when the candidate was made; a later merge of either makes it stale.
    versions: (u32, u32),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.average
            .total_cmp(&other.average)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-linkage clustering over the edges `neighbours` (each note's list; the graph is made symmetric), with
/// `apart(i, j)` subtracted from the similarity of each linked pair (0 for most). Returns each note's cluster as
/// the lowest note index in it.
pub fn average_linkage(
    neighbours: &[Vec<(usize, f32)>],
    apart: impl Fn(usize, usize) -> f32,
    merge_at: f32,
) -> Vec<usize> {
    let n = neighbours.len();
    // links[c]: the summed similarity (less the penalties) between cluster c and each neighbouring cluster.
    let mut links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for (i, list) in neighbours.iter().enumerate() {
        for &(j, s) in list {
            // Both directions may list the pair; keep one value. Only linked pairs are kept apart: a penalty on
            // a pair with no similarity would add a link, which took 1.6 times as long at 10,000 notes (62 a table
            // and round) and scored about the same (docs/benchmarks.md).
            let s = f64::from(s - apart(i.min(j), i.max(j)));
            links[i].insert(j, s);
            links[j].insert(i, s);
        }
    }
    let mut size = vec![1usize; n];
    let mut version = vec![0u32; n];
    let mut alive = vec![true; n];
    let mut parent: Vec<usize> = (0..n).collect();
    let mut heap = BinaryHeap::new();
    for (a, l) in links.iter().enumerate() {
        for (&b, &sum) in l {
            if a < b && sum >= f64::from(merge_at) {
                heap.push(Candidate {
                    average: sum,
                    a,
                    b,
                    versions: (0, 0),
                });
            }
        }
    }
    while let Some(c) = heap.pop() {
        let (a, b) = (c.a, c.b);
        if !alive[a] || !alive[b] || c.versions != (version[a], version[b]) {
            continue;
        }
        // Merge b into a (a < b, so a cluster is always named by its lowest note).
        alive[b] = false;
        parent[b] = a;
        let from_b = std::mem::take(&mut links[b]);
        links[a].remove(&b);
        for (other, sum) in from_b {
            if other == a {
                continue;
            }
            *links[a].entry(other).or_default() += sum;
            let l = &mut links[other];
            let moved = l.remove(&b).unwrap_or_default();
            *l.entry(a).or_default() += moved;
        }
        size[a] += size[b];
        version[a] += 1;
        for (&other, &sum) in &links[a] {
            let average = sum / (size[a] * size[other]) as f64;
            if average >= f64::from(merge_at) {
                let (x, y) = (a.min(other), a.max(other));
                heap.push(Candidate {
                    average,
                    a: x,
                    b: y,
                    versions: (version[x], version[y]),
                });
            }
        }
    }
    (0..n)
        .map(|mut i| {
            while parent[i] != i {
                i = parent[i];
            }
            i
        })
        .collect()
}

/// Moves every note to the cluster whose centroid is most similar to it, if at least `join_at`; a note with no
/// such cluster is left alone (its own cluster). Clusters of one note have no centroid to attract others.
/// Returns the new assignment, clusters again named by their lowest note.
pub fn reassign(corpus: &Corpus, assignment: &[usize], join_at: f32) -> Vec<usize> {
    let n = assignment.len();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in assignment.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() >= 2).collect();
    let centroids: Vec<SparseVec> = groups
        .iter()
        .map(|m| SparseVec::centroid(m.iter().map(|&i| &corpus.vectors[i])))
        .collect();
    // An inverted index over the centroids, so each note is compared only with those sharing a feature.
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); corpus.features.len()];
    for (g, c) in centroids.iter().enumerate() {
        for &(f, w) in &c.0 {
            postings[f as usize].push((g as u32, w));
        }
    }
    // As in the neighbour search, a word or gram shared by very many groups is too common to tell them apart
    // (concepts are kept, as there).
    for (p, feature) in postings.iter_mut().zip(&corpus.features) {
        if p.len() > MAX_POSTINGS && !feature.key.is_concept() {
            p.clear();
        }
    }
    let mut scores = vec![0.0f32; groups.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut choice: Vec<Option<usize>> = vec![None; n];
    for (i, v) in corpus.vectors.iter().enumerate() {
        for &(f, w) in &v.0 {
            for &(g, wg) in &postings[f as usize] {
                if scores[g as usize] == 0.0 {
                    touched.push(g);
                }
                scores[g as usize] += w * wg;
            }
        }
        let mut best: Option<(usize, f32)> = None;
        for &g in &touched {
            let s = scores[g as usize];
            let better = match best {
                None => true,
                Some((bg, bs)) => s > bs || (s == bs && (g as usize) < bg),
            };
            if better {
                best = Some((g as usize, s));
            }
            scores[g as usize] = 0.0;
        }
        touched.clear();
        choice[i] = best.filter(|&(_, s)| s >= join_at).map(|(g, _)| g);
    }
    let mut lowest: Vec<Option<usize>> = vec![None; groups.len()];
    for (i, c) in choice.iter().enumerate() {
        if let Some(g) = *c {
            lowest[g].get_or_insert(i);
        }
    }
    choice
        .iter()
        .enumerate()
        .map(|(i, c)| c.and_then(|g| lowest[g]).unwrap_or(i))
        .collect()
}

/// Clusters the notes of `corpus`, each written in a slot (a table and round; `slots[i]` an id per slot): each
/// note's cluster, named by the lowest note index in it.
pub fn cluster(corpus: &Corpus, slots: &[usize], params: &Params) -> Vec<usize> {
    let graph = corpus.neighbours(params.neighbours, params.min_similarity);
    debug_assert_eq!(slots.len(), corpus.vectors.len());
    // Notes without features are never linked, so they do not count towards their slot's size.
    let mut slot_size: BTreeMap<usize, usize> = BTreeMap::new();
    for (&s, v) in slots.iter().zip(&corpus.vectors) {
        if !v.is_empty() {
            *slot_size.entry(s).or_default() += 1;
        }
    }
    // A slot of up to three notes keeps each pair apart fully; in a larger one (a table writing many notes, or a
    // CSV without rounds, where a table's notes are all in round 1) each pair less, so that a note is kept
    // from its slot as a whole no more than from two others.
    let apart = |i: usize, j: usize| {
        if slots[i] == slots[j] {
            let size = slot_size.get(&slots[i]).copied().unwrap_or(2).max(2);
            params.apart * (2.0 / (size - 1) as f32).min(1.0)
        } else {
            0.0
        }
    };
    let mut assignment = average_linkage(&graph, apart, params.merge_at);
    for _ in 0..params.rounds {
        let next = reassign(corpus, &assignment, params.join_at);
        if next == assignment {
            break;
        }
        assignment = next;
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The neighbour lists of a graph given as edges among `n` notes.
    fn graph(edges: &[(usize, usize, f32)], n: usize) -> Vec<Vec<(usize, f32)>> {
        let mut graph = vec![Vec::new(); n];
        for &(a, b, s) in edges {
            graph[a].push((b, s));
        }
        graph
    }

    fn check_linkage(edges: &[(usize, usize, f32)], n: usize, merge_at: f32, expected: &[usize]) {
        assert_eq!(
            average_linkage(&graph(edges, n), |_, _| 0.0, merge_at),
            expected,
            "{edges:?}"
        );
    }

    fn check_apart(
        edges: &[(usize, usize, f32)],
        n: usize,
        apart: &[(usize, usize)],
        penalty: f32,
        expected: &[usize],
    ) {
        assert_eq!(
            average_linkage(
                &graph(edges, n),
                |i, j| if apart.contains(&(i, j)) {
                    penalty
                } else {
                    0.0
                },
                0.05
            ),
            expected,
            "{edges:?} apart {apart:?} by {penalty}"
        );
    }

    #[test]
    fn notes_of_one_table_and_round_are_kept_apart() {
        // 1 and 2 are from one table and round; 0 is like 1, and a little like 2. Without the penalty all three
        // join, as (0.1 + 0.05) / 2 ≥ 0.05.
        let edges = [(0, 1, 0.3), (0, 2, 0.1), (1, 2, 0.05)];
        check_apart(&edges, 3, &[], 0.15, &[0, 0, 0]);
        check_apart(&edges, 3, &[(1, 2)], 0.0, &[0, 0, 0]);
        // With it, 0 takes the one it is closer to: (0.1 + 0.05 − 0.15) / 2 < 0.05 keeps 2 out.
        check_apart(&edges, 3, &[(1, 2)], 0.15, &[0, 0, 2]);
        // Nearly identical notes still meet: the penalty is a prior, not a wall.
        check_apart(&[(0, 1, 0.9)], 2, &[(0, 1)], 0.15, &[0, 0]);
        // Only linked pairs are kept apart: 1 and 2 share nothing, so 2 joins 0 and 1 at 0.12 / 2 ≥ 0.05 (a
        // penalty on the unlinked pair would make it (0.12 − 0.15) / 2).
        check_apart(&[(0, 1, 0.3), (0, 2, 0.12)], 3, &[(1, 2)], 0.15, &[0, 0, 0]);
        // A pair listed in both directions is kept apart once: 0.25 − 0.15 ≥ 0.05 (twice would be −0.05).
        check_apart(&[(0, 1, 0.25), (1, 0, 0.25)], 2, &[(0, 1)], 0.15, &[0, 0]);
    }

    #[test]
    fn average_linkage_merges_while_groups_are_similar() {
        // Two tight pairs, weakly linked: they stay apart at 0.3, merge at 0.05.
        let edges = [(0, 1, 0.9), (2, 3, 0.8), (1, 2, 0.3)];
        check_linkage(&edges, 5, 0.3, &[0, 0, 2, 2, 4]);
        check_linkage(&edges, 5, 0.05, &[0, 0, 0, 0, 4]);
        // One link between groups of two averages a quarter of its similarity.
        check_linkage(&edges, 5, 0.1, &[0, 0, 2, 2, 4]);
        check_linkage(&[], 3, 0.1, &[0, 1, 2]);
        check_linkage(&[], 0, 0.1, &[]);
    }
}
