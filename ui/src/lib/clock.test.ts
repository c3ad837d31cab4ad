import { describe, expect, it } from "vitest";
import type { Clock } from "./api/bindings";
import {
  alertText,
  crossed,
  formatCountdown,
  formatMinutes,
  offsetOf,
  pages,
  phaseText,
  remainingAt,
  seatingRoundOf,
  stageKey,
  stageText,
  timeline,
  toneOf,
  totals,
} from "./clock";

function clock(over: Partial<Clock> = {}): Clock {
  return {
    cafe_id: "c",
    stage: "round",
    round_number: 2,
    round_id: "r2",
    rounds: 3,
    phase: "running",
    remaining_ms: 600_000,
    total_ms: 1_200_000,
    ends_at_ms: 1_000_600_000,
    server_now_ms: 1_000_000_000,
    warning: false,
    last_minute: false,
    warning_minutes: 2,
    ...over,
  };
}

describe("countdown", () => {
  it("counts against the server's time, whatever our own clock says", () => {
    const c = clock();
    // our clock is 5 s behind the server's
    const offset = offsetOf(c, 999_995_000);
    expect(offset).toBe(5_000);
    expect(remainingAt(c, offset, 999_995_000)).toBe(600_000);
    expect(remainingAt(c, offset, 1_000_055_000)).toBe(540_000);
    // past the end: 0, never negative
    expect(remainingAt(c, offset, 1_001_000_000)).toBe(0);
  });
  it("shows what the server said when not running", () => {
    const c = clock({ phase: "paused", ends_at_ms: null, remaining_ms: 61_000 });
    expect(remainingAt(c, 0, 5)).toBe(61_000);
    expect(remainingAt(c, 0, 9_999_999_999)).toBe(61_000);
  });
});

describe("formatting", () => {
  it("mm:ss and h:mm:ss", () => {
    expect(formatCountdown(1_200_000)).toBe("20:00");
    expect(formatCountdown(1_199_001)).toBe("20:00");
    expect(formatCountdown(1_199_000)).toBe("19:59");
    expect(formatCountdown(65_000)).toBe("01:05");
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(-5)).toBe("00:00");
    expect(formatCountdown(3_600_000)).toBe("1:00:00");
    expect(formatCountdown(3_725_000)).toBe("1:02:05");
  });
  it("lengths in words", () => {
    expect(formatMinutes(20 * 60_000)).toBe("20 min");
    expect(formatMinutes(60 * 60_000)).toBe("1 h");
    expect(formatMinutes(65 * 60_000)).toBe("1 h 5 min");
  });
});

describe("tone", () => {
  it("normal, warning, last minute, over, idle", () => {
    expect(toneOf(clock(), 600_000)).toBe("normal");
    expect(toneOf(clock(), 120_000)).toBe("warning");
    expect(toneOf(clock(), 60_000)).toBe("last");
    expect(toneOf(clock(), 0)).toBe("over");
    expect(toneOf(clock({ phase: "over" }), 0)).toBe("over");
    expect(toneOf(clock({ warning_minutes: 0 }), 90_000)).toBe("normal");
    expect(toneOf(clock({ stage: "not_started" }), 0)).toBe("idle");
    expect(toneOf(clock({ stage: "done" }), 0)).toBe("idle");
    expect(toneOf(clock({ phase: "planned" }), 30_000)).toBe("normal");
  });
});

describe("threshold crossing", () => {
  it("fires once when the warning and the end are passed", () => {
    expect(crossed(121_000, 120_000, 120_000)).toEqual(["warning"]);
    expect(crossed(120_000, 119_000, 120_000)).toEqual([]);
    expect(crossed(1_000, 0, 120_000)).toEqual(["end"]);
    expect(crossed(0, 0, 120_000)).toEqual([]);
    // both at once (e.g. a skip)
    expect(crossed(300_000, 0, 120_000)).toEqual(["end"]);
    expect(crossed(300_000, 100_000, 120_000)).toEqual(["warning"]);
  });
  it("not on the first reading (after a reload) nor when time is added", () => {
    expect(crossed(null, 100_000, 120_000)).toEqual([]);
    expect(crossed(null, 0, 120_000)).toEqual([]);
    expect(crossed(100_000, 160_000, 120_000)).toEqual([]);
  });
  it("no warning when there is none", () => {
    expect(crossed(121_000, 119_000, 0)).toEqual([]);
  });
  it("a stage is known by café, stage and round", () => {
    expect(stageKey(clock())).toBe("c|round|2");
    expect(stageKey(clock({ stage: "move" }))).not.toBe(stageKey(clock()));
  });
});

describe("words", () => {
  it("stage and phase", () => {
    expect(stageText(clock())).toBe("Round 2 of 3");
    expect(stageText(clock({ stage: "move", round_number: 3 }))).toBe("Moving to round 3");
    expect(stageText(clock({ stage: "not_started" }))).toBe("Ready to start");
    expect(stageText(clock({ stage: "done" }))).toBe("Café finished");
    expect(phaseText(clock(), 5)).toBe("Running");
    expect(phaseText(clock(), 0)).toBe("Time's up");
    expect(phaseText(clock({ phase: "paused" }), 5)).toBe("Paused");
  });
  it("notifications", () => {
    expect(alertText(clock(), "warning")).toBe("Round 2 ends in 2 minutes");
    expect(alertText(clock(), "end")).toBe("Round 2 is over");
    expect(alertText(clock({ warning_minutes: 1 }), "warning")).toBe("Round 2 ends in 1 minute");
    expect(alertText(clock({ stage: "move", round_number: 3 }), "end")).toBe("Time to start round 3");
  });
});

describe("timeline", () => {
  const cafe = {
    move_minutes: 2,
    rounds: [1, 2, 3].map((n) => ({ id: `r${n}`, number: n, question: `Q${n}`, duration_minutes: 20 })),
  };
  it("rounds and moves, done, now and next", () => {
    const t = timeline(cafe, clock());
    expect(t.map((s) => `${s.kind}${s.number}:${s.status}`)).toEqual([
      "round1:done",
      "move2:done",
      "round2:now",
      "move3:next",
      "round3:next",
    ]);
    expect(timeline(cafe, clock({ stage: "move", round_number: 3 }))[3]?.status).toBe("now");
    expect(timeline(cafe, clock({ stage: "not_started" })).every((s) => s.status === "next")).toBe(true);
    expect(timeline(cafe, clock({ stage: "done" })).every((s) => s.status === "done")).toBe(true);
    expect(timeline({ ...cafe, move_minutes: 0 }, null)).toHaveLength(3);
  });
  it("elapsed and remaining", () => {
    const t = timeline(cafe, clock());
    expect(totals(t, { total: 1_200_000, remaining: 600_000 })).toEqual({
      elapsed: 22 * 60_000 + 600_000,
      remaining: 600_000 + 22 * 60_000,
    });
    expect(totals(timeline(cafe, null), null)).toEqual({ elapsed: 0, remaining: 64 * 60_000 });
  });
});

describe("where do I sit", () => {
  it("the round people need a seat for", () => {
    expect(seatingRoundOf(clock({ stage: "not_started" }))).toBe(1);
    expect(seatingRoundOf(clock({ stage: "move", round_number: 3 }))).toBe(3);
    expect(seatingRoundOf(clock())).toBeNull();
    expect(seatingRoundOf(clock({ phase: "over" }))).toBe(3);
    expect(seatingRoundOf(clock({ phase: "over", round_number: 3 }))).toBeNull();
    expect(seatingRoundOf(clock({ phase: "planned" }))).toBe(2);
    expect(seatingRoundOf(clock({ stage: "done" }))).toBeNull();
  });
  it("pages", () => {
    expect(pages([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages([], 4)).toEqual([[]]);
    expect(pages([1, 2], 0)).toEqual([[1], [2]]);
  });
});
