import { describe, expect, it } from "vitest";
import {
  delimiterName,
  formatDate,
  formatDuration,
  formatName,
  formatOffset,
  formatRelative,
  initials,
  parseIsoDate,
  plural,
  schedule,
} from "./format";

describe("dates", () => {
  it("parses calendar dates and rejects others", () => {
    expect(parseIsoDate("2026-08-24")?.toISOString()).toBe("2026-08-24T00:00:00.000Z");
    expect(parseIsoDate("2026-02-30")).toBeNull();
    expect(parseIsoDate("24.08.2026")).toBeNull();
    expect(parseIsoDate(null)).toBeNull();
  });

  it("formats a date without shifting it", () => {
    expect(formatDate("2026-08-24")).toBe("Mon, 24 Aug 2026");
    expect(formatDate("2026-01-01")).toBe("Thu, 1 Jan 2026");
    expect(formatDate(null)).toBe("No date set");
    expect(formatDate("soon")).toBe("soon");
  });

  it("says how long ago", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(formatRelative("2026-11-28T11:59:50Z", now)).toBe("just now");
    expect(formatRelative("2026-11-28T11:55:00Z", now)).toBe("5 min ago");
    expect(formatRelative("2026-11-28T09:00:00Z", now)).toBe("3 h ago");
    expect(formatRelative("2026-11-24T12:00:00Z", now)).toBe("4 days ago");
    expect(formatRelative("2026-10-01T12:00:00Z", now)).toMatch(/Oct 2026/);
    expect(formatRelative("not a date", now)).toBe("not a date");
  });
});

describe("durations", () => {
  it("formats minutes", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(60)).toBe("1 h");
    expect(formatDuration(70)).toBe("1 h 10 min");
    expect(formatDuration(125)).toBe("2 h 5 min");
  });

  it("formats offsets", () => {
    expect(formatOffset(0)).toBe("0:00");
    expect(formatOffset(65)).toBe("1:05");
  });
});

describe("counts and names", () => {
  it("pluralises", () => {
    expect(plural(1, "round")).toBe("1 round");
    expect(plural(0, "round")).toBe("0 rounds");
    expect(plural(3, "café", "cafés")).toBe("3 cafés");
    expect(plural(10000, "attendee")).toBe("10000 attendees");
  });

  it("names formats and separators", () => {
    expect(formatName("world_cafe")).toBe("World Café");
    expect(formatName("knowledge_cafe")).toBe("Knowledge Café");
    expect(delimiterName(";")).toBe("Semicolon");
    expect(delimiterName("\t")).toBe("Tab");
    expect(delimiterName(",")).toBe("Comma");
  });

  it("makes initials", () => {
    expect(initials("Amara Okafor")).toBe("AO");
    expect(initials("  Jean-Baptiste   de Koné ")).toBe("JK");
    expect(initials("Marta")).toBe("M");
    expect(initials("")).toBe("?");
  });
});

describe("schedule", () => {
  it("adds the moves between rounds, not after the last", () => {
    const { items, total } = schedule([20, 20, 20], 2);
    expect(total).toBe(64);
    expect(items.map((i) => `${i.kind}${i.number}@${i.start}-${i.end}`)).toEqual([
      "round1@0-20",
      "move2@20-22",
      "round2@22-42",
      "move3@42-44",
      "round3@44-64",
    ]);
  });

  it("handles no moves and no rounds", () => {
    expect(schedule([30, 15], 0).total).toBe(45);
    expect(schedule([], 5)).toEqual({ items: [], total: 0 });
  });
});
