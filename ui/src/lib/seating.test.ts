import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Attendee, Cafe, SeatingPlan, SeatingStats, Table } from "./api/bindings";
import type { DragSeat } from "./seating";
import {
  ORG_COLOURS,
  PreviewCache,
  canDrop,
  decodeDrag,
  encodeDrag,
  filterFindRows,
  findRows,
  gridColumns,
  hasPlan,
  isBestPossible,
  lockedCount,
  moveTargets,
  orgColour,
  previewKey,
  problemRounds,
  repeatChange,
  roundView,
  shortTableName,
} from "./seating";

const person = (id: string, name: string, organisation: string | null, hosts: string | null = null): Attendee => ({
  id,
  name,
  organisation,
  email: null,
  role: hosts ? "host" : "traveller",
  hosts_table_id: hosts,
});

const table = (id: string, number: number, name: string, host: Attendee | null, capacity = 3): Table => ({
  id,
  number,
  name,
  capacity,
  topic: `Topic ${number}`,
  host_id: host?.id ?? null,
  host: host?.name ?? null,
});

const hostA = person("h1", "Zoë Host", "Library A", "t1");
const hostB = person("h2", "Yann Host", "Library B", "t2");
const ana = person("p1", "Ana", "Library A");
const bo = person("p2", "Bo", null);
const chloe = person("p3", "Chloé", "Museum");
const dev = person("p4", "Dev", "Museum");

const cafe: Cafe = {
  id: "c1",
  title: "Test café",
  date: null,
  venue: "",
  facilitator: "",
  language: "en",
  format: "knowledge_cafe",
  move_minutes: 2,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  rounds: [
    { id: "r1", number: 1, question: "Q1", duration_minutes: 20 },
    { id: "r2", number: 2, question: "Q2", duration_minutes: 20 },
  ],
  tables: [table("t1", 1, "Open science", hostA), table("t2", 2, "Archives", hostB)],
  attendees: [hostA, hostB, ana, bo, chloe, dev],
};

const stats = (repeat_pairs: number, extra: Partial<SeatingStats> = {}): SeatingStats => ({
  repeat_pairs,
  lower_bound: 2,
  max_meetings: 2,
  group_clashes: 0,
  elapsed_ms: 12,
  problems: [],
  ...extra,
});

const seat = (attendee_id: string, locked = false) => ({ attendee_id, locked, met_elsewhere: 0, same_group: false });

const plan: SeatingPlan = {
  cafe_id: "c1",
  generated_at: "2026-01-01T10:00:00Z",
  method: "greedy + tabu search",
  rounds: [
    {
      round_id: "r1",
      number: 1,
      // the plan lists people by name; the host is not first
      tables: [
        { table_id: "t1", seats: [seat("p1"), seat("p2"), seat("h1", true), seat("p3")] },
        { table_id: "t2", seats: [seat("p4"), seat("h2"), seat("gone")] },
      ],
      absent: [],
      unseated: [],
    },
    {
      round_id: "r2",
      number: 2,
      tables: [
        { table_id: "t1", seats: [seat("h1"), seat("p4")] },
        { table_id: "t2", seats: [seat("p1"), seat("p3")] },
      ],
      absent: ["h2"],
      unseated: ["p2"],
    },
  ],
  stats: stats(3),
};

describe("organisation colours", () => {
  it("are deterministic and ignore case, accents and spaces", () => {
    const c = orgColour("Bibliothèque nationale");
    expect(c).not.toBeNull();
    expect(orgColour("  bibliotheque   NATIONALE ")).toBe(c);
    expect(orgColour("Bibliothèque nationale")).toBe(c);
  });

  it("are none without an organisation", () => {
    expect(orgColour(null)).toBeNull();
    expect(orgColour(undefined)).toBeNull();
    expect(orgColour("   ")).toBeNull();
  });

  it("stay in the palette and use most of it", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const c = orgColour(`Organisation ${i}`);
      expect(c).not.toBeNull();
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(ORG_COLOURS);
      seen.add(c as number);
    }
    expect(seen.size).toBe(ORG_COLOURS);
  });
});

describe("table names", () => {
  it("drop a leading number that the badge shows anyway", () => {
    expect(shortTableName({ number: 1, name: "Table 1 · Open science" })).toBe("Open science");
    expect(shortTableName({ number: 12, name: "table 12: Climate" })).toBe("Climate");
    expect(shortTableName({ number: 3, name: "Table 3 - AI" })).toBe("AI");
    expect(shortTableName({ number: 3, name: "Table 3" })).toBe("Table 3");
    expect(shortTableName({ number: 3, name: "Table 4 · AI" })).toBe("Table 4 · AI");
    expect(shortTableName({ number: 1, name: "Table 13 · AI" })).toBe("Table 13 · AI");
    expect(shortTableName({ number: 2, name: "Archives" })).toBe("Archives");
  });
});

describe("table grid", () => {
  it("fills rows evenly", () => {
    expect(gridColumns(6, 1612)).toBe(3); // 5 fit: 3 + 3, not 5 + 1
    expect(gridColumns(6, 972)).toBe(3);
    expect(gridColumns(7, 1612)).toBe(4);
    expect(gridColumns(60, 1612)).toBe(5);
    expect(gridColumns(60, 600)).toBe(2);
    expect(gridColumns(60, 500)).toBe(1);
    expect(gridColumns(2, 1612)).toBe(2);
    expect(gridColumns(1, 1612)).toBe(1);
  });

  it("copes with nothing to show or no width yet", () => {
    expect(gridColumns(0, 1000)).toBe(1);
    expect(gridColumns(6, 0)).toBe(1);
    expect(gridColumns(6, 100)).toBe(1);
  });
});

describe("plan facts", () => {
  it("knows whether there is a plan", () => {
    expect(hasPlan(null)).toBe(false);
    expect(hasPlan(plan)).toBe(true);
    const empty = { ...plan, generated_at: null, rounds: plan.rounds.map((r) => ({ ...r, tables: r.tables.map((t) => ({ ...t, seats: [] })) })) };
    expect(hasPlan(empty)).toBe(false);
    // seats placed by hand count as a plan
    expect(hasPlan({ ...plan, generated_at: null })).toBe(true);
  });

  it("counts locked seats", () => {
    expect(lockedCount(plan)).toBe(1);
    expect(lockedCount(null)).toBe(0);
  });

  it("says when the plan is the best possible", () => {
    expect(isBestPossible(plan)).toBe(false);
    expect(isBestPossible({ ...plan, stats: stats(2) })).toBe(true);
    expect(isBestPossible({ ...plan, generated_at: null, stats: stats(2) })).toBe(false);
  });

  it("finds the rounds problems are about", () => {
    expect([...problemRounds(["Round 2: Table 1 seats 6 but has 7.", "Round 12: no seat for Ana.", "Other"])]).toEqual([2, 12]);
  });
});

describe("a round", () => {
  it("joins the plan with the café: host first, unknown people left out", () => {
    const r1 = plan.rounds[0];
    if (!r1) throw new Error("no round");
    const view = roundView(cafe, r1);
    expect(view.tables.map((t) => t.people.map((p) => p.attendee.name))).toEqual([
      ["Zoë Host", "Ana", "Bo", "Chloé"],
      ["Yann Host", "Dev"],
    ]);
    const [t1, t2] = view.tables;
    expect(t1?.people[0]?.isHost).toBe(true);
    expect(t1?.people[0]?.seat.locked).toBe(true);
    expect(t1?.count).toBe(4);
    expect(t1?.over).toBe(true);
    expect(t2?.over).toBe(false);
    expect(t1?.hostHere && t2?.hostHere).toBe(true);
    expect(view.seated).toBe(6);
    expect(t1?.people[2]?.colour).toBeNull();
    expect(t1?.people[1]?.colour).toBe(orgColour("Library A"));
  });

  it("lists who is absent and who has no seat", () => {
    const r2 = plan.rounds[1];
    if (!r2) throw new Error("no round");
    const view = roundView(cafe, r2);
    expect(view.absent.map((a) => a.name)).toEqual(["Yann Host"]);
    expect(view.unseated.map((a) => a.name)).toEqual(["Bo"]);
    expect(view.tables[1]?.hostHere).toBe(false);
    expect(moveTargets(view)).toEqual([
      { id: "t1", label: "1 · Open science (2/3)" },
      { id: "t2", label: "2 · Archives (2/3)" },
    ]);
  });
});

describe("find your table", () => {
  const rows = findRows(cafe, plan);

  it("lists everyone alphabetically with a table per round", () => {
    expect(rows.map((r) => r.attendee.name)).toEqual(["Ana", "Bo", "Chloé", "Dev", "Yann Host", "Zoë Host"]);
    const ana = rows[0];
    expect(ana?.cells.map((c) => c.number)).toEqual([1, 2]);
    expect(ana?.cells.map((c) => c.table)).toEqual(["Open science", "Archives"]);
  });

  it("shows absent and unseated rounds as empty", () => {
    const yann = rows.find((r) => r.attendee.id === "h2");
    expect(yann?.cells.map((c) => [c.number, c.absent])).toEqual([
      [2, false],
      [null, true],
    ]);
    const bo = rows.find((r) => r.attendee.id === "p2");
    expect(bo?.cells[1]).toMatchObject({ number: null, absent: false });
  });

  it("searches names, organisations and tables without accents", () => {
    expect(filterFindRows(rows, "chloe").map((r) => r.attendee.id)).toEqual(["p3"]);
    expect(filterFindRows(rows, "museum").map((r) => r.attendee.id)).toEqual(["p3", "p4"]);
    expect(filterFindRows(rows, "archives host").map((r) => r.attendee.id)).toEqual(["h2"]);
    expect(filterFindRows(rows, "host").map((r) => r.attendee.id)).toEqual(["h2", "h1"]);
    expect(filterFindRows(rows, "  ")).toBe(rows);
  });
});

describe("dragging", () => {
  const drag = { roundId: "r1", attendeeId: "p1", fromTableId: "t1" };

  it("carries the seat through the drag data", () => {
    expect(decodeDrag(encodeDrag(drag))).toEqual(drag);
    expect(decodeDrag(encodeDrag({ ...drag, fromTableId: null }))).toEqual({ ...drag, fromTableId: null });
    expect(decodeDrag("")).toBeNull();
    expect(decodeDrag("not json")).toBeNull();
    expect(decodeDrag('{"roundId":1}')).toBeNull();
    expect(decodeDrag("null")).toBeNull();
  });

  it("drops only on another table of the same round", () => {
    expect(canDrop(drag, "r1", "t2")).toBe(true);
    expect(canDrop(drag, "r1", "t1")).toBe(false);
    expect(canDrop(drag, "r2", "t2")).toBe(false);
    expect(canDrop(null, "r1", "t2")).toBe(false);
    expect(canDrop({ ...drag, fromTableId: null }, "r1", "t1")).toBe(true);
  });

  it("describes the change in repeats", () => {
    expect(repeatChange(stats(4), stats(6))).toMatchObject({ from: 4, to: 6, trend: "worse", text: "Repeats 4 → 6" });
    expect(repeatChange(stats(4), stats(3))).toMatchObject({ trend: "better", text: "Repeats 4 → 3" });
    expect(repeatChange(stats(4), stats(4))).toMatchObject({ trend: "same", text: "Repeats stay 4" });
    // a new broken rule makes an equal count worse
    expect(repeatChange(stats(4), stats(4, { problems: ["Round 1: Table 1 seats 6 but has 7."] })).trend).toBe("worse");
    expect(repeatChange(stats(4, { group_clashes: 2 }), stats(4, { group_clashes: 1 })).trend).toBe("better");
  });
});

describe("preview cache", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const drag: DragSeat = { roundId: "r1", attendeeId: "p1", fromTableId: "t1" };

  it("asks once per target after a short rest, and remembers the answer", async () => {
    const fetch = vi.fn(async (_d: DragSeat, tableId: string) => stats(tableId === "t2" ? 5 : 1));
    const results: string[] = [];
    const cache = new PreviewCache(fetch, (key) => results.push(key), 100);
    cache.reset(plan);
    cache.want(drag, "t2");
    cache.want(drag, "t2");
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(results).toEqual([previewKey(drag, "t2")]);
    expect(cache.get(previewKey(drag, "t2"))?.repeat_pairs).toBe(5);
    // back on the same target later: no new request
    cache.cancel();
    cache.want(drag, "t2");
    await vi.advanceTimersByTimeAsync(200);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("skips targets passed over quickly", async () => {
    const fetch = vi.fn(async () => stats(1));
    const cache = new PreviewCache(fetch, () => {}, 100);
    cache.reset(plan);
    cache.want(drag, "t2");
    await vi.advanceTimersByTimeAsync(50);
    cache.want(drag, "t3");
    await vi.advanceTimersByTimeAsync(50);
    cache.cancel();
    await vi.advanceTimersByTimeAsync(200);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("reports a failed preview once", async () => {
    const fetch = vi.fn(async () => {
      throw new Error("gone");
    });
    const results: (SeatingStats | null)[] = [];
    const cache = new PreviewCache(fetch, (_key, stats) => results.push(stats), 0);
    cache.reset(plan);
    cache.want(drag, "t2");
    await vi.advanceTimersByTimeAsync(0);
    cache.cancel();
    cache.want(drag, "t2");
    await vi.advanceTimersByTimeAsync(10);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(results).toEqual([null]);
  });

  it("forgets answers when the plan changes, and drops answers for an old plan", async () => {
    let resolve: (s: SeatingStats) => void = () => {};
    const fetch = vi.fn(() => new Promise<SeatingStats>((r) => (resolve = r)));
    const results: string[] = [];
    const cache = new PreviewCache(fetch, (key) => results.push(key), 0);
    cache.reset(plan);
    cache.want(drag, "t2");
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    cache.reset({ ...plan });
    resolve(stats(9));
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([]);
    expect(cache.get(previewKey(drag, "t2"))).toBeNull();
  });
});
