//! The SQL behind [`Read`] and [`Write`]: loading cafés with their rounds, tables and attendees, and the writes
//! that change them. Rows are turned into cafe-core types here and nowhere else.

use cafe_core::{
    Attendee, AttendeeInput, Cafe, CafeDetails, Format, Role, Round, RoundInput, Table, TableInput,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

/// A café with its counts, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CafeSummary {
    pub cafe: Cafe,
    pub rounds: u32,
    pub tables: u32,
    pub attendees: u32,
}

/// A café with everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CafeRecord {
    pub cafe: Cafe,
    pub rounds: Vec<Round>,
    pub tables: Vec<Table>,
    pub attendees: Vec<Attendee>,
}

fn damaged(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} \"{value}\" cannot be read").into(),
    )
}

fn uuid_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(i)?;
    Uuid::parse_str(&s).map_err(|_| damaged("id", &s))
}

fn opt_uuid_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(i)?;
    s.map(|s| Uuid::parse_str(&s).map_err(|_| damaged("id", &s)))
        .transpose()
}

fn time_at(row: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(i)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| damaged("time", &s))
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

const CAFE_COLUMNS: &str =
    "id, title, date, venue, facilitator, language, format, move_minutes, created_at, updated_at";

fn cafe_from_row(row: &Row<'_>) -> rusqlite::Result<Cafe> {
    let date: Option<String> = row.get(2)?;
    let date = date
        .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| damaged("date", &d)))
        .transpose()?;
    let format: String = row.get(6)?;
    Ok(Cafe {
        id: uuid_at(row, 0)?,
        details: CafeDetails {
            title: row.get(1)?,
            date,
            venue: row.get(3)?,
            facilitator: row.get(4)?,
            language: row.get(5)?,
            format: Format::parse(&format).ok_or_else(|| damaged("format", &format))?,
            move_minutes: row.get(7)?,
        },
        created_at: time_at(row, 8)?,
        updated_at: time_at(row, 9)?,
    })
}

fn role_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Role> {
    let s: String = row.get(i)?;
    match s.as_str() {
        "host" => Ok(Role::Host),
        "traveller" => Ok(Role::Traveller),
        _ => Err(damaged("role", &s)),
    }
}

fn attendee_from_row(row: &Row<'_>) -> rusqlite::Result<Attendee> {
    Ok(Attendee {
        id: uuid_at(row, 0)?,
        name: row.get(1)?,
        organisation: row.get(2)?,
        email: row.get(3)?,
        role: role_at(row, 4)?,
    })
}

/// The two ordered lists a café has: rounds and tables. Their names are constants, never user text.
#[derive(Clone, Copy)]
enum Ordered {
    Round,
    Table,
}

impl Ordered {
    fn sql_table(self) -> &'static str {
        match self {
            Ordered::Round => "round",
            Ordered::Table => "cafe_table",
        }
    }
    fn entity(self) -> Entity {
        match self {
            Ordered::Round => Entity::Round,
            Ordered::Table => Entity::Table,
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Ordered::Round => "round",
            Ordered::Table => "table",
        }
    }
}

impl Read<'_> {
    /// Every café with its counts, most recently edited first.
    pub fn list_cafes(&self) -> Result<Vec<CafeSummary>, StoreError> {
        let sql = format!(
            "SELECT {CAFE_COLUMNS},
                (SELECT count(*) FROM round r WHERE r.cafe_id = c.id),
                (SELECT count(*) FROM cafe_table t WHERE t.cafe_id = c.id),
                (SELECT count(*) FROM attendee a WHERE a.cafe_id = c.id)
             FROM cafe c ORDER BY updated_at DESC, id DESC"
        );
        let mut stmt = self.tx.prepare(&sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(CafeSummary {
                cafe: cafe_from_row(row)?,
                rounds: row.get(10)?,
                tables: row.get(11)?,
                attendees: row.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One café's details.
    pub fn cafe(&self, id: Uuid) -> Result<Cafe, StoreError> {
        let sql = format!("SELECT {CAFE_COLUMNS} FROM cafe WHERE id = ?1");
        self.tx
            .query_row(&sql, [id.to_string()], cafe_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "café",
                id: id.to_string(),
            })
    }

    /// One café with its rounds, tables and attendees (attendees by name).
    pub fn cafe_record(&self, id: Uuid) -> Result<CafeRecord, StoreError> {
        let cafe = self.cafe(id)?;
        Ok(CafeRecord {
            rounds: self.rounds(id)?,
            tables: self.tables(id)?,
            attendees: self.attendees(id)?,
            cafe,
        })
    }

    pub fn rounds(&self, cafe_id: Uuid) -> Result<Vec<Round>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, position, question, duration_minutes FROM round WHERE cafe_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |row| {
            Ok(Round {
                id: uuid_at(row, 0)?,
                number: row.get(1)?,
                question: row.get(2)?,
                duration_minutes: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn tables(&self, cafe_id: Uuid) -> Result<Vec<Table>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, position, name, capacity, topic, host_id FROM cafe_table WHERE cafe_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |row| {
            Ok(Table {
                id: uuid_at(row, 0)?,
                number: row.get(1)?,
                name: row.get(2)?,
                capacity: row.get(3)?,
                topic: row.get(4)?,
                host_id: opt_uuid_at(row, 5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn attendees(&self, cafe_id: Uuid) -> Result<Vec<Attendee>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, name, organisation, email, role FROM attendee WHERE cafe_id = ?1
             ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], attendee_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The café a round, table or attendee belongs to.
    fn owner(&self, sql_table: &str, noun: &'static str, id: Uuid) -> Result<Uuid, StoreError> {
        let sql = format!("SELECT cafe_id FROM {sql_table} WHERE id = ?1");
        self.tx
            .query_row(&sql, [id.to_string()], |r| uuid_at(r, 0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: noun,
                id: id.to_string(),
            })
    }

    pub fn round_cafe(&self, round_id: Uuid) -> Result<Uuid, StoreError> {
        self.owner("round", "round", round_id)
    }

    pub fn table_cafe(&self, table_id: Uuid) -> Result<Uuid, StoreError> {
        self.owner("cafe_table", "table", table_id)
    }

    pub fn attendee_cafe(&self, attendee_id: Uuid) -> Result<Uuid, StoreError> {
        self.owner("attendee", "attendee", attendee_id)
    }

    /// An app-wide fact stored under `key`.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .tx
            .query_row("SELECT value FROM app_meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn count(&self, ordered: Ordered, cafe_id: Uuid) -> Result<u32, StoreError> {
        let sql = format!(
            "SELECT count(*) FROM {} WHERE cafe_id = ?1",
            ordered.sql_table()
        );
        Ok(self
            .tx
            .query_row(&sql, [cafe_id.to_string()], |r| r.get(0))?)
    }
}

impl Write<'_> {
    fn touch(&mut self, cafe_id: Uuid) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE cafe SET updated_at = ?2 WHERE id = ?1",
            params![cafe_id.to_string(), time_text(self.now)],
        )?;
        Ok(())
    }

    /// Stores a new café with its rounds and tables; returns its id.
    pub fn insert_cafe(
        &mut self,
        d: &CafeDetails,
        rounds: &[RoundInput],
        tables: &[TableInput],
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let now = time_text(self.now);
        self.tx.execute(
            &format!(
                "INSERT INTO cafe ({CAFE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
            ),
            params![
                id.to_string(),
                d.title,
                d.date.map(|d| d.format("%Y-%m-%d").to_string()),
                d.venue,
                d.facilitator,
                d.language,
                d.format.as_str(),
                d.move_minutes,
                now
            ],
        )?;
        self.changed(id, Entity::Cafe, Action::Created);
        for r in rounds {
            self.insert_round(id, r)?;
        }
        for t in tables {
            self.insert_table(id, t)?;
        }
        Ok(id)
    }

    /// Replaces a café's details.
    pub fn update_cafe(&mut self, id: Uuid, d: &CafeDetails) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE cafe SET title = ?2, date = ?3, venue = ?4, facilitator = ?5, language = ?6, format = ?7,
                 move_minutes = ?8, updated_at = ?9 WHERE id = ?1",
            params![
                id.to_string(),
                d.title,
                d.date.map(|d| d.format("%Y-%m-%d").to_string()),
                d.venue,
                d.facilitator,
                d.language,
                d.format.as_str(),
                d.move_minutes,
                time_text(self.now)
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "café",
                id: id.to_string(),
            });
        }
        self.changed(id, Entity::Cafe, Action::Updated);
        Ok(())
    }

    /// Deletes a café and everything in it.
    pub fn delete_cafe(&mut self, id: Uuid) -> Result<(), StoreError> {
        let n = self
            .tx
            .execute("DELETE FROM cafe WHERE id = ?1", [id.to_string()])?;
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "café",
                id: id.to_string(),
            });
        }
        self.changed(id, Entity::Cafe, Action::Deleted);
        Ok(())
    }

    /// Appends a round; returns its id.
    pub fn insert_round(&mut self, cafe_id: Uuid, r: &RoundInput) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let position = self.count(Ordered::Round, cafe_id)? + 1;
        self.tx.execute(
            "INSERT INTO round (id, cafe_id, position, question, duration_minutes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.to_string(), cafe_id.to_string(), position, r.question, r.duration_minutes],
        )?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Round, Action::Created);
        Ok(id)
    }

    pub fn update_round(&mut self, id: Uuid, r: &RoundInput) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(id)?;
        self.tx.execute(
            "UPDATE round SET question = ?2, duration_minutes = ?3 WHERE id = ?1",
            params![id.to_string(), r.question, r.duration_minutes],
        )?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Round, Action::Updated);
        Ok(cafe_id)
    }

    /// Deletes a round; a café keeps at least one.
    pub fn delete_round(&mut self, id: Uuid) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(id)?;
        if self.count(Ordered::Round, cafe_id)? <= 1 {
            return Err(StoreError::Conflict(
                "a café needs at least one round".to_owned(),
            ));
        }
        self.delete_ordered(Ordered::Round, cafe_id, id)?;
        Ok(cafe_id)
    }

    pub fn move_round(&mut self, id: Uuid, to: u32) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(id)?;
        self.move_ordered(Ordered::Round, cafe_id, id, to)?;
        Ok(cafe_id)
    }

    fn check_table(
        &self,
        cafe_id: Uuid,
        table_id: Option<Uuid>,
        t: &TableInput,
    ) -> Result<(), StoreError> {
        let other = table_id.map(|i| i.to_string()).unwrap_or_default();
        let clash: Option<String> = self
            .tx
            .query_row(
                "SELECT name FROM cafe_table WHERE cafe_id = ?1 AND name = ?2 COLLATE NOCASE AND id <> ?3",
                params![cafe_id.to_string(), t.name, other],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = clash {
            return Err(StoreError::Conflict(format!(
                "there is already a table named \"{name}\""
            )));
        }
        if let Some(host) = t.host_id {
            let host_cafe = self.attendee_cafe(host)?;
            if host_cafe != cafe_id {
                return Err(StoreError::NotFound {
                    entity: "attendee",
                    id: host.to_string(),
                });
            }
            let hosting: Option<String> = self
                .tx
                .query_row(
                    "SELECT t.name FROM cafe_table t WHERE t.host_id = ?1 AND t.id <> ?2",
                    params![host.to_string(), other],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(table) = hosting {
                let name: String = self.tx.query_row(
                    "SELECT name FROM attendee WHERE id = ?1",
                    [host.to_string()],
                    |r| r.get(0),
                )?;
                return Err(StoreError::Conflict(format!(
                    "{name} already hosts \"{table}\""
                )));
            }
        }
        Ok(())
    }

    /// Makes sure the host of a table has the host role.
    fn promote_host(&mut self, cafe_id: Uuid, host: Option<Uuid>) -> Result<(), StoreError> {
        if let Some(h) = host {
            let n = self.tx.execute(
                "UPDATE attendee SET role = 'host' WHERE id = ?1 AND role <> 'host'",
                [h.to_string()],
            )?;
            if n > 0 {
                self.changed(cafe_id, Entity::Attendee, Action::Updated);
            }
        }
        Ok(())
    }

    /// Appends a table; returns its id.
    pub fn insert_table(&mut self, cafe_id: Uuid, t: &TableInput) -> Result<Uuid, StoreError> {
        self.check_table(cafe_id, None, t)?;
        let id = Uuid::now_v7();
        let position = self.count(Ordered::Table, cafe_id)? + 1;
        self.tx.execute(
            "INSERT INTO cafe_table (id, cafe_id, position, name, capacity, topic, host_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id.to_string(),
                cafe_id.to_string(),
                position,
                t.name,
                t.capacity,
                t.topic,
                t.host_id.map(|h| h.to_string())
            ],
        )?;
        self.promote_host(cafe_id, t.host_id)?;
        self.set_table_token(id)?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Table, Action::Created);
        Ok(id)
    }

    pub fn update_table(&mut self, id: Uuid, t: &TableInput) -> Result<Uuid, StoreError> {
        let cafe_id = self.table_cafe(id)?;
        self.check_table(cafe_id, Some(id), t)?;
        self.tx.execute(
            "UPDATE cafe_table SET name = ?2, capacity = ?3, topic = ?4, host_id = ?5 WHERE id = ?1",
            params![id.to_string(), t.name, t.capacity, t.topic, t.host_id.map(|h| h.to_string())],
        )?;
        self.promote_host(cafe_id, t.host_id)?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Table, Action::Updated);
        Ok(cafe_id)
    }

    pub fn delete_table(&mut self, id: Uuid) -> Result<Uuid, StoreError> {
        let cafe_id = self.table_cafe(id)?;
        self.delete_ordered(Ordered::Table, cafe_id, id)?;
        Ok(cafe_id)
    }

    pub fn move_table(&mut self, id: Uuid, to: u32) -> Result<Uuid, StoreError> {
        let cafe_id = self.table_cafe(id)?;
        self.move_ordered(Ordered::Table, cafe_id, id, to)?;
        Ok(cafe_id)
    }

    fn delete_ordered(&mut self, o: Ordered, cafe_id: Uuid, id: Uuid) -> Result<(), StoreError> {
        let t = o.sql_table();
        let position: u32 = self.tx.query_row(
            &format!("SELECT position FROM {t} WHERE id = ?1"),
            [id.to_string()],
            |r| r.get(0),
        )?;
        self.tx
            .execute(&format!("DELETE FROM {t} WHERE id = ?1"), [id.to_string()])?;
        self.tx.execute(
            &format!("UPDATE {t} SET position = position - 1 WHERE cafe_id = ?1 AND position > ?2"),
            params![cafe_id.to_string(), position],
        )?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, o.entity(), Action::Deleted);
        Ok(())
    }

    fn move_ordered(
        &mut self,
        o: Ordered,
        cafe_id: Uuid,
        id: Uuid,
        to: u32,
    ) -> Result<(), StoreError> {
        let t = o.sql_table();
        let count = self.count(o, cafe_id)?;
        if to == 0 || to > count {
            return Err(StoreError::Conflict(format!(
                "there is no place {to} among the {count} {}s",
                o.noun()
            )));
        }
        let from: u32 = self.tx.query_row(
            &format!("SELECT position FROM {t} WHERE id = ?1"),
            [id.to_string()],
            |r| r.get(0),
        )?;
        if from == to {
            return Ok(());
        }
        let (shift, lo, hi) = if to < from {
            (1, to, from - 1)
        } else {
            (-1, from + 1, to)
        };
        self.tx.execute(
            &format!("UPDATE {t} SET position = position + ?2 WHERE cafe_id = ?1 AND position BETWEEN ?3 AND ?4"),
            params![cafe_id.to_string(), shift, lo, hi],
        )?;
        self.tx.execute(
            &format!("UPDATE {t} SET position = ?2 WHERE id = ?1"),
            params![id.to_string(), to],
        )?;
        self.touch(cafe_id)?;
        self.changed(cafe_id, o.entity(), Action::Updated);
        Ok(())
    }

    /// Adds attendees to a café in one go; returns their ids in order.
    pub fn insert_attendees(
        &mut self,
        cafe_id: Uuid,
        list: &[AttendeeInput],
    ) -> Result<Vec<Uuid>, StoreError> {
        self.cafe(cafe_id)?;
        let mut ids = Vec::with_capacity(list.len());
        {
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO attendee (id, cafe_id, name, organisation, email, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let cafe = cafe_id.to_string();
            for a in list {
                let id = Uuid::now_v7();
                stmt.execute(params![
                    id.to_string(),
                    cafe,
                    a.name,
                    a.organisation,
                    a.email,
                    a.role.as_str()
                ])?;
                ids.push(id);
            }
        }
        if !list.is_empty() {
            self.touch(cafe_id)?;
            self.changed(cafe_id, Entity::Attendee, Action::Created);
        }
        Ok(ids)
    }

    /// Replaces an attendee's data. A table host who becomes a traveller stops hosting their table.
    pub fn update_attendee(&mut self, id: Uuid, a: &AttendeeInput) -> Result<Uuid, StoreError> {
        let cafe_id = self.attendee_cafe(id)?;
        self.tx.execute(
            "UPDATE attendee SET name = ?2, organisation = ?3, email = ?4, role = ?5 WHERE id = ?1",
            params![
                id.to_string(),
                a.name,
                a.organisation,
                a.email,
                a.role.as_str()
            ],
        )?;
        if a.role == Role::Traveller {
            let n = self.tx.execute(
                "UPDATE cafe_table SET host_id = NULL WHERE host_id = ?1",
                [id.to_string()],
            )?;
            if n > 0 {
                self.changed(cafe_id, Entity::Table, Action::Updated);
            }
        }
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Attendee, Action::Updated);
        Ok(cafe_id)
    }

    /// Deletes an attendee; a table they hosted is left without a host.
    pub fn delete_attendee(&mut self, id: Uuid) -> Result<Uuid, StoreError> {
        let cafe_id = self.attendee_cafe(id)?;
        let hosted = self.tx.execute(
            "UPDATE cafe_table SET host_id = NULL WHERE host_id = ?1",
            [id.to_string()],
        )?;
        self.tx
            .execute("DELETE FROM attendee WHERE id = ?1", [id.to_string()])?;
        if hosted > 0 {
            self.changed(cafe_id, Entity::Table, Action::Updated);
        }
        self.touch(cafe_id)?;
        self.changed(cafe_id, Entity::Attendee, Action::Deleted);
        Ok(cafe_id)
    }

    /// Stores an app-wide fact.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}
