// The round clock's pure parts: the countdown against the server's time (never counted tick by tick), its colour
// state, mm:ss, the moment a threshold is crossed (for the chime), the stage in words, the café's timeline and the
// "where do I sit?" list of the projector.
import type { Cafe, Clock, SeatingPlan } from "./api/bindings";
import { shortTableName } from "./seating";

/** How far the server's clock is ahead of ours, measured when `clock` arrived (at local time `receivedAt`). */
export function offsetOf(clock: Pick<Clock, "server_now_ms">, receivedAt: number): number {
  return clock.server_now_ms - receivedAt;
}

/** Whether the stage's timer is counting down. */
export function isRunning(clock: Pick<Clock, "phase" | "ends_at_ms">): boolean {
  return clock.phase === "running" && clock.ends_at_ms !== null;
}

/** The time left at local time `now`: counted against the stored end while running (never below 0), else as the
 * server said. */
export function remainingAt(clock: Pick<Clock, "phase" | "ends_at_ms" | "remaining_ms">, offset: number, now: number): number {
  if (isRunning(clock) && clock.ends_at_ms !== null) return Math.max(0, clock.ends_at_ms - (now + offset));
  return Math.max(0, clock.remaining_ms);
}

/** mm:ss, or h:mm:ss from an hour on; a part second counts as a whole one (20:00 at the start, 00:00 at the end). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${String(m).padStart(2, "0")}:${ss}`;
}

/** A length in words: "20 min", "1 h 5 min". */
export function formatMinutes(ms: number): string {
  const min = Math.round(Math.max(0, ms) / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** How the countdown looks: idle (nothing timed), normal, warning, last minute, over. */
export type ClockTone = "idle" | "normal" | "warning" | "last" | "over";

export function toneOf(clock: Pick<Clock, "stage" | "phase" | "warning_minutes">, remaining: number): ClockTone {
  if (clock.stage === "not_started" || clock.stage === "done") return "idle";
  if (clock.phase === "over" || remaining <= 0) return "over";
  if (clock.phase === "planned") return "normal";
  if (remaining <= 60_000) return "last";
  if (remaining <= clock.warning_minutes * 60_000) return "warning";
  return "normal";
}

/** The thresholds passed between two readings of the same stage: the warning (when there is one) and the end.
 * `before` is null for the first reading (a reload), which crosses nothing. */
export function crossed(before: number | null, after: number, warningMs: number): ("warning" | "end")[] {
  if (before === null || after >= before) return [];
  const out: ("warning" | "end")[] = [];
  if (warningMs > 0 && before > warningMs && after <= warningMs && after > 0) out.push("warning");
  if (before > 0 && after <= 0) out.push("end");
  return out;
}

/** Identifies a stage of a café's run, so that threshold detection starts afresh at every new stage. */
export function stageKey(clock: Pick<Clock, "cafe_id" | "stage" | "round_number">): string {
  return `${clock.cafe_id}|${clock.stage}|${clock.round_number ?? 0}`;
}

/** "Round 2 of 3", "Moving to round 3", "Ready to start", "Café finished". */
export function stageText(clock: Pick<Clock, "stage" | "round_number" | "rounds">): string {
  switch (clock.stage) {
    case "not_started":
      return "Ready to start";
    case "round":
      return `Round ${clock.round_number ?? 1} of ${clock.rounds}`;
    case "move":
      return `Moving to round ${clock.round_number ?? 1}`;
    case "done":
      return "Café finished";
  }
}

/** The phase in words. */
export function phaseText(clock: Pick<Clock, "stage" | "phase">, remaining: number): string {
  if (clock.stage === "not_started") return "Not started";
  if (clock.stage === "done") return "All rounds done";
  if (clock.phase === "over" || (clock.phase === "running" && remaining <= 0)) return "Time's up";
  if (clock.phase === "running") return "Running";
  if (clock.phase === "paused") return "Paused";
  return "Ready";
}

/** What the notification says when a threshold is crossed. */
export function alertText(clock: Pick<Clock, "stage" | "round_number" | "warning_minutes">, what: "warning" | "end"): string {
  const n = clock.round_number ?? 1;
  const mins = clock.warning_minutes === 1 ? "1 minute" : `${clock.warning_minutes} minutes`;
  if (clock.stage === "move") return what === "warning" ? `Round ${n} starts in ${mins}` : `Time to start round ${n}`;
  return what === "warning" ? `Round ${n} ends in ${mins}` : `Round ${n} is over`;
}

// ---- the timeline ---------------------------------------------------------------------------------------------

export interface Segment {
  kind: "round" | "move";
  /** The round (for a move: the round people move to). */
  number: number;
  question: string;
  ms: number;
  status: "done" | "now" | "next";
}

/** The café's rounds and the moves between them, each done, now or next by the clock. */
export function timeline(cafe: Pick<Cafe, "rounds" | "move_minutes">, clock: Pick<Clock, "stage" | "round_number"> | null): Segment[] {
  const rounds = [...cafe.rounds].sort((a, b) => a.number - b.number);
  const segs: Omit<Segment, "status">[] = [];
  rounds.forEach((r, i) => {
    if (i > 0 && cafe.move_minutes > 0) segs.push({ kind: "move", number: r.number, question: "", ms: cafe.move_minutes * 60_000 });
    segs.push({ kind: "round", number: r.number, question: r.question, ms: r.duration_minutes * 60_000 });
  });
  const at = currentIndex(segs, clock);
  return segs.map((s, i) => ({ ...s, status: i < at ? "done" : i === at ? "now" : "next" }));
}

function currentIndex(segs: readonly Omit<Segment, "status">[], clock: Pick<Clock, "stage" | "round_number"> | null): number {
  if (!clock || clock.stage === "not_started") return -1;
  if (clock.stage === "done") return segs.length;
  const i = segs.findIndex((s) => s.kind === clock.stage && s.number === (clock.round_number ?? 1));
  return i < 0 ? -1 : i;
}

/** The café's elapsed and remaining time: the schedule's lengths for stages done and to come, the clock's for now. */
export function totals(segments: readonly Segment[], current: { total: number; remaining: number } | null): { elapsed: number; remaining: number } {
  let elapsed = 0;
  let remaining = 0;
  for (const s of segments) {
    if (s.status === "done") elapsed += s.ms;
    else if (s.status === "next") remaining += s.ms;
    else if (current) {
      elapsed += Math.max(0, current.total - current.remaining);
      remaining += current.remaining;
    } else remaining += s.ms;
  }
  return { elapsed, remaining };
}

// ---- where do I sit? ------------------------------------------------------------------------------------------

/** The round whose seating people need now (between rounds: the next one), or null while a round runs. */
export function seatingRoundOf(clock: Pick<Clock, "stage" | "phase" | "round_number" | "rounds">): number | null {
  switch (clock.stage) {
    case "not_started":
      return clock.rounds > 0 ? 1 : null;
    case "move":
      return clock.round_number;
    case "round": {
      const n = clock.round_number ?? 1;
      if (clock.phase === "planned") return n;
      if (clock.phase === "over") return n < clock.rounds ? n + 1 : null;
      return null;
    }
    case "done":
      return null;
  }
}

export interface SeatRow {
  name: string;
  tableNumber: number;
  table: string;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** Everyone seated in round `number`, alphabetically, with their table. */
export function seatRows(cafe: Pick<Cafe, "tables" | "attendees">, plan: SeatingPlan | null, number: number): SeatRow[] {
  const round = plan?.rounds.find((r) => r.number === number);
  if (!round) return [];
  const tables = new Map(cafe.tables.map((t) => [t.id, t]));
  const people = new Map(cafe.attendees.map((a) => [a.id, a]));
  const rows: SeatRow[] = [];
  for (const t of round.tables) {
    const table = tables.get(t.table_id);
    if (!table) continue;
    for (const s of t.seats) {
      const a = people.get(s.attendee_id);
      if (a) rows.push({ name: a.name, tableNumber: table.number, table: shortTableName(table) });
    }
  }
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/** Splits `items` into pages of `size` (at least one page, at least one item a page). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out.length > 0 ? out : [[]];
}
