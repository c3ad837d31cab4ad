// The app's shared state: which screen is shown, the cafés list, the open café, messages. Every write that returns
// a café goes through `run`, and change events from the shell reload what they concern.
import { backend, onChanges } from "./backend";
import type { Cafe, CafeSummary, Change } from "./backend";
import { toApiError } from "./api/transport";
import { sentence } from "./errors";
import { clock } from "./clock.svelte";
import { lan } from "./lan.svelte";
import { notes } from "./notes.svelte";
import { seating } from "./seating.svelte";
import { threads } from "./threads.svelte";

export type Screen = "cafes" | "setup" | "seating" | "run" | "notes" | "threads" | "export";

export interface Toast {
  id: number;
  text: string;
  kind: "success" | "info";
}

function summaryOf(cafe: Cafe): CafeSummary {
  return {
    id: cafe.id,
    title: cafe.title,
    date: cafe.date,
    venue: cafe.venue,
    facilitator: cafe.facilitator,
    format: cafe.format,
    rounds: cafe.rounds.length,
    tables: cafe.tables.length,
    attendees: cafe.attendees.length,
    created_at: cafe.created_at,
    updated_at: cafe.updated_at,
  };
}

class AppState {
  screen: Screen = $state("cafes");
  cafes: CafeSummary[] = $state.raw([]);
  cafesLoaded = $state(false);
  cafesError: string | null = $state(null);
  /** The id of the café whose Setup is open (or was last opened). */
  cafeId: string | null = $state(null);
  /** The open café, as last loaded. */
  cafe: Cafe | null = $state.raw(null);
  cafeError: string | null = $state(null);
  banner: string | null = $state(null);
  toasts: Toast[] = $state([]);
  version = $state("");
  /** The café row to highlight in the list (just created or copied). */
  highlight: string | null = $state(null);

  #seq = 0;
  #applied = 0;
  #toastId = 0;
  #listTimer: ReturnType<typeof setTimeout> | undefined;
  #cafeTimer: ReturnType<typeof setTimeout> | undefined;

  /** Loads what the first screen needs and follows changes; returns a function that stops following. */
  start(): () => void {
    let stop: (() => void) | null = null;
    let stopped = false;
    void this.loadCafes();
    backend
      .appInfo()
      .then((info) => (this.version = info.version))
      .catch(() => {});
    onChanges((changes) => this.handleChanges(changes))
      .then((unlisten) => {
        if (stopped) unlisten();
        else stop = unlisten;
      })
      .catch(() => {
        // no change events (e.g. no shell): the UI still works, it just does not see changes made elsewhere
      });
    return () => {
      stopped = true;
      stop?.();
      clearTimeout(this.#listTimer);
      clearTimeout(this.#cafeTimer);
    };
  }

  async loadCafes(): Promise<void> {
    try {
      this.cafes = await backend.listCafes();
      this.cafesError = null;
    } catch (e) {
      this.cafesError = sentence(toApiError(e).message);
    } finally {
      this.cafesLoaded = true;
    }
  }

  goToCafes(): void {
    this.screen = "cafes";
  }

  /** Opens a café's Setup; pass the café itself when it is at hand. */
  openCafe(idOrCafe: string | Cafe): void {
    const id = typeof idOrCafe === "string" ? idOrCafe : idOrCafe.id;
    if (id !== this.cafeId) {
      this.cafe = null;
      this.cafeError = null;
    }
    this.cafeId = id;
    this.screen = "setup";
    this.banner = null;
    if (typeof idOrCafe !== "string") this.#apply(idOrCafe, ++this.#seq);
    else void this.reloadCafe();
  }

  /** Shows the open café's seating plan. */
  openSeating(): void {
    if (!this.cafeId) return;
    this.screen = "seating";
    this.banner = null;
    if (!this.cafe || this.cafe.id !== this.cafeId) void this.reloadCafe();
  }

  /** Shows the Run screen of the open café (its clock). */
  openRun(): void {
    if (!this.cafeId) return;
    this.screen = "run";
    this.banner = null;
    if (!this.cafe || this.cafe.id !== this.cafeId) void this.reloadCafe();
  }

  /** Shows the open café's notes. */
  openNotes(): void {
    if (!this.cafeId) return;
    this.screen = "notes";
    this.banner = null;
    if (!this.cafe || this.cafe.id !== this.cafeId) void this.reloadCafe();
  }

  /** Shows the open café's common threads. */
  openThreads(): void {
    if (!this.cafeId) return;
    this.screen = "threads";
    this.banner = null;
    if (!this.cafe || this.cafe.id !== this.cafeId) void this.reloadCafe();
  }

  /** Shows the export of the open café's summary. */
  openExport(): void {
    if (!this.cafeId) return;
    this.screen = "export";
    this.banner = null;
    if (!this.cafe || this.cafe.id !== this.cafeId) void this.reloadCafe();
  }

  /** Forgets the open café (e.g. it was deleted). */
  closeCafe(): void {
    this.cafeId = null;
    this.cafe = null;
    this.cafeError = null;
    seating.forget();
    notes.forget();
    if (this.screen !== "cafes") this.screen = "cafes";
  }

  async reloadCafe(): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    const seq = ++this.#seq;
    try {
      const cafe = await backend.getCafe(id);
      this.#apply(cafe, seq);
    } catch (e) {
      if (id !== this.cafeId || seq < this.#applied) return;
      const err = toApiError(e);
      if (err.code === "not_found") {
        this.closeCafe();
        this.toast("The café was deleted.", "info");
        void this.loadCafes();
      } else {
        this.cafeError = sentence(err.message);
      }
    }
  }

  /** Runs a write that returns the café and shows its result. Errors are the caller's to place. */
  async run(write: () => Promise<Cafe>): Promise<Cafe> {
    const seq = ++this.#seq;
    const cafe = await write();
    this.#apply(cafe, seq);
    return cafe;
  }

  /** Takes a café the backend returned (e.g. with an import report). */
  accept(cafe: Cafe): void {
    this.#apply(cafe, ++this.#seq);
  }

  #apply(cafe: Cafe, seq: number): void {
    // keep the cafés list in step at once; the change event reloads it properly
    const summary = summaryOf(cafe);
    if (this.cafes.some((c) => c.id === cafe.id)) {
      this.cafes = this.cafes.map((c) => (c.id === cafe.id ? summary : c));
    }
    if (cafe.id !== this.cafeId || seq < this.#applied) return;
    this.#applied = seq;
    this.cafe = cafe;
    this.cafeError = null;
  }

  handleChanges(changes: Change[]): void {
    clearTimeout(this.#listTimer);
    this.#listTimer = setTimeout(() => void this.loadCafes(), 120);
    const id = this.cafeId;
    if (!id) return;
    const concerns = changes.some((c) => c.cafe_id === null || c.cafe_id === id);
    if (!concerns) return;
    const ours = changes.filter((c) => c.cafe_id === null || c.cafe_id === id);
    if (ours.some((c) => c.entity !== "clock" && c.entity !== "note" && c.entity !== "thread" && c.entity !== "lan")) seating.changed(id);
    if (ours.some((c) => c.entity === "note" || c.entity === "table" || c.entity === "round")) notes.changed(id);
    // a change of rounds moves the clock too
    if (ours.some((c) => c.entity === "clock" || c.entity === "round" || c.entity === "cafe")) clock.changed();
    if (ours.some((c) => c.entity === "lan" || c.entity === "table")) lan.changed(id);
    if (ours.some((c) => c.entity === "thread" || c.entity === "note")) threads.changed(id);
    // a seating or clock change alone leaves the café as it was
    const cafeAsItWas = ["seating", "clock", "note", "lan", "thread"];
    if (ours.every((c) => cafeAsItWas.includes(c.entity))) return;
    clearTimeout(this.#cafeTimer);
    this.#cafeTimer = setTimeout(() => void this.reloadCafe(), 120);
  }

  /** Shows an error that belongs to no input. */
  showError(error: unknown, context?: string): void {
    const message = sentence(toApiError(error).message);
    this.banner = context ? `${context}: ${message}` : message;
  }

  toast(text: string, kind: Toast["kind"] = "success"): void {
    const id = ++this.#toastId;
    this.toasts = [...this.toasts, { id, text, kind }];
    setTimeout(() => this.dismissToast(id), 4000);
  }

  dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }
}

export const app = new AppState();
