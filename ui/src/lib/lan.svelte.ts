// LAN mode of the open café: whether hosts' phones can join, on which address and port, and each table's join link
// with its QR code. Reloaded (debounced) on `lan` and `table` change events, so a link made new in one window or a
// server switched off elsewhere shows everywhere.
import { backend, toApiError } from "./backend";
import type { LanStatus } from "./backend";
import { sentence } from "./errors";

class LanState {
  cafeId: string | null = $state(null);
  status: LanStatus | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);

  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  async load(cafeId: string): Promise<void> {
    if (cafeId !== this.cafeId) {
      this.cafeId = cafeId;
      this.status = null;
      this.error = null;
    }
    const seq = ++this.#seq;
    try {
      const status = await backend.getLan(cafeId);
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.status = status;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.error = sentence(toApiError(e).message);
    }
  }

  changed(cafeId: string): void {
    if (cafeId !== this.cafeId) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(cafeId), 100);
  }

  /** Switches LAN mode; throws the API error (a taken port, an address that is not this computer's). */
  async set(on: boolean, address: string | null = null, port: number | null = null): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    this.busy = true;
    try {
      const status = await backend.setLan(id, on, address, port);
      this.#seq++;
      if (id === this.cafeId) this.status = status;
    } finally {
      this.busy = false;
    }
  }

  async regenerate(tableId: string): Promise<void> {
    const status = await backend.regenerateTableLink(tableId);
    this.#seq++;
    if (status.cafe_id === this.cafeId) this.status = status;
  }
}

export const lan = new LanState();
