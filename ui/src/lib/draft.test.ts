import { describe, expect, it } from "vitest";
import { Draft } from "./draft.svelte";

describe("Draft", () => {
  it("follows the stored value until edited", () => {
    const d = new Draft("a");
    expect(d.dirty).toBe(false);
    d.sync("b");
    expect(d.value).toBe("b");
    d.value = "typed";
    expect(d.dirty).toBe(true);
    d.sync("c");
    expect(d.value).toBe("typed");
    expect(d.stored).toBe("c");
    d.reset();
    expect(d.value).toBe("c");
    expect(d.dirty).toBe(false);
  });

  it("syncs objects field by field", () => {
    const d = new Draft({ title: "T", venue: "V" });
    d.value.venue = "typed";
    d.sync({ title: "T2", venue: "V" });
    expect(d.value).toEqual({ title: "T2", venue: "typed" });
    expect(d.dirty).toBe(true);
    d.commit({ title: "T2", venue: "typed" });
    expect(d.dirty).toBe(false);
  });
});
