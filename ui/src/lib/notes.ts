// Pure helpers of the Notes screen: filtering (search, starred, table), grouping by round and table, counts.
import type { Note } from "./api/bindings";

/** The most characters a note holds (the backend refuses more and says so). */
export const NOTE_LIMIT = 2000;
/** From this length on the input shows a live counter. */
export const COUNTER_FROM = 1800;

export interface NoteFilter {
  query: string;
  starredOnly: boolean;
  /** A table's id, or "" for every table. */
  tableId: string;
}

export const NO_FILTER: NoteFilter = { query: "", starredOnly: false, tableId: "" };

/** Whether a note matches the filter: text or author contains the query (case-insensitive), starred, table. */
export function matches(note: Note, filter: NoteFilter): boolean {
  if (filter.starredOnly && !note.starred) return false;
  if (filter.tableId !== "" && note.table_id !== filter.tableId) return false;
  const q = filter.query.trim().toLocaleLowerCase();
  if (q === "") return true;
  return note.text.toLocaleLowerCase().includes(q) || (note.author ?? "").toLocaleLowerCase().includes(q);
}

export function filterNotes(notes: readonly Note[], filter: NoteFilter): Note[] {
  return notes.filter((n) => matches(n, filter));
}

/** Notes of one round by table id, in the order given (oldest first). */
export function byTable(notes: readonly Note[], roundId: string): Map<string, Note[]> {
  const out = new Map<string, Note[]>();
  for (const n of notes) {
    if (n.round_id !== roundId) continue;
    const list = out.get(n.table_id);
    if (list) list.push(n);
    else out.set(n.table_id, [n]);
  }
  return out;
}

/** How many notes each round has, by round id. */
export function countByRound(notes: readonly Note[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of notes) out.set(n.round_id, (out.get(n.round_id) ?? 0) + 1);
  return out;
}

/** How many notes each table has in a round, by table id. */
export function countByTable(notes: readonly Note[], roundId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of notes) if (n.round_id === roundId) out.set(n.table_id, (out.get(n.table_id) ?? 0) + 1);
  return out;
}

export interface NoteCounts {
  notes: number;
  starred: number;
}

export function counts(notes: readonly Note[]): NoteCounts {
  let starred = 0;
  for (const n of notes) if (n.starred) starred++;
  return { notes: notes.length, starred };
}

/** "42 notes · 5 starred". */
export function countsText(c: NoteCounts): string {
  return `${c.notes} ${c.notes === 1 ? "note" : "notes"} · ${c.starred} starred`;
}

/** Replaces (or adds) a note in a list, keeping the order; returns a new list. */
export function upsert(notes: readonly Note[], note: Note): Note[] {
  const i = notes.findIndex((n) => n.id === note.id);
  if (i < 0) return [...notes, note];
  const out = notes.slice();
  out[i] = note;
  return out;
}

/** A note's time as hh:mm (local), from its creation. */
export function noteTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
