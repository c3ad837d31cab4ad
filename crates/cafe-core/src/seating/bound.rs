//! A lower bound on R, the repeated encounters, so the engine can say when a seating is provably optimal and
//! otherwise how far from a proof it is. Never a claim beyond what is proven.
//!
//! R = Σ over pairs max(0, m − 1) = (pair-encounters, Σ over rounds and tables of C(size, 2)) − (pairs that met at
//! least once). Two bounds follow, and the larger is taken:
//!
//! - **global**: every round creates at least the encounters of its most even split of the people present over
//!   the capacities, and at most the pairs that *can* ever meet can be distinct (not two hosts, not a kept-apart
//!   pair, both present in some open round — or they met in a frozen one); keep-together pairs are counted
//!   exactly (they meet in every round both attend);
//! - **per person**: p has at least Σ over rounds (smallest table p can sit at − 1) encounters but only as many
//!   distinct partners as people p can meet; the excess are p's repeats, and R is half their sum.
//!
//! Plus one classical fact: 36 people at six tables of six cannot meet without a repeat in four rounds, since
//! that would give two orthogonal Latin squares of order 6, which do not exist (Tarry, 1900).

use std::collections::HashMap;

use super::problem::{Problem, balanced_sizes};

/// A lower bound on R for every seating that meets the hard constraints.
pub fn lower_bound(problem: &Problem) -> u64 {
    let n = problem.people().len();
    let rounds = problem.rounds();
    let capacities = problem.capacities();
    let seats: usize = capacities.iter().sum();
    let people = problem.people();

    // Encounters: at least the most even split's in each open round, exactly the frozen ones.
    let mut encounters = 0u64;
    let mut least = vec![0u64; n];
    for r in 0..rounds {
        let present = problem.present_count(r);
        if let Some(tables) = problem.frozen().get(r) {
            for seated in tables {
                let s = seated.len() as u64;
                encounters += s * s.saturating_sub(1) / 2;
                for &p in seated {
                    least[p] += s - 1;
                }
            }
            continue;
        }
        if let Some(sizes) = balanced_sizes(present, &capacities) {
            encounters += sizes
                .iter()
                .map(|&s| (s * s.saturating_sub(1) / 2) as u64)
                .sum::<u64>();
        }
        // The smallest table a person can be at: the others can hold at most their capacities.
        let smallest = |t: usize| present.saturating_sub(seats - capacities[t]).max(1);
        let anywhere = (0..capacities.len()).map(smallest).min().unwrap_or(1);
        for (p, person) in people.iter().enumerate() {
            if person.present[r] {
                let size = match problem.pinned_table(p, r) {
                    Some(t) => smallest(t),
                    None => anywhere,
                };
                least[p] += (size - 1) as u64;
            }
        }
    }

    // Keep-together pairs meet in exactly the rounds both attend: k meetings, k − 1 of them repeats.
    let (mut forced_repeats, mut forced_meetings, mut forced_pairs) = (0u64, 0u64, 0u64);
    for set in problem.keep_together() {
        for (i, &a) in set.iter().enumerate() {
            for &b in &set[i + 1..] {
                let k = (0..rounds)
                    .filter(|&r| people[a].present[r] && people[b].present[r])
                    .count() as u64;
                if k > 0 {
                    forced_repeats += k - 1;
                    forced_meetings += k;
                    forced_pairs += 1;
                }
            }
        }
    }
    let partners = possible_partners(problem);
    let distinct: u64 = partners.iter().sum::<u64>() / 2;
    let global = forced_repeats
        + encounters
            .saturating_sub(forced_meetings)
            .saturating_sub(distinct - forced_pairs);
    let excess: u64 = (0..n).map(|p| least[p].saturating_sub(partners[p])).sum();
    let per_person = excess.div_ceil(2);
    let mut bound = global.max(per_person);
    if bound == 0 && tarry(problem) {
        bound = 1;
    }
    bound
}

/// For each person, how many others they can ever share a table with.
fn possible_partners(problem: &Problem) -> Vec<u64> {
    let n = problem.people().len();
    let people = problem.people();
    let frozen = problem.frozen().len();
    // Open rounds each person attends, as a bit mask.
    let masks: Vec<u128> = people
        .iter()
        .map(|p| {
            (frozen..problem.rounds())
                .filter(|&r| p.present[r])
                .fold(0u128, |m, r| m | (1u128 << r))
        })
        .collect();
    let is_host: Vec<bool> = people.iter().map(|p| p.host_of.is_some()).collect();
    // People per mask, and hosts per mask.
    let mut by_mask: HashMap<u128, (u64, u64)> = HashMap::new();
    for p in 0..n {
        let e = by_mask.entry(masks[p]).or_default();
        e.0 += 1;
        e.1 += u64::from(is_host[p]);
    }
    let by_mask: Vec<(u128, u64, u64)> = by_mask.into_iter().map(|(m, (c, h))| (m, c, h)).collect();
    // Too many attendance patterns to count cheaply: everyone may meet everyone (still a valid bound).
    let cheap = by_mask.len() <= 512;
    let mut apart: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in problem.keep_apart() {
        apart[a].push(b);
        apart[b].push(a);
    }
    // Pairs that met in a frozen round but share no open round.
    let mut met_only_frozen: Vec<Vec<usize>> = vec![Vec::new(); n];
    for tables in problem.frozen() {
        for seated in tables {
            for &a in seated {
                for &b in seated {
                    if a != b && masks[a] & masks[b] == 0 {
                        met_only_frozen[a].push(b);
                    }
                }
            }
        }
    }
    (0..n)
        .map(|p| {
            if !cheap {
                return (n - 1) as u64;
            }
            let mut count = 0u64;
            for &(m, c, h) in &by_mask {
                if m & masks[p] != 0 {
                    count += if is_host[p] { c - h } else { c };
                }
            }
            if masks[p] != 0 {
                // Not p itself (a host p was already left out with the other hosts).
                count -= u64::from(!is_host[p]);
            }
            let blocked = apart[p]
                .iter()
                .filter(|&&q| masks[q] & masks[p] != 0 && !(is_host[p] && is_host[q]))
                .count() as u64;
            let list = &mut met_only_frozen[p];
            list.sort_unstable();
            list.dedup();
            count - blocked + list.len() as u64
        })
        .collect()
}

/// Whether the problem holds four rounds seating the same 36 people at exactly six tables of six.
fn tarry(problem: &Problem) -> bool {
    if problem.tables().len() != 6 || problem.tables().iter().any(|t| t.capacity != 6) {
        return false;
    }
    let mut by_attendance: HashMap<Vec<bool>, usize> = HashMap::new();
    for r in 0..problem.rounds() {
        let who: Vec<bool> = problem.people().iter().map(|p| p.present[r]).collect();
        if who.iter().filter(|&&x| x).count() == 36 {
            *by_attendance.entry(who).or_default() += 1;
        }
    }
    by_attendance.values().any(|&rounds| rounds >= 4)
}

#[cfg(test)]
mod tests {
    use super::super::instances;
    use super::*;

    fn golfers(people: usize, tables: usize, size: usize, rounds: usize) -> Problem {
        Problem::new(&instances::golfers(people, tables, size, rounds)).unwrap()
    }

    #[test]
    fn known_bounds() {
        let check = |people, tables, size, rounds, expected| {
            assert_eq!(
                lower_bound(&golfers(people, tables, size, rounds)),
                expected,
                "{people} people, {tables}×{size}, {rounds} rounds"
            )
        };
        check(16, 4, 4, 5, 0);
        check(16, 4, 4, 6, 24); // 6 × 4 × C(4, 2) = 144 encounters, 120 pairs
        check(30, 5, 6, 8, 165);
        check(36, 6, 6, 3, 0);
        check(36, 6, 6, 4, 1);
        check(32, 8, 4, 10, 0);
        check(32, 8, 4, 11, 32); // 528 encounters, 496 pairs
    }

    #[test]
    fn kept_together_pairs_repeat_by_force() {
        let mut input = instances::golfers(4, 2, 3, 3);
        let names = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut with = |sets: &[&[&str]]| {
            input.keep_together = sets.iter().map(|s| names(s)).collect();
            lower_bound(&Problem::new(&input).unwrap())
        };
        assert_eq!(with(&[]), 0);
        // Three pairs together in three rounds: two repeats each.
        assert_eq!(with(&[&["p1", "p2", "p3"]]), 6);
        assert_eq!(with(&[&["p1", "p2"], &["p3", "p4"]]), 4);
    }
}
