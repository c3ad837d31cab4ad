//! The search's incremental bookkeeping: who sits where in every round, how often each pair has met, each seat's
//! conflict counts (serious: someone met in another round too or a kept-apart partner at the table; mild: a
//! group-mate), the conflict lists the tabu search draws from, and the lexicographic cost. A swap or move is
//! evaluated and applied in O(size of the two tables) (plus O(rounds) for each pair whose repeat status flips).
//!
//! The validator ([`super::validate`]) recomputes everything from scratch; tests check that the two agree.

use std::collections::HashMap;
use std::ops::{Add, AddAssign};

use super::problem::{NONE, Problem};

/// The objective, compared lexicographically in field order: hard violations (kept-apart pairs together), then
/// repeated encounters R, then topic preferences, then group members together, then Σ table size².
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cost {
    pub hard: i64,
    pub repeats: i64,
    pub prefs: i64,
    pub groups: i64,
    pub balance: i64,
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            hard: self.hard + o.hard,
            repeats: self.repeats + o.repeats,
            prefs: self.prefs + o.prefs,
            groups: self.groups + o.groups,
            balance: self.balance + o.balance,
        }
    }
}

impl AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        *self = *self + o;
    }
}

/// The pair-driven part of a cost change (hard, repeats, groups), compact for the search's caches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Pairs {
    pub hard: i32,
    pub repeats: i32,
    pub groups: i32,
}

impl Pairs {
    #[inline]
    pub(crate) fn add(self, o: Pairs) -> Pairs {
        Pairs {
            hard: self.hard + o.hard,
            repeats: self.repeats + o.repeats,
            groups: self.groups + o.groups,
        }
    }

    #[inline]
    pub(crate) fn sub(self, o: Pairs) -> Pairs {
        Pairs {
            hard: self.hard - o.hard,
            repeats: self.repeats - o.repeats,
            groups: self.groups - o.groups,
        }
    }

    #[inline]
    pub(crate) fn cost(self, prefs: i64, balance: i64) -> Cost {
        Cost {
            hard: i64::from(self.hard),
            repeats: i64::from(self.repeats),
            prefs,
            groups: i64::from(self.groups),
            balance,
        }
    }
}

/// How often each pair has shared a table: a dense symmetric matrix up to [`DENSE_LIMIT`] people, a hash map
/// beyond (memory stays linear in the number of meetings).
#[derive(Debug, Clone)]
pub(crate) enum Meet {
    Dense { n: usize, m: Vec<u8> },
    Sparse(HashMap<u64, u8>),
}

const DENSE_LIMIT: usize = 6_000;

impl Meet {
    pub(crate) fn new(n: usize) -> Meet {
        if n <= DENSE_LIMIT {
            Meet::Dense {
                n,
                m: vec![0; n * n],
            }
        } else {
            Meet::Sparse(HashMap::new())
        }
    }

    fn key(a: u32, b: u32) -> u64 {
        (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
    }

    #[inline]
    pub(crate) fn get(&self, a: u32, b: u32) -> u8 {
        match self {
            Meet::Dense { n, m } => m[a as usize * n + b as usize],
            Meet::Sparse(h) => h.get(&Meet::key(a, b)).copied().unwrap_or(0),
        }
    }

    #[inline]
    pub(crate) fn inc(&mut self, a: u32, b: u32) {
        match self {
            Meet::Dense { n, m } => {
                m[a as usize * *n + b as usize] += 1;
                m[b as usize * *n + a as usize] += 1;
            }
            Meet::Sparse(h) => *h.entry(Meet::key(a, b)).or_default() += 1,
        }
    }

    #[inline]
    pub(crate) fn dec(&mut self, a: u32, b: u32) {
        match self {
            Meet::Dense { n, m } => {
                m[a as usize * *n + b as usize] -= 1;
                m[b as usize * *n + a as usize] -= 1;
            }
            Meet::Sparse(h) => {
                let k = Meet::key(a, b);
                if let Some(v) = h.get_mut(&k) {
                    *v -= 1;
                    if *v == 0 {
                        h.remove(&k);
                    }
                }
            }
        }
    }
}

/// Per-person constraint data the inner loops read.
#[derive(Debug, Clone)]
pub(crate) struct Traits {
    /// Group index or `NONE`.
    pub group: Vec<u32>,
    /// Sorted keep-apart partners.
    pub apart: Vec<Vec<u32>>,
    /// Row in the preference tables or `NONE`.
    pub pref_row: Vec<u32>,
    /// `topic[row * T + t]`: the cost of a first visit to t.
    pub topic: Vec<u32>,
    /// Cost of each further visit, per row.
    pub repeat: Vec<u32>,
}

impl Traits {
    pub(crate) fn new(problem: &Problem) -> Traits {
        let n = problem.people().len();
        let t = problem.tables().len();
        let mut apart = vec![Vec::new(); n];
        for &(a, b) in problem.keep_apart() {
            apart[a].push(b as u32);
            apart[b].push(a as u32);
        }
        for list in &mut apart {
            list.sort_unstable();
        }
        let mut pref_row = vec![NONE; n];
        let mut topic = Vec::new();
        let mut repeat = Vec::new();
        for (p, person) in problem.people().iter().enumerate() {
            if person.prefers.is_empty() {
                continue;
            }
            pref_row[p] = repeat.len() as u32;
            topic.extend((0..t).map(|table| problem.topic_cost(p, table) as u32));
            repeat.push(problem.topic_repeat_cost(p) as u32);
        }
        Traits {
            group: problem
                .people()
                .iter()
                .map(|p| p.group.map_or(NONE, |g| g as u32))
                .collect(),
            apart,
            pref_row,
            topic,
            repeat,
        }
    }

    #[inline]
    pub(crate) fn apart(&self, a: u32, b: u32) -> bool {
        let list = &self.apart[a as usize];
        !list.is_empty() && list.binary_search(&b).is_ok()
    }

    #[inline]
    pub(crate) fn same_group(&self, a: u32, b: u32) -> bool {
        let g = self.group[a as usize];
        g != NONE && g == self.group[b as usize]
    }

    /// Preference cost of `c` visits to table `t` for preference row `row`.
    #[inline]
    pub(crate) fn visit_cost(&self, tables: usize, row: u32, t: usize, c: u8) -> i64 {
        if c == 0 {
            0
        } else {
            i64::from(self.topic[row as usize * tables + t])
                + i64::from(c - 1) * i64::from(self.repeat[row as usize])
        }
    }
}

/// Seats in conflict, per round: `count[r * n + p]` partners at p's table that make it so, and the movable
/// people with a positive count listed per round (O(1) insert, remove and random pick).
#[derive(Debug, Clone)]
pub(crate) struct Conflicts {
    count: Vec<u32>,
    pub lists: Vec<Vec<u32>>,
    pos: Vec<u32>,
    pub total: usize,
}

impl Conflicts {
    fn new(rounds: usize, n: usize) -> Conflicts {
        Conflicts {
            count: vec![0; rounds * n],
            lists: vec![Vec::new(); rounds],
            pos: vec![NONE; rounds * n],
            total: 0,
        }
    }

    fn inc(&mut self, n: usize, r: usize, p: u32, movable: bool) {
        let i = r * n + p as usize;
        self.count[i] += 1;
        if self.count[i] == 1 && movable {
            self.pos[i] = self.lists[r].len() as u32;
            self.lists[r].push(p);
            self.total += 1;
        }
    }

    fn dec(&mut self, n: usize, r: usize, p: u32, movable: bool) {
        let i = r * n + p as usize;
        self.count[i] -= 1;
        if self.count[i] == 0 && movable {
            let at = self.pos[i] as usize;
            let list = &mut self.lists[r];
            let last = *list.last().unwrap_or(&p);
            list.swap_remove(at);
            if last != p {
                self.pos[r * n + last as usize] = at as u32;
            }
            self.pos[i] = NONE;
            self.total -= 1;
        }
    }

    /// A random listed seat, as `(round, index in that round's list)`.
    pub(crate) fn pick(&self, rng: &mut super::rng::Rng) -> (usize, usize) {
        let mut i = rng.below(self.total);
        let mut r = 0;
        while i >= self.lists[r].len() {
            i -= self.lists[r].len();
            r += 1;
        }
        (r, i)
    }
}

/// A full seating with everything the search needs to evaluate and apply moves incrementally.
#[derive(Debug, Clone)]
pub(crate) struct State<'a> {
    pub problem: &'a Problem,
    pub traits: Traits,
    pub n: usize,
    pub t: usize,
    pub rounds: usize,
    /// `seat[r * n + p]`: table or `NONE` (absent).
    pub seat: Vec<u32>,
    /// `members[r * t + table]`.
    pub members: Vec<Vec<u32>>,
    pos: Vec<u32>,
    pub meet: Meet,
    /// `visits[row * t + table]` for people with preferences.
    visits: Vec<u8>,
    /// Seats with a kept-apart partner or someone met in another round too at the table: R and hard conflicts.
    pub serious: Conflicts,
    /// Seats with a group-mate at the table.
    pub mild: Conflicts,
    /// `movable[r * n + p]`: present and not pinned.
    pub movable: Vec<bool>,
    /// `unit[r * n + p]`: index into `units` when p belongs to a keep-together unit of two or more present.
    unit: Vec<u32>,
    units: Vec<Vec<u32>>,
    selves: Vec<u32>,
    pub cost: Cost,
    scratch_a: Vec<u32>,
    scratch_b: Vec<u32>,
}

impl<'a> State<'a> {
    /// The state of seating `seat` (`seat[r * n + p]`, `NONE` for absent people).
    pub(crate) fn new(problem: &'a Problem, seat: &[u32]) -> State<'a> {
        let n = problem.people().len();
        let t = problem.tables().len();
        let rounds = problem.rounds();
        let mut movable = vec![false; rounds * n];
        let mut unit = vec![NONE; rounds * n];
        let mut units = Vec::new();
        for r in 0..rounds {
            for p in 0..n {
                movable[r * n + p] =
                    problem.people()[p].present[r] && problem.pinned_table(p, r).is_none();
            }
            for set in problem.keep_together() {
                let here: Vec<u32> = set
                    .iter()
                    .filter(|&&p| problem.people()[p].present[r])
                    .map(|&p| p as u32)
                    .collect();
                if here.len() >= 2 {
                    for &p in &here {
                        unit[r * n + p as usize] = units.len() as u32;
                    }
                    units.push(here);
                }
            }
        }
        let traits = Traits::new(problem);
        let rows = traits.repeat.len();
        let mut state = State {
            problem,
            traits,
            n,
            t,
            rounds,
            seat: Vec::new(),
            members: Vec::new(),
            pos: Vec::new(),
            meet: Meet::new(n),
            visits: vec![0; rows * t],
            serious: Conflicts::new(rounds, n),
            mild: Conflicts::new(rounds, n),
            movable,
            unit,
            units,
            selves: (0..n as u32).collect(),
            cost: Cost::default(),
            scratch_a: Vec::new(),
            scratch_b: Vec::new(),
        };
        state.load(seat);
        state
    }

    /// Replaces the seating with `seat` and recomputes everything.
    pub(crate) fn load(&mut self, seat: &[u32]) {
        let (n, t, rounds) = (self.n, self.t, self.rounds);
        self.seat = seat.to_vec();
        self.members = vec![Vec::new(); rounds * t];
        self.pos = vec![NONE; rounds * n];
        self.meet = Meet::new(n);
        self.visits.iter_mut().for_each(|v| *v = 0);
        self.serious = Conflicts::new(rounds, n);
        self.mild = Conflicts::new(rounds, n);
        let mut cost = Cost::default();
        for r in 0..rounds {
            for p in 0..n {
                let table = self.seat[r * n + p];
                if table != NONE {
                    let list = &mut self.members[r * t + table as usize];
                    self.pos[r * n + p] = list.len() as u32;
                    list.push(p as u32);
                    let row = self.traits.pref_row[p];
                    if row != NONE {
                        self.visits[row as usize * t + table as usize] += 1;
                    }
                }
            }
        }
        for slot in 0..rounds * t {
            let size = self.members[slot].len();
            cost.balance += (size * size) as i64;
            for i in 0..size {
                for j in i + 1..size {
                    let (a, b) = (self.members[slot][i], self.members[slot][j]);
                    if self.meet.get(a, b) >= 1 {
                        cost.repeats += 1;
                    }
                    self.meet.inc(a, b);
                    if self.traits.apart(a, b) {
                        cost.hard += 1;
                    }
                    if self.traits.same_group(a, b) {
                        cost.groups += 1;
                    }
                }
            }
        }
        for row in 0..self.traits.repeat.len() {
            for table in 0..t {
                let c = self.visits[row * t + table];
                cost.prefs += self.traits.visit_cost(t, row as u32, table, c);
            }
        }
        for r in 0..rounds {
            for table in 0..t {
                let list = std::mem::take(&mut self.members[r * t + table]);
                for (i, &a) in list.iter().enumerate() {
                    for &b in &list[i + 1..] {
                        if self.meet.get(a, b) >= 2 || self.traits.apart(a, b) {
                            self.mark(r, a, b, true, 1);
                        }
                        if self.traits.same_group(a, b) {
                            self.mark(r, a, b, false, 1);
                        }
                    }
                }
                self.members[r * t + table] = list;
            }
        }
        self.cost = cost;
    }

    /// Counts (`step` 1) or uncounts (−1) the pair a, b as a serious or mild conflict in round r.
    fn mark(&mut self, r: usize, a: u32, b: u32, serious: bool, step: i32) {
        let n = self.n;
        let (ma, mb) = (
            self.movable[r * n + a as usize],
            self.movable[r * n + b as usize],
        );
        let c = if serious {
            &mut self.serious
        } else {
            &mut self.mild
        };
        if step > 0 {
            c.inc(n, r, a, ma);
            c.inc(n, r, b, mb);
        } else {
            c.dec(n, r, a, ma);
            c.dec(n, r, b, mb);
        }
    }

    /// The keep-together unit `p` moves with in round `r` (just `p` for most people).
    #[inline]
    pub(crate) fn unit(&self, r: usize, p: u32) -> &[u32] {
        let u = self.unit[r * self.n + p as usize];
        if u == NONE {
            &self.selves[p as usize..=p as usize]
        } else {
            &self.units[u as usize]
        }
    }

    /// Whether `p` leads its unit in round `r` (so each unit is considered once as a swap partner).
    #[inline]
    pub(crate) fn leads_unit(&self, r: usize, p: u32) -> bool {
        self.unit(r, p)[0] == p
    }

    #[inline]
    fn in_unit(&self, r: usize, x: u32, unit: &[u32]) -> bool {
        if unit.len() == 1 {
            x == unit[0]
        } else {
            self.unit[r * self.n + x as usize] == self.unit[r * self.n + unit[0] as usize]
        }
    }

    pub(crate) fn table_of(&self, r: usize, p: u32) -> usize {
        self.seat[r * self.n + p as usize] as usize
    }

    pub(crate) fn at(&self, r: usize, table: usize) -> &[u32] {
        &self.members[r * self.t + table]
    }

    /// Whether moving unit `u` from `a` to `b` and unit `v` (possibly empty) from `b` to `a` fits the capacities.
    pub(crate) fn fits(&self, r: usize, a: usize, u: usize, b: usize, v: usize) -> bool {
        let cap = |x: usize| self.problem.tables()[x].capacity;
        self.at(r, a).len() - u + v <= cap(a) && self.at(r, b).len() - v + u <= cap(b)
    }

    /// The change if `a` and `b` come to share a table (repeats count when they have met before).
    #[inline]
    pub(crate) fn pair_join(&self, a: u32, b: u32) -> Pairs {
        Pairs {
            hard: i32::from(self.traits.apart(a, b)),
            repeats: i32::from(self.meet.get(a, b) >= 1),
            groups: i32::from(self.traits.same_group(a, b)),
        }
    }

    /// The change if `a` and `b`, now at one table, part (a repeat goes when they have met twice or more).
    #[inline]
    pub(crate) fn pair_leave(&self, a: u32, b: u32) -> Pairs {
        Pairs {
            hard: -i32::from(self.traits.apart(a, b)),
            repeats: -i32::from(self.meet.get(a, b) >= 2),
            groups: -i32::from(self.traits.same_group(a, b)),
        }
    }

    /// What `p` leaving its table in round `r` changes, pair-wise.
    pub(crate) fn leave_sum(&self, r: usize, p: u32) -> Pairs {
        let mut sum = Pairs::default();
        for &x in self.at(r, self.table_of(r, p)) {
            if x != p {
                sum = sum.add(self.pair_leave(p, x));
            }
        }
        sum
    }

    /// What `p` joining everybody at `table` in round `r` changes, pair-wise (p itself skipped).
    pub(crate) fn join_sum(&self, r: usize, p: u32, table: usize) -> Pairs {
        let mut sum = Pairs::default();
        for &y in self.at(r, table) {
            if y != p {
                sum = sum.add(self.pair_join(p, y));
            }
        }
        sum
    }

    /// The preference change of person `p` moving from table `from` to `to`.
    #[inline]
    pub(crate) fn pref_move(&self, p: u32, from: usize, to: usize) -> i64 {
        let row = self.traits.pref_row[p as usize];
        if row == NONE {
            return 0;
        }
        let (cf, ct) = (
            self.visits[row as usize * self.t + from],
            self.visits[row as usize * self.t + to],
        );
        let cost = |t: usize, c: u8| self.traits.visit_cost(self.t, row, t, c);
        cost(from, cf - 1) - cost(from, cf) + cost(to, ct + 1) - cost(to, ct)
    }

    /// The change in cost if, in round `r`, unit `u` moves from table `a` to `b` and unit `v` (empty for a plain
    /// move) from `b` to `a`.
    pub(crate) fn delta(&self, r: usize, a: usize, u: &[u32], b: usize, v: &[u32]) -> Cost {
        let (mut repeats, mut hard, mut groups) = (0i64, 0i64, 0i64);
        let mut pair = |x: u32, y: u32, join: bool| {
            let m = self.meet.get(x, y);
            let s = if join { 1 } else { -1 };
            if (join && m >= 1) || (!join && m >= 2) {
                repeats += s;
            }
            if self.traits.same_group(x, y) {
                groups += s;
            }
            if self.traits.apart(x, y) {
                hard += s;
            }
        };
        for &x in self.at(r, a) {
            if self.in_unit(r, x, u) {
                continue;
            }
            for &p in u {
                pair(p, x, false);
            }
            for &q in v {
                pair(q, x, true);
            }
        }
        for &y in self.at(r, b) {
            if !v.is_empty() && self.in_unit(r, y, v) {
                continue;
            }
            for &p in u {
                pair(p, y, true);
            }
            for &q in v {
                pair(q, y, false);
            }
        }
        let prefs = u.iter().map(|&p| self.pref_move(p, a, b)).sum::<i64>()
            + v.iter().map(|&q| self.pref_move(q, b, a)).sum::<i64>();
        let (sa, sb) = (self.at(r, a).len() as i64, self.at(r, b).len() as i64);
        let d = v.len() as i64 - u.len() as i64;
        let balance = (sa + d).pow(2) + (sb - d).pow(2) - sa * sa - sb * sb;
        Cost {
            hard,
            repeats,
            prefs,
            groups,
            balance,
        }
    }

    /// The other round (not `r`) in which `a` and `b` share a table, if any.
    fn other_meeting(&self, r: usize, a: u32, b: u32) -> Option<usize> {
        (0..self.rounds).find(|&x| {
            x != r && {
                let sa = self.seat[x * self.n + a as usize];
                sa != NONE && sa == self.seat[x * self.n + b as usize]
            }
        })
    }

    fn leave(&mut self, r: usize, a: u32, b: u32) {
        let m = self.meet.get(a, b);
        let apart = self.traits.apart(a, b);
        if apart || m >= 2 {
            self.mark(r, a, b, true, -1);
        }
        if self.traits.same_group(a, b) {
            self.mark(r, a, b, false, -1);
        }
        if m == 2
            && !apart
            && let Some(x) = self.other_meeting(r, a, b)
        {
            self.mark(x, a, b, true, -1);
        }
        self.meet.dec(a, b);
    }

    fn join(&mut self, r: usize, a: u32, b: u32) {
        let m = self.meet.get(a, b);
        let apart = self.traits.apart(a, b);
        if apart || m >= 1 {
            self.mark(r, a, b, true, 1);
        }
        if self.traits.same_group(a, b) {
            self.mark(r, a, b, false, 1);
        }
        if m == 1
            && !apart
            && let Some(x) = self.other_meeting(r, a, b)
        {
            self.mark(x, a, b, true, 1);
        }
        self.meet.inc(a, b);
    }

    fn relocate(&mut self, r: usize, p: u32, to: usize) {
        let (n, t) = (self.n, self.t);
        let from = self.seat[r * n + p as usize] as usize;
        let at = self.pos[r * n + p as usize] as usize;
        let list = &mut self.members[r * t + from];
        list.swap_remove(at);
        if let Some(&moved) = list.get(at) {
            self.pos[r * n + moved as usize] = at as u32;
        }
        let list = &mut self.members[r * t + to];
        self.pos[r * n + p as usize] = list.len() as u32;
        list.push(p);
        self.seat[r * n + p as usize] = to as u32;
        let row = self.traits.pref_row[p as usize];
        if row != NONE {
            self.visits[row as usize * t + from] -= 1;
            self.visits[row as usize * t + to] += 1;
        }
    }

    /// Applies what [`State::delta`] evaluates; `u` and `v` are whole units, as [`State::unit`] gives them.
    pub(crate) fn apply(&mut self, r: usize, a: usize, u: &[u32], b: usize, v: &[u32]) {
        let delta = self.delta(r, a, u, b, v);
        let mut rest_a = std::mem::take(&mut self.scratch_a);
        let mut rest_b = std::mem::take(&mut self.scratch_b);
        rest_a.clear();
        rest_b.clear();
        rest_a.extend(self.at(r, a).iter().copied().filter(|&x| !u.contains(&x)));
        rest_b.extend(self.at(r, b).iter().copied().filter(|&y| !v.contains(&y)));
        for &p in u {
            for &x in &rest_a {
                self.leave(r, p, x);
            }
            for &y in &rest_b {
                self.join(r, p, y);
            }
        }
        for &q in v {
            for &y in &rest_b {
                self.leave(r, q, y);
            }
            for &x in &rest_a {
                self.join(r, q, x);
            }
        }
        for &p in u {
            self.relocate(r, p, b);
        }
        for &q in v {
            self.relocate(r, q, a);
        }
        self.scratch_a = rest_a;
        self.scratch_b = rest_b;
        self.cost += delta;
    }

    /// The seating as round → table → people.
    pub(crate) fn rounds_of(seat: &[u32], problem: &Problem) -> Vec<Vec<Vec<usize>>> {
        let n = problem.people().len();
        (0..problem.rounds())
            .map(|r| {
                let mut tables = vec![Vec::new(); problem.tables().len()];
                for p in 0..n {
                    let t = seat[r * n + p];
                    if t != NONE {
                        tables[t as usize].push(p);
                    }
                }
                tables
            })
            .collect()
    }

    /// Recomputes cost and conflicts from scratch and compares (tests and debug builds).
    #[cfg(test)]
    pub(crate) fn check_consistency(&self) {
        fn sorted(lists: &[Vec<u32>]) -> Vec<Vec<u32>> {
            lists
                .iter()
                .map(|l| {
                    let mut l = l.clone();
                    l.sort_unstable();
                    l
                })
                .collect()
        }
        let fresh = State::new(self.problem, &self.seat);
        assert_eq!(self.cost, fresh.cost, "cost drifted");
        for (mine, theirs) in [(&self.serious, &fresh.serious), (&self.mild, &fresh.mild)] {
            assert_eq!(mine.count, theirs.count, "conflict counts drifted");
            assert_eq!(mine.total, theirs.total);
            assert_eq!(sorted(&mine.lists), sorted(&theirs.lists));
        }
        assert_eq!(sorted(&self.members), sorted(&fresh.members));
    }
}
