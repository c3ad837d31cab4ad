//! The seating commands: make the plan with the engine (all rounds, or the rounds from one on, keeping earlier
//! rounds and locked seats), move and lock seats by hand, mark who misses a round — each answering with the plan
//! as it now stands, scored by `cafe_core::seating_plan`.

use std::time::{Duration, Instant};

use cafe_core::seating::{self, Problem};
use cafe_core::seating_plan::{CafePlan, SeatAt};
use cafe_store::{PlanInfo, SeatRecord};
use uuid::Uuid;

use crate::convert::{self, id};
use crate::dto::*;
use crate::{Api, ApiError, ErrorCode};

/// The engine's default and largest time budgets.
const DEFAULT_BUDGET_MS: u32 = 1_000;
const MAX_BUDGET_MS: u32 = 20_000;
/// The seed every plan starts from, so that the same café gives the same plan.
const SEED: u64 = 1;

fn seat_at(s: &SeatRecord) -> SeatAt {
    SeatAt {
        round: s.round_id,
        attendee: s.attendee_id,
        table: s.table_id,
        locked: s.locked,
    }
}

fn infeasible(message: impl std::fmt::Display) -> ApiError {
    let text = message.to_string();
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => text,
    };
    ApiError::new(ErrorCode::Infeasible, format!("{text}."))
}

/// A café's seating data as stored, owned, ready to be looked at through a [`CafePlan`].
pub(crate) struct StoredPlan {
    pub record: cafe_store::CafeRecord,
    pub seats: Vec<SeatAt>,
    pub absences: Vec<(Uuid, Uuid)>,
    pub info: Option<PlanInfo>,
}

impl StoredPlan {
    /// Reads a café's seating data in one snapshot.
    pub fn read(
        r: &cafe_store::Read<'_>,
        cafe_id: Uuid,
    ) -> Result<StoredPlan, cafe_store::StoreError> {
        Ok(StoredPlan {
            record: r.cafe_record(cafe_id)?,
            seats: r.seats(cafe_id)?.iter().map(seat_at).collect(),
            absences: r.absences(cafe_id)?,
            info: r.plan_info(cafe_id)?,
        })
    }

    pub fn plan(&self) -> CafePlan<'_> {
        CafePlan {
            rounds: &self.record.rounds,
            tables: &self.record.tables,
            attendees: &self.record.attendees,
            absences: &self.absences,
            seats: &self.seats,
        }
    }

    /// The figures of a scored plan, with the facts of the last engine run.
    fn stats(&self, score: cafe_core::seating_plan::PlanScore) -> SeatingStats {
        let info = self.info.as_ref();
        SeatingStats {
            repeat_pairs: score.repeat_pairs as u32,
            lower_bound: info.map(|i| i.lower_bound as u32).unwrap_or(0),
            max_meetings: score.max_meetings,
            group_clashes: score.group_clashes as u32,
            elapsed_ms: info.map(|i| i.elapsed_ms as u32).unwrap_or(0),
            problems: score.problems,
        }
    }
}

impl Api {
    /// The plan of a café as stored, scored.
    fn seating_view(&self, cafe_id: Uuid) -> Result<SeatingPlan, ApiError> {
        let stored = self.store.read(|r| StoredPlan::read(r, cafe_id))?;
        let score = stored.plan().score();
        let (record, info) = (&stored.record, stored.info.as_ref());
        let ids = |v: &[Uuid]| v.iter().map(Uuid::to_string).collect::<Vec<_>>();
        Ok(SeatingPlan {
            cafe_id: cafe_id.to_string(),
            generated_at: info.map(|i| convert::time(i.generated_at)),
            method: info.map(|i| i.method.clone()),
            rounds: record
                .rounds
                .iter()
                .zip(&score.rounds)
                .map(|(round, scored)| RoundSeating {
                    round_id: round.id.to_string(),
                    number: round.number,
                    tables: record
                        .tables
                        .iter()
                        .zip(&scored.tables)
                        .map(|(t, seats)| TableSeating {
                            table_id: t.id.to_string(),
                            seats: seats
                                .iter()
                                .map(|s| Seat {
                                    attendee_id: s.attendee.to_string(),
                                    locked: s.locked,
                                    met_elsewhere: s.met_elsewhere,
                                    same_group: s.same_group,
                                })
                                .collect(),
                        })
                        .collect(),
                    absent: ids(&scored.absent),
                    unseated: ids(&scored.unseated),
                })
                .collect(),
            stats: stored.stats(score),
        })
    }

    pub fn get_seating(&self, req: ById) -> Result<SeatingPlan, ApiError> {
        self.seating_view(id(&req.id, "id")?)
    }

    pub fn plan_seating(&self, req: PlanSeating) -> Result<SeatingPlan, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let from = req.from_round.unwrap_or(1) as usize;
        let budget = req
            .time_limit_ms
            .unwrap_or(DEFAULT_BUDGET_MS)
            .clamp(50, MAX_BUDGET_MS);
        // The engine works outside the write transaction (it may take a second); the write then checks that
        // nothing it was given changed meanwhile.
        let stored = self.store.read(|r| StoredPlan::read(r, cafe_id))?;
        let (record, absences) = (&stored.record, &stored.absences);
        let plan = stored.plan();
        let input = plan
            .engine_input(from, u64::from(budget), SEED)
            .map_err(infeasible)?;
        let problem = Problem::new(&input).map_err(infeasible)?;
        let start = Instant::now();
        let deadline = start + Duration::from_millis(u64::from(budget));
        let outcome = seating::solve(
            &problem,
            &seating::Options {
                seed: SEED,
                max_iterations: None,
            },
            &|| Instant::now() >= deadline,
        )
        .map_err(infeasible)?;
        let elapsed_ms = start.elapsed().as_millis() as u64;
        let new_seats: Vec<SeatRecord> = plan
            .seats_from(&outcome, from)
            .into_iter()
            .map(|s| SeatRecord {
                round_id: s.round,
                attendee_id: s.attendee,
                table_id: s.table,
                locked: s.locked,
            })
            .collect();
        let info = PlanInfo {
            generated_at: chrono::Utc::now(),
            lower_bound: outcome.stats.lower_bound,
            elapsed_ms,
            method: outcome.stats.method.clone(),
        };
        self.store.write(|w| {
            let now = w.cafe_record(cafe_id)?;
            let mut absences_now = w.absences(cafe_id)?;
            let mut absences_then = absences.clone();
            absences_now.sort();
            absences_then.sort();
            let key = |s: &SeatAt| (s.round, s.attendee, s.table, s.locked);
            let mut seats_now: Vec<SeatAt> = w.seats(cafe_id)?.iter().map(seat_at).collect();
            let mut seats_then = stored.seats.clone();
            seats_now.sort_by_key(key);
            seats_then.sort_by_key(key);
            let same = now.rounds == record.rounds
                && now.tables == record.tables
                && now.attendees == record.attendees
                && absences_now == absences_then
                && seats_now == seats_then;
            if !same {
                return Err(cafe_store::StoreError::Conflict(
                    "the café changed while the plan was being made — make the plan again"
                        .to_owned(),
                ));
            }
            w.replace_seats(cafe_id, from as u32, &new_seats, &info)
        })?;
        self.seating_view(cafe_id)
    }

    pub fn move_seat(&self, req: MoveSeat) -> Result<SeatingPlan, ApiError> {
        let round_id = id(&req.round_id, "round_id")?;
        let attendee_id = id(&req.attendee_id, "attendee_id")?;
        let table_id = id(&req.table_id, "table_id")?;
        let cafe_id = self.store.write(|w| {
            if w.absences(w.round_cafe(round_id)?)?
                .contains(&(round_id, attendee_id))
            {
                return Err(cafe_store::StoreError::Conflict(
                    "this person is marked absent from that round — mark them present first"
                        .to_owned(),
                ));
            }
            w.set_seat(round_id, attendee_id, Some(table_id))
        })?;
        self.seating_view(cafe_id)
    }

    /// What the plan's figures would be after [`Api::move_seat`], without moving anyone (for the live count while
    /// a person is dragged).
    pub fn preview_move_seat(&self, req: MoveSeat) -> Result<SeatingStats, ApiError> {
        let round_id = id(&req.round_id, "round_id")?;
        let attendee_id = id(&req.attendee_id, "attendee_id")?;
        let table_id = id(&req.table_id, "table_id")?;
        let mut stored = self.store.read(|r| {
            let cafe_id = r.round_cafe(round_id)?;
            if r.table_cafe(table_id)? != cafe_id || r.attendee_cafe(attendee_id)? != cafe_id {
                return Err(cafe_store::StoreError::NotFound {
                    entity: "table",
                    id: table_id.to_string(),
                });
            }
            StoredPlan::read(r, cafe_id)
        })?;
        match stored
            .seats
            .iter_mut()
            .find(|s| s.round == round_id && s.attendee == attendee_id)
        {
            Some(s) => s.table = table_id,
            None => stored.seats.push(SeatAt {
                round: round_id,
                attendee: attendee_id,
                table: table_id,
                locked: false,
            }),
        }
        let score = stored.plan().score();
        Ok(stored.stats(score))
    }

    pub fn lock_seat(&self, req: LockSeat) -> Result<SeatingPlan, ApiError> {
        let round_id = id(&req.round_id, "round_id")?;
        let attendee_id = id(&req.attendee_id, "attendee_id")?;
        let cafe_id = self
            .store
            .write(|w| w.set_seat_locked(round_id, attendee_id, req.locked))?;
        self.seating_view(cafe_id)
    }

    pub fn set_attendance(&self, req: SetAttendance) -> Result<SeatingPlan, ApiError> {
        let round_id = id(&req.round_id, "round_id")?;
        let attendee_id = id(&req.attendee_id, "attendee_id")?;
        let cafe_id = self
            .store
            .write(|w| w.set_absent(round_id, attendee_id, !req.present))?;
        self.seating_view(cafe_id)
    }

    pub fn clear_seating(&self, req: ById) -> Result<SeatingPlan, ApiError> {
        let cafe_id = id(&req.id, "id")?;
        self.store.write(|w| {
            w.cafe(cafe_id)?;
            w.clear_seating(cafe_id)
        })?;
        self.seating_view(cafe_id)
    }
}
