//! An independent check of a seating: every hard constraint, and the objective's figures recomputed from scratch
//! (meetings counted in a hash map, not the solver's incremental matrix). It trusts nothing the solver keeps, reads
//! only the problem's raw constraints (never its precomputed pins), and is what tests and the CLI use to accept a
//! solution.

use std::collections::HashMap;

use super::problem::{Problem, min_square_sum};

/// A broken hard constraint. Rounds are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("the seating has {found} rounds, not {expected}")]
    RoundCount { found: usize, expected: usize },
    #[error("round {round}: the seating has {found} tables, not {expected}")]
    TableCount {
        round: usize,
        found: usize,
        expected: usize,
    },
    #[error("round {round}: there is no person number {index}")]
    UnknownPerson { round: usize, index: usize },
    #[error("round {round}: {person:?} is seated twice")]
    SeatedTwice { round: usize, person: String },
    #[error("round {round}: {person:?} is present but not seated")]
    NotSeated { round: usize, person: String },
    #[error("round {round}: {person:?} is seated but not present")]
    NotPresent { round: usize, person: String },
    #[error("round {round}: table {table:?} seats {capacity} but has {count}")]
    OverCapacity {
        round: usize,
        table: String,
        capacity: usize,
        count: usize,
    },
    #[error("round {round}: {person:?} hosts {table:?} but sits at {at:?}")]
    HostAway {
        round: usize,
        person: String,
        table: String,
        at: String,
    },
    #[error("round {round}: {person:?} is fixed to {table:?} but sits at {at:?}")]
    NotAtFixedSeat {
        round: usize,
        person: String,
        table: String,
        at: String,
    },
    #[error("round {round}: {a:?} and {b:?} are kept apart but share {table:?}")]
    ApartTogether {
        round: usize,
        a: String,
        b: String,
        table: String,
    },
    #[error("round {round}: keep_together {a:?} and {b:?} sit at different tables")]
    TogetherSplit { round: usize, a: String, b: String },
    #[error("round {round} is frozen but {person:?} sits at {at} instead of {frozen:?}")]
    FrozenChanged {
        round: usize,
        person: String,
        frozen: String,
        at: String,
    },
}

/// What [`validate`] found: the broken hard constraints (none for a valid seating) and the objective's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub violations: Vec<Violation>,
    /// R = Σ over pairs of max(0, m − 1), m the rounds the two shared a table.
    pub repeat_pairs: u64,
    /// The largest m.
    pub max_meetings: u32,
    /// Pairs of one group at one table, summed over rounds.
    pub group_violations: u64,
    /// Preference cost above each person's ideal (0: everybody got their top topics, each once).
    pub preference_cost: u64,
    /// Σ over rounds of Σ size² above the most even split (0: every round as balanced as the capacities allow).
    pub imbalance: u64,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Checks the hard constraints of round `round` (from 0), seated as `tables` (table → people), into `out`.
pub(crate) fn check_round(
    problem: &Problem,
    round: usize,
    tables: &[Vec<usize>],
    out: &mut Vec<Violation>,
) {
    let people = problem.people();
    let n = people.len();
    let r1 = round + 1;
    let name = |p: usize| people[p].id.clone();
    let table_name = |t: usize| problem.tables()[t].id.clone();
    if tables.len() != problem.tables().len() {
        out.push(Violation::TableCount {
            round: r1,
            found: tables.len(),
            expected: problem.tables().len(),
        });
        return;
    }
    let mut at: Vec<Option<usize>> = vec![None; n];
    for (t, seated) in tables.iter().enumerate() {
        if seated.len() > problem.tables()[t].capacity {
            out.push(Violation::OverCapacity {
                round: r1,
                table: table_name(t),
                capacity: problem.tables()[t].capacity,
                count: seated.len(),
            });
        }
        for &p in seated {
            if p >= n {
                out.push(Violation::UnknownPerson {
                    round: r1,
                    index: p,
                });
                continue;
            }
            if at[p].is_some() {
                out.push(Violation::SeatedTwice {
                    round: r1,
                    person: name(p),
                });
            }
            at[p] = Some(t);
            if !people[p].present[round] {
                out.push(Violation::NotPresent {
                    round: r1,
                    person: name(p),
                });
            }
        }
    }
    for (p, person) in people.iter().enumerate() {
        if !person.present[round] {
            continue;
        }
        let Some(t) = at[p] else {
            out.push(Violation::NotSeated {
                round: r1,
                person: name(p),
            });
            continue;
        };
        if let Some(h) = person.host_of
            && h != t
        {
            out.push(Violation::HostAway {
                round: r1,
                person: name(p),
                table: table_name(h),
                at: table_name(t),
            });
        }
        if let Some(f) = problem.fixed_table(p, round)
            && f != t
        {
            out.push(Violation::NotAtFixedSeat {
                round: r1,
                person: name(p),
                table: table_name(f),
                at: table_name(t),
            });
        }
    }
    for &(a, b) in problem.keep_apart() {
        if let (Some(ta), Some(tb)) = (at[a], at[b])
            && ta == tb
        {
            out.push(Violation::ApartTogether {
                round: r1,
                a: name(a),
                b: name(b),
                table: table_name(ta),
            });
        }
    }
    for set in problem.keep_together() {
        let mut here = set.iter().copied().filter(|&p| at[p].is_some());
        if let Some(first) = here.next()
            && let Some(other) = here.find(|&p| at[p] != at[first])
        {
            out.push(Violation::TogetherSplit {
                round: r1,
                a: name(first),
                b: name(other),
            });
        }
    }
}

/// Checks a whole seating (round → table → people, indices as in `problem`) and recomputes its figures.
pub fn validate(problem: &Problem, rounds: &[Vec<Vec<usize>>]) -> Report {
    let mut report = Report::default();
    if rounds.len() != problem.rounds() {
        report.violations.push(Violation::RoundCount {
            found: rounds.len(),
            expected: problem.rounds(),
        });
        return report;
    }
    let people = problem.people();
    let n = people.len();
    for (r, tables) in rounds.iter().enumerate() {
        check_round(problem, r, tables, &mut report.violations);
        if let Some(frozen) = problem.frozen().get(r) {
            for (t, seated) in frozen.iter().enumerate() {
                for &p in seated {
                    let now = tables.iter().position(|s| s.contains(&p));
                    if now != Some(t) {
                        report.violations.push(Violation::FrozenChanged {
                            round: r + 1,
                            person: people[p].id.clone(),
                            frozen: problem.tables()[t].id.clone(),
                            at: now.map_or_else(
                                || "no table".into(),
                                |x| format!("{:?}", problem.tables()[x].id),
                            ),
                        });
                    }
                }
            }
        }
    }
    // Figures need a well-formed seating; broken rules do not stop them being computed.
    let malformed = report.violations.iter().any(|v| {
        matches!(
            v,
            Violation::TableCount { .. }
                | Violation::UnknownPerson { .. }
                | Violation::SeatedTwice { .. }
        )
    });
    if malformed {
        return report;
    }

    let mut meetings: HashMap<(usize, usize), u32> = HashMap::new();
    let mut visits: HashMap<(usize, usize), u64> = HashMap::new();
    let capacities: Vec<usize> = problem.tables().iter().map(|t| t.capacity).collect();
    for (r, tables) in rounds.iter().enumerate() {
        let mut squares = 0u64;
        for (t, seated) in tables.iter().enumerate() {
            squares += (seated.len() * seated.len()) as u64;
            for (i, &a) in seated.iter().enumerate() {
                *visits.entry((a, t)).or_default() += 1;
                for &b in &seated[i + 1..] {
                    *meetings.entry((a.min(b), a.max(b))).or_default() += 1;
                    if people[a].group.is_some() && people[a].group == people[b].group {
                        report.group_violations += 1;
                    }
                }
            }
        }
        let present = (0..n).filter(|&p| people[p].present[r]).count();
        report.imbalance += squares.saturating_sub(min_square_sum(present, &capacities));
    }
    for &m in meetings.values() {
        report.repeat_pairs += u64::from(m.saturating_sub(1));
        report.max_meetings = report.max_meetings.max(m);
    }
    for (p, person) in people.iter().enumerate() {
        if person.prefers.is_empty() {
            continue;
        }
        let mut cost = 0;
        for t in 0..problem.tables().len() {
            let v = visits.get(&(p, t)).copied().unwrap_or(0);
            if v > 0 {
                cost += problem.topic_cost(p, t) + (v - 1) * problem.topic_repeat_cost(p);
            }
        }
        report.preference_cost += cost.saturating_sub(problem.ideal_preference_cost(p));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::super::problem::{Problem, SeatingInput};
    use super::*;

    fn problem(json: &str) -> Problem {
        Problem::new(&serde_json::from_str::<SeatingInput>(json).unwrap()).unwrap()
    }

    fn messages(report: &Report) -> Vec<String> {
        report.violations.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn figures_are_recomputed() {
        let p = problem(
            r#"{"rounds": 3, "tables": [{"id": "A", "capacity": 3}, {"id": "B", "capacity": 3}],
                "people": [{"id": "a", "group": "g"}, {"id": "b", "group": "g"}, {"id": "c"}, {"id": "d", "prefers": ["B", "A"]}]}"#,
        );
        // a–b meet 3 times (2 repeats), c–d twice (1); a, b share a group in all 3 rounds.
        let rounds = vec![
            vec![vec![0, 1], vec![2, 3]],
            vec![vec![0, 1], vec![2, 3]],
            vec![vec![0, 1, 2], vec![3]],
        ];
        let report = validate(&p, &rounds);
        assert!(report.is_valid(), "{:?}", report.violations);
        assert_eq!(report.repeat_pairs, 3);
        assert_eq!(report.max_meetings, 3);
        assert_eq!(report.group_violations, 3);
        // d visits B three times: 0 + 2 repeats × 8, ideal 0 + 1 + (one unlisted? no: 2 tables) 8.
        assert_eq!(report.preference_cost, 16 - 9);
        // Sizes 2/2 are balanced; 3/1 is 10 against 8.
        assert_eq!(report.imbalance, 2);
    }

    #[test]
    fn every_hard_constraint_is_checked() {
        let p = problem(
            r#"{"rounds": 2, "tables": [{"id": "A", "capacity": 2}, {"id": "B", "capacity": 3}],
                "people": [{"id": "h", "host_of": "A"}, {"id": "a"}, {"id": "b"}, {"id": "c", "present": [2]}],
                "keep_apart": [["a", "b"]], "keep_together": [["b", "c"]],
                "fixed": [{"person": "a", "round": 2, "table": "B"}],
                "frozen": [{"A": ["h", "a"], "B": ["b"]}]}"#,
        );
        let good = vec![vec![vec![0, 1], vec![2]], vec![vec![0], vec![1, 2, 3]]];
        // a, b kept apart share B in round 2 — so the "good" seating is not good.
        assert_eq!(
            messages(&validate(&p, &good)),
            ["round 2: \"a\" and \"b\" are kept apart but share \"B\""]
        );
        let good = vec![vec![vec![0, 1], vec![2]], vec![vec![0, 2], vec![1, 3]]];
        assert_eq!(
            messages(&validate(&p, &good)),
            ["round 2: keep_together \"b\" and \"c\" sit at different tables"]
        );
        let bad = vec![vec![vec![1, 2, 3], vec![0]], vec![vec![0, 0, 9], vec![]]];
        assert_eq!(
            messages(&validate(&p, &bad)),
            [
                "round 1: table \"A\" seats 2 but has 3",
                "round 1: \"c\" is seated but not present",
                "round 1: \"h\" hosts \"A\" but sits at \"B\"",
                "round 1: \"a\" and \"b\" are kept apart but share \"A\"",
                "round 1 is frozen but \"h\" sits at \"B\" instead of \"A\"",
                "round 1 is frozen but \"b\" sits at \"A\" instead of \"B\"",
                "round 2: table \"A\" seats 2 but has 3",
                "round 2: \"h\" is seated twice",
                "round 2: there is no person number 9",
                "round 2: \"a\" is present but not seated",
                "round 2: \"b\" is present but not seated",
                "round 2: \"c\" is present but not seated",
            ]
        );
        assert_eq!(
            messages(&validate(&p, &[vec![vec![0, 1], vec![2]]])),
            ["the seating has 1 rounds, not 2"]
        );
        assert_eq!(
            messages(&validate(
                &p,
                &[vec![vec![0, 1]], vec![vec![0, 2], vec![1, 3]]]
            )),
            [
                "round 1: the seating has 1 tables, not 2",
                "round 1 is frozen but \"b\" sits at no table instead of \"B\"",
                "round 2: keep_together \"b\" and \"c\" sit at different tables",
            ]
        );
        let moved = vec![vec![vec![0], vec![1, 2]], vec![vec![0, 1], vec![2, 3]]];
        let m = messages(&validate(&p, &moved));
        assert!(
            m.contains(&"round 2: \"a\" is fixed to \"B\" but sits at \"A\"".to_owned()),
            "{m:?}"
        );
        assert!(
            m.contains(&"round 1 is frozen but \"a\" sits at \"B\" instead of \"A\"".to_owned()),
            "{m:?}"
        );
    }
}
