// Searching and sorting a café's attendee list (fast enough for tens of thousands of people).
import type { Attendee, Table } from "./api/bindings";

export type SortKey = "name" | "organisation" | "email" | "role" | "table";
export type SortDir = "asc" | "desc";

export interface AttendeeRow {
  attendee: Attendee;
  /** The name of the table this attendee hosts. */
  tableName: string | null;
  /** Folded text of name, organisation, e-mail and table, for search. */
  haystack: string;
}

/** Lower case without accents: `Chloé Dubois` → `chloe dubois`. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export function buildRows(attendees: readonly Attendee[], tables: readonly Table[]): AttendeeRow[] {
  const tableNames = new Map(tables.map((t) => [t.id, t.name]));
  return attendees.map((attendee) => {
    const tableName = attendee.hosts_table_id ? (tableNames.get(attendee.hosts_table_id) ?? null) : null;
    return {
      attendee,
      tableName,
      haystack: fold([attendee.name, attendee.organisation ?? "", attendee.email ?? "", tableName ?? ""].join("\u0001")),
    };
  });
}

/** The rows that hold every word of `query` (in any field). */
export function filterRows(rows: readonly AttendeeRow[], query: string): readonly AttendeeRow[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => words.every((w) => r.haystack.includes(w)));
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function sortValue(row: AttendeeRow, key: SortKey): string {
  switch (key) {
    case "name":
      return row.attendee.name;
    case "organisation":
      return row.attendee.organisation ?? "";
    case "email":
      return row.attendee.email ?? "";
    case "role":
      return row.attendee.role === "host" ? "0" : "1";
    case "table":
      return row.tableName ?? "";
  }
}

/** Sorted by `key` (empty values last either way), then by name. */
export function sortRows(rows: readonly AttendeeRow[], key: SortKey, dir: SortDir): AttendeeRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === "" && vb !== "") return 1;
    if (vb === "" && va !== "") return -1;
    const c = collator.compare(va, vb) * sign;
    return c !== 0 ? c : collator.compare(a.attendee.name, b.attendee.name);
  });
}

/** The attendees to offer as a table's host: hosts first, then everyone else, each by name. */
export function hostChoices(attendees: readonly Attendee[]): { hosts: Attendee[]; others: Attendee[] } {
  const byName = (a: Attendee, b: Attendee) => collator.compare(a.name, b.name);
  return {
    hosts: attendees.filter((a) => a.role === "host").sort(byName),
    others: attendees.filter((a) => a.role !== "host").sort(byName),
  };
}
