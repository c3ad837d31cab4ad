// Turning a failed command into something to show: a message at the input it concerns, or a banner.
import { toApiError } from "./api/transport";
import type { ApiError } from "./api/transport";

export type FieldErrors = Record<string, string>;

/** Starts a message with a capital letter and ends it with a full stop. */
export function sentence(message: string): string {
  const text = message.trim();
  if (text === "") return text;
  const first = text[0] ?? "";
  const capital = first.toUpperCase() + text.slice(1);
  return /[.!?…:)"”]$/.test(capital) ? capital : `${capital}.`;
}

/** The API's field name without list positions: `rounds[2].duration_minutes` → `rounds[].duration_minutes`. */
export function fieldPattern(field: string): string {
  return field.replace(/\[\d+\]/g, "[]");
}

/** The position in a field name, 1-based as the API counts: `rounds[2].duration_minutes` → 2. */
export function fieldIndex(field: string): number | null {
  const m = /\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : null;
}

/**
 * Which of a form's inputs an error's `field` names: the exact name, else the name without list positions, else
 * the name without a leading object (`details.title` → `title`), else its last part. Null when none fits.
 */
export function matchField(field: string | null, known: readonly string[]): string | null {
  if (!field) return null;
  const candidates = [field, fieldPattern(field)];
  const dot = field.indexOf(".");
  if (dot > 0) candidates.push(field.slice(dot + 1), fieldPattern(field.slice(dot + 1)));
  const last = field.split(".").pop();
  if (last) candidates.push(last);
  for (const c of candidates) if (known.includes(c)) return c;
  return null;
}

export interface Placed {
  error: ApiError;
  /** The form input the error belongs to, if any. */
  field: string | null;
  message: string;
}

/** Places an error: at one of `known` inputs when its field names one, else for a banner. */
export function placeError(raw: unknown, known: readonly string[]): Placed {
  const error = toApiError(raw);
  const field = matchField(error.field, known);
  return { error, field, message: sentence(error.message) };
}
