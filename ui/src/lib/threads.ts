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
