//! The stored round clock of a café being run: its stage and timer, written at every transition in its own
//! transaction, so that a crash between two transitions loses nothing and the clock reads right on reopen.

use cafe_core::clock::{ClockState, Stage, Timer};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

fn to_row(state: &ClockState) -> (&'static str, i64, &'static str, i64) {
    let (stage, index) = match state.stage {
        Stage::NotStarted => ("not_started", 0),
        Stage::Round { index } => ("round", index as i64),
        Stage::Move { next } => ("move", next as i64),
        Stage::Done => ("done", 0),
    };
    let (timer, ms) = match state.timer {
        Timer::Planned { remaining_ms } => ("planned", remaining_ms),
        Timer::Running { ends_at_ms } => ("running", ends_at_ms),
        Timer::Paused { remaining_ms } => ("paused", remaining_ms),
    };
    (stage, index, timer, ms)
}

fn from_row(stage: &str, index: i64, timer: &str, ms: i64) -> Result<ClockState, StoreError> {
    let index = usize::try_from(index)
        .map_err(|_| StoreError::Damaged(format!("clock stage index {index}")))?;
    let stage = match stage {
        "not_started" => Stage::NotStarted,
        "round" => Stage::Round { index },
        "move" => Stage::Move { next: index },
        "done" => Stage::Done,
        other => return Err(StoreError::Damaged(format!("clock stage {other}"))),
    };
    let timer = match timer {
        "planned" => Timer::Planned { remaining_ms: ms },
        "running" => Timer::Running { ends_at_ms: ms },
        "paused" => Timer::Paused { remaining_ms: ms },
        other => return Err(StoreError::Damaged(format!("clock timer {other}"))),
    };
    Ok(ClockState { stage, timer })
}

impl Read<'_> {
    /// The café's clock (not started when it was never run).
    pub fn clock(&self, cafe_id: Uuid) -> Result<ClockState, StoreError> {
        let row: Option<(String, i64, String, i64)> = self
            .tx
            .query_row(
                "SELECT stage, stage_index, timer, timer_ms FROM run_clock WHERE cafe_id = ?1",
                [cafe_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match row {
            Some((stage, index, timer, ms)) => from_row(&stage, index, &timer, ms),
            None => Ok(ClockState::default()),
        }
    }

    /// Minutes before the end of a round when the warning shows.
    pub fn warning_minutes(&self, cafe_id: Uuid) -> Result<u32, StoreError> {
        self.tx
            .query_row(
                "SELECT warning_minutes FROM cafe WHERE id = ?1",
                [cafe_id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "café",
                id: cafe_id.to_string(),
            })
    }
}

impl Write<'_> {
    /// Stores the café's clock.
    pub fn set_clock(&mut self, cafe_id: Uuid, state: &ClockState) -> Result<(), StoreError> {
        self.cafe(cafe_id)?;
        let (stage, index, timer, ms) = to_row(state);
        self.tx.execute(
            "INSERT INTO run_clock (cafe_id, stage, stage_index, timer, timer_ms, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (cafe_id) DO UPDATE SET stage = excluded.stage, stage_index = excluded.stage_index,
                 timer = excluded.timer, timer_ms = excluded.timer_ms, updated_at = excluded.updated_at",
            params![
                cafe_id.to_string(),
                stage,
                index,
                timer,
                ms,
                self.now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            ],
        )?;
        self.changed(cafe_id, Entity::Clock, Action::Updated);
        Ok(())
    }

    /// Sets the minutes before the end of a round when the warning shows.
    pub fn set_warning_minutes(&mut self, cafe_id: Uuid, minutes: u32) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE cafe SET warning_minutes = ?2 WHERE id = ?1",
            params![cafe_id.to_string(), minutes],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "café",
                id: cafe_id.to_string(),
            });
        }
        self.changed(cafe_id, Entity::Clock, Action::Updated);
        Ok(())
    }
}
