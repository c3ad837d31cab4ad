//! `cafe import FILE.json`: a café file (`docs/cafe-file.md`) imported as a new café — new ids, fresh join links,
//! the clock not started — whose id is printed. All of the file is imported, or, if anything in it is wrong,
//! nothing; the message says where in the file the problem is.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Imports `file` into the database at `db` (the default database when `None`) and prints the new café's id.
pub fn import(db: Option<PathBuf>, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let api = crate::open(db)?;
    let cafe = api
        .import_cafe_file_bytes(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.message))?;
    println!("{}", cafe.id);
    Ok(())
}
