//! Knowledge Café's store: one SQLite file (WAL, foreign keys on) holding every café. Every command is one
//! transaction — a crash or kill -9 leaves either all of it or none of it — and every committed write announces what
//! it changed as [`Change`] events, which the desktop shell forwards to its windows.
//!
//! The store knows how to keep and find cafés; what is valid is decided by `cafe_core::validate` before data
//! reaches it (the schema's CHECK constraints are a last line of defence, not the rules).

mod clock;
mod lan;
pub mod migrations;
mod notes;
mod queries;
mod seating;
mod threads;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, Transaction};
use uuid::Uuid;

pub use lan::TokenTable;
pub use notes::{NoteCopy, NoteRecord};
pub use queries::{CafeRecord, CafeSummary};
pub use seating::{PlanInfo, SeatRecord};
pub use threads::{Placement, ThreadRecord};

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no {entity} with id {id}")]
    NotFound { entity: &'static str, id: String },
    #[error("{0}")]
    Conflict(String),
    /// The caller may not touch this (a phone's token and another table's note).
    #[error("{0}")]
    Forbidden(String),
    #[error(
        "{path} is not a Knowledge Café database (it may be damaged or another kind of file): {source}"
    )]
    NotADatabase {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database was written by a newer Knowledge Café (schema {found}; this version knows up to {supported}) — update the app"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("could not create the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What a write changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Change {
    /// The café concerned.
    pub cafe_id: Uuid,
    pub entity: Entity,
    pub action: Action,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Cafe,
    Round,
    Table,
    Attendee,
    Seating,
    Clock,
    Note,
    /// Common threads (detected or curated).
    Thread,
    /// The LAN server was switched on or off (announced with [`Store::notify`], not by a write).
    Lan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

type Listener = Box<dyn Fn(&[Change]) + Send + Sync>;

/// The store. Cheap to share behind an `Arc`; writes are serialised.
pub struct Store {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
    listeners: Mutex<Vec<Arc<Listener>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Where the database lives when nothing says otherwise: `knowledge-cafe/cafe.sqlite3` in the platform's data
/// directory (`~/.local/share` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_path() -> PathBuf {
    directories::ProjectDirs::from("org", "Knowledge Café", "knowledge-cafe")
        .map(|d| d.data_dir().join("cafe.sqlite3"))
        .unwrap_or_else(|| PathBuf::from("knowledge-cafe.sqlite3"))
}

/// The environment variable that overrides [`default_path`].
pub const DB_ENV: &str = "KNOWLEDGE_CAFE_DB";

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.to_owned(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let not_db = |source| StoreError::NotADatabase {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open_with_flags(path, flags).map_err(not_db)?;
        // The first read of a damaged or foreign file fails here, before anything is written to it.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(not_db)?;
        Self::setup(conn, Some(path.to_owned()))
    }

    /// Opens the database at `path` without applying migrations past `version` (for tests of old schemas).
    pub fn open_at_version(path: &Path, version: u32) -> Result<Connection, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrations::migrate_to(&mut conn, version)?;
        Ok(conn)
    }

    /// A fresh database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if path.is_some() {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Damaged(format!(
                    "could not switch to WAL mode (got {mode})"
                )));
            }
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        migrations::migrate_to(&mut conn, migrations::SCHEMA_VERSION)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
            listeners: Mutex::new(Vec::new()),
        })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Calls `listener` with the changes of every committed write, in commit order, on the writing thread.
    pub fn subscribe(&self, listener: impl Fn(&[Change]) + Send + Sync + 'static) {
        lock(&self.listeners).push(Arc::new(Box::new(listener)));
    }

    /// Tells listeners about changes that are not writes to the database (the LAN server switched on or off).
    pub fn notify(&self, changes: &[Change]) {
        let listeners: Vec<_> = lock(&self.listeners).clone();
        for l in listeners {
            l(changes);
        }
    }

    /// Runs `f` on a consistent snapshot.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Read<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = lock(&self.conn);
        let tx = conn.transaction()?;
        let out = f(&Read { tx: &tx })?;
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` in one transaction: all of its writes are committed together, or — if it fails — none. After the
    /// commit, listeners hear what changed.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Write<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let changes;
        let out;
        {
            let mut conn = lock(&self.conn);
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut w = Write {
                read: Read { tx: &tx },
                changes: Vec::new(),
                now: chrono::Utc::now(),
            };
            out = f(&mut w)?;
            changes = w.changes;
            tx.commit()?;
        }
        if !changes.is_empty() {
            let listeners: Vec<_> = lock(&self.listeners).clone();
            for l in listeners {
                l(&changes);
            }
        }
        Ok(out)
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it reports `ok`.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let conn = lock(&self.conn);
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged(result))
        }
    }
}

/// Locks a mutex; a panic in another thread while it held the lock does not make the data unusable here, since
/// every change goes through a transaction that the panic rolled back.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Read access inside a transaction.
pub struct Read<'a> {
    tx: &'a Transaction<'a>,
}

/// Write access inside a transaction; records the changes it makes.
pub struct Write<'a> {
    read: Read<'a>,
    changes: Vec<Change>,
    now: chrono::DateTime<chrono::Utc>,
}

impl<'a> std::ops::Deref for Write<'a> {
    type Target = Read<'a>;
    fn deref(&self) -> &Read<'a> {
        &self.read
    }
}

impl Write<'_> {
    fn changed(&mut self, cafe_id: Uuid, entity: Entity, action: Action) {
        let c = Change {
            cafe_id,
            entity,
            action,
        };
        if !self.changes.contains(&c) {
            self.changes.push(c);
        }
    }
}
