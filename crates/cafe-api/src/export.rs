//! Exports of a café's data to files: the seating plan as CSV for spreadsheets and as printable PDFs (table lists
//! per round, and "find your table"). The file is written next to its final name and renamed into place, so a
//! crash never leaves half a file under the name the facilitator chose.

use std::collections::HashMap;
use std::path::Path;

use cafe_core::seating_plan::CafePlan;
use cafe_report::seating::{PersonTables, RoundTables, SeatingDoc, TableList};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::seating::StoredPlan;
use crate::{Api, ApiError, ErrorCode};

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub(crate) fn write_file(path: &str, bytes: &[u8]) -> Result<ExportedFile, ApiError> {
    let file_error = |e: std::io::Error| ApiError {
        field: Some("path".into()),
        ..ApiError::new(ErrorCode::File, format!("Cannot write {path}: {e}."))
    };
    let target = Path::new(path);
    if path.trim().is_empty() || target.file_name().is_none() || !target.is_absolute() {
        return Err(ApiError {
            field: Some("path".into()),
            ..ApiError::invalid_request("choose where to save the file (a full path)")
        });
    }
    let tmp = target.with_file_name(format!(
        ".{}.part",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        use std::io::Write as _;
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(file_error(e));
    }
    if let Err(e) = std::fs::rename(&tmp, target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(file_error(e));
    }
    Ok(ExportedFile {
        path: path.to_owned(),
        bytes: bytes.len() as u32,
    })
}

/// Refuses a path whose file name does not end in `.extension`.
pub(crate) fn check_extension(path: &str, extension: &str) -> Result<(), ApiError> {
    let matches = Path::new(path)
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension));
    if matches {
        Ok(())
    } else {
        Err(ApiError {
            field: Some("path".into()),
            ..ApiError::invalid_request(format!("the file name must end in .{extension}"))
        })
    }
}

/// The paper asked for; A4 when none.
pub(crate) fn paper(p: Option<PaperSize>) -> cafe_report::Paper {
    match p.unwrap_or(PaperSize::A4) {
        PaperSize::A4 => cafe_report::Paper::A4,
        PaperSize::Letter => cafe_report::Paper::Letter,
    }
}

fn format_label(f: cafe_core::Format) -> &'static str {
    f.label()
}

impl Api {
    pub fn export_seating(&self, req: ExportSeating) -> Result<ExportedFile, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let stored = self.store.read(|r| StoredPlan::read(r, cafe_id))?;
        if stored.seats.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "There is no seating plan to export yet — make one first.",
            ));
        }
        let (plan, record) = (stored.plan(), &stored.record);
        let extension = match req.format {
            SeatingExport::Csv => "csv",
            SeatingExport::TableListsPdf | SeatingExport::FindYourTablePdf => "pdf",
        };
        check_extension(&req.path, extension)?;
        let paper = paper(req.paper);
        let bytes = match req.format {
            SeatingExport::Csv => plan.to_csv().into_bytes(),
            SeatingExport::TableListsPdf => {
                cafe_report::seating::table_lists_pdf(&seating_doc(&plan, &record.cafe), paper)
                    .map_err(|e| {
                        ApiError::new(
                            ErrorCode::Internal,
                            format!("The PDF could not be made: {e}."),
                        )
                    })?
            }
            SeatingExport::FindYourTablePdf => {
                cafe_report::seating::find_your_table_pdf(&seating_doc(&plan, &record.cafe), paper)
                    .map_err(|e| {
                        ApiError::new(
                            ErrorCode::Internal,
                            format!("The PDF could not be made: {e}."),
                        )
                    })?
            }
        };
        write_file(&req.path, &bytes)
    }
}

/// The seating printouts' content, as display text.
fn seating_doc(plan: &CafePlan<'_>, cafe: &cafe_core::Cafe) -> SeatingDoc {
    let d = &cafe.details;
    let mut subtitle: Vec<String> = Vec::new();
    if let Some(date) = d.date {
        subtitle.push(date.format("%a %-d %b %Y").to_string());
    }
    if !d.venue.is_empty() {
        subtitle.push(d.venue.clone());
    }
    subtitle.push(format_label(d.format).to_owned());
    let name: HashMap<Uuid, &cafe_core::Attendee> =
        plan.attendees.iter().map(|a| (a.id, a)).collect();
    let score = plan.score();
    let rounds = plan
        .rounds
        .iter()
        .zip(&score.rounds)
        .map(|(round, scored)| RoundTables {
            number: round.number,
            question: Some(round.question.clone()).filter(|q| !q.trim().is_empty()),
            tables: plan
                .tables
                .iter()
                .zip(&scored.tables)
                .map(|(t, seats)| {
                    let host = t.host_id.filter(|h| seats.iter().any(|s| s.attendee == *h));
                    TableList {
                        name: t.name.clone(),
                        topic: t.topic.clone(),
                        host: host.and_then(|h| name.get(&h)).map(|a| a.name.clone()),
                        people: seats
                            .iter()
                            .filter(|s| Some(s.attendee) != host)
                            .filter_map(|s| name.get(&s.attendee).map(|a| a.name.clone()))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let table_name: HashMap<Uuid, &str> = plan
        .tables
        .iter()
        .map(|t| (t.id, t.name.as_str()))
        .collect();
    let seat_of: HashMap<(Uuid, Uuid), Uuid> = plan
        .seats
        .iter()
        .map(|s| ((s.round, s.attendee), s.table))
        .collect();
    let mut people: Vec<PersonTables> = plan
        .attendees
        .iter()
        .map(|a| PersonTables {
            name: a.name.clone(),
            organisation: a.organisation.clone(),
            tables: plan
                .rounds
                .iter()
                .map(|r| {
                    seat_of
                        .get(&(r.id, a.id))
                        .and_then(|t| table_name.get(t))
                        .map(|n| (*n).to_owned())
                })
                .collect(),
        })
        .collect();
    people.sort_by_cached_key(|p| p.name.to_lowercase());
    SeatingDoc {
        cafe_title: d.title.clone(),
        subtitle: subtitle.join(" · "),
        rounds,
        people,
        generated: format!(
            "Generated {} · Knowledge Café {}",
            chrono::Local::now().format("%-d %b %Y %H:%M"),
            env!("CARGO_PKG_VERSION")
        ),
    }
}
