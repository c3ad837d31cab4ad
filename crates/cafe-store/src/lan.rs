//! Join links for hosts' phones: every table has a secret token (at least 128 random bits) that its join link
//! carries. A token grants its own table only; replacing it makes the old link stop working at once, since every
//! request from a phone looks its token up here.

use base64::Engine as _;
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use crate::{Action, Entity, Read, StoreError, Write};

/// How many random bytes a new token holds (192 bits).
const TOKEN_BYTES: usize = 24;

/// A fresh token: random bytes from the operating system, URL-safe base64 without padding.
fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        StoreError::Damaged(format!("the system has no randomness for a token: {e}"))
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The table a join token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenTable {
    pub cafe_id: Uuid,
    pub table_id: Uuid,
}

impl Read<'_> {
    /// The table whose join token is `token`, if any.
    pub fn table_by_token(&self, token: &str) -> Result<Option<TokenTable>, StoreError> {
        let row: Option<(String, String)> = self
            .tx
            .query_row(
                "SELECT t.cafe_id, t.id FROM table_token k JOIN cafe_table t ON t.id = k.table_id
                 WHERE k.token = ?1",
                [token],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(cafe, table)| {
            let parse = |s: &str| {
                Uuid::parse_str(s)
                    .map_err(|_| StoreError::Damaged(format!("bad id {s} in table_token")))
            };
            Ok(TokenTable {
                cafe_id: parse(&cafe)?,
                table_id: parse(&table)?,
            })
        })
        .transpose()
    }

    /// Each table's join token, in the café's table order.
    pub fn table_tokens(&self, cafe_id: Uuid) -> Result<Vec<(Uuid, String)>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT t.id, k.token FROM cafe_table t JOIN table_token k ON k.table_id = t.id
             WHERE t.cafe_id = ?1 ORDER BY t.position",
        )?;
        let rows = stmt.query_map([cafe_id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, token) = row?;
            let id = Uuid::parse_str(&id)
                .map_err(|_| StoreError::Damaged(format!("bad id {id} in cafe_table")))?;
            Ok((id, token))
        })
        .collect()
    }
}

impl Write<'_> {
    /// Gives a table a new join token, replacing its old one (whose link then stops working).
    pub fn set_table_token(&mut self, table_id: Uuid) -> Result<String, StoreError> {
        let cafe_id = self.table_cafe(table_id)?;
        let token = new_token()?;
        let now = self
            .now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.tx.execute(
            "INSERT INTO table_token (table_id, token, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (table_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
            params![table_id.to_string(), token, now],
        )?;
        self.changed(cafe_id, Entity::Table, Action::Updated);
        Ok(token)
    }
}
