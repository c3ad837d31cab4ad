// The open café's round clock, shared by the Run screen, the sidebar and the projector window: loaded from the
// server (on open, on `clock` change events, when the window gets the focus back or wakes up), shown as a countdown
// against the server's time, re-rendered four times a second. In the main window it also chimes and notifies when
// a stage reaches its warning and its end.
import { backend, notify, toApiError, windowFocused } from "./backend";
import type { Clock, ClockCommand } from "./backend";
import { chime } from "./chime";
import { alertText, crossed, offsetOf, remainingAt, stageKey, toneOf } from "./clock";
import type { ClockTone } from "./clock";
import { sentence } from "./errors";

const MUTE_KEY = "knowledge-cafe.chime-muted";

function storedMute(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

class ClockState {
  cafeId: string | null = $state(null);
  clock: Clock | null = $state.raw(null);
  error: string | null = $state(null);
  /** Local time, updated while a stage runs. */
  now = $state(Date.now());
  muted = $state(storedMute());
  /** This window chimes and notifies (the main window; never the projector). */
  alerts = false;

  #offset = 0;
  #seq = 0;
  #applied = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reload: ReturnType<typeof setTimeout> | undefined;
  #key = "";
  #last: number | null = null;
  #stop: (() => void) | null = null;

  readonly remaining: number = $derived(this.clock ? remainingAt(this.clock, this.#offset, this.now) : 0);
  readonly tone: ClockTone = $derived(this.clock ? toneOf(this.clock, this.remaining) : "idle");
  /** A café is being run (a round or a move, whatever its phase). */
  readonly active: boolean = $derived(this.clock !== null && (this.clock.stage === "round" || this.clock.stage === "move"));

  /** Follows café `cafeId`'s clock (null: none); returns nothing, call again to switch. */
  follow(cafeId: string | null): void {
    if (cafeId === this.cafeId) return;
    this.cafeId = cafeId;
    this.clock = null;
    this.error = null;
    this.#key = "";
    this.#last = null;
    if (cafeId) void this.load();
    this.#listen();
  }

  #listen(): void {
    if (this.#stop || typeof window === "undefined") return;
    const wake = () => {
      if (document.visibilityState === "visible") void this.load();
    };
    window.addEventListener("focus", wake);
    document.addEventListener("visibilitychange", wake);
    this.#timer = setInterval(() => this.#tick(), 250);
    this.#stop = () => {
      window.removeEventListener("focus", wake);
      document.removeEventListener("visibilitychange", wake);
      clearInterval(this.#timer);
    };
  }

  async load(): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    const seq = ++this.#seq;
    try {
      this.#apply(await backend.getClock(id), seq);
    } catch (e) {
      if (id !== this.cafeId || seq < this.#applied) return;
      this.error = sentence(toApiError(e).message);
    }
  }

  /** Runs a clock command; errors are the caller's to show. */
  async run(command: ClockCommand): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    const seq = ++this.#seq;
    this.#apply(await backend.runClock(id, command), seq);
  }

  async setWarning(minutes: number): Promise<void> {
    const id = this.cafeId;
    if (!id) return;
    const seq = ++this.#seq;
    this.#apply(await backend.setClockWarning(id, minutes), seq);
  }

  /** A `clock` change event (or any change to the café): reload at once. */
  changed(): void {
    clearTimeout(this.#reload);
    this.#reload = setTimeout(() => void this.load(), 0);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    try {
      if (muted) localStorage.setItem(MUTE_KEY, "1");
      else localStorage.removeItem(MUTE_KEY);
    } catch {
      // storage unavailable: for this session only
    }
  }

  #apply(clock: Clock, seq: number): void {
    if (clock.cafe_id !== this.cafeId || seq < this.#applied) return;
    this.#applied = seq;
    const now = Date.now();
    this.#offset = offsetOf(clock, now);
    this.clock = clock;
    this.error = null;
    this.now = now;
    this.#check();
  }

  #tick(): void {
    if (!this.clock) return;
    const now = Date.now();
    if (this.clock.phase === "running") this.now = now;
    this.#check();
  }

  /** Chimes (and notifies) once for each threshold the running stage passes. */
  #check(): void {
    const clock = this.clock;
    if (!clock) return;
    const key = stageKey(clock);
    const remaining = clock.stage === "round" || clock.stage === "move" ? remainingAt(clock, this.#offset, Date.now()) : null;
    if (key !== this.#key) {
      // a new stage (or the first reading): nothing crossed yet
      this.#key = key;
      this.#last = remaining;
      return;
    }
    if (remaining === null) return;
    const hits = crossed(this.#last, remaining, clock.warning_minutes * 60_000);
    this.#last = remaining;
    if (!this.alerts || hits.length === 0) return;
    const what = hits.includes("end") ? "end" : "warning";
    if (!this.muted) chime(what);
    const text = alertText(clock, what);
    void windowFocused().then((focused) => {
      if (!focused) void notify("Knowledge Café", text);
    });
    if (what === "end") void this.load();
  }
}

export const clock = new ClockState();
