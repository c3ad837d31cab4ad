// The open café's notes: loaded once per café, reloaded (debounced) on `note` change events, and kept in step at
// once with what this window writes. Drafts being typed live in the components, so a reload never disturbs them.
import { backend, toApiError } from "./backend";
import type { Note } from "./backend";
import { sentence } from "./errors";
import { upsert } from "./notes";

class NotesState {
  cafeId: string | null = $state(null);
  notes: Note[] = $state.raw([]);
  loaded = $state(false);
  error: string | null = $state(null);

  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Loads café `cafeId`'s notes unless they are loaded already. */
  async load(cafeId: string, force = false): Promise<void> {
    if (!force && cafeId === this.cafeId && this.loaded) return;
    if (cafeId !== this.cafeId) {
      this.cafeId = cafeId;
      this.notes = [];
      this.loaded = false;
      this.error = null;
    }
    const seq = ++this.#seq;
    try {
      const list = await backend.listNotes(cafeId);
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.notes = list;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq || cafeId !== this.cafeId) return;
      this.error = sentence(toApiError(e).message);
    }
  }

  /** A change event concerned café `cafeId`'s notes. */
  changed(cafeId: string): void {
    if (cafeId !== this.cafeId) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(cafeId, true), 150);
  }

  forget(): void {
    clearTimeout(this.#timer);
    this.#seq++;
    this.cafeId = null;
    this.notes = [];
    this.loaded = false;
    this.error = null;
  }

  #take(note: Note): Note {
    this.notes = upsert(this.notes, note);
    return note;
  }

  async add(tableId: string, roundId: string, text: string, author: string | null = null): Promise<Note> {
    return this.#take(await backend.addNote(tableId, roundId, text, author));
  }

  async update(note: Note, changes: Partial<Pick<Note, "text" | "author" | "starred">>): Promise<Note> {
    const next = { ...note, ...changes };
    return this.#take(await backend.updateNote(note.id, next.text, next.author, next.starred));
  }

  async remove(id: string): Promise<Note> {
    const note = await backend.deleteNote(id);
    this.notes = this.notes.filter((n) => n.id !== id);
    return note;
  }

  async restore(id: string): Promise<Note> {
    const note = await backend.restoreNote(id);
    // back in its place: the list is ordered oldest first
    this.notes = [...this.notes.filter((n) => n.id !== id), note].sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
    );
    return note;
  }
}

export const notes = new NotesState();
