//! Several rooms, one congress: a summary across cafés run in different rooms (each on its own laptop, brought
//! together with café files). It holds the themes that came up in several rooms — found by the same detection as
//! a café's threads, over every room's notes — and then each room's own summary.

use std::collections::BTreeSet;

use cafe_core::threads::{self, Options, ThreadNote};
use cafe_report::harvest::{Congress, CongressThread, Quote};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::export::{check_extension, paper, write_file};
use crate::{Api, ApiError, ErrorCode};

impl Api {
    fn congress(&self, req: &CongressRequest) -> Result<Congress, ApiError> {
        let title = req.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(ApiError {
                field: Some("title".into()),
                ..ApiError::new(ErrorCode::InvalidInput, "The summary needs a title.")
            });
        }
        let mut ids: Vec<Uuid> = Vec::new();
        for text in &req.cafe_ids {
            let cafe_id = id(text, "cafe_ids")?;
            if !ids.contains(&cafe_id) {
                ids.push(cafe_id);
            }
        }
        if ids.is_empty() {
            return Err(ApiError {
                field: Some("cafe_ids".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    "Choose the cafés (rooms) to summarise.",
                )
            });
        }
        let min_rooms = req.min_rooms.unwrap_or(2).max(1) as usize;
        let rooms = ids
            .iter()
            .map(|cafe_id| self.harvest(*cafe_id, &req.sections))
            .collect::<Result<Vec<_>, _>>()?;
        // Rooms are told apart by their place in the list, not their titles: at a congress every room may run
        // the same café. Rooms of the same title get "(room N)" in what readers see.
        let labels: Vec<String> = rooms
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if rooms.iter().filter(|o| o.title == r.title).count() > 1 {
                    format!("{} (room {})", r.title, i + 1)
                } else {
                    r.title.clone()
                }
            })
            .collect();
        // Every room's notes, each with its room, for detection across rooms.
        let mut notes: Vec<ThreadNote> = Vec::new();
        let mut quotes: Vec<(usize, Quote)> = Vec::new();
        for (r, room) in rooms.iter().enumerate() {
            for table in &room.tables {
                for q in &table.notes {
                    notes.push(ThreadNote {
                        id: notes.len(),
                        table: format!("{r}\u{1f}{}", table.name),
                        round: q.round,
                        text: q.text.clone(),
                    });
                    quotes.push((r, q.clone()));
                }
            }
        }
        let found = threads::detect(&notes, &Options::default());
        let threads = found
            .threads
            .iter()
            .filter_map(|t| {
                let in_rooms: BTreeSet<usize> = t.notes.iter().map(|&i| quotes[i].0).collect();
                (in_rooms.len() >= min_rooms).then(|| CongressThread {
                    title: t.title.clone(),
                    rooms: in_rooms.iter().map(|&r| labels[r].clone()).collect(),
                    quotes: t
                        .notes
                        .iter()
                        .map(|&i| (labels[quotes[i].0].clone(), quotes[i].1.clone()))
                        .collect(),
                })
            })
            .collect();
        let mut rooms = rooms;
        for (room, label) in rooms.iter_mut().zip(&labels) {
            room.title = label.clone();
        }
        Ok(Congress {
            title,
            rooms,
            threads,
            min_rooms,
            generated: crate::harvest::generated(),
        })
    }

    pub fn preview_congress(&self, req: CongressRequest) -> Result<HarvestPreview, ApiError> {
        Ok(HarvestPreview {
            markdown: cafe_report::harvest::congress_markdown(&self.congress(&req)?),
        })
    }

    pub fn export_congress(&self, req: ExportCongress) -> Result<ExportedFile, ApiError> {
        let bytes = match req.format {
            HarvestFormat::Markdown => {
                check_extension(&req.path, "md")?;
                cafe_report::harvest::congress_markdown(&self.congress(&req.summary)?).into_bytes()
            }
            HarvestFormat::Pdf => {
                check_extension(&req.path, "pdf")?;
                cafe_report::harvest::congress_pdf(&self.congress(&req.summary)?, paper(req.paper))
                    .map_err(|e| {
                        ApiError::new(
                            ErrorCode::Internal,
                            format!("The PDF could not be made: {e}."),
                        )
                    })?
            }
            HarvestFormat::NotesCsv => {
                return Err(ApiError {
                    field: Some("format".into()),
                    ..ApiError::invalid_request(
                        "a congress summary is Markdown or PDF; export each room's notes from its café",
                    )
                });
            }
        };
        write_file(&req.path, &bytes)
    }
}
