// @ts-check
// The phone page of a table host. The table's secret token is in the join link after `#`. The page shows the
// café, the table, the round and its question or topic, the clock (counted against the server's time) and the
// table's notes, and lets the host add, change and delete them.
//
// Flaky Wi-Fi: every change goes into a queue kept in localStorage first and is sent from there, in order, with
// retries. A new note carries an id made on the phone (client_id), so a retry after a lost answer never saves it
// twice. The footer says plainly whether the phone is offline, sending, or has everything saved.
//
// Text from anyone is data: it only ever reaches the page through textContent, never as markup.

"use strict";

(function () {
  const token = decodeURIComponent(location.hash.replace(/^#/, "")).trim();
  const api = "/api/tables/" + encodeURIComponent(token);
  const queueKey = "kc.queue." + token.slice(0, 12);

  /** @typedef {{id: string, client_id: string | null, round: number, text: string, author: string | null, starred: boolean, created_at: string, updated_at: string}} Note */
  /** @typedef {{cafe: string, table: {name: string, topic: string | null}, round: {number: number, of: number, question: string}, clock: {stage: string, running: boolean, remaining_ms: number, ends_at_ms: number | null, server_now_ms: number}, notes: Note[], max_note_chars: number}} View */
  // An edit or delete names its note by the server's id, or — for a note whose add was already on its way when the
  // host changed it — by the phone's client id (resolved when it is sent, after the add is saved).
  /** @typedef {{kind: "add", client_id: string, text: string, at: string} | {kind: "edit", id?: string, client_id?: string, text: string} | {kind: "delete", id?: string, client_id?: string}} Op */

  /** @type {View | null} */
  let view = null;
  /** Server time minus phone time, in ms. */
  let offset = 0;
  /** @type {Op[]} */
  let queue = load();
  let online = true;
  let sending = false;
  /** @type {Op | null} the change on its way to the server: never altered, removed only by its own answer */
  let inFlight = null;
  let revoked = false;
  /** @type {string | null} the note being changed: a server id, or "pending:" + client id */
  let editing = null;
  /** @type {number | undefined} */
  let retryTimer;
  let retryDelay = 1000;
  /** @type {EventSource | null} */
  let events = null;

  /** @param {string} id */
  const $ = (id) => /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));

  function load() {
    try {
      const raw = localStorage.getItem(queueKey);
      const parsed = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  function save() {
    try {
      localStorage.setItem(queueKey, JSON.stringify(queue));
    } catch {
      // Private mode or a full store: the queue still lives in memory while the page is open.
    }
  }

  /** 128 random bits as hex (crypto.randomUUID needs a secure context, which a LAN address is not). */
  function clientId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** @param {string} text */
  function problem(text) {
    const p = $("phone-problem");
    p.textContent = text;
    p.hidden = !text;
  }

  function status() {
    const s = $("phone-status");
    const waiting = queue.length;
    s.className = "status";
    if (revoked) {
      s.textContent = "This link no longer works.";
      s.classList.add("bad");
    } else if (!online) {
      s.textContent =
        waiting > 0
          ? `Offline — ${waiting} ${waiting === 1 ? "change" : "changes"} kept on this phone, sent when the connection is back.`
          : "Offline — reconnecting…";
      s.classList.add("offline");
    } else if (waiting > 0 || sending) {
      s.textContent = `Saving… (${Math.max(waiting, 1)} to send)`;
    } else if (view) {
      s.textContent = "All notes saved ✓";
      s.classList.add("saved");
    } else {
      s.textContent = "Connecting…";
    }
  }

  /** @param {number} ms */
  function clockText(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const m = Math.floor(total / 60);
    const s = total % 60;
    return `${m}:${String(s).padStart(2, "0")}`;
  }

  function tick() {
    if (!view) return;
    const c = view.clock;
    const left = c.running && c.ends_at_ms !== null ? c.ends_at_ms - (Date.now() + offset) : c.remaining_ms;
    const el = $("phone-clock");
    const active = c.stage === "round" || c.stage === "move";
    el.textContent = active ? (left > 0 ? clockText(left) : "Time's up") : "";
    el.classList.toggle("over", active && left <= 0);
    el.classList.toggle("warning", active && left > 0 && left <= 60_000);
  }

  function renderHeader() {
    if (!view) return;
    $("phone-cafe").textContent = view.cafe;
    $("phone-table").textContent = view.table.name;
    document.title = `${view.table.name} · ${view.cafe}`;
    const topic = $("phone-topic");
    topic.textContent = view.table.topic ? `Topic: ${view.table.topic}` : "";
    topic.hidden = !view.table.topic;
    const r = view.round;
    const label =
      view.clock.stage === "not_started"
        ? `Before the start · round ${r.number} of ${r.of}`
        : view.clock.stage === "move"
          ? `Changing tables · notes go to round ${r.number}`
          : view.clock.stage === "done"
            ? `The café is over · round ${r.number} of ${r.of}`
            : `Round ${r.number} of ${r.of}`;
    $("phone-round-label").textContent = label;
    $("phone-question").textContent = r.question;
    $("phone-round").hidden = false;
    $("phone-compose").hidden = revoked;
    tick();
  }

  /** @param {string} iso */
  function timeOf(iso) {
    const d = new Date(iso);
    return isNaN(d.getTime()) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  /**
   * Whether an edit or delete means this note.
   * @param {{id: string, client_id: string | null}} note
   * @param {{id?: string, client_id?: string}} op
   */
  function matches(note, op) {
    return op.id ? note.id === op.id : !!op.client_id && note.client_id === op.client_id;
  }

  /** The notes as the host should see them: the server's, with this phone's unsent changes applied. */
  function shownNotes() {
    /** @type {(Note & {pending?: boolean, key: string})[]} */
    const notes = (view ? view.notes : []).map((n) => ({ ...n, key: n.id }));
    const known = new Set(notes.map((n) => n.client_id).filter(Boolean));
    for (const op of queue) {
      if (op.kind === "add" && !known.has(op.client_id)) {
        notes.push({
          id: "",
          key: "pending:" + op.client_id,
          client_id: op.client_id,
          round: view ? view.round.number : 1,
          text: op.text,
          author: null,
          starred: false,
          created_at: op.at,
          updated_at: op.at,
          pending: true,
        });
      } else if (op.kind === "edit") {
        const n = notes.find((x) => matches(x, op));
        if (n) {
          n.text = op.text;
          n.pending = true;
        }
      } else if (op.kind === "delete") {
        const i = notes.findIndex((x) => matches(x, op));
        if (i >= 0) notes.splice(i, 1);
      }
    }
    return notes;
  }

  function renderNotes() {
    const list = $("phone-notes");
    list.replaceChildren();
    const notes = shownNotes();
    // Newest round first; within a round, newest first, so the latest note is under the thumb.
    notes.sort((a, b) => b.round - a.round || b.created_at.localeCompare(a.created_at));
    let round = -1;
    for (const n of notes) {
      if (n.round !== round) {
        round = n.round;
        const h = document.createElement("li");
        h.className = "round-heading";
        h.textContent = `Round ${round}`;
        list.append(h);
      }
      const li = document.createElement("li");
      li.className = "note" + (n.pending ? " pending" : "");
      li.dataset.testid = "phone-note";
      const text = document.createElement("p");
      text.className = "note-text";
      text.dataset.testid = "phone-note-text";
      text.textContent = n.text;
      const meta = document.createElement("div");
      meta.className = "note-meta";
      const when = document.createElement("span");
      when.className = "when";
      when.textContent = (n.starred ? "★ " : "") + (n.pending ? "waiting to send" : timeOf(n.created_at)) + (n.author ? ` · ${n.author}` : "");
      const edit = document.createElement("button");
      edit.type = "button";
      edit.className = "link";
      edit.textContent = "Edit";
      edit.dataset.testid = "phone-note-edit";
      edit.addEventListener("click", () => startEdit(n.key, n.text));
      const del = document.createElement("button");
      del.type = "button";
      del.className = "link";
      del.textContent = "Delete";
      del.dataset.testid = "phone-note-delete";
      del.addEventListener("click", () => remove(n.key));
      meta.append(when, edit, del);
      li.append(text, meta);
      list.append(li);
    }
    $("phone-empty").hidden = notes.length > 0 || !view;
  }

  function render() {
    renderHeader();
    renderNotes();
    counter();
    status();
  }

  function counter() {
    const input = /** @type {HTMLTextAreaElement} */ ($("phone-note-input"));
    const max = view ? view.max_note_chars : 2000;
    const n = [...input.value].length;
    const c = $("phone-count");
    c.textContent = n > max - 200 ? `${n} / ${max}` : "";
    c.classList.toggle("bad", n > max);
    /** @type {HTMLButtonElement} */ ($("phone-add")).disabled = input.value.trim() === "" || n > max;
  }

  /** @param {string} key @param {string} text */
  function startEdit(key, text) {
    editing = key;
    const input = /** @type {HTMLTextAreaElement} */ ($("phone-note-input"));
    input.value = text;
    $("phone-add").textContent = "Save";
    $("phone-cancel").hidden = false;
    input.focus();
    counter();
  }

  function stopEdit() {
    editing = null;
    /** @type {HTMLTextAreaElement} */ ($("phone-note-input")).value = "";
    $("phone-add").textContent = "Add note";
    $("phone-cancel").hidden = true;
    counter();
  }

  /** @param {string} key */
  function remove(key) {
    if (!confirm("Delete this note?")) return;
    const target = key.startsWith("pending:") ? { client_id: key.slice("pending:".length) } : { id: key };
    const add = target.client_id
      ? queue.find((op) => op.kind === "add" && op.client_id === target.client_id)
      : undefined;
    // Queued changes of this note that have not left yet are simply dropped.
    queue = queue.filter((op) => op === inFlight || op.kind === "add" || !matches({ id: target.id ?? "", client_id: target.client_id ?? null }, op));
    if (add && add !== inFlight) {
      queue = queue.filter((op) => op !== add);
    } else {
      queue.push({ kind: "delete", ...target });
    }
    if (editing === key) stopEdit();
    save();
    render();
    flush();
  }

  function submit() {
    const input = /** @type {HTMLTextAreaElement} */ ($("phone-note-input"));
    const text = input.value.trim();
    const max = view ? view.max_note_chars : 2000;
    if (!text) return;
    if ([...text].length > max) {
      problem(`A note holds at most ${max} characters — split it into two notes.`);
      return;
    }
    problem("");
    if (editing) {
      const target = editing.startsWith("pending:") ? { client_id: editing.slice("pending:".length) } : { id: editing };
      const add = target.client_id
        ? queue.find((op) => op.kind === "add" && op.client_id === target.client_id && op !== inFlight)
        : undefined;
      const edit = queue.find(
        (op) => op.kind === "edit" && op !== inFlight && matches({ id: target.id ?? "", client_id: target.client_id ?? null }, op),
      );
      // A change not yet on its way takes the new text; one already sent gets a follow-up edit.
      if (add && add.kind === "add") add.text = text;
      else if (edit && edit.kind === "edit") edit.text = text;
      else queue.push({ kind: "edit", ...target, text });
    } else {
      queue.push({ kind: "add", client_id: clientId(), text, at: new Date().toISOString() });
    }
    save();
    stopEdit();
    render();
    flush();
  }

  /**
   * The server's id of the note an edit or delete means, or null when no saved note has it (any more).
   * @param {{id?: string, client_id?: string}} op
   */
  function noteId(op) {
    if (op.id) return op.id;
    const n = view ? view.notes.find((x) => x.client_id === op.client_id) : undefined;
    return n ? n.id : null;
  }

  /** @param {Op} op */
  function request(op) {
    const headers = { "Content-Type": "application/json" };
    if (op.kind === "add") {
      return fetch(api + "/notes", {
        method: "POST",
        headers,
        body: JSON.stringify({ client_id: op.client_id, text: op.text, author: null }),
      });
    }
    const id = noteId(op);
    // The note this change means was never saved or is gone: nothing to send.
    if (id === null) return Promise.resolve(new Response(null, { status: 204 }));
    if (op.kind === "edit") {
      return fetch(api + "/notes/" + encodeURIComponent(id), {
        method: "PUT",
        headers,
        body: JSON.stringify({ text: op.text }),
      });
    }
    return fetch(api + "/notes/" + encodeURIComponent(id), { method: "DELETE" });
  }

  /** @param {Response} response */
  async function errorText(response) {
    try {
      const body = await response.json();
      if (body && typeof body.message === "string") return body.message;
    } catch {
      // not JSON
    }
    return `The server answered ${response.status}.`;
  }

  /** Sends the queue, oldest first, until it is empty or the network fails. */
  async function flush() {
    if (sending || revoked) return;
    sending = true;
    status();
    try {
      while (queue.length > 0) {
        const op = /** @type {Op} */ (queue[0]);
        inFlight = op;
        /** @type {Response} */
        let response;
        try {
          response = await request(op);
        } catch {
          inFlight = null;
          setOnline(false);
          retryLater();
          return;
        }
        setOnline(true);
        if (response.status === 429 || response.status >= 500) {
          inFlight = null;
          const wait = Number(response.headers.get("Retry-After")) || 2;
          retryLater(wait * 1000);
          return;
        }
        if (response.status === 401) {
          inFlight = null;
          revokedNow();
          return;
        }
        if (!response.ok && response.status !== 404) {
          // The server will never take this change (too long, a note deleted meanwhile): say so and drop it.
          problem(await errorText(response));
        }
        if (response.ok && response.status !== 204 && op.kind !== "delete" && view) {
          const saved = /** @type {Note} */ (await response.json());
          const i = view.notes.findIndex((n) => n.id === saved.id);
          if (i >= 0) view.notes[i] = saved;
          else view.notes.push(saved);
        }
        if (response.ok && op.kind === "delete" && view) {
          view.notes = view.notes.filter((n) => !matches(n, op));
        }
        // Removed by identity: the host may have changed the queue while this change was on its way.
        const done = queue.indexOf(op);
        if (done >= 0) queue.splice(done, 1);
        inFlight = null;
        save();
        render();
      }
      retryDelay = 1000;
    } finally {
      sending = false;
      status();
    }
  }

  /** @param {number} [ms] */
  function retryLater(ms) {
    clearTimeout(retryTimer);
    const wait = ms ?? retryDelay;
    retryDelay = Math.min(retryDelay * 2, 10_000);
    retryTimer = setTimeout(flush, wait);
  }

  /** @param {boolean} value */
  function setOnline(value) {
    if (online !== value) {
      online = value;
      status();
      if (value) {
        retryDelay = 1000;
        flush();
      }
    }
  }

  function revokedNow() {
    revoked = true;
    if (events) events.close();
    $("phone-compose").hidden = true;
    // What this phone had not sent yet is shown, so that it can be copied into the new link's page.
    const unsent = queue.filter((op) => op.kind !== "delete").map((op) => ("text" in op ? op.text : ""));
    problem(
      "This link does not open a table (any more). Scan your table's QR code again, or ask the facilitator." +
        (unsent.length > 0 ? `\n\nNot sent from this phone — copy it over:\n\n${unsent.join("\n\n")}` : ""),
    );
    status();
  }

  /** @param {View} next */
  function receive(next) {
    view = next;
    offset = next.clock.server_now_ms - Date.now();
    setOnline(true);
    render();
  }

  async function refresh() {
    try {
      const response = await fetch(api);
      if (response.status === 401) return revokedNow();
      if (response.ok) receive(await response.json());
      else problem(await errorText(response));
    } catch {
      setOnline(false);
    }
  }

  function listen() {
    if (events) events.close();
    events = new EventSource(api + "/events");
    events.addEventListener("view", (e) => receive(JSON.parse(/** @type {MessageEvent} */ (e).data)));
    events.addEventListener("revoked", () => revokedNow());
    events.addEventListener("open", () => {
      setOnline(true);
      flush();
    });
    events.addEventListener("error", () => {
      if (revoked) return;
      setOnline(false);
      // The browser reconnects by itself unless the server refused the stream; then find out why.
      if (events && events.readyState === EventSource.CLOSED) {
        setTimeout(async () => {
          await refresh();
          if (!revoked) listen();
        }, 3000);
      }
    });
  }

  function start() {
    if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) {
      revoked = true;
      problem("This page needs your table's link. Scan the QR code on your table.");
      status();
      return;
    }
    const form = /** @type {HTMLFormElement} */ ($("phone-compose"));
    const input = /** @type {HTMLTextAreaElement} */ ($("phone-note-input"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submit();
    });
    input.addEventListener("input", counter);
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      } else if (e.key === "Escape" && editing) {
        stopEdit();
      }
    });
    $("phone-cancel").addEventListener("click", stopEdit);
    window.addEventListener("online", () => flush());
    window.addEventListener("offline", () => setOnline(false));
    setInterval(tick, 250);
    render();
    refresh().then(() => {
      listen();
      flush();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
