// The open café's common threads: the board as the backend keeps it, reloaded on `thread` change events. While the
// Threads screen is open, notes that arrive are proposed into threads after a short pause (live refresh); what
// the facilitator is typing lives in the components, so a refresh never disturbs it.
import { backend, toApiError } from "./backend";
import type { ThreadBoard } from "./backend";
import { sentence } from "./errors";

/** How long after the last new note detection runs by itself. */
const LIVE_DELAY_MS = 2500;

/** Whether the keyboard is in a thread's card (its title or synthesis being written). */
function editingAThread(): boolean {
  const active = typeof document === "undefined" ? null : document.activeElement;
  return active instanceof HTMLElement && active.closest('[data-testid="thread"]') !== null && active.matches("input, textarea");
}

class ThreadsState {
  cafeId: string | null = $state(null);
  board: ThreadBoard | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);
  /** The Threads screen is open: new notes are proposed into threads as they arrive. */
  live = $state(false);

  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #liveTimer: ReturnType<typeof setTimeout> | undefined;

  async load(cafeId: string): Promise<void> {
    if (cafeId !== this.cafeId) {
      this.cafeId = cafeId;
      this.board = null;
      this.error = null;
    }
    const seq = ++this.#seq;
    try {
      const board = await backend.getThreads(cafeId);
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.board = board;
      this.error = null;
      this.#maybeDetect();
    } catch (e) {
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.error = sentence(toApiError(e).message);
    }
  }

  /** A change event concerned the café's threads or notes. */
  changed(cafeId: string): void {
    if (cafeId !== this.cafeId) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(cafeId), 150);
  }

  setLive(on: boolean): void {
    this.live = on;
    if (!on) clearTimeout(this.#liveTimer);
    else this.#maybeDetect();
  }

  #maybeDetect(): void {
    clearTimeout(this.#liveTimer);
    if (!this.live || !this.board || this.board.fresh.length === 0) return;
    // no threads yet: the facilitator starts detection with the button; after that it follows the notes
    if (this.board.threads.length === 0 && this.board.unthreaded.length === 0) return;
    this.#liveTimer = setTimeout(() => {
      // Not while a detection runs or the facilitator is typing in a thread (a title, a synthesis): detection could
      // replace that thread and take the draft with it. Try again a moment later.
      if (this.busy || editingAThread()) {
        this.#maybeDetect();
        return;
      }
      void this.detect()
        .catch(() => {})
        .finally(() => this.#maybeDetect());
    }, LIVE_DELAY_MS);
  }

  #take(board: ThreadBoard): void {
    // An answer for another café changes nothing here (and must not cancel this café's loading).
    if (board.cafe_id !== this.cafeId) return;
    this.#seq++;
    this.board = board;
    this.error = null;
  }

  async detect(minTables: number | null = null): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    this.busy = true;
    try {
      this.#take(await backend.detectThreads(id, minTables));
    } finally {
      this.busy = false;
    }
  }

  async update(id: string, changes: { title?: string; synthesis?: string; pinned?: boolean; hidden?: boolean }): Promise<void> {
    this.#take(await backend.updateThread(id, changes));
  }

  async move(noteId: string, threadId: string | null): Promise<void> {
    this.#take(await backend.moveThreadNote(noteId, threadId));
  }

  async merge(into: string, from: string[]): Promise<void> {
    this.#take(await backend.mergeThreads(into, from));
  }

  async split(id: string, noteIds: string[], title: string | null): Promise<void> {
    this.#take(await backend.splitThread(id, noteIds, title));
  }

  async gather(noteIds: string[], title: string): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    this.#take(await backend.gatherThread(id, noteIds, title));
  }

  async remove(id: string): Promise<void> {
    this.#take(await backend.deleteThread(id));
  }
}

export const threads = new ThreadsState();
