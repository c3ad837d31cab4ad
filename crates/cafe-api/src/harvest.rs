//! The harvest commands: the café's summary (overview, questions or topics, common threads with their synthesis and
//! quotes, the theme × table matrix, attendance, every table's notes) previewed as Markdown and written as Markdown
//! or PDF, and the notes as CSV for spreadsheets. The content is gathered here from the store and the threads
//! board; `cafe_report::harvest` writes it.

use std::collections::HashMap;

use cafe_core::seating_plan::csv_cell;
use cafe_report::harvest::{Harvest, HarvestRound, HarvestTable, HarvestThread, Quote, Sections};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::export::{check_extension, paper, write_file};
use crate::{Api, ApiError, ErrorCode};

fn sections(s: &HarvestSections) -> Sections {
    Sections {
        overview: s.overview,
        questions: s.questions,
        threads: s.threads,
        matrix: s.matrix,
        appendix: s.appendix,
        attendance: s.attendance,
        names: s.names,
    }
}

/// When the file was made and by what, for the footer.
pub(crate) fn generated() -> String {
    format!(
        "Generated {} · Knowledge Café {}",
        chrono::Local::now().format("%-d %b %Y %H:%M"),
        env!("CARGO_PKG_VERSION")
    )
}

impl Api {
    /// The summary's content for café `cafe_id`.
    pub fn harvest(&self, cafe_id: Uuid, wanted: &HarvestSections) -> Result<Harvest, ApiError> {
        // One snapshot: the notes and the threads board agree, even while notes arrive.
        let (record, notes, board) = self.store.read(|r| {
            Ok((
                r.cafe_record(cafe_id)?,
                r.notes(cafe_id)?,
                crate::threads::board_in(r, cafe_id)?,
            ))
        })?;
        let cafe = &record.cafe;
        let round_of: HashMap<Uuid, u32> = record.rounds.iter().map(|r| (r.id, r.number)).collect();
        let table_name: HashMap<Uuid, &str> = record
            .tables
            .iter()
            .map(|t| (t.id, t.name.as_str()))
            .collect();
        let attendee: HashMap<Uuid, &str> = record
            .attendees
            .iter()
            .map(|a| (a.id, a.name.as_str()))
            .collect();
        // People's names — attendees, hosts, note authors — only when the facilitator opted in.
        let names_wanted = wanted.names;
        let quote = |n: &cafe_store::NoteRecord| Quote {
            text: n.text.clone(),
            table: table_name
                .get(&n.table_id)
                .copied()
                .unwrap_or("")
                .to_owned(),
            round: round_of.get(&n.round_id).copied().unwrap_or(1),
            author: n.author.clone().filter(|_| names_wanted),
            starred: n.starred,
        };
        let by_id: HashMap<String, &cafe_store::NoteRecord> =
            notes.iter().map(|n| (n.id.to_string(), n)).collect();
        let threads = board
            .threads
            .iter()
            // A thread left without notes says something only through the facilitator's synthesis.
            .filter(|t| !t.hidden && (t.common || t.curated))
            .filter(|t| !t.notes.is_empty() || !t.synthesis.is_empty())
            .map(|t| HarvestThread {
                title: t.title.clone(),
                synthesis: t.synthesis.clone(),
                tables: t
                    .tables
                    .iter()
                    .filter_map(|id| Uuid::parse_str(id).ok())
                    .filter_map(|id| table_name.get(&id).map(|n| (*n).to_owned()))
                    .collect(),
                rounds: t.rounds.clone(),
                quotes: t
                    .notes
                    .iter()
                    .filter_map(|id| by_id.get(id))
                    .map(|n| quote(n))
                    .collect(),
            })
            .collect();
        let mut names: Vec<(String, Option<String>)> = record
            .attendees
            .iter()
            .map(|a| (a.name.clone(), a.organisation.clone()))
            .collect();
        names.sort_by_cached_key(|(n, _)| n.to_lowercase());
        Ok(Harvest {
            title: cafe.details.title.clone(),
            date: cafe
                .details
                .date
                .map(|d| d.format("%a %-d %b %Y").to_string()),
            venue: cafe.details.venue.clone(),
            facilitator: cafe.details.facilitator.clone(),
            format: cafe.details.format.label().to_owned(),
            topics_per_table: cafe.details.format == cafe_core::Format::KnowledgeCafe,
            rounds: record
                .rounds
                .iter()
                .map(|r| HarvestRound {
                    number: r.number,
                    question: r.question.clone(),
                    minutes: r.duration_minutes,
                })
                .collect(),
            tables: record
                .tables
                .iter()
                .map(|t| {
                    let mut mine: Vec<&cafe_store::NoteRecord> =
                        notes.iter().filter(|n| n.table_id == t.id).collect();
                    mine.sort_by_key(|n| {
                        (
                            round_of.get(&n.round_id).copied().unwrap_or(0),
                            n.created_at,
                        )
                    });
                    HarvestTable {
                        number: t.number,
                        name: t.name.clone(),
                        topic: t.topic.clone(),
                        host: t
                            .host_id
                            .filter(|_| names_wanted)
                            .and_then(|h| attendee.get(&h))
                            .map(|n| (*n).to_owned()),
                        notes: mine.into_iter().map(quote).collect(),
                    }
                })
                .collect(),
            threads,
            threads_found: !board.threads.is_empty() || !board.unthreaded.is_empty(),
            attendees: record.attendees.len() as u32,
            names,
            generated: generated(),
            sections: sections(wanted),
        })
    }

    pub fn preview_harvest(&self, req: PreviewHarvest) -> Result<HarvestPreview, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let h = self.harvest(cafe_id, &req.sections)?;
        Ok(HarvestPreview {
            markdown: cafe_report::harvest::markdown(&h),
        })
    }

    /// The summary or the notes as the bytes of a file.
    pub fn harvest_bytes(
        &self,
        cafe_id: Uuid,
        format: HarvestFormat,
        wanted: &HarvestSections,
        paper_size: Option<PaperSize>,
    ) -> Result<Vec<u8>, ApiError> {
        match format {
            HarvestFormat::Markdown => {
                Ok(cafe_report::harvest::markdown(&self.harvest(cafe_id, wanted)?).into_bytes())
            }
            HarvestFormat::Pdf => {
                let h = self.harvest(cafe_id, wanted)?;
                cafe_report::harvest::pdf(&h, paper(paper_size)).map_err(|e| {
                    ApiError::new(
                        ErrorCode::Internal,
                        format!("The PDF could not be made: {e}."),
                    )
                })
            }
            HarvestFormat::NotesCsv => self.notes_csv(cafe_id),
        }
    }

    pub fn export_harvest(&self, req: ExportHarvest) -> Result<ExportedFile, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let extension = match req.format {
            HarvestFormat::Markdown => "md",
            HarvestFormat::Pdf => "pdf",
            HarvestFormat::NotesCsv => "csv",
        };
        check_extension(&req.path, extension)?;
        let bytes = self.harvest_bytes(cafe_id, req.format, &req.sections, req.paper)?;
        write_file(&req.path, &bytes)
    }

    /// The notes for spreadsheets (UTF-8 with a byte-order mark, as Excel expects): one line per note —
    /// `Table,Round,Note,Author,Starred,Thread,Written` — formula-like cells neutralised.
    fn notes_csv(&self, cafe_id: Uuid) -> Result<Vec<u8>, ApiError> {
        // One snapshot: the notes and the threads board agree, even while notes arrive.
        let (record, notes, board) = self.store.read(|r| {
            Ok((
                r.cafe_record(cafe_id)?,
                r.notes(cafe_id)?,
                crate::threads::board_in(r, cafe_id)?,
            ))
        })?;
        let thread_of: HashMap<&str, &str> = board
            .threads
            .iter()
            .flat_map(|t| t.notes.iter().map(move |n| (n.as_str(), t.title.as_str())))
            .collect();
        let round_of: HashMap<Uuid, u32> = record.rounds.iter().map(|r| (r.id, r.number)).collect();
        let table_pos: HashMap<Uuid, (u32, &str)> = record
            .tables
            .iter()
            .map(|t| (t.id, (t.number, t.name.as_str())))
            .collect();
        let mut rows: Vec<&cafe_store::NoteRecord> = notes.iter().collect();
        rows.sort_by_key(|n| {
            (
                table_pos.get(&n.table_id).map(|t| t.0).unwrap_or(u32::MAX),
                round_of.get(&n.round_id).copied().unwrap_or(0),
                n.created_at,
            )
        });
        let mut out = String::from("\u{feff}Table,Round,Note,Author,Starred,Thread,Written\r\n");
        for n in rows {
            let id = n.id.to_string();
            let cells = [
                csv_cell(table_pos.get(&n.table_id).map(|t| t.1).unwrap_or("")),
                round_of.get(&n.round_id).copied().unwrap_or(1).to_string(),
                csv_cell(&n.text),
                csv_cell(n.author.as_deref().unwrap_or("")),
                if n.starred {
                    "yes".into()
                } else {
                    String::new()
                },
                csv_cell(thread_of.get(id.as_str()).copied().unwrap_or("")),
                crate::convert::time(n.created_at),
            ];
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        Ok(out.into_bytes())
    }
}
