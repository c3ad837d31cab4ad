//! What a table host's phone may do, whatever carries the request (the LAN server in `cafe-server`): see its
//! table — the café, the round and question or topic, the clock, the table's notes — and add, change and delete
//! that table's notes. Every call starts from a join token, which opens exactly one table of the café being
//! served; nothing here reaches another table or any facilitator command.
//!
//! A phone names each new note with its own client id, so a write retried after a lost answer lands once.

use cafe_core::clock::{Phase, Stage};
use cafe_core::notes::{self, MAX_NOTE_CHARS, NoteInput};
use cafe_store::{NoteRecord, TokenTable};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::convert;
use crate::{Api, ApiError, ErrorCode};

/// A table host's view of their table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhoneView {
    /// The café's title.
    pub cafe: String,
    pub table: PhoneTable,
    /// The round new notes go to, with its question.
    pub round: PhoneRound,
    pub clock: PhoneClock,
    /// The table's notes in every round, oldest first.
    pub notes: Vec<PhoneNote>,
    /// The most characters a note may hold.
    pub max_note_chars: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhoneTable {
    pub name: String,
    /// The table's topic (Knowledge Café), if it has one.
    pub topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhoneRound {
    /// 1-based.
    pub number: u32,
    /// How many rounds the café has.
    pub of: u32,
    pub question: String,
}

/// The round clock, to count down against the server's time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhoneClock {
    /// `not_started`, `round`, `move` (people change tables) or `done`.
    pub stage: String,
    /// The clock is counting down.
    pub running: bool,
    /// Time left in the stage at `server_now_ms`.
    pub remaining_ms: u64,
    /// When a running stage ends (milliseconds since 1970, server time).
    pub ends_at_ms: Option<i64>,
    /// The server's time when this was computed.
    pub server_now_ms: i64,
}

/// A note of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhoneNote {
    pub id: String,
    /// The id the phone gave the note when it wrote it (none for notes written on the laptop).
    pub client_id: Option<String>,
    /// The round (1-based) the note belongs to.
    pub round: u32,
    /// As written; a page shows it as text, never as markup.
    pub text: String,
    pub author: Option<String>,
    pub starred: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A new note from a phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewPhoneNote {
    /// The phone's own id for the note: 16–64 letters, digits, `-` or `_`. Sending the same id again returns the
    /// note already saved instead of adding another.
    pub client_id: String,
    pub text: String,
    pub author: Option<String>,
}

/// A changed note from a phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EditPhoneNote {
    pub text: String,
    /// The author; null or left out keeps the note's author.
    #[serde(default)]
    pub author: Option<String>,
}

fn unauthorized() -> ApiError {
    ApiError::new(
        ErrorCode::Unauthorized,
        "This link does not open a table (any more). Scan your table's QR code again, or ask the facilitator.",
    )
}

/// A phone's id for a note: 16–64 letters, digits, `-` or `_`.
pub(crate) fn is_client_id(id: &str) -> bool {
    (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn check_client_id(client_id: &str) -> Result<(), ApiError> {
    if is_client_id(client_id) {
        Ok(())
    } else {
        Err(ApiError {
            field: Some("client_id".into()),
            ..ApiError::invalid_request("client_id must be 16–64 letters, digits, '-' or '_'")
        })
    }
}

impl Api {
    /// The table `token` opens in the café `serving`, or `unauthorized` — the same answer for a token that never
    /// existed, one that was replaced and one of another café, so an answer reveals nothing.
    pub fn phone_table(&self, serving: Uuid, token: &str) -> Result<TokenTable, ApiError> {
        if token.is_empty() || token.len() > 128 {
            return Err(unauthorized());
        }
        match self.store.read(|r| r.table_by_token(token))? {
            Some(t) if t.cafe_id == serving => Ok(t),
            _ => Err(unauthorized()),
        }
    }

    pub fn phone_view(&self, at: TokenTable) -> Result<PhoneView, ApiError> {
        let now = (self.now)();
        let (cafe, table, notes, rounds, (state, schedule)) = self.store.read(|r| {
            let cafe = r.cafe(at.cafe_id)?;
            let table = r
                .tables(at.cafe_id)?
                .into_iter()
                .find(|t| t.id == at.table_id)
                .ok_or_else(|| cafe_store::StoreError::NotFound {
                    entity: "table",
                    id: at.table_id.to_string(),
                })?;
            let (state, schedule, rounds, _) = self.clock_parts(r, at.cafe_id)?;
            Ok((
                cafe,
                table,
                r.table_notes(at.table_id)?,
                rounds,
                (state, schedule),
            ))
        })?;
        let view = state.view(&schedule, now);
        let index = note_round_index(view.stage, rounds.len());
        let round = &rounds[index];
        let number_of = |id: Uuid| {
            rounds
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.number)
                .unwrap_or(1)
        };
        Ok(PhoneView {
            cafe: cafe.details.title,
            table: PhoneTable {
                name: table.name,
                topic: table.topic,
            },
            round: PhoneRound {
                number: round.number,
                of: rounds.len() as u32,
                question: round.question.clone(),
            },
            clock: PhoneClock {
                stage: match view.stage {
                    Stage::NotStarted => "not_started",
                    Stage::Round { .. } => "round",
                    Stage::Move { .. } => "move",
                    Stage::Done => "done",
                }
                .to_owned(),
                running: view.phase == Phase::Running,
                remaining_ms: view.remaining_ms.max(0) as u64,
                ends_at_ms: view.ends_at_ms,
                server_now_ms: now,
            },
            notes: notes
                .iter()
                .map(|n| phone_note(n, number_of(n.round_id)))
                .collect(),
            max_note_chars: MAX_NOTE_CHARS as u32,
        })
    }

    /// Adds a note to the table in the round notes go to now; returns it and whether it is new (false: the phone
    /// sent this client id before, and the note saved then is returned).
    pub fn phone_add_note(
        &self,
        at: TokenTable,
        note: NewPhoneNote,
    ) -> Result<(PhoneNote, bool), ApiError> {
        check_client_id(&note.client_id)?;
        let checked = notes::check(&NoteInput {
            text: note.text,
            author: note.author,
        })?;
        let (record, created, number) = self.store.write(|w| {
            let now = (self.now)();
            let (state, schedule, rounds, _) = self.clock_parts(w, at.cafe_id)?;
            let index = note_round_index(state.view(&schedule, now).stage, rounds.len());
            let (id, created) = w.insert_client_note(
                at.table_id,
                rounds[index].id,
                &checked.text,
                checked.author.as_deref(),
                &note.client_id,
            )?;
            let record = w.note(id)?;
            let number = rounds
                .iter()
                .find(|r| r.id == record.round_id)
                .map(|r| r.number)
                .unwrap_or(1);
            Ok((record, created, number))
        })?;
        Ok((phone_note(&record, number), created))
    }

    /// Changes a note of the table.
    pub fn phone_update_note(
        &self,
        at: TokenTable,
        note_id: &str,
        edit: EditPhoneNote,
    ) -> Result<PhoneNote, ApiError> {
        let note_id = convert::id(note_id, "id")?;
        let checked = notes::check(&NoteInput {
            text: edit.text,
            author: edit.author,
        })?;
        let (record, number) = self.store.write(|w| {
            let existing = own_note(w, at, note_id)?;
            if w.note_deleted(note_id)? {
                return Err(cafe_store::StoreError::NotFound {
                    entity: "note",
                    id: note_id.to_string(),
                });
            }
            // A phone that sends no author keeps the one the note has (typed on the laptop, say).
            let author = checked.author.as_deref().or(existing.author.as_deref());
            w.update_note(note_id, &checked.text, author, existing.starred)?;
            let record = w.note(note_id)?;
            let number = round_number(w, &record)?;
            Ok((record, number))
        })?;
        Ok(phone_note(&record, number))
    }

    /// Deletes a note of the table (the facilitator can restore it). Deleting a deleted note is not an error.
    pub fn phone_delete_note(&self, at: TokenTable, note_id: &str) -> Result<(), ApiError> {
        let note_id = convert::id(note_id, "id")?;
        self.store.write(|w| {
            own_note(w, at, note_id)?;
            w.set_note_deleted(note_id, true)?;
            Ok(())
        })?;
        Ok(())
    }
}

/// The note `id` if it belongs to the token's table. A note of another table is refused as forbidden.
fn own_note(
    w: &cafe_store::Write<'_>,
    at: TokenTable,
    id: Uuid,
) -> Result<NoteRecord, cafe_store::StoreError> {
    let note = w.note(id)?;
    if note.table_id != at.table_id {
        return Err(cafe_store::StoreError::Forbidden(
            "this note belongs to another table".into(),
        ));
    }
    Ok(note)
}

fn round_number(
    r: &cafe_store::Read<'_>,
    note: &NoteRecord,
) -> Result<u32, cafe_store::StoreError> {
    Ok(r.rounds(note.cafe_id)?
        .iter()
        .find(|r| r.id == note.round_id)
        .map(|r| r.number)
        .unwrap_or(1))
}

/// The round (0-based) that notes written now belong to: the round being run; while people move, the round just
/// ended; before the start the first; after the end the last.
fn note_round_index(stage: Stage, rounds: usize) -> usize {
    let last = rounds.saturating_sub(1);
    match stage {
        Stage::NotStarted => 0,
        Stage::Round { index } => index.min(last),
        Stage::Move { next } => next.saturating_sub(1).min(last),
        Stage::Done => last,
    }
}

fn phone_note(n: &NoteRecord, round: u32) -> PhoneNote {
    PhoneNote {
        id: n.id.to_string(),
        client_id: n.client_id.clone(),
        round,
        text: n.text.clone(),
        author: n.author.clone(),
        starred: n.starred,
        created_at: convert::time(n.created_at),
        updated_at: convert::time(n.updated_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_go_to_the_round_just_run() {
        let check = |stage, rounds, expected| assert_eq!(note_round_index(stage, rounds), expected);
        check(Stage::NotStarted, 3, 0);
        check(Stage::Round { index: 1 }, 3, 1);
        check(Stage::Move { next: 2 }, 3, 1);
        check(Stage::Done, 3, 2);
        check(Stage::Round { index: 7 }, 3, 2);
    }
}
