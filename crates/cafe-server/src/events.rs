//! The update stream of a table (server-sent events): the table's view at once, then again whenever something it
//! shows changed — a note (from the laptop or another phone), the clock, the round, the table, the café. Changes
//! are gathered for [`SETTLE`] so a burst of notes sends one update, and an update that would repeat the last one
//! is not sent. When the token is replaced the stream says `revoked` and ends; when LAN mode is switched off it
//! ends, so that the server can stop.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use cafe_store::{Change, Entity};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use crate::routes::{ErrorBody, HttpError, Shared};

/// How long changes are gathered before an update goes out.
const SETTLE: Duration = Duration::from_millis(100);

fn concerns(changes: &[Change], cafe_id: Uuid) -> bool {
    changes.iter().any(|c| {
        c.cafe_id == cafe_id
            && !matches!(
                c.entity,
                Entity::Lan | Entity::Attendee | Entity::Thread | Entity::Seating
            )
    })
}

/// How many update streams one table's token may hold open (a few hosts' phones, with room for reloads).
pub const MAX_STREAMS_PER_TABLE: usize = 10;
/// How many update streams the server holds open in all.
pub const MAX_STREAMS: usize = 400;

/// A stream's place in the counts; given back when the stream ends (the phone left or the server stops).
struct Slot {
    shared: Arc<Shared>,
    table: Uuid,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .shared
            .streams
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.table) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.table);
            }
        }
    }
}

struct Subscription {
    _slot: Slot,
    shared: Arc<Shared>,
    token: String,
    receiver: tokio::sync::broadcast::Receiver<Arc<[Change]>>,
    last: Option<String>,
    ended: bool,
}

/// What the stream sends next: `None` ends it.
async fn next(mut st: Subscription) -> Option<(Result<Event, Infallible>, Subscription)> {
    if st.ended {
        return None;
    }
    loop {
        if st.last.is_some() {
            let mut stop = st.shared.stop.clone();
            loop {
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => return None,
                    received = st.receiver.recv() => match received {
                        Ok(changes) if concerns(&changes, st.shared.cafe_id) => break,
                        Ok(_) => continue,
                        Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return None,
                    }
                }
            }
            tokio::time::sleep(SETTLE).await;
            while st.receiver.try_recv().is_ok() {}
        }
        let token = st.token.clone();
        let cafe_id = st.shared.cafe_id;
        let view = st
            .shared
            .call(move |api| {
                let at = api.phone_table(cafe_id, &token)?;
                api.phone_view(at)
            })
            .await;
        match view {
            Ok(view) => {
                let json = serde_json::to_string(&view).unwrap_or_default();
                if st.last.as_deref() == Some(json.as_str()) {
                    continue;
                }
                st.last = Some(json.clone());
                return Some((Ok(Event::default().event("view").data(json)), st));
            }
            // Any other failure (a busy database, say) ends the stream without a word: the phone's EventSource
            // reconnects by itself, and its link stays good.
            Err(e) if !e.is_unauthorized() => return None,
            Err(_) => {
                st.ended = true;
                let body = ErrorBody {
                    code: "unauthorized".into(),
                    message: "This table's link was replaced. Scan the table's QR code again."
                        .into(),
                    field: None,
                };
                let json = serde_json::to_string(&body).unwrap_or_default();
                return Some((Ok(Event::default().event("revoked").data(json)), st));
            }
        }
    }
}

/// A stream of the table's view: `event: view` with a PhoneView as JSON, at once and after every change;
/// `event: revoked` when the token was replaced.
#[utoipa::path(get, path = "/api/tables/{token}/events", tag = "phone",
    params(("token" = String, Path, description = "The table's join token")),
    responses(
        (status = 200, description = "Server-sent events: `view` (data: PhoneView JSON), `revoked` (data: ErrorBody JSON)",
         content_type = "text/event-stream", body = String),
        (status = 401, description = "Missing, wrong or replaced token", body = ErrorBody),
        (status = 429, description = "Too many requests with this token, or too many open streams for its table", body = ErrorBody),
    ))]
pub(crate) async fn events(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<std::net::SocketAddr>,
    Path(token): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    let at = shared.authorize(token.clone(), from.ip()).await?;
    let slot = {
        let mut open = shared.streams.lock().unwrap_or_else(|p| p.into_inner());
        let total: usize = open.values().sum();
        let mine = open.get(&at.table_id).copied().unwrap_or(0);
        if mine >= MAX_STREAMS_PER_TABLE || total >= MAX_STREAMS {
            return Err(HttpError::too_many_streams());
        }
        open.insert(at.table_id, mine + 1);
        Slot {
            shared: shared.clone(),
            table: at.table_id,
        }
    };
    let receiver = shared.changes.subscribe();
    let start = Subscription {
        _slot: slot,
        shared,
        token,
        receiver,
        last: None,
        ended: false,
    };
    Ok(Sse::new(futures_util::stream::unfold(start, next)).keep_alive(KeepAlive::default()))
}
