//! The round clock: a pure state machine over stored timestamps. A café's run is a sequence of stages — not
//! started, round 1, the move to round 2, round 2, …, done — and the current stage's timer is either running
//! towards a stored end time, paused with a stored remaining time, or stopped. Remaining time is always computed
//! from the stored values and the time passed in, never by counting ticks, so it is right after the laptop sleeps,
//! after a crash and on reopen (a round that ran out while the app was closed shows as over, since its end time).
//!
//! Times are milliseconds since the Unix epoch, given by the caller; this module never reads a clock.

use serde::{Deserialize, Serialize};

/// Where the café is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stage {
    /// Before the first round.
    NotStarted,
    /// In round `index` (0-based).
    Round { index: usize },
    /// People are moving to round `next` (0-based).
    Move { next: usize },
    /// After the last round.
    Done,
}

/// The current stage's timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timer {
    /// Not started yet: the stage's full time lies ahead.
    Planned { remaining_ms: i64 },
    /// Running; the stage ends at `ends_at_ms` (it is over once that time has passed).
    Running { ends_at_ms: i64 },
    /// Paused with this much left.
    Paused { remaining_ms: i64 },
}

/// The stored state of a café's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    pub stage: Stage,
    pub timer: Timer,
}

impl Default for ClockState {
    fn default() -> Self {
        ClockState {
            stage: Stage::NotStarted,
            timer: Timer::Planned { remaining_ms: 0 },
        }
    }
}

/// The café's timing: each round's length and the move between rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub round_ms: Vec<i64>,
    pub move_ms: i64,
    /// How long before the end the warning shows.
    pub warning_ms: i64,
}

impl Schedule {
    /// A schedule from minutes: each round's length, the move and the warning.
    pub fn from_minutes(rounds: &[u32], move_minutes: u32, warning_minutes: u32) -> Schedule {
        Schedule {
            round_ms: rounds.iter().map(|m| i64::from(*m) * 60_000).collect(),
            move_ms: i64::from(move_minutes) * 60_000,
            warning_ms: i64::from(warning_minutes) * 60_000,
        }
    }

    fn stage_ms(&self, stage: Stage) -> i64 {
        match stage {
            Stage::NotStarted | Stage::Done => 0,
            Stage::Round { index } => self.round_ms.get(index).copied().unwrap_or(0),
            Stage::Move { .. } => self.move_ms,
        }
    }
}

/// What the facilitator asks of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Command {
    /// Start the café (round 1), or start/resume the current stage's timer.
    Start,
    /// Pause a running timer.
    Pause,
    /// Start when paused or planned, pause when running (the space bar).
    Toggle,
    /// Add (or with a negative value take away) time; an ended stage with time added runs again.
    Extend { delta_ms: i64 },
    /// End the current stage's time now.
    Skip,
    /// Start the current round again from its full length.
    Restart,
    /// Go on: from a round to the move (or straight to the next round when there is no move), from the move to the
    /// next round, from the last round to the end.
    Next,
}

/// Why a command cannot be applied now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the café has no rounds")]
    NoRounds,
    #[error("the café is over; restart a round or go back to set it up")]
    Done,
    #[error("the clock is not running")]
    NotRunning,
    #[error("there is no round to restart before the café starts")]
    NotStarted,
}

/// The state of the timer as people see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Planned,
    Running,
    Paused,
    /// The stage's time is up (it has not been moved on from yet).
    Over,
}

/// What the clock shows at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub stage: Stage,
    pub phase: Phase,
    /// Time left in the stage (0 when over).
    pub remaining_ms: i64,
    /// The stage's full length.
    pub total_ms: i64,
    /// When a running stage ends (or ended).
    pub ends_at_ms: Option<i64>,
    /// Within the warning time before the end (and not over).
    pub warning: bool,
    /// Within the last minute (and not over).
    pub last_minute: bool,
}

impl ClockState {
    /// What the clock shows at `now_ms`.
    pub fn view(&self, schedule: &Schedule, now_ms: i64) -> View {
        let total_ms = schedule.stage_ms(self.stage);
        let (phase, remaining_ms, ends_at_ms) = match self.timer {
            Timer::Planned { remaining_ms } => (Phase::Planned, remaining_ms, None),
            Timer::Paused { remaining_ms } if remaining_ms <= 0 => (Phase::Over, 0, None),
            Timer::Paused { remaining_ms } => (Phase::Paused, remaining_ms, None),
            Timer::Running { ends_at_ms } if ends_at_ms <= now_ms => {
                (Phase::Over, 0, Some(ends_at_ms))
            }
            Timer::Running { ends_at_ms } => {
                (Phase::Running, ends_at_ms - now_ms, Some(ends_at_ms))
            }
        };
        let timed =
            matches!(self.stage, Stage::Round { .. } | Stage::Move { .. }) && phase != Phase::Over;
        View {
            stage: self.stage,
            phase,
            remaining_ms,
            total_ms,
            ends_at_ms,
            warning: timed && phase != Phase::Planned && remaining_ms <= schedule.warning_ms,
            last_minute: timed && phase != Phase::Planned && remaining_ms <= 60_000,
        }
    }

    fn at(stage: Stage, schedule: &Schedule, now_ms: i64) -> ClockState {
        let ms = schedule.stage_ms(stage);
        match stage {
            Stage::NotStarted | Stage::Done => ClockState {
                stage,
                timer: Timer::Planned { remaining_ms: 0 },
            },
            _ => ClockState {
                stage,
                timer: Timer::Running {
                    ends_at_ms: now_ms + ms,
                },
            },
        }
    }

    /// Applies `command` at `now_ms` and returns the new state; the caller stores it at once.
    pub fn apply(
        &self,
        command: Command,
        schedule: &Schedule,
        now_ms: i64,
    ) -> Result<ClockState, ClockError> {
        let rounds = schedule.round_ms.len();
        if rounds == 0 {
            return Err(ClockError::NoRounds);
        }
        // A café whose rounds were deleted while it ran continues from its last round.
        let stage = match self.stage {
            Stage::Round { index } if index >= rounds => Stage::Round { index: rounds - 1 },
            Stage::Move { next } if next >= rounds => Stage::Done,
            s => s,
        };
        let state = ClockState { stage, ..*self };
        let view = state.view(schedule, now_ms);
        let remaining = view.remaining_ms;
        Ok(match command {
            Command::Start | Command::Toggle if stage == Stage::NotStarted => {
                Self::at(Stage::Round { index: 0 }, schedule, now_ms)
            }
            Command::Start | Command::Toggle if stage == Stage::Done => {
                return Err(ClockError::Done);
            }
            Command::Start => match state.timer {
                Timer::Planned { remaining_ms } | Timer::Paused { remaining_ms }
                    if remaining_ms > 0 =>
                {
                    ClockState {
                        stage,
                        timer: Timer::Running {
                            ends_at_ms: now_ms + remaining_ms,
                        },
                    }
                }
                _ => state,
            },
            Command::Toggle => match state.timer {
                Timer::Running { .. } if view.phase == Phase::Running => ClockState {
                    stage,
                    timer: Timer::Paused {
                        remaining_ms: remaining,
                    },
                },
                Timer::Planned { remaining_ms } | Timer::Paused { remaining_ms }
                    if remaining_ms > 0 =>
                {
                    ClockState {
                        stage,
                        timer: Timer::Running {
                            ends_at_ms: now_ms + remaining_ms,
                        },
                    }
                }
                _ => state,
            },
            Command::Pause => match view.phase {
                Phase::Running => ClockState {
                    stage,
                    timer: Timer::Paused {
                        remaining_ms: remaining,
                    },
                },
                Phase::Paused => state,
                _ => return Err(ClockError::NotRunning),
            },
            Command::Extend { delta_ms } => {
                if matches!(stage, Stage::NotStarted | Stage::Done) {
                    return Err(if stage == Stage::Done {
                        ClockError::Done
                    } else {
                        ClockError::NotStarted
                    });
                }
                let left = (remaining + delta_ms).max(0);
                match view.phase {
                    Phase::Running | Phase::Over => ClockState {
                        stage,
                        timer: Timer::Running {
                            ends_at_ms: now_ms + left,
                        },
                    },
                    Phase::Paused => ClockState {
                        stage,
                        timer: Timer::Paused { remaining_ms: left },
                    },
                    Phase::Planned => ClockState {
                        stage,
                        timer: Timer::Planned { remaining_ms: left },
                    },
                }
            }
            Command::Skip => match stage {
                Stage::NotStarted | Stage::Done => return Err(ClockError::NotRunning),
                _ => ClockState {
                    stage,
                    timer: Timer::Running {
                        ends_at_ms: now_ms.min(view.ends_at_ms.unwrap_or(now_ms)),
                    },
                },
            },
            Command::Restart => match stage {
                Stage::Round { .. } => Self::at(stage, schedule, now_ms),
                Stage::Move { next } => {
                    Self::at(Stage::Round { index: next - 1 }, schedule, now_ms)
                }
                Stage::Done => Self::at(Stage::Round { index: rounds - 1 }, schedule, now_ms),
                Stage::NotStarted => return Err(ClockError::NotStarted),
            },
            Command::Next => match stage {
                Stage::NotStarted => Self::at(Stage::Round { index: 0 }, schedule, now_ms),
                Stage::Round { index } if index + 1 >= rounds => {
                    Self::at(Stage::Done, schedule, now_ms)
                }
                Stage::Round { index } if schedule.move_ms > 0 => {
                    Self::at(Stage::Move { next: index + 1 }, schedule, now_ms)
                }
                Stage::Round { index } => {
                    Self::at(Stage::Round { index: index + 1 }, schedule, now_ms)
                }
                Stage::Move { next } => Self::at(Stage::Round { index: next }, schedule, now_ms),
                Stage::Done => return Err(ClockError::Done),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn schedule() -> Schedule {
        Schedule::from_minutes(&[20, 20, 15], 2, 2)
    }

    /// Applies `commands` (each at its time, in minutes from 0) and checks the view at `at` minutes:
    /// (stage, phase, remaining minutes as a float).
    fn check(commands: &[(f64, Command)], at: f64, expected: (Stage, Phase, f64)) {
        let s = schedule();
        let mut state = ClockState::default();
        for (t, c) in commands {
            state = state.apply(*c, &s, (t * MIN as f64) as i64).unwrap();
        }
        let v = state.view(&s, (at * MIN as f64) as i64);
        assert_eq!(
            (v.stage, v.phase, v.remaining_ms as f64 / MIN as f64),
            expected,
            "{commands:?} at {at}"
        );
    }

    use Command::*;
    const R0: Stage = Stage::Round { index: 0 };
    const R1: Stage = Stage::Round { index: 1 };

    #[test]
    fn start_pause_resume() {
        check(&[], 5.0, (Stage::NotStarted, Phase::Planned, 0.0));
        check(&[(0.0, Start)], 5.0, (R0, Phase::Running, 15.0));
        check(
            &[(0.0, Start), (5.0, Pause)],
            30.0,
            (R0, Phase::Paused, 15.0),
        );
        check(
            &[(0.0, Start), (5.0, Toggle), (30.0, Toggle)],
            40.0,
            (R0, Phase::Running, 5.0),
        );
        check(&[(0.0, Start)], 20.0, (R0, Phase::Over, 0.0));
        check(&[(0.0, Start)], 300.0, (R0, Phase::Over, 0.0));
    }

    #[test]
    fn extend_in_every_state() {
        check(
            &[(0.0, Start), (10.0, Extend { delta_ms: 5 * MIN })],
            10.0,
            (R0, Phase::Running, 15.0),
        );
        check(
            &[(0.0, Start), (10.0, Extend { delta_ms: -MIN })],
            10.0,
            (R0, Phase::Running, 9.0),
        );
        check(
            &[
                (0.0, Start),
                (
                    10.0,
                    Extend {
                        delta_ms: -30 * MIN,
                    },
                ),
            ],
            10.0,
            (R0, Phase::Over, 0.0),
        );
        check(
            &[(0.0, Start), (5.0, Pause), (6.0, Extend { delta_ms: MIN })],
            50.0,
            (R0, Phase::Paused, 16.0),
        );
        // Over, then a minute more: it runs again.
        check(
            &[(0.0, Start), (25.0, Extend { delta_ms: MIN })],
            25.5,
            (R0, Phase::Running, 0.5),
        );
        check(
            &[(0.0, Start), (1.0, Next), (2.0, Extend { delta_ms: MIN })],
            2.0,
            (Stage::Move { next: 1 }, Phase::Running, 2.0),
        );
    }

    #[test]
    fn skip_restart_next_and_the_move() {
        check(&[(0.0, Start), (3.0, Skip)], 3.0, (R0, Phase::Over, 0.0));
        check(
            &[(0.0, Start), (3.0, Skip), (4.0, Restart)],
            4.0,
            (R0, Phase::Running, 20.0),
        );
        check(
            &[(0.0, Start), (20.0, Next)],
            21.0,
            (Stage::Move { next: 1 }, Phase::Running, 1.0),
        );
        check(
            &[(0.0, Start), (20.0, Next)],
            22.5,
            (Stage::Move { next: 1 }, Phase::Over, 0.0),
        );
        check(
            &[(0.0, Start), (20.0, Next), (22.0, Next)],
            30.0,
            (R1, Phase::Running, 12.0),
        );
        // Restart during the move goes back to the round that just ended.
        check(
            &[(0.0, Start), (20.0, Next), (21.0, Restart)],
            21.0,
            (R0, Phase::Running, 20.0),
        );
        let last = [
            (0.0, Start),
            (1.0, Next),
            (2.0, Next),
            (3.0, Next),
            (4.0, Next),
            (5.0, Next),
        ];
        check(&last, 6.0, (Stage::Done, Phase::Planned, 0.0));
        check(
            &last[..5],
            6.0,
            (Stage::Round { index: 2 }, Phase::Running, 13.0),
        );
    }

    #[test]
    fn sleep_and_reopen() {
        // The laptop sleeps from minute 3 to minute 17: the clock is right on waking.
        check(&[(0.0, Start)], 17.0, (R0, Phase::Running, 3.0));
        // The app was closed at minute 5 and reopened at minute 90: the round ended at minute 20.
        let s = schedule();
        let state = ClockState::default().apply(Start, &s, 0).unwrap();
        let stored = serde_json::to_string(&state).unwrap();
        let reopened: ClockState = serde_json::from_str(&stored).unwrap();
        let v = reopened.view(&s, 90 * MIN);
        assert_eq!((v.phase, v.ends_at_ms), (Phase::Over, Some(20 * MIN)));
    }

    #[test]
    fn warnings() {
        let s = schedule();
        let state = ClockState::default().apply(Start, &s, 0).unwrap();
        let at = |m: f64| state.view(&s, (m * MIN as f64) as i64);
        assert!(!at(17.9).warning);
        assert!(at(18.0).warning && !at(18.0).last_minute);
        assert!(at(19.5).warning && at(19.5).last_minute);
        assert!(!at(20.0).warning && !at(20.0).last_minute);
    }

    #[test]
    fn errors() {
        let s = schedule();
        let none = ClockState::default();
        assert_eq!(none.apply(Pause, &s, 0), Err(ClockError::NotRunning));
        assert_eq!(none.apply(Restart, &s, 0), Err(ClockError::NotStarted));
        assert_eq!(
            none.apply(Start, &Schedule::from_minutes(&[], 2, 2), 0),
            Err(ClockError::NoRounds)
        );
        let done = ClockState {
            stage: Stage::Done,
            timer: Timer::Planned { remaining_ms: 0 },
        };
        assert_eq!(done.apply(Next, &s, 0), Err(ClockError::Done));
        assert_eq!(
            done.apply(Extend { delta_ms: MIN }, &s, 0),
            Err(ClockError::Done)
        );
        // Rounds deleted while running: the clock continues from the last round that is left.
        let gone = ClockState {
            stage: Stage::Round { index: 7 },
            timer: Timer::Running { ends_at_ms: 0 },
        };
        assert_eq!(gone.apply(Next, &s, 0).unwrap().stage, Stage::Done);
    }
}
