import { describe, expect, it } from "vitest";
import { parseCount } from "./numbers";

describe("parseCount", () => {
  it("reads whole numbers only", () => {
    expect(parseCount("12")).toBe(12);
    expect(parseCount(" 0 ")).toBe(0);
    expect(parseCount(7)).toBe(7);
    expect(parseCount("")).toBeNull();
    expect(parseCount("-1")).toBeNull();
    expect(parseCount("2.5")).toBeNull();
    expect(parseCount("1e3")).toBeNull();
    expect(parseCount(2.5)).toBeNull();
    expect(parseCount(null)).toBeNull();
  });
});
