import { describe, expect, it } from "vitest";
import type { Note } from "./api/bindings";
import { byTable, countByRound, countByTable, counts, countsText, filterNotes, NO_FILTER, upsert } from "./notes";

function note(id: string, table: string, round: string, text: string, extra: Partial<Note> = {}): Note {
  return {
    id,
    table_id: table,
    round_id: round,
    text,
    author: null,
    starred: false,
    created_at: "2026-01-01T10:00:00Z",
    updated_at: "2026-01-01T10:00:00Z",
    ...extra,
  };
}

const notes = [
  note("1", "t1", "r1", "Open data matters", { author: "Amara", starred: true }),
  note("2", "t2", "r1", "Budgets are tight"),
  note("3", "t1", "r2", "Volunteers\nand training", { author: "Jonas" }),
  note("4", "t1", "r1", "ÉTÉ programme"),
];

describe("filterNotes", () => {
  it("keeps everything without a filter", () => {
    expect(filterNotes(notes, NO_FILTER)).toHaveLength(4);
  });
  it("searches text and author, case-insensitively", () => {
    expect(filterNotes(notes, { ...NO_FILTER, query: "OPEN" }).map((n) => n.id)).toEqual(["1"]);
    expect(filterNotes(notes, { ...NO_FILTER, query: "jonas" }).map((n) => n.id)).toEqual(["3"]);
    expect(filterNotes(notes, { ...NO_FILTER, query: "été" }).map((n) => n.id)).toEqual(["4"]);
    expect(filterNotes(notes, { ...NO_FILTER, query: "  " })).toHaveLength(4);
  });
  it("filters starred notes and a table", () => {
    expect(filterNotes(notes, { ...NO_FILTER, starredOnly: true }).map((n) => n.id)).toEqual(["1"]);
    expect(filterNotes(notes, { ...NO_FILTER, tableId: "t1" }).map((n) => n.id)).toEqual(["1", "3", "4"]);
    expect(filterNotes(notes, { query: "budget", starredOnly: false, tableId: "t1" })).toEqual([]);
  });
});

describe("grouping and counts", () => {
  it("groups a round's notes by table, oldest first", () => {
    const g = byTable(notes, "r1");
    expect(g.get("t1")?.map((n) => n.id)).toEqual(["1", "4"]);
    expect(g.get("t2")?.map((n) => n.id)).toEqual(["2"]);
    expect(byTable(notes, "r2").get("t2")).toBeUndefined();
  });
  it("counts by round and by table", () => {
    expect(countByRound(notes).get("r1")).toBe(3);
    expect(countByRound(notes).get("r2")).toBe(1);
    expect(countByTable(notes, "r1").get("t1")).toBe(2);
    expect(countByTable(notes, "r2").get("t2")).toBeUndefined();
  });
  it("counts notes and stars", () => {
    expect(counts(notes)).toEqual({ notes: 4, starred: 1 });
    expect(countsText(counts(notes))).toBe("4 notes · 1 starred");
    expect(countsText({ notes: 1, starred: 0 })).toBe("1 note · 0 starred");
  });
  it("replaces a note in place or appends it", () => {
    const changed = upsert(notes, { ...notes[1]!, text: "x" });
    expect(changed.map((n) => n.id)).toEqual(["1", "2", "3", "4"]);
    expect(changed[1]?.text).toBe("x");
    expect(upsert(notes, note("5", "t2", "r2", "y")).map((n) => n.id)).toEqual(["1", "2", "3", "4", "5"]);
  });
});
