//! The benchmark instances (`cafe bench seating`, docs/benchmarks.md), built in code so tests and the benchmark
//! share them: social golfer shapes, hosted cafés with teams to spread, and a re-plan with people leaving and
//! arriving after two announced rounds.

use std::collections::BTreeMap;

use super::problem::{PersonSpec, SeatingInput, TableSpec};

/// A named instance with what it should reach and what other tools reached.
#[derive(Debug, Clone)]
pub struct Instance {
    pub name: String,
    pub input: SeatingInput,
    pub target: &'static str,
    pub anchor: &'static str,
}

/// `people` people, `tables` tables of `size`, `rounds` rounds, no other constraint.
pub fn golfers(people: usize, tables: usize, size: usize, rounds: usize) -> SeatingInput {
    SeatingInput {
        rounds,
        tables: (1..=tables)
            .map(|t| TableSpec {
                id: format!("T{t}"),
                capacity: size,
            })
            .collect(),
        people: (1..=people)
            .map(|p| PersonSpec {
                id: format!("p{p}"),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// Tables of the given capacities (host included), each with a host `h{t}`, and `teams` teams of `team_size`
/// guests (`t{team}-{i}`, group `Team {team}`), over `rounds` rounds.
pub fn hosted(capacities: &[usize], teams: usize, team_size: usize, rounds: usize) -> SeatingInput {
    let tables: Vec<TableSpec> = capacities
        .iter()
        .enumerate()
        .map(|(t, &capacity)| TableSpec {
            id: format!("T{}", t + 1),
            capacity,
        })
        .collect();
    let mut people: Vec<PersonSpec> = tables
        .iter()
        .enumerate()
        .map(|(t, table)| PersonSpec {
            id: format!("h{}", t + 1),
            host_of: Some(table.id.clone()),
            ..Default::default()
        })
        .collect();
    for team in 1..=teams {
        for i in 1..=team_size {
            people.push(PersonSpec {
                id: format!("t{team}-{i}"),
                group: Some(format!("Team {team}")),
                ..Default::default()
            });
        }
    }
    SeatingInput {
        rounds,
        tables,
        people,
        ..Default::default()
    }
}

/// The 150-person café: 20 tables (10 seat 8, 10 seat 7, host included), 26 teams of 5.
pub fn cafe_150(rounds: usize) -> SeatingInput {
    let capacities: Vec<usize> = (0..20).map(|t| if t < 10 { 8 } else { 7 }).collect();
    hosted(&capacities, 26, 5, rounds)
}

/// [`cafe_150`] with each team as a hard keep-apart list instead of a group (no two team-mates ever at a table).
pub fn cafe_150_apart(rounds: usize) -> SeatingInput {
    let mut input = cafe_150(rounds);
    let mut teams: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for person in &mut input.people {
        if let Some(team) = person.group.take() {
            teams.entry(team).or_default().push(person.id.clone());
        }
    }
    input.keep_apart = teams.into_values().collect();
    input
}

/// The 500-person café: 60 tables (20 seat 9, 40 seat 8, host included), 110 teams of 4, 6 rounds.
pub fn cafe_500() -> SeatingInput {
    let capacities: Vec<usize> = (0..60).map(|t| if t < 20 { 9 } else { 8 }).collect();
    hosted(&capacities, 110, 4, 6)
}

/// The 150-person café re-planned after rounds 1–2 (`frozen`, as announced): the first member of teams 1–8
/// leaves, ten newcomers arrive for rounds 3–4 (`n1`–`n5` from one organisation). With `extra_chairs` tables T11
/// and T12 get an eighth seat — without them 152 people need the 150 seats.
pub fn replan_150(frozen: Vec<BTreeMap<String, Vec<String>>>, extra_chairs: bool) -> SeatingInput {
    let mut input = cafe_150(4);
    for team in 1..=8 {
        let id = format!("t{team}-1");
        if let Some(p) = input.people.iter_mut().find(|p| p.id == id) {
            p.present = Some(vec![1, 2]);
        }
    }
    for i in 1..=10 {
        input.people.push(PersonSpec {
            id: format!("n{i}"),
            group: (i <= 5).then(|| "Newcomer Library".to_owned()),
            present: Some(vec![3, 4]),
            ..Default::default()
        });
    }
    if extra_chairs {
        input.tables[10].capacity += 1;
        input.tables[11].capacity += 1;
    }
    input.frozen = frozen;
    input
}

/// Every benchmark instance but the re-plan (which needs a solved first half).
pub fn benchmark() -> Vec<Instance> {
    vec![
        Instance {
            name: "16 people, 4×4, 5 rounds".into(),
            input: golfers(16, 4, 4, 5),
            target: "0",
            anchor: "GEG 8",
        },
        Instance {
            name: "25 people, 5×5, 6 rounds".into(),
            input: golfers(25, 5, 5, 6),
            target: "0",
            anchor: "GEG 20–31",
        },
        Instance {
            name: "32 people, 8×4, 9 rounds".into(),
            input: golfers(32, 8, 4, 9),
            target: "≤ 8, stretch 0",
            anchor: "C++ tabu 8 in 47 s; GEG 15–18",
        },
        Instance {
            name: "36 people, 6×6, 4 rounds".into(),
            input: golfers(36, 6, 6, 4),
            target: "≤ 2",
            anchor: "GEG 4–6",
        },
        Instance {
            name: "30 people, 5×6, 8 rounds".into(),
            input: golfers(30, 5, 6, 8),
            target: "≤ 176 (bound 165)",
            anchor: "GEG 188–193",
        },
        Instance {
            name: "40: 8 hosts + 8 teams of 4, 4 rounds".into(),
            input: hosted(&[5; 8], 8, 4, 4),
            target: "0",
            anchor: "GEG 0 in ~1 s",
        },
        Instance {
            name: "150: 20 hosts + 26 teams of 5, 4 rounds".into(),
            input: cafe_150(4),
            target: "0 in ≤ 1 s",
            anchor: "GEG 13 in 218 s",
        },
        Instance {
            name: "150: 20 hosts + 26 teams of 5, 10 rounds".into(),
            input: cafe_150(10),
            target: "0 in ≤ 20 s",
            anchor: "GEG 719 + 42 violations",
        },
        Instance {
            name: "150: 20 hosts + 26 teams of 5 kept apart (hard), 10 rounds".into(),
            input: cafe_150_apart(10),
            target: "0 in ≤ 20 s",
            anchor: "GEG 719 + 42 violations",
        },
        Instance {
            name: "500: 60 hosts + 110 teams of 4, 6 rounds".into(),
            input: cafe_500(),
            target: "0 in ≤ 2 s, < 200 MB",
            anchor: "GEG out of memory",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::super::problem::Problem;
    use super::*;

    #[test]
    fn instances_have_the_advertised_shapes() {
        let sizes: Vec<(usize, usize)> = benchmark()
            .iter()
            .map(|i| {
                (
                    i.input.people.len(),
                    i.input.tables.iter().map(|t| t.capacity).sum(),
                )
            })
            .collect();
        assert_eq!(
            sizes,
            [
                (16, 16),
                (25, 25),
                (32, 32),
                (36, 36),
                (30, 30),
                (40, 40),
                (150, 150),
                (150, 150),
                (150, 150),
                (500, 500)
            ]
        );
        for i in benchmark() {
            Problem::new(&i.input).unwrap();
        }
        let literal = replan_150(Vec::new(), false);
        assert_eq!(
            Problem::new(&literal).unwrap_err().to_string(),
            "round 3: 152 present but 150 seats"
        );
        Problem::new(&replan_150(Vec::new(), true)).unwrap();
        let apart = Problem::new(&cafe_150_apart(10)).unwrap();
        assert_eq!(apart.keep_apart().len(), 26 * 10);
        assert!(apart.groups().is_empty());
    }
}
