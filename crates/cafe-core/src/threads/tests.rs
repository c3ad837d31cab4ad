//! Tests of the whole pipeline: small cafés written out here, edge cases, determinism, `assign`.

use super::*;

fn notes(rows: &[(&str, &str)]) -> Vec<ThreadNote> {
    rows.iter()
        .enumerate()
        .map(|(id, (table, text))| ThreadNote {
            id,
            table: (*table).into(),
            round: 1,
            text: (*text).into(),
        })
        .collect()
}

/// The threads as "title: ids" lines, then "-: ids" for the unthreaded.
fn summary(d: &Detection) -> String {
    let mut lines: Vec<String> = d
        .threads
        .iter()
        .map(|t| format!("{}: {:?}", t.title, t.notes))
        .collect();
    lines.push(format!("-: {:?}", d.unthreaded));
    lines.join("\n")
}

fn check(rows: &[(&str, &str)], options: &Options, expected: &str) {
    let got = summary(&detect(&notes(rows), options));
    assert_eq!(got, expected, "\n{got}");
}

const LIBRARY: &[(&str, &str)] = &[
    ("Table 1", "Longer opening hours in the evening"),
    ("Table 2", "Opening hours on Sundays too"),
    ("Table 10", "Evening opening hours for students"),
    ("Table 1", "A makerspace with 3D printers"),
    ("Table 2", "Makerspace for kids and 3D printers"),
    ("Table 2", "Quiet study rooms"),
    ("Table 10", "The parking is full"),
];

#[test]
fn a_small_cafe() {
    check(
        LIBRARY,
        &Options::default(),
        "Opening hours · evening: [0, 1, 2]\n3D printers: [3, 4]\n-: [5, 6]",
    );
    let d = detect(&notes(LIBRARY), &Options::default());
    assert_eq!(d.threads[0].tables, ["Table 1", "Table 2", "Table 10"]);
    assert!(d.threads[0].keywords.contains(&"hours".to_owned()));
}

#[test]
fn min_tables_is_respected() {
    let three = Options {
        min_tables: 3,
        ..Options::default()
    };
    check(
        LIBRARY,
        &three,
        "Opening hours · evening: [0, 1, 2]\n-: [3, 4, 5, 6]",
    );
    let many = Options {
        min_tables: 4,
        ..Options::default()
    };
    check(LIBRARY, &many, "-: [3, 0, 4, 1, 5, 2, 6]");
    // One table: a thread may come from a single table when asked.
    let one_table: Vec<(&str, &str)> = LIBRARY.iter().map(|(_, n)| ("Table 1", *n)).collect();
    check(&one_table, &Options::default(), "-: [3, 2, 0, 4, 1, 5, 6]");
    let single = Options {
        min_tables: 1,
        ..Options::default()
    };
    assert_eq!(detect(&notes(&one_table), &single).threads.len(), 2);
}

#[test]
fn nothing_in_nothing_out() {
    check(&[], &Options::default(), "-: []");
    check(&[("T1", "Parking")], &Options::default(), "-: [0]");
}

#[test]
fn notes_without_content_stay_unthreaded() {
    check(
        &[
            ("T1", "the and of it"),
            ("T2", "the and of it"),
            ("T1", "🎉🎉"),
            ("T2", "🎉🎉"),
            ("T3", "https://example.org/library"),
            ("T4", "https://example.org/library"),
            ("T3", "?"),
            ("T4", ""),
        ],
        &Options::default(),
        "-: [0, 2, 1, 3, 6, 4, 7, 5]",
    );
}

#[test]
fn duplicates_and_one_word_notes() {
    check(
        &[
            ("T1", "Parking"),
            ("T2", "Parking"),
            ("T2", "parking!"),
            ("T3", "Wifi"),
            ("T3", "Coffee"),
        ],
        &Options::default(),
        "Parking: [0, 1, 2]\n-: [4, 3]",
    );
}

#[test]
fn the_same_notes_in_any_order_give_the_same_threads() {
    let base = notes(LIBRARY);
    let first = detect(&base, &Options::default());
    assert_eq!(first, detect(&base, &Options::default()));
    // Reversed and rotated, with other ids: the same threads, by text.
    let texts = |d: &Detection, notes: &[ThreadNote]| -> Vec<(String, Vec<String>)> {
        let text = |id: &usize| notes.iter().find(|n| n.id == *id).unwrap().text.clone();
        d.threads
            .iter()
            .map(|t| (t.title.clone(), t.notes.iter().map(text).collect()))
            .collect()
    };
    for shift in 0..base.len() {
        let mut shuffled: Vec<ThreadNote> = base.clone();
        shuffled.reverse();
        shuffled.rotate_left(shift);
        for (i, n) in shuffled.iter_mut().enumerate() {
            n.id = 100 + i;
        }
        let again = detect(&shuffled, &Options::default());
        assert_eq!(
            texts(&again, &shuffled),
            texts(&first, &base),
            "shift {shift}"
        );
    }
}

#[test]
fn table_names_sort_naturally() {
    let mut names = vec!["Table 10", "table 2", "Table 1", "Garden", "Table 02b"];
    names.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(
        names,
        ["Garden", "Table 1", "table 2", "Table 02b", "Table 10"]
    );
}

#[test]
fn new_notes_are_proposed_into_existing_threads() {
    let mut all = notes(LIBRARY);
    let more = [
        ("Table 3", "Open until 10 in the evening please"),
        ("Table 3", "More 3D printers in the makerspace"),
        ("Table 3", "Better bus connections"),
    ];
    for (i, (table, text)) in more.iter().enumerate() {
        all.push(ThreadNote {
            id: 50 + i,
            table: (*table).into(),
            round: 2,
            text: (*text).into(),
        });
    }
    let existing = [
        ExistingThread {
            notes: vec![0, 1, 2],
            keywords: vec!["opening hours".into()],
        },
        ExistingThread {
            notes: vec![3, 4],
            keywords: vec![],
        },
        // A thread the facilitator made by hand, only keywords.
        ExistingThread {
            notes: vec![],
            keywords: vec!["bus".into(), "transport".into()],
        },
    ];
    assert_eq!(
        assign(&existing, &all, &[50, 51, 52, 6, 999]),
        [Some(0), Some(1), Some(2), None, None]
    );
    assert_eq!(assign(&[], &all, &[50]), [None]);
}

/// The labelled evaluation sets (tests/fixtures/threads, see its README).
const FIXTURES: &[(&str, &str)] = &[
    (
        "library_futures",
        include_str!("../../../../tests/fixtures/threads/library_futures.csv"),
    ),
    (
        "hospital_onboarding",
        include_str!("../../../../tests/fixtures/threads/hospital_onboarding.csv"),
    ),
    (
        "stadtteil_de",
        include_str!("../../../../tests/fixtures/threads/stadtteil_de.csv"),
    ),
    (
        "mixed_language",
        include_str!("../../../../tests/fixtures/threads/mixed_language.csv"),
    ),
    (
        "edge_cases",
        include_str!("../../../../tests/fixtures/threads/edge_cases.csv"),
    ),
];

/// Sets written by someone who saw neither the concept lexicon nor the detector (tests/fixtures/threads/heldout,
/// after the lexicon's first pass; heldout2 and heldout3, while its second and third were being written): never
/// used to choose a parameter, only to measure.
const HELD_OUT: &[(&str, &str)] = &[
    (
        "hybrid_work",
        include_str!("../../../../tests/fixtures/threads/heldout/hybrid_work.csv"),
    ),
    (
        "universite_fr",
        include_str!("../../../../tests/fixtures/threads/heldout/universite_fr.csv"),
    ),
    (
        "climate_mixed",
        include_str!("../../../../tests/fixtures/threads/heldout/climate_mixed.csv"),
    ),
    (
        "hemtjanst_sv",
        include_str!("../../../../tests/fixtures/threads/heldout2/hemtjanst_sv.csv"),
    ),
    (
        "museum_en",
        include_str!("../../../../tests/fixtures/threads/heldout2/museum_en.csv"),
    ),
    (
        "volunteering_mixed",
        include_str!("../../../../tests/fixtures/threads/heldout2/volunteering_mixed.csv"),
    ),
    (
        "buurtbus_nl",
        include_str!("../../../../tests/fixtures/threads/heldout3/buurtbus_nl.csv"),
    ),
    (
        "elternarbeit_de",
        include_str!("../../../../tests/fixtures/threads/heldout3/elternarbeit_de.csv"),
    ),
    (
        "clinic_en",
        include_str!("../../../../tests/fixtures/threads/heldout3/clinic_en.csv"),
    ),
];

fn evaluate_fixture(
    csv: &str,
) -> (
    eval::Evaluation,
    eval::Evaluation,
    Detection,
    Vec<eval::LabelledNote>,
) {
    let set = eval::read_labelled(csv.as_bytes()).unwrap();
    let notes: Vec<ThreadNote> = set.iter().map(|n| n.note.clone()).collect();
    let options = Options::default();
    let detection = detect(&notes, &options);
    let baseline = eval::keyword_baseline(&notes, &options);
    (
        eval::evaluate(&set, &detection, options.min_tables),
        eval::evaluate(&set, &baseline, options.min_tables),
        detection,
        set,
    )
}

/// Prints every set's threads and scores: `cargo test -p cafe-core fixture_report -- --ignored --nocapture`.
#[test]
#[ignore]
fn fixture_report() {
    report(FIXTURES, true);
    report(HELD_OUT, false);
}

/// Prints each set's scores; with `detail` (and THREADS_DETAIL set), its threads and notes too — never for the
/// held-out sets, whose notes must not guide the work.
fn report(sets: &[(&str, &str)], detail: bool) {
    let mut total = 0.0;
    for (name, csv) in sets {
        let (e, b, d, set) = evaluate_fixture(csv);
        total += e.adjusted_rand_index;
        println!(
            "== {name}: ARI {:.3} (baseline {:.3}), {} threads, {} unthreaded",
            e.adjusted_rand_index, b.adjusted_rand_index, e.threads, e.unthreaded
        );
        for (t, bt) in e.themes.iter().zip(&b.themes) {
            println!(
                "   {:<26} F1 {:.2} (P {:.2} R {:.2}) baseline {:.2}  ← {:?}",
                t.theme, t.f1, t.precision, t.recall, bt.f1, t.thread
            );
        }
        if !detail || std::env::var_os("THREADS_DETAIL").is_none() {
            continue;
        }
        let theme = |id: &usize| set.iter().find(|n| n.note.id == *id).unwrap();
        for t in &d.threads {
            println!("  # {} {:?} {:?}", t.title, t.keywords, t.tables);
            for id in &t.notes {
                let n = theme(id);
                println!("      [{}] {}", n.theme, n.note.text.replace('\n', " "));
            }
            for s in &t.subthreads {
                let labels: Vec<&str> = s.notes.iter().map(|id| theme(id).theme.as_str()).collect();
                println!("    - strand {} {:?}: {:?}", s.title, s.tables, labels);
            }
        }
        println!("  # unthreaded");
        for id in &d.unthreaded {
            let n = theme(id);
            println!("      [{}] {}", n.theme, n.note.text.replace('\n', " "));
        }
    }
    println!("mean ARI {:.3}", total / sets.len() as f64);
}

/// The held-out sets with and without the lexicon, the chosen parameters otherwise:
/// `cargo test --release -p cafe-core held_out_report -- --ignored --nocapture`.
#[test]
#[ignore]
fn held_out_report() {
    for concepts in [0.0, vector::Shares::default().concepts] {
        let shares = vector::Shares {
            concepts,
            ..vector::Shares::default()
        };
        for (group, sets) in [("tuning", FIXTURES), ("held out", HELD_OUT)] {
            let scores = score_sets(sets, &cluster::Params::default(), &shares);
            println!("concepts {concepts:.1} {group}: {scores}");
        }
    }
}

/// How a detection scored over several labelled sets.
struct Scores {
    aris: Vec<f64>,
    min_f1: f64,
    /// Common themes matched with an F1 of 0.6 or more, of all common themes.
    found: usize,
    themes: usize,
}

impl Scores {
    fn mean(&self) -> f64 {
        self.aris.iter().sum::<f64>() / self.aris.len().max(1) as f64
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for a in &self.aris {
            write!(f, "{a:.3} ")?;
        }
        write!(
            f,
            " mean {:.3} min F1 {:.2} themes at F1 ≥ 0.6: {}/{}",
            self.mean(),
            self.min_f1,
            self.found,
            self.themes
        )
    }
}

/// Detects the threads of each set (CSV text) with these parameters and scores them.
fn score_sets(sets: &[(&str, &str)], params: &cluster::Params, shares: &vector::Shares) -> Scores {
    let mut scores = Scores {
        aris: Vec::new(),
        min_f1: 1.0,
        found: 0,
        themes: 0,
    };
    for (_, csv) in sets {
        let set = eval::read_labelled(csv.as_bytes()).unwrap();
        let notes: Vec<ThreadNote> = set.iter().map(|n| n.note.clone()).collect();
        let e = eval::evaluate(
            &set,
            &detect_with(&notes, &Options::default(), params, shares),
            2,
        );
        scores.aris.push(e.adjusted_rand_index);
        scores.min_f1 = scores.min_f1.min(e.min_f1());
        scores.found += e.themes.iter().filter(|t| t.f1 >= 0.6).count();
        scores.themes += e.themes.len();
    }
    scores
}

/// Scores a grid of parameters on the tuning sets (never the held-out ones):
/// `cargo test --release -p cafe-core parameter_sweep -- --ignored --nocapture`.
#[test]
#[ignore]
fn parameter_sweep() {
    for concepts in [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9] {
        for grams in [0.0, 0.1, 0.2, 0.3] {
            for merge_at in [0.02, 0.03, 0.05, 0.07, 0.1] {
                for join_at in [0.15, 0.2, 0.3] {
                    let params = cluster::Params {
                        merge_at,
                        join_at,
                        ..cluster::Params::default()
                    };
                    let shares = vector::Shares { grams, concepts };
                    println!(
                        "concepts {concepts:.1} grams {grams:.1} merge {merge_at:.2} join {join_at:.2}: {}",
                        score_sets(FIXTURES, &params, &shares)
                    );
                }
            }
        }
    }
}

/// The mean ARI over `sets` with these shares of the vectors' parts (the default clustering).
fn mean_ari(sets: &[(&str, &str)], shares: &vector::Shares) -> f64 {
    score_sets(sets, &cluster::Params::default(), shares).mean()
}

/// The floors on the labelled sets: a little below what the pipeline measures (docs/benchmarks.md). They are
/// below the targets (mean ARI 0.6, every common theme F1 0.6), which this pipeline does not reach on
/// sets written with synonyms and paraphrases on purpose; see ARCHITECTURE.md, "Common threads".
#[test]
fn fixtures_keep_their_scores() {
    let floors = [
        ("library_futures", 0.19),
        ("hospital_onboarding", 0.21),
        ("stadtteil_de", 0.58),
        ("mixed_language", 0.22),
        ("edge_cases", 0.97),
        ("hybrid_work", 0.15),
        ("universite_fr", 0.10),
        ("climate_mixed", 0.31),
        ("hemtjanst_sv", 0.11),
        ("museum_en", 0.21),
        ("volunteering_mixed", 0.30),
        ("buurtbus_nl", 0.22),
        ("elternarbeit_de", 0.29),
        ("clinic_en", 0.39),
    ];
    assert_eq!(floors.len(), FIXTURES.len() + HELD_OUT.len());
    let (mut ours, mut baseline, mut found, mut themes) = (0.0, 0.0, 0, 0);
    for ((name, csv), (floor_name, floor)) in FIXTURES.iter().chain(HELD_OUT).zip(floors) {
        assert_eq!(*name, floor_name);
        let (e, b, _, _) = evaluate_fixture(csv);
        assert!(
            e.adjusted_rand_index >= floor,
            "{name}: ARI {:.3} < {floor}",
            e.adjusted_rand_index
        );
        ours += e.adjusted_rand_index;
        baseline += b.adjusted_rand_index;
        found += e.themes.iter().filter(|t| t.f1 >= 0.6).count();
        themes += e.themes.len();
    }
    let n = (FIXTURES.len() + HELD_OUT.len()) as f64;
    assert!(ours / n >= 0.31, "mean ARI {:.3}", ours / n);
    assert!(found >= 41, "{found} of {themes} common themes at F1 ≥ 0.6");
    assert!(
        ours > baseline + 1.0,
        "{ours:.3} against the baseline's {baseline:.3}"
    );
}

/// The lexicon earns its place on cafés it was not written from, nor tuned on.
#[test]
fn the_lexicon_helps_on_held_out_sets() {
    let with = vector::Shares::default();
    let without = vector::Shares {
        concepts: 0.0,
        ..with
    };
    let (a, b) = (mean_ari(HELD_OUT, &with), mean_ari(HELD_OUT, &without));
    assert!(
        a > b + 0.02,
        "held out: {a:.3} with the lexicon, {b:.3} without"
    );
    let (a, b) = (mean_ari(FIXTURES, &with), mean_ari(FIXTURES, &without));
    assert!(
        a > b + 0.1,
        "tuning sets: {a:.3} with the lexicon, {b:.3} without"
    );
}

#[test]
fn strands_are_disjoint_parts_of_their_thread_from_two_tables() {
    let mut strands = 0;
    for (name, csv) in FIXTURES.iter().chain(HELD_OUT) {
        let (_, _, d, set) = evaluate_fixture(csv);
        let table = |id: &usize| {
            set.iter()
                .find(|n| n.note.id == *id)
                .unwrap()
                .note
                .table
                .clone()
        };
        for t in &d.threads {
            assert!(t.subthreads.len() != 1, "{name}: {}", t.title);
            let mut seen: Vec<usize> = Vec::new();
            for s in &t.subthreads {
                strands += 1;
                assert!(s.subthreads.is_empty());
                assert!(
                    s.notes.len() >= 2 && s.tables.len() >= 2,
                    "{name}: {}",
                    s.title
                );
                for id in &s.notes {
                    assert!(
                        t.notes.contains(id) && !seen.contains(id),
                        "{name}: {}",
                        s.title
                    );
                    assert!(s.tables.contains(&table(id)));
                    seen.push(*id);
                }
            }
        }
    }
    assert!(strands >= 10, "{strands} strands");
}

#[test]
fn edge_cases_keep_stray_notes_out_of_threads() {
    let (e, _, d, set) = evaluate_fixture(FIXTURES[4].1);
    for n in set.iter().filter(|n| n.theme == eval::OTHER) {
        assert!(
            d.unthreaded.contains(&n.note.id),
            "{:?} is in a thread",
            n.note.text
        );
    }
    let volunteers = e.themes.iter().find(|t| t.theme == "volunteers").unwrap();
    assert!(volunteers.f1 >= 0.85, "{volunteers:?}");
    assert_eq!(volunteers.precision, 1.0);
}

#[test]
fn notes_in_each_language_meet_their_inflections() {
    // Every pair is one theme at two tables, each note in its own words: stemming must join them.
    for (language, a, b) in [
        (
            "de",
            "Mehr Radwege in der Stadt",
            "Der Radweg endet im Nichts",
        ),
        (
            "fr",
            "Les bibliothèques ferment trop tôt",
            "Une bibliothèque ouverte le soir",
        ),
        (
            "ru",
            "Библиотеки закрываются рано",
            "Библиотека должна работать вечером",
        ),
        (
            "en",
            "We need volunteers",
            "Volunteering should be rewarded",
        ),
        (
            "sv",
            "Fler cykelvägar behövs",
            "Cykelvägen slutar plötsligt",
        ),
        (
            "es",
            "Las bibliotecas cierran pronto",
            "La biblioteca abre tarde",
        ),
    ] {
        let d = detect(&notes(&[("T1", a), ("T2", b)]), &Options::default());
        assert_eq!(d.threads.len(), 1, "{language}: {a} / {b}");
    }
}

#[test]
fn notes_in_other_words_and_languages_meet_through_concepts() {
    // No two of these share a word (or a stem), but each says "noise".
    let d = detect(
        &notes(&[
            ("T1", "Zu viel Krach vor der Kneipe"),
            ("T2", "Trop de bruit le soir"),
            ("T3", "Baustellenlärm ab sechs Uhr morgens"),
            ("T4", "loud parties every weekend"),
            ("T1", "Mehr Bänke im Park"),
        ]),
        &Options::default(),
    );
    assert_eq!(d.threads.len(), 1, "{d:?}");
    assert_eq!(d.threads[0].notes, [0, 1, 2, 3]);
    assert_eq!(d.unthreaded, [4]);
}

#[test]
fn letters_typed_with_combining_marks_are_the_same_letters() {
    // "Lärm" with a precomposed ä, and as "a" + combining diaeresis (as some copy-paste gives it).
    let d = detect(
        &notes(&[
            ("T1", "Zu viel Lärm am Abend"),
            ("T2", "La\u{308}rm vor der Kneipe"),
        ]),
        &Options::default(),
    );
    assert_eq!(d.threads.len(), 1, "{d:?}");
    assert_eq!(d.threads[0].title, "Lärm");
    assert_eq!(text::composed("La\u{308}rm"), "Lärm");
    assert!(matches!(
        text::composed("Lärm"),
        std::borrow::Cow::Borrowed(_)
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever the notes, every note is in exactly one thread or unthreaded, and every thread has its tables.
    #[test]
    fn every_note_lands_once(
        rows in proptest::collection::vec(
            (0usize..4, proptest::sample::select(vec![
                "opening hours", "evening hours", "Öffnungszeiten am Abend", "coffee", "free coffee",
                "Библиотека", "🎉", "the", "makerspace printers", "3D printers", "",
            ]), 0usize..3),
            0..30,
        ),
        min_tables in 1usize..4,
    ) {
        let notes: Vec<ThreadNote> = rows
            .iter()
            .enumerate()
            .map(|(id, (table, text, extra))| ThreadNote {
                id,
                table: format!("T{table}"),
                round: 1,
                text: format!("{text}{}", " please".repeat(*extra)),
            })
            .collect();
        let options = Options { min_tables, ..Options::default() };
        let d = detect(&notes, &options);
        let mut seen: Vec<usize> = d.threads.iter().flat_map(|t| t.notes.iter().copied()).collect();
        seen.extend(&d.unthreaded);
        seen.sort_unstable();
        proptest::prop_assert_eq!(seen, (0..notes.len()).collect::<Vec<_>>());
        for t in &d.threads {
            proptest::prop_assert!(t.tables.len() >= min_tables && t.notes.len() >= 2);
        }
        proptest::prop_assert_eq!(detect(&notes, &options), d);
    }
}

/// Prints each note's concepts: `cargo test -p cafe-core concept_report -- --ignored --nocapture`.
#[test]
#[ignore]
fn concept_report() {
    for (name, csv) in FIXTURES {
        println!("== {name}");
        let set = eval::read_labelled(csv.as_bytes()).unwrap();
        let texts: Vec<&str> = set.iter().map(|n| n.note.text.as_str()).collect();
        let languages = language::detect(&texts, None);
        for (n, l) in set.iter().zip(languages) {
            let terms = text::terms(&n.note.text, l);
            let names: Vec<String> = terms
                .iter()
                .flat_map(|t| {
                    concepts::LEXICON
                        .concepts_of(&t.word.to_lowercase(), &t.stem, l)
                        .into_iter()
                        .map(|c| format!("{}={}", t.word, concepts::LEXICON.concepts[c as usize]))
                })
                .collect();
            println!(
                "  [{}] {} → {}",
                n.theme,
                n.note.text.replace('\n', " "),
                names.join(" ")
            );
        }
    }
}

/// For each concept the tuning sets' notes have: how many notes, and the share of note pairs sharing it that share a
/// label (its purity): `cargo test --release -p cafe-core concept_purity -- --ignored --nocapture`.
#[test]
#[ignore]
fn concept_purity() {
    let mut stats: std::collections::BTreeMap<u32, (usize, usize, usize)> = Default::default();
    for (_, csv) in FIXTURES {
        let set = eval::read_labelled(csv.as_bytes()).unwrap();
        let texts: Vec<&str> = set.iter().map(|n| n.note.text.as_str()).collect();
        let languages = language::detect(&texts, None);
        let mut holders: std::collections::BTreeMap<u32, Vec<&str>> = Default::default();
        for (n, l) in set.iter().zip(languages) {
            let terms = text::terms(&n.note.text, l);
            for (c, _) in concepts::LEXICON.note_concepts(&n.note.text, &terms, l) {
                holders.entry(c).or_default().push(n.theme.as_str());
            }
        }
        for (c, themes) in holders {
            let e = stats.entry(c).or_default();
            e.0 += themes.len();
            for i in 0..themes.len() {
                for j in i + 1..themes.len() {
                    e.1 += 1;
                    if themes[i] == themes[j] && themes[i] != eval::OTHER {
                        e.2 += 1;
                    }
                }
            }
        }
    }
    for (c, (notes, pairs, same)) in stats {
        if pairs > 0 {
            println!(
                "{:.2} {notes:>3} {pairs:>4} {}",
                same as f64 / pairs as f64,
                concepts::LEXICON.concepts[c as usize]
            );
        }
    }
}

/// Writes each set's notes with their features and each word's concepts to `$THREADS_DUMP/<set>.json`, for
/// experiments outside Rust:
/// `THREADS_DUMP=/tmp/dump cargo test --release -p cafe-core feature_dump -- --ignored`.
#[test]
#[ignore]
fn feature_dump() {
    let Ok(dir) = std::env::var("THREADS_DUMP") else {
        panic!("set THREADS_DUMP to the directory to write to");
    };
    std::fs::create_dir_all(&dir).unwrap();
    for (name, csv) in FIXTURES.iter().chain(HELD_OUT) {
        let set = eval::read_labelled(csv.as_bytes()).unwrap();
        let composed: Vec<_> = set.iter().map(|n| text::composed(&n.note.text)).collect();
        let texts: Vec<&str> = composed.iter().map(|t| t.as_ref()).collect();
        let languages = language::detect(&texts, None);
        let mut out = String::from("[");
        for (i, ((n, l), t)) in set.iter().zip(languages).zip(&texts).enumerate() {
            let terms = text::terms(t, l);
            let feats: Vec<String> = features_of(t, &terms, l, true)
                .into_iter()
                .map(|(k, c)| {
                    let key = match k {
                        FeatureKey::Term(s) => format!("t:{s}"),
                        FeatureKey::Phrase(a, b) => format!("p:{a} {b}"),
                        FeatureKey::Gram(g) => format!("g:{g}"),
                        FeatureKey::Concept(c) => {
                            format!("c:{}", concepts::LEXICON.concepts[c as usize])
                        }
                    };
                    format!("[{},{c}]", serde_json::to_string(&key).unwrap())
                })
                .collect();
            let words: Vec<String> = terms
                .iter()
                .map(|t| {
                    let names: Vec<&str> = concepts::LEXICON
                        .concepts_of(&t.word.to_lowercase(), &t.stem, l)
                        .into_iter()
                        .map(|c| concepts::LEXICON.concepts[c as usize].as_str())
                        .collect();
                    serde_json::to_string(&(t.word.to_lowercase(), names)).unwrap()
                })
                .collect();
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "{{\"table\":{},\"theme\":{},\"text\":{},\"lang\":{},\"w\":[{}],\"f\":[{}]}}\n",
                serde_json::to_string(&n.note.table).unwrap(),
                serde_json::to_string(&n.theme).unwrap(),
                serde_json::to_string(&n.note.text).unwrap(),
                serde_json::to_string(&l.map(|l| l.code())).unwrap(),
                words.join(","),
                feats.join(",")
            ));
        }
        out.push(']');
        std::fs::write(format!("{dir}/{name}.json"), out).unwrap();
    }
}

/// Two readers who saw neither the labels nor the detector grouped every set's notes
/// (tests/fixtures/threads/readers; language-model sessions given only the notes): what a reader finds, scored like
/// the detector.
const READINGS: &[(&str, &str)] = &[
    (
        "library_futures",
        include_str!("../../../../tests/fixtures/threads/readers/library_futures.csv"),
    ),
    (
        "hospital_onboarding",
        include_str!("../../../../tests/fixtures/threads/readers/hospital_onboarding.csv"),
    ),
    (
        "stadtteil_de",
        include_str!("../../../../tests/fixtures/threads/readers/stadtteil_de.csv"),
    ),
    (
        "mixed_language",
        include_str!("../../../../tests/fixtures/threads/readers/mixed_language.csv"),
    ),
    (
        "edge_cases",
        include_str!("../../../../tests/fixtures/threads/readers/edge_cases.csv"),
    ),
    (
        "hybrid_work",
        include_str!("../../../../tests/fixtures/threads/readers/hybrid_work.csv"),
    ),
    (
        "universite_fr",
        include_str!("../../../../tests/fixtures/threads/readers/universite_fr.csv"),
    ),
    (
        "climate_mixed",
        include_str!("../../../../tests/fixtures/threads/readers/climate_mixed.csv"),
    ),
    (
        "hemtjanst_sv",
        include_str!("../../../../tests/fixtures/threads/readers/hemtjanst_sv.csv"),
    ),
    (
        "museum_en",
        include_str!("../../../../tests/fixtures/threads/readers/museum_en.csv"),
    ),
    (
        "volunteering_mixed",
        include_str!("../../../../tests/fixtures/threads/readers/volunteering_mixed.csv"),
    ),
    (
        "buurtbus_nl",
        include_str!("../../../../tests/fixtures/threads/readers/buurtbus_nl.csv"),
    ),
    (
        "elternarbeit_de",
        include_str!("../../../../tests/fixtures/threads/readers/elternarbeit_de.csv"),
    ),
    (
        "clinic_en",
        include_str!("../../../../tests/fixtures/threads/readers/clinic_en.csv"),
    ),
];

/// The labels are what a reader finds: each reader, reading blind, agrees with them on every set (ARI ≥ 0.85, every
/// common theme at F1 ≥ 0.6, the bar) — so the sets ask for what a person sees, and the detector's gap is
/// its own.
#[test]
fn readers_agree_with_the_labels() {
    let sets: BTreeMap<&str, &str> = FIXTURES.iter().chain(HELD_OUT).copied().collect();
    assert_eq!(READINGS.len(), sets.len());
    let min_tables = Options::default().min_tables;
    for (name, csv) in READINGS {
        let set =
            eval::read_labelled(sets[name].as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let readings = eval::read_readings(csv.as_bytes(), &set)
            .unwrap_or_else(|e| panic!("readings of {name}: {e}"));
        assert_eq!(readings.readers, ["reader_a", "reader_b"], "{name}");
        for (reader, groups) in readings.readers.iter().zip(&readings.groups) {
            let e = eval::evaluate(&set, &eval::reading(&set, groups, min_tables), min_tables);
            assert!(
                e.adjusted_rand_index >= 0.85 && e.min_f1() >= 0.6,
                "{name}, {reader}: ARI {:.3}, lowest F1 {:.2}",
                e.adjusted_rand_index,
                e.min_f1()
            );
        }
    }
}

#[test]
fn a_reading_must_match_its_set() {
    let set =
        eval::read_labelled(b"table,note,theme\nT1,noise at night,noise\nT2,loud bars,noise\n")
            .unwrap();
    // A BOM, CRLF and padding are read as in any CSV.
    let ok = eval::read_readings(
        b"\xef\xbb\xbfnote,a,b\r\n  noise at night ,noise,none\r\nloud bars,noise,NONE\r\n",
        &set,
    )
    .unwrap();
    assert_eq!(ok.readers, ["a", "b"]);
    let d = eval::reading(&set, &ok.groups[0], 2);
    assert_eq!(
        (
            d.threads.len(),
            d.threads[0].notes.clone(),
            d.unthreaded.clone()
        ),
        (1, vec![0, 1], vec![])
    );
    // Reader b put both notes in no group.
    let d = eval::reading(&set, &ok.groups[1], 2);
    assert_eq!((d.threads.len(), d.unthreaded.clone()), (0, vec![0, 1]));
    // A group at one table is no thread.
    let d = eval::reading(&set, &["x".to_owned(), "y".to_owned()], 2);
    assert_eq!((d.threads.len(), d.unthreaded.clone()), (0, vec![0, 1]));
    let err = |csv: &str| {
        eval::read_readings(csv.as_bytes(), &set)
            .unwrap_err()
            .to_string()
    };
    let check = |csv: &str, expected: &str| {
        let got = err(csv);
        assert!(got.contains(expected), "{csv:?}: {got}");
    };
    check(
        "note,a\nnoise at night,x\n",
        "the readings end after 1 notes; the set's next note is \"loud bars\"",
    );
    check("note,a\nnoise at night,x\nloud bars,x\nmore,x\n", "row 4");
    check(
        "note,a\nnoise at night,x\nquiet,x\n",
        "the set's note here is \"loud bars\", not \"quiet\"",
    );
    check(
        "note,a\nnoise at night,x\nloud bars,\n",
        "the group is empty",
    );
    check(
        "text,a\nnoise at night,x\nloud bars,x\n",
        "no \"note\" column",
    );
    check("note\nnoise at night\nloud bars\n", "no reader");
    check(
        "note,a,a\nnoise at night,x,x\nloud bars,x,x\n",
        "a second column named \"a\"",
    );
}

/// Scores how strongly notes of one table and round are kept apart, on the tuning sets only, with their rounds
/// and with every note in round 1 (a CSV without rounds):
/// `cargo test --release -p cafe-core apart_sweep -- --ignored --nocapture`.
#[test]
#[ignore]
fn apart_sweep() {
    for apart in [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0] {
        let params = cluster::Params {
            apart,
            ..cluster::Params::default()
        };
        println!(
            "apart {apart:.2}: {}",
            score_sets(FIXTURES, &params, &vector::Shares::default())
        );
        let one_round: Vec<String> = FIXTURES
            .iter()
            .map(|(_, csv)| without_rounds(csv))
            .collect();
        let sets: Vec<(&str, &str)> = one_round.iter().map(|c| ("", c.as_str())).collect();
        println!(
            "  without rounds: {}",
            score_sets(&sets, &params, &vector::Shares::default())
        );
    }
}

/// A labelled set (CSV text) with every note in round 1.
fn without_rounds(csv: &str) -> String {
    let set = eval::read_labelled(csv.as_bytes()).unwrap();
    let mut out = String::from("table,round,note,theme\n");
    for n in set {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!(
            "{},1,{},{}\n",
            quote(&n.note.table),
            quote(&n.note.text),
            quote(&n.theme)
        ));
    }
    out
}
