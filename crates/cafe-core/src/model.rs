//! The café's domain types: a café's details and format, its rounds, tables and attendees, and the inputs that
//! create or change them. Ids are UUID v7, created by the store; this module never reads the clock.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How the café is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One question per round; everyone but the table hosts moves between rounds.
    WorldCafe,
    /// Each table has its own topic and host (as at IFLA's congress café); attendees visit topics.
    KnowledgeCafe,
}

impl Format {
    /// The stable text form used in storage, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::WorldCafe => "world_cafe",
            Format::KnowledgeCafe => "knowledge_cafe",
        }
    }

    /// Parses the stable text form.
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "world_cafe" => Some(Format::WorldCafe),
            "knowledge_cafe" => Some(Format::KnowledgeCafe),
            _ => None,
        }
    }

    /// The name a facilitator reads.
    pub fn label(self) -> &'static str {
        match self {
            Format::WorldCafe => "World Café",
            Format::KnowledgeCafe => "Knowledge Café",
        }
    }
}

/// What an attendee does at the café.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Stays at one table all café long and keeps its notes.
    Host,
    /// Moves to a new table each round.
    Traveller,
}

impl Role {
    /// The stable text form used in storage, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Traveller => "traveller",
        }
    }

    /// Parses a role as people write it in a registration sheet: `host`, `Table host`, `traveller`, `traveler`,
    /// `guest`, `participant`, … (case-insensitive). An empty text is a traveller.
    pub fn parse_lenient(text: &str) -> Option<Role> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "host" | "table host" | "tablehost" | "table-host" | "h" | "moderator"
            | "gastgeber" | "gastgeberin" | "värd" | "hôte" | "anfitrión" => Some(Role::Host),
            "" | "traveller" | "traveler" | "t" | "guest" | "participant" | "attendee"
            | "delegate" | "visitor" | "teilnehmer" | "teilnehmerin" | "deltagare"
            | "participante" => Some(Role::Traveller),
            _ => None,
        }
    }
}

/// The editable details of a café.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CafeDetails {
    pub title: String,
    pub date: Option<NaiveDate>,
    pub venue: String,
    pub facilitator: String,
    /// A BCP 47 language tag such as `en` or `de-CH`: the language most notes will be in.
    pub language: String,
    pub format: Format,
    /// Minutes between rounds for people to move to their next table.
    pub move_minutes: u32,
}

/// A stored café.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cafe {
    pub id: Uuid,
    pub details: CafeDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A round as entered by the facilitator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundInput {
    /// The round's question (World Café). May be empty in a Knowledge Café, where tables carry topics.
    pub question: String,
    pub duration_minutes: u32,
}

/// A stored round; `number` counts from 1 in the order the rounds are run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: Uuid,
    pub number: u32,
    pub question: String,
    pub duration_minutes: u32,
}

/// A table as entered by the facilitator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableInput {
    pub name: String,
    pub capacity: u32,
    pub topic: Option<String>,
    /// The attendee who hosts this table, if any.
    pub host_id: Option<Uuid>,
}

/// A stored table; `number` counts from 1 in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub id: Uuid,
    pub number: u32,
    pub name: String,
    pub capacity: u32,
    pub topic: Option<String>,
    pub host_id: Option<Uuid>,
}

/// An attendee as entered or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeInput {
    pub name: String,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub role: Role,
}

/// A stored attendee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub id: Uuid,
    pub name: String,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub role: Role,
}

impl Attendee {
    /// The key under which two attendees are the same person: the e-mail address when there is one, else the name
    /// (both compared case-insensitively, with white space folded).
    pub fn identity_key(name: &str, email: Option<&str>) -> String {
        match email {
            Some(e) if !e.trim().is_empty() => format!("email:{}", e.trim().to_lowercase()),
            _ => format!(
                "name:{}",
                name.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            ),
        }
    }
}

/// The defaults a new café starts from: three rounds of twenty minutes, two minutes to move, four tables of six.
pub fn new_cafe_defaults() -> (CafeDetails, Vec<RoundInput>, Vec<TableInput>) {
    let details = CafeDetails {
        title: String::new(),
        date: None,
        venue: String::new(),
        facilitator: String::new(),
        language: "en".to_owned(),
        format: Format::WorldCafe,
        move_minutes: 2,
    };
    let rounds = (0..3)
        .map(|_| RoundInput {
            question: String::new(),
            duration_minutes: 20,
        })
        .collect();
    let tables = (1..=4)
        .map(|n| TableInput {
            name: format!("Table {n}"),
            capacity: 6,
            topic: None,
            host_id: None,
        })
        .collect();
    (details, rounds, tables)
}
