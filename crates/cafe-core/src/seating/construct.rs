//! Starting seatings. Where a design is known it is used: the (truncated) affine plane over GF(q) seats q·k
//! people at q tables of k for up to q rounds (q + 1 when k divides q) with nobody meeting twice. Everything else
//! — and rounds beyond the design — is filled greedily, round by round, each keep-together unit in turn at the
//! table where it adds the least cost (kept-apart partners, balance, repeats, topics, groups, in that order).
//!
//! Affine plane AG(2, q): the points are GF(q)²; for each slope m the lines y = m·x + b (b ∈ GF(q)) are q
//! parallel tables of q, and two points lie on exactly one common line. Keeping only the points whose x lies in a
//! set S of k field elements, every non-vertical line keeps exactly k points, so each slope is still a round of q
//! tables of k without repeats; two points with the same x never meet there, so when k divides q each column can
//! be cut into q / k tables of k for one more round.

use super::SolveError;
use super::field::Field;
use super::problem::{NONE, Problem, balanced_sizes, quoted};
use super::rng::Rng;
use super::state::{Meet, Traits};

/// How many tables with room the greedy start weighs for each unit when there are more.
const GREEDY_SAMPLE: usize = 64;

/// A starting seating (`seat[r * n + p]`) and how it was made.
#[derive(Debug, Clone)]
pub(crate) struct Start {
    pub seat: Vec<u32>,
    pub method: String,
}

/// The rounds of the (truncated) affine plane that fits the problem, as `table[p]` per round, or `None`.
///
/// It fits when nobody is pinned, absent, or kept together, there are q tables (q a prime power), and
/// n = q·k people with 2 ≤ k ≤ q and every table seating at least k.
pub(crate) fn affine(problem: &Problem) -> Option<(usize, Vec<Vec<u32>>)> {
    let n = problem.people().len();
    let q = problem.tables().len();
    if n == 0
        || !n.is_multiple_of(q)
        || !problem.frozen().is_empty()
        || !problem.keep_together().is_empty()
    {
        return None;
    }
    let k = n / q;
    if k < 2 || k > q || problem.tables().iter().any(|t| t.capacity < k) {
        return None;
    }
    let everyone_always = (0..problem.rounds()).all(|r| {
        (0..n).all(|p| problem.people()[p].present[r] && problem.pinned_table(p, r).is_none())
    });
    if !everyone_always {
        return None;
    }
    let field = Field::new(q)?;
    let neg: Vec<usize> = (0..q)
        .map(|a| (0..q).find(|&b| field.add(a, b) == 0).unwrap_or(0))
        .collect();
    // Members of a group share a column, where slopes never seat them together.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&p| problem.people()[p].group.map_or(usize::MAX, |g| g));
    let mut point = vec![(0, 0); n];
    for (i, &p) in order.iter().enumerate() {
        point[p] = (i / q, i % q);
    }
    let mut rounds = Vec::new();
    for m in 0..q {
        rounds.push(
            point
                .iter()
                .map(|&(x, y)| field.add(y, neg[field.mul(m, x)]) as u32)
                .collect(),
        );
    }
    if q.is_multiple_of(k) {
        rounds.push(
            point
                .iter()
                .map(|&(x, y)| (x * (q / k) + y / k) as u32)
                .collect(),
        );
    }
    rounds.truncate(problem.rounds());
    Some((field.order(), rounds))
}

/// The starting seating: frozen rounds as given, a design where one fits, greedy rounds for the rest.
pub(crate) fn initial(problem: &Problem, rng: &mut Rng) -> Result<Start, SolveError> {
    let n = problem.people().len();
    let rounds = problem.rounds();
    let mut seat = vec![NONE; rounds * n];
    let mut filled = vec![false; rounds];
    for (r, tables) in problem.frozen().iter().enumerate() {
        for (t, seated) in tables.iter().enumerate() {
            for &p in seated {
                seat[r * n + p] = t as u32;
            }
        }
        filled[r] = true;
    }
    let mut method = String::new();
    if let Some((q, design)) = affine(problem) {
        let k = n / q;
        method = if k == q {
            format!("affine plane over GF({q})")
        } else {
            format!("truncated affine plane over GF({q})")
        };
        for (r, tables) in design.iter().enumerate() {
            seat[r * n..(r + 1) * n].copy_from_slice(tables);
            filled[r] = true;
        }
        if design.len() < rounds {
            method.push_str(&format!(" for rounds 1–{}, greedy after", design.len()));
        }
    } else if filled.iter().any(|&f| !f) {
        method = "greedy".into();
    }
    greedy(problem, &mut seat, &filled, rng)?;
    if method.is_empty() {
        method = "frozen".into();
    }
    Ok(Start { seat, method })
}

/// Fills the rounds not yet `filled`, in order.
fn greedy(
    problem: &Problem,
    seat: &mut [u32],
    filled: &[bool],
    rng: &mut Rng,
) -> Result<(), SolveError> {
    let n = problem.people().len();
    let tables = problem.tables().len();
    let capacities = problem.capacities();
    let traits = Traits::new(problem);
    let mut meet = Meet::new(n);
    let mut visits = vec![0u8; traits.repeat.len() * tables];
    let record = |seat: &[u32], meet: &mut Meet, visits: &mut [u8]| {
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); tables];
        for p in 0..n {
            if seat[p] != NONE {
                at[seat[p] as usize].push(p as u32);
                let row = traits.pref_row[p];
                if row != NONE {
                    visits[row as usize * tables + seat[p] as usize] += 1;
                }
            }
        }
        for list in &at {
            for (i, &a) in list.iter().enumerate() {
                for &b in &list[i + 1..] {
                    meet.inc(a, b);
                }
            }
        }
    };
    for r in (0..problem.rounds()).filter(|&r| filled[r]) {
        record(&seat[r * n..(r + 1) * n], &mut meet, &mut visits);
    }
    for r in (0..problem.rounds()).filter(|&r| !filled[r]) {
        let present: Vec<usize> = (0..n).filter(|&p| problem.people()[p].present[r]).collect();
        let target =
            balanced_sizes(present.len(), &capacities).unwrap_or_else(|| capacities.clone());
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); tables];
        let row = &mut seat[r * n..(r + 1) * n];
        for &p in &present {
            if let Some(t) = problem.pinned_table(p, r) {
                row[p] = t as u32;
                at[t].push(p as u32);
            }
        }
        let mut in_set = vec![false; n];
        let mut units: Vec<Vec<u32>> = Vec::new();
        for set in problem.keep_together() {
            let here: Vec<u32> = set
                .iter()
                .filter(|&&p| problem.people()[p].present[r] && row[p] == NONE)
                .map(|&p| p as u32)
                .collect();
            for &p in &here {
                in_set[p as usize] = true;
            }
            if !here.is_empty() {
                units.push(here);
            }
        }
        units.extend(
            present
                .iter()
                .filter(|&&p| row[p] == NONE && !in_set[p])
                .map(|&p| vec![p as u32]),
        );
        rng.shuffle(&mut units);
        // Big units first (they are hardest to fit), then people with kept-apart partners.
        units.sort_by_key(|u| {
            let constrained = u.iter().any(|&p| !traits.apart[p as usize].is_empty());
            (std::cmp::Reverse(u.len()), !constrained)
        });
        // Many tables: look at a random sample with room, not all (keeps the start O(people × sample)).
        let mut order: Vec<usize> = (0..tables).collect();
        if tables > GREEDY_SAMPLE {
            rng.shuffle(&mut order);
        }
        for unit in &units {
            let mut best: Option<([i64; 6], usize)> = None;
            let mut ties = 0;
            let offset = if tables > GREEDY_SAMPLE {
                rng.below(tables)
            } else {
                0
            };
            let mut looked = 0;
            for i in 0..tables {
                let t = order[(offset + i) % tables];
                if at[t].len() + unit.len() > capacities[t] {
                    continue;
                }
                looked += 1;
                if looked > GREEDY_SAMPLE {
                    break;
                }
                let mut key = [0i64; 6];
                key[1] = (at[t].len() + unit.len()).saturating_sub(target[t]) as i64;
                key[5] = at[t].len() as i64;
                for &p in unit {
                    for &x in &at[t] {
                        key[0] += i64::from(traits.apart(p, x));
                        key[2] += i64::from(meet.get(p, x) >= 1);
                        key[4] += i64::from(traits.same_group(p, x));
                    }
                    let pr = traits.pref_row[p as usize];
                    if pr != NONE {
                        let c = visits[pr as usize * tables + t];
                        key[3] += traits.visit_cost(tables, pr, t, c + 1)
                            - traits.visit_cost(tables, pr, t, c);
                    }
                }
                match best {
                    Some((b, _)) if key > b => {}
                    Some((b, _)) if key == b => {
                        ties += 1;
                        if rng.below(ties + 1) == 0 {
                            best = Some((key, t));
                        }
                    }
                    _ => {
                        best = Some((key, t));
                        ties = 0;
                    }
                }
            }
            let Some((_, t)) = best else {
                return Err(SolveError::CannotSeat {
                    round: r + 1,
                    who: quoted(
                        unit.iter()
                            .map(|&p| problem.people()[p as usize].id.as_str()),
                    ),
                });
            };
            for &p in unit {
                row[p as usize] = t as u32;
                at[t].push(p);
            }
        }
        record(row, &mut meet, &mut visits);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::problem::{PersonSpec, SeatingInput, TableSpec};
    use super::super::state::State;
    use super::super::validate::validate;
    use super::*;

    fn golfers(people: usize, tables: usize, size: usize, rounds: usize) -> Problem {
        Problem::new(&SeatingInput {
            rounds,
            tables: (0..tables)
                .map(|t| TableSpec {
                    id: format!("T{t}"),
                    capacity: size,
                })
                .collect(),
            people: (0..people)
                .map(|p| PersonSpec {
                    id: format!("p{p}"),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .unwrap()
    }

    /// Builds the start for a golfer problem and expects `method` and R = `repeats`.
    fn check(people: usize, tables: usize, size: usize, rounds: usize, method: &str, repeats: u64) {
        let p = golfers(people, tables, size, rounds);
        let start = initial(&p, &mut Rng::new(1)).unwrap();
        assert_eq!(start.method, method);
        let report = validate(&p, &State::rounds_of(&start.seat, &p));
        assert!(report.is_valid(), "{:?}", report.violations);
        assert_eq!(
            report.repeat_pairs, repeats,
            "{people} people, {tables}×{size}, {rounds} rounds"
        );
    }

    #[test]
    fn affine_planes_seat_without_repeats() {
        check(9, 3, 3, 4, "affine plane over GF(3)", 0);
        check(16, 4, 4, 5, "affine plane over GF(4)", 0);
        check(25, 5, 5, 6, "affine plane over GF(5)", 0);
        check(64, 8, 8, 9, "affine plane over GF(8)", 0);
        check(81, 9, 9, 10, "affine plane over GF(9)", 0);
        check(32, 8, 4, 9, "truncated affine plane over GF(8)", 0);
        check(24, 8, 3, 8, "truncated affine plane over GF(8)", 0);
        check(
            16,
            4,
            4,
            6,
            "affine plane over GF(4) for rounds 1–5, greedy after",
            24,
        );
    }

    #[test]
    fn other_shapes_start_greedy_and_valid() {
        let p = golfers(36, 6, 6, 4);
        assert!(affine(&p).is_none());
        let start = initial(&p, &mut Rng::new(1)).unwrap();
        assert_eq!(start.method, "greedy");
        assert!(validate(&p, &State::rounds_of(&start.seat, &p)).is_valid());
        // Round one of a greedy start is as balanced as the capacities allow.
        let p = golfers(17, 4, 5, 2);
        let start = initial(&p, &mut Rng::new(1)).unwrap();
        let rounds = State::rounds_of(&start.seat, &p);
        let mut sizes: Vec<usize> = rounds[0].iter().map(|t| t.len()).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [4, 4, 4, 5]);
    }
}
