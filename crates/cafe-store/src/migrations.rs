//! The schema, as an append-only list of migrations. The database's `PRAGMA user_version` says how many have been
//! applied; opening a database applies the rest, each in its own transaction together with the new version number.
//! Never edit or reorder a migration that has shipped: add a new one at the end.

use rusqlite::Connection;

use crate::StoreError;

/// The migrations, oldest first. `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: cafés, their rounds, tables and attendees.
    r#"
    CREATE TABLE cafe (
        id           TEXT PRIMARY KEY,
        title        TEXT NOT NULL,
        date         TEXT,
        venue        TEXT NOT NULL,
        facilitator  TEXT NOT NULL,
        language     TEXT NOT NULL,
        format       TEXT NOT NULL CHECK (format IN ('world_cafe', 'knowledge_cafe')),
        move_minutes INTEGER NOT NULL CHECK (move_minutes >= 0),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE round (
        id               TEXT PRIMARY KEY,
        cafe_id          TEXT NOT NULL REFERENCES cafe(id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        question         TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0)
    ) STRICT;
    CREATE INDEX round_by_cafe ON round(cafe_id, position);

    CREATE TABLE attendee (
        id           TEXT PRIMARY KEY,
        cafe_id      TEXT NOT NULL REFERENCES cafe(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        organisation TEXT,
        email        TEXT,
        role         TEXT NOT NULL CHECK (role IN ('host', 'traveller'))
    ) STRICT;
    CREATE INDEX attendee_by_cafe ON attendee(cafe_id);

    CREATE TABLE cafe_table (
        id       TEXT PRIMARY KEY,
        cafe_id  TEXT NOT NULL REFERENCES cafe(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name     TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        topic    TEXT,
        host_id  TEXT REFERENCES attendee(id) ON DELETE SET NULL
    ) STRICT;
    CREATE INDEX cafe_table_by_cafe ON cafe_table(cafe_id, position);
    CREATE UNIQUE INDEX cafe_table_name ON cafe_table(cafe_id, name COLLATE NOCASE);
    CREATE UNIQUE INDEX cafe_table_host ON cafe_table(host_id) WHERE host_id IS NOT NULL;
    "#,
    // 2: app-wide facts (such as whether the demo café was created on first start), and attendees found by e-mail.
    r#"
    CREATE TABLE app_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE INDEX attendee_by_email ON attendee(cafe_id, email COLLATE NOCASE) WHERE email IS NOT NULL;
    "#,
    // 3: the seating plan — who sits where in each round (a locked seat is kept when the plan is made again) —
    // and who misses which round.
    r#"
    CREATE TABLE seat (
        round_id    TEXT NOT NULL REFERENCES round(id) ON DELETE CASCADE,
        attendee_id TEXT NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        table_id    TEXT NOT NULL REFERENCES cafe_table(id) ON DELETE CASCADE,
        locked      INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        PRIMARY KEY (round_id, attendee_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX seat_by_table ON seat(table_id);
    CREATE INDEX seat_by_attendee ON seat(attendee_id);

    CREATE TABLE absence (
        round_id    TEXT NOT NULL REFERENCES round(id) ON DELETE CASCADE,
        attendee_id TEXT NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
        PRIMARY KEY (round_id, attendee_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX absence_by_attendee ON absence(attendee_id);

    CREATE TABLE seating_plan (
        cafe_id      TEXT PRIMARY KEY REFERENCES cafe(id) ON DELETE CASCADE,
        generated_at TEXT NOT NULL,
        lower_bound  INTEGER NOT NULL,
        elapsed_ms   INTEGER NOT NULL,
        method       TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: the round clock of a café being run, and when its warning shows.
    r#"
    ALTER TABLE cafe ADD COLUMN warning_minutes INTEGER NOT NULL DEFAULT 2 CHECK (warning_minutes >= 0);
    CREATE TABLE run_clock (
        cafe_id     TEXT PRIMARY KEY REFERENCES cafe(id) ON DELETE CASCADE,
        stage       TEXT NOT NULL CHECK (stage IN ('not_started', 'round', 'move', 'done')),
        stage_index INTEGER NOT NULL DEFAULT 0 CHECK (stage_index >= 0),
        timer       TEXT NOT NULL CHECK (timer IN ('planned', 'running', 'paused')),
        timer_ms    INTEGER NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT;
    "#,
    // 5: the notes table hosts capture, per table and round. Deleting keeps the row (deleted_at) so that it can
    // be undone; client_id makes a retried write from a phone land once.
    r#"
    CREATE TABLE note (
        id         TEXT PRIMARY KEY,
        cafe_id    TEXT NOT NULL REFERENCES cafe(id) ON DELETE CASCADE,
        table_id   TEXT NOT NULL REFERENCES cafe_table(id) ON DELETE CASCADE,
        round_id   TEXT NOT NULL REFERENCES round(id) ON DELETE CASCADE,
        text       TEXT NOT NULL,
        author     TEXT,
        starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        client_id  TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
    ) STRICT;
    CREATE INDEX note_by_cafe ON note(cafe_id, created_at);
    CREATE INDEX note_by_table ON note(table_id, round_id);
    "#,
    // 6: each table's secret for its join link (hosts' phones over the LAN). Tables that already exist get one
    // from SQLite's randomblob (128 bits); new tables get 192 bits from the operating system (see `lan.rs`).
    r#"
    CREATE TABLE table_token (
        table_id   TEXT PRIMARY KEY REFERENCES cafe_table(id) ON DELETE CASCADE,
        token      TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO table_token (table_id, token, created_at)
        SELECT id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM cafe_table;
    "#,
    // 7: common threads. Detection writes threads with `curated = 0` and places notes with `by_facilitator = 0`;
    // whatever the facilitator touches becomes curated (kept as it is when detection runs again). A placement with
    // no thread is a note the facilitator took out of every thread.
    r#"
    CREATE TABLE thread (
        id         TEXT PRIMARY KEY,
        cafe_id    TEXT NOT NULL REFERENCES cafe(id) ON DELETE CASCADE,
        title      TEXT NOT NULL,
        synthesis  TEXT NOT NULL DEFAULT '',
        keywords   TEXT NOT NULL DEFAULT '[]',
        curated    INTEGER NOT NULL DEFAULT 0 CHECK (curated IN (0, 1)),
        pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        hidden     INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX thread_by_cafe ON thread(cafe_id);
    CREATE TABLE thread_note (
        note_id        TEXT PRIMARY KEY REFERENCES note(id) ON DELETE CASCADE,
        thread_id      TEXT REFERENCES thread(id) ON DELETE CASCADE,
        by_facilitator INTEGER NOT NULL DEFAULT 0 CHECK (by_facilitator IN (0, 1))
    ) STRICT;
    CREATE INDEX thread_note_by_thread ON thread_note(thread_id);
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database's schema version.
pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?)
}

/// Brings the database up to `target` (at most [`SCHEMA_VERSION`]). A database from a newer build is refused, so
/// that an old app never writes to a schema it does not know.
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
