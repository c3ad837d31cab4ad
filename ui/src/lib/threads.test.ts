import { describe, expect, it } from "vitest";
import type { Note, Table, ThreadBoard, ThreadView } from "./api/bindings";
import { foundSummary, gatherTitle, highlight, matchesSearch, matrix, searchWords, sections, threadFigures } from "./threads";

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
  function check(text: string, query: string, expected: string) {
    const words = searchWords(query);
    const shown = highlight(text, words)
      .map((p) => (p.hit ? `[${p.text}]` : p.text))
      .join("");
    expect(shown, `${query} in ${text}`).toBe(expected);
    expect(matchesSearch(text, words)).toBe(expected.includes("[") && words.every((w) => w !== ""));
  }

  it("finds every word anywhere, without case or accents", () => {
    check("Parking for volunteers", "park", "[Park]ing for volunteers");
    check("Kein Parkplatz am Museum", "PARK museum", "Kein [Park]platz am [Museum]");
    check("Café closes at 6pm", "cafe", "[Café] closes at 6pm");
    check("pause café trop courte", "CAFÉ", "pause [café] trop courte");
    check("Ärger mit Lärm", "larm", "Ärger mit [Lärm]");
  });

  it("needs all the words", () => {
    const words = searchWords("parking volunteers");
    expect(matchesSearch("Parking for volunteers", words)).toBe(true);
    expect(matchesSearch("Parking for visitors", words)).toBe(false);
  });

  it("marks every place and keeps the text as it is", () => {
    check("book a book", "book", "[book] a [book]");
    check("aaa", "aa", "[aaa]");
    check("<script>alert(1)</script>", "script", "<[script]>alert(1)</[script]>");
    check("emoji 🚲 bike", "bike", "emoji 🚲 [bike]");
    check("Straße", "straße", "[Straße]");
  });

  it("finds nothing for an empty search", () => {
    expect(searchWords("   ")).toEqual([]);
    expect(matchesSearch("anything", [])).toBe(false);
    expect(highlight("anything", [])).toEqual([{ text: "anything", hit: false }]);
    expect(highlight("", searchWords("x"))).toEqual([{ text: "", hit: false }]);
  });

  it("says where the notes are", () => {
    expect(foundSummary(" park ", 0, 0, 0)).toBe("No note says “park”.");
    expect(foundSummary("park", 7, 3, 2)).toBe("7 notes: 5 in 3 threads, 2 not in a thread");
    expect(foundSummary("park", 1, 1, 0)).toBe("1 note: 1 in 1 thread");
    expect(foundSummary("park", 2, 0, 2)).toBe("2 notes: 2 not in a thread");
    expect(foundSummary("park", 1, 0, 0)).toBe("1 note, not looked at yet");
  });

  it("titles a gathered thread as typed, with a capital", () => {
    expect(gatherTitle("  parking   permits ")).toBe("Parking permits");
    expect(gatherTitle("élan")).toBe("Élan");
    expect(gatherTitle("AI")).toBe("AI");
  });
});
