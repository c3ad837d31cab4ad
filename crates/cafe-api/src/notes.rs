//! The notes commands: add, change, star, delete (undoably) and list a café's notes, and import notes typed up
//! from paper tablecloths. Rules on a note's text live in `cafe_core::notes`.

use cafe_core::notes::{self, NoteInput};
use cafe_store::NoteRecord;

use crate::commands::{check_size, decode_file};
use crate::convert::{self, id};
use crate::dto::*;
use crate::{Api, ApiError};

fn note_out(n: &NoteRecord) -> Note {
    Note {
        id: n.id.to_string(),
        table_id: n.table_id.to_string(),
        round_id: n.round_id.to_string(),
        text: n.text.clone(),
        author: n.author.clone(),
        starred: n.starred,
        created_at: convert::time(n.created_at),
        updated_at: convert::time(n.updated_at),
    }
}

impl Api {
    pub fn list_notes(&self, req: ById) -> Result<Vec<Note>, ApiError> {
        let cafe_id = id(&req.id, "id")?;
        let notes = self.store.read(|r| {
            r.cafe(cafe_id)?;
            r.notes(cafe_id)
        })?;
        Ok(notes.iter().map(note_out).collect())
    }

    pub fn add_note(&self, req: AddNote) -> Result<Note, ApiError> {
        let table_id = id(&req.table_id, "table_id")?;
        let round_id = id(&req.round_id, "round_id")?;
        let note = notes::check(&NoteInput {
            text: req.text,
            author: req.author,
        })?;
        let created = self.store.write(|w| {
            let cafe_id = w.table_cafe(table_id)?;
            let ids = w.insert_notes(
                cafe_id,
                &[(table_id, round_id, note.text.clone(), note.author.clone())],
            )?;
            w.note(ids[0])
        })?;
        Ok(note_out(&created))
    }

    pub fn update_note(&self, req: UpdateNote) -> Result<Note, ApiError> {
        let note_id = id(&req.id, "id")?;
        let note = notes::check(&NoteInput {
            text: req.text,
            author: req.author,
        })?;
        let updated = self.store.write(|w| {
            w.update_note(note_id, &note.text, note.author.as_deref(), req.starred)?;
            w.note(note_id)
        })?;
        Ok(note_out(&updated))
    }

    pub fn delete_note(&self, req: ById) -> Result<Note, ApiError> {
        let note_id = id(&req.id, "id")?;
        let note = self.store.write(|w| {
            w.set_note_deleted(note_id, true)?;
            w.note(note_id)
        })?;
        Ok(note_out(&note))
    }

    pub fn restore_note(&self, req: ById) -> Result<Note, ApiError> {
        let note_id = id(&req.id, "id")?;
        let note = self.store.write(|w| {
            w.set_note_deleted(note_id, false)?;
            w.note(note_id)
        })?;
        Ok(note_out(&note))
    }

    pub fn import_notes(&self, req: ImportNotes) -> Result<NotesImported, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        self.import_note_bytes(cafe_id, &decode_file(&req.data_base64)?)
    }

    /// Imports notes from the bytes of a CSV file (the CLI reads the file itself).
    pub fn import_note_bytes(
        &self,
        cafe_id: uuid::Uuid,
        bytes: &[u8],
    ) -> Result<NotesImported, ApiError> {
        check_size(bytes)?;
        let (tables, rounds) = self.store.read(|r| {
            r.cafe(cafe_id)?;
            Ok((r.tables(cafe_id)?, r.rounds(cafe_id)?))
        })?;
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let file = notes::read_csv(bytes, &names, rounds.len() as u32)?;
        let rows: Vec<_> = file
            .notes
            .into_iter()
            .map(|n| {
                (
                    tables[n.table].id,
                    rounds[n.round as usize - 1].id,
                    n.note.text,
                    n.note.author,
                )
            })
            .collect();
        let ids = self.store.write(|w| w.insert_notes(cafe_id, &rows))?;
        Ok(NotesImported {
            imported: ids.len() as u32,
            encoding: file.encoding.to_owned(),
        })
    }
}
