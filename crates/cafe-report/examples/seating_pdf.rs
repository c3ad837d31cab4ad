//! Writes the seating PDFs of a synthetic 150-person café (20 tables, 4 rounds) to a folder and prints how long
//! making them took: `cargo run --release -p cafe-report --example seating_pdf -- /tmp/out [a4|letter]`.

use std::time::Instant;

use cafe_report::{Paper, find_your_table_pdf, sample, table_lists_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: seating_pdf FOLDER [a4|letter]")?);
    let paper = match args.next().as_deref() {
        None | Some("a4") => Paper::A4,
        Some("letter") => Paper::Letter,
        Some(other) => return Err(format!("unknown paper {other:?}").into()),
    };
    std::fs::create_dir_all(&dir)?;
    let doc = sample::cafe(150, 20, 4);

    let start = Instant::now();
    let lists = table_lists_pdf(&doc, paper)?;
    let lists_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let find = find_your_table_pdf(&doc, paper)?;
    let find_ms = start.elapsed().as_secs_f64() * 1000.0;

    std::fs::write(dir.join("table-lists.pdf"), &lists)?;
    std::fs::write(dir.join("find-your-table.pdf"), &find)?;
    println!(
        "table lists: {lists_ms:.1} ms ({} KB), find your table: {find_ms:.1} ms ({} KB), total {:.1} ms",
        lists.len() / 1024,
        find.len() / 1024,
        lists_ms + find_ms
    );
    Ok(())
}
