// The UI's only way to the backend: typed wrappers around the generated commands, plus the change events the
// desktop shell emits after every store write. Components import from here, never from @tauri-apps/api.
import { listen } from "@tauri-apps/api/event";
import { WebviewWindow } from "@tauri-apps/api/webviewWindow";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";
import { save } from "@tauri-apps/plugin-dialog";
import { openPath, revealItemInDir } from "@tauri-apps/plugin-opener";
import * as api from "./api/commands";
import type {
  AppInfo,
  AttendeeInput,
  Cafe,
  CafeDetails,
  CafeSummary,
  Change,
  Clock,
  ClockCommand,
  ColumnMapping,
  ImportPreview,
  ImportReport,
  NewCafe,
  Note,
  NotesImported,
  RoundInput,
  SeatingPlan,
  SeatingStats,
  SeatingExport,
  PaperSize,
  ExportedFile,
  LanStatus,
  TableInput,
  NoteSearch,
  ThreadBoard,
  HarvestFormat,
  HarvestSections,
  CongressRequest,
} from "./api/bindings";

export type * from "./api/bindings";
export { BackendError, toApiError } from "./api/transport";
export type { ApiError, ErrorCode } from "./api/transport";

/** The Tauri event that carries `Change[]` after store writes. */
export const CHANGES_EVENT = "cafe://changes";

export const backend = {
  listCafes: (): Promise<CafeSummary[]> => api.listCafes({}),
  getCafe: (id: string): Promise<Cafe> => api.getCafe({ id }),
  newCafeTemplate: (): Promise<NewCafe> => api.newCafeTemplate({}),
  createCafe: (cafe: NewCafe): Promise<Cafe> => api.createCafe(cafe),
  updateCafe: (id: string, details: CafeDetails): Promise<Cafe> => api.updateCafe({ id, details }),
  duplicateCafe: (id: string, title: string, includeAttendees: boolean): Promise<Cafe> =>
    api.duplicateCafe({ id, title, include_attendees: includeAttendees }),
  deleteCafe: async (id: string): Promise<void> => {
    await api.deleteCafe({ id });
  },
  createDemoCafe: (): Promise<Cafe> => api.createDemoCafe({}),
  createExampleCafe: (): Promise<Cafe> => api.createExampleCafe({}),

  addRound: (cafeId: string, round: RoundInput): Promise<Cafe> => api.addRound({ cafe_id: cafeId, round }),
  updateRound: (id: string, round: RoundInput): Promise<Cafe> => api.updateRound({ id, round }),
  moveRound: (id: string, toNumber: number): Promise<Cafe> => api.moveRound({ id, to_number: toNumber }),
  deleteRound: (id: string): Promise<Cafe> => api.deleteRound({ id }),

  addTable: (cafeId: string, table: TableInput): Promise<Cafe> => api.addTable({ cafe_id: cafeId, table }),
  updateTable: (id: string, table: TableInput): Promise<Cafe> => api.updateTable({ id, table }),
  moveTable: (id: string, toNumber: number): Promise<Cafe> => api.moveTable({ id, to_number: toNumber }),
  deleteTable: (id: string): Promise<Cafe> => api.deleteTable({ id }),

  addAttendee: (cafeId: string, attendee: AttendeeInput): Promise<Cafe> =>
    api.addAttendee({ cafe_id: cafeId, attendee }),
  updateAttendee: (id: string, attendee: AttendeeInput): Promise<Cafe> => api.updateAttendee({ id, attendee }),
  deleteAttendee: (id: string): Promise<Cafe> => api.deleteAttendee({ id }),

  previewAttendeeImport: (dataBase64: string): Promise<ImportPreview> =>
    api.previewAttendeeImport({ data_base64: dataBase64 }),
  importAttendees: (cafeId: string, dataBase64: string, mapping: ColumnMapping | null): Promise<ImportReport> =>
    api.importAttendees({ cafe_id: cafeId, data_base64: dataBase64, mapping }),

  getSeating: (cafeId: string): Promise<SeatingPlan> => api.getSeating({ id: cafeId }),
  /** Makes the plan: every round, or the rounds from `fromRound` (1-based) on. */
  planSeating: (cafeId: string, fromRound: number | null = null): Promise<SeatingPlan> =>
    api.planSeating({ cafe_id: cafeId, from_round: fromRound, time_limit_ms: null }),
  moveSeat: (roundId: string, attendeeId: string, tableId: string): Promise<SeatingPlan> =>
    api.moveSeat({ round_id: roundId, attendee_id: attendeeId, table_id: tableId }),
  previewMoveSeat: (roundId: string, attendeeId: string, tableId: string): Promise<SeatingStats> =>
    api.previewMoveSeat({ round_id: roundId, attendee_id: attendeeId, table_id: tableId }),
  lockSeat: (roundId: string, attendeeId: string, locked: boolean): Promise<SeatingPlan> =>
    api.lockSeat({ round_id: roundId, attendee_id: attendeeId, locked }),
  setAttendance: (roundId: string, attendeeId: string, present: boolean): Promise<SeatingPlan> =>
    api.setAttendance({ round_id: roundId, attendee_id: attendeeId, present }),
  clearSeating: (cafeId: string): Promise<SeatingPlan> => api.clearSeating({ id: cafeId }),
  exportSeating: (cafeId: string, format: SeatingExport, paper: PaperSize, path: string): Promise<ExportedFile> =>
    api.exportSeating({ cafe_id: cafeId, format, paper, path }),

  getClock: (cafeId: string): Promise<Clock> => api.getClock({ id: cafeId }),
  runClock: (cafeId: string, command: ClockCommand): Promise<Clock> => api.runClock({ cafe_id: cafeId, command }),
  setClockWarning: (cafeId: string, minutes: number): Promise<Clock> =>
    api.setClockWarning({ cafe_id: cafeId, minutes }),

  listNotes: (cafeId: string): Promise<Note[]> => api.listNotes({ id: cafeId }),
  addNote: (tableId: string, roundId: string, text: string, author: string | null): Promise<Note> =>
    api.addNote({ table_id: tableId, round_id: roundId, text, author }),
  updateNote: (id: string, text: string, author: string | null, starred: boolean): Promise<Note> =>
    api.updateNote({ id, text, author, starred }),
  deleteNote: (id: string): Promise<Note> => api.deleteNote({ id }),
  restoreNote: (id: string): Promise<Note> => api.restoreNote({ id }),
  importNotes: (cafeId: string, dataBase64: string): Promise<NotesImported> =>
    api.importNotes({ cafe_id: cafeId, data_base64: dataBase64 }),

  getThreads: (cafeId: string): Promise<ThreadBoard> => api.getThreads({ id: cafeId }),
  detectThreads: (cafeId: string, minTables: number | null = null): Promise<ThreadBoard> =>
    api.detectThreads({ cafe_id: cafeId, min_tables: minTables }),
  updateThread: (
    id: string,
    changes: { title?: string; synthesis?: string; pinned?: boolean; hidden?: boolean },
  ): Promise<ThreadBoard> =>
    api.updateThread({
      id,
      title: changes.title ?? null,
      synthesis: changes.synthesis ?? null,
      pinned: changes.pinned ?? null,
      hidden: changes.hidden ?? null,
    }),
  moveThreadNote: (noteId: string, threadId: string | null): Promise<ThreadBoard> =>
    api.moveThreadNote({ note_id: noteId, thread_id: threadId }),
  mergeThreads: (into: string, from: string[]): Promise<ThreadBoard> => api.mergeThreads({ into, from }),
  splitThread: (id: string, noteIds: string[], title: string | null): Promise<ThreadBoard> =>
    api.splitThread({ id, note_ids: noteIds, title }),
  deleteThread: (id: string): Promise<ThreadBoard> => api.deleteThread({ id }),
  searchNotes: (cafeId: string, query: string): Promise<NoteSearch> => api.searchNotes({ cafe_id: cafeId, query }),
  gatherThread: (cafeId: string, noteIds: string[], title: string): Promise<ThreadBoard> =>
    api.gatherThread({ cafe_id: cafeId, note_ids: noteIds, title }),

  previewHarvest: async (cafeId: string, sections: HarvestSections): Promise<string> =>
    (await api.previewHarvest({ cafe_id: cafeId, sections })).markdown,
  exportHarvest: (
    cafeId: string,
    format: HarvestFormat,
    sections: HarvestSections,
    paper: PaperSize,
    path: string,
  ): Promise<ExportedFile> => api.exportHarvest({ cafe_id: cafeId, format, sections, paper, path }),
  exportCafeFile: (cafeId: string, path: string): Promise<ExportedFile> => api.exportCafeFile({ cafe_id: cafeId, path }),
  importCafeFile: (dataBase64: string): Promise<Cafe> => api.importCafeFile({ data_base64: dataBase64 }),
  previewCongress: async (summary: CongressRequest): Promise<string> => (await api.previewCongress(summary)).markdown,
  exportCongress: (summary: CongressRequest, format: HarvestFormat, paper: PaperSize, path: string): Promise<ExportedFile> =>
    api.exportCongress({ summary, format, paper, path }),

  getLan: (cafeId: string): Promise<LanStatus> => api.getLan({ id: cafeId }),
  setLan: (cafeId: string, on: boolean, address: string | null = null, port: number | null = null): Promise<LanStatus> =>
    api.setLan({ cafe_id: cafeId, on, address, port }),
  regenerateTableLink: (tableId: string): Promise<LanStatus> => api.regenerateTableLink({ id: tableId }),
  exportTableCards: (cafeId: string, paper: PaperSize, path: string): Promise<ExportedFile> =>
    api.exportTableCards({ cafe_id: cafeId, paper, path }),

  appInfo: (): Promise<AppInfo> => api.appInfo({}),
};

/** Calls `handler` with every batch of changes the shell reports; resolves to a function that stops listening. */
export async function onChanges(handler: (changes: Change[]) => void): Promise<() => void> {
  return listen<Change[]>(CHANGES_EVENT, (event) => {
    const changes = Array.isArray(event.payload) ? event.payload : [];
    if (changes.length > 0) handler(changes);
  });
}

/** Asks where to save a file (the system's save dialog); resolves to the chosen path, or null when cancelled. */
export async function chooseSavePath(suggestedName: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  return save({ defaultPath: suggestedName, filters: [filter] });
}

/** Opens a file the app wrote with the program the system uses for it. */
export async function openFile(path: string): Promise<void> {
  await openPath(path);
}

/** Shows a file the app wrote in the system's file manager. */
export async function showFileInFolder(path: string): Promise<void> {
  await revealItemInDir(path);
}

// ---- windows and notifications (the Run screen and the projector) ----

/** The projector window's label. */
export const PROJECTOR_LABEL = "projector";

/** Opens the projector window for café `cafeId` (nothing happens when it is open already). */
export async function openProjector(cafeId: string): Promise<void> {
  // Already open: bring it to the front.
  const existing = await WebviewWindow.getByLabel(PROJECTOR_LABEL).catch(() => null);
  if (existing) {
    await existing.setFocus().catch(() => {});
    return;
  }
  const win = new WebviewWindow(PROJECTOR_LABEL, {
    url: `index.html?view=projector&cafe=${encodeURIComponent(cafeId)}`,
    title: "Knowledge Café — Projector",
    width: 1280,
    height: 720,
  });
  await new Promise<void>((resolve) => {
    // an error is mostly "already exists": the facilitator sees the window they opened before
    void win.once("tauri://created", () => resolve());
    void win.once("tauri://error", () => resolve());
  });
}

/** Switches this window's fullscreen on or off; resolves to the new state. */
export async function toggleFullscreen(): Promise<boolean> {
  const win = getCurrentWindow();
  const next = !(await win.isFullscreen());
  await win.setFullscreen(next);
  return next;
}

/** Leaves fullscreen (when this window is in it). */
export async function leaveFullscreen(): Promise<void> {
  const win = getCurrentWindow();
  if (await win.isFullscreen()) await win.setFullscreen(false);
}

/** Whether this window has the keyboard focus (true when that cannot be known). */
export async function windowFocused(): Promise<boolean> {
  try {
    return await getCurrentWindow().isFocused();
  } catch {
    return document.hasFocus();
  }
}

let notifyAllowed: Promise<boolean> | null = null;

/** Shows a desktop notification; asks for permission the first time; fails silently. */
export async function notify(title: string, body: string): Promise<void> {
  try {
    notifyAllowed ??= (async () => (await isPermissionGranted()) || (await requestPermission()) === "granted")();
    if (await notifyAllowed) sendNotification({ title, body });
  } catch {
    // no notifications on this system: the chime and the clock's colour still tell
  }
}
