// Generated from crates/cafe-api by `UPDATE_BINDINGS=1 cargo test -p cafe-api`. Do not edit.

import type { AddAttendee, AddNote, AddRound, AddTable, AppInfo, ById, Cafe, CafeSummary, Clock, CongressRequest, DetectThreads, DuplicateCafe, ExportCafeFile, ExportCongress, ExportHarvest, ExportSeating, ExportTableCards, ExportedFile, GatherThread, HarvestPreview, ImportAttendees, ImportCafeFile, ImportNotes, ImportPreview, ImportReport, LanStatus, LockSeat, MergeThreads, Move, MoveSeat, MoveThreadNote, NewCafe, NoParams, Note, NoteSearch, NotesImported, PlanSeating, PreviewAttendeeImport, PreviewHarvest, RunClock, SearchNotes, SeatingPlan, SeatingStats, SetAttendance, SetClockWarning, SetLan, SplitThread, ThreadBoard, UpdateAttendee, UpdateCafe, UpdateNote, UpdateRound, UpdateTable, UpdateThread } from "./bindings";
import { call } from "./transport";

/**
 * All cafés, most recently edited first.
 */
export function listCafes(request: NoParams): Promise<Array<CafeSummary>> {
  return call("list_cafes", request);
}

/**
 * One café with its rounds, tables and attendees.
 */
export function getCafe(request: ById): Promise<Cafe> {
  return call("get_cafe", request);
}

/**
 * The defaults a new café starts from (3 rounds × 20 min, 2 min to move, 4 tables of 6).
 */
export function newCafeTemplate(request: NoParams): Promise<NewCafe> {
  return call("new_cafe_template", request);
}

/**
 * Creates a café with its rounds and tables.
 */
export function createCafe(request: NewCafe): Promise<Cafe> {
  return call("create_cafe", request);
}

/**
 * Changes a café's details.
 */
export function updateCafe(request: UpdateCafe): Promise<Cafe> {
  return call("update_cafe", request);
}

/**
 * Copies a café — details, rounds and tables, and the attendees if asked — as a new café.
 */
export function duplicateCafe(request: DuplicateCafe): Promise<Cafe> {
  return call("duplicate_cafe", request);
}

/**
 * Deletes a café and everything in it.
 */
export function deleteCafe(request: ById): Promise<null> {
  return call("delete_cafe", request);
}

/**
 * Creates the demo café.
 */
export function createDemoCafe(request: NoParams): Promise<Cafe> {
  return call("create_demo_cafe", request);
}

/**
 * Adds the example of a past café, with its notes and partly curated threads (`docs/examples`).
 */
export function createExampleCafe(request: NoParams): Promise<Cafe> {
  return call("create_example_cafe", request);
}

/**
 * Appends a round.
 */
export function addRound(request: AddRound): Promise<Cafe> {
  return call("add_round", request);
}

/**
 * Changes a round's question or length.
 */
export function updateRound(request: UpdateRound): Promise<Cafe> {
  return call("update_round", request);
}

/**
 * Moves a round to another place in the order.
 */
export function moveRound(request: Move): Promise<Cafe> {
  return call("move_round", request);
}

/**
 * Deletes a round (a café keeps at least one).
 */
export function deleteRound(request: ById): Promise<Cafe> {
  return call("delete_round", request);
}

/**
 * Adds a table.
 */
export function addTable(request: AddTable): Promise<Cafe> {
  return call("add_table", request);
}

/**
 * Changes a table's name, capacity, topic or host.
 */
export function updateTable(request: UpdateTable): Promise<Cafe> {
  return call("update_table", request);
}

/**
 * Moves a table to another place in the order.
 */
export function moveTable(request: Move): Promise<Cafe> {
  return call("move_table", request);
}

/**
 * Deletes a table.
 */
export function deleteTable(request: ById): Promise<Cafe> {
  return call("delete_table", request);
}

/**
 * Adds one attendee.
 */
export function addAttendee(request: AddAttendee): Promise<Cafe> {
  return call("add_attendee", request);
}

/**
 * Changes an attendee.
 */
export function updateAttendee(request: UpdateAttendee): Promise<Cafe> {
  return call("update_attendee", request);
}

/**
 * Deletes an attendee.
 */
export function deleteAttendee(request: ById): Promise<Cafe> {
  return call("delete_attendee", request);
}

/**
 * Reads a CSV file and proposes which column holds what, without importing anything.
 */
export function previewAttendeeImport(request: PreviewAttendeeImport): Promise<ImportPreview> {
  return call("preview_attendee_import", request);
}

/**
 * Imports attendees from a CSV file: all rows or, if any row is wrong, none.
 */
export function importAttendees(request: ImportAttendees): Promise<ImportReport> {
  return call("import_attendees", request);
}

/**
 * The café's seating plan as it stands, scored (empty rounds when no plan was made yet).
 */
export function getSeating(request: ById): Promise<SeatingPlan> {
  return call("get_seating", request);
}

/**
 * Makes the seating plan with the engine: every round, or the rounds from `from_round` on (earlier rounds and
 * locked seats are kept).
 */
export function planSeating(request: PlanSeating): Promise<SeatingPlan> {
  return call("plan_seating", request);
}

/**
 * Seats an attendee at another table in one round.
 */
export function moveSeat(request: MoveSeat): Promise<SeatingPlan> {
  return call("move_seat", request);
}

/**
 * The plan's figures if an attendee were moved, without moving them.
 */
export function previewMoveSeat(request: MoveSeat): Promise<SeatingStats> {
  return call("preview_move_seat", request);
}

/**
 * Locks or unlocks a seat, so that making the plan again keeps it.
 */
export function lockSeat(request: LockSeat): Promise<SeatingPlan> {
  return call("lock_seat", request);
}

/**
 * Marks an attendee present at or absent from a round (an absent attendee loses that round's seat).
 */
export function setAttendance(request: SetAttendance): Promise<SeatingPlan> {
  return call("set_attendance", request);
}

/**
 * Forgets the seating plan (absences stay).
 */
export function clearSeating(request: ById): Promise<SeatingPlan> {
  return call("clear_seating", request);
}

/**
 * Writes the seating plan as CSV or as printable PDF lists.
 */
export function exportSeating(request: ExportSeating): Promise<ExportedFile> {
  return call("export_seating", request);
}

/**
 * A café's notes, oldest first.
 */
export function listNotes(request: ById): Promise<Array<Note>> {
  return call("list_notes", request);
}

/**
 * Adds a note to a table in a round.
 */
export function addNote(request: AddNote): Promise<Note> {
  return call("add_note", request);
}

/**
 * Changes a note's text, author or star.
 */
export function updateNote(request: UpdateNote): Promise<Note> {
  return call("update_note", request);
}

/**
 * Deletes a note (restore_note undoes it).
 */
export function deleteNote(request: ById): Promise<Note> {
  return call("delete_note", request);
}

/**
 * Brings back a deleted note.
 */
export function restoreNote(request: ById): Promise<Note> {
  return call("restore_note", request);
}

/**
 * Imports notes from a CSV file: all rows or, if any row is wrong, none.
 */
export function importNotes(request: ImportNotes): Promise<NotesImported> {
  return call("import_notes", request);
}

/**
 * The café's common threads as they stand.
 */
export function getThreads(request: ById): Promise<ThreadBoard> {
  return call("get_threads", request);
}

/**
 * Finds the common threads again: new notes are proposed into curated threads or new ones; what the
 * facilitator changed stays.
 */
export function detectThreads(request: DetectThreads): Promise<ThreadBoard> {
  return call("detect_threads", request);
}

/**
 * Renames a thread, writes its synthesis, pins or hides it.
 */
export function updateThread(request: UpdateThread): Promise<ThreadBoard> {
  return call("update_thread", request);
}

/**
 * Moves a note into a thread or out of every thread.
 */
export function moveThreadNote(request: MoveThreadNote): Promise<ThreadBoard> {
  return call("move_thread_note", request);
}

/**
 * Merges threads into one.
 */
export function mergeThreads(request: MergeThreads): Promise<ThreadBoard> {
  return call("merge_threads", request);
}

/**
 * Moves some of a thread's notes into a new thread.
 */
export function splitThread(request: SplitThread): Promise<ThreadBoard> {
  return call("split_thread", request);
}

/**
 * The notes that say the words of a search, and those that say them in other words (read only).
 */
export function searchNotes(request: SearchNotes): Promise<NoteSearch> {
  return call("search_notes", request);
}

/**
 * Gathers notes from anywhere on the board into a new thread; a thread it leaves empty goes, unless it has
 * a synthesis or a pin.
 */
export function gatherThread(request: GatherThread): Promise<ThreadBoard> {
  return call("gather_thread", request);
}

/**
 * Deletes a thread; its notes go to no thread.
 */
export function deleteThread(request: ById): Promise<ThreadBoard> {
  return call("delete_thread", request);
}

/**
 * The café's summary as Markdown, with the chosen sections (for the preview).
 */
export function previewHarvest(request: PreviewHarvest): Promise<HarvestPreview> {
  return call("preview_harvest", request);
}

/**
 * Writes the café's summary (Markdown or PDF) or its notes (CSV) to a file.
 */
export function exportHarvest(request: ExportHarvest): Promise<ExportedFile> {
  return call("export_harvest", request);
}

/**
 * A summary across several rooms' cafés as Markdown (for the preview): the themes they share, then each room.
 */
export function previewCongress(request: CongressRequest): Promise<HarvestPreview> {
  return call("preview_congress", request);
}

/**
 * Writes a summary across several rooms' cafés (Markdown or PDF).
 */
export function exportCongress(request: ExportCongress): Promise<ExportedFile> {
  return call("export_congress", request);
}

/**
 * LAN mode: whether hosts' phones can join, where, and each table's join link with its QR code.
 */
export function getLan(request: ById): Promise<LanStatus> {
  return call("get_lan", request);
}

/**
 * Switches LAN mode on or off (also on another address or port).
 */
export function setLan(request: SetLan): Promise<LanStatus> {
  return call("set_lan", request);
}

/**
 * Gives a table a new join link; the old link stops working at once.
 */
export function regenerateTableLink(request: ById): Promise<LanStatus> {
  return call("regenerate_table_link", request);
}

/**
 * Writes printable table cards (PDF, one page per table) with each table's QR code.
 */
export function exportTableCards(request: ExportTableCards): Promise<ExportedFile> {
  return call("export_table_cards", request);
}

/**
 * The café's round clock now.
 */
export function getClock(request: ById): Promise<Clock> {
  return call("get_clock", request);
}

/**
 * Starts, pauses, extends, skips, restarts or moves on the café's round clock; stored at once.
 */
export function runClock(request: RunClock): Promise<Clock> {
  return call("run_clock", request);
}

/**
 * Sets how many minutes before a round's end the clock warns.
 */
export function setClockWarning(request: SetClockWarning): Promise<Clock> {
  return call("set_clock_warning", request);
}

/**
 * Writes the whole café — details, rounds, tables, attendees, seating, notes and threads — as a café file
 * (JSON); join links and the clock are not in it.
 */
export function exportCafeFile(request: ExportCafeFile): Promise<ExportedFile> {
  return call("export_cafe_file", request);
}

/**
 * Imports a café file as a new café (new ids, fresh join links, the clock not started): all of it, or — if
 * anything in the file is wrong — nothing.
 */
export function importCafeFile(request: ImportCafeFile): Promise<Cafe> {
  return call("import_cafe_file", request);
}

/**
 * The app's version and database file.
 */
export function appInfo(request: NoParams): Promise<AppInfo> {
  return call("app_info", request);
}
