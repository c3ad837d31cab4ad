//! Every Knowledge Café command, declared once in [`commands!`] below: its name, request type and response type.
//! The desktop shell, the CLI and (later) the LAN server all call [`Api::dispatch`] or the typed methods, and the
//! TypeScript client in `ui/src/lib/api/` is generated from the same list — so a command cannot exist in one face
//! and not in another, and the UI never builds SQL or repeats a validation rule.
//!
//! Each command runs in one store transaction: it happens whole or not at all.

pub mod cafe_file;
mod clock;
mod commands;
mod congress;
mod convert;
pub mod dto;
mod error;
mod export;
mod harvest;
pub mod lan;
mod notes;
pub mod phone;
mod seating;
mod threads;
pub mod typescript;

use std::sync::Arc;

pub use cafe_store::Store;
pub use error::{ApiError, ErrorCode};

/// Milliseconds since 1970: where the API takes the time from.
pub type Now = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The API over one store.
#[derive(Clone)]
pub struct Api {
    store: Arc<Store>,
    now: Now,
    lan: Option<Arc<dyn lan::LanSwitch>>,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Api {
    pub fn new(store: Arc<Store>) -> Api {
        Api::with_clock(store, Arc::new(|| chrono::Utc::now().timestamp_millis()))
    }

    /// An API whose clock commands take the time from `now` (tests pin it).
    pub fn with_clock(store: Arc<Store>, now: Now) -> Api {
        Api {
            store,
            now,
            lan: None,
        }
    }

    /// The store behind the API, for subscribing to its changes.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }
}

/// The commands a read-only face (the projector window) may call: they change nothing.
pub const READ_ONLY_COMMANDS: &[&str] = &[
    "list_cafes",
    "get_cafe",
    "get_clock",
    "get_seating",
    "list_notes",
    "get_threads",
    "get_lan",
    "app_info",
];

/// Declares the commands. For each `name(Request) -> Response`, [`Api`] has a method `name` (in `commands.rs`),
/// [`Api::dispatch`] routes `"name"` to it, and the TypeScript client gets a typed function.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])+ $name:ident ( $req:ty ) -> $resp:ty; )+) => {
        /// The names of all commands, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),+];

        impl Api {
            /// Runs the command `name` on a JSON request and returns its JSON response.
            pub fn dispatch(&self, name: &str, request: serde_json::Value) -> Result<serde_json::Value, ApiError> {
                match name {
                    $(stringify!($name) => {
                        let request: $req = serde_json::from_value(request).map_err(|e| {
                            ApiError::invalid_request(format!("{} expects {}: {e}", stringify!($name), stringify!($req)))
                        })?;
                        let response: $resp = self.$name(request)?;
                        serde_json::to_value(response)
                            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot encode the response: {e}")))
                    })+
                    other => Err(ApiError::new(ErrorCode::UnknownCommand, format!("there is no command \"{other}\""))),
                }
            }
        }

        /// Each command's name, documentation and TypeScript request and response types.
        pub(crate) fn command_signatures(cfg: &ts_rs::Config) -> Vec<typescript::Signature> {
            use ts_rs::TS;
            vec![$(typescript::Signature {
                name: stringify!($name),
                doc: concat!($($doc, "\n"),+),
                request: <$req as TS>::name(cfg),
                response: <$resp as TS>::name(cfg),
            }),+]
        }
    };
}

use dto::*;

commands! {
    /// All cafés, most recently edited first.
    list_cafes(NoParams) -> Vec<CafeSummary>;
    /// One café with its rounds, tables and attendees.
    get_cafe(ById) -> Cafe;
    /// The defaults a new café starts from (3 rounds × 20 min, 2 min to move, 4 tables of 6).
    new_cafe_template(NoParams) -> NewCafe;
    /// Creates a café with its rounds and tables.
    create_cafe(NewCafe) -> Cafe;
    /// Changes a café's details.
    update_cafe(UpdateCafe) -> Cafe;
    /// Copies a café — details, rounds and tables, and the attendees if asked — as a new café.
    duplicate_cafe(DuplicateCafe) -> Cafe;
    /// Deletes a café and everything in it.
    delete_cafe(ById) -> ();
    /// Creates the demo café.
    create_demo_cafe(NoParams) -> Cafe;
    /// Adds the example of a past café, with its notes and partly curated threads (`docs/examples`).
    create_example_cafe(NoParams) -> Cafe;
    /// Appends a round.
    add_round(AddRound) -> Cafe;
    /// Changes a round's question or length.
    update_round(UpdateRound) -> Cafe;
    /// Moves a round to another place in the order.
    move_round(Move) -> Cafe;
    /// Deletes a round (a café keeps at least one).
    delete_round(ById) -> Cafe;
    /// Adds a table.
    add_table(AddTable) -> Cafe;
    /// Changes a table's name, capacity, topic or host.
    update_table(UpdateTable) -> Cafe;
    /// Moves a table to another place in the order.
    move_table(Move) -> Cafe;
    /// Deletes a table.
    delete_table(ById) -> Cafe;
    /// Adds one attendee.
    add_attendee(AddAttendee) -> Cafe;
    /// Changes an attendee.
    update_attendee(UpdateAttendee) -> Cafe;
    /// Deletes an attendee.
    delete_attendee(ById) -> Cafe;
    /// Reads a CSV file and proposes which column holds what, without importing anything.
    preview_attendee_import(PreviewAttendeeImport) -> ImportPreview;
    /// Imports attendees from a CSV file: all rows or, if any row is wrong, none.
    import_attendees(ImportAttendees) -> ImportReport;
    /// The café's seating plan as it stands, scored (empty rounds when no plan was made yet).
    get_seating(ById) -> SeatingPlan;
    /// Makes the seating plan with the engine: every round, or the rounds from `from_round` on (earlier rounds and
    /// locked seats are kept).
    plan_seating(PlanSeating) -> SeatingPlan;
    /// Seats an attendee at another table in one round.
    move_seat(MoveSeat) -> SeatingPlan;
    /// The plan's figures if an attendee were moved, without moving them.
    preview_move_seat(MoveSeat) -> SeatingStats;
    /// Locks or unlocks a seat, so that making the plan again keeps it.
    lock_seat(LockSeat) -> SeatingPlan;
    /// Marks an attendee present at or absent from a round (an absent attendee loses that round's seat).
    set_attendance(SetAttendance) -> SeatingPlan;
    /// Forgets the seating plan (absences stay).
    clear_seating(ById) -> SeatingPlan;
    /// Writes the seating plan as CSV or as printable PDF lists.
    export_seating(ExportSeating) -> ExportedFile;
    /// A café's notes, oldest first.
    list_notes(ById) -> Vec<Note>;
    /// Adds a note to a table in a round.
    add_note(AddNote) -> Note;
    /// Changes a note's text, author or star.
    update_note(UpdateNote) -> Note;
    /// Deletes a note (restore_note undoes it).
    delete_note(ById) -> Note;
    /// Brings back a deleted note.
    restore_note(ById) -> Note;
    /// Imports notes from a CSV file: all rows or, if any row is wrong, none.
    import_notes(ImportNotes) -> NotesImported;
    /// The café's common threads as they stand.
    get_threads(ById) -> ThreadBoard;
    /// Finds the common threads again: new notes are proposed into curated threads or new ones; what the
    /// facilitator changed stays.
    detect_threads(DetectThreads) -> ThreadBoard;
    /// Renames a thread, writes its synthesis, pins or hides it.
    update_thread(UpdateThread) -> ThreadBoard;
    /// Moves a note into a thread or out of every thread.
    move_thread_note(MoveThreadNote) -> ThreadBoard;
    /// Merges threads into one.
    merge_threads(MergeThreads) -> ThreadBoard;
    /// Moves some of a thread's notes into a new thread.
    split_thread(SplitThread) -> ThreadBoard;
    /// The notes that say the words of a search, and those that say them in other words (read only).
    search_notes(SearchNotes) -> NoteSearch;
    /// Gathers notes from anywhere on the board into a new thread; a thread it leaves empty goes, unless it has
    /// a synthesis or a pin.
    gather_thread(GatherThread) -> ThreadBoard;
    /// Deletes a thread; its notes go to no thread.
    delete_thread(ById) -> ThreadBoard;
    /// The café's summary as Markdown, with the chosen sections (for the preview).
    preview_harvest(PreviewHarvest) -> HarvestPreview;
    /// Writes the café's summary (Markdown or PDF) or its notes (CSV) to a file.
    export_harvest(ExportHarvest) -> ExportedFile;
    /// A summary across several rooms' cafés as Markdown (for the preview): the themes they share, then each room.
    preview_congress(CongressRequest) -> HarvestPreview;
    /// Writes a summary across several rooms' cafés (Markdown or PDF).
    export_congress(ExportCongress) -> ExportedFile;
    /// LAN mode: whether hosts' phones can join, where, and each table's join link with its QR code.
    get_lan(ById) -> LanStatus;
    /// Switches LAN mode on or off (also on another address or port).
    set_lan(SetLan) -> LanStatus;
    /// Gives a table a new join link; the old link stops working at once.
    regenerate_table_link(ById) -> LanStatus;
    /// Writes printable table cards (PDF, one page per table) with each table's QR code.
    export_table_cards(ExportTableCards) -> ExportedFile;
    /// The café's round clock now.
    get_clock(ById) -> Clock;
    /// Starts, pauses, extends, skips, restarts or moves on the café's round clock; stored at once.
    run_clock(RunClock) -> Clock;
    /// Sets how many minutes before a round's end the clock warns.
    set_clock_warning(SetClockWarning) -> Clock;
    /// Writes the whole café — details, rounds, tables, attendees, seating, notes and threads — as a café file
    /// (JSON); join links and the clock are not in it.
    export_cafe_file(ExportCafeFile) -> ExportedFile;
    /// Imports a café file as a new café (new ids, fresh join links, the clock not started): all of it, or — if
    /// anything in the file is wrong — nothing.
    import_cafe_file(ImportCafeFile) -> Cafe;
    /// The app's version and database file.
    app_info(NoParams) -> AppInfo;
}

pub use commands::change_dto;
