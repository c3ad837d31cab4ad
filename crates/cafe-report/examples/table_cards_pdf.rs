//! Writes the table cards of a synthetic café to a file:
//! `cargo run -p cafe-report --example table_cards_pdf -- /tmp/cards.pdf [a4|letter] [TABLES]` (6 tables by
//! default). `pdftoppm -png -r 60 /tmp/cards.pdf /tmp/cards` turns the pages into pictures.

use cafe_report::{Paper, sample, table_cards_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: table_cards_pdf FILE.pdf [a4|letter] [TABLES]";
    let path = std::path::PathBuf::from(args.next().ok_or(usage)?);
    let paper = match args.next().as_deref() {
        None | Some("a4") => Paper::A4,
        Some("letter") => Paper::Letter,
        Some(other) => return Err(format!("unknown paper {other:?}").into()),
    };
    let tables = args.next().map_or(Ok(6), |n| n.parse())?;
    let pdf = table_cards_pdf(&sample::table_cards(tables), paper)?;
    std::fs::write(&path, &pdf)?;
    println!("{} ({} KB)", path.display(), pdf.len() / 1024);
    Ok(())
}
