// Generated from crates/cafe-api by `UPDATE_BINDINGS=1 cargo test -p cafe-api`. Do not edit.

/**
 * The stable error codes.
 */
export type ErrorCode = "invalid_request" | "invalid_input" | "not_found" | "conflict" | "csv_invalid" | "infeasible" | "file" | "storage" | "unknown_command" | "unauthorized" | "forbidden" | "too_large" | "rate_limited" | "internal";

/**
 * An error as the UI, the CLI and the LAN server report it.
 */
export type ApiError = { code: ErrorCode, message: string, 
/**
 * The input field at fault, as the request spells it (`title`, `rounds[2].duration_minutes`).
 */
field: string | null, 
/**
 * The CSV row at fault (the header is row 1).
 */
row: number | null, 
/**
 * The CSV column at fault, as its header and letter.
 */
column: string | null, };

/**
 * How the café is run.
 */
export type Format = "world_cafe" | "knowledge_cafe";

/**
 * What an attendee does at the café.
 */
export type Role = "host" | "traveller";

/**
 * One line of the cafés list.
 */
export type CafeSummary = { id: string, title: string, date: string | null, venue: string, facilitator: string, format: Format, rounds: number, tables: number, attendees: number, created_at: string, updated_at: string, };

/**
 * A café's editable details.
 */
export type CafeDetails = { title: string, 
/**
 * `YYYY-MM-DD`, or null when not set.
 */
date: string | null, venue: string, facilitator: string, 
/**
 * A language code such as `en`, `de` or `pt-BR`.
 */
language: string, format: Format, 
/**
 * Minutes between rounds for people to move.
 */
move_minutes: number, };

/**
 * A round as the facilitator enters it.
 */
export type RoundInput = { question: string, duration_minutes: number, };

/**
 * A table as the facilitator enters it.
 */
export type TableInput = { name: string, capacity: number, topic: string | null, 
/**
 * The id of the attendee who hosts the table.
 */
host_id: string | null, };

/**
 * An attendee as entered by hand.
 */
export type AttendeeInput = { name: string, organisation: string | null, email: string | null, role: Role, };

/**
 * A whole café: details, rounds, tables and attendees.
 */
export type Cafe = { id: string, title: string, date: string | null, venue: string, facilitator: string, language: string, format: Format, move_minutes: number, created_at: string, updated_at: string, rounds: Array<Round>, tables: Array<Table>, attendees: Array<Attendee>, };

/**
 * A stored round; `number` counts from 1.
 */
export type Round = { id: string, number: number, question: string, duration_minutes: number, };

/**
 * A stored table; `number` counts from 1.
 */
export type Table = { id: string, number: number, name: string, capacity: number, topic: string | null, 
/**
 * The host's attendee id.
 */
host_id: string | null, 
/**
 * The host's name.
 */
host: string | null, };

/**
 * A stored attendee.
 */
export type Attendee = { id: string, name: string, organisation: string | null, email: string | null, role: Role, 
/**
 * The table this attendee hosts, if any.
 */
hosts_table_id: string | null, };

/**
 * Which column (0-based) of a CSV file holds which attendee field.
 */
export type ColumnMapping = { name: number | null, first_name: number | null, last_name: number | null, organisation: number | null, email: number | null, role: number | null, };

/**
 * What a CSV file holds, before it is imported.
 */
export type ImportPreview = { 
/**
 * `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
 */
encoding: string, 
/**
 * `,`, `;` or a tab.
 */
delimiter: string, headers: Array<string>, 
/**
 * The first rows, as text, for the column-mapping step.
 */
sample: Array<Array<string>>, row_count: number, 
/**
 * The columns found by their headers.
 */
mapping: ColumnMapping, 
/**
 * Whether the headers said where the names are; when false the user must choose the columns.
 */
mapping_complete: boolean, };

/**
 * A row an import left out.
 */
export type SkippedRow = { row: number, name: string, reason: string, };

/**
 * What an import did.
 */
export type ImportReport = { imported: number, skipped: Array<SkippedRow>, encoding: string, cafe: Cafe, };

/**
 * Facts about the running app.
 */
export type AppInfo = { version: string, 
/**
 * The SQLite file the app works on.
 */
database: string, };

/**
 * What a store write changed; the desktop shell forwards batches of these to every window.
 */
export type Change = { 
/**
 * The café concerned (null only when a café list as a whole changed).
 */
cafe_id: string | null, entity: ChangeEntity, action: ChangeAction, };

export type ChangeEntity = "cafe" | "round" | "table" | "attendee" | "seating" | "clock" | "note" | "thread" | "lan";

export type ChangeAction = "created" | "updated" | "deleted";

/**
 * A request that names one café, round, table or attendee by id.
 */
export type ById = { id: string, };

/**
 * A request without parameters.
 */
export type NoParams = Record<symbol, never>;

/**
 * A new café with its rounds and tables.
 */
export type NewCafe = { details: CafeDetails, rounds: Array<RoundInput>, tables: Array<TableInput>, };

export type UpdateCafe = { id: string, details: CafeDetails, };

export type DuplicateCafe = { id: string, 
/**
 * The copy's title.
 */
title: string, 
/**
 * Copy the attendee list too (rounds and tables are always copied).
 */
include_attendees: boolean, };

export type AddRound = { cafe_id: string, round: RoundInput, };

export type UpdateRound = { id: string, round: RoundInput, };

/**
 * Moves a round or table to another place in its list (1-based).
 */
export type Move = { id: string, to_number: number, };

export type AddTable = { cafe_id: string, table: TableInput, };

export type UpdateTable = { id: string, table: TableInput, };

export type AddAttendee = { cafe_id: string, attendee: AttendeeInput, };

export type UpdateAttendee = { id: string, attendee: AttendeeInput, };

/**
 * A CSV file's bytes, base64-encoded.
 */
export type PreviewAttendeeImport = { data_base64: string, };

export type ImportAttendees = { cafe_id: string, 
/**
 * The CSV file's bytes, base64-encoded.
 */
data_base64: string, 
/**
 * The columns to read; null to find them by their headers.
 */
mapping: ColumnMapping | null, };

/**
 * A café's seating plan: who sits where in each round, with the figures that say how well people mix.
 */
export type SeatingPlan = { cafe_id: string, 
/**
 * When the plan was last made by the engine; null when there is no plan yet.
 */
generated_at: string | null, 
/**
 * How it was made ("greedy + tabu search", "affine plane over GF(4)", …); null without a plan.
 */
method: string | null, rounds: Array<RoundSeating>, stats: SeatingStats, };

/**
 * One round of a plan.
 */
export type RoundSeating = { round_id: string, number: number, 
/**
 * Every table of the café, in order, with the people seated there.
 */
tables: Array<TableSeating>, 
/**
 * Attendees marked absent from this round.
 */
absent: Array<string>, 
/**
 * Attendees present in this round who have no seat (e.g. added after the plan was made).
 */
unseated: Array<string>, };

/**
 * The people at one table in one round.
 */
export type TableSeating = { table_id: string, seats: Array<Seat>, };

/**
 * One seated attendee.
 */
export type Seat = { attendee_id: string, 
/**
 * Kept exactly when the plan is made again.
 */
locked: boolean, 
/**
 * How many of the others at this table this attendee also sits with in another round.
 */
met_elsewhere: number, 
/**
 * Someone else from the same organisation sits at this table.
 */
same_group: boolean, };

/**
 * How well a plan mixes people, and what is wrong with it.
 */
export type SeatingStats = { 
/**
 * R: for every pair of people, the rounds they share a table beyond the first, added up.
 */
repeat_pairs: number, 
/**
 * No plan can have fewer repeats than this.
 */
lower_bound: number, 
/**
 * The most rounds any two people share a table.
 */
max_meetings: number, 
/**
 * Pairs from one organisation at one table, over all rounds.
 */
group_clashes: number, 
/**
 * Milliseconds the engine searched.
 */
elapsed_ms: number, 
/**
 * Broken rules (an over-full table, a host away from their table, someone unseated), as sentences.
 */
problems: Array<string>, };

/**
 * Makes the seating plan.
 */
export type PlanSeating = { cafe_id: string, 
/**
 * Keep rounds before this one (1-based) exactly as they are and plan the rest; null plans every round.
 */
from_round: number | null, 
/**
 * The engine's time budget (default 1000 ms, at most 20 000).
 */
time_limit_ms: number | null, };

/**
 * Seats an attendee at a table in one round.
 */
export type MoveSeat = { round_id: string, attendee_id: string, table_id: string, };

/**
 * Locks or unlocks an attendee's seat in one round.
 */
export type LockSeat = { round_id: string, attendee_id: string, locked: boolean, };

/**
 * Marks an attendee present at or absent from one round.
 */
export type SetAttendance = { round_id: string, attendee_id: string, present: boolean, };

/**
 * What to export of a seating plan.
 */
export type SeatingExport = "csv" | "table_lists_pdf" | "find_your_table_pdf";

/**
 * Paper for printouts.
 */
export type PaperSize = "a4" | "letter";

/**
 * Writes a seating export to a file.
 */
export type ExportSeating = { cafe_id: string, format: SeatingExport, 
/**
 * For the PDFs; A4 when null.
 */
paper: PaperSize | null, 
/**
 * The file to write (replaced if it exists).
 */
path: string, };

/**
 * A file an export wrote.
 */
export type ExportedFile = { path: string, bytes: number, };

/**
 * Where a café being run is.
 */
export type ClockStage = "not_started" | "round" | "move" | "done";

/**
 * The state of the current stage's timer.
 */
export type ClockPhase = "planned" | "running" | "paused" | "over";

/**
 * The round clock of a café at one moment, as the server computed it from stored timestamps.
 */
export type Clock = { cafe_id: string, stage: ClockStage, 
/**
 * The round (1-based) being run, or — while people move — the round they move to.
 */
round_number: number | null, round_id: string | null, rounds: number, phase: ClockPhase, 
/**
 * Time left in the stage.
 */
remaining_ms: number, 
/**
 * The stage's full length.
 */
total_ms: number, 
/**
 * When a running stage ends or ended (milliseconds since 1970).
 */
ends_at_ms: number | null, 
/**
 * The server's time when this was computed, so that a screen can count down against its own clock.
 */
server_now_ms: number, 
/**
 * Within the warning time before the end.
 */
warning: boolean, 
/**
 * Within the last minute.
 */
last_minute: boolean, 
/**
 * Minutes before the end when the warning shows.
 */
warning_minutes: number, };

/**
 * What the facilitator asks of the clock.
 */
export type ClockCommand = { "kind": "start" } | { "kind": "pause" } | { "kind": "toggle" } | { "kind": "extend", delta_ms: number, } | { "kind": "skip" } | { "kind": "restart" } | { "kind": "next" };

/**
 * A command for a café's clock.
 */
export type RunClock = { cafe_id: string, command: ClockCommand, };

/**
 * Sets when the clock warns that a round is ending.
 */
export type SetClockWarning = { cafe_id: string, 
/**
 * Minutes before the end (0 to 30).
 */
minutes: number, };

/**
 * A note a table host captured.
 */
export type Note = { id: string, table_id: string, round_id: string, 
/**
 * As written (line breaks kept); shown as text, never as markup.
 */
text: string, author: string | null, 
/**
 * A key insight.
 */
starred: boolean, created_at: string, updated_at: string, };

/**
 * Adds a note to a table in a round.
 */
export type AddNote = { table_id: string, round_id: string, text: string, author: string | null, };

/**
 * Changes a note.
 */
export type UpdateNote = { id: string, text: string, author: string | null, starred: boolean, };

/**
 * Notes typed up from paper tablecloths: a CSV file with the columns table and note (round and author optional).
 */
export type ImportNotes = { cafe_id: string, 
/**
 * The file's bytes, base64-encoded.
 */
data_base64: string, };

/**
 * What a notes import did.
 */
export type NotesImported = { imported: number, encoding: string, };

/**
 * LAN mode of a café: whether hosts' phones can join, where, and each table's join link.
 */
export type LanStatus = { cafe_id: string, 
/**
 * The server runs for this café.
 */
on: boolean, 
/**
 * The server runs for another café (its title): switching on here moves it.
 */
on_elsewhere: string | null, 
/**
 * The address the server listens on (or will): one of `addresses`, or 127.0.0.1 when there is none.
 */
address: string, port: number, 
/**
 * This computer's LAN addresses to choose from.
 */
addresses: Array<string>, 
/**
 * Each table's join link and its QR code.
 */
tables: Array<TableLink>, };

/**
 * A table's join link for hosts' phones.
 */
export type TableLink = { table_id: string, name: string, topic: string | null, 
/**
 * The address a phone opens (it carries the table's secret token).
 */
url: string, 
/**
 * The QR code of `url`: an SVG path over a `qr_size` × `qr_size` box, one unit a module, no quiet zone.
 */
qr_path: string, qr_size: number, };

/**
 * Switches LAN mode on or off, optionally on another address or port.
 */
export type SetLan = { cafe_id: string, on: boolean, address: string | null, port: number | null, };

/**
 * Writes one printable card per table with its QR code.
 */
export type ExportTableCards = { cafe_id: string, 
/**
 * A4 when null.
 */
paper: PaperSize | null, 
/**
 * The PDF file to write (replaced if it exists).
 */
path: string, };

/**
 * A café's common threads as the facilitator curates them.
 */
export type ThreadBoard = { cafe_id: string, 
/**
 * Pinned first, then most tables, most notes, title.
 */
threads: Array<ThreadView>, 
/**
 * Ids of the notes in no thread.
 */
unthreaded: Array<string>, 
/**
 * Ids of notes written since detection last ran (in no thread yet).
 */
fresh: Array<string>, 
/**
 * A thread is common when raised at this many tables or more.
 */
min_tables: number, };

/**
 * A thread on the board.
 */
export type ThreadView = { id: string, title: string, 
/**
 * The facilitator's short summary of the thread.
 */
synthesis: string, keywords: Array<string>, 
/**
 * The facilitator changed it: detection keeps it as it is.
 */
curated: boolean, pinned: boolean, hidden: boolean, 
/**
 * Raised at `min_tables` tables or more.
 */
common: boolean, 
/**
 * Its notes' ids, by table, round and time.
 */
notes: Array<string>, 
/**
 * The ids of the tables that raised it, in table order.
 */
tables: Array<string>, 
/**
 * The rounds it came up in.
 */
rounds: Array<number>, 
/**
 * Distinct strands of a broad thread (notes sharing a concept the thread as a whole does not, from two
 * tables or more), worked out from its notes as they are now; empty unless two or more stand out.
 */
strands: Array<Strand>, };

/**
 * A strand of a thread: a title and some of its notes, which the facilitator may split off.
 */
export type Strand = { title: string, 
/**
 * The notes' ids, in the thread's order.
 */
notes: Array<string>, };

/**
 * Runs detection again (with another minimum of tables, if given).
 */
export type DetectThreads = { cafe_id: string, min_tables: number | null, };

/**
 * Renames a thread, writes its synthesis, pins or hides it (what is null stays).
 */
export type UpdateThread = { id: string, title: string | null, synthesis: string | null, pinned: boolean | null, hidden: boolean | null, };

/**
 * Puts a note in a thread, or (`thread_id` null) in none.
 */
export type MoveThreadNote = { note_id: string, thread_id: string | null, };

/**
 * Merges threads into one.
 */
export type MergeThreads = { into: string, from: Array<string>, };

/**
 * Moves some of a thread's notes into a new thread.
 */
export type SplitThread = { id: string, note_ids: Array<string>, title: string | null, };

/**
 * Gathers notes from anywhere on the board — threads, outside them, not yet looked at — into a new thread (the
 * facilitator's search on the board: "every note that says parking").
 */
export type GatherThread = { cafe_id: string, note_ids: Array<string>, title: string, };

/**
 * The facilitator's search on the threads board.
 */
export type SearchNotes = { cafe_id: string, query: string, };

/**
 * A note a search found, with the stretches of its text to mark (as written in the note).
 */
export type NoteHit = { note_id: string, marks: Array<string>, 
/**
 * Of a note that says it in other words, those words (also among `marks`); empty otherwise.
 */
other_words: Array<string>, };

/**
 * What a search found: the notes that say its words (case and accents aside), and the notes that say them in
 * other words — a word of the same concept, in any language.
 */
export type NoteSearch = { 
/**
 * The search as asked, so that a late answer to an older search can be told apart.
 */
query: string, found: Array<NoteHit>, related: Array<NoteHit>, };

/**
 * Which parts a café summary holds.
 */
export type HarvestSections = { 
/**
 * Date, venue, facilitator, format.
 */
overview: boolean, 
/**
 * The questions per round, or the topics per table.
 */
questions: boolean, 
/**
 * The common threads with their synthesis and quotes.
 */
threads: boolean, 
/**
 * Which tables raised which thread.
 */
matrix: boolean, 
/**
 * Every table's notes.
 */
appendix: boolean, 
/**
 * Attendees, tables, rounds, notes.
 */
attendance: boolean, 
/**
 * The attendees' names (off unless the facilitator opts in).
 */
names: boolean, };

/**
 * Asks for the summary as Markdown, to preview it.
 */
export type PreviewHarvest = { cafe_id: string, sections: HarvestSections, };

/**
 * The summary as Markdown.
 */
export type HarvestPreview = { markdown: string, };

/**
 * What a harvest export writes.
 */
export type HarvestFormat = "markdown" | "pdf" | "notes_csv";

/**
 * Writes the summary or the notes to a file.
 */
export type ExportHarvest = { cafe_id: string, format: HarvestFormat, sections: HarvestSections, 
/**
 * For the PDF; A4 when null.
 */
paper: PaperSize | null, 
/**
 * The file to write (replaced if it exists).
 */
path: string, };

/**
 * A summary across the cafés of several rooms.
 */
export type CongressRequest = { title: string, 
/**
 * The cafés, one per room, in the order their sections come.
 */
cafe_ids: Array<string>, 
/**
 * What each room's section holds.
 */
sections: HarvestSections, 
/**
 * A theme counts across rooms when raised in this many rooms or more (2 when null).
 */
min_rooms: number | null, };

/**
 * Writes a congress summary (Markdown or PDF).
 */
export type ExportCongress = { summary: CongressRequest, format: HarvestFormat, paper: PaperSize | null, path: string, };

/**
 * Writes a whole café — details, rounds, tables, attendees, seating, notes and threads — as a café file (JSON,
 * `docs/cafe-file.md`).
 */
export type ExportCafeFile = { cafe_id: string, 
/**
 * The `.json` file to write (replaced if it exists).
 */
path: string, };

/**
 * A café file to import as a new café.
 */
export type ImportCafeFile = { 
/**
 * The file's bytes, base64-encoded.
 */
data_base64: string, };

/**
 * Every error code, for checking what arrives at run time.
 */
export const ERROR_CODES: readonly ErrorCode[] = ["invalid_request", "invalid_input", "not_found", "conflict", "csv_invalid", "infeasible", "file", "storage", "unknown_command", "unauthorized", "forbidden", "too_large", "rate_limited", "internal"];
