//! The demo café the app opens with on first start and `cafe demo` creates: a realistic Knowledge Café at a library
//! congress — six tables with a topic and a host each, three rounds, thirty-six attendees from many countries — so
//! that no screen is ever empty and every feature has something to show. The names are invented.

use chrono::NaiveDate;

use crate::model::{AttendeeInput, CafeDetails, Format, Role, RoundInput, TableInput};

/// A demo café, ready to be stored. `hosts[i]` is the index in `attendees` of the host of `tables[i]`.
#[derive(Debug, Clone)]
pub struct DemoCafe {
    pub details: CafeDetails,
    pub rounds: Vec<RoundInput>,
    pub tables: Vec<TableInput>,
    pub attendees: Vec<AttendeeInput>,
    pub hosts: Vec<Option<usize>>,
}

const TOPICS: [(&str, &str); 6] = [
    (
        "Table 1 · Open science",
        "How can libraries support open science and open access in their communities?",
    ),
    (
        "Table 2 · Digital inclusion",
        "Who is left out online, and what can a library do about it this year?",
    ),
    (
        "Table 3 · Libraries as third places",
        "What makes people stay in a library when they no longer need to borrow?",
    ),
    (
        "Table 4 · AI and information literacy",
        "What should every library user know about generative AI, and who teaches it?",
    ),
    (
        "Table 5 · Climate action",
        "How can libraries act on climate — in their buildings, collections and programmes?",
    ),
    (
        "Table 6 · Indigenous knowledge",
        "How do we care for Indigenous knowledge with, not for, its communities?",
    ),
];

const PEOPLE: [(&str, &str); 36] = [
    ("Amara Okafor", "National Library of Nigeria"),
    ("Lukas Brenner", "Stadtbibliothek Köln"),
    ("Sofía Martínez", "Biblioteca Nacional de Chile"),
    ("Hiroshi Tanaka", "Kyoto University Library"),
    ("Ingrid Larsson", "Uppsala universitetsbibliotek"),
    ("Tamati Ngata", "National Library of New Zealand"),
    ("Chloé Dubois", "Bibliothèque publique d'information"),
    ("Rahul Mehta", "Delhi Public Library"),
    ("Olena Kovalenko", "Vernadsky National Library"),
    ("James Whitfield", "British Library"),
    ("Fatima Al-Sayed", "Qatar National Library"),
    ("Mateus Oliveira", "Biblioteca Mário de Andrade"),
    ("Aiko Suzuki", "National Diet Library"),
    ("Grace Mwangi", "Kenya National Library Service"),
    ("Pieter de Vries", "KB National Library of the Netherlands"),
    ("Elena Popescu", "Biblioteca Centrală Universitară"),
    ("Daniel Cohen", "National Library of Israel"),
    ("Maria Rossi", "Biblioteca Sala Borsa"),
    ("Kwame Mensah", "Ghana Library Authority"),
    ("Anna Nowak", "Biblioteka Narodowa"),
    ("Liam O'Connor", "Dublin City Libraries"),
    ("Mei Lin", "Shanghai Library"),
    ("Carlos Herrera", "Biblioteca Vasconcelos"),
    ("Sara Johansson", "Malmö stadsbibliotek"),
    ("Yusuf Demir", "Millî Kütüphane"),
    ("Emily Carter", "New York Public Library"),
    ("Nadia Haddad", "American University of Beirut Libraries"),
    ("Tomás Novák", "Národní knihovna České republiky"),
    ("Priya Nair", "State Central Library Kerala"),
    (
        "Jean-Baptiste Koné",
        "Bibliothèque nationale de Côte d'Ivoire",
    ),
    ("Hannah Schmidt", "Deutsche Nationalbibliothek"),
    ("Mikael Virtanen", "Oodi Helsinki Central Library"),
    ("Laura Gómez", "Biblioteca Nacional de España"),
    ("Ahmed Benali", "Bibliothèque nationale du Royaume du Maroc"),
    ("Zanele Dlamini", "City of Cape Town Libraries"),
    ("Nikos Papadopoulos", "National Library of Greece"),
];

/// Builds the demo café, dated `date`.
pub fn cafe(date: NaiveDate) -> DemoCafe {
    let details = CafeDetails {
        title: "Libraries shaping the future — Congress Knowledge Café".to_owned(),
        date: Some(date),
        venue: "Hall C, Congress Centre".to_owned(),
        facilitator: "Marta Lindqvist".to_owned(),
        language: "en".to_owned(),
        format: Format::KnowledgeCafe,
        move_minutes: 2,
    };
    let rounds = (0..3)
        .map(|_| RoundInput {
            question: String::new(),
            duration_minutes: 20,
        })
        .collect();
    let tables = TOPICS
        .iter()
        .map(|(name, topic)| TableInput {
            name: (*name).to_owned(),
            capacity: 7,
            topic: Some((*topic).to_owned()),
            host_id: None,
        })
        .collect();
    let attendees = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, (name, org))| {
            let first = name
                .split_whitespace()
                .next()
                .unwrap_or(name)
                .to_lowercase();
            AttendeeInput {
                name: (*name).to_owned(),
                organisation: Some((*org).to_owned()),
                email: Some(format!(
                    "{}.{}@example.org",
                    first.replace(['é', 'á', 'í', 'ó'], "e"),
                    i + 1
                )),
                role: if i % 6 == 0 {
                    Role::Host
                } else {
                    Role::Traveller
                },
            }
        })
        .collect();
    let hosts = (0..TOPICS.len()).map(|t| Some(t * 6)).collect();
    DemoCafe {
        details,
        rounds,
        tables,
        attendees,
        hosts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate;

    #[test]
    fn demo_is_valid() {
        let d = cafe(NaiveDate::from_ymd_opt(2026, 8, 24).unwrap());
        validate::new_cafe(&d.details, &d.rounds, &d.tables).unwrap();
        for a in &d.attendees {
            assert_eq!(&validate::attendee(a, "").unwrap(), a);
        }
        for (t, h) in d.hosts.iter().enumerate() {
            let h = h.unwrap();
            assert_eq!(d.attendees[h].role, Role::Host, "host of table {t}");
        }
        let seats: u32 = d.tables.iter().map(|t| t.capacity).sum();
        assert!(seats as usize >= d.attendees.len());
    }
}
