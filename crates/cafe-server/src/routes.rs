//! The routes: the phone page and its assets, and the phone API. Each API handler authorises the token (401),
//! takes one request from the table's budget (429), runs the `cafe_api::phone` call off the async threads, and
//! answers JSON — errors as `{code, message, field}` with the HTTP status that fits.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cafe_api::phone::{EditPhoneNote, NewPhoneNote, PhoneNote, PhoneView};
use cafe_api::{Api, ApiError, ErrorCode};
use cafe_store::TokenTable;
use serde::Serialize;
use tokio::sync::watch;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::Changes;
use crate::limit::Limiter;

/// The largest request body the server reads (16 kB: a note of 2,000 characters fits many times over).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The phone page's Content-Security-Policy: its own script, style and API only; no inline code, no frames, no
/// other origin.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = include_str!("../phone/phone.html");
const SCRIPT: &str = include_str!("../phone/phone.js");
const STYLE: &str = include_str!("../phone/phone.css");

/// What every handler shares.
pub(crate) struct Shared {
    pub api: Api,
    pub cafe_id: Uuid,
    pub limiter: Limiter,
    /// Wrong tokens per sending address.
    pub failures: Limiter<std::net::IpAddr>,
    pub changes: Changes,
    pub stop: watch::Receiver<bool>,
    /// Open update streams per table.
    pub streams: std::sync::Mutex<std::collections::HashMap<Uuid, usize>>,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
}

impl Shared {
    /// Runs a blocking API call on the blocking pool.
    pub async fn call<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Api) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, HttpError> {
        let api = self.api.clone();
        tokio::task::spawn_blocking(move || f(&api))
            .await
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!("the request stopped unexpectedly: {e}"),
                )
            })?
            .map_err(HttpError::from)
    }

    /// The token's table, after taking one request from its budget. An address that sent too many wrong tokens
    /// is turned away before the lookup.
    pub async fn authorize(
        self: &Arc<Self>,
        token: String,
        from: std::net::IpAddr,
    ) -> Result<TokenTable, HttpError> {
        if let Some(wait) = self.failures.spent(from, Instant::now()) {
            return Err(HttpError::rate_limited(
                wait.as_secs_f64().ceil().max(1.0) as u64
            ));
        }
        let cafe_id = self.cafe_id;
        let found = self.call(move |api| api.phone_table(cafe_id, &token)).await;
        let at = match found {
            Err(e) if e.is_unauthorized() => {
                let _ = self.failures.take(from, Instant::now());
                return Err(e);
            }
            other => other?,
        };
        self.limiter
            .take(at.table_id, Instant::now())
            .map_err(|wait| HttpError::rate_limited(wait.as_secs_f64().ceil().max(1.0) as u64))?;
        Ok(at)
    }
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code: `unauthorized`, `forbidden`, `not_found`, `invalid_request`, `invalid_input`,
    /// `too_large`, `rate_limited`, `storage`, `internal`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The request field at fault, if one is.
    pub field: Option<String>,
}

/// An [`ApiError`] as an HTTP answer; `Retry-After` when the token's budget is spent.
#[derive(Debug)]
pub(crate) struct HttpError {
    error: ApiError,
    retry_after_s: Option<u64>,
    /// Close the connection after answering (the rest of the request was never read).
    close: bool,
}

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        HttpError {
            error,
            retry_after_s: None,
            close: false,
        }
    }
}

impl HttpError {
    /// The token opened no table.
    pub(crate) fn is_unauthorized(&self) -> bool {
        self.error.code == ErrorCode::Unauthorized
    }

    pub(crate) fn too_many_streams() -> HttpError {
        HttpError {
            error: ApiError::new(
                ErrorCode::RateLimited,
                "Too many phones follow this table at once — close the page on a phone that no longer needs it.",
            ),
            retry_after_s: Some(30),
            close: false,
        }
    }

    pub(crate) fn rate_limited(retry_after_s: u64) -> HttpError {
        HttpError {
            error: ApiError::new(
                ErrorCode::RateLimited,
                "Too many requests from this table's link — wait a moment and try again.",
            ),
            retry_after_s: Some(retry_after_s),
            close: false,
        }
    }
}

fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::InvalidRequest | ErrorCode::InvalidInput | ErrorCode::CsvInvalid => {
            StatusCode::BAD_REQUEST
        }
        ErrorCode::Conflict | ErrorCode::Infeasible => StatusCode::CONFLICT,
        ErrorCode::File | ErrorCode::Storage | ErrorCode::UnknownCommand | ErrorCode::Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let e = self.error;
        let body = ErrorBody {
            code: e.code.as_str().to_owned(),
            message: e.message,
            field: e.field,
        };
        let mut response = (status(e.code), axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.close {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// A JSON body, or the error that says what is wrong with it (413 past [`MAX_BODY_BYTES`]).
/// How long a request body may take to arrive once its headers have: a phone sends a note in one go, so this only
/// cuts off a client that announces a body and then holds the connection with it.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads a JSON body, within `timeout`. Called after the token was checked, so a request without a valid
/// token never gets its body read.
async fn read_json<T: serde::de::DeserializeOwned>(
    request: Request,
    timeout: Duration,
) -> Result<T, HttpError> {
    match tokio::time::timeout(timeout, axum::Json::<T>::from_request(request, &())).await {
        Ok(parsed) => body(parsed),
        Err(_) => Err(HttpError {
            close: true,
            ..HttpError::from(ApiError::invalid_request(format!(
                "The request body did not arrive within {} seconds.",
                timeout.as_secs().max(1)
            )))
        }),
    }
}

fn body<T>(parsed: Result<axum::Json<T>, JsonRejection>) -> Result<T, HttpError> {
    match parsed {
        Ok(axum::Json(value)) => Ok(value),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(ApiError::new(
                ErrorCode::TooLarge,
                format!("The request is larger than {} kB.", MAX_BODY_BYTES / 1024),
            )
            .into())
        }
        Err(rejection) => Err(ApiError::invalid_request(format!(
            "The request body is not what this call expects: {}",
            rejection.body_text()
        ))
        .into()),
    }
}

/// The app for the café `cafe_id`, serving until `stop` turns true.
pub fn router(api: Api, cafe_id: Uuid, changes: Changes, stop: watch::Receiver<bool>) -> Router {
    router_with(api, cafe_id, changes, stop, BODY_TIMEOUT)
}

/// [`router`] with another deadline for request bodies.
pub(crate) fn router_with(
    api: Api,
    cafe_id: Uuid,
    changes: Changes,
    stop: watch::Receiver<bool>,
    body_timeout: Duration,
) -> Router {
    let shared = Arc::new(Shared {
        api,
        cafe_id,
        limiter: Limiter::default(),
        failures: Limiter::new(crate::limit::FAILED_BURST, crate::limit::FAILED_PER_SECOND),
        changes,
        stop,
        streams: Default::default(),
        body_timeout,
    });
    Router::new()
        .route("/join", get(page))
        .route("/phone.js", get(script))
        .route("/phone.css", get(style))
        .route("/api/tables", axum::routing::any(no_token))
        .route("/api/tables/", axum::routing::any(no_token))
        .route("/api/tables/{token}", get(view))
        .route("/api/tables/{token}/notes", axum::routing::post(add_note))
        .route(
            "/api/tables/{token}/notes/{id}",
            axum::routing::put(update_note).delete(delete_note),
        )
        .route("/api/tables/{token}/events", get(crate::events::events))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(secure_headers))
        .with_state(shared)
}

/// Headers on every answer: the CSP, no sniffing, no referrer, no caching, no framing.
async fn secure_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn no_token() -> HttpError {
    ApiError::new(
        ErrorCode::Unauthorized,
        "This link does not open a table. Scan your table's QR code.",
    )
    .into()
}

async fn not_found() -> HttpError {
    ApiError::new(ErrorCode::NotFound, "There is nothing here.").into()
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// The phone page. It is the same for every table: the table's token follows `#` in the join link and never
/// reaches the server with the page request.
async fn page() -> Response {
    asset("text/html; charset=utf-8", PAGE)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// The table as its host sees it: café, round and question or topic, clock, notes.
#[utoipa::path(get, path = "/api/tables/{token}", tag = "phone",
    params(("token" = String, Path, description = "The table's join token (from its join link, after `#`)")),
    responses(
        (status = 200, description = "The table's view", body = PhoneView),
        (status = 401, description = "Missing, wrong or replaced token", body = ErrorBody),
        (status = 429, description = "Too many requests with this token; see Retry-After", body = ErrorBody),
    ))]
pub(crate) async fn view(
    State(s): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
) -> Result<axum::Json<PhoneView>, HttpError> {
    let at = s.authorize(token, from.ip()).await?;
    Ok(axum::Json(s.call(move |api| api.phone_view(at)).await?))
}

/// Adds a note to the table, in the round notes go to now. Sending the same `client_id` again returns the note
/// saved the first time (200) instead of adding another (201).
#[utoipa::path(post, path = "/api/tables/{token}/notes", tag = "phone",
    params(("token" = String, Path, description = "The table's join token")),
    request_body = NewPhoneNote,
    responses(
        (status = 201, description = "Saved", body = PhoneNote),
        (status = 200, description = "Saved before under this client id", body = PhoneNote),
        (status = 400, description = "Empty or too long a note, or a malformed request", body = ErrorBody),
        (status = 401, description = "Missing, wrong or replaced token", body = ErrorBody),
        (status = 413, description = "Body larger than 16 kB", body = ErrorBody),
        (status = 429, description = "Too many requests with this token", body = ErrorBody),
    ))]
pub(crate) async fn add_note(
    State(s): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    request: Request,
) -> Result<(StatusCode, axum::Json<PhoneNote>), HttpError> {
    let at = s.authorize(token, from.ip()).await?;
    let note: NewPhoneNote = read_json(request, s.body_timeout).await?;
    let (saved, created) = s.call(move |api| api.phone_add_note(at, note)).await?;
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, axum::Json(saved)))
}

/// Changes a note of the table.
#[utoipa::path(put, path = "/api/tables/{token}/notes/{id}", tag = "phone",
    params(("token" = String, Path, description = "The table's join token"),
           ("id" = String, Path, description = "The note's id")),
    request_body = EditPhoneNote,
    responses(
        (status = 200, description = "Saved", body = PhoneNote),
        (status = 400, description = "Empty or too long a note, or a malformed request", body = ErrorBody),
        (status = 401, description = "Missing, wrong or replaced token", body = ErrorBody),
        (status = 403, description = "The note belongs to another table", body = ErrorBody),
        (status = 404, description = "No such note", body = ErrorBody),
        (status = 413, description = "Body larger than 16 kB", body = ErrorBody),
        (status = 429, description = "Too many requests with this token", body = ErrorBody),
    ))]
pub(crate) async fn update_note(
    State(s): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path((token, id)): Path<(String, String)>,
    request: Request,
) -> Result<axum::Json<PhoneNote>, HttpError> {
    let at = s.authorize(token, from.ip()).await?;
    let edit: EditPhoneNote = read_json(request, s.body_timeout).await?;
    Ok(axum::Json(
        s.call(move |api| api.phone_update_note(at, &id, edit))
            .await?,
    ))
}

/// Deletes a note of the table (the facilitator can bring it back). Deleting it again is not an error.
#[utoipa::path(delete, path = "/api/tables/{token}/notes/{id}", tag = "phone",
    params(("token" = String, Path, description = "The table's join token"),
           ("id" = String, Path, description = "The note's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Missing, wrong or replaced token", body = ErrorBody),
        (status = 403, description = "The note belongs to another table", body = ErrorBody),
        (status = 404, description = "No such note", body = ErrorBody),
        (status = 429, description = "Too many requests with this token", body = ErrorBody),
    ))]
pub(crate) async fn delete_note(
    State(s): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Path((token, id)): Path<(String, String)>,
) -> Result<StatusCode, HttpError> {
    let at = s.authorize(token, from.ip()).await?;
    s.call(move |api| api.phone_delete_note(at, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
