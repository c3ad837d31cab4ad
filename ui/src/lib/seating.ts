// The seating screen's pure parts: joining a plan (ids only) with the café (names, tables), the colour of an
// organisation, the "find your table" list, the live figure while someone is dragged, and the drag payload.
import type { Attendee, Cafe, RoundSeating, Seat, SeatingPlan, SeatingStats, Table } from "./api/bindings";
import { fold } from "./attendees";

/** How many organisation colours there are (`--org-0` … `--org-9` in app.css). */
export const ORG_COLOURS = 10;

/** A deterministic colour (an index into the palette) for an organisation; null when there is none. Case, accents
 * and surrounding spaces do not matter, so "BnF" and " bnf " get the same colour. */
export function orgColour(organisation: string | null | undefined): number | null {
  const key = fold((organisation ?? "").trim()).replace(/\s+/g, " ");
  if (key === "") return null;
  // FNV-1a, 32 bit
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % ORG_COLOURS;
}

/** A table's name without a leading "Table 3 · " that repeats its number (the number is shown anyway); a name that
 * is nothing but "Table 3" stays as it is. */
export function shortTableName(table: Pick<Table, "name" | "number">): string {
  const m = new RegExp(`^\\s*table\\s+0*${table.number}\\s*[·:.\\-–—|]\\s*(\\S.*)$`, "iu").exec(table.name);
  return m?.[1] ?? table.name;
}

/**
 * How many columns of table cards to show: as many as fit (each at least `min` px wide) but no more than it takes
 * to fill the rows evenly, so that 6 tables where 5 would fit are shown 3 + 3 rather than 5 + 1.
 */
export function gridColumns(count: number, width: number, min = 290, gap = 14): number {
  if (count <= 0 || width <= 0) return 1;
  const fit = Math.max(1, Math.floor((width + gap) / (min + gap)));
  const rows = Math.ceil(count / fit);
  return Math.max(1, Math.min(fit, Math.ceil(count / rows)));
}

/** Whether a plan has been made (or seats were placed by hand). */
export function hasPlan(plan: SeatingPlan | null): boolean {
  if (!plan) return false;
  if (plan.generated_at !== null) return true;
  return plan.rounds.some((r) => r.tables.some((t) => t.seats.length > 0));
}

/** How many seats are locked, over all rounds. */
export function lockedCount(plan: SeatingPlan | null): number {
  if (!plan) return 0;
  let n = 0;
  for (const r of plan.rounds) for (const t of r.tables) for (const s of t.seats) if (s.locked) n++;
  return n;
}

/** Whether the plan is as good as any plan can be (it was made, and no more repeats than the bound). */
export function isBestPossible(plan: SeatingPlan | null): boolean {
  return !!plan && plan.generated_at !== null && plan.stats.repeat_pairs <= plan.stats.lower_bound;
}

/** The round numbers that `stats.problems` mention ("Round 2: …"). */
export function problemRounds(problems: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const p of problems) {
    const m = /^Round (\d+)\b/.exec(p);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

// ---- one round, joined with the café ------------------------------------------------------------------------

export interface PersonView {
  seat: Seat;
  attendee: Attendee;
  isHost: boolean;
  colour: number | null;
}

export interface TableView {
  table: Table;
  /** The host first (when seated here), then everyone else in the plan's order. */
  people: PersonView[];
  count: number;
  over: boolean;
  /** The table's host sits here this round. */
  hostHere: boolean;
}

export interface RoundView {
  round: RoundSeating;
  tables: TableView[];
  absent: Attendee[];
  unseated: Attendee[];
  seated: number;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
const byName = (a: Attendee, b: Attendee) => collator.compare(a.name, b.name);

/** The café's attendees by id. */
export function attendeeIndex(cafe: Cafe): Map<string, Attendee> {
  return new Map(cafe.attendees.map((a) => [a.id, a]));
}

/** A round of the plan as the screen shows it: tables in the café's order, with names. Seats of people the café no
 * longer knows (a reload in flight) are left out. */
export function roundView(cafe: Cafe, round: RoundSeating, people: Map<string, Attendee> = attendeeIndex(cafe)): RoundView {
  const seatsByTable = new Map(round.tables.map((t) => [t.table_id, t.seats]));
  let seated = 0;
  const tables = cafe.tables.map((table): TableView => {
    const list: PersonView[] = [];
    let host: PersonView | null = null;
    for (const seat of seatsByTable.get(table.id) ?? []) {
      const attendee = people.get(seat.attendee_id);
      if (!attendee) continue;
      const view = { seat, attendee, isHost: table.host_id === attendee.id, colour: orgColour(attendee.organisation) };
      if (view.isHost) host = view;
      else list.push(view);
    }
    if (host) list.unshift(host);
    seated += list.length;
    return { table, people: list, count: list.length, over: list.length > table.capacity, hostHere: host !== null };
  });
  const known = (ids: readonly string[]) =>
    ids.map((id) => people.get(id)).filter((a): a is Attendee => a !== undefined).sort(byName);
  return { round, tables, absent: known(round.absent), unseated: known(round.unseated), seated };
}

// ---- find your table ---------------------------------------------------------------------------------------

export interface FindCell {
  roundId: string;
  /** The table's number, or null when absent / not seated. */
  number: number | null;
  table: string | null;
  absent: boolean;
}

export interface FindRow {
  attendee: Attendee;
  cells: FindCell[];
  haystack: string;
}

/** Everyone, alphabetically, with their table in each round. */
export function findRows(cafe: Cafe, plan: SeatingPlan): FindRow[] {
  const tables = new Map(cafe.tables.map((t) => [t.id, t]));
  // attendee → round → table
  const where = new Map<string, Map<string, Table>>();
  const absent = new Set<string>();
  for (const r of plan.rounds) {
    for (const t of r.tables) {
      const table = tables.get(t.table_id);
      if (!table) continue;
      for (const s of t.seats) {
        let m = where.get(s.attendee_id);
        if (!m) where.set(s.attendee_id, (m = new Map()));
        m.set(r.round_id, table);
      }
    }
    for (const id of r.absent) absent.add(`${r.round_id}|${id}`);
  }
  return [...cafe.attendees].sort(byName).map((attendee) => {
    const m = where.get(attendee.id);
    const cells = plan.rounds.map((r): FindCell => {
      const table = m?.get(r.round_id) ?? null;
      return {
        roundId: r.round_id,
        number: table?.number ?? null,
        table: table ? shortTableName(table) : null,
        absent: absent.has(`${r.round_id}|${attendee.id}`),
      };
    });
    const tableNames = cells.map((c) => c.table ?? "").join("\u0001");
    return {
      attendee,
      cells,
      haystack: fold([attendee.name, attendee.organisation ?? "", tableNames].join("\u0001")),
    };
  });
}

/** The rows holding every word of `query` (name, organisation or a table's name). */
export function filterFindRows(rows: readonly FindRow[], query: string): readonly FindRow[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => words.every((w) => r.haystack.includes(w)));
}

// ---- moving people ----------------------------------------------------------------------------------------

/** A table to offer in a "Move to…" or "Seat at…" list. */
export interface MoveTarget {
  id: string;
  label: string;
}

/** The tables of a round as move targets: "3 · Open science (6/7)". */
export function moveTargets(view: RoundView): MoveTarget[] {
  return view.tables.map((t) => ({
    id: t.table.id,
    label: `${t.table.number} · ${shortTableName(t.table)} (${t.count}/${t.table.capacity})`,
  }));
}

/** What is being dragged: one person of one round, from a table (null: from the "not seated" list). */
export interface DragSeat {
  roundId: string;
  attendeeId: string;
  fromTableId: string | null;
}

/** The MIME type the drag carries (so that drops from elsewhere are ignored). */
export const DRAG_TYPE = "application/x-knowledge-cafe-seat";

export function encodeDrag(drag: DragSeat): string {
  return JSON.stringify(drag);
}

export function decodeDrag(text: string | null | undefined): DragSeat | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== "object" || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.roundId !== "string" || typeof o.attendeeId !== "string") return null;
    if (o.fromTableId !== null && typeof o.fromTableId !== "string") return null;
    return { roundId: o.roundId, attendeeId: o.attendeeId, fromTableId: o.fromTableId };
  } catch {
    return null;
  }
}

/** Whether `drag` may be dropped on table `tableId` of round `roundId` (not where it already sits). */
export function canDrop(drag: DragSeat | null, roundId: string, tableId: string): boolean {
  return drag !== null && drag.roundId === roundId && drag.fromTableId !== tableId;
}

/** The key under which a preview is cached. */
export function previewKey(drag: DragSeat, tableId: string): string {
  return `${drag.roundId}|${drag.attendeeId}|${tableId}`;
}

export type Trend = "better" | "worse" | "same";

export interface RepeatChange {
  from: number;
  to: number;
  trend: Trend;
  text: string;
}

/** "Repeats 4 → 6" and whether that is better or worse; other figures break ties (a new broken rule is worse). */
export function repeatChange(now: SeatingStats, after: SeatingStats): RepeatChange {
  const from = now.repeat_pairs;
  const to = after.repeat_pairs;
  let trend: Trend = to < from ? "better" : to > from ? "worse" : "same";
  if (trend === "same") {
    const d =
      Math.sign(after.problems.length - now.problems.length) * 4 +
      Math.sign(after.max_meetings - now.max_meetings) * 2 +
      Math.sign(after.group_clashes - now.group_clashes);
    trend = d < 0 ? "better" : d > 0 ? "worse" : "same";
  }
  return { from, to, trend, text: from === to ? `Repeats stay ${from}` : `Repeats ${from} → ${to}` };
}

/**
 * Previews of moves, fetched once per target and remembered until the plan changes; a request is only sent after
 * the pointer has rested on a target for `delay` ms, and an answer for a target no longer hovered is still kept.
 */
export class PreviewCache {
  #cache = new Map<string, SeatingStats | "pending" | "failed">();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wanted: string | null = null;
  #version: unknown = null;
  readonly #fetch: (drag: DragSeat, tableId: string) => Promise<SeatingStats>;
  readonly #onResult: (key: string, stats: SeatingStats | null) => void;
  readonly #delay: number;

  /** `onResult` gets each answer, or null when the preview failed (it is not asked for again). */
  constructor(
    fetch: (drag: DragSeat, tableId: string) => Promise<SeatingStats>,
    onResult: (key: string, stats: SeatingStats | null) => void,
    delay = 120,
  ) {
    this.#fetch = fetch;
    this.#onResult = onResult;
    this.#delay = delay;
  }

  /** Forgets every answer when the plan it was computed on is replaced. */
  reset(version: unknown): void {
    if (version === this.#version) return;
    this.#version = version;
    this.#cache.clear();
    this.cancel();
  }

  /** The preview for a target if it is known. */
  get(key: string): SeatingStats | null {
    const v = this.#cache.get(key);
    return v && v !== "pending" && v !== "failed" ? v : null;
  }

  /** Asks for the preview of dropping `drag` on `tableId` (soon, unless already known or asked). */
  want(drag: DragSeat, tableId: string): void {
    const key = previewKey(drag, tableId);
    if (this.#wanted === key) return;
    this.#wanted = key;
    clearTimeout(this.#timer);
    if (this.#cache.has(key)) return;
    const version = this.#version;
    this.#timer = setTimeout(() => {
      if (this.#wanted !== key || this.#cache.has(key)) return;
      this.#cache.set(key, "pending");
      this.#fetch(drag, tableId).then(
        (stats) => {
          if (version !== this.#version) return;
          this.#cache.set(key, stats);
          this.#onResult(key, stats);
        },
        () => {
          if (version !== this.#version) return;
          this.#cache.set(key, "failed");
          this.#onResult(key, null);
        },
      );
    }, this.#delay);
  }

  /** The pointer left every target (or the drag ended). */
  cancel(): void {
    this.#wanted = null;
    clearTimeout(this.#timer);
  }
}
