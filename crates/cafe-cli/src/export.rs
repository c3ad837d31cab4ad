//! `cafe export`: a café's summary as Markdown or PDF, its notes as CSV, or the whole café as a café file (JSON),
//! written to a file exactly as the app's Export screen writes it.

use std::path::Path;

use anyhow::{Context, Result};
use cafe_api::Api;
use cafe_api::dto::{ExportHarvest, HarvestFormat, HarvestSections, PaperSize};

/// What `cafe export --format` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    /// The summary as Markdown.
    Md,
    /// The summary as PDF.
    Pdf,
    /// The whole café as a café file (to import on another computer).
    Json,
    /// Every note as CSV (the seating plan: `export-seating --format csv`).
    Csv,
}

/// Writes café `id` in `format` to `out`.
pub fn run(
    api: &Api,
    id: &str,
    format: Format,
    out: &Path,
    paper: PaperSize,
    names: bool,
) -> Result<()> {
    let path = std::path::absolute(out)
        .with_context(|| format!("cannot resolve {}", out.display()))?
        .display()
        .to_string();
    let sections = HarvestSections {
        overview: true,
        questions: true,
        threads: true,
        matrix: true,
        appendix: true,
        attendance: true,
        names,
    };
    let harvest = |format| {
        api.export_harvest(ExportHarvest {
            cafe_id: id.to_owned(),
            format,
            sections,
            paper: Some(paper),
            path: path.clone(),
        })
    };
    let written = match format {
        Format::Md => harvest(HarvestFormat::Markdown),
        Format::Pdf => harvest(HarvestFormat::Pdf),
        Format::Csv => harvest(HarvestFormat::NotesCsv),
        Format::Json => api.export_cafe_file(cafe_api::dto::ExportCafeFile {
            cafe_id: id.to_owned(),
            path: path.clone(),
        }),
    }
    .map_err(|e| anyhow::anyhow!(e.message))?;
    println!("Wrote {} ({} bytes).", written.path, written.bytes);
    Ok(())
}

/// `cafe bench harvest`: a 150-person café (20 tables, 4 rounds) with 600 notes and its threads, on a database
/// file; the summary made as Markdown and as PDF (A4), `runs` times each, through the same API as the app.
pub fn bench(runs: usize) -> Result<()> {
    use cafe_api::dto::{DetectThreads, NewCafe, NoParams, RoundInput, TableInput};
    use std::time::Instant;
    let dir = tempfile::tempdir()?;
    let store = cafe_api::Store::open(&dir.path().join("bench.sqlite3"))?;
    let api = Api::new(std::sync::Arc::new(store));
    let template: NewCafe = api
        .new_cafe_template(NoParams {})
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let cafe = api
        .create_cafe(NewCafe {
            details: cafe_api::dto::CafeDetails {
                title: "Congress café, 150 people".into(),
                ..template.details
            },
            rounds: (1..=4)
                .map(|n| RoundInput {
                    question: format!("Round {n}: what should libraries do next?"),
                    duration_minutes: 20,
                })
                .collect(),
            tables: (1..=20)
                .map(|n| TableInput {
                    name: format!("Table {n}"),
                    capacity: if n <= 10 { 8 } else { 7 },
                    topic: None,
                    host_id: None,
                })
                .collect(),
        })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let id = uuid::Uuid::parse_str(&cafe.id)?;
    let mut people = String::from("Name,Organisation\n");
    for i in 0..150 {
        people.push_str(&format!("Person {i},Library {}\n", i % 26));
    }
    api.import_attendee_bytes(id, people.as_bytes(), None)
        .map_err(|e| anyhow::anyhow!(e.message))?;
    // 600 notes: the library evaluation set's notes, recombined across tables and rounds.
    let fixture = include_str!("../../../tests/fixtures/threads/library_futures.csv");
    let texts: Vec<String> = fixture
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split_once(',')
                .and_then(|(_, r)| r.split_once(','))
                .map(|(_, r)| r)
        })
        .filter_map(|r| r.rsplit_once(',').map(|(note, _)| note.to_owned()))
        .collect();
    let mut notes = String::from("table,round,note\n");
    for i in 0..600 {
        let text = &texts[i % texts.len()];
        notes.push_str(&format!("Table {},{},{}\n", i % 20 + 1, i / 150 + 1, text));
    }
    api.import_note_bytes(id, notes.as_bytes())
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let started = Instant::now();
    let board = api
        .detect_threads(DetectThreads {
            cafe_id: cafe.id.clone(),
            min_tables: None,
        })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let detect_ms = started.elapsed().as_secs_f64() * 1000.0;
    let sections = HarvestSections {
        overview: true,
        questions: true,
        threads: true,
        matrix: true,
        appendix: true,
        attendance: true,
        names: true,
    };
    let time = |format: HarvestFormat| -> Result<(f64, usize)> {
        let mut ms = Vec::new();
        let mut size = 0;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let bytes = api
                .harvest_bytes(id, format, &sections, Some(PaperSize::A4))
                .map_err(|e| anyhow::anyhow!(e.message))?;
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
            size = bytes.len();
        }
        ms.sort_by(f64::total_cmp);
        Ok((ms[ms.len() / 2], size))
    };
    let (md_ms, md_bytes) = time(HarvestFormat::Markdown)?;
    let (pdf_ms, pdf_bytes) = time(HarvestFormat::Pdf)?;
    println!(
        "150 people, 20 tables, 4 rounds, 600 notes, {} threads (detection {detect_ms:.0} ms)",
        board.threads.len()
    );
    println!(
        "summary as Markdown: {md_ms:.1} ms median, {} kB",
        md_bytes / 1024
    );
    println!(
        "summary as PDF (A4): {pdf_ms:.1} ms median, {} kB",
        pdf_bytes / 1024
    );
    Ok(())
}
