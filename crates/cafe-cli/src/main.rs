//! `cafe`: Knowledge Café from the terminal. Every subcommand goes through cafe-api, the same commands the desktop
//! app calls, on the same SQLite file (`--db PATH`, else `$KNOWLEDGE_CAFE_DB`, else the platform data directory).
//!
//! Exit status: 0 when it worked, 2 for a usage error, 1 for any other error (with a message on stderr).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use cafe_api::dto::{ById, Cafe, NoParams};
use cafe_api::{Api, ApiError, Store};
use clap::{Parser, Subcommand};

mod cafe_file;
mod export;
mod seating;
mod serve;
mod threads;

#[derive(Parser, Debug)]
#[command(
    name = "cafe",
    version,
    about = "Knowledge Café from the terminal: prepare cafés and import attendees."
)]
struct Cli {
    /// The database file [default: the app's, in the platform data directory].
    #[arg(long, global = true, env = cafe_store::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create the demo café and print its id.
    Demo,
    /// List all cafés, one a line (id, date, title).
    List {
        /// Print a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// Show a café with its rounds, tables and attendees.
    Show {
        /// The café's id.
        id: String,
        /// Print JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Import attendees from a CSV file (comma, semicolon or tab separated; headers such as Name, First name,
    /// Last name, Organisation, Email, Role). All rows are imported, or — if any row is wrong — none.
    ImportAttendees {
        /// The café's id.
        id: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Import notes typed up from paper tablecloths: a CSV file with the columns table (a table's name) and note,
    /// optional round (default 1) and author. All rows are imported, or — if any row is wrong — none.
    ImportNotes {
        /// The café's id.
        id: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Make a café's seating plan (every round, or the rounds from --from-round on) and print its figures.
    PlanSeating {
        /// The café's id.
        id: String,
        /// Keep the rounds before this one as they are.
        #[arg(long, value_name = "N")]
        from_round: Option<u32>,
        /// The engine's time budget in milliseconds.
        #[arg(long, value_name = "MS", default_value_t = 1000)]
        time_limit_ms: u32,
    },
    /// Write a café's seating plan as CSV, or as printable PDF table lists or a "find your table" list.
    ExportSeating {
        /// The café's id.
        id: String,
        #[arg(long, value_enum)]
        format: SeatingFormat,
        /// The file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
    },
    /// Import a café file (JSON, as the app exports it) as a new café and print its id. All of the file is
    /// imported, or — if anything in it is wrong — nothing.
    Import {
        /// The café file.
        file: PathBuf,
    },
    /// Print the database file's path.
    Path,
    /// Seat people for every round so they keep meeting new people; print the seating as JSON.
    Seating {
        /// The problem (JSON: rounds, tables, people, constraints).
        file: PathBuf,
    },
    /// Write a café's summary (Markdown or PDF), its notes (CSV) or the whole café (a JSON café file).
    Export {
        /// The café's id.
        id: String,
        #[arg(long, value_enum)]
        format: export::Format,
        /// The file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
        /// List the attendees' names in the summary (left out unless asked for).
        #[arg(long)]
        names: bool,
    },
    /// Run the LAN server for hosts' phones (as LAN mode in the app does) and print each table's name and join link,
    /// tab-separated; Ctrl-C stops it.
    Serve {
        /// The café's id.
        id: String,
        /// The address and port to listen on [default: this computer's LAN address, port 8765].
        #[arg(long, value_name = "ADDR:PORT")]
        bind: Option<std::net::SocketAddr>,
    },
    /// Propose the common threads of a café's notes — themes raised at several tables — and print them as JSON.
    /// The CSV file needs the columns table and note (round and author are optional; other columns are ignored).
    /// Give the round where you know it: notes of one table and round are taken to be different points.
    Threads {
        /// The notes (CSV).
        file: PathBuf,
        /// A theme is a common thread when raised at this many tables or more.
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
        min_tables: u32,
    },
    /// Find the notes that say the words of a search (case and accents aside), and those that say them in other
    /// words (the concept lexicon, in any language), as the threads board's search does; print them as JSON. The
    /// CSV file is read as for `threads`.
    Search {
        /// The notes (CSV).
        file: PathBuf,
        /// The words to look for: a note must say each of them (or, for "related", mean it).
        query: String,
    },
    /// Measure how fast the app's own code paths are (release builds give the real figures).
    Bench {
        #[command(subcommand)]
        what: Bench,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SeatingFormat {
    Csv,
    TablesPdf,
    FindPdf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Paper {
    A4,
    Letter,
}

#[derive(Subcommand, Debug)]
enum Bench {
    /// Import a generated registration CSV (semicolons, quotes, BOM) into a fresh database file, several times.
    Import {
        /// Rows in the generated file.
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        /// How many times to import it (each into a new database).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Seat the benchmark instances, two seconds each.
    Seating,
    /// Time common-thread detection on 1,000 and 10,000 generated notes; score it and a keyword-only baseline on
    /// the labelled evaluation sets.
    Threads {
        /// How many times to time each size (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// The café summary of a 150-person café with 600 notes, as Markdown and PDF.
    Harvest {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Simulated phones posting notes over loopback: lost, duplicated, write latency.
    Lan {
        #[arg(long, default_value_t = 60)]
        phones: usize,
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // exits with status 2 on a usage error
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cafe: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Api> {
    let path = db.unwrap_or_else(cafe_store::default_path);
    let store = Store::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Api::new(Arc::new(store)))
}

/// An API error as a message; its text already says what and where.
fn checked<T>(r: Result<T, ApiError>) -> Result<T> {
    r.map_err(|e| anyhow::anyhow!(e.message))
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Bench {
            what: Bench::Import { rows, runs },
        } => bench_import(rows, runs)?,
        Command::Bench {
            what: Bench::Seating,
        } => seating::bench()?,
        Command::Bench {
            what: Bench::Harvest { runs },
        } => export::bench(runs)?,
        Command::Bench {
            what: Bench::Lan { phones, seconds },
        } => serve::bench(phones, seconds)?,
        Command::Serve { id, bind } => serve::serve(open(cli.db)?, &id, bind)?,
        Command::Export {
            id,
            format,
            out,
            paper,
            names,
        } => export::run(
            &open(cli.db)?,
            &id,
            format,
            &out,
            match paper {
                Paper::A4 => cafe_api::dto::PaperSize::A4,
                Paper::Letter => cafe_api::dto::PaperSize::Letter,
            },
            names,
        )?,
        Command::Bench {
            what: Bench::Threads { runs },
        } => threads::bench(runs)?,
        Command::Seating { file } => seating::run(&file)?,
        Command::Threads { file, min_tables } => threads::run(&file, min_tables as usize)?,
        Command::Search { file, query } => threads::search(&file, &query)?,
        Command::ImportNotes { id, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let api = open(cli.db)?;
            let cafe_id = uuid::Uuid::parse_str(id.trim())
                .map_err(|_| anyhow::anyhow!("\"{id}\" is not a café id"))?;
            let done = api
                .import_note_bytes(cafe_id, &bytes)
                .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.message))?;
            println!(
                "Imported {} note{}.",
                done.imported,
                if done.imported == 1 { "" } else { "s" }
            );
        }
        Command::PlanSeating {
            id,
            from_round,
            time_limit_ms,
        } => {
            let plan = checked(open(cli.db)?.plan_seating(cafe_api::dto::PlanSeating {
                cafe_id: id,
                from_round,
                time_limit_ms: Some(time_limit_ms),
            }))?;
            let s = &plan.stats;
            println!(
                "Seated {} rounds: {} repeated meetings (at best {}), at most {} meetings of a pair, {} same-organisation pairs; {} in {} ms.",
                plan.rounds.len(),
                s.repeat_pairs,
                s.lower_bound,
                s.max_meetings,
                s.group_clashes,
                plan.method.as_deref().unwrap_or("engine"),
                s.elapsed_ms
            );
            for p in &s.problems {
                println!("  problem: {p}");
            }
        }
        Command::ExportSeating {
            id,
            format,
            out,
            paper,
        } => {
            use cafe_api::dto::{ExportSeating, PaperSize, SeatingExport};
            let file = checked(
                open(cli.db)?.export_seating(ExportSeating {
                    cafe_id: id,
                    format: match format {
                        SeatingFormat::Csv => SeatingExport::Csv,
                        SeatingFormat::TablesPdf => SeatingExport::TableListsPdf,
                        SeatingFormat::FindPdf => SeatingExport::FindYourTablePdf,
                    },
                    paper: Some(match paper {
                        Paper::A4 => PaperSize::A4,
                        Paper::Letter => PaperSize::Letter,
                    }),
                    path: std::path::absolute(&out)
                        .with_context(|| format!("cannot resolve {}", out.display()))?
                        .display()
                        .to_string(),
                }),
            )?;
            println!("Wrote {} ({} bytes).", file.path, file.bytes);
        }
        Command::Import { file } => cafe_file::import(cli.db, &file)?,
        Command::Path => {
            println!(
                "{}",
                cli.db.unwrap_or_else(cafe_store::default_path).display()
            );
        }
        Command::Demo => {
            let cafe = checked(open(cli.db)?.create_demo_cafe(NoParams {}))?;
            println!("{}", cafe.id);
        }
        Command::List { json } => {
            let list = checked(open(cli.db)?.list_cafes(NoParams {}))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for c in list {
                    println!(
                        "{}\t{}\t{}",
                        c.id,
                        c.date.as_deref().unwrap_or("—"),
                        c.title
                    );
                }
            }
        }
        Command::Show { id, json } => {
            let cafe = checked(open(cli.db)?.get_cafe(ById { id }))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cafe)?);
            } else {
                print_cafe(&cafe);
            }
        }
        Command::ImportAttendees { id, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let api = open(cli.db)?;
            let cafe_id = uuid::Uuid::parse_str(id.trim())
                .map_err(|_| anyhow::anyhow!("\"{id}\" is not a café id"))?;
            let report = api
                .import_attendee_bytes(cafe_id, &bytes, None)
                .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.message))?;
            println!(
                "Imported {} attendee{} into \"{}\" ({} in all).",
                report.imported,
                if report.imported == 1 { "" } else { "s" },
                report.cafe.title,
                report.cafe.attendees.len()
            );
            for s in &report.skipped {
                println!("  skipped row {}: {} — {}", s.row, s.name, s.reason);
            }
        }
    }
    Ok(())
}

/// A registration export of `rows` people, as Excel writes it: BOM, semicolons, quoted values with separators,
/// quotes and line breaks in them.
fn generated_csv(rows: usize) -> Vec<u8> {
    let mut csv = String::from("\u{feff}First name;Last name;Organisation;E-mail;Role\r\n");
    for i in 0..rows {
        let role = if i % 8 == 0 { "Host" } else { "" };
        csv.push_str(&format!(
            "Given{i};Family-{i};\"Library \"\"{i}\"\"; Department\r\nof Maps\";person{i}@example.org;{role}\r\n"
        ));
    }
    csv.into_bytes()
}

fn bench_import(rows: usize, runs: usize) -> Result<()> {
    let csv = generated_csv(rows);
    let dir = std::env::temp_dir().join(format!("cafe-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut times = Vec::new();
    for run in 0..runs.max(1) {
        let path = dir.join(format!("bench-{run}.sqlite3"));
        let api = Api::new(Arc::new(Store::open(&path)?));
        let mut template = checked(api.new_cafe_template(NoParams {}))?;
        template.details.title = "Benchmark".into();
        let cafe = checked(api.create_cafe(template))?;
        let id = uuid::Uuid::parse_str(&cafe.id)?;
        let start = std::time::Instant::now();
        let report = checked(api.import_attendee_bytes(id, &csv, None))?;
        times.push(start.elapsed());
        anyhow::ensure!(
            report.imported as usize == rows,
            "imported {} of {rows}",
            report.imported
        );
    }
    std::fs::remove_dir_all(&dir)?;
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned());
    println!(
        "import {rows} rows ({} kB CSV), {} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms; peak memory {peak}",
        csv.len() / 1024,
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    Ok(())
}

fn print_cafe(c: &Cafe) {
    let format = match c.format {
        cafe_api::dto::Format::WorldCafe => "World Café",
        cafe_api::dto::Format::KnowledgeCafe => "Knowledge Café",
    };
    println!("{}", c.title);
    println!(
        "  {format} · {} · {}",
        c.date.as_deref().unwrap_or("no date"),
        if c.venue.is_empty() {
            "no venue"
        } else {
            &c.venue
        }
    );
    if !c.facilitator.is_empty() {
        println!("  Facilitator: {}", c.facilitator);
    }
    println!("  id {}", c.id);
    println!(
        "\nRounds ({}; {} min to move between them)",
        c.rounds.len(),
        c.move_minutes
    );
    for r in &c.rounds {
        let q = if r.question.is_empty() {
            "—"
        } else {
            &r.question
        };
        println!("  {}. {} min  {q}", r.number, r.duration_minutes);
    }
    println!(
        "\nTables ({}, {} seats)",
        c.tables.len(),
        c.tables.iter().map(|t| t.capacity).sum::<u32>()
    );
    for t in &c.tables {
        print!("  {}. {} ({} seats)", t.number, t.name, t.capacity);
        if let Some(h) = &t.host {
            print!(" · host {h}");
        }
        println!();
        if let Some(topic) = &t.topic {
            println!("     {topic}");
        }
    }
    println!("\nAttendees ({})", c.attendees.len());
    for a in &c.attendees {
        let role = match a.role {
            cafe_api::dto::Role::Host => "host",
            cafe_api::dto::Role::Traveller => "traveller",
        };
        match &a.organisation {
            Some(o) => println!("  {} — {o} ({role})", a.name),
            None => println!("  {} ({role})", a.name),
        }
    }
}
