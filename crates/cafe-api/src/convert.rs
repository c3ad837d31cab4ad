//! Conversions between the API's DTOs and cafe-core's domain types: parsing ids and dates from requests (with
//! errors that name the field), and building responses from stored records.

use cafe_core as core;
use cafe_store::CafeRecord;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::ApiError;
use crate::dto;

pub fn id(text: &str, field: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text.trim()).map_err(|_| ApiError {
        field: Some(field.to_owned()),
        ..ApiError::invalid_request(format!("\"{text}\" is not an id"))
    })
}

pub fn opt_id(text: Option<&str>, field: &str) -> Result<Option<Uuid>, ApiError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => id(t, field).map(Some),
    }
}

pub fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn format_in(f: dto::Format) -> core::Format {
    match f {
        dto::Format::WorldCafe => core::Format::WorldCafe,
        dto::Format::KnowledgeCafe => core::Format::KnowledgeCafe,
    }
}

pub fn format_out(f: core::Format) -> dto::Format {
    match f {
        core::Format::WorldCafe => dto::Format::WorldCafe,
        core::Format::KnowledgeCafe => dto::Format::KnowledgeCafe,
    }
}

pub fn role_in(r: dto::Role) -> core::Role {
    match r {
        dto::Role::Host => core::Role::Host,
        dto::Role::Traveller => core::Role::Traveller,
    }
}

pub fn role_out(r: core::Role) -> dto::Role {
    match r {
        core::Role::Host => dto::Role::Host,
        core::Role::Traveller => dto::Role::Traveller,
    }
}

pub fn details_in(d: &dto::CafeDetails) -> Result<core::CafeDetails, ApiError> {
    let date = match d.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            ApiError::from(core::ValidationError::new(
                "date",
                format!("\"{text}\" is not a date (YYYY-MM-DD)"),
            ))
        })?),
    };
    Ok(core::CafeDetails {
        title: d.title.clone(),
        date,
        venue: d.venue.clone(),
        facilitator: d.facilitator.clone(),
        language: d.language.clone(),
        format: format_in(d.format),
        move_minutes: d.move_minutes,
    })
}

pub fn details_out(d: &core::CafeDetails) -> dto::CafeDetails {
    dto::CafeDetails {
        title: d.title.clone(),
        date: d.date.map(|d| d.format("%Y-%m-%d").to_string()),
        venue: d.venue.clone(),
        facilitator: d.facilitator.clone(),
        language: d.language.clone(),
        format: format_out(d.format),
        move_minutes: d.move_minutes,
    }
}

pub fn round_in(r: &dto::RoundInput) -> core::RoundInput {
    core::RoundInput {
        question: r.question.clone(),
        duration_minutes: r.duration_minutes,
    }
}

pub fn round_out(r: &core::RoundInput) -> dto::RoundInput {
    dto::RoundInput {
        question: r.question.clone(),
        duration_minutes: r.duration_minutes,
    }
}

pub fn table_in(t: &dto::TableInput, field: &str) -> Result<core::TableInput, ApiError> {
    Ok(core::TableInput {
        name: t.name.clone(),
        capacity: t.capacity,
        topic: t.topic.clone(),
        host_id: opt_id(t.host_id.as_deref(), &format!("{field}host_id"))?,
    })
}

pub fn table_out(t: &core::TableInput) -> dto::TableInput {
    dto::TableInput {
        name: t.name.clone(),
        capacity: t.capacity,
        topic: t.topic.clone(),
        host_id: t.host_id.map(|h| h.to_string()),
    }
}

pub fn attendee_in(a: &dto::AttendeeInput) -> core::AttendeeInput {
    core::AttendeeInput {
        name: a.name.clone(),
        organisation: a.organisation.clone(),
        email: a.email.clone(),
        role: role_in(a.role),
    }
}

pub fn mapping_in(m: &dto::ColumnMapping) -> core::attendee_csv::ColumnMapping {
    let c = |v: Option<u32>| v.map(|v| v as usize);
    core::attendee_csv::ColumnMapping {
        name: c(m.name),
        first_name: c(m.first_name),
        last_name: c(m.last_name),
        organisation: c(m.organisation),
        email: c(m.email),
        role: c(m.role),
    }
}

pub fn mapping_out(m: &core::attendee_csv::ColumnMapping) -> dto::ColumnMapping {
    let c = |v: Option<usize>| v.map(|v| v as u32);
    dto::ColumnMapping {
        name: c(m.name),
        first_name: c(m.first_name),
        last_name: c(m.last_name),
        organisation: c(m.organisation),
        email: c(m.email),
        role: c(m.role),
    }
}

pub fn cafe_out(r: CafeRecord) -> dto::Cafe {
    let host_of: std::collections::HashMap<Uuid, Uuid> = r
        .tables
        .iter()
        .filter_map(|t| t.host_id.map(|h| (h, t.id)))
        .collect();
    let names: std::collections::HashMap<Uuid, &str> = r
        .attendees
        .iter()
        .map(|a| (a.id, a.name.as_str()))
        .collect();
    let d = details_out(&r.cafe.details);
    dto::Cafe {
        id: r.cafe.id.to_string(),
        title: d.title,
        date: d.date,
        venue: d.venue,
        facilitator: d.facilitator,
        language: d.language,
        format: d.format,
        move_minutes: d.move_minutes,
        created_at: time(r.cafe.created_at),
        updated_at: time(r.cafe.updated_at),
        rounds: r
            .rounds
            .iter()
            .map(|x| dto::Round {
                id: x.id.to_string(),
                number: x.number,
                question: x.question.clone(),
                duration_minutes: x.duration_minutes,
            })
            .collect(),
        tables: r
            .tables
            .iter()
            .map(|t| dto::Table {
                id: t.id.to_string(),
                number: t.number,
                name: t.name.clone(),
                capacity: t.capacity,
                topic: t.topic.clone(),
                host_id: t.host_id.map(|h| h.to_string()),
                host: t
                    .host_id
                    .and_then(|h| names.get(&h))
                    .map(|n| (*n).to_owned()),
            })
            .collect(),
        attendees: r
            .attendees
            .iter()
            .map(|a| dto::Attendee {
                id: a.id.to_string(),
                name: a.name.clone(),
                organisation: a.organisation.clone(),
                email: a.email.clone(),
                role: role_out(a.role),
                hosts_table_id: host_of.get(&a.id).map(|t| t.to_string()),
            })
            .collect(),
    }
}

pub fn summary_out(s: cafe_store::CafeSummary) -> dto::CafeSummary {
    let d = details_out(&s.cafe.details);
    dto::CafeSummary {
        id: s.cafe.id.to_string(),
        title: d.title,
        date: d.date,
        venue: d.venue,
        facilitator: d.facilitator,
        format: d.format,
        rounds: s.rounds,
        tables: s.tables,
        attendees: s.attendees,
        created_at: time(s.cafe.created_at),
        updated_at: time(s.cafe.updated_at),
    }
}

pub fn change_out(c: &cafe_store::Change) -> dto::Change {
    use cafe_store::{Action, Entity};
    dto::Change {
        cafe_id: Some(c.cafe_id.to_string()),
        entity: match c.entity {
            Entity::Cafe => dto::ChangeEntity::Cafe,
            Entity::Round => dto::ChangeEntity::Round,
            Entity::Table => dto::ChangeEntity::Table,
            Entity::Attendee => dto::ChangeEntity::Attendee,
            Entity::Seating => dto::ChangeEntity::Seating,
            Entity::Clock => dto::ChangeEntity::Clock,
            Entity::Note => dto::ChangeEntity::Note,
            Entity::Thread => dto::ChangeEntity::Thread,
            Entity::Lan => dto::ChangeEntity::Lan,
        },
        action: match c.action {
            Action::Created => dto::ChangeAction::Created,
            Action::Updated => dto::ChangeAction::Updated,
            Action::Deleted => dto::ChangeAction::Deleted,
        },
    }
}
