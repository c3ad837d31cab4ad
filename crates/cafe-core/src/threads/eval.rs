//! Scoring a detection against notes labelled by hand, and the keyword-only baseline to compare with.
//!
//! Labelled sets are CSV files with the columns `table`, `round`, `note` and `theme`; the theme `other` means the
//! note belongs to no theme. Only **common** themes (labelled at [`Options::min_tables`] tables or more, not
//! `other`) are expected as threads, so the reference partition puts each common theme's notes in one group and
//! every other note on its own; the detection's partition is its (top-level) threads plus every unthreaded note
//! on its own. The two are compared by the adjusted Rand index (1 = identical, about 0 = chance), and each
//! common theme gets the F1 score of the thread (or subthread) that matches it best.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Detection, Options, Thread, ThreadNote, natural_cmp, text};
use crate::attendee_csv::{self, CsvError};
use crate::notes;

/// The theme of notes that belong to none.
pub const OTHER: &str = "other";

/// A note and the theme a person gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledNote {
    pub note: ThreadNote,
    pub theme: String,
}

/// Reads a labelled set: a notes CSV (see [`notes::read_csv_any_table`]) with a `theme` column. Note ids are the
/// notes' positions in the file (0, 1, …).
pub fn read_labelled(bytes: &[u8]) -> Result<Vec<LabelledNote>, CsvError> {
    let file = notes::read_csv_any_table(bytes)?;
    let table = attendee_csv::read_rows(bytes, "note")?;
    let theme_col = table
        .headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("theme"))
        .ok_or_else(|| CsvError {
            row: Some(1),
            column: None,
            message: "no \"theme\" column".to_owned(),
        })?;
    let themes: HashMap<usize, String> = table
        .rows
        .iter()
        .map(|r| {
            let theme = r.fields.get(theme_col).map_or("", |t| t.trim());
            (r.row, theme.to_lowercase())
        })
        .collect();
    file.notes
        .into_iter()
        .enumerate()
        .map(|(id, n)| {
            let theme = themes.get(&n.row).cloned().unwrap_or_default();
            if theme.is_empty() {
                return Err(CsvError {
                    row: Some(n.row),
                    column: Some(table.column_name(theme_col)),
                    message: "the theme is empty (use \"other\" for a note of no theme)".to_owned(),
                });
            }
            Ok(LabelledNote {
                note: ThreadNote {
                    id,
                    table: n.table,
                    round: n.round,
                    text: n.note.text,
                },
                theme,
            })
        })
        .collect()
}

/// The group readers gave notes of no recurring theme.
pub const NO_GROUP: &str = "none";

/// How people grouped a labelled set's notes when they read them without the labels: one list of groups per
/// reader, a group per note in the set's order (`none` for a note they put in no group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// The readers' column names.
    pub readers: Vec<String>,
    /// `groups[r][i]`: reader `r`'s group for note `i`.
    pub groups: Vec<Vec<String>>,
}

/// Reads readings of `set`: a CSV with a `note` column holding the set's notes in the same order (checked, so a
/// reading cannot silently drift from its set) and one column per reader, each with a name of its own.
pub fn read_readings(bytes: &[u8], set: &[LabelledNote]) -> Result<Readings, CsvError> {
    let table = attendee_csv::read_rows(bytes, "note")?;
    let header_error = |message: String| CsvError {
        row: Some(1),
        column: None,
        message,
    };
    let note_col = table
        .headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("note"))
        .ok_or_else(|| header_error("no \"note\" column".to_owned()))?;
    let columns: Vec<usize> = (0..table.headers.len())
        .filter(|&c| c != note_col)
        .collect();
    let readers: Vec<String> = columns.iter().map(|&c| table.headers[c].clone()).collect();
    if readers.is_empty() {
        return Err(header_error(
            "no reader: one column per reader after \"note\"".to_owned(),
        ));
    }
    for (k, (reader, &c)) in readers.iter().zip(&columns).enumerate() {
        if reader.is_empty() {
            return Err(CsvError {
                row: Some(1),
                column: Some(table.column_name(c)),
                message: "a reader's column needs a name".to_owned(),
            });
        }
        if readers[..k].contains(reader) {
            return Err(CsvError {
                row: Some(1),
                column: Some(table.column_name(c)),
                message: format!("a second column named {reader:?}"),
            });
        }
    }
    let mut groups = vec![Vec::with_capacity(set.len()); columns.len()];
    for (row, labelled) in table.rows.iter().zip(set) {
        let field = |c: usize| row.fields.get(c).map_or("", |f| f.trim());
        // Cleaned as the set's notes were when read (control characters out, trimmed).
        let note: String = field(note_col)
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        if note.trim() != labelled.note.text {
            return Err(CsvError {
                row: Some(row.row),
                column: Some(table.column_name(note_col)),
                message: format!(
                    "the set's note here is {:?}, not {:?}",
                    labelled.note.text,
                    note.trim()
                ),
            });
        }
        for (r, &c) in columns.iter().enumerate() {
            if field(c).is_empty() {
                return Err(CsvError {
                    row: Some(row.row),
                    column: Some(table.column_name(c)),
                    message: format!("the group is empty (use \"{NO_GROUP}\" for none)"),
                });
            }
            groups[r].push(field(c).to_lowercase());
        }
    }
    if table.rows.len() != set.len() {
        let (n, m) = (set.len(), table.rows.len());
        return Err(CsvError {
            row: table.rows.get(n).map(|r| r.row),
            column: None,
            message: if m < n {
                format!(
                    "the readings end after {m} notes; the set's next note is {:?}",
                    set[m].note.text
                )
            } else {
                format!("the set has {n} notes; this row and those after it have none")
            },
        });
    }
    Ok(Readings { readers, groups })
}

/// One reader's grouping (a group per note of `set`) as a detection, to be scored like one: each group of notes
/// from `min_tables` tables or more is a thread (titled by the group's name), every other note unthreaded; threads
/// and notes in the order [`super::detect`] gives them.
pub fn reading(set: &[LabelledNote], groups: &[String], min_tables: usize) -> Detection {
    assert_eq!(set.len(), groups.len(), "a group for every note of the set");
    let by_id: BTreeMap<usize, &ThreadNote> = set.iter().map(|n| (n.note.id, &n.note)).collect();
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, g) in set.iter().zip(groups) {
        if !g.eq_ignore_ascii_case(NO_GROUP) {
            by_group.entry(g.as_str()).or_default().push(n.note.id);
        }
    }
    let mut detection = Detection::default();
    for (name, mut notes) in by_group {
        let mut tables: Vec<String> = notes.iter().map(|id| by_id[id].table.clone()).collect();
        tables.sort_by(|a, b| natural_cmp(a, b));
        tables.dedup();
        if tables.len() >= min_tables.max(1) {
            super::sort_notes(&mut notes, &by_id);
            detection.threads.push(Thread {
                title: name.to_owned(),
                keywords: Vec::new(),
                tables,
                notes,
                subthreads: Vec::new(),
            });
        }
    }
    super::sort_threads(&mut detection.threads);
    let threaded: BTreeSet<usize> = detection
        .threads
        .iter()
        .flat_map(|t| t.notes.iter().copied())
        .collect();
    detection.unthreaded = set
        .iter()
        .map(|n| n.note.id)
        .filter(|id| !threaded.contains(id))
        .collect();
    super::sort_notes(&mut detection.unthreaded, &by_id);
    detection
}

/// The adjusted Rand index of two partitions of the same items (each item's group label). 1 when they are the
/// same; about 0 for a chance agreement. Two partitions into singletons only count as equal (1).
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    assert_eq!(a.len(), b.len(), "partitions of different sizes");
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut both: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
    let mut cols: BTreeMap<usize, usize> = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *both.entry((x, y)).or_default() += 1;
        *rows.entry(x).or_default() += 1;
        *cols.entry(y).or_default() += 1;
    }
    let index: f64 = both.values().map(|&n| pairs(n)).sum();
    let sum_a: f64 = rows.values().map(|&n| pairs(n)).sum();
    let sum_b: f64 = cols.values().map(|&n| pairs(n)).sum();
    let total = pairs(a.len());
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_a * sum_b / total;
    let max = (sum_a + sum_b) / 2.0;
    if max == expected {
        return if index == max { 1.0 } else { 0.0 };
    }
    (index - expected) / (max - expected)
}

/// The common themes of a labelled set (at `min_tables` tables or more, not [`OTHER`]), sorted.
pub fn common_themes(notes: &[LabelledNote], min_tables: usize) -> Vec<String> {
    let mut tables: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for n in notes {
        if n.theme != OTHER {
            tables
                .entry(n.theme.as_str())
                .or_default()
                .insert(n.note.table.as_str());
        }
    }
    tables
        .into_iter()
        .filter(|(_, t)| t.len() >= min_tables.max(1))
        .map(|(theme, _)| theme.to_owned())
        .collect()
}

/// The reference partition: each common theme one group, every other note its own.
pub fn reference_partition(notes: &[LabelledNote], min_tables: usize) -> Vec<usize> {
    let common = common_themes(notes, min_tables);
    notes
        .iter()
        .enumerate()
        .map(|(i, n)| match common.iter().position(|t| *t == n.theme) {
            Some(t) => t,
            None => common.len() + i,
        })
        .collect()
}

/// The detection's partition of the notes with ids `ids`: each thread one group, every unthreaded note its own.
pub fn detected_partition(detection: &Detection, ids: &[usize]) -> Vec<usize> {
    let mut group: HashMap<usize, usize> = HashMap::new();
    for (t, thread) in detection.threads.iter().enumerate() {
        for &id in &thread.notes {
            group.insert(id, t);
        }
    }
    let threads = detection.threads.len();
    ids.iter()
        .enumerate()
        .map(|(i, id)| group.get(id).copied().unwrap_or(threads + i))
        .collect()
}

/// How well one common theme was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeScore {
    pub theme: String,
    /// How many notes carry the theme, and at how many tables.
    pub notes: usize,
    pub tables: usize,
    /// Of the best-matching thread: its title, precision, recall and F1 (0 when no thread shares a note).
    pub thread: Option<String>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// A detection's scores on a labelled set.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub adjusted_rand_index: f64,
    /// Every common theme, sorted by name.
    pub themes: Vec<ThemeScore>,
    /// How many threads the detection proposed, and how many notes it left unthreaded.
    pub threads: usize,
    pub unthreaded: usize,
}

impl Evaluation {
    /// The lowest F1 of any common theme (1 when there is none).
    pub fn min_f1(&self) -> f64 {
        self.themes.iter().map(|t| t.f1).fold(1.0, f64::min)
    }
}

/// Scores `detection` (of the notes of `set`, by their ids) against the labels.
pub fn evaluate(set: &[LabelledNote], detection: &Detection, min_tables: usize) -> Evaluation {
    let ids: Vec<usize> = set.iter().map(|n| n.note.id).collect();
    let ari = adjusted_rand_index(
        &reference_partition(set, min_tables),
        &detected_partition(detection, &ids),
    );
    let mut candidates: Vec<&Thread> = Vec::new();
    for t in &detection.threads {
        candidates.push(t);
        candidates.extend(t.subthreads.iter());
    }
    let themes = common_themes(set, min_tables)
        .into_iter()
        .map(|theme| {
            let members: BTreeSet<usize> = set
                .iter()
                .filter(|n| n.theme == theme)
                .map(|n| n.note.id)
                .collect();
            let tables: BTreeSet<&str> = set
                .iter()
                .filter(|n| n.theme == theme)
                .map(|n| n.note.table.as_str())
                .collect();
            let mut best = ThemeScore {
                theme: theme.clone(),
                notes: members.len(),
                tables: tables.len(),
                thread: None,
                precision: 0.0,
                recall: 0.0,
                f1: 0.0,
            };
            for t in &candidates {
                let shared = t.notes.iter().filter(|id| members.contains(id)).count();
                if shared == 0 {
                    continue;
                }
                let precision = shared as f64 / t.notes.len() as f64;
                let recall = shared as f64 / members.len() as f64;
                let f1 = 2.0 * precision * recall / (precision + recall);
                if f1 > best.f1 {
                    best = ThemeScore {
                        thread: Some(t.title.clone()),
                        precision,
                        recall,
                        f1,
                        ..best
                    };
                }
            }
            best
        })
        .collect();
    Evaluation {
        adjusted_rand_index: ari,
        themes,
        threads: detection.threads.len(),
        unthreaded: detection.unthreaded.len(),
    }
}
/// How well one search on the board could gather a theme: the best word to search for, chosen knowing the labels
/// (so an upper bound on what a facilitator's one search per theme reaches), and the F1 of what it finds — once
/// counting only the notes that say the word, once with those that say it in other words (each its own best word).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchScore {
    pub theme: String,
    /// The best word among the theme's notes' words (three letters or more, no stop word of any language) and its
    /// F1, counting
    /// the notes that say it.
    pub words: (String, f64),
    /// The same, counting the notes that say it in other words too.
    pub related: (String, f64),
}

/// For each common theme of `set`, the words of its notes whose search gathers it best (see [`SearchScore`]); ties
/// go to the alphabetically first word.
pub fn best_searches(set: &[LabelledNote], options: &Options) -> Vec<SearchScore> {
    let notes: Vec<ThreadNote> = set.iter().map(|n| n.note.clone()).collect();
    let mut cache: BTreeMap<String, (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
    let mut out = Vec::new();
    for theme in common_themes(set, options.min_tables) {
        let members: BTreeSet<usize> = set
            .iter()
            .filter(|n| n.theme == theme)
            .map(|n| n.note.id)
            .collect();
        let words: BTreeSet<String> = set
            .iter()
            .filter(|n| n.theme == theme)
            .flat_map(|n| text::words(&n.note.text))
            .filter(|w| {
                w.chars().count() >= 3
                    && !super::Language::ALL
                        .iter()
                        .any(|&l| text::is_stop_word_in(w, l))
            })
            .collect();
        let f1 = |hits: &BTreeSet<usize>| {
            let shared = hits.intersection(&members).count() as f64;
            if shared == 0.0 {
                return 0.0;
            }
            let (p, r) = (shared / hits.len() as f64, shared / members.len() as f64);
            2.0 * p * r / (p + r)
        };
        let mut best = SearchScore {
            theme: theme.clone(),
            words: (String::new(), 0.0),
            related: (String::new(), 0.0),
        };
        for word in words {
            let (found, both) = cache.entry(word.clone()).or_insert_with(|| {
                let s = super::search::search(&word, &notes, options);
                let found: BTreeSet<usize> = s.found.iter().map(|h| h.note).collect();
                let mut both = found.clone();
                both.extend(s.related.iter().map(|h| h.note));
                (found, both)
            });
            let (a, b) = (f1(found), f1(both));
            if a > best.words.1 {
                best.words = (word.clone(), a);
            }
            if b > best.related.1 {
                best.related = (word, b);
            }
        }
        out.push(best);
    }
    out
}

/// The keyword-only baseline: no language detection, no stemming, no weighting, no similarity. Each note is
/// filed under its most frequent word (stop words of any language left out) that some other note also uses —
/// ties to the alphabetically first — and a keyword's notes are a thread when they come from enough tables.
pub fn keyword_baseline(notes: &[ThreadNote], options: &Options) -> Detection {
    let stop = |w: &str| {
        super::Language::ALL
            .iter()
            .any(|&l| text::is_stop_word_in(w, l))
    };
    let words: Vec<BTreeSet<String>> = notes
        .iter()
        .map(|n| {
            text::words(&text::composed(&n.text))
                .into_iter()
                .filter(|w| !stop(w))
                .collect()
        })
        .collect();
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for set in &words {
        for w in set {
            *frequency.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, set) in words.iter().enumerate() {
        let mut best: Option<(&str, usize)> = None;
        for w in set {
            let f = frequency[w.as_str()];
            if f >= 2 && best.is_none_or(|(_, bf)| f > bf) {
                best = Some((w, f));
            }
        }
        if let Some((w, _)) = best {
            groups.entry(w).or_default().push(i);
        }
    }
    let mut threaded = vec![false; notes.len()];
    let mut threads = Vec::new();
    for (word, members) in groups {
        let tables: BTreeSet<&str> = members.iter().map(|&i| notes[i].table.as_str()).collect();
        if tables.len() < options.min_tables.max(1) || members.len() < options.min_notes.max(1) {
            continue;
        }
        for &i in &members {
            threaded[i] = true;
        }
        let mut tables: Vec<String> = tables.into_iter().map(str::to_owned).collect();
        tables.sort_by(|a, b| natural_cmp(a, b));
        threads.push(Thread {
            title: word.to_owned(),
            keywords: vec![word.to_owned()],
            tables,
            notes: members.iter().map(|&i| notes[i].id).collect(),
            subthreads: Vec::new(),
        });
    }
    super::sort_threads(&mut threads);
    Detection {
        threads,
        unthreaded: (0..notes.len())
            .filter(|&i| !threaded[i])
            .map(|i| notes[i].id)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ari(a: &[usize], b: &[usize], expected: f64) {
        let got = adjusted_rand_index(a, b);
        assert!(
            (got - expected).abs() < 1e-9,
            "{a:?} vs {b:?}: {got} ≠ {expected}"
        );
        assert!((adjusted_rand_index(b, a) - got).abs() < 1e-12);
    }

    #[test]
    fn adjusted_rand_index_of_known_partitions() {
        check_ari(&[0, 0, 1, 1], &[5, 5, 7, 7], 1.0);
        check_ari(&[0, 0, 1, 1], &[0, 1, 0, 1], -0.5);
        // Worked example: {a b c} {d e f} against {a b} {c d} {e f}.
        check_ari(
            &[0, 0, 0, 1, 1, 1],
            &[0, 0, 1, 1, 2, 2],
            0.24242424242424243,
        );
        check_ari(&[0, 1, 2], &[0, 1, 2], 1.0);
        check_ari(&[0, 1, 2], &[0, 0, 0], 0.0);
        check_ari(&[], &[], 1.0);
        check_ari(&[3], &[4], 1.0);
    }

    fn note(id: usize, table: &str, text: &str) -> ThreadNote {
        ThreadNote {
            id,
            table: table.into(),
            round: 1,
            text: text.into(),
        }
    }

    #[test]
    fn the_best_search_of_a_theme_is_scored_with_and_without_other_words() {
        let csv = "table,round,note,theme\nT1,1,Too much noise at night,noise\nT2,1,Lärm bis Mitternacht,noise\n\
                   T3,1,noise of the bus engine,buses\nT1,2,bus every hour only,buses\nT2,2,the bus is late,buses\n";
        let set = read_labelled(csv.as_bytes()).unwrap();
        let scores = best_searches(&set, &Options::default());
        let show: Vec<String> = scores
            .iter()
            .map(|s| {
                format!(
                    "{} {} {:.2} {} {:.2}",
                    s.theme, s.words.0, s.words.1, s.related.0, s.related.1
                )
            })
            .collect();
        // "bus" finds the three bus notes. Of the noise notes, "Lärm" finds one alone; with the notes that say it in
        // other words it finds them and the bus engine's, as "noise" does (the first word wins a tie).
        assert_eq!(
            show,
            ["buses bus 1.00 bus 1.00", "noise lärm 0.67 lärm 0.80"]
        );
    }

    #[test]
    fn labelled_sets_are_read_and_scored() {
        let csv = "table,round,note,theme\nT1,1,Longer opening hours,hours\nT2,2,Open on Sundays,hours\n\
                   T2,1,Free coffee,coffee\nT3,1,Coffee corner,coffee\nT3,2,Parking,other\nT1,1,Quiet room,quiet\n";
        let set = read_labelled(csv.as_bytes()).unwrap();
        assert_eq!(set.len(), 6);
        assert_eq!(set[1].note, note(1, "T2", "Open on Sundays").with_round(2));
        assert_eq!(common_themes(&set, 2), ["coffee", "hours"]);
        assert_eq!(reference_partition(&set, 2), [1, 1, 0, 0, 6, 7]);
        let detection = Detection {
            threads: vec![Thread {
                title: "Coffee".into(),
                keywords: vec![],
                tables: vec!["T2".into(), "T3".into()],
                notes: vec![2, 3, 4],
                subthreads: vec![],
            }],
            unthreaded: vec![0, 1, 5],
        };
        let e = evaluate(&set, &detection, 2);
        let coffee = &e.themes[0];
        assert_eq!(
            (coffee.theme.as_str(), coffee.notes, coffee.tables),
            ("coffee", 2, 2)
        );
        assert!((coffee.f1 - 0.8).abs() < 1e-9);
        assert_eq!(e.themes[1].f1, 0.0);
        assert_eq!(e.min_f1(), 0.0);
        assert!(e.adjusted_rand_index < 0.5);

        assert!(read_labelled(b"table,note\nT1,x\n").is_err());
        assert_eq!(
            read_labelled(b"table,note,theme\nT1,x,\n")
                .unwrap_err()
                .to_string(),
            "row 2, column \"theme\" (C): the theme is empty (use \"other\" for a note of no theme)"
        );
    }

    impl ThreadNote {
        fn with_round(mut self, round: u32) -> ThreadNote {
            self.round = round;
            self
        }
    }

    #[test]
    fn the_baseline_groups_by_shared_words() {
        let notes = [
            note(0, "T1", "Coffee is cold"),
            note(1, "T2", "More coffee"),
            note(2, "T1", "Coffee again"),
            note(3, "T3", "Parking"),
            note(4, "T3", "Libraries"),
            note(5, "T4", "Library"),
        ];
        let d = keyword_baseline(&notes, &Options::default());
        assert_eq!(d.threads.len(), 1);
        assert_eq!(d.threads[0].notes, [0, 1, 2]);
        assert_eq!(d.unthreaded, [3, 4, 5]);
    }
}
