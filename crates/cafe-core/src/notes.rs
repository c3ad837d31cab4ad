//! Notes that table hosts capture: what a note may hold, and notes typed up later from paper tablecloths read from
//! a CSV file (`table`, `note`, optional `round` and `author` columns; other columns ignored) with the same
//! robustness as the attendee import — any bad row fails the whole file with its row and column. A café's import
//! checks table names and rounds against the café ([`read_csv`]); `cafe threads` reads notes of no café in
//! particular ([`read_csv_any_table`]).

use std::collections::HashMap;

use crate::attendee_csv::{self, CsvError, CsvTable};
use crate::validate::{MAX_SHORT_TEXT, ValidationError};

/// The most characters a note may hold.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// A note as written: its text (kept as typed, line breaks included, trimmed at the ends) and its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteInput {
    pub text: String,
    pub author: Option<String>,
}

/// Checks a note and returns it cleaned.
pub fn check(note: &NoteInput) -> Result<NoteInput, ValidationError> {
    let text: String = note
        .text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(ValidationError::new("text", "a note needs some text"));
    }
    let n = text.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(ValidationError::new(
            "text",
            format!(
                "a note holds at most {MAX_NOTE_CHARS} characters; this one has {n} — split it into two notes"
            ),
        ));
    }
    let author = note
        .author
        .as_deref()
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|a| !a.is_empty());
    if let Some(a) = &author
        && a.chars().count() > MAX_SHORT_TEXT
    {
        return Err(ValidationError::new(
            "author",
            format!("an author's name has at most {MAX_SHORT_TEXT} characters"),
        ));
    }
    Ok(NoteInput { text, author })
}

/// A note read from a row of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedNote {
    pub row: usize,
    /// Index into the tables passed to [`read_csv`].
    pub table: usize,
    /// 1-based.
    pub round: u32,
    pub note: NoteInput,
}

fn header_index(t: &CsvTable, names: &[&str]) -> Option<usize> {
    t.headers
        .iter()
        .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
}

/// The notes of a CSV file, and how its bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesFile {
    pub encoding: &'static str,
    pub notes: Vec<ImportedNote>,
}

/// Reads notes from a CSV file. `tables` are the café's table names (matched ignoring case and spacing), `rounds`
/// how many rounds it has.
pub fn read_csv(bytes: &[u8], tables: &[&str], rounds: u32) -> Result<NotesFile, CsvError> {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let by_name: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, n)| (fold(n), i))
        .collect();
    let (encoding, notes) = read_rows(bytes, Some(rounds), |name| {
        by_name.get(&fold(name)).copied().ok_or_else(|| {
            let known = tables
                .iter()
                .take(5)
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            format!("there is no table \"{name}\" in this café (its tables: {known}…)")
        })
    })?;
    Ok(NotesFile {
        encoding,
        notes: notes
            .into_iter()
            .map(|(row, table, round, note)| ImportedNote {
                row,
                table,
                round,
                note,
            })
            .collect(),
    })
}

/// A note read from a CSV file that is not tied to a café: its table is a name, whatever it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedNote {
    pub row: usize,
    /// The table's name as written (trimmed, inner spacing kept).
    pub table: String,
    /// 1-based.
    pub round: u32,
    pub note: NoteInput,
}

/// The notes of a CSV file read with [`read_csv_any_table`], and how its bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedNotesFile {
    pub encoding: &'static str,
    pub notes: Vec<NamedNote>,
}

/// Reads notes from a CSV file like [`read_csv`], for no café in particular: any non-empty table name and any
/// round from 1 on are accepted.
pub fn read_csv_any_table(bytes: &[u8]) -> Result<NamedNotesFile, CsvError> {
    let (encoding, notes) = read_rows(bytes, None, |name| {
        if name.is_empty() {
            Err("the table's name is empty".to_owned())
        } else {
            Ok(name.to_owned())
        }
    })?;
    Ok(NamedNotesFile {
        encoding,
        notes: notes
            .into_iter()
            .map(|(row, table, round, note)| NamedNote {
                row,
                table,
                round,
                note,
            })
            .collect(),
    })
}

/// A note row: spreadsheet row, table, round, the checked note.
type NoteRow<T> = (usize, T, u32, NoteInput);

/// Reads the note rows of a CSV file; `table` resolves a table's name (trimmed) or says why it cannot, and
/// `rounds` is the highest round allowed (any when `None`).
fn read_rows<T>(
    bytes: &[u8],
    rounds: Option<u32>,
    table: impl Fn(&str) -> Result<T, String>,
) -> Result<(&'static str, Vec<NoteRow<T>>), CsvError> {
    let t = attendee_csv::read_rows(bytes, "note")?;
    let missing = |what: &str| CsvError {
        row: Some(1),
        column: None,
        message: format!(
            "no \"{what}\" column — the header needs the columns table and note (round and author are optional)"
        ),
    };
    let table_col = header_index(&t, &["table", "table name", "tisch", "table/topic"])
        .ok_or_else(|| missing("table"))?;
    let note_col =
        header_index(&t, &["note", "notes", "text", "notiz"]).ok_or_else(|| missing("note"))?;
    let round_col = header_index(&t, &["round", "runde"]);
    let author_col = header_index(&t, &["author", "host", "by"]);
    let cell = |row: &attendee_csv::CsvRow, c: usize| {
        row.fields
            .get(c)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let at = |row: &attendee_csv::CsvRow, c: usize, message: String| CsvError {
        row: Some(row.row),
        column: Some(t.column_name(c)),
        message,
    };
    let mut notes = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let name = cell(row, table_col);
        let table = table(&name).map_err(|message| at(row, table_col, message))?;
        let round = match round_col.map(|c| cell(row, c)) {
            None => 1,
            Some(r) if r.is_empty() => 1,
            Some(r) => match (r.parse::<u32>(), rounds) {
                (Ok(n), Some(rounds)) if (1..=rounds).contains(&n) => n,
                (Ok(n), None) if n >= 1 => n,
                (_, Some(rounds)) => {
                    return Err(at(
                        row,
                        round_col.unwrap_or(0),
                        format!("\"{r}\" is not a round of this café (1 to {rounds})"),
                    ));
                }
                (_, None) => {
                    return Err(at(
                        row,
                        round_col.unwrap_or(0),
                        format!("\"{r}\" is not a round number (1, 2, …)"),
                    ));
                }
            },
        };
        let input = NoteInput {
            text: cell(row, note_col),
            author: author_col.map(|c| cell(row, c)),
        };
        let note = check(&input).map_err(|e| {
            let c = if e.field == "author" {
                author_col.unwrap_or(note_col)
            } else {
                note_col
            };
            at(row, c, e.message)
        })?;
        notes.push((row.row, table, round, note));
    }
    Ok((t.encoding, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_csv(input: &str, expected: &str) {
        let tables = ["Table 1", "Open  data"];
        let got = match read_csv(input.as_bytes(), &tables, 3) {
            Ok(file) => file
                .notes
                .iter()
                .map(|n| {
                    format!(
                        "{}|{}|{}|{}",
                        n.table,
                        n.round,
                        n.note.text,
                        n.note.author.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn notes_from_tablecloths() {
        check_csv(
            "Table;Note;Round;Author;Colour\nTable 1;Libraries as commons;2;Ana;red\nopen data;\"Fund \"\"open\"\" repositories\nnow\";;;\n",
            "0|2|Libraries as commons|Ana\n1|1|Fund \"open\" repositories\nnow|",
        );
        check_csv(
            "table,note\nTable 1,<script>alert(1)</script>\n",
            "0|1|<script>alert(1)</script>|",
        );
        check_csv(
            "table,note\nTable 9,x\n",
            "error: row 2, column \"table\" (A): there is no table \"Table 9\" in this café (its tables: \"Table 1\", \"Open  data\"…)",
        );
        check_csv(
            "table,note,round\nTable 1,x,4\n",
            "error: row 2, column \"round\" (C): \"4\" is not a round of this café (1 to 3)",
        );
        check_csv(
            "table,note\nTable 1,\n",
            "error: row 2, column \"note\" (B): a note needs some text",
        );
        check_csv("table,text\nTable 1,x\n", "0|1|x|");
        check_csv(
            "where,what\nTable 1,x\n",
            "error: row 1: no \"table\" column — the header needs the columns table and note (round and author are optional)",
        );
        check_csv(
            "",
            "error: the file is empty — it needs a header row and one row per note",
        );
        let long = format!("table,note\nTable 1,{}\n", "a".repeat(2_001));
        check_csv(
            &long,
            "error: row 2, column \"note\" (B): a note holds at most 2000 characters; this one has 2001 — split it into two notes",
        );
    }

    fn check_any(input: &str, expected: &str) {
        let got = match read_csv_any_table(input.as_bytes()) {
            Ok(file) => file
                .notes
                .iter()
                .map(|n| format!("{}|{}|{}|{}", n.row, n.table, n.round, n.note.text))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn notes_of_any_table() {
        check_any(
            "\u{feff}Tisch;Runde;Notiz;Farbe\r\nKüche ;12;\"Mehr Bänke; bitte\";rot\r\n\r\nGarten;;Radwege;\r\n",
            "2|Küche|12|Mehr Bänke; bitte\n4|Garten|1|Radwege",
        );
        check_any(
            "table,note,round\nA,x,0\n",
            "error: row 2, column \"round\" (C): \"0\" is not a round number (1, 2, …)",
        );
        check_any(
            "table,note\n,x\n",
            "error: row 2, column \"table\" (A): the table's name is empty",
        );
        check_any(
            "note\nx\n",
            "error: row 1: no \"table\" column — the header needs the columns table and note (round and author are optional)",
        );
        check_any(
            "table,note\nA, \n",
            "error: row 2, column \"note\" (B): a note needs some text",
        );
    }

    #[test]
    fn note_rules() {
        let ok = check(&NoteInput {
            text: "  Keep\nthe line break \u{7}".into(),
            author: Some("  Ana   Lima ".into()),
        })
        .unwrap();
        assert_eq!(
            (ok.text.as_str(), ok.author.as_deref()),
            ("Keep\nthe line break", Some("Ana Lima"))
        );
        assert_eq!(
            check(&NoteInput {
                text: " \n ".into(),
                author: None
            })
            .unwrap_err()
            .field,
            "text"
        );
        assert!(
            check(&NoteInput {
                text: "é".repeat(2_000),
                author: None
            })
            .is_ok()
        );
    }
}
