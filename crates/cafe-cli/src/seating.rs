//! `cafe seating PROBLEM.json` — seat people for every round and print the seating as JSON — and `cafe bench
//! seating`, which runs the benchmark instances (docs/benchmarks.md). The engine is `cafe_core::seating`; this
//! file reads the file, supplies the clock (the time budget) and prints.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use cafe_core::seating::{self, Options, Outcome, POLL_EVERY, Problem, SeatingInput, instances};

/// Reads, checks and solves `file`; prints the seating as JSON on stdout.
pub fn run(file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let input: SeatingInput = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a seating problem", file.display()))?;
    let problem = Problem::new(&input)?;
    let (outcome, elapsed) = solve(&problem, Duration::from_millis(problem.time_limit_ms()))?;
    let output = outcome.to_output(&problem, elapsed.as_millis() as u64);
    println!("{}", serde_json::to_string_pretty(&output)?);
    Ok(())
}

/// Solves within `budget` of wall-clock time.
fn solve(problem: &Problem, budget: Duration) -> Result<(Outcome, Duration)> {
    let start = Instant::now();
    let deadline = start + budget;
    let stop = || Instant::now() >= deadline;
    let outcome = seating::solve(problem, &Options::from_problem(problem), &stop)?;
    Ok((outcome, start.elapsed()))
}

/// [`solve`], also noting when each poll of the stop check came (µs from the start), which dates search steps
/// (for the benchmark: the list grows with the budget).
fn solve_timed(problem: &Problem, budget: Duration) -> Result<(Outcome, Duration, Vec<u32>)> {
    let polls = RefCell::new(Vec::new());
    let start = Instant::now();
    let deadline = start + budget;
    let stop = || {
        let now = Instant::now();
        polls.borrow_mut().push((now - start).as_micros() as u32);
        now >= deadline
    };
    let outcome = seating::solve(problem, &Options::from_problem(problem), &stop)?;
    Ok((outcome, start.elapsed(), polls.into_inner()))
}

/// The process's peak resident memory (VmHWM) in kB, if the system tells.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resets the peak to the current size (Linux: "5" to clear_refs), so each instance gets its own figure.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

const BUDGET: Duration = Duration::from_secs(2);

/// Runs every benchmark instance at a two-second budget and prints a Markdown table.
pub fn bench() -> Result<()> {
    let per_instance = reset_peak();
    println!(
        "| instance | R | bound | group viol. | max m | R reached after | elapsed | peak memory | method | target | anchor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
    for instance in instances::benchmark() {
        bench_row(
            &instance.name,
            &instance.input,
            instance.target,
            instance.anchor,
        )?;
    }
    // Re-plan: seat the 150 café, announce rounds 1–2, then 8 leave and 10 arrive.
    let first_problem = Problem::new(&instances::cafe_150(4))?;
    let (first, _) = solve(&first_problem, BUDGET)?;
    let frozen: Vec<BTreeMap<String, Vec<String>>> = first.to_output(&first_problem, 0).rounds[..2]
        .iter()
        .map(|r| r.0.iter().cloned().collect())
        .collect();
    let (target, anchor) = ("0, frozen unchanged", "GEG 25");
    bench_row(
        "150 re-planned after round 2: 8 leave, 10 arrive",
        &instances::replan_150(frozen.clone(), false),
        target,
        anchor,
    )?;
    if let Some(outcome) = bench_row(
        "… the same with 2 extra chairs (T11, T12 seat 8)",
        &instances::replan_150(frozen, true),
        target,
        anchor,
    )? {
        let kept = outcome.rounds[..2] == first.rounds[..2];
        println!("\nfrozen rounds 1–2 unchanged in the re-plan: {kept}");
    }
    if !per_instance {
        println!("(peak memory is the whole process's: this system cannot reset it per instance)");
    }
    Ok(())
}

/// Solves one instance and prints its row; an infeasible instance gets its message instead.
fn bench_row(
    name: &str,
    input: &SeatingInput,
    target: &str,
    anchor: &str,
) -> Result<Option<Outcome>> {
    reset_peak();
    let problem = match Problem::new(input) {
        Ok(p) => p,
        Err(e) => {
            println!("| {name} | infeasible: {e} | | | | | | | | {target} | {anchor} |");
            return Ok(None);
        }
    };
    let (outcome, elapsed, polls) = solve_timed(&problem, BUDGET)?;
    let s = &outcome.stats;
    let ms = elapsed.as_secs_f64() * 1000.0;
    // The poll before the step that first reached the final R dates it.
    let reached = match s.repeat_pairs_found_at {
        0 => 0.0,
        step => polls
            .get(((step - 1) / POLL_EVERY) as usize)
            .map_or(ms, |&us| f64::from(us) / 1000.0),
    };
    let peak = peak_kb().map_or_else(
        || "n/a".to_owned(),
        |kb| format!("{:.1} MB", kb as f64 / 1024.0),
    );
    println!(
        "| {name} | {} | {} | {} | {} | ≈ {reached:.0} ms | {ms:.0} ms | {peak} | {} | {target} | {anchor} |",
        s.repeat_pairs, s.lower_bound, s.group_violations, s.max_meetings, s.method,
    );
    Ok(Some(outcome))
}
