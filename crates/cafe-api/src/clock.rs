//! The round-clock commands: each reads the café's stored clock, applies the facilitator's command with
//! `cafe_core::clock` at the server's current time, and stores the result in the same transaction — every
//! transition is persisted at once. Answers carry the server's time, so screens count down against it.

use cafe_core::clock::{self, ClockState, Phase, Schedule, Stage};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::{Api, ApiError, ErrorCode};

/// The most minutes a warning may come before the end.
pub(crate) const MAX_WARNING_MINUTES: u32 = 30;

impl Api {
    pub(crate) fn clock_parts(
        &self,
        r: &cafe_store::Read<'_>,
        cafe_id: Uuid,
    ) -> Result<(ClockState, Schedule, Vec<cafe_core::Round>, u32), cafe_store::StoreError> {
        let cafe = r.cafe(cafe_id)?;
        let rounds = r.rounds(cafe_id)?;
        let warning = r.warning_minutes(cafe_id)?;
        let minutes: Vec<u32> = rounds.iter().map(|r| r.duration_minutes).collect();
        Ok((
            r.clock(cafe_id)?,
            Schedule::from_minutes(&minutes, cafe.details.move_minutes, warning),
            rounds,
            warning,
        ))
    }

    fn clock_view(
        cafe_id: Uuid,
        state: &ClockState,
        schedule: &Schedule,
        rounds: &[cafe_core::Round],
        warning: u32,
        now: i64,
    ) -> Clock {
        let v = state.view(schedule, now);
        let (stage, index) = match v.stage {
            Stage::NotStarted => (ClockStage::NotStarted, None),
            Stage::Round { index } => (ClockStage::Round, Some(index)),
            Stage::Move { next } => (ClockStage::Move, Some(next)),
            Stage::Done => (ClockStage::Done, None),
        };
        let round = index.and_then(|i| rounds.get(i));
        Clock {
            cafe_id: cafe_id.to_string(),
            stage,
            round_number: round.map(|r| r.number),
            round_id: round.map(|r| r.id.to_string()),
            rounds: rounds.len() as u32,
            phase: match v.phase {
                Phase::Planned => ClockPhase::Planned,
                Phase::Running => ClockPhase::Running,
                Phase::Paused => ClockPhase::Paused,
                Phase::Over => ClockPhase::Over,
            },
            remaining_ms: v.remaining_ms.clamp(0, i64::from(u32::MAX)) as u32,
            total_ms: v.total_ms.clamp(0, i64::from(u32::MAX)) as u32,
            ends_at_ms: v.ends_at_ms.map(|t| t as f64),
            server_now_ms: now as f64,
            warning: v.warning,
            last_minute: v.last_minute,
            warning_minutes: warning,
        }
    }

    pub fn get_clock(&self, req: ById) -> Result<Clock, ApiError> {
        let cafe_id = id(&req.id, "id")?;
        let (state, schedule, rounds, warning) =
            self.store.read(|r| self.clock_parts(r, cafe_id))?;
        let now = (self.now)();
        Ok(Self::clock_view(
            cafe_id, &state, &schedule, &rounds, warning, now,
        ))
    }

    pub fn run_clock(&self, req: RunClock) -> Result<Clock, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let command = match req.command {
            ClockCommand::Start => clock::Command::Start,
            ClockCommand::Pause => clock::Command::Pause,
            ClockCommand::Toggle => clock::Command::Toggle,
            ClockCommand::Extend { delta_ms } => clock::Command::Extend {
                delta_ms: i64::from(delta_ms),
            },
            ClockCommand::Skip => clock::Command::Skip,
            ClockCommand::Restart => clock::Command::Restart,
            ClockCommand::Next => clock::Command::Next,
        };
        let result = self.store.write(|w| {
            // The time is taken once the write lock is held, so a wait for it cannot stamp a stale time.
            let now = (self.now)();
            let (state, schedule, rounds, warning) = self.clock_parts(w, cafe_id)?;
            match state.apply(command, &schedule, now) {
                Ok(next) => {
                    w.set_clock(cafe_id, &next)?;
                    Ok(Ok(Self::clock_view(
                        cafe_id, &next, &schedule, &rounds, warning, now,
                    )))
                }
                Err(e) => Ok(Err(e)),
            }
        })?;
        result.map_err(|e| {
            let text = e.to_string();
            ApiError::new(
                ErrorCode::Conflict,
                format!("{}{}.", text[..1].to_uppercase(), &text[1..]),
            )
        })
    }

    pub fn set_clock_warning(&self, req: SetClockWarning) -> Result<Clock, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        if req.minutes > MAX_WARNING_MINUTES {
            return Err(ApiError {
                field: Some("minutes".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "The warning comes at most {MAX_WARNING_MINUTES} minutes before the end."
                    ),
                )
            });
        }
        self.store
            .write(|w| w.set_warning_minutes(cafe_id, req.minutes))?;
        self.get_clock(ById { id: req.cafe_id })
    }
}
