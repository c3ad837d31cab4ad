//! The API's one error type, as every client sees it: a stable machine-readable `code`, a sentence for people, and
//! where known the field, CSV row and column at fault. Codes are part of the API contract: never rename one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The stable error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is not of the command's shape (missing field, wrong type, malformed id).
    InvalidRequest,
    /// A value breaks a rule (empty title, a round of 0 minutes, …); `field` names it.
    InvalidInput,
    /// The café, round, table or attendee does not exist (any more).
    NotFound,
    /// The request clashes with what is stored (a second table of the same name, a host of two tables, …).
    Conflict,
    /// A CSV file cannot be imported; `row` and `column` say where. Nothing was imported.
    CsvInvalid,
    /// The seating's hard rules cannot all be met (more people than seats, contradictory wishes, …).
    Infeasible,
    /// A file could not be written (no permission, disk full, …); `field` is `path`.
    File,
    /// The database could not be read or written.
    Storage,
    /// No command has that name.
    UnknownCommand,
    /// The LAN server: the join link's token is missing, wrong or was replaced.
    Unauthorized,
    /// The LAN server: the token is valid but does not grant this (another table's note).
    Forbidden,
    /// The LAN server: the request body is larger than allowed (16 kB).
    TooLarge,
    /// The LAN server: too many requests with one token; try again shortly.
    RateLimited,
    /// A bug: something that should not happen did.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (the TypeScript client gets the same list).
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::CsvInvalid,
        ErrorCode::Infeasible,
        ErrorCode::File,
        ErrorCode::Storage,
        ErrorCode::UnknownCommand,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::TooLarge,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
    ];

    /// The code as it travels (`"not_found"`, …).
    pub fn as_str(self) -> &'static str {
        // A new variant fails to compile here until it is named, and then `ALL` must list it (a test checks).
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::CsvInvalid => "csv_invalid",
            ErrorCode::Infeasible => "infeasible",
            ErrorCode::File => "file",
            ErrorCode::Storage => "storage",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }
}

/// An error as the UI, the CLI and the LAN server report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, as the request spells it (`title`, `rounds[2].duration_minutes`).
    pub field: Option<String>,
    /// The CSV row at fault (the header is row 1).
    pub row: Option<u32>,
    /// The CSV column at fault, as its header and letter.
    pub column: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
            row: None,
            column: None,
        }
    }

    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, message)
    }
}

impl From<cafe_core::ValidationError> for ApiError {
    fn from(e: cafe_core::ValidationError) -> Self {
        let mut message = e.message.clone();
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        ApiError {
            field: Some(e.field),
            ..ApiError::new(ErrorCode::InvalidInput, message)
        }
    }
}

impl From<cafe_core::attendee_csv::CsvError> for ApiError {
    fn from(e: cafe_core::attendee_csv::CsvError) -> Self {
        ApiError {
            row: e.row.map(|r| r as u32),
            column: e.column.clone(),
            ..ApiError::new(ErrorCode::CsvInvalid, format!("{e}. Nothing was imported."))
        }
    }
}

impl From<cafe_store::StoreError> for ApiError {
    fn from(e: cafe_store::StoreError) -> Self {
        use cafe_store::StoreError as S;
        let code = match &e {
            S::NotFound { .. } => ErrorCode::NotFound,
            S::Conflict(_) => ErrorCode::Conflict,
            S::Forbidden(_) => ErrorCode::Forbidden,
            _ => ErrorCode::Storage,
        };
        let mut message = e.to_string();
        if let S::NotFound { entity, .. } = &e {
            message =
                format!("This {entity} does not exist (any more) — it may have been deleted.");
        }
        ApiError::new(code, message)
    }
}
