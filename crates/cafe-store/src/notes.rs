//! The notes table hosts capture: one row per note, belonging to a table and a round. Deleting marks the row
//! (`deleted_at`) so that the facilitator can undo it; a deleted note is not listed. Notes restored from a café
//! file keep the times, star and phone's id they were written with ([`NoteCopy`]).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

/// A stored note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRecord {
    pub id: Uuid,
    pub cafe_id: Uuid,
    pub table_id: Uuid,
    pub round_id: Uuid,
    pub text: String,
    pub author: Option<String>,
    pub starred: bool,
    /// The id a phone gave the note when it wrote it.
    pub client_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A note as it was written elsewhere (in a café file), to be stored with its own times, star and phone's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCopy {
    pub table_id: Uuid,
    pub round_id: Uuid,
    pub text: String,
    pub author: Option<String>,
    pub starred: bool,
    /// The id the phone gave the note; it must not be taken by another note of the database.
    pub client_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn parse_id(s: String) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&s).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("bad id {s}").into(),
        )
    })
}

fn parse_time(s: String) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("bad time {s}").into(),
            )
        })
}

const COLUMNS: &str =
    "id, cafe_id, table_id, round_id, text, author, starred, created_at, updated_at, client_id";

fn note_from_row(row: &Row<'_>) -> rusqlite::Result<NoteRecord> {
    Ok(NoteRecord {
        id: parse_id(row.get(0)?)?,
        cafe_id: parse_id(row.get(1)?)?,
        table_id: parse_id(row.get(2)?)?,
        round_id: parse_id(row.get(3)?)?,
        text: row.get(4)?,
        author: row.get(5)?,
        starred: row.get(6)?,
        created_at: parse_time(row.get(7)?)?,
        updated_at: parse_time(row.get(8)?)?,
        client_id: row.get(9)?,
    })
}

impl Read<'_> {
    /// A café's notes, oldest first.
    pub fn notes(&self, cafe_id: Uuid) -> Result<Vec<NoteRecord>, StoreError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note WHERE cafe_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([cafe_id.to_string()], note_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A table's notes in every round, oldest first.
    pub fn table_notes(&self, table_id: Uuid) -> Result<Vec<NoteRecord>, StoreError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note WHERE table_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([table_id.to_string()], note_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the note was deleted (and not restored).
    pub fn note_deleted(&self, id: Uuid) -> Result<bool, StoreError> {
        let deleted: Option<Option<String>> = self
            .tx
            .query_row(
                "SELECT deleted_at FROM note WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match deleted {
            Some(at) => Ok(at.is_some()),
            None => Err(StoreError::NotFound {
                entity: "note",
                id: id.to_string(),
            }),
        }
    }

    /// The note a phone wrote with `client_id`, also a deleted one.
    pub fn note_by_client_id(&self, client_id: &str) -> Result<Option<NoteRecord>, StoreError> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM note WHERE client_id = ?1"),
                [client_id],
                note_from_row,
            )
            .optional()?)
    }

    /// One note, also a deleted one.
    pub fn note(&self, id: Uuid) -> Result<NoteRecord, StoreError> {
        self.tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM note WHERE id = ?1"),
                [id.to_string()],
                note_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "note",
                id: id.to_string(),
            })
    }
}

impl Write<'_> {
    fn time(&self) -> String {
        self.now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Adds notes to a table in a round: `(table, round, text, author)`; returns their ids. The table and round
    /// must belong to the café.
    pub fn insert_notes(
        &mut self,
        cafe_id: Uuid,
        notes: &[(Uuid, Uuid, String, Option<String>)],
    ) -> Result<Vec<Uuid>, StoreError> {
        let mut ids = Vec::with_capacity(notes.len());
        let now = self.time();
        for (table, round, text, author) in notes {
            if self.table_cafe(*table)? != cafe_id {
                return Err(StoreError::NotFound {
                    entity: "table",
                    id: table.to_string(),
                });
            }
            if self.round_cafe(*round)? != cafe_id {
                return Err(StoreError::NotFound {
                    entity: "round",
                    id: round.to_string(),
                });
            }
            let id = Uuid::now_v7();
            self.tx.execute(
                "INSERT INTO note (id, cafe_id, table_id, round_id, text, author, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![id.to_string(), cafe_id.to_string(), table.to_string(), round.to_string(), text, author, now],
            )?;
            ids.push(id);
        }
        if !ids.is_empty() {
            self.changed(cafe_id, Entity::Note, Action::Created);
        }
        Ok(ids)
    }

    /// Adds notes as they were written elsewhere (a café file), keeping their times, star and client ids; returns
    /// their ids in order. The tables and rounds must belong to the café.
    pub fn insert_note_copies(
        &mut self,
        cafe_id: Uuid,
        notes: &[NoteCopy],
    ) -> Result<Vec<Uuid>, StoreError> {
        use std::collections::HashSet;
        let tables: HashSet<Uuid> = self.tables(cafe_id)?.iter().map(|t| t.id).collect();
        let rounds: HashSet<Uuid> = self.rounds(cafe_id)?.iter().map(|r| r.id).collect();
        let mut ids = Vec::with_capacity(notes.len());
        {
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO note (id, cafe_id, table_id, round_id, text, author, starred, client_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let cafe = cafe_id.to_string();
            let time = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            for n in notes {
                if !tables.contains(&n.table_id) {
                    return Err(StoreError::NotFound {
                        entity: "table",
                        id: n.table_id.to_string(),
                    });
                }
                if !rounds.contains(&n.round_id) {
                    return Err(StoreError::NotFound {
                        entity: "round",
                        id: n.round_id.to_string(),
                    });
                }
                let id = Uuid::now_v7();
                stmt.execute(params![
                    id.to_string(),
                    cafe,
                    n.table_id.to_string(),
                    n.round_id.to_string(),
                    n.text,
                    n.author,
                    n.starred,
                    n.client_id,
                    time(n.created_at),
                    time(n.updated_at)
                ])?;
                ids.push(id);
            }
        }
        if !ids.is_empty() {
            self.changed(cafe_id, Entity::Note, Action::Created);
        }
        Ok(ids)
    }

    /// Adds a note written on a phone. `client_id` is the phone's own id for the note: when a note with that id
    /// exists already (the phone retried after a lost answer), nothing is added and that note's id is returned with
    /// `false`.
    pub fn insert_client_note(
        &mut self,
        table_id: Uuid,
        round_id: Uuid,
        text: &str,
        author: Option<&str>,
        client_id: &str,
    ) -> Result<(Uuid, bool), StoreError> {
        if let Some(existing) = self.note_by_client_id(client_id)? {
            if existing.table_id != table_id {
                return Err(StoreError::Conflict(
                    "this client id belongs to a note of another table".into(),
                ));
            }
            return Ok((existing.id, false));
        }
        let cafe_id = self.table_cafe(table_id)?;
        if self.round_cafe(round_id)? != cafe_id {
            return Err(StoreError::NotFound {
                entity: "round",
                id: round_id.to_string(),
            });
        }
        let id = Uuid::now_v7();
        let now = self.time();
        self.tx.execute(
            "INSERT INTO note (id, cafe_id, table_id, round_id, text, author, client_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                id.to_string(),
                cafe_id.to_string(),
                table_id.to_string(),
                round_id.to_string(),
                text,
                author,
                client_id,
                now
            ],
        )?;
        self.changed(cafe_id, Entity::Note, Action::Created);
        Ok((id, true))
    }

    /// Changes a note's text, author or star.
    pub fn update_note(
        &mut self,
        id: Uuid,
        text: &str,
        author: Option<&str>,
        starred: bool,
    ) -> Result<Uuid, StoreError> {
        let note = self.note(id)?;
        let now = self.time();
        self.tx.execute(
            "UPDATE note SET text = ?2, author = ?3, starred = ?4, updated_at = ?5 WHERE id = ?1",
            params![id.to_string(), text, author, starred, now],
        )?;
        self.changed(note.cafe_id, Entity::Note, Action::Updated);
        Ok(note.cafe_id)
    }

    /// Deletes a note (it can be restored) or — with `deleted` false — restores it.
    pub fn set_note_deleted(&mut self, id: Uuid, deleted: bool) -> Result<Uuid, StoreError> {
        let note = self.note(id)?;
        let when = deleted.then(|| self.time());
        self.tx.execute(
            "UPDATE note SET deleted_at = ?2 WHERE id = ?1",
            params![id.to_string(), when],
        )?;
        self.changed(
            note.cafe_id,
            Entity::Note,
            if deleted {
                Action::Deleted
            } else {
                Action::Created
            },
        );
        Ok(note.cafe_id)
    }
}
