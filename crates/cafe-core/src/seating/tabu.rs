//! Tabu local search over swaps, after Dotú & Van Hentenryck (2005) and Triska & Musliu (2012).
//!
//! Each step picks a round through a random conflicted seat — serious conflicts first (someone at the table the
//! person meets in another round too, or a kept-apart partner), group-mates when none is left or one step in ten —
//! then evaluates every swap of a few conflicted people of that round with anyone at another table (and, where
//! seats are free, every move to another table) and takes the best by the lexicographic cost that is not tabu — a
//! person may not return to the table they just left for a short random tenure — unless it beats the best seating
//! found (aspiration). After a stall the search restarts from the best seating shaken by a few random swaps. One
//! step in ten starts from random people instead, so topic preferences and balance improve too.
//!
//! When no swap of the step improves the cost, the step looks instead for an ejection chain ([`super::chain`])
//! from the first few conflicted people picked: a cycle of moves within the round, each mover arriving where it
//! meets nobody it has met or must avoid. It removes a conflict without creating one, which the swaps alone
//! rarely manage once few conflicts are left.
//!
//! Once R reaches its lower bound and topic preferences their ideal, both are optimal, and moves that would raise
//! them (or break a hard constraint) are no longer taken: the search continues on that plateau for groups and
//! balance. (Locking R alone would freeze preferences, which need to pass through seatings with repeats.)
//!
//! A singleton swap costs O(1) to evaluate: per step, each person's "leave my table" sum and each person's "join
//! table a" sum (for the candidates' tables a) are computed once, in O(people × table size).
//!
//! The search is deterministic for a seed; only `should_stop` (polled every [`super::POLL_EVERY`] steps) brings in time.

use super::chain::{self, Chains};
use super::problem::NONE;
use super::rng::Rng;
use super::state::{Cost, Pairs, State};

/// Limits and the target that ends the search early.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_iterations: u64,
    /// A cost no seating can beat (the lower bound): reaching it ends the search.
    pub target: Cost,
}

/// The best seating found and the steps taken.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub seat: Vec<u32>,
    pub cost: Cost,
    pub iterations: u64,
    /// The step at which the best R was first reached (0: the start had it).
    pub repeats_at: u64,
}

/// How many conflicted people of the chosen round one step considers.
fn candidates_per_step(n: usize) -> usize {
    (4_000 / n.max(1)).clamp(2, 64)
}

/// How many of the picked conflicted people a step tries as the start of an ejection chain.
const CHAIN_STARTS: usize = 4;

/// Steps without a new best before a restart.
fn stall_limit(n: usize) -> u64 {
    500 + 5 * n as u64
}

pub(crate) fn search(
    state: &mut State,
    rng: &mut Rng,
    limits: Limits,
    should_stop: &dyn Fn() -> bool,
) -> Found {
    let n = state.n;
    let rounds = state.rounds;
    let open: Vec<usize> = (0..rounds)
        .filter(|&r| (0..n).any(|p| state.movable[r * n + p]))
        .collect();
    let mut best = Found {
        seat: state.seat.clone(),
        cost: state.cost,
        iterations: 0,
        repeats_at: 0,
    };
    if open.is_empty() {
        return best;
    }
    let movable: Vec<Vec<u32>> = (0..rounds)
        .map(|r| {
            (0..n as u32)
                .filter(|&p| state.movable[r * n + p as usize])
                .collect()
        })
        .collect();
    let mut tabu_table = vec![NONE; rounds * n];
    let mut tabu_until = vec![0u64; rounds * n];
    // The current seating is the best one but not yet copied to `best.seat`.
    let mut unsaved = false;
    let mut stall = 0u64;
    let per_step = candidates_per_step(n);
    let mut picked: Vec<u32> = Vec::new();
    let mut u_buf: Vec<u32> = Vec::new();
    let mut v_buf: Vec<u32> = Vec::new();
    let mut caches = Caches::default();
    let mut chains = Chains::default();
    let mut it = 0u64;
    while it < limits.max_iterations && best.cost > limits.target {
        if it.is_multiple_of(super::POLL_EVERY) && should_stop() {
            break;
        }
        it += 1;

        // Choose a round and the people whose moves are considered.
        picked.clear();
        // Serious conflicts (repeats, kept-apart) first; group-mates when none is left or now and then.
        let level = if state.serious.total > 0 && (state.mild.total == 0 || !rng.chance(1, 10)) {
            Some(&state.serious)
        } else if state.mild.total > 0 {
            Some(&state.mild)
        } else {
            None
        };
        let explore = level.is_none() || rng.chance(1, 10);
        let r = match level {
            Some(conflicts) if !explore => {
                let (r, i) = conflicts.pick(rng);
                let list = &conflicts.lists[r];
                picked.push(list[i]);
                if list.len() <= per_step {
                    picked.extend(list.iter().copied().filter(|&p| p != list[i]));
                } else {
                    for _ in 1..per_step {
                        picked.push(list[rng.below(list.len())]);
                    }
                    picked.sort_unstable();
                    picked.dedup();
                }
                r
            }
            _ => {
                let r = open[rng.below(open.len())];
                for _ in 0..per_step.min(movable[r].len()) {
                    picked.push(movable[r][rng.below(movable[r].len())]);
                }
                picked.sort_unstable();
                picked.dedup();
                r
            }
        };

        let choice = evaluate(
            state,
            r,
            &picked,
            &mut caches,
            &Rules {
                tabu_table: &tabu_table,
                tabu_until: &tabu_until,
                now: it,
                best: best.cost,
                floor: limits.target,
            },
            rng,
        );
        // No swap improves: look for an ejection chain from the conflicted people picked.
        let improves = matches!(choice, Some((delta, ..)) if delta < Cost::default());
        if !improves && !explore {
            let groups = state.serious.total == 0;
            let mut applied = None;
            for &p in picked.iter().take(CHAIN_STARTS) {
                applied = chains.repair(state, r, p, chain::MAX_LEN, groups, rng);
                if applied.is_some() {
                    break;
                }
            }
            if let Some(applied) = applied {
                let tenure = 2 + rng.below(4) as u64;
                for &(x, left) in &applied.moves {
                    tabu_table[r * n + x as usize] = left as u32;
                    tabu_until[r * n + x as usize] = it + tenure;
                }
                if state.cost < best.cost {
                    if state.cost.repeats < best.cost.repeats {
                        best.repeats_at = it;
                    }
                    best.cost = state.cost;
                    unsaved = true;
                    stall = 0;
                }
                continue;
            }
        }
        match choice {
            None => stall += 1, // every move tabu or off the plateau
            Some((delta, p, b, q)) => {
                if unsaved && delta > Cost::default() {
                    best.seat.copy_from_slice(&state.seat);
                    unsaved = false;
                }
                let a = state.table_of(r, p);
                u_buf.clear();
                u_buf.extend_from_slice(state.unit(r, p));
                v_buf.clear();
                if q != NONE {
                    v_buf.extend_from_slice(state.unit(r, q));
                }
                state.apply(r, a, &u_buf, b, &v_buf);
                let tenure = 2 + rng.below(4) as u64 + (state.serious.lists[r].len() as u64).min(4);
                for &x in &u_buf {
                    tabu_table[r * n + x as usize] = a as u32;
                    tabu_until[r * n + x as usize] = it + tenure;
                }
                for &x in &v_buf {
                    tabu_table[r * n + x as usize] = b as u32;
                    tabu_until[r * n + x as usize] = it + tenure;
                }
                if state.cost < best.cost {
                    if state.cost.repeats < best.cost.repeats {
                        best.repeats_at = it;
                    }
                    best.cost = state.cost;
                    unsaved = true;
                    stall = 0;
                } else {
                    stall += 1;
                }
            }
        }
        if stall > stall_limit(n) {
            // Restart from the best seating, shaken by a few random swaps.
            if unsaved {
                best.seat.copy_from_slice(&state.seat);
                unsaved = false;
            }
            state.load(&best.seat);
            perturb(state, rng, &open, &movable);
            tabu_until.iter_mut().for_each(|x| *x = 0);
            stall = 0;
        }
    }
    if unsaved {
        best.seat.copy_from_slice(&state.seat);
    }
    best.iterations = it;
    best
}

/// What makes a move admissible: the tabu list (`(table, until)` per seat: moving a person back to the table they
/// left is tabu until then), the best cost (aspiration) and the cost's floor (the plateau lock).
struct Rules<'t> {
    tabu_table: &'t [u32],
    tabu_until: &'t [u64],
    now: u64,
    best: Cost,
    floor: Cost,
}

impl Rules<'_> {
    fn forbids(&self, n: usize, r: usize, p: u32, to: usize) -> bool {
        let i = r * n + p as usize;
        self.tabu_table[i] == to as u32 && self.tabu_until[i] >= self.now
    }
}

/// Per-step sums that make a singleton swap's evaluation O(1): what each person's leaving their table changes,
/// and what each person's joining a candidate's table changes.
#[derive(Default)]
struct Caches {
    leave: Vec<Pairs>,
    /// `join[k][q]`: q joining table `join_table[k]`.
    join: Vec<Vec<Pairs>>,
    join_table: Vec<usize>,
    /// The candidate joining each table.
    join_p: Vec<Pairs>,
}

/// The best admissible move among those of `picked` in round `r`: `(delta, p, to table, partner or NONE)`, ties
/// broken at random. A tabu move is admissible only if it beats the best seating found.
fn evaluate(
    state: &State,
    r: usize,
    picked: &[u32],
    caches: &mut Caches,
    rules: &Rules,
    rng: &mut Rng,
) -> Option<(Cost, u32, usize, u32)> {
    let n = state.n;
    let movable = |x: u32| state.movable[r * n + x as usize];
    let mut choice: Option<(Cost, u32, usize, u32)> = None;
    let mut ties = 0usize;
    // R at its lower bound and ideal preferences are optimal: never leave them, search for groups and balance on
    // that plateau.
    let lock = state.cost.hard == 0
        && state.cost.repeats <= rules.floor.repeats
        && state.cost.prefs <= rules.floor.prefs;
    let mut consider = |delta: Cost, tabu: bool, p: u32, b: usize, q: u32| {
        if lock && (delta.hard > 0 || delta.repeats > 0 || delta.prefs > 0) {
            return;
        }
        if tabu && state.cost + delta >= rules.best {
            return;
        }
        match &choice {
            Some((d, ..)) if delta > *d => {}
            Some((d, ..)) if delta == *d => {
                ties += 1;
                if rng.below(ties + 1) == 0 {
                    choice = Some((delta, p, b, q));
                }
            }
            _ => {
                choice = Some((delta, p, b, q));
                ties = 0;
            }
        }
    };
    caches.leave.resize(n, Pairs::default());
    caches.join_table.clear();
    for t in 0..state.t {
        for &x in state.at(r, t) {
            if movable(x) {
                caches.leave[x as usize] = state.leave_sum(r, x);
            }
        }
    }
    for &p in picked {
        let a = state.table_of(r, p);
        let u = state.unit(r, p);
        if u.len() > 1 {
            // Keep-together units: the general evaluation.
            if !u.iter().all(|&x| movable(x)) {
                continue;
            }
            for b in (0..state.t).filter(|&b| b != a) {
                let tabu_to_b = u.iter().any(|&x| rules.forbids(n, r, x, b));
                if state.fits(r, a, u.len(), b, 0) {
                    consider(state.delta(r, a, u, b, &[]), tabu_to_b, p, b, NONE);
                }
                for &q in state.at(r, b) {
                    let v = state.unit(r, q);
                    if !state.leads_unit(r, q)
                        || !v.iter().all(|&x| movable(x))
                        || !state.fits(r, a, u.len(), b, v.len())
                    {
                        continue;
                    }
                    let tabu = tabu_to_b || v.iter().any(|&x| rules.forbids(n, r, x, a));
                    consider(state.delta(r, a, u, b, v), tabu, p, b, q);
                }
            }
            continue;
        }
        // What anyone joining table `a` changes, computed once per table per step.
        let k = match caches.join_table.iter().position(|&t| t == a) {
            Some(k) => k,
            None => {
                let k = caches.join_table.len();
                caches.join_table.push(a);
                if caches.join.len() <= k {
                    caches.join.push(vec![Pairs::default(); n]);
                }
                for t in (0..state.t).filter(|&t| t != a) {
                    for &q in state.at(r, t) {
                        if movable(q) {
                            caches.join[k][q as usize] = state.join_sum(r, q, a);
                        }
                    }
                }
                k
            }
        };
        caches.join_p.clear();
        caches
            .join_p
            .extend((0..state.t).map(|t| state.join_sum(r, p, t)));
        let leave_p = caches.leave[p as usize];
        let size_a = state.at(r, a).len() as i64;
        for b in (0..state.t).filter(|&b| b != a) {
            let tabu_to_b = rules.forbids(n, r, p, b);
            let to_b = leave_p.add(caches.join_p[b]);
            let pref_p = state.pref_move(p, a, b);
            if state.fits(r, a, 1, b, 0) {
                let size_b = state.at(r, b).len() as i64;
                let delta = to_b.cost(pref_p, 2 * (size_b - size_a + 1));
                debug_assert_eq!(delta, state.delta(r, a, u, b, &[]));
                consider(delta, tabu_to_b, p, b, NONE);
            }
            for &q in state.at(r, b) {
                if !movable(q) {
                    continue;
                }
                let v = state.unit(r, q);
                if v.len() > 1 {
                    if !state.leads_unit(r, q)
                        || !v.iter().all(|&x| movable(x))
                        || !state.fits(r, a, 1, b, v.len())
                    {
                        continue;
                    }
                    let tabu = tabu_to_b || v.iter().any(|&x| rules.forbids(n, r, x, a));
                    consider(state.delta(r, a, u, b, v), tabu, p, b, q);
                    continue;
                }
                let both = state.pair_join(p, q);
                let pairs = to_b
                    .add(caches.leave[q as usize])
                    .add(caches.join[k][q as usize])
                    .sub(both)
                    .sub(both);
                let delta = pairs.cost(pref_p + state.pref_move(q, b, a), 0);
                debug_assert_eq!(delta, state.delta(r, a, u, b, v));
                let tabu = tabu_to_b || rules.forbids(n, r, q, a);
                consider(delta, tabu, p, b, q);
            }
        }
    }
    choice
}

/// A few random swaps of single people in random open rounds.
fn perturb(state: &mut State, rng: &mut Rng, open: &[usize], movable: &[Vec<u32>]) {
    let swaps = 2 + state.n / 16;
    for _ in 0..swaps {
        let r = open[rng.below(open.len())];
        let list = &movable[r];
        let (p, q) = (list[rng.below(list.len())], list[rng.below(list.len())]);
        let (a, b) = (state.table_of(r, p), state.table_of(r, q));
        if a == b || state.unit(r, p).len() > 1 || state.unit(r, q).len() > 1 {
            continue;
        }
        state.apply(r, a, &[p], b, &[q]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::problem::{Problem, SeatingInput};
    use super::super::validate::validate;
    use super::*;

    #[test]
    fn incremental_bookkeeping_matches_a_fresh_count() {
        let json = r#"{"rounds": 4, "tables": [{"id": "A", "capacity": 4}, {"id": "B", "capacity": 4}, {"id": "C", "capacity": 3}],
            "people": [{"id": "h", "host_of": "A"}, {"id": "a", "group": "g"}, {"id": "b", "group": "g"}, {"id": "c", "prefers": ["B", "C"]},
                       {"id": "d"}, {"id": "e", "present": [2, 3]}, {"id": "f"}, {"id": "g"}, {"id": "i"}],
            "keep_apart": [["a", "d"]], "keep_together": [["f", "g"]]}"#;
        let problem = Problem::new(&serde_json::from_str::<SeatingInput>(json).unwrap()).unwrap();
        let mut rng = Rng::new(5);
        let start = super::super::construct::initial(&problem, &mut rng).unwrap();
        let mut state = State::new(&problem, &start.seat);
        state.check_consistency();
        // Random legal swaps and moves, checking after each.
        for _ in 0..300 {
            let r = rng.below(4);
            let movable: Vec<u32> = (0..problem.people().len() as u32)
                .filter(|&p| state.movable[r * state.n + p as usize] && state.leads_unit(r, p))
                .collect();
            let p = movable[rng.below(movable.len())];
            let a = state.table_of(r, p);
            let b = rng.below(3);
            if a == b {
                continue;
            }
            let u = state.unit(r, p).to_vec();
            let partners: Vec<u32> = state
                .at(r, b)
                .iter()
                .copied()
                .filter(|&q| state.movable[r * state.n + q as usize] && state.leads_unit(r, q))
                .collect();
            let v = if rng.chance(1, 3) || partners.is_empty() {
                Vec::new()
            } else {
                state.unit(r, partners[rng.below(partners.len())]).to_vec()
            };
            if !state.fits(r, a, u.len(), b, v.len()) {
                continue;
            }
            let before = state.cost;
            let delta = state.delta(r, a, &u, b, &v);
            state.apply(r, a, &u, b, &v);
            assert_eq!(state.cost, before + delta);
            state.check_consistency();
            let report = validate(&problem, &State::rounds_of(&state.seat, &problem));
            assert_eq!(report.repeat_pairs as i64, state.cost.repeats);
            assert_eq!(report.group_violations as i64, state.cost.groups);
        }
    }
}
