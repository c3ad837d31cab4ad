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

  // The page's words in the languages it speaks; the phone's own language is used when it is one of them (the
  // notes, the café's title and the question stay as written). Messages from the server stay in English.
  const EN = {
    title: "Table notes · Knowledge Café",
    newNote: "New note",
    placeholder: "Write a note for your table…",
    cancel: "Cancel",
    add: "Add note",
    save: "Save",
    empty: "No notes yet. The first one is yours.",
    connecting: "Connecting…",
    revoked: "This link no longer works.",
    /** @param {number} n */
    offlineKept: (n) => `Offline — ${n} ${n === 1 ? "change" : "changes"} kept on this phone, sent when the connection is back.`,
    offline: "Offline — reconnecting…",
    /** @param {number} n */
    saving: (n) => `Saving… (${n} to send)`,
    saved: "All notes saved ✓",
    timesUp: "Time's up",
    /** @param {string} t */
    topic: (t) => `Topic: ${t}`,
    /** @param {number} n @param {number} of */
    beforeStart: (n, of) => `Before the start · round ${n} of ${of}`,
    /** @param {number} n */
    moving: (n) => `Changing tables · notes go to round ${n}`,
    /** @param {number} n @param {number} of */
    over: (n, of) => `The café is over · round ${n} of ${of}`,
    /** @param {number} n @param {number} of */
    round: (n, of) => `Round ${n} of ${of}`,
    /** @param {number} n */
    roundHeading: (n) => `Round ${n}`,
    waiting: "waiting to send",
    edit: "Edit",
    delete: "Delete",
    confirmDelete: "Delete this note?",
    /** @param {number} max */
    tooLong: (max) => `A note holds at most ${max} characters — split it into two notes.`,
    /** @param {number} status */
    serverAnswered: (status) => `The server answered ${status}.`,
    linkGone: "This link does not open a table (any more). Scan your table's QR code again, or ask the facilitator.",
    unsent: "Not sent from this phone — copy it over:",
    needsLink: "This page needs your table's link. Scan the QR code on your table.",
  };
  /** @type {Record<string, typeof EN>} */
  const WORDS = {
    en: EN,
    de: {
      title: "Tischnotizen · Knowledge Café",
      newNote: "Neue Notiz",
      placeholder: "Notiz für euren Tisch schreiben…",
      cancel: "Abbrechen",
      add: "Notiz hinzufügen",
      save: "Speichern",
      empty: "Noch keine Notizen. Die erste gehört dir.",
      connecting: "Verbinde…",
      revoked: "Dieser Link gilt nicht mehr.",
      offlineKept: (n) => `Offline — ${n === 1 ? "1 Änderung ist auf diesem Handy gespeichert; sie wird" : `${n} Änderungen sind auf diesem Handy gespeichert; sie werden`} gesendet, sobald die Verbindung wieder da ist.`,
      offline: "Offline — verbinde neu…",
      saving: (n) => `Speichere… (${n} zu senden)`,
      saved: "Alle Notizen gespeichert ✓",
      timesUp: "Zeit ist um",
      topic: (t) => `Thema: ${t}`,
      beforeStart: (n, of) => `Vor dem Start · Runde ${n} von ${of}`,
      moving: (n) => `Tischwechsel · Notizen gehen in Runde ${n}`,
      over: (n, of) => `Das Café ist vorbei · Runde ${n} von ${of}`,
      round: (n, of) => `Runde ${n} von ${of}`,
      roundHeading: (n) => `Runde ${n}`,
      waiting: "wartet aufs Senden",
      edit: "Ändern",
      delete: "Löschen",
      confirmDelete: "Diese Notiz löschen?",
      tooLong: (max) => `Eine Notiz fasst höchstens ${max} Zeichen — teile sie in zwei Notizen.`,
      serverAnswered: (status) => `Der Server antwortete ${status}.`,
      linkGone: "Dieser Link öffnet keinen Tisch (mehr). Scanne den QR-Code deines Tisches noch einmal oder frag die Moderation.",
      unsent: "Von diesem Handy nicht gesendet — bitte übertragen:",
      needsLink: "Diese Seite braucht den Link deines Tisches. Scanne den QR-Code auf deinem Tisch.",
    },
    fr: {
      title: "Notes de table · Knowledge Café",
      newNote: "Nouvelle note",
      placeholder: "Écrire une note pour votre table…",
      cancel: "Annuler",
      add: "Ajouter la note",
      save: "Enregistrer",
      empty: "Pas encore de note. La première est pour vous.",
      connecting: "Connexion…",
      revoked: "Ce lien ne fonctionne plus.",
      offlineKept: (n) => `Hors ligne — ${n === 1 ? "1 modification gardée sur ce téléphone, envoyée" : `${n} modifications gardées sur ce téléphone, envoyées`} au retour de la connexion.`,
      offline: "Hors ligne — reconnexion…",
      saving: (n) => `Enregistrement… (${n} à envoyer)`,
      saved: "Toutes les notes sont enregistrées ✓",
      timesUp: "Temps écoulé",
      topic: (t) => `Thème : ${t}`,
      beforeStart: (n, of) => `Avant le début · tour ${n} sur ${of}`,
      moving: (n) => `Changement de table · les notes vont au tour ${n}`,
      over: (n, of) => `Le café est terminé · tour ${n} sur ${of}`,
      round: (n, of) => `Tour ${n} sur ${of}`,
      roundHeading: (n) => `Tour ${n}`,
      waiting: "en attente d'envoi",
      edit: "Modifier",
      delete: "Supprimer",
      confirmDelete: "Supprimer cette note ?",
      tooLong: (max) => `Une note contient au plus ${max} caractères — coupez-la en deux notes.`,
      serverAnswered: (status) => `Le serveur a répondu ${status}.`,
      linkGone: "Ce lien n'ouvre (plus) aucune table. Scannez à nouveau le QR code de votre table, ou demandez à l'animateur.",
      unsent: "Non envoyé depuis ce téléphone — à recopier :",
      needsLink: "Cette page a besoin du lien de votre table. Scannez le QR code posé sur votre table.",
    },
    es: {
      title: "Notas de mesa · Knowledge Café",
      newNote: "Nueva nota",
      placeholder: "Escribe una nota para tu mesa…",
      cancel: "Cancelar",
      add: "Añadir nota",
      save: "Guardar",
      empty: "Aún no hay notas. La primera es tuya.",
      connecting: "Conectando…",
      revoked: "Este enlace ya no funciona.",
      offlineKept: (n) => `Sin conexión — ${n === 1 ? "1 cambio guardado en este móvil; se enviará" : `${n} cambios guardados en este móvil; se enviarán`} cuando vuelva la conexión.`,
      offline: "Sin conexión — reconectando…",
      saving: (n) => `Guardando… (${n} por enviar)`,
      saved: "Todas las notas guardadas ✓",
      timesUp: "Se acabó el tiempo",
      topic: (t) => `Tema: ${t}`,
      beforeStart: (n, of) => `Antes del inicio · ronda ${n} de ${of}`,
      moving: (n) => `Cambio de mesa · las notas van a la ronda ${n}`,
      over: (n, of) => `El café ha terminado · ronda ${n} de ${of}`,
      round: (n, of) => `Ronda ${n} de ${of}`,
      roundHeading: (n) => `Ronda ${n}`,
      waiting: "pendiente de envío",
      edit: "Editar",
      delete: "Borrar",
      confirmDelete: "¿Borrar esta nota?",
      tooLong: (max) => `Una nota admite como máximo ${max} caracteres: divídela en dos notas.`,
      serverAnswered: (status) => `El servidor respondió ${status}.`,
      linkGone: "Este enlace ya no abre ninguna mesa. Vuelve a escanear el código QR de tu mesa o pregunta a quien facilita.",
      unsent: "No enviado desde este móvil; cópialo:",
      needsLink: "Esta página necesita el enlace de tu mesa. Escanea el código QR de tu mesa.",
    },
    sv: {
      title: "Bordsanteckningar · Knowledge Café",
      newNote: "Ny anteckning",
      placeholder: "Skriv en anteckning för ert bord…",
      cancel: "Avbryt",
      add: "Lägg till",
      save: "Spara",
      empty: "Inga anteckningar än. Den första är din.",
      connecting: "Ansluter…",
      revoked: "Den här länken fungerar inte längre.",
      offlineKept: (n) => `Offline — ${n} ${n === 1 ? "ändring sparad" : "ändringar sparade"} på telefonen, skickas när anslutningen är tillbaka.`,
      offline: "Offline — återansluter…",
      saving: (n) => `Sparar… (${n} att skicka)`,
      saved: "Alla anteckningar sparade ✓",
      timesUp: "Tiden är ute",
      topic: (t) => `Tema: ${t}`,
      beforeStart: (n, of) => `Före start · omgång ${n} av ${of}`,
      moving: (n) => `Bordsbyte · anteckningar går till omgång ${n}`,
      over: (n, of) => `Caféet är slut · omgång ${n} av ${of}`,
      round: (n, of) => `Omgång ${n} av ${of}`,
      roundHeading: (n) => `Omgång ${n}`,
      waiting: "väntar på att skickas",
      edit: "Ändra",
      delete: "Radera",
      confirmDelete: "Radera anteckningen?",
      tooLong: (max) => `En anteckning rymmer högst ${max} tecken — dela den i två.`,
      serverAnswered: (status) => `Servern svarade ${status}.`,
      linkGone: "Den här länken öppnar inget bord (längre). Skanna bordets QR-kod igen eller fråga samtalsledaren.",
      unsent: "Inte skickat från den här telefonen — kopiera över:",
      needsLink: "Sidan behöver ditt bords länk. Skanna QR-koden på ditt bord.",
    },
  };
  const language =
    (navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language])
      .map((l) => String(l).split("-")[0].toLowerCase())
      .find((l) => l in WORDS) ?? "en";
  const T = WORDS[language];
  /** Times in the phone's languages (the browser's default locale may be another); a language list the browser
   * cannot use (a malformed tag) falls back to its default. */
  const timeFormat = (() => {
    /** @type {Intl.DateTimeFormatOptions} */
    const options = { hour: "2-digit", minute: "2-digit" };
    try {
      return new Intl.DateTimeFormat([...(navigator.languages ?? [])], options);
    } catch {
      return new Intl.DateTimeFormat(undefined, options);
    }
  })();

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
      s.textContent = T.revoked;
      s.classList.add("bad");
    } else if (!online) {
      s.textContent = waiting > 0 ? T.offlineKept(waiting) : T.offline;
      s.classList.add("offline");
    } else if (waiting > 0 || sending) {
      s.textContent = T.saving(Math.max(waiting, 1));
    } else if (view) {
      s.textContent = T.saved;
      s.classList.add("saved");
    } else {
      s.textContent = T.connecting;
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
    el.textContent = active ? (left > 0 ? clockText(left) : T.timesUp) : "";
    el.classList.toggle("over", active && left <= 0);
    el.classList.toggle("warning", active && left > 0 && left <= 60_000);
  }

  function renderHeader() {
    if (!view) return;
    $("phone-cafe").textContent = view.cafe;
    $("phone-table").textContent = view.table.name;
    document.title = `${view.table.name} · ${view.cafe}`;
    const topic = $("phone-topic");
    topic.textContent = view.table.topic ? T.topic(view.table.topic) : "";
    topic.hidden = !view.table.topic;
    const r = view.round;
    const label =
      view.clock.stage === "not_started"
        ? T.beforeStart(r.number, r.of)
        : view.clock.stage === "move"
          ? T.moving(r.number)
          : view.clock.stage === "done"
            ? T.over(r.number, r.of)
            : T.round(r.number, r.of);
    $("phone-round-label").textContent = label;
    $("phone-question").textContent = r.question;
    $("phone-round").hidden = false;
    $("phone-compose").hidden = revoked;
    tick();
  }

  /** @param {string} iso */
  function timeOf(iso) {
    const d = new Date(iso);
    return isNaN(d.getTime()) ? "" : timeFormat.format(d);
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
        h.textContent = T.roundHeading(round);
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
      when.textContent = (n.starred ? "★ " : "") + (n.pending ? T.waiting : timeOf(n.created_at)) + (n.author ? ` · ${n.author}` : "");
      const edit = document.createElement("button");
      edit.type = "button";
      edit.className = "link";
      edit.textContent = T.edit;
      edit.dataset.testid = "phone-note-edit";
      edit.addEventListener("click", () => startEdit(n.key, n.text));
      const del = document.createElement("button");
      del.type = "button";
      del.className = "link";
      del.textContent = T.delete;
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
    $("phone-add").textContent = T.save;
    $("phone-cancel").hidden = false;
    input.focus();
    counter();
  }

  function stopEdit() {
    editing = null;
    /** @type {HTMLTextAreaElement} */ ($("phone-note-input")).value = "";
    $("phone-add").textContent = T.add;
    $("phone-cancel").hidden = true;
    counter();
  }

  /** @param {string} key */
  function remove(key) {
    if (!confirm(T.confirmDelete)) return;
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
      problem(T.tooLong(max));
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
    return T.serverAnswered(response.status);
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
      T.linkGone + (unsent.length > 0 ? `\n\n${T.unsent}\n\n${unsent.join("\n\n")}` : ""),
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

  /** The words written into the page itself, in the phone's language. */
  function translatePage() {
    document.documentElement.lang = language;
    document.title = T.title;
    const label = document.querySelector('label[for="note-text"]');
    if (label) label.textContent = T.newNote;
    /** @type {HTMLTextAreaElement} */ ($("phone-note-input")).placeholder = T.placeholder;
    $("phone-cancel").textContent = T.cancel;
    $("phone-add").textContent = T.add;
    $("phone-empty").textContent = T.empty;
    $("phone-status").textContent = T.connecting;
  }

  function start() {
    translatePage();
    if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) {
      revoked = true;
      problem(T.needsLink);
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
