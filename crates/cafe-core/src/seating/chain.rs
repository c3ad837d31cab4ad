//! Ejection chains: the repair the swap neighbourhood lacks near the end of a search.
//!
//! When few conflicts are left, a single swap rarely removes one without creating another: the person in conflict
//! must be new to everybody at the table they go to, and the person they swap with new to everybody at theirs. A
//! chain within one round moves the conflicted person `a` from table A to B, the person it displaces from B to C,
//! …, and the last one displaced into A (or into a free seat), every mover arriving at a table where it meets
//! nobody "blocked": someone met in another round, a kept-apart partner, or (when asked) a group-mate. A chain of
//! such clean moves removes `a`'s conflicts and creates none, so R and hard violations can only go down. Chains are
//! searched depth-first, shortest first, tables in random order, with each person's blockers at each table
//! counted once per search.
//!
//! The chain is applied as a sequence of swaps through [`State::apply`], so all bookkeeping stays exact; if the
//! whole cost (topic preferences and balance included) did not go down, it is undone.

use super::problem::NONE;
use super::rng::Rng;
use super::state::State;

/// Longest chain tried (movers).
pub(crate) const MAX_LEN: usize = 5;

/// Nodes one search may visit before giving up.
const NODE_BUDGET: usize = 4_000;

/// With more tables than this, a search looks at a random sample of this many (plus the start table).
const TABLE_SAMPLE: usize = 64;

/// Blocker counts are remembered per person and table up to this many entries (9 bytes each); bigger problems
/// count afresh.
const MEMO_LIMIT: usize = 1 << 20;

/// Reusable buffers for the chain search.
#[derive(Debug, Default)]
pub(crate) struct Chains {
    /// `blockers[x * t + table]`: how many at `table` block `x` (valid where `stamp` is `now`).
    blockers: Vec<u8>,
    /// The last blocker found at that table (meaningful when there is exactly one).
    witness: Vec<u32>,
    /// Which entries are filled for the current search (empty: no memo).
    stamp: Vec<u32>,
    now: u32,
    /// All tables, the first ones a random sample when there are many.
    pool: Vec<usize>,
    /// The tables on the chain so far (first: the start table).
    tables: Vec<usize>,
    /// The movers so far (first: the conflicted person).
    movers: Vec<u32>,
    /// Where the last mover goes when the chain ends in a free seat (`None`: back to the start table).
    end: Option<usize>,
    nodes: usize,
    /// Per chain position, the tables looked at, in random order.
    order: Vec<Vec<usize>>,
}

/// What a found chain did: the movers and the tables they left, for the tabu list.
pub(crate) struct Applied {
    pub moves: Vec<(u32, usize)>,
}

impl Chains {
    /// Looks in round `r` for a clean chain starting with `a`, up to `max_len` movers; applies it if one is found
    /// and it lowers the cost. `groups`: group-mates block too (used when only group conflicts are left).
    pub(crate) fn repair(
        &mut self,
        state: &mut State,
        r: usize,
        a: u32,
        max_len: usize,
        groups: bool,
        rng: &mut Rng,
    ) -> Option<Applied> {
        let (n, t) = (state.n, state.t);
        if !self.single(state, r, a) {
            return None;
        }
        if self.pool.len() != t {
            self.pool = (0..t).collect();
            let memo = n * t <= MEMO_LIMIT;
            self.blockers = vec![0; if memo { n * t } else { 0 }];
            self.witness = vec![NONE; self.blockers.len()];
            self.stamp = vec![0; self.blockers.len()];
            self.now = 0;
        }
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.now = 1;
        }
        let sample = t.min(TABLE_SAMPLE);
        if t > sample {
            for i in 0..sample {
                let j = i + rng.below(t - i);
                self.pool.swap(i, j);
            }
        }
        let start = state.table_of(r, a);
        // Most searches fail at the first move (a blocked at every table): find that out before drawing the
        // random table orders, so dense problems, where chains never exist, keep their swap-only trajectory.
        let mut first_move = false;
        for k in 0..sample {
            let table = self.pool[k];
            first_move |= table != start
                && match self.blocked(state, r, a, table, groups) {
                    (0, _) => true,
                    (1, w) => self.single(state, r, w),
                    _ => false,
                };
            if first_move {
                break;
            }
        }
        if !first_move {
            return None;
        }
        self.order.resize_with(max_len + 1, Vec::new);
        for level in &mut self.order {
            level.clear();
            level.extend_from_slice(&self.pool[..sample]);
            rng.shuffle(level);
        }
        self.nodes = 0;
        for len in 1..=max_len {
            self.tables.clear();
            self.tables.push(start);
            self.movers.clear();
            self.movers.push(a);
            self.end = None;
            if self.extend(state, r, len, groups) {
                return self.apply(state, r);
            }
            if self.nodes >= NODE_BUDGET {
                break;
            }
        }
        None
    }

    /// Whether `x` moves alone and may move in round `r`.
    fn single(&self, state: &State, r: usize, x: u32) -> bool {
        state.movable[r * state.n + x as usize] && state.unit(r, x).len() == 1
    }

    /// How many people at `table` block `x` in round `r`, and the last one found.
    fn blocked(
        &mut self,
        state: &State,
        r: usize,
        x: u32,
        table: usize,
        groups: bool,
    ) -> (u8, u32) {
        let i = x as usize * state.t + table;
        if self.stamp.get(i) == Some(&self.now) {
            return (self.blockers[i], self.witness[i]);
        }
        let (mut count, mut witness) = (0u8, NONE);
        for &z in state.at(r, table) {
            let blocks = state.meet.get(x, z) >= 1
                || state.traits.apart(x, z)
                || (groups && state.traits.same_group(x, z));
            if blocks {
                count = count.saturating_add(1);
                witness = z;
            }
        }
        if i < self.stamp.len() {
            self.stamp[i] = self.now;
            self.blockers[i] = count;
            self.witness[i] = witness;
        }
        (count, witness)
    }

    /// Whether `x` may join `table` once `leaver` (or nobody, `NONE`) has left it.
    fn clean(
        &mut self,
        state: &State,
        r: usize,
        x: u32,
        table: usize,
        leaver: u32,
        groups: bool,
    ) -> bool {
        match self.blocked(state, r, x, table, groups) {
            (0, _) => true,
            (1, w) => w == leaver,
            _ => false,
        }
    }

    /// Extends the chain (its last mover still to place) to exactly `len` movers; true when closed.
    fn extend(&mut self, state: &State, r: usize, len: usize, groups: bool) -> bool {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            return false;
        }
        let x = *self.movers.last().unwrap_or(&NONE);
        let start = self.tables[0];
        let depth = self.movers.len();
        if depth == len {
            // Close: into the start table (its first mover gone), or into a free seat elsewhere.
            if depth > 1 && self.clean(state, r, x, start, self.movers[0], groups) {
                return true;
            }
            for k in 0..self.order[depth].len() {
                let table = self.order[depth][k];
                if self.tables.contains(&table) || !self.has_room(state, r, table) {
                    continue;
                }
                if self.clean(state, r, x, table, NONE, groups) {
                    self.end = Some(table);
                    return true;
                }
            }
            return false;
        }
        for k in 0..self.order[depth].len() {
            let table = self.order[depth][k];
            if self.tables.contains(&table) {
                continue;
            }
            let (count, witness) = self.blocked(state, r, x, table, groups);
            let leavers: &[u32] = match count {
                0 => state.at(r, table),
                1 => std::slice::from_ref(&witness),
                _ => continue,
            };
            // Copy the few candidates out: the recursion needs `self` mutably.
            let mut candidates = [NONE; 16];
            let mut m = 0;
            for &y in leavers {
                if m < candidates.len() && self.single(state, r, y) {
                    candidates[m] = y;
                    m += 1;
                }
            }
            for &y in &candidates[..m] {
                self.tables.push(table);
                self.movers.push(y);
                if self.extend(state, r, len, groups) {
                    return true;
                }
                self.tables.pop();
                self.movers.pop();
                if self.nodes > NODE_BUDGET {
                    return false;
                }
            }
        }
        false
    }

    fn has_room(&self, state: &State, r: usize, table: usize) -> bool {
        state.at(r, table).len() < state.problem.tables()[table].capacity
    }

    /// Applies the chain found (mover i goes to table i + 1, the last one to the start table or `end`) as swaps,
    /// keeping it only if the cost went down.
    fn apply(&mut self, state: &mut State, r: usize) -> Option<Applied> {
        let before = state.cost;
        let start = self.tables[0];
        let len = self.movers.len();
        // Swap mover 0 with mover 1 (mover 1 lands at the start table), then mover 1 with mover 2, …
        let mut done: Vec<(usize, u32, usize, u32)> = Vec::with_capacity(len);
        for i in 1..len {
            let (x, y, to) = (self.movers[i - 1], self.movers[i], self.tables[i]);
            let from = state.table_of(r, x);
            state.apply(r, from, &[x], to, &[y]);
            done.push((from, x, to, y));
        }
        let last = self.movers[len - 1];
        if let Some(end) = self.end {
            state.apply(r, start, &[last], end, &[]);
            done.push((start, last, end, NONE));
        }
        if state.cost < before {
            let moves = self
                .movers
                .iter()
                .zip(&self.tables)
                .map(|(&x, &table)| (x, table))
                .collect();
            return Some(Applied { moves });
        }
        for &(from, x, to, y) in done.iter().rev() {
            if y == NONE {
                state.apply(r, to, &[x], from, &[]);
            } else {
                state.apply(r, to, &[x], from, &[y]);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::construct;
    use super::super::instances;
    use super::super::problem::Problem;
    use super::*;

    /// Who shares a table with whom in round `r`, as sorted pairs.
    fn pairs(state: &State, r: usize) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for table in 0..state.t {
            let mut at = state.at(r, table).to_vec();
            at.sort_unstable();
            for (i, &a) in at.iter().enumerate() {
                out.extend(at[i + 1..].iter().map(|&b| (a, b)));
            }
        }
        out.sort_unstable();
        out
    }

    /// From a greedy start (many repeats), every chain found lowers the cost, and every pair it seats together
    /// is new: met in no other round, not kept apart, and — when asked — not group-mates.
    #[test]
    fn chains_remove_conflicts_without_creating_any() {
        for (input, groups) in [
            (instances::cafe_150_apart(10), false),
            (instances::cafe_150(6), true),
        ] {
            let problem = Problem::new(&input).unwrap();
            let mut rng = Rng::new(3);
            let start = construct::initial(&problem, &mut rng).unwrap();
            let mut state = State::new(&problem, &start.seat);
            let mut chains = Chains::default();
            let mut found = 0;
            for r in 0..problem.rounds() {
                let conflicted = if groups {
                    state.mild.lists[r].clone()
                } else {
                    state.serious.lists[r].clone()
                };
                for p in conflicted {
                    let (before, together) = (state.cost, pairs(&state, r));
                    let Some(applied) = chains.repair(&mut state, r, p, MAX_LEN, groups, &mut rng)
                    else {
                        continue;
                    };
                    found += 1;
                    assert!(state.cost < before, "{:?} after {before:?}", state.cost);
                    assert!(state.cost.hard <= before.hard && state.cost.repeats <= before.repeats);
                    assert!(!groups || state.cost.groups < before.groups);
                    assert_eq!(
                        applied.moves[0].0, p,
                        "the chain starts with the conflicted person"
                    );
                    for (a, b) in pairs(&state, r) {
                        if together.binary_search(&(a, b)).is_err() {
                            assert_eq!(state.meet.get(a, b), 1, "{a} and {b} met before");
                            assert!(!state.traits.apart(a, b));
                            assert!(!groups || !state.traits.same_group(a, b));
                        }
                    }
                    state.check_consistency();
                }
            }
            // 49 and 5 chains with this seed: the test must exercise them.
            assert!(found >= 3, "groups {groups}: only {found} chains found");
        }
    }
}
