import { describe, expect, it } from "vitest";
import type { Note, NoteSearch, Table, ThreadBoard, ThreadView } from "./api/bindings";
import { boardSearch, foundSummary, gatherTitle, highlight, matrix, minTablesChoices, otherWordsLabel, projectedThreads, sections, threadFigures } from "./threads";

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

describe("search on the board", () => {
  function marked(text: string, marks: string[]): string {
    return highlight(text, marks)
      .map((p) => (p.hit ? `[${p.text}]` : p.text))
      .join("");
  }

  it("marks the stretches the search names, case and accents aside", () => {
    expect(marked("Kein Parkplatz am Museum", ["Park"])).toBe("Kein [Park]platz am Museum");
    expect(marked("book a book", ["book"])).toBe("[book] a [book]");
    expect(marked("Ärger mit LÄRM", ["LÄRM"])).toBe("Ärger mit [LÄRM]");
    // A note in decomposed form is marked from the composed mark the backend sends.
    expect(marked("La\u0308rm nachts", ["Lärm"])).toBe("[La\u0308rm] nachts");
    expect(marked("ΔΡΟΜΟΣ κλειστός", ["ΔΡΟΜΟΣ"])).toBe("[ΔΡΟΜΟΣ] κλειστός");
    expect(marked("emoji 🚲 bike", ["🚲"])).toBe("emoji [🚲] bike");
    expect(marked("한국어 노트", ["한국"])).toBe("[한국]어 노트");
    // The backend marks the text without its soft hyphens.
    expect(marked("Bib\u00ADlio\u00ADthek", ["Bibliothek"])).toBe("[Bib\u00ADlio\u00ADthek]");
  });

  it("keeps the text as it is", () => {
    expect(marked("<script>alert(1)</script>", ["script"])).toBe("<[script]>alert(1)</[script]>");
    expect(highlight("anything", [])).toEqual([{ text: "anything", hit: false }]);
    expect(highlight("", ["x"])).toEqual([{ text: "", hit: false }]);
  });

  const board: ThreadBoard = {
    cafe_id: "c",
    threads: [thread("a", ["n1", "n2"]), thread("b", ["n3"]), thread("h", ["n4"], { hidden: true })],
    unthreaded: ["n5"],
    fresh: ["n6"],
    min_tables: 2,
  };
  const result: NoteSearch = {
    query: "wait",
    found: ["n1", "n4", "n5", "n6"].map((note_id) => ({ note_id, marks: ["wait"], other_words: [] })),
    related: [
      { note_id: "n3", marks: ["Queue"], other_words: ["Queue"] },
      { note_id: "n2", marks: ["queue", "delay"], other_words: ["queue", "delay"] },
      // In a hidden thread: not on the board, so neither counted nor named.
      { note_id: "n4", marks: ["Lärm"], other_words: ["Lärm"] },
    ],
  };

  it("counts what is on the board: not hidden threads, not notes still being looked at", () => {
    const s = boardSearch(board, result, true);
    expect([...s.hits.keys()].sort()).toEqual(["n1", "n2", "n3", "n5"]);
    expect(s.hits.get("n3")).toEqual({ marks: ["Queue"], related: true });
    expect([s.found, s.related, s.threads, s.outside]).toEqual([2, 2, 2, 1]);
    expect(s.otherWords).toEqual(["Queue", "delay"]);
    expect(foundSummary("wait", s)).toBe("4 notes: 3 in 2 threads, 1 not in a thread");
    const exact = boardSearch(board, result, false);
    expect([...exact.hits.keys()].sort()).toEqual(["n1", "n5"]);
    expect(exact.related).toBe(2);
    expect(exact.otherWords).toEqual(["Queue", "delay"]);
    expect(foundSummary(" wait ", boardSearch(board, { ...result, found: [], related: [] }, true))).toBe(
      "No note on the board says “wait”.",
    );
  });

  it("says which other words the related notes use", () => {
    expect(otherWordsLabel(1, ["queue"], true)).toBe("including 1 that says it in other words: queue");
    expect(otherWordsLabel(6, ["a", "b", "c", "d", "e"], false)).toBe("6 more say it in other words: a, b, c, d, …");
    expect(otherWordsLabel(2, [], true)).toBe("including 2 that say it in other words");
  });

  it("titles a gathered thread as typed, with a capital, within a title's length", () => {
    expect(gatherTitle("  parking   permits ")).toBe("Parking permits");
    expect(gatherTitle("élan")).toBe("Élan");
    expect(gatherTitle("AI")).toBe("AI");
    expect(Array.from(gatherTitle("ß" + "x".repeat(119)))).toHaveLength(120);
  });
});

describe("common at N tables", () => {
  it("offers up to half the tables of a large café, at most 12, and keeps the current setting", () => {
    expect(minTablesChoices(4, 2)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(minTablesChoices(18, 2)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(minTablesChoices(60, 3)).toHaveLength(12);
    expect(minTablesChoices(6, 20)).toEqual([1, 2, 3, 4, 5, 6, 20]);
  });
});

describe("threads on the projector", () => {
  it("shows what the summary shows, in the board's order", () => {
    const board: ThreadBoard = {
      cafe_id: "c",
      threads: [
        thread("pinned", ["n1"], { pinned: true }),
        thread("common", ["n2", "n3"]),
        thread("hidden", ["n4"], { hidden: true }),
        thread("one table", ["n5"], { common: false }),
        thread("curated", ["n6"], { common: false, curated: true }),
        thread("empty", [], { curated: true }),
        thread("said", [], { curated: true, synthesis: "Only words." }),
      ],
      unthreaded: [],
      fresh: [],
      min_tables: 2,
    };
    expect(projectedThreads(board).map((t) => t.id)).toEqual(["pinned", "common", "curated", "said"]);
    expect(projectedThreads(null)).toEqual([]);
  });
});
