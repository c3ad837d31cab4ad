import { describe, expect, it } from "vitest";
import type { Note, Table, ThreadBoard, ThreadView } from "./api/bindings";
import { matrix, sections, threadFigures } from "./threads";

function thread(id: string, notes: string[], extra: Partial<ThreadView> = {}): ThreadView {
  return {
    id,
    title: id,
    synthesis: "",
    keywords: [],
    curated: false,
    pinned: false,
    hidden: false,
    common: true,
    notes,
    tables: [],
    rounds: [],
    strands: [],
    ...extra,
  };
}

function note(id: string, table_id: string): Note {
  return { id, table_id, round_id: "r1", text: id, author: null, starred: false, created_at: "", updated_at: "" };
}

function table(id: string, number: number): Table {
  return { id, number, name: `Table ${number}`, capacity: 6, topic: null, host_id: null, host: null };
}

describe("matrix", () => {
  it("counts each thread's notes per table, in table order", () => {
    const tables = [table("a", 1), table("b", 2), table("c", 3)];
    const notes = [note("n1", "a"), note("n2", "c"), note("n3", "c"), note("n4", "b")];
    const rows = matrix([thread("t1", ["n1", "n2", "n3"]), thread("t2", ["n4", "gone"])], tables, notes);
    expect(rows.map((r) => r.counts)).toEqual([
      [1, 0, 2],
      [0, 1, 0],
    ]);
  });
});

describe("threadFigures", () => {
  const check = (t: ThreadView, expected: string) => expect(threadFigures(t)).toBe(expected);
  it("says notes, tables and rounds", () => {
    check(thread("t", ["a"], { tables: ["x"], rounds: [2] }), "1 note · 1 table · round 2");
    check(thread("t", ["a", "b", "c"], { tables: ["x", "y"], rounds: [1, 2, 3] }), "3 notes · 2 tables · rounds 1–3");
    check(thread("t", ["a", "b"], { tables: ["x", "y"], rounds: [1, 3] }), "2 notes · 2 tables · rounds 1, 3");
    check(thread("t", [], {}), "0 notes · 0 tables");
  });
});

describe("sections", () => {
  it("puts hidden threads aside and keeps the order", () => {
    const board: ThreadBoard = {
      cafe_id: "c",
      threads: [thread("p", [], { pinned: true }), thread("h", [], { hidden: true }), thread("x", [])],
      unthreaded: [],
      fresh: [],
      min_tables: 2,
    };
    const s = sections(board);
    expect(s.shown.map((t) => t.id)).toEqual(["p", "x"]);
    expect(s.hidden.map((t) => t.id)).toEqual(["h"]);
    expect(sections(null)).toEqual({ shown: [], hidden: [] });
  });
});
