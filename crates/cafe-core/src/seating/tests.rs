//! End-to-end tests of the engine: small cafés with every kind of constraint, determinism, the benchmark
//! instances with relaxed bounds and iteration budgets (never wall-clock time), re-planning, and property tests
//! that the validator accepts whatever the solver returns and agrees with its figures.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::instances::{self, golfers, hosted};
use super::validate;
use super::*;

fn never() -> bool {
    false
}

/// Solves `input` with at most `iterations` search steps.
fn run(input: &SeatingInput, iterations: u64) -> (Problem, Outcome) {
    let problem = Problem::new(input).unwrap();
    let options = Options {
        max_iterations: Some(iterations),
        ..Options::from_problem(&problem)
    };
    let outcome = solve(&problem, &options, &never).unwrap();
    let report = validate(&problem, &outcome.rounds);
    assert!(report.is_valid(), "{:?}", report.violations);
    assert_eq!(report.repeat_pairs, outcome.stats.repeat_pairs);
    (problem, outcome)
}

fn json(text: &str) -> SeatingInput {
    serde_json::from_str(text).unwrap()
}

/// Where `person` sits in each round (table ids; "-" when absent).
fn tables_of(problem: &Problem, outcome: &Outcome, person: &str) -> Vec<String> {
    let p = problem
        .people()
        .iter()
        .position(|x| x.id == person)
        .unwrap();
    outcome
        .rounds
        .iter()
        .map(|tables| {
            tables
                .iter()
                .position(|s| s.contains(&p))
                .map_or_else(|| "-".to_owned(), |t| problem.tables()[t].id.clone())
        })
        .collect()
}

#[test]
fn complete_affine_planes_need_no_search() {
    for (instance, q) in [(golfers(16, 4, 4, 5), 4), (golfers(25, 5, 5, 6), 5)] {
        let (_, outcome) = run(&instance, 1_000);
        assert_eq!(outcome.stats.repeat_pairs, 0);
        assert_eq!(outcome.stats.max_meetings, 1);
        assert!(outcome.stats.repeat_pairs_optimal);
        assert_eq!(outcome.stats.iterations, 0);
        assert_eq!(outcome.stats.method, format!("affine plane over GF({q})"));
    }
    let (_, outcome) = run(&golfers(32, 8, 4, 9), 1_000);
    assert_eq!(outcome.stats.repeat_pairs, 0);
    assert_eq!(outcome.stats.method, "truncated affine plane over GF(8)");
}

#[test]
fn hosts_stay_and_absent_people_are_not_seated() {
    let input = json(
        r#"{"rounds": 3, "tables": [{"id": "A", "capacity": 3}, {"id": "B", "capacity": 3}, {"id": "C", "capacity": 3}],
            "people": [{"id": "ha", "host_of": "A"}, {"id": "hb", "host_of": "B", "present": [1, 3]},
                       {"id": "x"}, {"id": "y"}, {"id": "z"}, {"id": "w", "present": [2]}, {"id": "v", "present": []}]}"#,
    );
    let (problem, outcome) = run(&input, 2_000);
    assert_eq!(tables_of(&problem, &outcome, "ha"), ["A", "A", "A"]);
    assert_eq!(tables_of(&problem, &outcome, "hb"), ["B", "-", "B"]);
    let w = tables_of(&problem, &outcome, "w");
    assert!(w[0] == "-" && w[1] != "-" && w[2] == "-", "{w:?}");
    assert_eq!(tables_of(&problem, &outcome, "v"), ["-", "-", "-"]);
    // Three travellers, three rounds, two hosts: everyone meets new people.
    assert_eq!(outcome.stats.repeat_pairs, 0);
}

#[test]
fn kept_apart_together_and_fixed_hold() {
    let input = json(
        r#"{"rounds": 4, "tables": [{"id": "A", "capacity": 4}, {"id": "B", "capacity": 4}, {"id": "C", "capacity": 4}],
            "people": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}, {"id": "e"}, {"id": "f"},
                       {"id": "g"}, {"id": "h"}, {"id": "i"}, {"id": "j"}],
            "keep_apart": [["a", "b", "c"]], "keep_together": [["d", "e"], ["e", "f"]],
            "fixed": [{"person": "g", "round": 2, "table": "C"}, {"person": "d", "round": 3, "table": "A"}]}"#,
    );
    let (problem, outcome) = run(&input, 5_000);
    for r in 0..4 {
        let at = |p: &str| tables_of(&problem, &outcome, p)[r].clone();
        assert!(at("a") != at("b") && at("b") != at("c") && at("a") != at("c"));
        assert!(at("d") == at("e") && at("e") == at("f"));
    }
    assert_eq!(tables_of(&problem, &outcome, "g")[1], "C");
    assert_eq!(tables_of(&problem, &outcome, "f")[2], "A");
    // d, e, f must repeat (3 pairs × 3 extra rounds), nothing else need.
    assert!(outcome.stats.repeat_pairs >= 9);
    assert!(outcome.stats.lower_bound <= outcome.stats.repeat_pairs);
}

#[test]
fn groups_are_spread_and_tables_balanced() {
    // 12 people from 3 organisations of 4 at 4 tables: one of each organisation per table is possible.
    let mut input = golfers(12, 4, 4, 3);
    for (i, p) in input.people.iter_mut().enumerate() {
        p.group = Some(format!("Org {}", i % 3));
    }
    let (_, outcome) = run(&input, 20_000);
    assert_eq!(outcome.stats.group_violations, 0);
    assert_eq!(outcome.stats.repeat_pairs, 0);
    assert_eq!(outcome.stats.imbalance, 0);
    // Spare seats: 10 people at 3 tables of 6 sit 4/3/3.
    let (_, outcome) = run(&golfers(10, 3, 6, 2), 2_000);
    for tables in &outcome.rounds {
        let mut sizes: Vec<usize> = tables.iter().map(Vec::len).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [3, 3, 4]);
    }
}

#[test]
fn topic_preferences_are_honoured_without_repeating_a_topic() {
    // Four topics, each hosted; 12 guests rank three topics each, in rotating orders, for three rounds.
    let topics = ["Maps", "Music", "Data", "Law"];
    let mut input = hosted(&[4; 4], 0, 0, 3);
    for (t, table) in input.tables.iter_mut().enumerate() {
        table.id = topics[t].to_owned();
    }
    for p in input.people.iter_mut() {
        let t: usize = p.id[1..].parse().unwrap();
        p.host_of = Some(topics[t - 1].to_owned());
    }
    for g in 0..12 {
        input.people.push(PersonSpec {
            id: format!("g{g}"),
            prefers: (0..3).map(|k| topics[(g + k) % 4].to_owned()).collect(),
            ..Default::default()
        });
    }
    let (problem, outcome) = run(&input, 20_000);
    for g in 0..12 {
        let visited = tables_of(&problem, &outcome, &format!("g{g}"));
        let wanted = &input.people[4 + g].prefers;
        let mut sorted = visited.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 3, "g{g} visits a topic twice: {visited:?}");
        assert!(
            visited.iter().all(|t| wanted.contains(t)),
            "g{g}: {visited:?} not in {wanted:?}"
        );
    }
    assert_eq!(outcome.stats.preference_cost, 0);
}

#[test]
fn same_seed_and_budget_give_the_same_seating() {
    let input = golfers(30, 5, 6, 8);
    let (_, a) = run(&input, 800);
    let (_, b) = run(&input, 800);
    assert_eq!(a, b);
    assert_eq!(a.stats.iterations, 800);
    let mut other = input.clone();
    other.seed = Some(2);
    let (_, c) = run(&other, 800);
    assert_ne!(a.rounds, c.rounds);
}

#[test]
fn the_time_budget_stops_the_search() {
    let problem = Problem::new(&golfers(30, 5, 6, 8)).unwrap();
    let polls = std::cell::Cell::new(0);
    let stop = || {
        polls.set(polls.get() + 1);
        polls.get() > 3
    };
    let outcome = solve(&problem, &Options::default(), &stop).unwrap();
    assert!(
        outcome.stats.iterations <= 32,
        "{}",
        outcome.stats.iterations
    );
    assert!(validate(&problem, &outcome.rounds).is_valid());
    assert!(!outcome.stats.repeat_pairs_optimal);
}

#[test]
fn infeasible_keep_apart_is_reported_not_hidden() {
    // a, b, c pairwise apart… and d, e, f too, with two tables only: caught before the search.
    let input = json(
        r#"{"rounds": 1, "tables": [{"id": "A", "capacity": 3}, {"id": "B", "capacity": 3}],
            "people": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
            "keep_apart": [["a", "b", "c"]]}"#,
    );
    assert_eq!(
        Problem::new(&input).unwrap_err().to_string(),
        "round 1: keep_apart \"a\", \"b\", \"c\" puts 3 people present at different tables but there are only 2 tables"
    );
    // Pairs that chain into an odd cycle cannot be two-coloured: only the search finds out.
    let input = json(
        r#"{"rounds": 1, "tables": [{"id": "A", "capacity": 3}, {"id": "B", "capacity": 3}],
            "people": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
            "keep_apart": [["a", "b"], ["b", "c"], ["c", "a"]], "max_iterations": 500}"#,
    );
    let problem = Problem::new(&input).unwrap();
    let e = solve(&problem, &Options::from_problem(&problem), &never).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("no seating found that keeps everyone apart as asked (round 1: "),
        "{e}"
    );
}

#[test]
fn json_output_keeps_table_order_and_lists_empty_tables() {
    let input = json(
        r#"{"rounds": 1, "tables": [{"id": "Zeta", "capacity": 2}, {"id": "Alpha", "capacity": 2}, {"id": "Mid", "capacity": 2}],
            "people": [{"id": "x"}, {"id": "h", "host_of": "Zeta"}]}"#,
    );
    let (problem, outcome) = run(&input, 100);
    let text = serde_json::to_string(&outcome.to_output(&problem, 7)).unwrap();
    let zeta = text.find("\"Zeta\"").unwrap();
    let alpha = text.find("\"Alpha\"").unwrap();
    let mid = text.find("\"Mid\"").unwrap();
    assert!(zeta < alpha && alpha < mid, "{text}");
    assert!(text.contains("\"elapsed_ms\":7"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let round = &value["rounds"][0];
    let seated: usize = ["Zeta", "Alpha", "Mid"]
        .iter()
        .map(|t| round[*t].as_array().unwrap().len())
        .sum();
    assert_eq!(seated, 2);
    assert_eq!(round["Zeta"][0], "h", "the host comes first");
}

// Benchmark instances with relaxed bounds and iteration budgets (the real figures are in docs/benchmarks.md).

#[test]
fn benchmark_36_people_six_tables_four_rounds() {
    let (_, outcome) = run(&golfers(36, 6, 6, 4), 3_000);
    assert_eq!(outcome.stats.lower_bound, 1, "Tarry");
    assert!(outcome.stats.repeat_pairs <= 8, "{:?}", outcome.stats);
}

#[test]
fn benchmark_30_people_five_tables_eight_rounds() {
    let (_, outcome) = run(&golfers(30, 5, 6, 8), 3_000);
    assert_eq!(outcome.stats.lower_bound, 165);
    assert!(outcome.stats.repeat_pairs <= 200, "{:?}", outcome.stats);
}

#[test]
fn benchmark_hosted_cafes() {
    let (_, outcome) = run(&hosted(&[5; 8], 8, 4, 4), 5_000);
    assert_eq!(
        (outcome.stats.repeat_pairs, outcome.stats.group_violations),
        (0, 0)
    );
    let (problem, outcome) = run(&instances::cafe_150(4), 3_000);
    assert_eq!(outcome.stats.repeat_pairs, 0, "{:?}", outcome.stats);
    assert_eq!(tables_of(&problem, &outcome, "h7"), ["T7"; 4]);
}

#[test]
fn benchmark_150_people_ten_rounds_teams_kept_apart() {
    // Ejection chains take R to 0 within a few hundred steps (seeds 1–10: 293–875 steps).
    let input = instances::cafe_150_apart(10);
    for seed in 1..=3 {
        let (problem, outcome) = run(
            &SeatingInput {
                seed: Some(seed),
                ..input.clone()
            },
            3_000,
        );
        assert_eq!(
            outcome.stats.repeat_pairs, 0,
            "seed {seed}: {:?}",
            outcome.stats
        );
        assert!(outcome.stats.repeat_pairs_optimal);
        assert_eq!(tables_of(&problem, &outcome, "h20"), ["T20"; 10]);
    }
    // With teams as groups instead, R = 0 comes first, then the group pairs go.
    let (_, outcome) = run(&instances::cafe_150(10), 3_000);
    assert_eq!(outcome.stats.repeat_pairs, 0, "{:?}", outcome.stats);
}

#[test]
fn benchmark_500_people_start_and_short_search() {
    let (problem, outcome) = run(&instances::cafe_500(), 300);
    assert_eq!(tables_of(&problem, &outcome, "h60"), ["T60"; 6]);
    assert_eq!(outcome.stats.repeat_pairs, 0, "{:?}", outcome.stats);
    assert_eq!(outcome.stats.group_violations, 0);
    assert_eq!(outcome.stats.imbalance, 0);
}

#[test]
fn replanning_keeps_frozen_rounds_exactly() {
    let (problem, first) = run(&instances::cafe_150(4), 3_000);
    let frozen: Vec<BTreeMap<String, Vec<String>>> = first.to_output(&problem, 0).rounds[..2]
        .iter()
        .map(|r| r.0.iter().cloned().collect())
        .collect();
    assert_eq!(
        Problem::new(&instances::replan_150(frozen.clone(), false))
            .unwrap_err()
            .to_string(),
        "round 3: 152 present but 150 seats"
    );
    let input = instances::replan_150(frozen.clone(), true);
    let (problem, outcome) = run(&input, 3_000);
    let output = outcome.to_output(&problem, 0);
    for (r, announced) in frozen.iter().enumerate() {
        for (table, ids) in &output.rounds[r].0 {
            let mut got = ids.clone();
            let mut want = announced.get(table).cloned().unwrap_or_default();
            got.sort();
            want.sort();
            assert_eq!(got, want, "round {} table {table}", r + 1);
        }
    }
    assert_eq!(tables_of(&problem, &outcome, "t1-1")[2..], ["-", "-"]);
    assert_ne!(tables_of(&problem, &outcome, "n1")[2], "-");
    assert_eq!(outcome.stats.repeat_pairs, 0, "{:?}", outcome.stats);
    assert_eq!(outcome.stats.group_violations, 0);
}

// Property tests: whatever the solver returns, the independent validator accepts and agrees with.

fn small_problem() -> impl Strategy<Value = SeatingInput> {
    (
        1usize..=4,
        prop::collection::vec(2usize..=5, 2..=4),
        any::<u64>(),
    )
        .prop_map(|(rounds, caps, seed)| {
            let mut rng = super::rng::Rng::new(seed);
            let seats: usize = caps.iter().sum();
            let n = 2 + rng.below(seats - 1);
            let mut input = golfers(n, caps.len(), 1, rounds);
            for (t, c) in caps.iter().enumerate() {
                input.tables[t].capacity = *c;
            }
            for t in 0..caps.len() {
                if rng.chance(1, 3) {
                    let p = rng.below(n);
                    if input.people[p].host_of.is_none() {
                        input.people[p].host_of = Some(input.tables[t].id.clone());
                    }
                }
            }
            for p in 0..n {
                if rng.chance(1, 2) {
                    input.people[p].group = Some(format!("G{}", rng.below(3)));
                }
                if rng.chance(1, 4) {
                    input.people[p].present =
                        Some((1..=rounds).filter(|_| rng.chance(2, 3)).collect());
                }
                if rng.chance(1, 4) && input.people[p].host_of.is_none() {
                    input.people[p].prefers = (0..1 + rng.below(caps.len()))
                        .map(|i| input.tables[(p + i) % caps.len()].id.clone())
                        .collect();
                }
            }
            let pick = |rng: &mut super::rng::Rng| format!("p{}", 1 + rng.below(n));
            if rng.chance(1, 2) {
                input.keep_apart.push(vec![pick(&mut rng), pick(&mut rng)]);
            }
            if rng.chance(1, 3) {
                input
                    .keep_together
                    .push(vec![pick(&mut rng), pick(&mut rng)]);
            }
            if rng.chance(1, 3) {
                input.fixed.push(FixedSeat {
                    person: pick(&mut rng),
                    round: 1 + rng.below(rounds),
                    table: input.tables[rng.below(caps.len())].id.clone(),
                });
            }
            input.seed = Some(seed);
            input
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_validator_accepts_every_solution_and_agrees_on_its_figures(input in small_problem()) {
        // Random constraints often contradict each other; those must be refused by Problem::new.
        let Ok(problem) = Problem::new(&input) else { return Ok(()) };
        let options = Options { seed: problem.seed(), max_iterations: Some(300) };
        match solve(&problem, &options, &never) {
            Ok(outcome) => {
                let report = validate(&problem, &outcome.rounds);
                prop_assert!(report.is_valid(), "{:?}", report.violations);
                let s = &outcome.stats;
                prop_assert_eq!(
                    (report.repeat_pairs, report.max_meetings, report.group_violations, report.preference_cost, report.imbalance),
                    (s.repeat_pairs, s.max_meetings, s.group_violations, s.preference_cost, s.imbalance)
                );
                prop_assert!(s.lower_bound <= s.repeat_pairs);
                // Re-solving with rounds frozen from the solution keeps them exactly.
                let output = outcome.to_output(&problem, 0);
                let mut again = input.clone();
                again.frozen = output.rounds.iter().take(1).map(|r| r.0.iter().cloned().collect()).collect();
                again.fixed.retain(|f| f.round > 1);
                let problem2 = Problem::new(&again).unwrap();
                if let Ok(o2) = solve(&problem2, &options, &never) {
                    prop_assert_eq!(&o2.rounds[0], &outcome.rounds[0]);
                    prop_assert!(validate(&problem2, &o2.rounds).is_valid());
                }
            }
            Err(SolveError::KeepApart { .. } | SolveError::CannotSeat { .. }) => {}
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}

/// The least R over every valid seating, by enumeration (tiny problems only), or `None` if there are too many.
fn brute_force_min_repeats(problem: &Problem) -> Option<Option<u64>> {
    let n = problem.people().len();
    let t = problem.tables().len();
    let mut per_round: Vec<Vec<Vec<Vec<usize>>>> = Vec::new();
    for r in 0..problem.rounds() {
        let mut options = Vec::new();
        for code in 0..t.pow(n as u32) {
            let mut tables = vec![Vec::new(); t];
            let mut c = code;
            for p in 0..n {
                if problem.people()[p].present[r] {
                    tables[c % t].push(p);
                } else if c % t != 0 {
                    tables.clear();
                    break;
                }
                c /= t;
            }
            if tables.is_empty() {
                continue;
            }
            let mut violations = Vec::new();
            validate::check_round(problem, r, &tables, &mut violations);
            let frozen_ok = problem.frozen().get(r).is_none_or(|f| {
                f.iter().zip(&tables).all(|(a, b)| {
                    let (mut a, mut b) = (a.clone(), b.clone());
                    a.sort_unstable();
                    b.sort_unstable();
                    a == b
                })
            });
            if violations.is_empty() && frozen_ok {
                options.push(tables);
            }
        }
        per_round.push(options);
    }
    let combinations: usize = per_round.iter().map(Vec::len).product();
    if combinations > 100_000 {
        return None;
    }
    let mut best: Option<u64> = None;
    let mut index = vec![0usize; per_round.len()];
    if per_round.iter().any(Vec::is_empty) {
        return Some(None);
    }
    loop {
        let seating: Vec<Vec<Vec<usize>>> = index
            .iter()
            .zip(&per_round)
            .map(|(&i, options)| options[i].clone())
            .collect();
        let r = validate(problem, &seating).repeat_pairs;
        best = Some(best.map_or(r, |b| b.min(r)));
        let mut k = 0;
        loop {
            if k == index.len() {
                return Some(best);
            }
            index[k] += 1;
            if index[k] < per_round[k].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

fn tiny_problem() -> impl Strategy<Value = SeatingInput> {
    (2usize..=3, 1usize..=3, any::<u64>()).prop_map(|(tables, rounds, seed)| {
        let mut rng = super::rng::Rng::new(seed);
        let n = 2 + rng.below(if tables == 2 { 5 } else { 3 });
        let mut input = golfers(n, tables, 1, rounds);
        for table in &mut input.tables {
            table.capacity = 1 + rng.below(n);
        }
        let seats: usize = input.tables.iter().map(|t| t.capacity).sum();
        if seats < n {
            input.tables[0].capacity += n - seats;
        }
        for (t, table) in input.tables.iter().enumerate() {
            if t < n && rng.chance(1, 3) {
                input.people[t].host_of = Some(table.id.clone());
            }
        }
        for p in 0..n {
            if rng.chance(1, 4) {
                input.people[p].present = Some((1..=rounds).filter(|_| rng.chance(2, 3)).collect());
            }
        }
        if rng.chance(1, 3) {
            input
                .keep_apart
                .push(vec![format!("p{}", n - 1), format!("p{n}")]);
        }
        if rng.chance(1, 3) {
            input.keep_together.push(vec!["p1".into(), "p2".into()]);
        }
        input
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn the_lower_bound_never_exceeds_the_true_optimum(input in tiny_problem(), freeze in any::<bool>()) {
        let Ok(problem) = Problem::new(&input) else { return Ok(()) };
        let Some(Some(optimum)) = brute_force_min_repeats(&problem) else { return Ok(()) };
        prop_assert!(lower_bound(&problem) <= optimum, "bound {} > optimum {optimum}", lower_bound(&problem));
        // The same with round 1 frozen as the solver seats it.
        if freeze && problem.rounds() > 1 {
            let Ok(outcome) = solve(&problem, &Options { seed: 1, max_iterations: Some(50) }, &never) else {
                return Ok(());
            };
            let mut frozen = input.clone();
            frozen.frozen = vec![outcome.to_output(&problem, 0).rounds[0].0.iter().cloned().collect()];
            let problem = Problem::new(&frozen).unwrap();
            if let Some(Some(optimum)) = brute_force_min_repeats(&problem) {
                prop_assert!(lower_bound(&problem) <= optimum);
            }
        }
    }
}
