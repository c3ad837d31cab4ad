//! The rules a café's data must follow, applied once here for every face of the app. Each function takes what a
//! person typed, trims it, checks it and returns the cleaned value, or a [`ValidationError`] that names the field
//! and says what is wrong in words a facilitator understands.

use crate::model::{AttendeeInput, CafeDetails, RoundInput, TableInput};

/// Longest title, name, venue or organisation, in characters.
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest round question or table topic, in characters.
pub const MAX_LONG_TEXT: usize = 1_000;
/// Most rounds a café can have.
pub const MAX_ROUNDS: usize = 20;
/// Longest round, in minutes.
pub const MAX_ROUND_MINUTES: u32 = 240;
/// Longest move between rounds, in minutes.
pub const MAX_MOVE_MINUTES: u32 = 60;
/// Most tables a café can have.
pub const MAX_TABLES: usize = 500;
/// Most seats at one table.
pub const MAX_CAPACITY: u32 = 100;
/// Most attendees a café can have.
pub const MAX_ATTENDEES: usize = 20_000;

/// A value that breaks a rule: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The field's name as the API spells it (`title`, `rounds[2].duration_minutes`, …).
    pub field: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            message: message.into(),
        }
    }
}

type Result<T> = std::result::Result<T, ValidationError>;

/// Trims `text`, folds line breaks into spaces when `single_line`, and checks its length.
fn clean(
    field: &str,
    label: &str,
    text: &str,
    max: usize,
    required: bool,
    single_line: bool,
) -> Result<String> {
    let mut t = text.trim().to_owned();
    if single_line {
        t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        t = t
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
    }
    if required && t.is_empty() {
        return Err(ValidationError::new(field, format!("{label} is required")));
    }
    let n = t.chars().count();
    if n > max {
        return Err(ValidationError::new(
            field,
            format!("{label} is {n} characters long; at most {max} are allowed"),
        ));
    }
    Ok(t)
}

fn optional(
    text: Option<&str>,
    field: &str,
    label: &str,
    max: usize,
    single_line: bool,
) -> Result<Option<String>> {
    match text {
        None => Ok(None),
        Some(t) => {
            let t = clean(field, label, t, max, false, single_line)?;
            Ok(if t.is_empty() { None } else { Some(t) })
        }
    }
}

/// Is `tag` a plausible BCP 47 language tag (`en`, `de-CH`, `zh-Hant-TW`)?
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(primary) = parts.next() else {
        return false;
    };
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Checks a café's details and returns them cleaned.
pub fn cafe_details(d: &CafeDetails) -> Result<CafeDetails> {
    let language = d.language.trim();
    let language = if language.is_empty() { "en" } else { language };
    if !is_language_tag(language) {
        return Err(ValidationError::new(
            "language",
            format!("\"{language}\" is not a language code; use one such as en, de, fr or pt-BR"),
        ));
    }
    if d.move_minutes > MAX_MOVE_MINUTES {
        return Err(ValidationError::new(
            "move_minutes",
            format!("moving between rounds can take at most {MAX_MOVE_MINUTES} minutes"),
        ));
    }
    Ok(CafeDetails {
        title: clean("title", "The title", &d.title, MAX_SHORT_TEXT, true, true)?,
        date: d.date,
        venue: clean("venue", "The venue", &d.venue, MAX_SHORT_TEXT, false, true)?,
        facilitator: clean(
            "facilitator",
            "The facilitator's name",
            &d.facilitator,
            MAX_SHORT_TEXT,
            false,
            true,
        )?,
        language: language.to_owned(),
        format: d.format,
        move_minutes: d.move_minutes,
    })
}

/// Checks a round and returns it cleaned. `field` prefixes the field names in errors (e.g. `rounds[1]`).
pub fn round(r: &RoundInput, field: &str) -> Result<RoundInput> {
    if r.duration_minutes == 0 || r.duration_minutes > MAX_ROUND_MINUTES {
        return Err(ValidationError::new(
            format!("{field}duration_minutes"),
            format!("a round lasts from 1 to {MAX_ROUND_MINUTES} minutes"),
        ));
    }
    Ok(RoundInput {
        question: clean(
            &format!("{field}question"),
            "The question",
            &r.question,
            MAX_LONG_TEXT,
            false,
            false,
        )?,
        duration_minutes: r.duration_minutes,
    })
}

/// Checks a table and returns it cleaned.
pub fn table(t: &TableInput, field: &str) -> Result<TableInput> {
    if t.capacity == 0 || t.capacity > MAX_CAPACITY {
        return Err(ValidationError::new(
            format!("{field}capacity"),
            format!("a table seats from 1 to {MAX_CAPACITY} people"),
        ));
    }
    Ok(TableInput {
        name: clean(
            &format!("{field}name"),
            "The table's name",
            &t.name,
            100,
            true,
            true,
        )?,
        capacity: t.capacity,
        topic: optional(
            t.topic.as_deref(),
            &format!("{field}topic"),
            "The topic",
            MAX_LONG_TEXT,
            false,
        )?,
        host_id: t.host_id,
    })
}

/// Is `email` shaped like an e-mail address (one `@`, something on both sides, a dot in the domain)?
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
}

/// Checks an attendee and returns them cleaned.
pub fn attendee(a: &AttendeeInput, field: &str) -> Result<AttendeeInput> {
    let email = optional(
        a.email.as_deref(),
        &format!("{field}email"),
        "The e-mail address",
        MAX_SHORT_TEXT,
        true,
    )?;
    if let Some(e) = &email
        && !is_email(e)
    {
        return Err(ValidationError::new(
            format!("{field}email"),
            format!("\"{e}\" is not an e-mail address"),
        ));
    }
    Ok(AttendeeInput {
        name: clean(
            &format!("{field}name"),
            "The name",
            &a.name,
            MAX_SHORT_TEXT,
            true,
            true,
        )?,
        organisation: optional(
            a.organisation.as_deref(),
            &format!("{field}organisation"),
            "The organisation",
            MAX_SHORT_TEXT,
            true,
        )?,
        email,
        role: a.role,
    })
}

/// Checks a whole new café: details, 1 to [`MAX_ROUNDS`] rounds, up to [`MAX_TABLES`] tables with distinct names.
pub fn new_cafe(
    details: &CafeDetails,
    rounds: &[RoundInput],
    tables: &[TableInput],
) -> Result<(CafeDetails, Vec<RoundInput>, Vec<TableInput>)> {
    let details = cafe_details(details)?;
    if rounds.is_empty() || rounds.len() > MAX_ROUNDS {
        return Err(ValidationError::new(
            "rounds",
            format!("a café has from 1 to {MAX_ROUNDS} rounds"),
        ));
    }
    if tables.len() > MAX_TABLES {
        return Err(ValidationError::new(
            "tables",
            format!("a café has at most {MAX_TABLES} tables"),
        ));
    }
    let rounds = rounds
        .iter()
        .enumerate()
        .map(|(i, r)| round(r, &format!("rounds[{}].", i + 1)))
        .collect::<Result<Vec<_>>>()?;
    let tables = tables
        .iter()
        .enumerate()
        .map(|(i, t)| table(t, &format!("tables[{}].", i + 1)))
        .collect::<Result<Vec<_>>>()?;
    let mut seen = std::collections::HashSet::new();
    for (i, t) in tables.iter().enumerate() {
        if !seen.insert(t.name.to_lowercase()) {
            return Err(ValidationError::new(
                format!("tables[{}].name", i + 1),
                format!("there is already a table named \"{}\"", t.name),
            ));
        }
    }
    Ok((details, rounds, tables))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Role};

    fn details(title: &str, language: &str) -> CafeDetails {
        CafeDetails {
            title: title.to_owned(),
            date: None,
            venue: " Hall B ".to_owned(),
            facilitator: String::new(),
            language: language.to_owned(),
            format: Format::WorldCafe,
            move_minutes: 2,
        }
    }

    fn check_details(
        title: &str,
        language: &str,
        expected: std::result::Result<(&str, &str), &str>,
    ) {
        let got = cafe_details(&details(title, language));
        match expected {
            Ok((t, l)) => {
                let got = got.unwrap();
                assert_eq!((got.title.as_str(), got.language.as_str()), (t, l));
                assert_eq!(got.venue, "Hall B");
            }
            Err(field) => assert_eq!(got.unwrap_err().field, field),
        }
    }

    #[test]
    fn details_are_cleaned_and_checked() {
        check_details(
            "  Future of  libraries ",
            "de-CH",
            Ok(("Future of libraries", "de-CH")),
        );
        check_details("Café", "", Ok(("Café", "en")));
        check_details("   ", "en", Err("title"));
        check_details(&"x".repeat(201), "en", Err("title"));
        check_details("Café", "english", Err("language"));
        check_details("Café", "e1", Err("language"));
        check_details("Line\nbreak", "en", Ok(("Line break", "en")));
    }

    fn check_email(email: &str, ok: bool) {
        assert_eq!(is_email(email), ok, "{email}");
    }

    #[test]
    fn emails() {
        check_email("ana@example.org", true);
        check_email("a.b+c@lib.example.co.uk", true);
        check_email("ana@", false);
        check_email("@example.org", false);
        check_email("ana example.org", false);
        check_email("ana@example", false);
        check_email("a@b@example.org", false);
        check_email("ana@example.org;bo@example.org", false);
    }

    #[test]
    fn attendee_rules() {
        let a = AttendeeInput {
            name: "  Ana   Lima ".into(),
            organisation: Some("  ".into()),
            email: Some(" ana@example.org ".into()),
            role: Role::Host,
        };
        let a = attendee(&a, "").unwrap();
        assert_eq!(a.name, "Ana Lima");
        assert_eq!(a.organisation, None);
        assert_eq!(a.email.as_deref(), Some("ana@example.org"));
        let bad = AttendeeInput {
            name: "Bo".into(),
            organisation: None,
            email: Some("bo".into()),
            role: Role::Traveller,
        };
        assert_eq!(
            attendee(&bad, "attendees[3].").unwrap_err().field,
            "attendees[3].email"
        );
    }

    #[test]
    fn new_cafe_rules() {
        let d = details("Café", "en");
        let r = RoundInput {
            question: "Why?".into(),
            duration_minutes: 20,
        };
        let t = |n: &str| TableInput {
            name: n.into(),
            capacity: 6,
            topic: Some(" ".into()),
            host_id: None,
        };
        let (_, rounds, tables) =
            new_cafe(&d, std::slice::from_ref(&r), &[t("A"), t("B")]).unwrap();
        assert_eq!(rounds.len(), 1);
        assert_eq!(tables[0].topic, None);
        assert_eq!(new_cafe(&d, &[], &[]).unwrap_err().field, "rounds");
        assert_eq!(
            new_cafe(&d, std::slice::from_ref(&r), &[t("A"), t("a")])
                .unwrap_err()
                .field,
            "tables[2].name"
        );
        let long = RoundInput {
            question: String::new(),
            duration_minutes: 241,
        };
        assert_eq!(
            new_cafe(&d, &[r, long], &[]).unwrap_err().field,
            "rounds[2].duration_minutes"
        );
        let zero = TableInput {
            name: "Z".into(),
            capacity: 0,
            topic: None,
            host_id: None,
        };
        assert_eq!(table(&zero, "").unwrap_err().field, "capacity");
    }
}
