//! Common threads as stored: each thread of a café (title, synthesis, keywords, whether the facilitator curated,
//! pinned or hid it) and where each note is placed (in which thread, and whether the facilitator put it there).
//! Detection replaces what it made itself and never what the facilitator touched; which is which is decided in
//! cafe-api, the store only keeps it.

use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

/// A stored thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRecord {
    pub id: Uuid,
    pub cafe_id: Uuid,
    pub title: String,
    pub synthesis: String,
    pub keywords: Vec<String>,
    pub curated: bool,
    pub pinned: bool,
    pub hidden: bool,
}

/// Where a note is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub note_id: Uuid,
    /// `None`: the facilitator took the note out of every thread.
    pub thread_id: Option<Uuid>,
    pub by_facilitator: bool,
}

fn uuid(s: &str) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("bad id {s}").into(),
        )
    })
}

fn thread_from_row(row: &Row<'_>) -> rusqlite::Result<ThreadRecord> {
    let keywords: String = row.get(4)?;
    Ok(ThreadRecord {
        id: uuid(&row.get::<_, String>(0)?)?,
        cafe_id: uuid(&row.get::<_, String>(1)?)?,
        title: row.get(2)?,
        synthesis: row.get(3)?,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
        curated: row.get(5)?,
        pinned: row.get(6)?,
        hidden: row.get(7)?,
    })
}

const COLUMNS: &str = "id, cafe_id, title, synthesis, keywords, curated, pinned, hidden";

impl Read<'_> {
    /// A café's threads, oldest first.
    pub fn threads(&self, cafe_id: Uuid) -> Result<Vec<ThreadRecord>, StoreError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM thread WHERE cafe_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([cafe_id.to_string()], thread_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn thread(&self, id: Uuid) -> Result<ThreadRecord, StoreError> {
        self.tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM thread WHERE id = ?1"),
                [id.to_string()],
                thread_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "thread",
                id: id.to_string(),
            })
    }

    /// Where the café's (not deleted) notes are placed; a note with no placement has not been seen by detection.
    pub fn placements(&self, cafe_id: Uuid) -> Result<Vec<Placement>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT p.note_id, p.thread_id, p.by_facilitator FROM thread_note p JOIN note n ON n.id = p.note_id
             WHERE n.cafe_id = ?1 AND n.deleted_at IS NULL ORDER BY n.created_at, n.id",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |r| {
            let thread: Option<String> = r.get(1)?;
            Ok(Placement {
                note_id: uuid(&r.get::<_, String>(0)?)?,
                thread_id: thread.as_deref().map(uuid).transpose()?,
                by_facilitator: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Write<'_> {
    /// Adds a thread; returns its id.
    pub fn insert_thread(
        &mut self,
        cafe_id: Uuid,
        title: &str,
        keywords: &[String],
        curated: bool,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let now = self
            .now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let keywords = serde_json::to_string(keywords).unwrap_or_else(|_| "[]".into());
        self.tx.execute(
            "INSERT INTO thread (id, cafe_id, title, keywords, curated, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                id.to_string(),
                cafe_id.to_string(),
                title,
                keywords,
                curated,
                now
            ],
        )?;
        self.changed(cafe_id, Entity::Thread, Action::Created);
        Ok(id)
    }

    /// Stores a thread's title, synthesis, flags and keywords as given.
    pub fn update_thread(&mut self, t: &ThreadRecord) -> Result<(), StoreError> {
        let now = self
            .now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let keywords = serde_json::to_string(&t.keywords).unwrap_or_else(|_| "[]".into());
        let n = self.tx.execute(
            "UPDATE thread SET title = ?2, synthesis = ?3, keywords = ?4, curated = ?5, pinned = ?6, hidden = ?7,
             updated_at = ?8 WHERE id = ?1",
            params![t.id.to_string(), t.title, t.synthesis, keywords, t.curated, t.pinned, t.hidden, now],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "thread",
                id: t.id.to_string(),
            });
        }
        self.changed(t.cafe_id, Entity::Thread, Action::Updated);
        Ok(())
    }

    /// Deletes a thread; its notes' placements go with it.
    pub fn delete_thread(&mut self, id: Uuid) -> Result<(), StoreError> {
        let t = self.thread(id)?;
        self.tx
            .execute("DELETE FROM thread WHERE id = ?1", [id.to_string()])?;
        self.changed(t.cafe_id, Entity::Thread, Action::Deleted);
        Ok(())
    }

    /// Places a note in a thread (or, with `None`, in none), replacing where it was.
    pub fn place_note(
        &mut self,
        cafe_id: Uuid,
        note_id: Uuid,
        thread_id: Option<Uuid>,
        by_facilitator: bool,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO thread_note (note_id, thread_id, by_facilitator) VALUES (?1, ?2, ?3)
             ON CONFLICT (note_id) DO UPDATE SET thread_id = excluded.thread_id, by_facilitator = excluded.by_facilitator",
            params![note_id.to_string(), thread_id.map(|t| t.to_string()), by_facilitator],
        )?;
        self.changed(cafe_id, Entity::Thread, Action::Updated);
        Ok(())
    }

    /// Forgets where a note was placed (detection will look at it again).
    pub fn unplace_note(&mut self, cafe_id: Uuid, note_id: Uuid) -> Result<(), StoreError> {
        self.tx.execute(
            "DELETE FROM thread_note WHERE note_id = ?1",
            [note_id.to_string()],
        )?;
        self.changed(cafe_id, Entity::Thread, Action::Updated);
        Ok(())
    }
}
