// Pure helpers of the Threads screen: the theme × table matrix, counts, and what a thread's notes look like.
import type { Note, Table, ThreadBoard, ThreadView } from "./api/bindings";

export interface MatrixRow {
  thread: ThreadView;
  /** Notes of the thread at each table, in the tables' order. */
  counts: number[];
}

/** Which tables raised which thread: one row per shown thread, one count per table. */
export function matrix(threads: readonly ThreadView[], tables: readonly Table[], notes: readonly Note[]): MatrixRow[] {
  const tableOf = new Map(notes.map((n) => [n.id, n.table_id]));
  const column = new Map(tables.map((t, i) => [t.id, i]));
  return threads.map((thread) => {
    const counts: number[] = tables.map(() => 0);
    for (const id of thread.notes) {
      const t = tableOf.get(id);
      const c = t === undefined ? undefined : column.get(t);
      if (c !== undefined) counts[c] = (counts[c] ?? 0) + 1;
    }
    return { thread, counts };
  });
}

/** "5 notes · 3 tables · rounds 1–2". */
export function threadFigures(thread: ThreadView): string {
  const n = thread.notes.length;
  const t = thread.tables.length;
  const parts = [`${n} ${n === 1 ? "note" : "notes"}`, `${t} ${t === 1 ? "table" : "tables"}`];
  const r = thread.rounds;
  if (r.length === 1) parts.push(`round ${r[0]}`);
  else if (r.length > 1) {
    const contiguous = r.every((x, i) => i === 0 || x === r[i - 1]! + 1);
    parts.push(contiguous ? `rounds ${r[0]}–${r[r.length - 1]}` : `rounds ${r.join(", ")}`);
  }
  return parts.join(" · ");
}

/** The board split for showing: visible threads (pinned first, as the backend orders them) and hidden ones. */
export function sections(board: ThreadBoard | null): { shown: ThreadView[]; hidden: ThreadView[] } {
  if (!board) return { shown: [], hidden: [] };
  return { shown: board.threads.filter((t) => !t.hidden), hidden: board.threads.filter((t) => t.hidden) };
}

/** One character as search compares it: lower case, without accents ("É" → "e", "ß" stays). */
function foldChar(c: string): string {
  return c.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The words of a search, folded; empty when there is nothing to look for. */
export function searchWords(query: string): string[] {
  return query
    .split(/\s+/u)
    .map((w) => Array.from(w).map(foldChar).join(""))
    .filter((w) => w !== "");
}

/** `text` folded character by character, with where each folded character came from in `text`. */
function folded(text: string): { folded: string; from: number[] } {
  let out = "";
  const from: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c);
    out += f;
    for (let k = 0; k < f.length; k++) from.push(i);
    i += c.length;
  }
  from.push(i);
  return { folded: out, from };
}

/**
 * Whether a note's text holds every word of the search, anywhere in a word ("park" finds "Parkplatz" and
 * "parking"), ignoring case and accents ("cafe" finds "Café").
 */
export function matchesSearch(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const f = folded(text).folded;
  return words.every((w) => f.includes(w));
}

export interface Piece {
  text: string;
  hit: boolean;
}

/** `text` cut into pieces, those the search words found marked, for highlighting (the text itself unchanged). */
export function highlight(text: string, words: readonly string[]): Piece[] {
  if (words.length === 0) return [{ text, hit: false }];
  const { folded: f, from } = folded(text);
  const hit = new Array<boolean>(text.length).fill(false);
  for (const w of words) {
    for (let at = f.indexOf(w); at !== -1; at = f.indexOf(w, at + 1)) {
      for (let k = from[at]!; k < from[at + w.length]!; k++) hit[k] = true;
    }
  }
  const pieces: Piece[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || hit[i] !== hit[start]) {
      pieces.push({ text: text.slice(start, i), hit: hit[start]! });
      start = i;
    }
  }
  return pieces.length > 0 ? pieces : [{ text, hit: false }];
}

/** The title a gathered thread starts with: the search as typed, its first letter a capital ("parking" → "Parking"). */
export function gatherTitle(query: string): string {
  const q = query.trim().split(/\s+/u).join(" ");
  const first = q.charAt(0);
  return first.toLocaleUpperCase() + q.slice(first.length);
}

/** What a search on the board found: "7 notes: 5 in 3 threads, 2 not in a thread", or that nothing says it. */
export function foundSummary(query: string, found: number, threads: number, outside: number): string {
  if (found === 0) return `No note says “${query.trim()}”.`;
  const notes = `${found} ${found === 1 ? "note" : "notes"}`;
  const where: string[] = [];
  const inside = found - outside;
  if (threads > 0) where.push(`${inside} in ${threads} ${threads === 1 ? "thread" : "threads"}`);
  if (outside > 0) where.push(`${outside} not in a thread`);
  if (where.length === 0) return `${notes}, not looked at yet`;
  return `${notes}: ${where.join(", ")}`;
}
