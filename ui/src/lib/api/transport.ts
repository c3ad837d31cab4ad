// The one place that talks to the desktop shell: every command goes through the single Tauri command `api` as
// `{ command, request }`, and whatever a failure comes back as is turned into an `ApiError`.
import { invoke } from "@tauri-apps/api/core";

import { ERROR_CODES } from "./bindings";
import type { ApiError, ErrorCode } from "./bindings";
export type { ApiError, ErrorCode };


/** A failed command, carrying the backend's error fields; `message` is readable as it is. */
export class BackendError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly field: string | null;
  readonly row: number | null;
  readonly column: string | null;

  constructor(error: ApiError) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
    this.field = error.field;
    this.row = error.row;
    this.column = error.column;
  }

  /** The plain error object, as the backend sent it. */
  toJSON(): ApiError {
    return { code: this.code, message: this.message, field: this.field, row: this.row, column: this.column };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function optionalNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Makes an `ApiError` of whatever a rejected `invoke` gave: the backend's error object, a JSON string of it, a
 * plain message or anything else (those become code `internal`). */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof BackendError) return raw.toJSON();
  if (typeof raw === "string") {
    const text = raw.trim();
    if (text.startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isRecord(parsed) && typeof parsed.message === "string") return toApiError(parsed);
      } catch {
        // not JSON: a plain message
      }
    }
    return { code: "internal", message: text || "Something went wrong.", field: null, row: null, column: null };
  }
  if (isRecord(raw)) {
    const code = ERROR_CODES.includes(raw.code as ErrorCode) ? (raw.code as ErrorCode) : "internal";
    let message = typeof raw.message === "string" && raw.message.trim() !== "" ? raw.message : null;
    if (message === null) message = raw instanceof Error ? raw.message || String(raw) : "Something went wrong.";
    return {
      code,
      message,
      field: optionalString(raw.field),
      row: optionalNumber(raw.row),
      column: optionalString(raw.column),
    };
  }
  return {
    code: "internal",
    message: raw === undefined || raw === null ? "Something went wrong." : String(raw),
    field: null,
    row: null,
    column: null,
  };
}

/** Runs one API command in the desktop shell. Rejects with a `BackendError`. */
export async function call<T>(command: string, request: unknown): Promise<T> {
  try {
    return await invoke<T>("api", { command, request });
  } catch (raw) {
    throw new BackendError(toApiError(raw));
  }
}
