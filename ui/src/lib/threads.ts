// Pure helpers of the Threads screen: the theme × table matrix, counts, and what a thread's notes look like.
import type { Note, NoteSearch, Table, ThreadBoard, ThreadView } from "./api/bindings";

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

/** One character as highlighting compares it: lower case, without accents ("É" → "e"). */
function foldChar(c: string): string {
  // Soft hyphens are taken out too: the backend's marks come from the text without them.
  return c.normalize("NFD").replace(/[\p{M}\u00AD]/gu, "").toLowerCase();
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

export interface Piece {
  text: string;
  hit: boolean;
}

/**
 * `text` cut into pieces, the stretches `marks` names marked, for highlighting; the text itself unchanged. The
 * marks come from the search (cafe-core's `threads::search`), as written in the note; they are found again here
 * with case and accents aside, so a note in decomposed form ("a" + combining diaeresis) is marked too.
 */
export function highlight(text: string, marks: readonly string[]): Piece[] {
  const wanted = marks.map((m) => folded(m).folded).filter((m) => m !== "");
  if (wanted.length === 0) return [{ text, hit: false }];
  const { folded: f, from } = folded(text);
  const hit = new Array<boolean>(text.length).fill(false);
  for (const w of wanted) {
    for (let at = f.indexOf(w); at !== -1; at = f.indexOf(w, at + 1)) {
      // From the first character of the match to the end of its last one.
      const last = from[at + w.length - 1]!;
      const end = from.find((x) => x > last) ?? text.length;
      for (let k = from[at]!; k < end; k++) hit[k] = true;
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

/** A note a search on the board found: the stretches of its text to mark, and whether it says it in other words. */
export interface BoardHit {
  marks: string[];
  related: boolean;
}

/** What a search found on the board as the facilitator sees it. */
export interface BoardSearch {
  /** By note id: the notes found in shown threads and outside the threads. */
  hits: Map<string, BoardHit>;
  /** How many notes on the board say the search's words, and how many say them in other words (counted even
   * when they are left out of `hits`). */
  found: number;
  related: number;
  /** How many shown threads hold one, and how many are outside the threads. */
  threads: number;
  outside: number;
  /** The words the related notes on the board say it in, most notes first (each once, case aside). */
  otherWords: string[];
}

/**
 * The notes of `result` that are on the board — in a shown thread or outside the threads; not in a hidden thread,
 * nor new notes still being looked at — with the related ones only if `withRelated`.
 */
export function boardSearch(board: ThreadBoard, result: NoteSearch, withRelated: boolean): BoardSearch {
  const where = new Map<string, string | null>();
  for (const t of board.threads) if (!t.hidden) for (const id of t.notes) where.set(id, t.id);
  for (const id of board.unthreaded) where.set(id, null);
  const hits = new Map<string, BoardHit>();
  let found = 0;
  let related = 0;
  for (const h of result.found) {
    if (!where.has(h.note_id)) continue;
    hits.set(h.note_id, { marks: h.marks, related: false });
    found++;
  }
  const words = new Map<string, { word: string; notes: number }>();
  for (const h of result.related) {
    if (!where.has(h.note_id)) continue;
    related++;
    if (withRelated) hits.set(h.note_id, { marks: h.marks, related: true });
    for (const w of new Set(h.other_words.map((x) => x.toLowerCase()))) {
      const entry = words.get(w) ?? { word: h.other_words.find((x) => x.toLowerCase() === w)!, notes: 0 };
      entry.notes++;
      words.set(w, entry);
    }
  }
  const otherWords = [...words.entries()]
    .sort((a, b) => b[1].notes - a[1].notes || a[0].localeCompare(b[0]))
    .map(([, e]) => e.word);
  const threads = new Set<string>();
  let outside = 0;
  for (const id of hits.keys()) {
    const t = where.get(id);
    if (t) threads.add(t);
    else outside++;
  }
  return { hits, found, related, threads: threads.size, outside, otherWords };
}

/** "7 notes: 5 in 3 threads, 2 not in a thread", or that no note on the board says it. */
export function foundSummary(query: string, s: BoardSearch): string {
  const n = s.hits.size;
  if (n === 0) return `No note on the board says “${query.trim()}”.`;
  const where: string[] = [];
  const inside = n - s.outside;
  if (s.threads > 0) where.push(`${inside} in ${s.threads} ${s.threads === 1 ? "thread" : "threads"}`);
  if (s.outside > 0) where.push(`${s.outside} not in a thread`);
  return `${n} ${n === 1 ? "note" : "notes"}: ${where.join(", ")}`;
}

/**
 * The related notes' checkbox: "including 6 that say it in other words: queue, attente, wachten, wait, …" when they
 * are counted in, "6 more say it in other words: …" when not.
 */
export function otherWordsLabel(count: number, words: readonly string[], included: boolean): string {
  const shown = words.slice(0, 4).join(", ");
  const more = words.length > 4 ? ", …" : "";
  const list = shown ? `: ${shown}${more}` : "";
  if (included) return `including ${count} that ${count === 1 ? "says" : "say"} it in other words${list}`;
  return `${count} more ${count === 1 ? "says" : "say"} it in other words${list}`;
}

/** The most characters a thread's title may hold (as the backend checks). */
const MAX_TITLE = 120;

/** The title a gathered thread starts with: the search as typed, its first letter a capital ("parking" → "Parking"). */
export function gatherTitle(query: string): string {
  const q = query.trim().split(/\s+/u).join(" ");
  const first = q.charAt(0);
  const title = first.toLocaleUpperCase() + q.slice(first.length);
  return Array.from(title).slice(0, MAX_TITLE).join("");
}

/**
 * The choices of "Common at N tables": 1 to 6, and for a large café up to half its tables (at most 12), so that a
 * congress café of 24 tables can ask for themes raised at 8; always including the café's current setting.
 */
export function minTablesChoices(tables: number, current: number): number[] {
  const most = Math.max(6, Math.min(12, Math.floor(tables / 2)));
  const out = Array.from({ length: most }, (_, i) => i + 1);
  if (current > most) out.push(current);
  return out;
}

/**
 * The threads the projector shows when the café is over, in the board's order (pinned first): those the summary
 * shows too — not hidden, common or curated, with notes or a synthesis.
 */
export function projectedThreads(board: ThreadBoard | null): ThreadView[] {
  if (!board) return [];
  return board.threads.filter(
    (t) => !t.hidden && (t.common || t.curated) && (t.notes.length > 0 || t.synthesis.trim() !== ""),
  );
}
