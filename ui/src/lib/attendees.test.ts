import { describe, expect, it } from "vitest";
import type { Attendee, Table } from "./api/bindings";
import { buildRows, filterRows, fold, hostChoices, sortRows } from "./attendees";

const a = (id: string, name: string, organisation: string | null, role: "host" | "traveller" = "traveller", table: string | null = null): Attendee => ({
  id,
  name,
  organisation,
  email: `${id}@example.org`,
  role,
  hosts_table_id: table,
});

const tables: Table[] = [{ id: "t1", number: 1, name: "Open science", capacity: 6, topic: null, host_id: "1", host: "Chloé Dubois" }];
const people = [
  a("1", "Chloé Dubois", "Bibliothèque publique", "host", "t1"),
  a("2", "amara Okafor", "National Library of Nigeria"),
  a("3", "Zanele Dlamini", null),
];

describe("attendee list", () => {
  it("folds accents and case", () => {
    expect(fold("Chloé KÖLN")).toBe("chloe koln");
  });

  it("searches every word in any field", () => {
    const rows = buildRows(people, tables);
    expect(rows[0]?.tableName).toBe("Open science");
    expect(filterRows(rows, "chloe").map((r) => r.attendee.id)).toEqual(["1"]);
    expect(filterRows(rows, "library nigeria").map((r) => r.attendee.id)).toEqual(["2"]);
    expect(filterRows(rows, "open science").map((r) => r.attendee.id)).toEqual(["1"]);
    expect(filterRows(rows, "  ").length).toBe(3);
    expect(filterRows(rows, "nobody").length).toBe(0);
  });

  it("sorts with empty values last", () => {
    const rows = buildRows(people, tables);
    expect(sortRows(rows, "name", "asc").map((r) => r.attendee.id)).toEqual(["2", "1", "3"]);
    expect(sortRows(rows, "name", "desc").map((r) => r.attendee.id)).toEqual(["3", "1", "2"]);
    expect(sortRows(rows, "organisation", "asc").map((r) => r.attendee.id)).toEqual(["1", "2", "3"]);
    expect(sortRows(rows, "organisation", "desc").map((r) => r.attendee.id)).toEqual(["2", "1", "3"]);
    expect(sortRows(rows, "role", "asc").map((r) => r.attendee.id)).toEqual(["1", "2", "3"]);
  });

  it("offers hosts first", () => {
    const { hosts, others } = hostChoices(people);
    expect(hosts.map((h) => h.id)).toEqual(["1"]);
    expect(others.map((h) => h.id)).toEqual(["2", "3"]);
  });

  it("stays fast with 10,000 attendees", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => a(String(i), `Person ${i}`, `Org ${i % 97}`));
    const t0 = performance.now();
    const rows = buildRows(many, []);
    sortRows(filterRows(rows, "org 5"), "organisation", "asc");
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
