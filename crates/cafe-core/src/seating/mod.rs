//! The seating engine: who sits where in each round so that people keep meeting new people — the social golfer
//! problem with a café's real constraints (hosts, unequal tables, late arrivals and early leavers, people kept
//! apart or together, fixed seats, rounds already announced, topic wishes, organisations to spread).
//!
//! The pipeline: [`SeatingInput`] (JSON) → [`Problem::new`] (checks, names any contradiction) → [`solve`]
//! (a design or greedy start, then tabu search within a budget) → [`Outcome`] (seating and figures, checked by
//! the independent [`validate`]) → [`Outcome::to_output`] (JSON with ids).
//!
//! Objective, in strict order: no hard violation; then the fewest repeated encounters R = Σ over pairs
//! max(0, m − 1) (m: rounds the two shared a table, hosts included); then topic preferences; then group-mates
//! apart; then table sizes as even as the capacities allow. [`lower_bound`] gives a proven bound on R; a seating
//! is only called optimal when it reaches it.
//!
//! Pure and deterministic: no clock, no global random source. Time enters only through the caller's
//! `should_stop`; with an iteration cap (or when the search ends early at the bound) the same seed gives the same
//! seating.

mod bound;
mod chain;
mod construct;
mod field;
pub mod instances;
mod problem;
mod rng;
mod state;
mod tabu;
mod validate;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

pub use bound::lower_bound;
pub use problem::{
    DEFAULT_SEED, DEFAULT_TIME_LIMIT_MS, FixedSeat, MAX_CAPACITY, MAX_ROUNDS, Person, PersonSpec,
    Problem, ProblemError, SeatingInput, Table, TableSpec, balanced_sizes,
};
pub use validate::{Report, Violation, validate};

use problem::min_square_sum;
use state::{Cost, State};

/// The search polls `should_stop` before steps 0, `POLL_EVERY`, 2 · `POLL_EVERY`, …, so the k-th poll (from 0)
/// comes before step k · `POLL_EVERY` + 1 — which lets a caller date a step.
pub const POLL_EVERY: u64 = 8;

/// How to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Seeds the search's random choices.
    pub seed: u64,
    /// Stop after this many search steps (`None`: only `should_stop` or reaching the bound ends it).
    pub max_iterations: Option<u64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: DEFAULT_SEED,
            max_iterations: None,
        }
    }
}

impl Options {
    /// The seed and iteration cap the problem's input names.
    pub fn from_problem(problem: &Problem) -> Options {
        Options {
            seed: problem.seed(),
            max_iterations: problem.max_iterations(),
        }
    }
}

/// Why no seating could be produced for a problem that passed [`Problem::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolveError {
    #[error("round {round}: no table has room left for {who}, who must sit together")]
    CannotSeat { round: usize, who: String },
    #[error(
        "no seating found that keeps everyone apart as asked ({violation}); give the search more time or ask for fewer people to be kept apart"
    )]
    KeepApart { violation: String },
    #[error("internal error: the seating found breaks a rule ({0})")]
    Internal(String),
}

/// A seating and its figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Round → table (input order) → people (indices), every round and table included.
    pub rounds: Vec<Vec<Vec<usize>>>,
    pub stats: Stats,
}

/// A seating's figures, recomputed by [`validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// R, the repeated encounters.
    pub repeat_pairs: u64,
    /// [`lower_bound`]: no seating has fewer repeats.
    pub lower_bound: u64,
    /// Most rounds any two people share a table.
    pub max_meetings: u32,
    /// Pairs of one group at one table, summed over rounds.
    pub group_violations: u64,
    /// Topic preference cost above everybody's ideal.
    pub preference_cost: u64,
    /// Σ size² above the most even split, summed over rounds.
    pub imbalance: u64,
    /// R equals the lower bound, so no seating has fewer repeats.
    pub repeat_pairs_optimal: bool,
    /// Search steps taken.
    pub iterations: u64,
    /// The step at which R first reached its final value (0: the start had it).
    pub repeat_pairs_found_at: u64,
    /// How the seating was made ("affine plane over GF(4)", "greedy + tabu search", …).
    pub method: String,
}

/// Seats `problem`: a start from a design or greedily, then tabu search until the cost reaches its bound, the
/// iteration cap is hit, or `should_stop` returns true (polled every [`POLL_EVERY`] steps).
pub fn solve(
    problem: &Problem,
    options: &Options,
    should_stop: &dyn Fn() -> bool,
) -> Result<Outcome, SolveError> {
    let mut rng = rng::Rng::new(options.seed);
    let bound = lower_bound(problem);
    let start = construct::initial(problem, &mut rng)?;
    let mut state = State::new(problem, &start.seat);
    let found = tabu::search(
        &mut state,
        &mut rng,
        tabu::Limits {
            max_iterations: options.max_iterations.unwrap_or(u64::MAX),
            target: target(problem, bound),
        },
        should_stop,
    );
    let rounds = State::rounds_of(&found.seat, problem);
    let report = validate(problem, &rounds);
    if let Some(v) = report.violations.first() {
        return Err(match v {
            Violation::ApartTogether { .. } => SolveError::KeepApart {
                violation: v.to_string(),
            },
            _ => SolveError::Internal(v.to_string()),
        });
    }
    debug_assert_eq!(report.repeat_pairs as i64, found.cost.repeats);
    debug_assert_eq!(report.group_violations as i64, found.cost.groups);
    let method = if found.iterations > 0 {
        format!("{} + tabu search", start.method)
    } else {
        start.method
    };
    Ok(Outcome {
        rounds,
        stats: Stats {
            repeat_pairs: report.repeat_pairs,
            lower_bound: bound,
            max_meetings: report.max_meetings,
            group_violations: report.group_violations,
            preference_cost: report.preference_cost,
            imbalance: report.imbalance,
            repeat_pairs_optimal: report.repeat_pairs == bound,
            iterations: found.iterations,
            repeat_pairs_found_at: found.repeats_at,
            method,
        },
    })
}

/// The cost no seating can beat: reaching it ends the search.
fn target(problem: &Problem, bound: u64) -> Cost {
    let capacities = problem.capacities();
    let balance = (0..problem.rounds())
        .map(|r| match problem.frozen().get(r) {
            Some(tables) => tables.iter().map(|s| (s.len() * s.len()) as u64).sum(),
            None => min_square_sum(problem.present_count(r), &capacities),
        })
        .sum::<u64>();
    let prefs = (0..problem.people().len())
        .map(|p| problem.ideal_preference_cost(p))
        .sum::<u64>();
    Cost {
        hard: 0,
        repeats: bound as i64,
        prefs: prefs as i64,
        groups: 0,
        balance: balance as i64,
    }
}

/// A seating as JSON: one object per round (table id → ids, every table, input order) and the figures.
#[derive(Debug, Clone, Serialize)]
pub struct SeatingOutput {
    pub rounds: Vec<RoundSeating>,
    pub stats: OutputStats,
}

/// One round: table id → the ids seated there, serialized as a JSON object in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundSeating(pub Vec<(String, Vec<String>)>);

impl Serialize for RoundSeating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (table, people) in &self.0 {
            map.serialize_entry(table, people)?;
        }
        map.end()
    }
}

/// [`Stats`] with the wall-clock time the caller measured.
#[derive(Debug, Clone, Serialize)]
pub struct OutputStats {
    pub repeat_pairs: u64,
    pub lower_bound: u64,
    pub max_meetings: u32,
    pub elapsed_ms: u64,
    pub group_violations: u64,
    pub preference_cost: u64,
    pub imbalance: u64,
    pub repeat_pairs_optimal: bool,
    pub iterations: u64,
    pub repeat_pairs_found_at: u64,
    pub method: String,
}

impl Outcome {
    /// The JSON form, with ids; a table's host comes first, the others in input order.
    pub fn to_output(&self, problem: &Problem, elapsed_ms: u64) -> SeatingOutput {
        let rounds = self
            .rounds
            .iter()
            .map(|tables| {
                RoundSeating(
                    tables
                        .iter()
                        .enumerate()
                        .map(|(t, seated)| {
                            let mut seated = seated.clone();
                            seated.sort_by_key(|&p| (problem.people()[p].host_of != Some(t), p));
                            let ids = seated
                                .iter()
                                .map(|&p| problem.people()[p].id.clone())
                                .collect();
                            (problem.tables()[t].id.clone(), ids)
                        })
                        .collect(),
                )
            })
            .collect();
        let s = &self.stats;
        SeatingOutput {
            rounds,
            stats: OutputStats {
                repeat_pairs: s.repeat_pairs,
                lower_bound: s.lower_bound,
                max_meetings: s.max_meetings,
                elapsed_ms,
                group_violations: s.group_violations,
                preference_cost: s.preference_cost,
                imbalance: s.imbalance,
                repeat_pairs_optimal: s.repeat_pairs_optimal,
                iterations: s.iterations,
                repeat_pairs_found_at: s.repeat_pairs_found_at,
                method: s.method.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests;
