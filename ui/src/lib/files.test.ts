import { describe, expect, it } from "vitest";
import { fileName, safeFileName } from "./files";

describe("files", () => {
  it("makes titles safe as file names", () => {
    expect(safeFileName('Q&A: "what now?" 1/2', "café")).toBe("Q&A what now 1 2");
    expect(safeFileName(" <|> ", "café")).toBe("café");
  });
  it("names the saved file", () => {
    expect(fileName("/home/kim/summary.pdf")).toBe("summary.pdf");
    expect(fileName("C:\\Users\\kim\\notes.csv")).toBe("notes.csv");
    expect(fileName("plain.md")).toBe("plain.md");
  });
});
