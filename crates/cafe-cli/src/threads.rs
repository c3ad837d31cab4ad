//! `cafe threads NOTES.csv` — propose the common threads of a café's notes and print them as JSON — and `cafe
//! bench threads`, which times the engine on generated notes and scores it on the labelled evaluation sets
//! (docs/benchmarks.md). The engine is `cafe_core::threads`; this file reads the file and prints.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use cafe_core::threads::eval::{self, Evaluation, LabelledNote};
use cafe_core::threads::{self, Detection, Options, Thread, ThreadNote};
use serde::Serialize;

/// Reads `file` (columns `table` and `note`, optional `round` and `author`), detects the threads and prints them
/// as JSON on stdout.
/// The notes of a notes CSV, each with its row's position as id.
fn read_notes(file: &Path) -> Result<Vec<ThreadNote>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let read = cafe_core::notes::read_csv_any_table(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    Ok(read
        .notes
        .into_iter()
        .enumerate()
        .map(|(id, n)| ThreadNote {
            id,
            table: n.table,
            round: n.round,
            text: n.note.text,
        })
        .collect())
}

/// A note a search found, as the CLI prints it.
#[derive(Serialize)]
struct HitOut<'a> {
    table: &'a str,
    round: u32,
    text: &'a str,
    /// The stretches of the text that say the search, as written.
    marks: &'a [String],
    /// Of a related note, the words that say it in other words.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    other_words: &'a [String],
}

#[derive(Serialize)]
struct SearchOut<'a> {
    found: Vec<HitOut<'a>>,
    related: Vec<HitOut<'a>>,
}

/// `cafe search`: the notes of `file` that say `query`, and those that say it in other words, as JSON.
pub fn search(file: &Path, query: &str) -> Result<()> {
    let notes = read_notes(file)?;
    let found = threads::search::search(query, &notes, &Options::default());
    fn out<'a>(hits: &'a [threads::search::Hit], notes: &'a [ThreadNote]) -> Vec<HitOut<'a>> {
        hits.iter()
            .map(|h| {
                let n = &notes[h.note];
                HitOut {
                    table: &n.table,
                    round: n.round,
                    text: &n.text,
                    marks: &h.marks,
                    other_words: &h.other_words,
                }
            })
            .collect()
    }
    let printed = SearchOut {
        found: out(&found.found, &notes),
        related: out(&found.related, &notes),
    };
    println!("{}", serde_json::to_string_pretty(&printed)?);
    Ok(())
}

pub fn run(file: &Path, min_tables: usize) -> Result<()> {
    let notes = read_notes(file)?;
    let options = Options {
        min_tables,
        ..Options::default()
    };
    let detection = threads::detect(&notes, &options);
    println!(
        "{}",
        serde_json::to_string_pretty(&to_output(&detection, &notes))?
    );
    Ok(())
}

/// A note as the CLI prints it.
#[derive(Serialize)]
struct NoteOut<'a> {
    table: &'a str,
    round: u32,
    text: &'a str,
}

/// A thread as the CLI prints it: its notes spelled out; `subthreads` only when it has some.
#[derive(Serialize)]
struct ThreadOut<'a> {
    title: &'a str,
    keywords: &'a [String],
    tables: &'a [String],
    notes: Vec<NoteOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subthreads: Vec<ThreadOut<'a>>,
}

#[derive(Serialize)]
struct DetectionOut<'a> {
    threads: Vec<ThreadOut<'a>>,
    unthreaded: Vec<NoteOut<'a>>,
}

/// The detection as the CLI prints it, notes by their table, round and text instead of ids.
fn to_output<'a>(detection: &'a Detection, notes: &'a [ThreadNote]) -> DetectionOut<'a> {
    let note = |id: &usize| {
        let n = &notes[*id];
        NoteOut {
            table: &n.table,
            round: n.round,
            text: &n.text,
        }
    };
    fn thread<'a>(t: &'a Thread, note: &dyn Fn(&usize) -> NoteOut<'a>) -> ThreadOut<'a> {
        ThreadOut {
            title: &t.title,
            keywords: &t.keywords,
            tables: &t.tables,
            notes: t.notes.iter().map(note).collect(),
            subthreads: t.subthreads.iter().map(|s| thread(s, note)).collect(),
        }
    }
    DetectionOut {
        threads: detection.threads.iter().map(|t| thread(t, &note)).collect(),
        unthreaded: detection.unthreaded.iter().map(note).collect(),
    }
}

/// The labelled evaluation sets and their blind readings, compiled in (tests/fixtures/threads, its `readers`).
const SETS: &[(&str, &str, &str)] = &[
    (
        "library_futures",
        include_str!("../../../tests/fixtures/threads/library_futures.csv"),
        include_str!("../../../tests/fixtures/threads/readers/library_futures.csv"),
    ),
    (
        "hospital_onboarding",
        include_str!("../../../tests/fixtures/threads/hospital_onboarding.csv"),
        include_str!("../../../tests/fixtures/threads/readers/hospital_onboarding.csv"),
    ),
    (
        "stadtteil_de",
        include_str!("../../../tests/fixtures/threads/stadtteil_de.csv"),
        include_str!("../../../tests/fixtures/threads/readers/stadtteil_de.csv"),
    ),
    (
        "mixed_language",
        include_str!("../../../tests/fixtures/threads/mixed_language.csv"),
        include_str!("../../../tests/fixtures/threads/readers/mixed_language.csv"),
    ),
    (
        "edge_cases",
        include_str!("../../../tests/fixtures/threads/edge_cases.csv"),
        include_str!("../../../tests/fixtures/threads/readers/edge_cases.csv"),
    ),
    (
        "hybrid_work (held out)",
        include_str!("../../../tests/fixtures/threads/heldout/hybrid_work.csv"),
        include_str!("../../../tests/fixtures/threads/readers/hybrid_work.csv"),
    ),
    (
        "universite_fr (held out)",
        include_str!("../../../tests/fixtures/threads/heldout/universite_fr.csv"),
        include_str!("../../../tests/fixtures/threads/readers/universite_fr.csv"),
    ),
    (
        "climate_mixed (held out)",
        include_str!("../../../tests/fixtures/threads/heldout/climate_mixed.csv"),
        include_str!("../../../tests/fixtures/threads/readers/climate_mixed.csv"),
    ),
    (
        "hemtjanst_sv (held out)",
        include_str!("../../../tests/fixtures/threads/heldout2/hemtjanst_sv.csv"),
        include_str!("../../../tests/fixtures/threads/readers/hemtjanst_sv.csv"),
    ),
    (
        "museum_en (held out)",
        include_str!("../../../tests/fixtures/threads/heldout2/museum_en.csv"),
        include_str!("../../../tests/fixtures/threads/readers/museum_en.csv"),
    ),
    (
        "volunteering_mixed (held out)",
        include_str!("../../../tests/fixtures/threads/heldout2/volunteering_mixed.csv"),
        include_str!("../../../tests/fixtures/threads/readers/volunteering_mixed.csv"),
    ),
    (
        "buurtbus_nl (held out)",
        include_str!("../../../tests/fixtures/threads/heldout3/buurtbus_nl.csv"),
        include_str!("../../../tests/fixtures/threads/readers/buurtbus_nl.csv"),
    ),
    (
        "elternarbeit_de (held out)",
        include_str!("../../../tests/fixtures/threads/heldout3/elternarbeit_de.csv"),
        include_str!("../../../tests/fixtures/threads/readers/elternarbeit_de.csv"),
    ),
    (
        "clinic_en (held out)",
        include_str!("../../../tests/fixtures/threads/heldout3/clinic_en.csv"),
        include_str!("../../../tests/fixtures/threads/readers/clinic_en.csv"),
    ),
];

fn labelled_sets() -> Result<Vec<(&'static str, Vec<LabelledNote>)>> {
    SETS.iter()
        .map(|(name, csv, _)| {
            let set = eval::read_labelled(csv.as_bytes())
                .map_err(|e| anyhow::anyhow!("evaluation set {name}: {e}"))?;
            Ok((*name, set))
        })
        .collect()
}

/// The readers' groupings of every set (in the order of [`SETS`]), checked against their sets.
fn readings_of(sets: &[(&str, Vec<LabelledNote>)]) -> Result<Vec<eval::Readings>> {
    sets.iter()
        .zip(SETS)
        .map(|((name, set), (_, _, csv))| {
            eval::read_readings(csv.as_bytes(), set)
                .map_err(|e| anyhow::anyhow!("readings of {name}: {e}"))
        })
        .collect()
}

/// One reader's totals over the sets.
struct ReaderTotal {
    reader: String,
    ari: f64,
    found: usize,
    themes: usize,
    sets: usize,
}

/// Scores the readers' groupings of every set like a detection; prints Markdown.
fn print_readings(
    sets: &[(&str, Vec<LabelledNote>)],
    readings: &[eval::Readings],
    min_tables: usize,
) {
    println!("| set | reader | ARI | themes at F1 ≥ 0.6 | lowest F1 |");
    println!("|---|---|---:|---:|---:|");
    let mut totals: Vec<ReaderTotal> = Vec::new();
    for ((name, set), readings) in sets.iter().zip(readings) {
        for (reader, groups) in readings.readers.iter().zip(&readings.groups) {
            let e = eval::evaluate(set, &eval::reading(set, groups, min_tables), min_tables);
            let found = e.themes.iter().filter(|t| t.f1 >= 0.6).count();
            println!(
                "| {name} | {reader} | {:.2} | {found} of {} | {:.2} |",
                e.adjusted_rand_index,
                e.themes.len(),
                e.min_f1()
            );
            let total = match totals.iter().position(|t| t.reader == *reader) {
                Some(i) => &mut totals[i],
                None => {
                    totals.push(ReaderTotal {
                        reader: reader.clone(),
                        ari: 0.0,
                        found: 0,
                        themes: 0,
                        sets: 0,
                    });
                    totals.last_mut().expect("just pushed")
                }
            };
            total.ari += e.adjusted_rand_index;
            total.found += found;
            total.themes += e.themes.len();
            total.sets += 1;
        }
    }
    for t in totals {
        println!(
            "| mean (all) | {} | {:.2} | {} of {} | |",
            t.reader,
            t.ari / t.sets as f64,
            t.found,
            t.themes
        );
    }
}

/// A small deterministic pseudo-random sequence (64-bit LCG), so generated notes are the same on every run.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// `count` realistic notes: each joins the first part of one labelled note to the last part of another note of
/// the same set and theme, written at one of 40 tables over 4 rounds.
pub fn generated_notes(sets: &[(&str, Vec<LabelledNote>)], count: usize) -> Vec<ThreadNote> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for (_, set) in sets {
        let mut themes: Vec<&str> = set.iter().map(|n| n.theme.as_str()).collect();
        themes.sort_unstable();
        themes.dedup();
        for theme in themes {
            groups.push(
                set.iter()
                    .filter(|n| n.theme == theme)
                    .map(|n| n.note.text.as_str())
                    .collect(),
            );
        }
    }
    let mut seq = Sequence(2024);
    (0..count)
        .map(|id| {
            let group = &groups[seq.below(groups.len())];
            let a: Vec<&str> = group[seq.below(group.len())].split_whitespace().collect();
            let b: Vec<&str> = group[seq.below(group.len())].split_whitespace().collect();
            let text = [&a[..a.len().div_ceil(2)], &b[b.len() / 2..]]
                .concat()
                .join(" ");
            ThreadNote {
                id,
                table: format!("Table {}", seq.below(40) + 1),
                round: seq.below(4) as u32 + 1,
                text,
            }
        })
        .collect()
}

/// Runs `f` `runs` times (at least once); returns "runs | min | median | max" as Markdown cells, and the last
/// result.
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (String, T) {
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cells = format!(
        "{} | {:.0} ms | {:.0} ms | {:.0} ms",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
    );
    (cells, last.expect("run at least once"))
}

/// Times the engine on generated notes and scores it and the keyword baseline on every labelled set; prints
/// Markdown.
pub fn bench(runs: usize) -> Result<()> {
    let sets = labelled_sets()?;
    let readings = readings_of(&sets)?;
    let options = Options::default();
    println!("| notes | runs | min | median | max | threads | unthreaded |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for count in [1_000, 10_000] {
        let notes = generated_notes(&sets, count);
        let (times, last) = timed(runs, || threads::detect(&notes, &options));
        println!(
            "| {count} | {times} | {} | {} |",
            last.threads.len(),
            last.unthreaded.len(),
        );
    }
    println!();
    // The board's search, on the same notes: a word the lexicon knows, so both kinds of match are looked for.
    println!("| notes | search | runs | min | median | max | found | related |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    for count in [1_000, 10_000] {
        let notes = generated_notes(&sets, count);
        for query in ["wait", "opening hours"] {
            let (times, last) = timed(runs, || threads::search::search(query, &notes, &options));
            println!(
                "| {count} | \"{query}\" | {times} | {} | {} |",
                last.found.len(),
                last.related.len(),
            );
        }
    }
    println!();
    println!("| set | notes | common themes | ARI | baseline ARI | threads | unthreaded |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut scored: Vec<(&str, Evaluation, Evaluation)> = Vec::new();
    for (name, set) in &sets {
        let notes: Vec<ThreadNote> = set.iter().map(|n| n.note.clone()).collect();
        let ours = eval::evaluate(set, &threads::detect(&notes, &options), options.min_tables);
        let baseline = eval::evaluate(
            set,
            &eval::keyword_baseline(&notes, &options),
            options.min_tables,
        );
        println!(
            "| {name} | {} | {} | {:.2} | {:.2} | {} | {} |",
            set.len(),
            ours.themes.len(),
            ours.adjusted_rand_index,
            baseline.adjusted_rand_index,
            ours.threads,
            ours.unthreaded,
        );
        scored.push((name, ours, baseline));
    }
    for (label, held_out) in [
        ("mean (tuning sets)", false),
        ("mean (held out)", true),
        ("mean (all)", true),
    ] {
        let chosen: Vec<&(&str, Evaluation, Evaluation)> = scored
            .iter()
            .filter(|s| label == "mean (all)" || s.0.ends_with("(held out)") == held_out)
            .collect();
        let mean = |f: &dyn Fn(&(&str, Evaluation, Evaluation)) -> f64| {
            chosen.iter().map(|s| f(s)).sum::<f64>() / chosen.len().max(1) as f64
        };
        let found = chosen
            .iter()
            .flat_map(|s| &s.1.themes)
            .filter(|t| t.f1 >= 0.6)
            .count();
        let themes: usize = chosen.iter().map(|s| s.1.themes.len()).sum();
        println!(
            "| {label} | | {found} of {themes} at F1 ≥ 0.6 | {:.2} | {:.2} | | |",
            mean(&|s| s.1.adjusted_rand_index),
            mean(&|s| s.2.adjusted_rand_index)
        );
    }
    println!();
    print_readings(&sets, &readings, options.min_tables);
    println!();
    // What one search per theme on the board could gather, the word chosen knowing the labels (an upper bound).
    println!(
        "| set | themes | one search: words only, F1 ≥ 0.6 | with other words, F1 ≥ 0.6 | mean F1 (with other words) |"
    );
    println!("|---|---:|---:|---:|---:|");
    let mut totals = (0, 0, 0, 0.0);
    for (name, set) in &sets {
        let best = eval::best_searches(set, &options);
        let words = best.iter().filter(|b| b.words.1 >= 0.6).count();
        let related = best.iter().filter(|b| b.related.1 >= 0.6).count();
        let mean = best.iter().map(|b| b.related.1).sum::<f64>() / best.len().max(1) as f64;
        println!(
            "| {name} | {} | {words} | {related} | {mean:.2} |",
            best.len()
        );
        totals.0 += best.len();
        totals.1 += words;
        totals.2 += related;
        totals.3 += best.iter().map(|b| b.related.1).sum::<f64>();
    }
    println!(
        "| all | {} | {} | {} | {:.2} |",
        totals.0,
        totals.1,
        totals.2,
        totals.3 / totals.0.max(1) as f64
    );
    println!();
    println!("| set | theme | notes | tables | F1 | P | R | baseline F1 | best-matching thread |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---|");
    for (name, ours, baseline) in &scored {
        for (t, b) in ours.themes.iter().zip(&baseline.themes) {
            println!(
                "| {name} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
                t.theme,
                t.notes,
                t.tables,
                t.f1,
                t.precision,
                t.recall,
                b.f1,
                t.thread.as_deref().unwrap_or("—"),
            );
        }
    }
    Ok(())
}
