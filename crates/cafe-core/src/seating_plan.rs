//! Seating a stored café: turns a café's rounds, tables, hosts, attendees (their organisation as the group to
//! spread), absences, locked seats and already-announced rounds into a problem for the [`seating`] engine, turns
//! the engine's answer back into seats, and scores a plan as it stands — also after the facilitator has moved
//! people by hand — with the figures and problems the UI shows.
//!
//! [`seating`]: crate::seating

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use crate::model::{Attendee, Round, Table};
use crate::seating::{FixedSeat, Outcome, PersonSpec, SeatingInput, TableSpec};

/// A seat in a stored plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatAt {
    pub round: Uuid,
    pub attendee: Uuid,
    pub table: Uuid,
    pub locked: bool,
}

/// Why a café cannot be seated yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the café has no tables yet — add tables in Setup first")]
    NoTables,
    #[error("the café has no attendees yet — add or import attendees first")]
    NoAttendees,
    #[error("there is no round {from} to plan from (the café has {rounds} rounds)")]
    NoSuchRound { from: usize, rounds: usize },
}

/// A café's data as the seating needs it.
#[derive(Debug, Clone, Copy)]
pub struct CafePlan<'a> {
    /// In the order they are run.
    pub rounds: &'a [Round],
    /// In display order.
    pub tables: &'a [Table],
    pub attendees: &'a [Attendee],
    /// (round, attendee) pairs: who misses which round.
    pub absences: &'a [(Uuid, Uuid)],
    pub seats: &'a [SeatAt],
}

/// The group an attendee is spread from others of: their organisation, compared ignoring case and spacing.
fn group_of(a: &Attendee) -> Option<String> {
    let g = a
        .organisation
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if g.is_empty() { None } else { Some(g) }
}

/// One seated attendee, scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredSeat {
    pub attendee: Uuid,
    pub locked: bool,
    /// How many of the others at this table this attendee also shares a table with in another round.
    pub met_elsewhere: u32,
    /// Someone else of the same organisation sits at this table.
    pub same_group: bool,
}

/// One round of a scored plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredRound {
    pub round: Uuid,
    /// Parallel to the café's tables.
    pub tables: Vec<Vec<ScoredSeat>>,
    pub absent: Vec<Uuid>,
    pub unseated: Vec<Uuid>,
}

/// A plan as it stands: per seat, per round and overall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanScore {
    pub rounds: Vec<ScoredRound>,
    /// R = Σ over pairs of max(0, m − 1), m the rounds the two share a table.
    pub repeat_pairs: u64,
    pub max_meetings: u32,
    /// Pairs of one organisation at one table, summed over rounds.
    pub group_clashes: u64,
    /// Hard rules the plan breaks, as sentences with names.
    pub problems: Vec<String>,
}

impl CafePlan<'_> {
    fn absent_set(&self) -> HashSet<(Uuid, Uuid)> {
        self.absences.iter().copied().collect()
    }

    /// The engine's problem: plan rounds `from_round` (1-based) and later; earlier rounds are frozen as stored,
    /// locked seats of later rounds are fixed.
    pub fn engine_input(
        &self,
        from_round: usize,
        time_limit_ms: u64,
        seed: u64,
    ) -> Result<SeatingInput, PlanError> {
        if self.tables.is_empty() {
            return Err(PlanError::NoTables);
        }
        if self.attendees.is_empty() {
            return Err(PlanError::NoAttendees);
        }
        if from_round == 0 || from_round > self.rounds.len() {
            return Err(PlanError::NoSuchRound {
                from: from_round,
                rounds: self.rounds.len(),
            });
        }
        let absent = self.absent_set();
        let round_number: HashMap<Uuid, usize> = self
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i + 1))
            .collect();
        let host_of: HashMap<Uuid, Uuid> = self
            .tables
            .iter()
            .filter_map(|t| t.host_id.map(|h| (h, t.id)))
            .collect();
        let people = self
            .attendees
            .iter()
            .map(|a| {
                let present: Vec<usize> = self
                    .rounds
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !absent.contains(&(r.id, a.id)))
                    .map(|(i, _)| i + 1)
                    .collect();
                PersonSpec {
                    id: a.id.to_string(),
                    host_of: host_of.get(&a.id).map(|t| t.to_string()),
                    group: group_of(a),
                    present: (present.len() < self.rounds.len()).then_some(present),
                    prefers: Vec::new(),
                }
            })
            .collect();
        let mut frozen: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); from_round - 1];
        let mut fixed = Vec::new();
        let known: HashSet<Uuid> = self.attendees.iter().map(|a| a.id).collect();
        for s in self.seats {
            let Some(&n) = round_number.get(&s.round) else {
                continue;
            };
            if !known.contains(&s.attendee) || absent.contains(&(s.round, s.attendee)) {
                continue;
            }
            if n < from_round {
                frozen[n - 1]
                    .entry(s.table.to_string())
                    .or_default()
                    .push(s.attendee.to_string());
            } else if s.locked {
                fixed.push(FixedSeat {
                    person: s.attendee.to_string(),
                    round: n,
                    table: s.table.to_string(),
                });
            }
        }
        Ok(SeatingInput {
            rounds: self.rounds.len(),
            tables: self
                .tables
                .iter()
                .map(|t| TableSpec {
                    id: t.id.to_string(),
                    capacity: t.capacity as usize,
                })
                .collect(),
            people,
            keep_apart: Vec::new(),
            keep_together: Vec::new(),
            fixed,
            frozen,
            time_limit_ms: Some(time_limit_ms),
            seed: Some(seed),
            max_iterations: None,
        })
    }

    /// The seats of rounds `from_round` and later in the engine's answer (people and tables in the order of
    /// [`CafePlan::engine_input`]), keeping the locks of seats that stayed where they were locked.
    pub fn seats_from(&self, outcome: &Outcome, from_round: usize) -> Vec<SeatAt> {
        let locked: HashSet<(Uuid, Uuid, Uuid)> = self
            .seats
            .iter()
            .filter(|s| s.locked)
            .map(|s| (s.round, s.attendee, s.table))
            .collect();
        let mut seats = Vec::new();
        for (r, tables) in outcome
            .rounds
            .iter()
            .enumerate()
            .skip(from_round.saturating_sub(1))
        {
            let Some(round) = self.rounds.get(r) else {
                continue;
            };
            for (t, people) in tables.iter().enumerate() {
                let Some(table) = self.tables.get(t) else {
                    continue;
                };
                for &p in people {
                    let Some(a) = self.attendees.get(p) else {
                        continue;
                    };
                    let key = (round.id, a.id, table.id);
                    seats.push(SeatAt {
                        round: round.id,
                        attendee: a.id,
                        table: table.id,
                        locked: locked.contains(&key),
                    });
                }
            }
        }
        seats
    }

    /// Scores the plan as stored.
    pub fn score(&self) -> PlanScore {
        let absent = self.absent_set();
        let name: HashMap<Uuid, &str> = self
            .attendees
            .iter()
            .map(|a| (a.id, a.name.as_str()))
            .collect();
        let group: HashMap<Uuid, Option<String>> =
            self.attendees.iter().map(|a| (a.id, group_of(a))).collect();
        let table_index: HashMap<Uuid, usize> = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        let mut by_round: HashMap<Uuid, Vec<Vec<&SeatAt>>> = HashMap::new();
        for s in self.seats {
            if let (Some(&t), true) = (table_index.get(&s.table), name.contains_key(&s.attendee)) {
                by_round
                    .entry(s.round)
                    .or_insert_with(|| vec![Vec::new(); self.tables.len()])[t]
                    .push(s);
            }
        }
        let pair = |a: Uuid, b: Uuid| if a < b { (a, b) } else { (b, a) };
        let mut meetings: HashMap<(Uuid, Uuid), u32> = HashMap::new();
        for tables in by_round.values() {
            for people in tables {
                for (i, a) in people.iter().enumerate() {
                    for b in &people[i + 1..] {
                        *meetings.entry(pair(a.attendee, b.attendee)).or_default() += 1;
                    }
                }
            }
        }
        let mut problems = Vec::new();
        let mut group_clashes = 0u64;
        let mut rounds = Vec::with_capacity(self.rounds.len());
        let empty = vec![Vec::new(); self.tables.len()];
        for round in self.rounds {
            let tables = by_round.get(&round.id).unwrap_or(&empty);
            let mut seated = HashSet::new();
            let mut scored_tables = Vec::with_capacity(tables.len());
            for (t, people) in tables.iter().enumerate() {
                let table = &self.tables[t];
                if people.len() > table.capacity as usize {
                    problems.push(format!(
                        "Round {}: {} seats {} but has {}.",
                        round.number,
                        table.name,
                        table.capacity,
                        people.len()
                    ));
                }
                let mut seats: Vec<ScoredSeat> = people
                    .iter()
                    .map(|s| {
                        seated.insert(s.attendee);
                        let others = people.iter().filter(|o| o.attendee != s.attendee);
                        let met_elsewhere = others
                            .clone()
                            .filter(|o| {
                                meetings
                                    .get(&pair(s.attendee, o.attendee))
                                    .copied()
                                    .unwrap_or(0)
                                    > 1
                            })
                            .count();
                        let g = group.get(&s.attendee).cloned().flatten();
                        let same_group = g.is_some()
                            && others
                                .clone()
                                .any(|o| group.get(&o.attendee).cloned().flatten() == g);
                        ScoredSeat {
                            attendee: s.attendee,
                            locked: s.locked,
                            met_elsewhere: met_elsewhere as u32,
                            same_group,
                        }
                    })
                    .collect();
                for (i, a) in people.iter().enumerate() {
                    let ga = group.get(&a.attendee).cloned().flatten();
                    if ga.is_some() {
                        group_clashes += people[i + 1..]
                            .iter()
                            .filter(|b| group.get(&b.attendee).cloned().flatten() == ga)
                            .count() as u64;
                    }
                }
                seats.sort_by_key(|s| name.get(&s.attendee).map(|n| n.to_lowercase()));
                if let Some(h) = table.host_id
                    && !absent.contains(&(round.id, h))
                    && !seats.is_empty()
                    && !people.iter().any(|s| s.attendee == h)
                {
                    problems.push(format!(
                        "Round {}: {}, the host of {}, sits at another table.",
                        round.number,
                        name.get(&h).unwrap_or(&"?"),
                        table.name
                    ));
                }
                scored_tables.push(seats);
            }
            let absent_here: Vec<Uuid> = self
                .attendees
                .iter()
                .filter(|a| absent.contains(&(round.id, a.id)))
                .map(|a| a.id)
                .collect();
            let unseated: Vec<Uuid> = if seated.is_empty() {
                Vec::new() // no plan for this round yet
            } else {
                self.attendees
                    .iter()
                    .filter(|a| !seated.contains(&a.id) && !absent.contains(&(round.id, a.id)))
                    .map(|a| a.id)
                    .collect()
            };
            if !unseated.is_empty() {
                let names: Vec<&str> = unseated
                    .iter()
                    .take(3)
                    .filter_map(|u| name.get(u).copied())
                    .collect();
                let more = if unseated.len() > 3 {
                    format!(" and {} more", unseated.len() - 3)
                } else {
                    String::new()
                };
                problems.push(format!(
                    "Round {}: no seat for {}{more}.",
                    round.number,
                    names.join(", ")
                ));
            }
            rounds.push(ScoredRound {
                round: round.id,
                tables: scored_tables,
                absent: absent_here,
                unseated,
            });
        }
        PlanScore {
            rounds,
            repeat_pairs: meetings
                .values()
                .map(|&m| u64::from(m.saturating_sub(1)))
                .sum(),
            max_meetings: meetings.values().copied().max().unwrap_or(0),
            group_clashes,
            problems,
        }
    }
}

/// A spreadsheet cell: quoted when needed, and — so that no name can run as a formula in Excel or LibreOffice —
/// prefixed with an apostrophe when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

impl CafePlan<'_> {
    /// The plan as CSV for spreadsheets (UTF-8 with a byte-order mark, as Excel expects): one line per person and
    /// round, in round and table order — `Round,Table,Topic,Name,Organisation,Role,Locked` — and absent people
    /// with an empty table.
    pub fn to_csv(&self) -> String {
        let name: HashMap<Uuid, &Attendee> = self.attendees.iter().map(|a| (a.id, a)).collect();
        let hosts: HashSet<Uuid> = self.tables.iter().filter_map(|t| t.host_id).collect();
        let score = self.score();
        let mut out = String::from("\u{feff}Round,Table,Topic,Name,Organisation,Role,Locked\r\n");
        let mut line =
            |round: u32, table: Option<&Table>, a: &Attendee, role: &str, locked: bool| {
                let cells = [
                    round.to_string(),
                    csv_cell(table.map(|t| t.name.as_str()).unwrap_or("")),
                    csv_cell(table.and_then(|t| t.topic.as_deref()).unwrap_or("")),
                    csv_cell(&a.name),
                    csv_cell(a.organisation.as_deref().unwrap_or("")),
                    role.to_owned(),
                    if locked {
                        "yes".to_owned()
                    } else {
                        String::new()
                    },
                ];
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            };
        for (round, scored) in self.rounds.iter().zip(&score.rounds) {
            for (table, seats) in self.tables.iter().zip(&scored.tables) {
                // The host first, then the others as scored (by name).
                let mut ordered: Vec<&ScoredSeat> = seats
                    .iter()
                    .filter(|s| table.host_id == Some(s.attendee))
                    .collect();
                ordered.extend(seats.iter().filter(|s| table.host_id != Some(s.attendee)));
                for s in ordered {
                    if let Some(a) = name.get(&s.attendee) {
                        let role = if table.host_id == Some(a.id) || hosts.contains(&a.id) {
                            "host"
                        } else {
                            "traveller"
                        };
                        line(round.number, Some(table), a, role, s.locked);
                    }
                }
            }
            for id in &scored.absent {
                if let Some(a) = name.get(id) {
                    line(round.number, None, a, "absent", false);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::seating::{Options, Problem, solve};

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    struct Cafe {
        rounds: Vec<Round>,
        tables: Vec<Table>,
        attendees: Vec<Attendee>,
    }

    fn cafe(rounds: usize, tables: usize, capacity: u32, people: usize) -> Cafe {
        Cafe {
            rounds: (0..rounds)
                .map(|i| Round {
                    id: id(100 + i as u128),
                    number: i as u32 + 1,
                    question: String::new(),
                    duration_minutes: 20,
                })
                .collect(),
            tables: (0..tables)
                .map(|i| Table {
                    id: id(200 + i as u128),
                    number: i as u32 + 1,
                    name: format!("Table {}", i + 1),
                    capacity,
                    topic: None,
                    host_id: None,
                })
                .collect(),
            attendees: (0..people)
                .map(|i| Attendee {
                    id: id(1000 + i as u128),
                    name: format!("P{i:02}"),
                    organisation: Some(format!("Org {}", i % 3)),
                    email: None,
                    role: Role::Traveller,
                })
                .collect(),
        }
    }

    fn plan<'a>(c: &'a Cafe, absences: &'a [(Uuid, Uuid)], seats: &'a [SeatAt]) -> CafePlan<'a> {
        CafePlan {
            rounds: &c.rounds,
            tables: &c.tables,
            attendees: &c.attendees,
            absences,
            seats,
        }
    }

    fn run(p: &CafePlan<'_>, from: usize) -> Vec<SeatAt> {
        let input = p.engine_input(from, 1000, 7).unwrap();
        let problem = Problem::new(&input).unwrap();
        let outcome = solve(
            &problem,
            &Options {
                seed: 7,
                max_iterations: Some(20_000),
            },
            &|| false,
        )
        .unwrap();
        p.seats_from(&outcome, from)
    }

    #[test]
    fn plans_hosts_absences_and_scores() {
        let mut c = cafe(3, 4, 4, 16);
        c.tables[0].host_id = Some(c.attendees[0].id);
        let absences = [(c.rounds[1].id, c.attendees[5].id)];
        let seats = run(&plan(&c, &absences, &[]), 1);
        let score = plan(&c, &absences, &seats).score();
        assert_eq!(score.problems, Vec::<String>::new());
        // The host sits at their table in every round; the absent person has no seat in round 2.
        for r in &score.rounds {
            assert!(r.tables[0].iter().any(|s| s.attendee == c.attendees[0].id));
        }
        assert_eq!(score.rounds[1].absent, [c.attendees[5].id]);
        assert!(
            !seats
                .iter()
                .any(|s| s.round == c.rounds[1].id && s.attendee == c.attendees[5].id)
        );
        // 16 people at 4 tables of 4 for 3 rounds can all meet new people.
        assert_eq!(score.repeat_pairs, 0);
    }

    #[test]
    fn replanning_keeps_earlier_rounds_and_locked_seats() {
        let c = cafe(3, 3, 5, 12);
        let first = run(&plan(&c, &[], &[]), 1);
        // Lock someone's round-3 seat at table 3, mark someone absent from round 3, then re-plan from round 2.
        let mut seats = first.clone();
        let who = c.attendees[4].id;
        for s in seats.iter_mut() {
            if s.round == c.rounds[2].id && s.attendee == who {
                s.table = c.tables[2].id;
                s.locked = true;
            }
        }
        let absences = [(c.rounds[2].id, c.attendees[7].id)];
        let replanned = run(&plan(&c, &absences, &seats), 2);
        assert!(replanned.iter().all(|s| s.round != c.rounds[0].id));
        assert!(replanned.contains(&SeatAt {
            round: c.rounds[2].id,
            attendee: who,
            table: c.tables[2].id,
            locked: true
        }));
        let mut all: Vec<SeatAt> = first
            .iter()
            .filter(|s| s.round == c.rounds[0].id)
            .copied()
            .collect();
        all.extend(replanned);
        let score = plan(&c, &absences, &all).score();
        assert!(score.problems.is_empty(), "{:?}", score.problems);
    }

    #[test]
    fn hand_edits_are_scored_with_names() {
        let mut c = cafe(2, 2, 2, 4);
        c.tables[1].host_id = Some(c.attendees[3].id);
        let s = |r: usize, a: usize, t: usize| SeatAt {
            round: c.rounds[r].id,
            attendee: c.attendees[a].id,
            table: c.tables[t].id,
            locked: false,
        };
        // Round 1: three at table 1 (seats 2), the host of table 2 away; P00 and P01 meet twice.
        let seats = [
            s(0, 0, 0),
            s(0, 1, 0),
            s(0, 3, 0),
            s(0, 2, 1),
            s(1, 0, 1),
            s(1, 1, 1),
            s(1, 3, 1),
        ];
        let score = plan(&c, &[], &seats).score();
        assert_eq!(
            score.problems,
            [
                "Round 1: Table 1 seats 2 but has 3.",
                "Round 1: P03, the host of Table 2, sits at another table.",
                "Round 2: Table 2 seats 2 but has 3.",
                "Round 2: no seat for P02."
            ]
        );
        assert_eq!(score.repeat_pairs, 3);
        assert_eq!(score.max_meetings, 2);
        let p00 = score.rounds[1].tables[1]
            .iter()
            .find(|x| x.attendee == c.attendees[0].id)
            .unwrap();
        assert_eq!(p00.met_elsewhere, 2);
        // P00 (Org 0) and P03 (Org 0) share a table in both rounds.
        assert_eq!(score.group_clashes, 2);
        assert!(p00.same_group);
    }

    fn check_cell(input: &str, expected: &str) {
        assert_eq!(csv_cell(input), expected, "{input:?}");
    }

    #[test]
    fn csv_cells() {
        check_cell("Ana", "Ana");
        check_cell("Lima, Ana", "\"Lima, Ana\"");
        check_cell("The \"Big\" Library", "\"The \"\"Big\"\" Library\"");
        check_cell("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
        check_cell("+49 30 1234", "'+49 30 1234");
        check_cell("-", "'-");
        check_cell("line\nbreak", "\"line\nbreak\"");
    }

    #[test]
    fn plan_as_csv() {
        let mut c = cafe(1, 2, 2, 3);
        c.tables[1].host_id = Some(c.attendees[2].id);
        c.tables[1].topic = Some("Open, FAIR data".into());
        c.attendees[1].name = "=cmd".into();
        let s = |a: usize, t: usize, locked: bool| SeatAt {
            round: c.rounds[0].id,
            attendee: c.attendees[a].id,
            table: c.tables[t].id,
            locked,
        };
        let seats = [s(0, 1, true), s(2, 1, false)];
        let absences = [(c.rounds[0].id, c.attendees[1].id)];
        assert_eq!(
            plan(&c, &absences, &seats).to_csv(),
            "\u{feff}Round,Table,Topic,Name,Organisation,Role,Locked\r\n\
             1,Table 2,\"Open, FAIR data\",P02,Org 2,host,\r\n\
             1,Table 2,\"Open, FAIR data\",P00,Org 0,traveller,yes\r\n\
             1,,,'=cmd,Org 1,absent,\r\n"
        );
    }

    #[test]
    fn nothing_to_seat() {
        let c = cafe(2, 0, 4, 3);
        assert_eq!(
            plan(&c, &[], &[]).engine_input(1, 100, 1).unwrap_err(),
            PlanError::NoTables
        );
        let c = cafe(2, 2, 4, 0);
        assert_eq!(
            plan(&c, &[], &[]).engine_input(1, 100, 1).unwrap_err(),
            PlanError::NoAttendees
        );
        let c = cafe(2, 2, 4, 3);
        assert!(matches!(
            plan(&c, &[], &[]).engine_input(3, 100, 1),
            Err(PlanError::NoSuchRound { .. })
        ));
    }
}
