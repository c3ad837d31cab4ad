//! Knowledge Café's printable PDFs.
//!
//! The crate is the project's PDF layer. It is pure — data in, bytes out, no clock, no file system, no system
//! fonts — and has three layers:
//!
//! - [`doc`]: a small document model (title block, headings, paragraphs, tables, grids of cards) made of styled
//!   text;
//! - `layout` (with `linebreak` and `fonts`): measures text with the embedded Noto Sans fonts, breaks lines and
//!   pages, repeats table header rows and numbers the pages;
//! - `render`: writes the pages as PDF with [krilla](https://docs.rs/krilla), embedding a subset of the fonts.
//!
//! The reports themselves build a [`Document`] and call [`render`]: [`seating`] makes the facilitator's table
//! lists and the wall list "Find your table" ; [`harvest`] writes the café summary as Markdown and PDF. [`table_cards`] makes a card for
//! each table with the QR code ([`qr`]) its host scans to join from a phone; being posters rather than flowing
//! text, the cards are set directly as drawing operations, with the same fonts, line breaking and PDF writer.
//! [`sample`] is a synthetic café for tests, the examples and benchmarks.
//!
//! To add a report: build its [`Document`] from display strings in a new module, call [`render`], test it in
//! `tests/report.rs` with `pdftotext`, and look at its pages (`CAFE_REPORT_KEEP=/tmp/pdfs cargo test -p
//! cafe-report` keeps every PDF the tests make; `pdftoppm -r 60 -png` turns them into pictures).

pub mod doc;
mod error;
mod fonts;
pub mod harvest;
mod layout;
mod linebreak;
pub mod qr;
mod render;
pub mod sample;
pub mod seating;
pub mod table_cards;

pub use doc::{Document, Paper};
pub use error::ReportError;
pub use qr::QrMatrix;
pub use render::render;
pub use seating::{
    PersonTables, RoundTables, SeatingDoc, TableList, find_your_table_pdf, table_lists_pdf,
};
pub use table_cards::{TableCard, TableCards, table_cards_pdf};
