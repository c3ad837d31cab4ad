// A form value that follows the stored value until the person edits it. When the stored value changes (a save, a
// reload after a change from elsewhere), an untouched draft takes it over and an edited one is kept as typed.

function same<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

export class Draft<T> {
  value: T = $state() as T;
  #synced: T = $state() as T;

  constructor(initial: T) {
    this.value = clone(initial);
    this.#synced = clone(initial);
  }

  /** The value last stored. */
  get stored(): T {
    return this.#synced;
  }

  /** Whether the draft differs from the value last stored. */
  get dirty(): boolean {
    return !same($state.snapshot(this.value) as T, $state.snapshot(this.#synced) as T);
  }

  /** Takes a new stored value: an untouched draft follows it, an edited one is kept. For a plain object this
   * goes field by field, so a change made elsewhere shows up in the fields the person has not touched. */
  sync(stored: T): void {
    const value = $state.snapshot(this.value) as T;
    const synced = $state.snapshot(this.#synced) as T;
    if (isRecord(value) && isRecord(synced) && isRecord(stored)) {
      const next: Record<string, unknown> = { ...value };
      for (const key of Object.keys(stored)) {
        if (same(value[key], synced[key])) next[key] = clone(stored[key]);
      }
      if (!same(next as T, value)) this.value = next as T;
    } else if (same(value, synced)) {
      this.value = clone(stored);
    }
    this.#synced = clone(stored);
  }

  /** Takes a value just saved: the draft becomes it and is clean again. */
  commit(stored: T): void {
    this.value = clone(stored);
    this.#synced = clone(stored);
  }

  /** Drops the edits. */
  reset(): void {
    this.value = clone($state.snapshot(this.#synced) as T);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return typeof value === "object" && value !== null ? (structuredClone(value) as T) : value;
}
