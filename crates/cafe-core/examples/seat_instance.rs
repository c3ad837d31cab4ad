//! Runs one benchmark seating instance with a time limit and seed and prints R, the bound, group violations,
//! elapsed time and search steps — for tuning the engine outside `cafe bench seating`.
//!
//! `cargo run --release -p cafe-core --example seat_instance -- NAME [TIME_MS] [SEED...]`, where NAME is
//! `apart` (the 150 café over 10 rounds with teams kept apart), `teams` (the same with teams as groups), `150x4`,
//! `500`, `36`, `30`, `40`, `5000` (500 tables of 10 with hosts, 900 teams of 5, 8 rounds), `20000` (2,000 such
//! tables, 3,600 teams, 6 rounds), or `list` for the benchmark's names by index (a number picks one). With
//! `json` in place of TIME_MS it prints the instance as input for `cafe seating` instead.

use std::time::{Duration, Instant};

use cafe_core::seating::{self, Options, Problem, SeatingInput, instances};

fn input(name: &str) -> SeatingInput {
    match name {
        "apart" => instances::cafe_150_apart(10),
        "teams" => instances::cafe_150(10),
        "150x4" => instances::cafe_150(4),
        "500" => instances::cafe_500(),
        "36" => instances::golfers(36, 6, 6, 4),
        "30" => instances::golfers(30, 5, 6, 8),
        "40" => instances::hosted(&[5; 8], 8, 4, 4),
        "5000" => instances::hosted(&[10; 500], 900, 5, 8),
        "20000" => instances::hosted(&[10; 2_000], 3_600, 5, 6),
        other => {
            let i: usize = other.parse().expect("an instance name or index");
            instances::benchmark().swap_remove(i).input
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("apart", String::as_str);
    if name == "list" {
        for (i, inst) in instances::benchmark().iter().enumerate() {
            println!("{i}: {}", inst.name);
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("json") {
        let json = serde_json::to_string_pretty(&input(name)).expect("serializable");
        println!("{json}");
        return;
    }
    let ms: u64 = args
        .get(1)
        .map_or(2_000, |s| s.parse().expect("milliseconds"));
    let seeds: Vec<u64> = if args.len() > 2 {
        args[2..]
            .iter()
            .map(|s| s.parse().expect("a seed"))
            .collect()
    } else {
        vec![1]
    };
    let problem = Problem::new(&input(name)).expect("a valid instance");
    for seed in seeds {
        let start = Instant::now();
        let deadline = start + Duration::from_millis(ms);
        let stop = || Instant::now() >= deadline;
        let options = Options {
            seed,
            max_iterations: None,
        };
        let outcome = seating::solve(&problem, &options, &stop).expect("a seating");
        let s = &outcome.stats;
        println!(
            "{name} seed {seed}: R {} bound {} groups {} imbalance {} elapsed {} ms steps {} R at step {} ({})",
            s.repeat_pairs,
            s.lower_bound,
            s.group_violations,
            s.imbalance,
            start.elapsed().as_millis(),
            s.iterations,
            s.repeat_pairs_found_at,
            s.method
        );
    }
}
