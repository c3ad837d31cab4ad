//! The seating problem: its JSON form ([`SeatingInput`]), the checked and indexed form the engine works on
//! ([`Problem`]), and the feasibility checks that turn contradictory input into a [`ProblemError`] naming the
//! conflict ("round 3: 162 present but 160 seats"). The objective's pieces that the solver and the validator must
//! agree on (topic costs, balanced table sizes) are defined here once.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::validate;

/// Most rounds a seating problem can have.
pub const MAX_ROUNDS: usize = 100;
/// Most seats at one table.
pub const MAX_CAPACITY: usize = 1_000;
/// The time budget when the input names none, in milliseconds.
pub const DEFAULT_TIME_LIMIT_MS: u64 = 1_000;
/// The seed when the input names none.
pub const DEFAULT_SEED: u64 = 1;

pub(crate) const NONE: u32 = u32::MAX;

/// A seating problem as JSON gives it. Every key but `rounds`, `tables` and `people` may be left out; unknown keys
/// are refused (a misspelt `keep_appart` must not be ignored silently). Rounds are numbered from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatingInput {
    /// How many rounds to seat.
    pub rounds: usize,
    /// The tables, in the order the output lists them.
    pub tables: Vec<TableSpec>,
    /// Everybody who may come.
    pub people: Vec<PersonSpec>,
    /// Lists of people of whom no two may share a table (usually pairs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep_apart: Vec<Vec<String>>,
    /// Sets of people who sit at the same table in every round they are present; overlapping sets merge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep_together: Vec<Vec<String>>,
    /// Seats given in advance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<FixedSeat>,
    /// Rounds 1..=k as already announced (table id → ids); kept exactly. Unlisted tables are empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frozen: Vec<BTreeMap<String, Vec<String>>>,
    /// The search's time budget in milliseconds (default 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_ms: Option<u64>,
    /// The random seed (default 1): the same seed and iteration count give the same seating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Stop after this many search steps even if time is left (makes a run reproducible).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_iterations: Option<u64>,
}

/// A table as JSON gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub id: String,
    /// Seats, the host's included.
    pub capacity: usize,
}

/// A person as JSON gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    pub id: String,
    /// The table this person hosts: they sit there in every round they are present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_of: Option<String>,
    /// Organisation or team; people of one group are spread over the tables where possible. Compared ignoring
    /// case and runs of spaces; an empty group is no group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The rounds this person attends (default: all); `[]` is a no-show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<Vec<usize>>,
    /// Table ids (topics) this person wants to visit, most wanted first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefers: Vec<String>,
}

/// A seat given in advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedSeat {
    pub person: String,
    pub round: usize,
    pub table: String,
}

/// Why a problem cannot be solved as given. Rounds in messages are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemError {
    #[error("rounds must be between 1 and {max}, not {rounds}")]
    Rounds { rounds: usize, max: usize },
    #[error("there are no tables")]
    NoTables,
    #[error("{what} has an empty id")]
    EmptyId { what: String },
    #[error("table {0:?} is listed twice")]
    DuplicateTable(String),
    #[error("person {0:?} is listed twice")]
    DuplicatePerson(String),
    #[error("table {table:?} has capacity {capacity}; a table seats 1 to {max}")]
    Capacity {
        table: String,
        capacity: usize,
        max: usize,
    },
    #[error("{context}: there is no table {table:?}")]
    UnknownTable { context: String, table: String },
    #[error("{context}: there is no person {person:?}")]
    UnknownPerson { context: String, person: String },
    #[error("{context}: there is no round {round} (rounds are 1 to {rounds})")]
    UnknownRound {
        context: String,
        round: usize,
        rounds: usize,
    },
    #[error("table {table:?} has two hosts, {first:?} and {second:?}")]
    TwoHosts {
        table: String,
        first: String,
        second: String,
    },
    /// A list that is wrong in itself: too short, a name twice, …
    #[error("{context}: {problem}")]
    Invalid { context: String, problem: String },
    /// Two requirements that cannot both hold.
    #[error("{0}")]
    Conflict(String),
    #[error("round {round}: {present} present but {seats} seats")]
    NotEnoughSeats {
        round: usize,
        present: usize,
        seats: usize,
    },
    #[error("round {round}: table {table:?} seats {capacity} but {count} must sit there ({who})")]
    TableOverfull {
        round: usize,
        table: String,
        capacity: usize,
        count: usize,
        who: String,
    },
    #[error("frozen round {round}: {problem}")]
    Frozen { round: usize, problem: String },
}

/// A table of a checked problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub id: String,
    pub capacity: usize,
}

/// A person of a checked problem; tables, groups and rounds are indices (rounds from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub host_of: Option<usize>,
    pub group: Option<usize>,
    /// `present[r]`: attends round r.
    pub present: Vec<bool>,
    /// Table indices, most wanted first.
    pub prefers: Vec<usize>,
}

/// A checked seating problem: ids resolved to indices (rounds from 0), every contradiction ruled out, and each
/// person's forced table per round (host, fixed seat, frozen round, or a keep-together partner's) worked out.
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) rounds: usize,
    pub(crate) tables: Vec<Table>,
    pub(crate) people: Vec<Person>,
    pub(crate) groups: Vec<String>,
    pub(crate) keep_apart: Vec<(usize, usize)>,
    pub(crate) keep_together: Vec<Vec<usize>>,
    pub(crate) fixed: BTreeMap<(usize, usize), usize>,
    pub(crate) frozen: Vec<Vec<Vec<usize>>>,
    /// `pins[r * n + p]`: the table p must sit at in round r, or `NONE`.
    pub(crate) pins: Vec<u32>,
    pub(crate) time_limit_ms: u64,
    pub(crate) seed: u64,
    pub(crate) max_iterations: Option<u64>,
}

/// The sizes that share `people` over tables of `capacities` as evenly as possible (at most one apart except where
/// a small table is full), in the capacities' order; `None` when they do not fit. This is the minimum of
/// Σ size², the balance measure.
pub fn balanced_sizes(people: usize, capacities: &[usize]) -> Option<Vec<usize>> {
    if people > capacities.iter().sum() {
        return None;
    }
    let mut order: Vec<usize> = (0..capacities.len()).collect();
    // Small tables first; among equals the later ones first, so any extra person goes to the earliest table.
    order.sort_by_key(|&t| (capacities[t], std::cmp::Reverse(t)));
    let mut sizes = vec![0; capacities.len()];
    let mut left = people;
    for (i, &t) in order.iter().enumerate() {
        let share = left / (capacities.len() - i);
        sizes[t] = capacities[t].min(share);
        left -= sizes[t];
    }
    // Floors leave a remainder only on the largest tables; hand it out one by one.
    for &t in order.iter().rev() {
        if left == 0 {
            break;
        }
        if sizes[t] < capacities[t] {
            sizes[t] += 1;
            left -= 1;
        }
    }
    debug_assert_eq!(left, 0);
    Some(sizes)
}

/// The least Σ size² over the tables for `people` present: the zero point of the imbalance measure.
pub(crate) fn min_square_sum(people: usize, capacities: &[usize]) -> u64 {
    balanced_sizes(people, capacities)
        .map(|s| s.iter().map(|&x| (x * x) as u64).sum())
        .unwrap_or(0)
}

/// `"a", "b", "c"` for error messages.
pub(crate) fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{name:?}");
    }
    out
}

fn group_key(group: &str) -> String {
    group
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut x = x;
    while parent[x] != root {
        let next = parent[x];
        parent[x] = root;
        x = next;
    }
    root
}

impl Problem {
    /// Checks `input` and builds the indexed problem, or names the first contradiction found.
    pub fn new(input: &SeatingInput) -> Result<Problem, ProblemError> {
        let rounds = input.rounds;
        if !(1..=MAX_ROUNDS).contains(&rounds) {
            return Err(ProblemError::Rounds {
                rounds,
                max: MAX_ROUNDS,
            });
        }
        if input.tables.is_empty() {
            return Err(ProblemError::NoTables);
        }
        let mut table_index = HashMap::new();
        let mut tables = Vec::with_capacity(input.tables.len());
        for (i, t) in input.tables.iter().enumerate() {
            if t.id.trim().is_empty() {
                return Err(ProblemError::EmptyId {
                    what: format!("table {}", i + 1),
                });
            }
            if table_index.insert(t.id.as_str(), i).is_some() {
                return Err(ProblemError::DuplicateTable(t.id.clone()));
            }
            if !(1..=MAX_CAPACITY).contains(&t.capacity) {
                return Err(ProblemError::Capacity {
                    table: t.id.clone(),
                    capacity: t.capacity,
                    max: MAX_CAPACITY,
                });
            }
            tables.push(Table {
                id: t.id.clone(),
                capacity: t.capacity,
            });
        }
        let table = |context: &dyn Fn() -> String, id: &str| {
            table_index
                .get(id)
                .copied()
                .ok_or_else(|| ProblemError::UnknownTable {
                    context: context(),
                    table: id.to_owned(),
                })
        };
        let check_round = |context: &dyn Fn() -> String, round: usize| {
            if (1..=rounds).contains(&round) {
                Ok(round - 1)
            } else {
                Err(ProblemError::UnknownRound {
                    context: context(),
                    round,
                    rounds,
                })
            }
        };

        let mut person_index = HashMap::new();
        for (i, p) in input.people.iter().enumerate() {
            if p.id.trim().is_empty() {
                return Err(ProblemError::EmptyId {
                    what: format!("person {}", i + 1),
                });
            }
            if person_index.insert(p.id.as_str(), i).is_some() {
                return Err(ProblemError::DuplicatePerson(p.id.clone()));
            }
        }
        let person = |context: &dyn Fn() -> String, id: &str| {
            person_index
                .get(id)
                .copied()
                .ok_or_else(|| ProblemError::UnknownPerson {
                    context: context(),
                    person: id.to_owned(),
                })
        };
        let name = |p: usize| input.people[p].id.as_str();

        let mut groups: Vec<String> = Vec::new();
        let mut group_index: HashMap<String, usize> = HashMap::new();
        let mut hosts: Vec<Option<usize>> = vec![None; tables.len()];
        let mut people = Vec::with_capacity(input.people.len());
        for (i, p) in input.people.iter().enumerate() {
            let context = || format!("person {:?}", p.id);
            let host_of = match &p.host_of {
                None => None,
                Some(t) => {
                    let t = table(&|| format!("{}, host_of", context()), t)?;
                    if let Some(first) = hosts[t] {
                        return Err(ProblemError::TwoHosts {
                            table: tables[t].id.clone(),
                            first: name(first).to_owned(),
                            second: p.id.clone(),
                        });
                    }
                    hosts[t] = Some(i);
                    Some(t)
                }
            };
            let group = p
                .group
                .as_deref()
                .map(group_key)
                .filter(|g| !g.is_empty())
                .map(|key| {
                    let next = groups.len();
                    let g = *group_index.entry(key).or_insert(next);
                    if g == next {
                        groups.push(p.group.clone().unwrap_or_default().trim().to_owned());
                    }
                    g
                });
            let present = match &p.present {
                None => vec![true; rounds],
                Some(list) => {
                    let mut present = vec![false; rounds];
                    for &r in list {
                        present[check_round(&|| format!("{}, present", context()), r)?] = true;
                    }
                    present
                }
            };
            if host_of.is_some() && !p.prefers.is_empty() {
                return Err(ProblemError::Conflict(format!(
                    "person {:?} hosts {:?} and stays there, so cannot also rank topics (prefers)",
                    p.id,
                    p.host_of.as_deref().unwrap_or_default()
                )));
            }
            let mut prefers = Vec::with_capacity(p.prefers.len());
            for id in &p.prefers {
                let t = table(&|| format!("{}, prefers", context()), id)?;
                if prefers.contains(&t) {
                    return Err(ProblemError::Invalid {
                        context: format!("{}, prefers", context()),
                        problem: format!("lists {id:?} twice"),
                    });
                }
                prefers.push(t);
            }
            people.push(Person {
                id: p.id.clone(),
                host_of,
                group,
                present,
                prefers,
            });
        }
        let n = people.len();

        let resolve_list =
            |what: &str, i: usize, list: &[String]| -> Result<Vec<usize>, ProblemError> {
                let context = || format!("{what} #{}", i + 1);
                let mut out = Vec::with_capacity(list.len());
                for id in list {
                    let p = person(&context, id)?;
                    if out.contains(&p) {
                        return Err(ProblemError::Invalid {
                            context: context(),
                            problem: format!("lists {id:?} twice"),
                        });
                    }
                    out.push(p);
                }
                if out.len() < 2 {
                    return Err(ProblemError::Invalid {
                        context: context(),
                        problem: "needs at least two people".into(),
                    });
                }
                Ok(out)
            };

        let mut apart_lists = Vec::new();
        let mut keep_apart = Vec::new();
        for (i, list) in input.keep_apart.iter().enumerate() {
            let list = resolve_list("keep_apart", i, list)?;
            for (k, &a) in list.iter().enumerate() {
                for &b in &list[k + 1..] {
                    keep_apart.push((a.min(b), a.max(b)));
                }
            }
            apart_lists.push(list);
        }
        keep_apart.sort_unstable();
        keep_apart.dedup();

        // keep_together: sets sharing a person merge.
        let mut parent: Vec<usize> = (0..n).collect();
        let mut in_together = vec![false; n];
        for (i, list) in input.keep_together.iter().enumerate() {
            let list = resolve_list("keep_together", i, list)?;
            for &p in &list {
                in_together[p] = true;
                let (a, b) = (find(&mut parent, list[0]), find(&mut parent, p));
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for p in (0..n).filter(|&p| in_together[p]) {
            sets.entry(find(&mut parent, p)).or_default().push(p);
        }
        let keep_together: Vec<Vec<usize>> = sets.into_values().collect();
        let mut together_of = vec![usize::MAX; n];
        for (s, set) in keep_together.iter().enumerate() {
            for &p in set {
                together_of[p] = s;
            }
        }
        let set_names = |s: usize| quoted(keep_together[s].iter().map(|&p| name(p)));
        for &(a, b) in &keep_apart {
            if together_of[a] != usize::MAX && together_of[a] == together_of[b] {
                return Err(ProblemError::Conflict(format!(
                    "{:?} and {:?} must be kept apart but also together (keep_together {})",
                    name(a),
                    name(b),
                    set_names(together_of[a])
                )));
            }
        }
        for (s, set) in keep_together.iter().enumerate() {
            let set_hosts: Vec<usize> = set
                .iter()
                .copied()
                .filter(|&p| people[p].host_of.is_some())
                .collect();
            if set_hosts.len() > 1 {
                return Err(ProblemError::Conflict(format!(
                    "keep_together {} holds two hosts, {:?} and {:?}, who stay at different tables",
                    set_names(s),
                    name(set_hosts[0]),
                    name(set_hosts[1])
                )));
            }
        }

        let mut fixed: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (i, f) in input.fixed.iter().enumerate() {
            let context = || format!("fixed #{}", i + 1);
            let p = person(&context, &f.person)?;
            let t = table(&context, &f.table)?;
            let r = check_round(&context, f.round)?;
            if !people[p].present[r] {
                return Err(ProblemError::Conflict(format!(
                    "{}: {:?} is fixed to {:?} in round {} but is not present then",
                    context(),
                    f.person,
                    f.table,
                    f.round
                )));
            }
            if let Some(h) = people[p].host_of
                && h != t
            {
                return Err(ProblemError::Conflict(format!(
                    "{}: {:?} hosts {:?} but is fixed to {:?} in round {}",
                    context(),
                    f.person,
                    tables[h].id,
                    f.table,
                    f.round
                )));
            }
            if let Some(&other) = fixed.get(&(p, r))
                && other != t
            {
                return Err(ProblemError::Conflict(format!(
                    "{:?} is fixed to both {:?} and {:?} in round {}",
                    f.person, tables[other].id, f.table, f.round
                )));
            }
            fixed.insert((p, r), t);
        }

        if input.frozen.len() > rounds {
            return Err(ProblemError::Conflict(format!(
                "{} rounds are frozen but there are only {rounds}",
                input.frozen.len()
            )));
        }
        let mut frozen = Vec::with_capacity(input.frozen.len());
        for (r, round) in input.frozen.iter().enumerate() {
            let err = |problem: String| ProblemError::Frozen {
                round: r + 1,
                problem,
            };
            let mut seated = vec![usize::MAX; n];
            let mut seating = vec![Vec::new(); tables.len()];
            for (table_id, ids) in round {
                let t = table_index
                    .get(table_id.as_str())
                    .copied()
                    .ok_or_else(|| err(format!("there is no table {table_id:?}")))?;
                for id in ids {
                    let p = person_index
                        .get(id.as_str())
                        .copied()
                        .ok_or_else(|| err(format!("there is no person {id:?}")))?;
                    if seated[p] != usize::MAX {
                        return Err(err(format!(
                            "{id:?} is seated twice ({:?} and {table_id:?})",
                            tables[seated[p]].id
                        )));
                    }
                    if !people[p].present[r] {
                        return Err(err(format!("{id:?} is seated but not present")));
                    }
                    seated[p] = t;
                    seating[t].push(p);
                }
            }
            if let Some(p) = (0..n).find(|&p| people[p].present[r] && seated[p] == usize::MAX) {
                return Err(err(format!("{:?} is present but not seated", name(p))));
            }
            frozen.push(seating);
        }

        let mut problem = Problem {
            rounds,
            tables,
            people,
            groups,
            keep_apart,
            keep_together,
            fixed,
            frozen,
            pins: Vec::new(),
            time_limit_ms: input.time_limit_ms.unwrap_or(DEFAULT_TIME_LIMIT_MS),
            seed: input.seed.unwrap_or(DEFAULT_SEED),
            max_iterations: input.max_iterations,
        };
        for r in 0..problem.frozen.len() {
            let mut violations = Vec::new();
            validate::check_round(&problem, r, &problem.frozen[r], &mut violations);
            if let Some(v) = violations.into_iter().next() {
                return Err(ProblemError::Conflict(format!("frozen {v}")));
            }
        }
        problem.check_rounds(&apart_lists)?;
        Ok(problem)
    }

    /// Seat counts, forced tables and keep-apart lists, round by round; fills in `pins`.
    fn check_rounds(&mut self, apart_lists: &[Vec<usize>]) -> Result<(), ProblemError> {
        let n = self.people.len();
        let seats: usize = self.tables.iter().map(|t| t.capacity).sum();
        let largest = self.tables.iter().map(|t| t.capacity).max().unwrap_or(0);
        let mut pins = vec![NONE; self.rounds * n];
        for r in 0..self.rounds {
            let present = self.present_count(r);
            if present > seats {
                return Err(ProblemError::NotEnoughSeats {
                    round: r + 1,
                    present,
                    seats,
                });
            }
            let pin = &mut pins[r * n..(r + 1) * n];
            if let Some(frozen) = self.frozen.get(r) {
                for (t, people) in frozen.iter().enumerate() {
                    for &p in people {
                        pin[p] = t as u32;
                    }
                }
                continue;
            }
            // Why each person is pinned, for messages.
            let mut reason: Vec<String> = vec![String::new(); n];
            for (p, person) in self.people.iter().enumerate() {
                if !person.present[r] {
                    continue;
                }
                if let Some(t) = self.fixed.get(&(p, r)) {
                    pin[p] = *t as u32;
                    reason[p] = format!("{:?} (fixed)", person.id);
                } else if let Some(t) = person.host_of {
                    pin[p] = t as u32;
                    reason[p] = format!("{:?} (host)", person.id);
                }
            }
            for set in &self.keep_together {
                let here: Vec<usize> = set
                    .iter()
                    .copied()
                    .filter(|&p| self.people[p].present[r])
                    .collect();
                let names = quoted(set.iter().map(|&p| self.people[p].id.as_str()));
                if here.len() > largest {
                    return Err(ProblemError::Conflict(format!(
                        "round {}: keep_together {names} has {} people present but the largest table seats {largest}",
                        r + 1,
                        here.len()
                    )));
                }
                let mut forced = here.iter().copied().filter(|&p| pin[p] != NONE);
                if let Some(first) = forced.next() {
                    if let Some(other) = forced.find(|&p| pin[p] != pin[first]) {
                        return Err(ProblemError::Conflict(format!(
                            "round {}: keep_together {names} cannot sit together: {} must sit at {:?} and {} at {:?}",
                            r + 1,
                            reason[first],
                            self.tables[pin[first] as usize].id,
                            reason[other],
                            self.tables[pin[other] as usize].id
                        )));
                    }
                    for &p in &here {
                        if pin[p] == NONE {
                            pin[p] = pin[first];
                            reason[p] = format!("{:?} (with {})", self.people[p].id, reason[first]);
                        }
                    }
                }
            }
            let mut at: Vec<Vec<usize>> = vec![Vec::new(); self.tables.len()];
            for p in (0..n).filter(|&p| pin[p] != NONE) {
                at[pin[p] as usize].push(p);
            }
            for (t, who) in at.iter().enumerate() {
                if who.len() > self.tables[t].capacity {
                    return Err(ProblemError::TableOverfull {
                        round: r + 1,
                        table: self.tables[t].id.clone(),
                        capacity: self.tables[t].capacity,
                        count: who.len(),
                        who: who
                            .iter()
                            .map(|&p| reason[p].as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
            for &(a, b) in &self.keep_apart {
                if pin[a] != NONE && pin[a] == pin[b] {
                    return Err(ProblemError::Conflict(format!(
                        "round {}: {} and {} must both sit at {:?} but are to be kept apart",
                        r + 1,
                        reason[a],
                        reason[b],
                        self.tables[pin[a] as usize].id
                    )));
                }
            }
            for list in apart_lists {
                let here = list.iter().filter(|&&p| self.people[p].present[r]).count();
                if here > self.tables.len() {
                    return Err(ProblemError::Conflict(format!(
                        "round {}: keep_apart {} puts {here} people present at different tables but there are only {} tables",
                        r + 1,
                        quoted(list.iter().map(|&p| self.people[p].id.as_str())),
                        self.tables.len()
                    )));
                }
            }
        }
        self.pins = pins;
        Ok(())
    }

    /// Rounds to seat.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// Tables, in input order.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// People, in input order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Group names, indexed by [`Person::group`].
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// Pairs that never share a table, `(a, b)` with `a < b`.
    pub fn keep_apart(&self) -> &[(usize, usize)] {
        &self.keep_apart
    }

    /// Sets that share a table in every round (overlapping input sets merged).
    pub fn keep_together(&self) -> &[Vec<usize>] {
        &self.keep_together
    }

    /// The frozen rounds (round → table → people); they are rounds `0..frozen().len()`.
    pub fn frozen(&self) -> &[Vec<Vec<usize>>] {
        &self.frozen
    }

    /// The table `person` is fixed to in `round` by a `fixed` entry.
    pub fn fixed_table(&self, person: usize, round: usize) -> Option<usize> {
        self.fixed.get(&(person, round)).copied()
    }

    /// The table `person` must sit at in `round` (host, fixed seat, frozen round or keep-together partner).
    pub fn pinned_table(&self, person: usize, round: usize) -> Option<usize> {
        let t = self.pins[round * self.people.len() + person];
        (t != NONE).then_some(t as usize)
    }

    /// How many people attend `round`.
    pub fn present_count(&self, round: usize) -> usize {
        self.people.iter().filter(|p| p.present[round]).count()
    }

    pub fn time_limit_ms(&self) -> u64 {
        self.time_limit_ms
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn max_iterations(&self) -> Option<u64> {
        self.max_iterations
    }

    pub(crate) fn capacities(&self) -> Vec<usize> {
        self.tables.iter().map(|t| t.capacity).collect()
    }

    /// What one visit to `table` costs `person` (who ranked topics): its rank (0 for the first choice), or twice
    /// the list's length for a topic not on the list.
    pub fn topic_cost(&self, person: usize, table: usize) -> u64 {
        let prefers = &self.people[person].prefers;
        match prefers.iter().position(|&t| t == table) {
            Some(rank) => rank as u64,
            None => 2 * prefers.len() as u64,
        }
    }

    /// What each visit to a topic already visited costs `person`: more than any first visit.
    pub fn topic_repeat_cost(&self, person: usize) -> u64 {
        4 * self.people[person].prefers.len() as u64
    }

    /// The least preference cost `person` can have: the top topics, each once, then unlisted ones, then repeats.
    pub fn ideal_preference_cost(&self, person: usize) -> u64 {
        let k = self.people[person].prefers.len();
        if k == 0 {
            return 0;
        }
        let visits = self.people[person].present.iter().filter(|&&x| x).count();
        let listed = visits.min(k);
        let unlisted = visits.saturating_sub(k).min(self.tables.len() - k);
        let repeats = visits.saturating_sub(self.tables.len());
        (listed * listed.saturating_sub(1) / 2) as u64
            + unlisted as u64 * 2 * k as u64
            + repeats as u64 * self.topic_repeat_cost(person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn input(json: &str) -> SeatingInput {
        serde_json::from_str(json).unwrap()
    }

    /// Builds the problem from `json` and expects `expected` as the error message (or success for "").
    fn check(json: &str, expected: &str) {
        match Problem::new(&input(json)) {
            Ok(_) => assert_eq!("", expected, "{json}"),
            Err(e) => assert_eq!(e.to_string(), expected, "{json}"),
        }
    }

    const TWO_TABLES: &str =
        r#""tables": [{"id": "T1", "capacity": 2}, {"id": "T2", "capacity": 2}]"#;

    fn with(rest: &str) -> String {
        format!(
            r#"{{"rounds": 2, {TWO_TABLES}, "people": [{{"id": "a"}}, {{"id": "b"}}, {{"id": "c"}}, {{"id": "d"}}]{rest}}}"#
        )
    }

    #[test]
    fn the_example_from_the_issue_parses() {
        let json = r#"{"rounds": 4,
          "tables": [{"id": "T1", "capacity": 8}, {"id": "T2", "capacity": 7}],
          "people": [{"id": "p1", "host_of": "T1"}, {"id": "p2", "group": "Library A", "present": [1, 2], "prefers": ["T2", "T1"]},
                     {"id": "p3"}, {"id": "p4"}, {"id": "p5"}, {"id": "p6"}, {"id": "p7"}],
          "keep_apart": [["p3", "p4"]], "keep_together": [["p5", "p6"]],
          "fixed": [{"person": "p7", "round": 1, "table": "T2"}],
          "frozen": [{"T1": ["p1", "p2"], "T2": ["p3", "p4", "p5", "p6", "p7"]}],
          "time_limit_ms": 1000, "seed": 1}"#;
        let e = Problem::new(&input(json)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "frozen round 1: \"p3\" and \"p4\" are kept apart but share \"T2\""
        );
        let ok = json.replace(
            r#""T1": ["p1", "p2"], "T2": ["p3","#,
            r#""T1": ["p1", "p2", "p3"], "T2": ["#,
        );
        let p = Problem::new(&input(&ok)).unwrap();
        assert_eq!(p.rounds(), 4);
        assert_eq!(p.people()[1].present, vec![true, true, false, false]);
        assert_eq!(p.people()[1].prefers, vec![1, 0]);
        assert_eq!(p.groups(), ["Library A"]);
        assert_eq!(p.pinned_table(0, 2), Some(0));
        assert_eq!(p.pinned_table(2, 0), Some(0), "frozen");
        assert_eq!(p.pinned_table(2, 1), None);
        assert_eq!(p.fixed_table(6, 0), Some(1));
        assert_eq!(p.time_limit_ms(), 1000);
    }

    #[test]
    fn ids_and_shapes() {
        check(&with(""), "");
        check(
            r#"{"rounds": 0, "tables": [{"id": "T", "capacity": 1}], "people": []}"#,
            "rounds must be between 1 and 100, not 0",
        );
        check(
            r#"{"rounds": 1, "tables": [], "people": []}"#,
            "there are no tables",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": "T", "capacity": 1}, {"id": "T", "capacity": 2}], "people": []}"#,
            "table \"T\" is listed twice",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": " ", "capacity": 1}], "people": []}"#,
            "table 1 has an empty id",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": "T", "capacity": 0}], "people": []}"#,
            "table \"T\" has capacity 0; a table seats 1 to 1000",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": "T", "capacity": 1}], "people": [{"id": "a"}, {"id": "a"}]}"#,
            "person \"a\" is listed twice",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": "T", "capacity": 2}], "people": [{"id": "a", "host_of": "T"}, {"id": "b", "host_of": "T"}]}"#,
            "table \"T\" has two hosts, \"a\" and \"b\"",
        );
        check(
            r#"{"rounds": 1, "tables": [{"id": "T", "capacity": 2}], "people": [{"id": "a", "host_of": "X"}]}"#,
            "person \"a\", host_of: there is no table \"X\"",
        );
        check(
            r#"{"rounds": 2, "tables": [{"id": "T", "capacity": 2}], "people": [{"id": "a", "present": [3]}]}"#,
            "person \"a\", present: there is no round 3 (rounds are 1 to 2)",
        );
        check(
            r#"{"rounds": 2, "tables": [{"id": "T", "capacity": 2}], "people": [{"id": "a", "prefers": ["T", "T"]}]}"#,
            "person \"a\", prefers: lists \"T\" twice",
        );
        check(
            r#"{"rounds": 2, "tables": [{"id": "T", "capacity": 2}], "people": [{"id": "a", "host_of": "T", "prefers": ["T"]}]}"#,
            "person \"a\" hosts \"T\" and stays there, so cannot also rank topics (prefers)",
        );
        assert!(
            serde_json::from_str::<SeatingInput>(
                r#"{"rounds": 1, "tables": [], "people": [], "keep_appart": []}"#
            )
            .unwrap_err()
            .to_string()
            .contains("unknown field `keep_appart`")
        );
    }

    #[test]
    fn constraint_lists() {
        check(
            &with(r#", "keep_apart": [["a", "x"]]"#),
            "keep_apart #1: there is no person \"x\"",
        );
        check(
            &with(r#", "keep_apart": [["a"]]"#),
            "keep_apart #1: needs at least two people",
        );
        check(
            &with(r#", "keep_together": [["a", "b", "a"]]"#),
            "keep_together #1: lists \"a\" twice",
        );
        check(
            &with(r#", "keep_together": [["a", "b"], ["b", "c"]], "keep_apart": [["c", "a"]]"#),
            "\"a\" and \"c\" must be kept apart but also together (keep_together \"a\", \"b\", \"c\")",
        );
        check(
            &with(r#", "keep_together": [["a", "b", "c"]]"#),
            "round 1: keep_together \"a\", \"b\", \"c\" has 3 people present but the largest table seats 2",
        );
        check(
            &with(r#", "keep_apart": [["a", "b", "c"]]"#),
            "round 1: keep_apart \"a\", \"b\", \"c\" puts 3 people present at different tables but there are only 2 tables",
        );
        check(
            &with(r#", "fixed": [{"person": "a", "round": 3, "table": "T1"}]"#),
            "fixed #1: there is no round 3 (rounds are 1 to 2)",
        );
        check(
            &with(
                r#", "fixed": [{"person": "a", "round": 1, "table": "T1"}, {"person": "a", "round": 1, "table": "T2"}]"#,
            ),
            "\"a\" is fixed to both \"T1\" and \"T2\" in round 1",
        );
        check(
            &with(
                r#", "fixed": [{"person": "a", "round": 2, "table": "T1"}, {"person": "b", "round": 2, "table": "T1"}], "keep_apart": [["a", "b"]]"#,
            ),
            "round 2: \"a\" (fixed) and \"b\" (fixed) must both sit at \"T1\" but are to be kept apart",
        );
        check(
            &with(
                r#", "fixed": [{"person": "a", "round": 2, "table": "T1"}, {"person": "b", "round": 2, "table": "T2"}], "keep_together": [["a", "b"]]"#,
            ),
            "round 2: keep_together \"a\", \"b\" cannot sit together: \"a\" (fixed) must sit at \"T1\" and \"b\" (fixed) at \"T2\"",
        );
        check(
            &with(
                r#", "fixed": [{"person": "a", "round": 1, "table": "T1"}, {"person": "b", "round": 1, "table": "T1"}], "keep_together": [["b", "c"]]"#,
            ),
            "round 1: table \"T1\" seats 2 but 3 must sit there (\"a\" (fixed), \"b\" (fixed), \"c\" (with \"b\" (fixed)))",
        );
    }

    #[test]
    fn hosts_presence_and_seats() {
        let people = r#""people": [{"id": "h", "host_of": "T1", "present": [1]}, {"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d", "present": [2]}]"#;
        check(&format!(r#"{{"rounds": 2, {TWO_TABLES}, {people}}}"#), "");
        check(
            &format!(
                r#"{{"rounds": 2, {TWO_TABLES}, {people}, "fixed": [{{"person": "h", "round": 1, "table": "T2"}}]}}"#
            ),
            "fixed #1: \"h\" hosts \"T1\" but is fixed to \"T2\" in round 1",
        );
        check(
            &format!(
                r#"{{"rounds": 2, {TWO_TABLES}, {people}, "fixed": [{{"person": "h", "round": 2, "table": "T1"}}]}}"#
            ),
            "fixed #1: \"h\" is fixed to \"T1\" in round 2 but is not present then",
        );
        check(
            &format!(
                r#"{{"rounds": 2, {TWO_TABLES}, "people": [{{"id": "a"}}, {{"id": "b"}}, {{"id": "c"}}, {{"id": "d"}}, {{"id": "e", "present": [2]}}]}}"#
            ),
            "round 2: 5 present but 4 seats",
        );
    }

    #[test]
    fn frozen_rounds_are_checked() {
        let frozen = |f: &str| with(&format!(r#", "frozen": [{f}]"#));
        check(&frozen(r#"{"T1": ["a", "b"], "T2": ["c", "d"]}"#), "");
        check(
            &frozen(r#"{"T1": ["a", "b"], "T3": ["c", "d"]}"#),
            "frozen round 1: there is no table \"T3\"",
        );
        check(
            &frozen(r#"{"T1": ["a", "b"], "T2": ["c", "x"]}"#),
            "frozen round 1: there is no person \"x\"",
        );
        check(
            &frozen(r#"{"T1": ["a", "b"], "T2": ["c", "a"]}"#),
            "frozen round 1: \"a\" is seated twice (\"T1\" and \"T2\")",
        );
        check(
            &frozen(r#"{"T1": ["a", "b"], "T2": ["c"]}"#),
            "frozen round 1: \"d\" is present but not seated",
        );
        check(
            &frozen(r#"{"T1": ["a", "b", "c"], "T2": ["d"]}"#),
            "frozen round 1: table \"T1\" seats 2 but has 3",
        );
        check(
            &with(r#", "frozen": [{"T1": ["a", "b"], "T2": ["c", "d"]}, {}, {}]"#),
            "3 rounds are frozen but there are only 2",
        );
        check(
            &with(
                r#", "keep_together": [["a", "c"]], "frozen": [{"T1": ["a", "b"], "T2": ["c", "d"]}]"#,
            ),
            "frozen round 1: keep_together \"a\" and \"c\" sit at different tables",
        );
        check(
            &with(
                r#", "fixed": [{"person": "d", "round": 1, "table": "T1"}], "frozen": [{"T1": ["a", "b"], "T2": ["c", "d"]}]"#,
            ),
            "frozen round 1: \"d\" is fixed to \"T1\" but sits at \"T2\"",
        );
        let absent = r#"{"rounds": 2, "tables": [{"id": "T1", "capacity": 2}], "people": [{"id": "a", "present": [2]}], "frozen": [{"T1": ["a"]}]}"#;
        check(absent, "frozen round 1: \"a\" is seated but not present");
    }

    #[test]
    fn balanced_sizes_fill_evenly_within_capacities() {
        let check = |n: usize, caps: &[usize], expected: Option<&[usize]>| {
            assert_eq!(
                balanced_sizes(n, caps).as_deref(),
                expected,
                "{n} into {caps:?}"
            )
        };
        check(7, &[5, 5, 5], Some(&[3, 2, 2]));
        check(7, &[1, 5, 5], Some(&[1, 3, 3]));
        check(12, &[10, 4], Some(&[8, 4]));
        check(150, &[8, 7, 8, 7], None);
        check(28, &[8, 7, 8, 7], Some(&[7, 7, 7, 7]));
        check(29, &[8, 7, 8, 7], Some(&[8, 7, 7, 7]));
        check(0, &[3], Some(&[0]));
        assert_eq!(min_square_sum(7, &[5, 5, 5]), 17);
    }

    #[test]
    fn groups_compare_loosely_and_preferences_cost_by_rank() {
        let json = r#"{"rounds": 3, "tables": [{"id": "A", "capacity": 3}, {"id": "B", "capacity": 3}, {"id": "C", "capacity": 3}],
            "people": [{"id": "a", "group": "Library  A"}, {"id": "b", "group": " library a"}, {"id": "c", "group": ""},
                       {"id": "d", "prefers": ["C", "A"]}]}"#;
        let p = Problem::new(&input(json)).unwrap();
        assert_eq!(p.people()[0].group, Some(0));
        assert_eq!(p.people()[1].group, Some(0));
        assert_eq!(p.people()[2].group, None);
        assert_eq!(p.topic_cost(3, 2), 0);
        assert_eq!(p.topic_cost(3, 0), 1);
        assert_eq!(p.topic_cost(3, 1), 4);
        assert_eq!(p.topic_repeat_cost(3), 8);
        assert_eq!(p.ideal_preference_cost(3), 1 + 4);
    }
}
