//! Café files: a whole café — details, rounds, tables, attendees, seating, notes and common threads — as one
//! versioned JSON document (`docs/cafe-file.md`), for archiving a café and for gathering the cafés run on several
//! laptops (one per room at a congress) into one database.
//!
//! Every entity in a file has a file-local `id` (the exporting database's id) and refers to others by those ids.
//! An import checks the whole file first — structure, every rule of `cafe_core::validate` and `cafe_core::notes`,
//! every reference — and only then writes it, as a **new** café with new ids, in one store transaction: a damaged
//! file changes nothing, and importing never collides with what is there. Secrets (the tables' join tokens) and the
//! round clock are not in the file: imported tables get fresh tokens and an imported café starts not running.

use std::collections::HashMap;

use base64::Engine as _;
use cafe_core::notes::{self, NoteInput};
use cafe_core::{AttendeeInput, CafeDetails, Format, Role, RoundInput, TableInput, validate};
use cafe_store::{NoteCopy, PlanInfo, SeatRecord, ThreadRecord};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::convert::{self, id};
use crate::dto::{ById, Cafe, ExportCafeFile, ExportedFile, ImportCafeFile, NoParams};
use crate::export::{check_extension, write_file};
use crate::{Api, ApiError, ErrorCode};

/// The example of a past café the app offers to add, so that the threads board and the summary can be seen before
/// a café of one's own has notes: a staff café of 7 tables, 69 notes and partly curated threads.
pub const EXAMPLE_CAFE: &[u8] = include_bytes!("../../../docs/examples/library-futures.json");

/// What the `format` field of every café file says.
pub const FORMAT: &str = "knowledge-cafe";
/// The version of the file format this build writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// The largest café file an import reads.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

use crate::clock::MAX_WARNING_MINUTES;
use crate::phone::is_client_id;
use crate::threads::{
    MAX_MIN_TABLES, MAX_SYNTHESIS, MAX_TITLE as MAX_THREAD_TITLE, min_tables_key,
};

// ---- the file ---------------------------------------------------------------------------------------------------

/// A whole café as a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CafeFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file format's version ([`VERSION`] when written by this build).
    pub version: u32,
    /// When the file was written (RFC 3339, UTC). Informative.
    #[serde(default)]
    pub exported_at: String,
    /// The Knowledge Café version that wrote it. Informative.
    #[serde(default)]
    pub app_version: String,
    pub cafe: CafeSettings,
    /// In the order they are run.
    pub rounds: Vec<Round>,
    /// In display order.
    pub tables: Vec<Table>,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    #[serde(default)]
    pub seating: Seating,
    /// Oldest first; deleted notes are not exported.
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub threads: Vec<Thread>,
    /// Notes placed in no thread (by detection, or taken out of every thread by the facilitator).
    #[serde(default)]
    pub unthreaded: Vec<Placement>,
}

/// A café's details and settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CafeSettings {
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub facilitator: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub format: Format,
    #[serde(default)]
    pub move_minutes: u32,
    /// Minutes before a round's end when the clock warns.
    #[serde(default = "default_two")]
    pub warning_minutes: u32,
    /// A thread is common when raised at this many tables or more.
    #[serde(default = "default_two")]
    pub thread_min_tables: u32,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_two() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub id: String,
    #[serde(default)]
    pub question: String,
    pub duration_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: String,
    pub name: String,
    pub capacity: u32,
    #[serde(default)]
    pub topic: Option<String>,
    /// The id of the attendee who hosts the table.
    #[serde(default)]
    pub host: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default = "traveller")]
    pub role: Role,
}

fn traveller() -> Role {
    Role::Traveller
}

/// The seating plan: who sits where in each round, who misses which round, and how the plan was made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seating {
    /// When and how the engine last made the plan; null when it never did.
    #[serde(default)]
    pub plan: Option<PlanFacts>,
    #[serde(default)]
    pub seats: Vec<Seat>,
    #[serde(default)]
    pub absences: Vec<Absence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFacts {
    pub generated_at: String,
    pub method: String,
    pub lower_bound: u64,
    pub elapsed_ms: u64,
}

/// An attendee's seat in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    pub round: String,
    pub table: String,
    pub attendee: String,
    /// Kept exactly when the plan is made again.
    #[serde(default)]
    pub locked: bool,
}

/// An attendee who misses a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    pub round: String,
    pub attendee: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub table: String,
    pub round: String,
    pub text: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub starred: bool,
    /// RFC 3339; the import time when missing.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339; `created_at` when missing.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The id the phone that wrote the note gave it; null for notes written on the laptop.
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thread {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub synthesis: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub curated: bool,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub hidden: bool,
    /// Its notes.
    #[serde(default)]
    pub notes: Vec<Placement>,
}

/// Where a note is placed, and whether the facilitator put it there (detection then leaves it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    pub note: String,
    #[serde(default)]
    pub by_facilitator: bool,
}

// ---- errors -----------------------------------------------------------------------------------------------------

/// A problem at `path` in the file: nothing is imported.
fn at(path: impl Into<String>, message: impl std::fmt::Display) -> ApiError {
    let path = path.into();
    ApiError {
        field: Some(path.clone()),
        ..ApiError::new(
            ErrorCode::InvalidInput,
            format!("{path}: {message}. Nothing was imported."),
        )
    }
}

/// A rule of cafe-core broken at `prefix` (`rounds[2].`, `notes[12].`).
fn rule(prefix: &str, e: cafe_core::ValidationError) -> ApiError {
    let field = if e.field.starts_with(prefix) {
        e.field
    } else {
        format!("{prefix}{}", e.field)
    };
    let mut message = e.message;
    if let Some(first) = message.get(..1) {
        message = first.to_lowercase() + &message[1..];
    }
    at(field, message)
}

fn whole_file(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

// ---- export -----------------------------------------------------------------------------------------------------

fn time(t: DateTime<Utc>) -> String {
    convert::time(t)
}

impl Api {
    /// The café file of a café, as bytes (pretty-printed JSON), read in one snapshot.
    pub fn cafe_file_bytes(&self, cafe_id: Uuid) -> Result<Vec<u8>, ApiError> {
        let file = self.cafe_file(cafe_id)?;
        let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot write the café file: {e}"),
            )
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The café file of a café.
    pub fn cafe_file(&self, cafe_id: Uuid) -> Result<CafeFile, ApiError> {
        let exported_at = DateTime::<Utc>::from_timestamp_millis((self.now)()).unwrap_or_default();
        let file = self.store.read(|r| {
            let record = r.cafe_record(cafe_id)?;
            let warning_minutes = r.warning_minutes(cafe_id)?;
            let min_tables = r
                .meta(&min_tables_key(cafe_id))?
                .and_then(|v| v.parse().ok())
                .unwrap_or(2);
            let mut seats = r.seats(cafe_id)?;
            let mut absences = r.absences(cafe_id)?;
            let plan = r.plan_info(cafe_id)?;
            let notes = r.notes(cafe_id)?;
            let threads = r.threads(cafe_id)?;
            let placements = r.placements(cafe_id)?;

            // Seats and absences in the order of rounds, tables and attendees, so that the same café always gives
            // the same file whatever its ids.
            let round_at: HashMap<Uuid, usize> = record
                .rounds
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id, i))
                .collect();
            let table_at: HashMap<Uuid, usize> = record
                .tables
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id, i))
                .collect();
            let attendee_at: HashMap<Uuid, usize> = record
                .attendees
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id, i))
                .collect();
            let place =
                |m: &HashMap<Uuid, usize>, id: &Uuid| m.get(id).copied().unwrap_or(usize::MAX);
            seats.sort_by_key(|s| {
                (
                    place(&round_at, &s.round_id),
                    place(&table_at, &s.table_id),
                    place(&attendee_at, &s.attendee_id),
                )
            });
            absences.sort_by_key(|(round, attendee)| {
                (place(&round_at, round), place(&attendee_at, attendee))
            });
            let note_at: HashMap<Uuid, usize> =
                notes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
            let mut placements = placements;
            placements.sort_by_key(|p| place(&note_at, &p.note_id));
            let placed = |thread: Option<Uuid>| -> Vec<Placement> {
                placements
                    .iter()
                    .filter(|p| p.thread_id == thread && note_at.contains_key(&p.note_id))
                    .map(|p| Placement {
                        note: p.note_id.to_string(),
                        by_facilitator: p.by_facilitator,
                    })
                    .collect()
            };

            let d = &record.cafe.details;
            Ok(CafeFile {
                format: FORMAT.to_owned(),
                version: VERSION,
                exported_at: time(exported_at),
                app_version: env!("CARGO_PKG_VERSION").to_owned(),
                cafe: CafeSettings {
                    title: d.title.clone(),
                    date: d.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    venue: d.venue.clone(),
                    facilitator: d.facilitator.clone(),
                    language: d.language.clone(),
                    format: d.format,
                    move_minutes: d.move_minutes,
                    warning_minutes,
                    thread_min_tables: min_tables,
                },
                rounds: record
                    .rounds
                    .iter()
                    .map(|x| Round {
                        id: x.id.to_string(),
                        question: x.question.clone(),
                        duration_minutes: x.duration_minutes,
                    })
                    .collect(),
                tables: record
                    .tables
                    .iter()
                    .map(|x| Table {
                        id: x.id.to_string(),
                        name: x.name.clone(),
                        capacity: x.capacity,
                        topic: x.topic.clone(),
                        host: x.host_id.map(|h| h.to_string()),
                    })
                    .collect(),
                attendees: record
                    .attendees
                    .iter()
                    .map(|x| Attendee {
                        id: x.id.to_string(),
                        name: x.name.clone(),
                        organisation: x.organisation.clone(),
                        email: x.email.clone(),
                        role: x.role,
                    })
                    .collect(),
                seating: Seating {
                    plan: plan.map(|p| PlanFacts {
                        generated_at: time(p.generated_at),
                        method: p.method,
                        lower_bound: p.lower_bound,
                        elapsed_ms: p.elapsed_ms,
                    }),
                    seats: seats
                        .iter()
                        .map(|s| Seat {
                            round: s.round_id.to_string(),
                            table: s.table_id.to_string(),
                            attendee: s.attendee_id.to_string(),
                            locked: s.locked,
                        })
                        .collect(),
                    absences: absences
                        .iter()
                        .map(|(round, attendee)| Absence {
                            round: round.to_string(),
                            attendee: attendee.to_string(),
                        })
                        .collect(),
                },
                notes: notes
                    .iter()
                    .map(|n| Note {
                        id: n.id.to_string(),
                        table: n.table_id.to_string(),
                        round: n.round_id.to_string(),
                        text: n.text.clone(),
                        author: n.author.clone(),
                        starred: n.starred,
                        created_at: Some(time(n.created_at)),
                        updated_at: Some(time(n.updated_at)),
                        client_id: n.client_id.clone(),
                    })
                    .collect(),
                threads: threads
                    .iter()
                    .map(|t| Thread {
                        id: t.id.to_string(),
                        title: t.title.clone(),
                        synthesis: t.synthesis.clone(),
                        keywords: t.keywords.clone(),
                        curated: t.curated,
                        pinned: t.pinned,
                        hidden: t.hidden,
                        notes: placed(Some(t.id)),
                    })
                    .collect(),
                unthreaded: placed(None),
            })
        })?;
        Ok(file)
    }

    pub fn export_cafe_file(&self, req: ExportCafeFile) -> Result<ExportedFile, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        check_extension(&req.path, "json")?;
        let bytes = self.cafe_file_bytes(cafe_id)?;
        write_file(&req.path, &bytes)
    }

    pub fn import_cafe_file(&self, req: ImportCafeFile) -> Result<Cafe, ApiError> {
        self.import_cafe_file_bytes(&decode(&req.data_base64)?)
    }

    /// Adds [`EXAMPLE_CAFE`] as a new café, as an import of it would.
    pub fn create_example_cafe(&self, _: NoParams) -> Result<Cafe, ApiError> {
        self.import_cafe_file_bytes(EXAMPLE_CAFE)
    }

    /// Imports the bytes of a café file as a new café (the CLI reads the file itself): all of it, or — if anything
    /// in it is wrong — nothing.
    pub fn import_cafe_file_bytes(&self, bytes: &[u8]) -> Result<Cafe, ApiError> {
        let file = parse(bytes)?;
        let now = DateTime::<Utc>::from_timestamp_millis((self.now)()).unwrap_or_default();
        let checked = check(&file, now)?;
        let cafe_id = self.store.write(|w| restore(w, &checked))?;
        self.get_cafe(ById {
            id: cafe_id.to_string(),
        })
    }
}

// ---- import: reading --------------------------------------------------------------------------------------------

/// The bytes of a base64-encoded café file, at most [`MAX_FILE_BYTES`].
fn decode(data: &str) -> Result<Vec<u8>, ApiError> {
    if data.len() > MAX_FILE_BYTES / 3 * 4 + 4 {
        return Err(too_large(data.len() / 4 * 3));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|e| ApiError {
            field: Some("data_base64".into()),
            ..ApiError::invalid_request(format!("the file's data is not base64: {e}"))
        })
}

fn too_large(bytes: usize) -> ApiError {
    whole_file(format!(
        "The file is {} MB; a café file can be at most {} MB.",
        bytes >> 20,
        MAX_FILE_BYTES >> 20
    ))
}

/// Just what tells a café file and its version, read before the rest so that a newer file is refused as such.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Reads a café file: JSON, of this format, of a version this build reads, of the right shape.
pub fn parse(bytes: &[u8]) -> Result<CafeFile, ApiError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let not_json = |e: serde_json::Error| {
        if e.classify() == serde_json::error::Category::Eof {
            whole_file(format!(
                "The café file is incomplete: it ends at line {}, in the middle of its data — it may have been cut \
                 off while being copied. Nothing was imported.",
                e.line()
            ))
        } else {
            whole_file(format!(
                "This is not a café file: it is not valid JSON ({e}). Nothing was imported."
            ))
        }
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_none() {
        return Err(whole_file("The file is empty. Nothing was imported."));
    }
    if first != Some(&b'{') {
        // Not an object: let the JSON reader say whether it is JSON at all.
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(not_json)?;
        return Err(not_this_format());
    }
    let header: Header = serde_json::from_slice(bytes).map_err(not_json)?;
    match header.format.as_ref().and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(ApiError {
                field: Some("format".into()),
                ..whole_file(format!(
                    "This is not a Knowledge Café file: its \"format\" is \"{other}\", not \"{FORMAT}\". \
                     Nothing was imported."
                ))
            });
        }
        None => return Err(not_this_format()),
    }
    let version = match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 => v,
        _ => {
            return Err(ApiError {
                field: Some("version".into()),
                ..whole_file(
                    "The café file has no valid \"version\" (a whole number from 1). Nothing was imported.",
                )
            });
        }
    };
    if version > u64::from(VERSION) {
        return Err(ApiError {
            field: Some("version".into()),
            ..whole_file(format!(
                "This café file was written by a newer Knowledge Café (file version {version}; this one reads up to \
                 {VERSION}) — update the app."
            ))
        });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        whole_file(format!(
            "The café file is damaged: {e}. Nothing was imported."
        ))
    })
}

fn not_this_format() -> ApiError {
    ApiError {
        field: Some("format".into()),
        ..whole_file(format!(
            "This is not a Knowledge Café file: it has no \"format\": \"{FORMAT}\". Nothing was imported."
        ))
    }
}

// ---- import: checking -------------------------------------------------------------------------------------------

/// A café file checked whole: cleaned values, references resolved to positions in the file's lists.
#[derive(Debug)]
struct Checked {
    details: CafeDetails,
    warning_minutes: u32,
    min_tables: u32,
    rounds: Vec<RoundInput>,
    /// Each table (without its host) and its host's position among the attendees.
    tables: Vec<(TableInput, Option<usize>)>,
    attendees: Vec<AttendeeInput>,
    plan: Option<PlanInfo>,
    /// (round, table, attendee, locked)
    seats: Vec<(usize, usize, usize, bool)>,
    /// (round, attendee)
    absences: Vec<(usize, usize)>,
    notes: Vec<CheckedNote>,
    threads: Vec<CheckedThread>,
    /// (note, by the facilitator)
    unthreaded: Vec<(usize, bool)>,
}

#[derive(Debug)]
struct CheckedNote {
    table: usize,
    round: usize,
    text: String,
    author: Option<String>,
    starred: bool,
    client_id: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug)]
struct CheckedThread {
    title: String,
    synthesis: String,
    keywords: Vec<String>,
    curated: bool,
    pinned: bool,
    hidden: bool,
    notes: Vec<(usize, bool)>,
}

/// The file-local ids of one list (`rounds`, `tables`, …), each with its position.
struct Ids<'a> {
    list: &'static str,
    noun: &'static str,
    at: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(
        list: &'static str,
        noun: &'static str,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<Ids<'a>, ApiError> {
        let mut at = HashMap::new();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                return Err(self::at(format!("{list}[{i}].id"), "the id is empty"));
            }
            if let Some(first) = at.insert(id, i) {
                return Err(self::at(
                    format!("{list}[{i}].id"),
                    format!("the id \"{id}\" is used by {list}[{first}] too"),
                ));
            }
        }
        Ok(Ids { list, noun, at })
    }

    /// The position of the entity `id` refers to; `path` is where the reference is.
    fn find(&self, id: &str, path: impl FnOnce() -> String) -> Result<usize, ApiError> {
        self.at.get(id).copied().ok_or_else(|| {
            at(
                path(),
                format!(
                    "there is no {} \"{id}\" in this file (see \"{}\")",
                    self.noun, self.list
                ),
            )
        })
    }
}

fn instant(text: &str, path: impl FnOnce() -> String) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            at(
                path(),
                format!("\"{text}\" is not a time (RFC 3339, such as 2026-08-24T09:30:00.000Z)"),
            )
        })
}

/// Checks everything in a café file before anything is written. A note without a time gets `now`.
fn check(file: &CafeFile, now: DateTime<Utc>) -> Result<Checked, ApiError> {
    // The café.
    let c = &file.cafe;
    let date = match c.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            at(
                "cafe.date",
                format!("\"{text}\" is not a date (YYYY-MM-DD)"),
            )
        })?),
    };
    let details = validate::cafe_details(&CafeDetails {
        title: c.title.clone(),
        date,
        venue: c.venue.clone(),
        facilitator: c.facilitator.clone(),
        language: c.language.clone(),
        format: c.format,
        move_minutes: c.move_minutes,
    })
    .map_err(|e| rule("cafe.", e))?;
    if c.warning_minutes > MAX_WARNING_MINUTES {
        return Err(at(
            "cafe.warning_minutes",
            format!("the clock warns 0 to {MAX_WARNING_MINUTES} minutes before a round ends"),
        ));
    }
    if !(1..=MAX_MIN_TABLES).contains(&c.thread_min_tables) {
        return Err(at(
            "cafe.thread_min_tables",
            format!("a common thread is raised at 1 to {MAX_MIN_TABLES} tables"),
        ));
    }

    // Rounds, attendees, tables.
    if file.rounds.is_empty() || file.rounds.len() > validate::MAX_ROUNDS {
        return Err(at(
            "rounds",
            format!("a café has from 1 to {} rounds", validate::MAX_ROUNDS),
        ));
    }
    if file.tables.len() > validate::MAX_TABLES {
        return Err(at(
            "tables",
            format!("a café has at most {} tables", validate::MAX_TABLES),
        ));
    }
    if file.attendees.len() > validate::MAX_ATTENDEES {
        return Err(at(
            "attendees",
            format!("a café has at most {} attendees", validate::MAX_ATTENDEES),
        ));
    }
    let round_ids = Ids::new("rounds", "round", file.rounds.iter().map(|x| x.id.as_str()))?;
    let table_ids = Ids::new("tables", "table", file.tables.iter().map(|x| x.id.as_str()))?;
    let attendee_ids = Ids::new(
        "attendees",
        "attendee",
        file.attendees.iter().map(|x| x.id.as_str()),
    )?;
    let note_ids = Ids::new("notes", "note", file.notes.iter().map(|x| x.id.as_str()))?;
    Ids::new(
        "threads",
        "thread",
        file.threads.iter().map(|x| x.id.as_str()),
    )?;

    let rounds = file
        .rounds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let prefix = format!("rounds[{i}].");
            validate::round(
                &RoundInput {
                    question: r.question.clone(),
                    duration_minutes: r.duration_minutes,
                },
                &prefix,
            )
            .map_err(|e| rule(&prefix, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let attendees = file
        .attendees
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let prefix = format!("attendees[{i}].");
            validate::attendee(
                &AttendeeInput {
                    name: a.name.clone(),
                    organisation: a.organisation.clone(),
                    email: a.email.clone(),
                    role: a.role,
                },
                &prefix,
            )
            .map_err(|e| rule(&prefix, e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut tables = Vec::with_capacity(file.tables.len());
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut hosting: HashMap<usize, usize> = HashMap::new();
    for (i, t) in file.tables.iter().enumerate() {
        let prefix = format!("tables[{i}].");
        let table = validate::table(
            &TableInput {
                name: t.name.clone(),
                capacity: t.capacity,
                topic: t.topic.clone(),
                host_id: None,
            },
            &prefix,
        )
        .map_err(|e| rule(&prefix, e))?;
        if let Some(first) = names.insert(table.name.to_lowercase(), i) {
            return Err(at(
                format!("{prefix}name"),
                format!("tables[{first}] has the name \"{}\" too", table.name),
            ));
        }
        let host = t
            .host
            .as_deref()
            .map(|h| attendee_ids.find(h, || format!("{prefix}host")))
            .transpose()?;
        if let Some(h) = host
            && let Some(other) = hosting.insert(h, i)
        {
            return Err(at(
                format!("{prefix}host"),
                format!(
                    "{} hosts tables[{other}] already; an attendee hosts at most one table",
                    attendees[h].name
                ),
            ));
        }
        tables.push((table, host));
    }

    // Seating.
    let s = &file.seating;
    let plan = s
        .plan
        .as_ref()
        .map(|p| {
            let method = p.method.trim();
            if method.chars().count() > validate::MAX_SHORT_TEXT {
                return Err(at(
                    "seating.plan.method",
                    format!("at most {} characters", validate::MAX_SHORT_TEXT),
                ));
            }
            Ok(PlanInfo {
                generated_at: instant(&p.generated_at, || "seating.plan.generated_at".into())?,
                lower_bound: p.lower_bound,
                elapsed_ms: p.elapsed_ms,
                method: method.to_owned(),
            })
        })
        .transpose()?;
    let mut absent: HashMap<(usize, usize), usize> = HashMap::new();
    let mut absences = Vec::with_capacity(s.absences.len());
    for (i, a) in s.absences.iter().enumerate() {
        let path = format!("seating.absences[{i}]");
        let round = round_ids.find(&a.round, || format!("{path}.round"))?;
        let attendee = attendee_ids.find(&a.attendee, || format!("{path}.attendee"))?;
        if let Some(first) = absent.insert((round, attendee), i) {
            return Err(at(
                format!("{path}.attendee"),
                format!(
                    "{} is marked absent from round {} twice (also seating.absences[{first}])",
                    attendees[attendee].name,
                    round + 1
                ),
            ));
        }
        absences.push((round, attendee));
    }
    let mut seated: HashMap<(usize, usize), usize> = HashMap::new();
    let mut seats = Vec::with_capacity(s.seats.len());
    for (i, seat) in s.seats.iter().enumerate() {
        let path = format!("seating.seats[{i}]");
        let round = round_ids.find(&seat.round, || format!("{path}.round"))?;
        let table = table_ids.find(&seat.table, || format!("{path}.table"))?;
        let attendee = attendee_ids.find(&seat.attendee, || format!("{path}.attendee"))?;
        let name = &attendees[attendee].name;
        if let Some(first) = seated.insert((round, attendee), i) {
            return Err(at(
                format!("{path}.attendee"),
                format!(
                    "{name} has a second seat in round {} (also seating.seats[{first}])",
                    round + 1
                ),
            ));
        }
        if let Some(a) = absent.get(&(round, attendee)) {
            return Err(at(
                format!("{path}.attendee"),
                format!(
                    "{name} has a seat in round {} but is marked absent from it (seating.absences[{a}])",
                    round + 1
                ),
            ));
        }
        seats.push((round, table, attendee, seat.locked));
    }

    // Notes.
    let mut client_ids: HashMap<&str, usize> = HashMap::new();
    let mut notes = Vec::with_capacity(file.notes.len());
    for (i, n) in file.notes.iter().enumerate() {
        let prefix = format!("notes[{i}].");
        let table = table_ids.find(&n.table, || format!("{prefix}table"))?;
        let round = round_ids.find(&n.round, || format!("{prefix}round"))?;
        let note = notes::check(&NoteInput {
            text: n.text.clone(),
            author: n.author.clone(),
        })
        .map_err(|e| rule(&prefix, e))?;
        let created_at = n
            .created_at
            .as_deref()
            .map(|t| instant(t, || format!("{prefix}created_at")))
            .transpose()?;
        let updated_at = n
            .updated_at
            .as_deref()
            .map(|t| instant(t, || format!("{prefix}updated_at")))
            .transpose()?;
        let client_id = n
            .client_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let Some(c) = client_id {
            if !is_client_id(c) {
                return Err(at(
                    format!("{prefix}client_id"),
                    "a phone's id for a note is 16–64 letters, digits, '-' or '_'",
                ));
            }
            if let Some(first) = client_ids.insert(c, i) {
                return Err(at(
                    format!("{prefix}client_id"),
                    format!("notes[{first}] has the same client id"),
                ));
            }
        }
        let created_at = created_at.unwrap_or(now);
        notes.push(CheckedNote {
            table,
            round,
            text: note.text,
            author: note.author,
            starred: n.starred,
            client_id: client_id.map(str::to_owned),
            created_at,
            updated_at: updated_at.unwrap_or(created_at),
        });
    }

    // Threads and where the notes are placed: each note at most once.
    let mut placed: HashMap<usize, String> = HashMap::new();
    let mut place = |list: &[Placement], path: &str| -> Result<Vec<(usize, bool)>, ApiError> {
        list.iter()
            .enumerate()
            .map(|(j, p)| {
                let here = format!("{path}[{j}].note");
                let note = note_ids.find(&p.note, || here.clone())?;
                if let Some(first) = placed.insert(note, format!("{path}[{j}]")) {
                    return Err(at(
                        here,
                        format!("notes[{note}] is placed at {first} already; a note is in one thread at most"),
                    ));
                }
                Ok((note, p.by_facilitator))
            })
            .collect()
    };
    let mut threads = Vec::with_capacity(file.threads.len());
    for (i, t) in file.threads.iter().enumerate() {
        let prefix = format!("threads[{i}].");
        let title = t.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(at(format!("{prefix}title"), "a thread needs a title"));
        }
        if title.chars().count() > MAX_THREAD_TITLE {
            return Err(at(
                format!("{prefix}title"),
                format!("a thread's title has at most {MAX_THREAD_TITLE} characters"),
            ));
        }
        let synthesis = t.synthesis.trim().to_owned();
        if synthesis.chars().count() > MAX_SYNTHESIS {
            return Err(at(
                format!("{prefix}synthesis"),
                format!("a synthesis has at most {MAX_SYNTHESIS} characters"),
            ));
        }
        if let Some(k) = t
            .keywords
            .iter()
            .position(|k| k.chars().count() > validate::MAX_SHORT_TEXT)
        {
            return Err(at(
                format!("{prefix}keywords[{k}]"),
                format!(
                    "a keyword has at most {} characters",
                    validate::MAX_SHORT_TEXT
                ),
            ));
        }
        threads.push(CheckedThread {
            title,
            synthesis,
            keywords: t.keywords.clone(),
            curated: t.curated,
            pinned: t.pinned,
            hidden: t.hidden,
            notes: place(&t.notes, &format!("{prefix}notes"))?,
        });
    }
    let unthreaded = place(&file.unthreaded, "unthreaded")?;

    Ok(Checked {
        details,
        warning_minutes: c.warning_minutes,
        min_tables: c.thread_min_tables,
        rounds,
        tables,
        attendees,
        plan,
        seats,
        absences,
        notes,
        threads,
        unthreaded,
    })
}

// ---- import: writing --------------------------------------------------------------------------------------------

/// Writes a checked café file as a new café, with new ids; returns its id. Runs inside one store transaction.
fn restore(w: &mut cafe_store::Write<'_>, f: &Checked) -> Result<Uuid, cafe_store::StoreError> {
    let cafe_id = w.insert_cafe(&f.details, &[], &[])?;
    let rounds = f
        .rounds
        .iter()
        .map(|r| w.insert_round(cafe_id, r))
        .collect::<Result<Vec<_>, _>>()?;
    w.set_warning_minutes(cafe_id, f.warning_minutes)?;
    let attendees = w.insert_attendees(cafe_id, &f.attendees)?;
    // New tables get fresh join tokens (`insert_table`): a file never carries secrets.
    let tables = f
        .tables
        .iter()
        .map(|(t, host)| {
            w.insert_table(
                cafe_id,
                &TableInput {
                    host_id: host.map(|h| attendees[h]),
                    ..t.clone()
                },
            )
        })
        .collect::<Result<Vec<_>, _>>()?;

    let seats: Vec<SeatRecord> = f
        .seats
        .iter()
        .map(|&(round, table, attendee, locked)| SeatRecord {
            round_id: rounds[round],
            table_id: tables[table],
            attendee_id: attendees[attendee],
            locked,
        })
        .collect();
    w.insert_seats(cafe_id, &seats)?;
    let absences: Vec<(Uuid, Uuid)> = f
        .absences
        .iter()
        .map(|&(round, attendee)| (rounds[round], attendees[attendee]))
        .collect();
    w.insert_absences(cafe_id, &absences)?;
    if let Some(plan) = &f.plan {
        w.set_plan_info(cafe_id, plan)?;
    }

    // A phone's id for a note is unique in the whole database: a note keeps it unless another note has it already
    // (the file was imported before, or came from this database), so that importing never collides.
    let mut copies = Vec::with_capacity(f.notes.len());
    for n in &f.notes {
        let client_id = match &n.client_id {
            Some(c) if w.note_by_client_id(c)?.is_none() => Some(c.clone()),
            _ => None,
        };
        copies.push(NoteCopy {
            table_id: tables[n.table],
            round_id: rounds[n.round],
            text: n.text.clone(),
            author: n.author.clone(),
            starred: n.starred,
            client_id,
            created_at: n.created_at,
            updated_at: n.updated_at,
        });
    }
    let notes = w.insert_note_copies(cafe_id, &copies)?;

    for t in &f.threads {
        // A thread holding a note the facilitator placed is theirs: detection must keep it (the app never writes
        // such a file otherwise, but a file edited by hand may).
        let curated = t.curated || t.notes.iter().any(|&(_, by)| by);
        let thread_id = w.insert_thread(cafe_id, &t.title, &t.keywords, curated)?;
        if !t.synthesis.is_empty() || t.pinned || t.hidden || curated != t.curated {
            w.update_thread(&ThreadRecord {
                id: thread_id,
                cafe_id,
                title: t.title.clone(),
                synthesis: t.synthesis.clone(),
                keywords: t.keywords.clone(),
                curated,
                pinned: t.pinned,
                hidden: t.hidden,
            })?;
        }
        for &(note, by_facilitator) in &t.notes {
            w.place_note(cafe_id, notes[note], Some(thread_id), by_facilitator)?;
        }
    }
    for &(note, by_facilitator) in &f.unthreaded {
        w.place_note(cafe_id, notes[note], None, by_facilitator)?;
    }
    w.set_meta(&min_tables_key(cafe_id), &f.min_tables.to_string())?;
    Ok(cafe_id)
}
