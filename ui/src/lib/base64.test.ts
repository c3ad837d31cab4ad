import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, textToBase64 } from "./base64";

describe("base64", () => {
  it("encodes text as UTF-8", () => {
    expect(textToBase64("")).toBe("");
    expect(textToBase64("Name\n")).toBe("TmFtZQo=");
    expect(textToBase64("Café")).toBe("Q2Fmw6k=");
    expect(new TextDecoder().decode(base64ToBytes(textToBase64("Chloé;Köln\tŁódź 🙂")))).toBe("Chloé;Köln\tŁódź 🙂");
  });

  it("round-trips large binary data", () => {
    const bytes = new Uint8Array(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 256;
    const back = base64ToBytes(bytesToBase64(bytes));
    expect(back.length).toBe(bytes.length);
    expect(back.every((b, i) => b === bytes[i])).toBe(true);
  });
});
