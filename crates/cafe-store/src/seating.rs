//! The seating plan's rows: seats (round, attendee → table, locked or not), absences (who misses a round) and the
//! plan's facts (when it was made, its lower bound). What a good plan is, is cafe-core's business; this module
//! stores plans and keeps them consistent with the café (deleting a round, table or attendee removes their seats).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

/// One seat: who sits at which table in which round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatRecord {
    pub round_id: Uuid,
    pub attendee_id: Uuid,
    pub table_id: Uuid,
    /// A locked seat is kept exactly when the plan is made again.
    pub locked: bool,
}

/// Facts about the last plan made for a café.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInfo {
    pub generated_at: DateTime<Utc>,
    pub lower_bound: u64,
    pub elapsed_ms: u64,
    /// How the plan was made ("greedy + tabu search", …).
    pub method: String,
}

fn uuid(s: String) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&s).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("bad id {s}").into(),
        )
    })
}

/// The ids of a café's rounds, tables and attendees, for checking that a bulk write stays inside the café.
struct Owned {
    rounds: HashSet<Uuid>,
    tables: HashSet<Uuid>,
    attendees: HashSet<Uuid>,
}

impl Owned {
    fn read(r: &Read<'_>, cafe_id: Uuid) -> Result<Owned, StoreError> {
        Ok(Owned {
            rounds: r.rounds(cafe_id)?.iter().map(|x| x.id).collect(),
            tables: r.tables(cafe_id)?.iter().map(|x| x.id).collect(),
            attendees: r.attendees(cafe_id)?.iter().map(|x| x.id).collect(),
        })
    }

    fn check(&self, round: Uuid, table: Option<Uuid>, attendee: Uuid) -> Result<(), StoreError> {
        let missing = |entity, id: Uuid| StoreError::NotFound {
            entity,
            id: id.to_string(),
        };
        if !self.rounds.contains(&round) {
            return Err(missing("round", round));
        }
        if let Some(t) = table
            && !self.tables.contains(&t)
        {
            return Err(missing("table", t));
        }
        if !self.attendees.contains(&attendee) {
            return Err(missing("attendee", attendee));
        }
        Ok(())
    }
}

impl Read<'_> {
    /// Every seat of a café's plan.
    pub fn seats(&self, cafe_id: Uuid) -> Result<Vec<SeatRecord>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT s.round_id, s.attendee_id, s.table_id, s.locked FROM seat s JOIN round r ON r.id = s.round_id
             WHERE r.cafe_id = ?1 ORDER BY r.position, s.table_id, s.attendee_id",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |row| {
            Ok(SeatRecord {
                round_id: uuid(row.get(0)?)?,
                attendee_id: uuid(row.get(1)?)?,
                table_id: uuid(row.get(2)?)?,
                locked: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Who misses which round: (round id, attendee id) pairs.
    pub fn absences(&self, cafe_id: Uuid) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT a.round_id, a.attendee_id FROM absence a JOIN round r ON r.id = a.round_id WHERE r.cafe_id = ?1",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |row| {
            Ok((uuid(row.get(0)?)?, uuid(row.get(1)?)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The facts of the café's last plan, if one was made.
    pub fn plan_info(&self, cafe_id: Uuid) -> Result<Option<PlanInfo>, StoreError> {
        Ok(self
            .tx
            .query_row(
                "SELECT generated_at, lower_bound, elapsed_ms, method FROM seating_plan WHERE cafe_id = ?1",
                [cafe_id.to_string()],
                |row| {
                    let at: String = row.get(0)?;
                    let generated_at = DateTime::parse_from_rfc3339(&at)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| rusqlite::Error::InvalidColumnType(0, at.clone(), rusqlite::types::Type::Text))?;
                    Ok(PlanInfo { generated_at, lower_bound: row.get(1)?, elapsed_ms: row.get(2)?, method: row.get(3)? })
                },
            )
            .optional()?)
    }

    /// The (round, attendee) seat, if any.
    pub fn seat(
        &self,
        round_id: Uuid,
        attendee_id: Uuid,
    ) -> Result<Option<SeatRecord>, StoreError> {
        Ok(self
            .tx
            .query_row(
                "SELECT table_id, locked FROM seat WHERE round_id = ?1 AND attendee_id = ?2",
                params![round_id.to_string(), attendee_id.to_string()],
                |row| {
                    Ok(SeatRecord {
                        round_id,
                        attendee_id,
                        table_id: uuid(row.get(0)?)?,
                        locked: row.get(1)?,
                    })
                },
            )
            .optional()?)
    }
}

impl Write<'_> {
    /// Replaces the seats of the rounds numbered `from_round` and later with `seats` (earlier rounds are kept as
    /// they are), and records the plan's facts.
    pub fn replace_seats(
        &mut self,
        cafe_id: Uuid,
        from_round: u32,
        seats: &[SeatRecord],
        info: &PlanInfo,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "DELETE FROM seat WHERE round_id IN (SELECT id FROM round WHERE cafe_id = ?1 AND position >= ?2)",
            params![cafe_id.to_string(), from_round],
        )?;
        {
            let mut stmt = self
                .tx
                .prepare_cached("INSERT INTO seat (round_id, attendee_id, table_id, locked) VALUES (?1, ?2, ?3, ?4)")?;
            for s in seats {
                stmt.execute(params![
                    s.round_id.to_string(),
                    s.attendee_id.to_string(),
                    s.table_id.to_string(),
                    s.locked
                ])?;
            }
        }
        self.set_plan_info(cafe_id, info)
    }

    /// Records the facts of a café's plan (when and how it was made).
    pub fn set_plan_info(&mut self, cafe_id: Uuid, info: &PlanInfo) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO seating_plan (cafe_id, generated_at, lower_bound, elapsed_ms, method) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (cafe_id) DO UPDATE SET generated_at = excluded.generated_at, lower_bound = excluded.lower_bound,
                 elapsed_ms = excluded.elapsed_ms, method = excluded.method",
            params![
                cafe_id.to_string(),
                info.generated_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                info.lower_bound,
                info.elapsed_ms,
                info.method
            ],
        )?;
        self.changed(cafe_id, Entity::Seating, Action::Updated);
        Ok(())
    }

    /// Adds seats to a café's plan as they are (a café file's seating), locks included. Every round, table and
    /// attendee must be the café's, and no attendee may have a seat in that round already.
    pub fn insert_seats(&mut self, cafe_id: Uuid, seats: &[SeatRecord]) -> Result<(), StoreError> {
        let owned = Owned::read(self, cafe_id)?;
        {
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO seat (round_id, attendee_id, table_id, locked) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for s in seats {
                owned.check(s.round_id, Some(s.table_id), s.attendee_id)?;
                stmt.execute(params![
                    s.round_id.to_string(),
                    s.attendee_id.to_string(),
                    s.table_id.to_string(),
                    s.locked
                ])?;
            }
        }
        if !seats.is_empty() {
            self.changed(cafe_id, Entity::Seating, Action::Updated);
        }
        Ok(())
    }

    /// Marks attendees absent from rounds: `(round, attendee)` pairs of the café, none of them seated there.
    pub fn insert_absences(
        &mut self,
        cafe_id: Uuid,
        absences: &[(Uuid, Uuid)],
    ) -> Result<(), StoreError> {
        let owned = Owned::read(self, cafe_id)?;
        {
            let mut stmt = self
                .tx
                .prepare_cached("INSERT INTO absence (round_id, attendee_id) VALUES (?1, ?2)")?;
            for &(round_id, attendee_id) in absences {
                owned.check(round_id, None, attendee_id)?;
                if self.seat(round_id, attendee_id)?.is_some() {
                    return Err(StoreError::Conflict(
                        "an attendee with a seat in a round cannot be absent from it".to_owned(),
                    ));
                }
                stmt.execute(params![round_id.to_string(), attendee_id.to_string()])?;
            }
        }
        if !absences.is_empty() {
            self.changed(cafe_id, Entity::Seating, Action::Updated);
        }
        Ok(())
    }

    /// Seats an attendee at a table for one round (keeping the seat's lock), or — with `table_id` `None` —
    /// takes the seat away.
    pub fn set_seat(
        &mut self,
        round_id: Uuid,
        attendee_id: Uuid,
        table_id: Option<Uuid>,
    ) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(round_id)?;
        if self.attendee_cafe(attendee_id)? != cafe_id {
            return Err(StoreError::NotFound {
                entity: "attendee",
                id: attendee_id.to_string(),
            });
        }
        match table_id {
            Some(t) => {
                if self.table_cafe(t)? != cafe_id {
                    return Err(StoreError::NotFound {
                        entity: "table",
                        id: t.to_string(),
                    });
                }
                self.tx.execute(
                    "INSERT INTO seat (round_id, attendee_id, table_id) VALUES (?1, ?2, ?3)
                     ON CONFLICT (round_id, attendee_id) DO UPDATE SET table_id = excluded.table_id",
                    params![round_id.to_string(), attendee_id.to_string(), t.to_string()],
                )?;
            }
            None => {
                self.tx.execute(
                    "DELETE FROM seat WHERE round_id = ?1 AND attendee_id = ?2",
                    params![round_id.to_string(), attendee_id.to_string()],
                )?;
            }
        }
        self.changed(cafe_id, Entity::Seating, Action::Updated);
        Ok(cafe_id)
    }

    /// Locks or unlocks a seat. Fails when the attendee has no seat in that round.
    pub fn set_seat_locked(
        &mut self,
        round_id: Uuid,
        attendee_id: Uuid,
        locked: bool,
    ) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(round_id)?;
        let n = self.tx.execute(
            "UPDATE seat SET locked = ?3 WHERE round_id = ?1 AND attendee_id = ?2",
            params![round_id.to_string(), attendee_id.to_string(), locked],
        )?;
        if n == 0 {
            return Err(StoreError::Conflict(
                "this person has no seat in that round to lock".to_owned(),
            ));
        }
        self.changed(cafe_id, Entity::Seating, Action::Updated);
        Ok(cafe_id)
    }

    /// Marks an attendee absent from (or back at) a round. Absent people lose their seat in that round.
    pub fn set_absent(
        &mut self,
        round_id: Uuid,
        attendee_id: Uuid,
        absent: bool,
    ) -> Result<Uuid, StoreError> {
        let cafe_id = self.round_cafe(round_id)?;
        if self.attendee_cafe(attendee_id)? != cafe_id {
            return Err(StoreError::NotFound {
                entity: "attendee",
                id: attendee_id.to_string(),
            });
        }
        if absent {
            self.tx.execute(
                "INSERT OR IGNORE INTO absence (round_id, attendee_id) VALUES (?1, ?2)",
                params![round_id.to_string(), attendee_id.to_string()],
            )?;
            self.tx.execute(
                "DELETE FROM seat WHERE round_id = ?1 AND attendee_id = ?2",
                params![round_id.to_string(), attendee_id.to_string()],
            )?;
        } else {
            self.tx.execute(
                "DELETE FROM absence WHERE round_id = ?1 AND attendee_id = ?2",
                params![round_id.to_string(), attendee_id.to_string()],
            )?;
        }
        self.changed(cafe_id, Entity::Seating, Action::Updated);
        Ok(cafe_id)
    }

    /// Forgets a café's plan (seats and facts; absences stay).
    pub fn clear_seating(&mut self, cafe_id: Uuid) -> Result<(), StoreError> {
        self.tx.execute(
            "DELETE FROM seat WHERE round_id IN (SELECT id FROM round WHERE cafe_id = ?1)",
            [cafe_id.to_string()],
        )?;
        self.tx.execute(
            "DELETE FROM seating_plan WHERE cafe_id = ?1",
            [cafe_id.to_string()],
        )?;
        self.changed(cafe_id, Entity::Seating, Action::Deleted);
        Ok(())
    }
}
