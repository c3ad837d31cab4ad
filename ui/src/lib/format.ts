// Small, pure formatting helpers: dates, durations, counts, the rounds schedule. English UI text.

const LOCALE = "en-GB";

/** Parses `YYYY-MM-DD` as a calendar date (no time zone shift); null when it is not one. */
export function parseIsoDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

const longDate = new Intl.DateTimeFormat(LOCALE, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** `2026-08-24` → `Mon, 24 Aug 2026`; no date → `No date set`; anything else is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "No date set";
  const date = parseIsoDate(iso);
  return date ? longDate.format(date) : iso;
}

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const shortDate = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", year: "numeric" });

/** An RFC 3339 instant as `24 Aug 2026, 14:05` in local time. */
export function formatDateTime(instant: string): string {
  const t = Date.parse(instant);
  return Number.isNaN(t) ? instant : dateTime.format(new Date(t));
}

/** How long ago an RFC 3339 instant was: `just now`, `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`, else a date. */
export function formatRelative(instant: string, now: Date = new Date()): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return instant;
  const seconds = Math.round((now.getTime() - t) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const then = new Date(t);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const startOfThen = new Date(then.getFullYear(), then.getMonth(), then.getDate()).getTime();
  const days = Math.round((startOfToday - startOfThen) / 86_400_000);
  if (days <= 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return shortDate.format(then);
}

/** Minutes as `45 min`, `1 h`, `1 h 10 min`. */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest} min`;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** An offset in minutes as a clock-like `0:00`, `1:05`. */
export function formatOffset(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

/** `1 round`, `3 rounds`; `plural(2, "café", "cafés")`. */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The words for a café's format. */
export function formatName(format: "world_cafe" | "knowledge_cafe"): string {
  return format === "world_cafe" ? "World Café" : "Knowledge Café";
}

/** `,` → `Comma`, `;` → `Semicolon`, tab → `Tab`. */
export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ",":
      return "Comma";
    case ";":
      return "Semicolon";
    case "\t":
    case "\\t":
    case "tab":
      return "Tab";
    default:
      return JSON.stringify(delimiter);
  }
}

export interface ScheduleItem {
  kind: "round" | "move";
  /** The round's number (for a move: the round it leads to). */
  number: number;
  start: number;
  end: number;
}

/** The café's plan: each round and the move after it (none after the last), as minute offsets from the start. */
export function schedule(durations: readonly number[], moveMinutes: number): { items: ScheduleItem[]; total: number } {
  const items: ScheduleItem[] = [];
  let t = 0;
  durations.forEach((d, i) => {
    const minutes = Math.max(0, d);
    items.push({ kind: "round", number: i + 1, start: t, end: t + minutes });
    t += minutes;
    if (i < durations.length - 1 && moveMinutes > 0) {
      items.push({ kind: "move", number: i + 2, start: t, end: t + moveMinutes });
      t += moveMinutes;
    }
  });
  return { items, total: t };
}

/** Initials for an avatar: `Amara Okafor` → `AO`, `Marta` → `M`. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}
