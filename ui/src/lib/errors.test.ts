import { describe, expect, it } from "vitest";
import { fieldIndex, fieldPattern, matchField, placeError, sentence } from "./errors";
import { BackendError, toApiError } from "./api/transport";

describe("errors", () => {
  it("normalises anything into an ApiError", () => {
    expect(toApiError("boom")).toEqual({ code: "internal", message: "boom", field: null, row: null, column: null });
    expect(toApiError({ code: "not_found", message: "no such café", field: null, row: null, column: null }).code).toBe(
      "not_found",
    );
    expect(toApiError({ code: "weird", message: "x" }).code).toBe("internal");
    expect(toApiError('{"code":"invalid_input","message":"bad","field":"title"}')).toEqual({
      code: "invalid_input",
      message: "bad",
      field: "title",
      row: null,
      column: null,
    });
    expect(toApiError(new Error("plain")).message).toBe("plain");
    expect(toApiError(undefined).message).toBe("Something went wrong.");
    const e = new BackendError({ code: "csv_invalid", message: "row 3: bad", field: null, row: 3, column: "B" });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe("row 3: bad");
    expect(toApiError(e)).toEqual({ code: "csv_invalid", message: "row 3: bad", field: null, row: 3, column: "B" });
  });

  it("maps fields to inputs", () => {
    expect(fieldPattern("rounds[2].duration_minutes")).toBe("rounds[].duration_minutes");
    expect(fieldIndex("tables[12].name")).toBe(12);
    expect(fieldIndex("title")).toBeNull();
    const known = ["title", "rounds[].duration_minutes", "rounds", "email"];
    expect(matchField("title", known)).toBe("title");
    expect(matchField("rounds[2].duration_minutes", known)).toBe("rounds[].duration_minutes");
    expect(matchField("details.title", known)).toBe("title");
    expect(matchField("attendee.email", known)).toBe("email");
    expect(matchField("venue", known)).toBeNull();
    expect(matchField(null, known)).toBeNull();
  });

  it("writes messages as sentences", () => {
    expect(sentence("a round lasts from 1 to 240 minutes")).toBe("A round lasts from 1 to 240 minutes.");
    expect(sentence("The title is required.")).toBe("The title is required.");
    const placed = placeError({ code: "invalid_input", message: "the name is required", field: "name" }, ["name"]);
    expect(placed.field).toBe("name");
    expect(placed.message).toBe("The name is required.");
  });
});
