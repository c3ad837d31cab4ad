//! The commands' implementations: each checks its input with `cafe_core::validate`, does its work in one store
//! transaction, and answers with DTOs. Declared (name, request, response) in `lib.rs`.

use base64::Engine as _;
use cafe_core::attendee_csv;
use cafe_core::{demo, validate};
use uuid::Uuid;

use crate::convert::{self, id};
use crate::dto::*;
use crate::{Api, ApiError, ErrorCode};

/// Largest CSV file an import reads.
const MAX_CSV_BYTES: usize = 32 * 1024 * 1024;
/// The app-meta key set once the first start has offered the demo café.
const FIRST_START_KEY: &str = "first_start_done";

impl Api {
    fn cafe_view(&self, cafe_id: Uuid) -> Result<Cafe, ApiError> {
        Ok(convert::cafe_out(
            self.store.read(|r| r.cafe_record(cafe_id))?,
        ))
    }

    pub fn list_cafes(&self, _: NoParams) -> Result<Vec<CafeSummary>, ApiError> {
        Ok(self
            .store
            .read(|r| r.list_cafes())?
            .into_iter()
            .map(convert::summary_out)
            .collect())
    }

    pub fn get_cafe(&self, req: ById) -> Result<Cafe, ApiError> {
        self.cafe_view(id(&req.id, "id")?)
    }

    pub fn new_cafe_template(&self, _: NoParams) -> Result<NewCafe, ApiError> {
        let (details, rounds, tables) = cafe_core::model::new_cafe_defaults();
        Ok(NewCafe {
            details: convert::details_out(&details),
            rounds: rounds.iter().map(convert::round_out).collect(),
            tables: tables.iter().map(convert::table_out).collect(),
        })
    }

    pub fn create_cafe(&self, req: NewCafe) -> Result<Cafe, ApiError> {
        let details = convert::details_in(&req.details)?;
        let rounds: Vec<_> = req.rounds.iter().map(convert::round_in).collect();
        let tables = req
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| convert::table_in(t, &format!("tables[{}].", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        if tables.iter().any(|t| t.host_id.is_some()) {
            return Err(ApiError::invalid_request(
                "a new café has no attendees yet, so its tables cannot have hosts",
            ));
        }
        let (details, rounds, tables) = validate::new_cafe(&details, &rounds, &tables)?;
        let id = self
            .store
            .write(|w| w.insert_cafe(&details, &rounds, &tables))?;
        self.cafe_view(id)
    }

    pub fn update_cafe(&self, req: UpdateCafe) -> Result<Cafe, ApiError> {
        let cafe_id = id(&req.id, "id")?;
        let details = validate::cafe_details(&convert::details_in(&req.details)?)?;
        self.store.write(|w| w.update_cafe(cafe_id, &details))?;
        self.cafe_view(cafe_id)
    }

    pub fn duplicate_cafe(&self, req: DuplicateCafe) -> Result<Cafe, ApiError> {
        let source = id(&req.id, "id")?;
        // The copy keeps the original's (valid) details but for its title: check the title alone, up front.
        let title = validate::cafe_details(&cafe_core::CafeDetails {
            title: req.title.clone(),
            ..cafe_core::model::new_cafe_defaults().0
        })?
        .title;
        let new_id = self.store.write(|w| {
            let original = w.cafe_record(source)?;
            let details = cafe_core::CafeDetails {
                title: title.clone(),
                ..original.cafe.details.clone()
            };
            let rounds: Vec<_> = original
                .rounds
                .iter()
                .map(|r| cafe_core::RoundInput {
                    question: r.question.clone(),
                    duration_minutes: r.duration_minutes,
                })
                .collect();
            let tables: Vec<_> = original
                .tables
                .iter()
                .map(|t| cafe_core::TableInput {
                    name: t.name.clone(),
                    capacity: t.capacity,
                    topic: t.topic.clone(),
                    host_id: None,
                })
                .collect();
            let new_id = w.insert_cafe(&details, &rounds, &[])?;
            let mut new_attendee = std::collections::HashMap::new();
            if req.include_attendees {
                let inputs: Vec<_> = original
                    .attendees
                    .iter()
                    .map(|a| cafe_core::AttendeeInput {
                        name: a.name.clone(),
                        organisation: a.organisation.clone(),
                        email: a.email.clone(),
                        role: a.role,
                    })
                    .collect();
                let ids = w.insert_attendees(new_id, &inputs)?;
                new_attendee = original.attendees.iter().map(|a| a.id).zip(ids).collect();
            }
            for (t, original_table) in tables.into_iter().zip(&original.tables) {
                let host_id = original_table
                    .host_id
                    .and_then(|h| new_attendee.get(&h).copied());
                w.insert_table(new_id, &cafe_core::TableInput { host_id, ..t })?;
            }
            Ok(new_id)
        });
        let new_id = new_id?;
        self.cafe_view(new_id)
    }

    pub fn delete_cafe(&self, req: ById) -> Result<(), ApiError> {
        let cafe_id = id(&req.id, "id")?;
        Ok(self.store.write(|w| w.delete_cafe(cafe_id))?)
    }

    pub fn create_demo_cafe(&self, _: NoParams) -> Result<Cafe, ApiError> {
        let id = self.store.write(insert_demo)?;
        self.cafe_view(id)
    }

    /// On the very first start of the app (an empty database), creates the demo café so that the first screen is
    /// never empty. Later starts do nothing, even when the facilitator has deleted every café since.
    pub fn first_start(&self) -> Result<Option<Uuid>, ApiError> {
        Ok(self.store.write(|w| {
            if w.meta(FIRST_START_KEY)?.is_some() {
                return Ok(None);
            }
            w.set_meta(FIRST_START_KEY, &convert::time(chrono::Utc::now()))?;
            if !w.list_cafes()?.is_empty() {
                return Ok(None);
            }
            insert_demo(w).map(Some)
        })?)
    }

    pub fn add_round(&self, req: AddRound) -> Result<Cafe, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let round = validate::round(&convert::round_in(&req.round), "round.")?;
        self.store.write(|w| {
            w.cafe(cafe_id)?;
            if w.rounds(cafe_id)?.len() >= validate::MAX_ROUNDS {
                return Err(cafe_store::StoreError::Conflict(format!(
                    "a café has at most {} rounds",
                    validate::MAX_ROUNDS
                )));
            }
            w.insert_round(cafe_id, &round)
        })?;
        self.cafe_view(cafe_id)
    }

    pub fn update_round(&self, req: UpdateRound) -> Result<Cafe, ApiError> {
        let round_id = id(&req.id, "id")?;
        let round = validate::round(&convert::round_in(&req.round), "round.")?;
        let cafe_id = self.store.write(|w| w.update_round(round_id, &round))?;
        self.cafe_view(cafe_id)
    }

    pub fn move_round(&self, req: Move) -> Result<Cafe, ApiError> {
        let round_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| {
            rounds_may_change(w, round_id)?;
            w.move_round(round_id, req.to_number)
        })?;
        self.cafe_view(cafe_id)
    }

    pub fn delete_round(&self, req: ById) -> Result<Cafe, ApiError> {
        let round_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| {
            rounds_may_change(w, round_id)?;
            w.delete_round(round_id)
        })?;
        self.cafe_view(cafe_id)
    }

    pub fn add_table(&self, req: AddTable) -> Result<Cafe, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let table = validate::table(&convert::table_in(&req.table, "table.")?, "table.")?;
        self.store.write(|w| {
            w.cafe(cafe_id)?;
            if w.tables(cafe_id)?.len() >= validate::MAX_TABLES {
                return Err(cafe_store::StoreError::Conflict(format!(
                    "a café has at most {} tables",
                    validate::MAX_TABLES
                )));
            }
            w.insert_table(cafe_id, &table)
        })?;
        self.cafe_view(cafe_id)
    }

    pub fn update_table(&self, req: UpdateTable) -> Result<Cafe, ApiError> {
        let table_id = id(&req.id, "id")?;
        let table = validate::table(&convert::table_in(&req.table, "table.")?, "table.")?;
        let cafe_id = self.store.write(|w| w.update_table(table_id, &table))?;
        self.cafe_view(cafe_id)
    }

    pub fn move_table(&self, req: Move) -> Result<Cafe, ApiError> {
        let table_id = id(&req.id, "id")?;
        let cafe_id = self
            .store
            .write(|w| w.move_table(table_id, req.to_number))?;
        self.cafe_view(cafe_id)
    }

    pub fn delete_table(&self, req: ById) -> Result<Cafe, ApiError> {
        let table_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| w.delete_table(table_id))?;
        self.cafe_view(cafe_id)
    }

    pub fn add_attendee(&self, req: AddAttendee) -> Result<Cafe, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let attendee = validate::attendee(&convert::attendee_in(&req.attendee), "")?;
        self.store.write(|w| {
            if w.attendees(cafe_id)?.len() >= validate::MAX_ATTENDEES {
                return Err(cafe_store::StoreError::Conflict(format!(
                    "a café has at most {} attendees",
                    validate::MAX_ATTENDEES
                )));
            }
            w.insert_attendees(cafe_id, std::slice::from_ref(&attendee))
        })?;
        self.cafe_view(cafe_id)
    }

    pub fn update_attendee(&self, req: UpdateAttendee) -> Result<Cafe, ApiError> {
        let attendee_id = id(&req.id, "id")?;
        let attendee = validate::attendee(&convert::attendee_in(&req.attendee), "")?;
        let cafe_id = self
            .store
            .write(|w| w.update_attendee(attendee_id, &attendee))?;
        self.cafe_view(cafe_id)
    }

    pub fn delete_attendee(&self, req: ById) -> Result<Cafe, ApiError> {
        let attendee_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| w.delete_attendee(attendee_id))?;
        self.cafe_view(cafe_id)
    }

    pub fn preview_attendee_import(
        &self,
        req: PreviewAttendeeImport,
    ) -> Result<ImportPreview, ApiError> {
        let bytes = decode_file(&req.data_base64)?;
        let table = attendee_csv::read(&bytes)?;
        let mapping = attendee_csv::suggest_mapping(&table.headers);
        Ok(ImportPreview {
            encoding: table.encoding.to_owned(),
            delimiter: table.delimiter.to_string(),
            sample: table
                .rows
                .iter()
                .take(5)
                .map(|r| r.fields.clone())
                .collect(),
            row_count: table.rows.len() as u32,
            mapping_complete: mapping.has_name(),
            mapping: convert::mapping_out(&mapping),
            headers: table.headers,
        })
    }

    pub fn import_attendees(&self, req: ImportAttendees) -> Result<ImportReport, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        self.import_attendee_bytes(
            cafe_id,
            &decode_file(&req.data_base64)?,
            req.mapping.as_ref(),
        )
    }

    /// Imports attendees from the bytes of a CSV file (the CLI reads the file itself).
    pub fn import_attendee_bytes(
        &self,
        cafe_id: Uuid,
        bytes: &[u8],
        mapping: Option<&ColumnMapping>,
    ) -> Result<ImportReport, ApiError> {
        check_size(bytes)?;
        let table = attendee_csv::read(bytes)?;
        let mapping = match mapping {
            Some(m) => convert::mapping_in(m),
            None => attendee_csv::suggest_mapping(&table.headers),
        };
        let parsed = attendee_csv::attendees(&table, &mapping)?;
        let plan = self.store.write(|w| {
            let existing = w.attendees(cafe_id)?;
            let plan = attendee_csv::plan_import(&existing, parsed)
                .map_err(|e| cafe_store::StoreError::Conflict(e.to_string()))?;
            w.insert_attendees(cafe_id, &plan.add)?;
            Ok(plan)
        });
        let plan = match plan {
            Err(cafe_store::StoreError::Conflict(m)) => {
                return Err(ApiError::new(
                    ErrorCode::CsvInvalid,
                    format!("{m}. Nothing was imported."),
                ));
            }
            other => other?,
        };
        Ok(ImportReport {
            imported: plan.add.len() as u32,
            skipped: plan
                .skipped
                .into_iter()
                .map(|s| SkippedRow {
                    row: s.row as u32,
                    name: s.name,
                    reason: s.reason,
                })
                .collect(),
            encoding: table.encoding.to_owned(),
            cafe: self.cafe_view(cafe_id)?,
        })
    }

    pub fn app_info(&self, _: NoParams) -> Result<AppInfo, ApiError> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: self
                .store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| ":memory:".to_owned()),
        })
    }
}

/// Rounds keep their order while a café runs: the clock points at a round by its place, so moving or deleting one
/// would make it jump to another round. Before round 1 starts and after the last one they may change.
fn rounds_may_change(
    w: &cafe_store::Write<'_>,
    round_id: Uuid,
) -> Result<(), cafe_store::StoreError> {
    use cafe_core::clock::Stage;
    let cafe_id = w.round_cafe(round_id)?;
    match w.clock(cafe_id)?.stage {
        Stage::NotStarted | Stage::Done => Ok(()),
        Stage::Round { .. } | Stage::Move { .. } => Err(cafe_store::StoreError::Conflict(
            "the café is running: rounds can be moved or deleted before it starts or after its last round".to_owned(),
        )),
    }
}

/// Refuses files larger than an import reads.
pub(crate) fn check_size(bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(ApiError::new(
            ErrorCode::CsvInvalid,
            format!(
                "The file is {} MB; at most {} MB can be imported.",
                bytes.len() >> 20,
                MAX_CSV_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

pub(crate) fn decode_file(data: &str) -> Result<Vec<u8>, ApiError> {
    if data.len() > MAX_CSV_BYTES / 3 * 4 + 4 {
        return Err(ApiError::new(
            ErrorCode::CsvInvalid,
            format!("The file is larger than {} MB.", MAX_CSV_BYTES >> 20),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| ApiError {
            field: Some("data_base64".into()),
            ..ApiError::invalid_request(format!("the file's data is not base64: {e}"))
        })
}

fn insert_demo(w: &mut cafe_store::Write<'_>) -> Result<Uuid, cafe_store::StoreError> {
    let d = demo::cafe(chrono::Local::now().date_naive());
    let id = w.insert_cafe(&d.details, &d.rounds, &[])?;
    let ids = w.insert_attendees(id, &d.attendees)?;
    for (table, host) in d.tables.into_iter().zip(d.hosts) {
        w.insert_table(
            id,
            &cafe_core::TableInput {
                host_id: host.map(|h| ids[h]),
                ..table
            },
        )?;
    }
    Ok(id)
}

/// Turns a store change into the DTO the UI receives.
pub fn change_dto(change: &cafe_store::Change) -> Change {
    convert::change_out(change)
}
