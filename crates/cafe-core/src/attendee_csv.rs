//! Reading attendee lists as spreadsheets and registration tools export them: UTF-8 with or without a byte-order
//! mark (and, as Excel writes it, UTF-16 or Windows-1252), comma, semicolon or tab separated, quoted fields with
//! embedded quotes and line breaks. Headers are matched case-insensitively against the names people use
//! (`Name`, `First name` + `Last name`, `Organisation`, `E-mail`, `Role`, and some German, French, Swedish and
//! Spanish ones); when they differ, the caller passes a [`ColumnMapping`] of its own.
//!
//! A file that cannot be read exactly gives a [`CsvError`] naming the row and column, so nothing half-right is
//! ever imported. Row numbers are the ones a spreadsheet shows: the header is row 1.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{Attendee, AttendeeInput, Role};
use crate::validate;

/// Why a file could not be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct CsvError {
    /// The spreadsheet row (the header is row 1), when the problem is in one row.
    pub row: Option<usize>,
    /// The column, as its header and letter (`"Email" (C)`), when the problem is in one cell.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl CsvError {
    fn file(message: impl Into<String>) -> Self {
        CsvError {
            row: None,
            column: None,
            message: message.into(),
        }
    }

    fn describe(&self) -> String {
        match (self.row, &self.column) {
            (Some(r), Some(c)) => format!("row {r}, column {c}: {}", self.message),
            (Some(r), None) => format!("row {r}: {}", self.message),
            (None, Some(c)) => format!("column {c}: {}", self.message),
            (None, None) => self.message.clone(),
        }
    }
}

/// A CSV file read into rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// How the bytes were decoded: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub encoding: &'static str,
    /// The separator found in the header: `,`, `;` or a tab.
    pub delimiter: char,
    pub headers: Vec<String>,
    /// The data rows, blank rows left out.
    pub rows: Vec<CsvRow>,
}

/// One data row of a [`CsvTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// The spreadsheet row number (the header is row 1).
    pub row: usize,
    /// The file's line on which the row starts (differs from `row` when quoted fields hold line breaks).
    pub line: usize,
    pub fields: Vec<String>,
}

/// The letter a spreadsheet gives the column at `index` (0 → A, 26 → AA).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl CsvTable {
    /// How a column is named in messages: its header and letter, `"E-mail" (C)`.
    pub fn column_name(&self, index: usize) -> String {
        match self
            .headers
            .get(index)
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
        {
            Some(h) => format!("\"{h}\" ({})", column_letter(index)),
            None => column_letter(index),
        }
    }
}

/// Decodes the bytes of a text file, as Excel and registration tools write them.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), CsvError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(CsvError::file(
            "this is an Excel workbook or other ZIP file, not CSV — in Excel choose File › Save As › CSV UTF-8",
        ));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(CsvError::file(format!(
                "the file says it is {} but holds bytes that are not",
                enc.name()
            )));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "windows-1252")
        }
    };
    if text.contains('\0') {
        return Err(CsvError::file(
            "this is not a text file (it holds NUL bytes) — export the list as CSV",
        ));
    }
    Ok((text, encoding))
}

/// The separator most used, outside quotes, in the first record.
fn detect_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if *d == c {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // Ties go to the earlier entry: comma, then semicolon.
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// A record and the line it starts on.
type Record = (usize, Vec<String>);

/// Splits `text` into records (RFC 4180, with any line ending). Reports a quote that is never closed, or text
/// after a closing quote, with the record and field where it happens.
fn split_records(
    text: &str,
    delimiter: char,
) -> Result<Vec<Record>, (usize, usize, usize, String)> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut chars = text.chars().peekable();
    // Whether the current field began with a quote, and the line of that quote.
    let mut in_quotes = false;
    let mut quote_line = 0usize;
    let mut after_quote = false;
    let mut field_started = false;

    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        in_quotes = false;
                        after_quote = true;
                    }
                }
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    field.push('\n');
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        if c == delimiter {
            fields.push(std::mem::take(&mut field));
            after_quote = false;
            field_started = false;
            continue;
        }
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
                after_quote = false;
                field_started = false;
            }
            '"' if !field_started => {
                in_quotes = true;
                quote_line = line;
                field_started = true;
            }
            ' ' | '\t' if after_quote => {}
            _ if after_quote => {
                return Err((
                    records.len() + 1,
                    fields.len(),
                    line,
                    "unexpected text after a closing quote (a quote inside a quoted value must be doubled: \"\")".to_owned(),
                ));
            }
            ' ' if !field_started => field.push(c),
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err((
            records.len() + 1,
            fields.len(),
            quote_line,
            format!("the quoted value that starts on line {quote_line} is never closed"),
        ));
    }
    if !fields.is_empty() || !field.is_empty() || after_quote {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

/// Reads a CSV file: decodes it, finds the separator, splits it into rows and checks that no row has more fields
/// than the header. Blank rows (also rows of only separators, as Excel writes them) are left out.
pub fn read(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    read_rows(bytes, "attendee")
}

/// Reads any CSV file the same way; `what` names one row's thing in messages ("note", …).
pub fn read_rows(bytes: &[u8], what: &str) -> Result<CsvTable, CsvError> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = detect_delimiter(&text);
    let records =
        split_records(&text, delimiter).map_err(|(row, field, line, message)| CsvError {
            row: Some(row),
            column: Some(column_letter(field)),
            message: format!("{message} (line {line})"),
        })?;
    let mut iter = records
        .into_iter()
        .enumerate()
        .filter(|(_, (_, f))| f.iter().any(|v| !v.trim().is_empty()));
    let Some((_, (_, headers))) = iter.next() else {
        return Err(CsvError::file(format!(
            "the file is empty — it needs a header row and one row per {what}"
        )));
    };
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    let mut table = CsvTable {
        encoding,
        delimiter,
        headers,
        rows: Vec::new(),
    };
    for (index, (line, fields)) in iter {
        let row = index + 1;
        if fields.len() > table.headers.len() {
            let extra = &fields[table.headers.len()..];
            if extra.iter().any(|v| !v.trim().is_empty()) {
                let sep = if delimiter == '\t' {
                    "tab".to_owned()
                } else {
                    format!("\"{delimiter}\"")
                };
                return Err(CsvError {
                    row: Some(row),
                    column: Some(column_letter(table.headers.len())),
                    message: format!(
                        "this row has {} values but the header has {} columns — does a value hold a {sep} without \
                         quotes around it?",
                        fields.len(),
                        table.headers.len()
                    ),
                });
            }
        }
        table.rows.push(CsvRow { row, line, fields });
    }
    if table.rows.is_empty() {
        return Err(CsvError::file(format!(
            "the file has a header but no {what}s"
        )));
    }
    Ok(table)
}

/// Which column holds which attendee field (0-based column indexes; `None` when the file has no such column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The full name. When absent, `first_name` and `last_name` are joined.
    pub name: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub organisation: Option<usize>,
    pub email: Option<usize>,
    pub role: Option<usize>,
}

impl ColumnMapping {
    /// Does the mapping say where names are?
    pub fn has_name(&self) -> bool {
        self.name.is_some() || self.first_name.is_some() || self.last_name.is_some()
    }

    fn columns(&self) -> [(&'static str, Option<usize>); 6] {
        [
            ("name", self.name),
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("organisation", self.organisation),
            ("email", self.email),
            ("role", self.role),
        ]
    }
}

fn normalise_header(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the columns by their headers, ignoring case, punctuation and spacing.
pub fn suggest_mapping(headers: &[String]) -> ColumnMapping {
    const NAME: &[&str] = &[
        "name",
        "full name",
        "fullname",
        "attendee",
        "attendee name",
        "participant",
        "participant name",
        "delegate",
        "nom",
        "nombre",
        "namn",
        "nome",
    ];
    const FIRST: &[&str] = &[
        "first name",
        "firstname",
        "first",
        "given name",
        "forename",
        "vorname",
        "prénom",
        "prenom",
        "förnamn",
        "fornamn",
        "nombre de pila",
    ];
    const LAST: &[&str] = &[
        "last name",
        "lastname",
        "last",
        "surname",
        "family name",
        "nachname",
        "nom de famille",
        "efternamn",
        "apellido",
        "apellidos",
    ];
    const ORG: &[&str] = &[
        "organisation",
        "organization",
        "org",
        "company",
        "institution",
        "affiliation",
        "employer",
        "library",
        "organisation name",
        "organization name",
        "firma",
        "einrichtung",
        "organisme",
        "organisationen",
        "organización",
        "organizacion",
        "institución",
    ];
    const EMAIL: &[&str] = &[
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "e mail adresse",
        "courriel",
        "correo",
        "correo electrónico",
        "e post",
        "epost",
    ];
    const ROLE: &[&str] = &[
        "role",
        "type",
        "attendee type",
        "participant type",
        "rolle",
        "rôle",
        "roll",
        "rol",
    ];

    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let find = |names: &[&str]| normalised.iter().position(|h| names.contains(&h.as_str()));
    let mut m = ColumnMapping {
        name: find(NAME),
        first_name: find(FIRST),
        last_name: find(LAST),
        organisation: find(ORG),
        email: find(EMAIL),
        role: find(ROLE),
    };
    // "Nom" is the surname beside "Prénom"; a bare "Name" beside "Vorname" is the surname too.
    if m.name.is_some() && m.first_name.is_some() && m.last_name.is_none() {
        m.last_name = m.name.take();
    }
    m
}

/// One attendee read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAttendee {
    pub row: usize,
    pub attendee: AttendeeInput,
}

/// Turns the rows of `table` into attendees through `mapping`; the first row that breaks a rule fails the whole
/// file with its row and column.
pub fn attendees(
    table: &CsvTable,
    mapping: &ColumnMapping,
) -> Result<Vec<ParsedAttendee>, CsvError> {
    if !mapping.has_name() {
        return Err(CsvError::file(
            "no column holds the attendees' names — choose the column for Name (or First name and Last name)",
        ));
    }
    for (field, column) in mapping.columns() {
        if let Some(c) = column
            && c >= table.headers.len()
        {
            return Err(CsvError::file(format!(
                "the {field} column {} is not in the file",
                column_letter(c)
            )));
        }
    }
    let cell = |row: &CsvRow, c: Option<usize>| -> String {
        c.and_then(|c| row.fields.get(c))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let error_at = |row: &CsvRow, column: Option<usize>, message: String| CsvError {
        row: Some(row.row),
        column: column.map(|c| table.column_name(c)),
        message,
    };
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let name = match mapping.name {
            Some(c) => cell(row, Some(c)),
            None => {
                let first = cell(row, mapping.first_name);
                let last = cell(row, mapping.last_name);
                format!("{first} {last}").trim().to_owned()
            }
        };
        let name_column = mapping.name.or(mapping.first_name).or(mapping.last_name);
        if name.is_empty() {
            return Err(error_at(row, name_column, "the name is empty".to_owned()));
        }
        let role_text = cell(row, mapping.role);
        let Some(role) = Role::parse_lenient(&role_text) else {
            return Err(error_at(
                row,
                mapping.role,
                format!(
                    "\"{role_text}\" is not a role — write host or traveller (or leave it empty)"
                ),
            ));
        };
        let input = AttendeeInput {
            name,
            organisation: Some(cell(row, mapping.organisation)),
            email: Some(cell(row, mapping.email)),
            role,
        };
        let attendee = validate::attendee(&input, "").map_err(|e| {
            let column = match e.field.as_str() {
                "email" => mapping.email,
                "organisation" => mapping.organisation,
                _ => name_column,
            };
            error_at(row, column, e.message)
        })?;
        out.push(ParsedAttendee {
            row: row.row,
            attendee,
        });
    }
    Ok(out)
}

/// A row left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub row: usize,
    pub name: String,
    pub reason: String,
}

/// What an import will do: the attendees to add, and the rows left out because the person is already there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    pub add: Vec<AttendeeInput>,
    pub skipped: Vec<SkippedRow>,
}

/// Decides which parsed attendees to add to a café that already has `existing`: a person already in the café, or
/// listed twice in the file (same e-mail, or same name when there is no e-mail), is added once.
pub fn plan_import(
    existing: &[Attendee],
    parsed: Vec<ParsedAttendee>,
) -> Result<ImportPlan, CsvError> {
    let mut known: HashMap<String, Option<usize>> = existing
        .iter()
        .map(|a| (Attendee::identity_key(&a.name, a.email.as_deref()), None))
        .collect();
    let mut plan = ImportPlan::default();
    for p in parsed {
        let key = Attendee::identity_key(&p.attendee.name, p.attendee.email.as_deref());
        match known.get(&key) {
            Some(None) => plan.skipped.push(SkippedRow {
                row: p.row,
                name: p.attendee.name,
                reason: "already an attendee of this café".to_owned(),
            }),
            Some(Some(first)) => plan.skipped.push(SkippedRow {
                row: p.row,
                name: p.attendee.name,
                reason: format!("the same person as row {first}"),
            }),
            None => {
                known.insert(key, Some(p.row));
                plan.add.push(p.attendee);
            }
        }
    }
    let total = existing.len() + plan.add.len();
    if total > validate::MAX_ATTENDEES {
        return Err(CsvError::file(format!(
            "a café can have at most {} attendees; this import would make {total}",
            validate::MAX_ATTENDEES
        )));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` with the suggested mapping and renders the outcome as one line per attendee
    /// (`name|organisation|email|role`), or the error's text.
    fn check(input: &[u8], expected: &str) {
        let got = read(input)
            .and_then(|t| attendees(&t, &suggest_mapping(&t.headers)))
            .map(|list| {
                list.iter()
                    .map(|p| {
                        let a = &p.attendee;
                        format!(
                            "{}|{}|{}|{}",
                            a.name,
                            a.organisation.as_deref().unwrap_or(""),
                            a.email.as_deref().unwrap_or(""),
                            a.role.as_str()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        let got = match got {
            Ok(s) => s,
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(
            got,
            expected.trim(),
            "input: {:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn comma_and_semicolon_files() {
        check(b"Name,Organisation,Email,Role\nAna Lima,City Library,ana@example.org,host\nBo Berg,,,\n",
              "Ana Lima|City Library|ana@example.org|host\nBo Berg|||traveller");
        check(
            b"name;organisation;email\r\nAna;Lib, Inc.;ana@example.org\r\n",
            "Ana|Lib, Inc.|ana@example.org|traveller",
        );
        check(b"Name\tCompany\nAna\tACME\n", "Ana|ACME||traveller");
    }

    #[test]
    fn byte_order_marks_and_encodings() {
        check(
            "\u{feff}NAME;E-Mail\nJosé Núñez;jose@example.es\n".as_bytes(),
            "José Núñez||jose@example.es|traveller",
        );
        // Windows-1252, as older Excel writes it: é is 0xE9.
        check(
            b"Name;Org\nRen\xe9e;Biblioth\xe8que\n",
            "Renée|Bibliothèque||traveller",
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Name\tRole\nÅsa\tHost\n"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        check(&utf16, "Åsa|||host");
    }

    #[test]
    fn quoted_fields() {
        check(
            b"Name,Organisation\n\"Lima, Ana\",\"The \"\"Big\"\" Library\"\n",
            "Lima, Ana|The \"Big\" Library||traveller",
        );
        // A line break inside quotes is part of the value; single-line fields fold it into a space.
        check(
            b"Name,Organisation\n\"Ana\nLima\",\"Dept. A\r\nCity\"\nBo,X\n",
            "Ana Lima|Dept. A City||traveller\nBo|X||traveller",
        );
    }

    #[test]
    fn first_and_last_names() {
        check(
            b"First Name,Last Name,Affiliation\nAna,Lima,UNESCO\n,Berg,\n",
            "Ana Lima|UNESCO||traveller\nBerg|||traveller",
        );
        check(
            "Prénom;Nom;Courriel\nMarie;Curie;marie@example.fr\n".as_bytes(),
            "Marie Curie||marie@example.fr|traveller",
        );
        check(
            b"Vorname;Name;Rolle\nJonas;Weber;Gastgeber\n",
            "Jonas Weber|||host",
        );
    }

    #[test]
    fn blank_rows_and_short_rows() {
        check(
            b"Name;Org;Email\n;;\nAna\n\n;;\nBo;X;\n",
            "Ana|||traveller\nBo|X||traveller",
        );
    }

    #[test]
    fn errors_name_row_and_column() {
        check(
            b"Name,Email\nAna,ana@example.org\nBo,not-an-email\n",
            "error: row 3, column \"Email\" (B): \"not-an-email\" is not an e-mail address",
        );
        check(
            b"Name,Role\nAna,host\nBo,chair\n",
            "error: row 3, column \"Role\" (B): \"chair\" is not a role — write host or traveller (or leave it empty)",
        );
        check(
            b"Name,Org\nAna,X\n,Y\n",
            "error: row 3, column \"Name\" (A): the name is empty",
        );
        check(
            b"Name,Org\nAna,X\n\"Bo,Y\nCy,Z\n",
            "error: row 3, column A: the quoted value that starts on line 3 is never closed (line 3)",
        );
        check(
            b"Name,Org\nAna,X,extra\n",
            "error: row 2, column C: this row has 3 values but the header has 2 columns — does a value hold a \",\" without quotes around it?",
        );
        check(
            b"Name,Org\n\"Ana\"x,Y\n",
            "error: row 2, column A: unexpected text after a closing quote (a quote inside a quoted value must be doubled: \"\") (line 2)",
        );
        check(
            b"",
            "error: the file is empty — it needs a header row and one row per attendee",
        );
        check(
            b"Name;Org\n",
            "error: the file has a header but no attendees",
        );
        check(
            b"PK\x03\x04rest",
            "error: this is an Excel workbook or other ZIP file, not CSV — in Excel choose File › Save As › CSV UTF-8",
        );
        check(
            b"Who,Where\nAna,X\n",
            "error: no column holds the attendees' names — choose the column for Name (or First name and Last name)",
        );
        let long = format!("Name\n{}\n", "x".repeat(201));
        check(
            long.as_bytes(),
            "error: row 2, column \"Name\" (A): The name is 201 characters long; at most 200 are allowed",
        );
    }

    #[test]
    fn own_mapping() {
        let t = read(b"Who,Where\nAna,X\n").unwrap();
        let m = ColumnMapping {
            name: Some(0),
            organisation: Some(1),
            ..Default::default()
        };
        let a = attendees(&t, &m).unwrap();
        assert_eq!(a[0].attendee.organisation.as_deref(), Some("X"));
        let bad = ColumnMapping {
            name: Some(5),
            ..Default::default()
        };
        assert_eq!(
            attendees(&t, &bad).unwrap_err().to_string(),
            "the name column F is not in the file"
        );
    }

    #[test]
    fn column_letters() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
        }
    }

    #[test]
    fn duplicates_are_added_once() {
        let t = read(b"Name,Email\nAna,ana@x.org\nBo,\nANA LIMA,Ana@X.org\nbo,\nCy,\n").unwrap();
        let parsed = attendees(&t, &suggest_mapping(&t.headers)).unwrap();
        let existing = vec![Attendee {
            id: uuid::Uuid::nil(),
            name: "Cy".into(),
            organisation: None,
            email: None,
            role: Role::Traveller,
        }];
        let plan = plan_import(&existing, parsed).unwrap();
        let added: Vec<_> = plan.add.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(added, ["Ana", "Bo"]);
        let skipped: Vec<_> = plan
            .skipped
            .iter()
            .map(|s| format!("{}:{}", s.row, s.reason))
            .collect();
        assert_eq!(
            skipped,
            [
                "4:the same person as row 2",
                "5:the same person as row 3",
                "6:already an attendee of this café"
            ]
        );
    }
}
