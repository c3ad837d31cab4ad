//! The seating printouts a facilitator takes to a café.
//!
//! - [`table_lists_pdf`]: one section per round, each starting on a new page, with one card per table — its name,
//!   topic, host and the people seated there — three cards to a row.
//! - [`find_your_table_pdf`]: one alphabetical list for the wall, large enough to read standing: name,
//!   organisation and the table in every round, with a letter row before each initial and the header row repeated
//!   on every page.
//!
//! The caller passes everything as display text, already sorted ([`SeatingDoc`]); this module decides only how
//! it looks.

use crate::doc::{
    Block, Card, CardItem, Cards, Color, Column, Document, HeadingLevel, Paper, Row, Style, Table,
    Text, Width,
};
use crate::{ReportError, render};

/// Everything the seating printouts show, as display text. The caller fills it from the database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeatingDoc {
    /// The café's name.
    pub cafe_title: String,
    /// e.g. "Sat 28 Nov 2026 · Hall C · Knowledge Café".
    pub subtitle: String,
    /// The rounds in order.
    pub rounds: Vec<RoundTables>,
    /// Everyone seated, already sorted alphabetically, for "Find your table".
    pub people: Vec<PersonTables>,
    /// e.g. "Generated 28 Nov 2026 19:40 · Knowledge Café 0.1.0"; printed in the footer of every page.
    pub generated: String,
}

/// The tables of one round.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundTables {
    /// The round's number (1-based).
    pub number: u32,
    /// The round's question, if it has one.
    pub question: Option<String>,
    /// The tables in display order.
    pub tables: Vec<TableList>,
}

/// Who sits at one table in one round.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableList {
    /// The table's name, e.g. "Table 3" or "Oak".
    pub name: String,
    /// The topic discussed there, if any.
    pub topic: Option<String>,
    /// The table's host, if any.
    pub host: Option<String>,
    /// Everyone else seated there (host excluded), sorted.
    pub people: Vec<String>,
}

/// One person's tables, for "Find your table".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonTables {
    /// Display name.
    pub name: String,
    /// Organisation, if known.
    pub organisation: Option<String>,
    /// The table name in each round, in round order; `None` where the person is not seated in that round.
    pub tables: Vec<Option<String>>,
}

const MUTED: Color = Color::MUTED;

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn table_card(table: &TableList) -> Card {
    let seated = table.people.len() + usize::from(table.host.is_some());
    let title = Text::new(&table.name, Style::bold(10.5))
        .and("  ", Style::regular(8.0))
        .and(
            plural(seated, "person", "people"),
            Style::regular(8.0).color(MUTED),
        );
    let mut body = Vec::new();
    if let Some(topic) = table.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        body.push(CardItem::Text(Text::new(
            topic,
            Style::regular(8.5).color(MUTED),
        )));
        body.push(CardItem::Space(3.0));
    }
    if let Some(host) = &table.host {
        body.push(CardItem::Text(
            Text::new(host, Style::bold(9.5))
                .and("  host", Style::regular(8.0).color(Color::ACCENT)),
        ));
    }
    if !body.is_empty() && !table.people.is_empty() {
        body.push(CardItem::Rule);
    }
    for person in &table.people {
        body.push(CardItem::Text(Text::new(person, Style::regular(9.5))));
    }
    if seated == 0 {
        body.push(CardItem::Text(Text::new(
            "No one seated",
            Style::regular(9.0).color(MUTED),
        )));
    }
    Card { title, body }
}

/// The facilitator's table lists: per round (each on a new page) a grid of table cards.
pub fn table_lists_pdf(doc: &SeatingDoc, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let mut blocks = vec![Block::TitleBlock {
        label: "Table lists".into(),
        title: doc.cafe_title.clone(),
        subtitle: doc.subtitle.clone(),
    }];
    for (i, round) in doc.rounds.iter().enumerate() {
        blocks.push(Block::RunningHeader(format!(
            "{} · Table lists · Round {}",
            doc.cafe_title, round.number
        )));
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::Heading {
            text: format!("Round {}", round.number),
            level: HeadingLevel::H1,
        });
        if let Some(question) = round.question.as_deref().filter(|q| !q.trim().is_empty()) {
            blocks.push(Block::Paragraph(Text::new(
                question,
                Style::regular(11.0).color(MUTED),
            )));
        }
        if round.tables.is_empty() {
            blocks.push(Block::Paragraph(Text::new(
                "No tables in this round.",
                Style::regular(10.0).color(MUTED),
            )));
        } else {
            blocks.push(Block::Cards(Cards {
                columns: 3,
                cards: round.tables.iter().map(table_card).collect(),
            }));
        }
    }
    if doc.rounds.is_empty() {
        blocks.push(Block::Paragraph(Text::new(
            "No rounds yet.",
            Style::regular(10.0).color(MUTED),
        )));
    }
    render(&Document {
        title: format!("Table lists — {}", doc.cafe_title),
        paper,
        footer: doc.generated.clone(),
        blocks,
    })
}

/// The letter a name is filed under: its first letter, upper-cased, without accents for the common Latin,
/// Greek and Cyrillic ones (so "Ólafur" is under O, next to "Olga"); "#" when it has no letter.
pub fn initial(name: &str) -> String {
    let Some(c) = name.chars().find(|c| c.is_alphabetic()) else {
        return "#".into();
    };
    let upper: String = c.to_uppercase().collect();
    let mut chars = upper.chars();
    let (Some(first), None) = (chars.next(), chars.next()) else {
        return upper;
    };
    const FOLDS: &[(char, &str)] = &[
        ('A', "ÀÁÂÃÄÅĀĂĄǍ"),
        ('C', "ÇĆĈĊČ"),
        ('D', "ĎĐ"),
        ('E', "ÈÉÊËĒĔĖĘĚ"),
        ('G', "ĜĞĠĢ"),
        ('H', "ĤĦ"),
        ('I', "ÌÍÎÏĨĪĬĮİ"),
        ('J', "Ĵ"),
        ('K', "Ķ"),
        ('L', "ĹĻĽĿŁ"),
        ('N', "ÑŃŅŇ"),
        ('O', "ÒÓÔÕÖØŌŎŐ"),
        ('R', "ŔŖŘ"),
        ('S', "ŚŜŞŠ"),
        ('T', "ŢŤŦ"),
        ('U', "ÙÚÛÜŨŪŬŮŰŲ"),
        ('W', "Ŵ"),
        ('Y', "ÝŶŸ"),
        ('Z', "ŹŻŽ"),
        ('Α', "Ά"),
        ('Ε', "Έ"),
        ('Η', "Ή"),
        ('Ι', "ΊΪ"),
        ('Ο', "Ό"),
        ('Υ', "ΎΫ"),
        ('Ω', "Ώ"),
        ('Е', "Ё"),
    ];
    let base = FOLDS
        .iter()
        .find(|(_, accented)| accented.contains(first))
        .map_or(first, |(base, _)| *base);
    base.to_string()
}

/// "Find your table": one alphabetical list of everyone with their table in each round.
pub fn find_your_table_pdf(doc: &SeatingDoc, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let rounds = doc
        .people
        .iter()
        .map(|p| p.tables.len())
        .max()
        .unwrap_or(0)
        .max(doc.rounds.len());
    let with_organisation = doc.people.iter().any(|p| {
        p.organisation
            .as_deref()
            .is_some_and(|o| !o.trim().is_empty())
    });

    let mut columns = vec![Column {
        header: "Name".into(),
        width: Width::Share(3.0),
    }];
    if with_organisation {
        columns.push(Column {
            header: "Organisation".into(),
            width: Width::Share(2.0),
        });
    }
    for r in 0..rounds {
        let number = doc.rounds.get(r).map_or(r as u32 + 1, |round| round.number);
        columns.push(Column {
            header: format!("Round {number}"),
            width: Width::Fit,
        });
    }

    let name_style = Style::bold(11.0);
    let org_style = Style::regular(10.0).color(MUTED);
    let table_style = Style::regular(11.0);
    let mut rows = Vec::with_capacity(doc.people.len() + 26);
    let mut last_initial: Option<String> = None;
    for person in &doc.people {
        let letter = initial(&person.name);
        if last_initial.as_ref() != Some(&letter) {
            rows.push(Row::Group(Text::new(
                &letter,
                Style::bold(11.5).color(Color::ACCENT),
            )));
            last_initial = Some(letter);
        }
        let mut cells = vec![Text::new(&person.name, name_style)];
        if with_organisation {
            cells.push(Text::new(
                person.organisation.clone().unwrap_or_default(),
                org_style,
            ));
        }
        for r in 0..rounds {
            cells.push(match person.tables.get(r).cloned().flatten() {
                Some(table) => Text::new(table, table_style),
                None => Text::new("—", table_style.color(MUTED)),
            });
        }
        rows.push(Row::Cells(cells));
    }

    let mut blocks = vec![
        Block::TitleBlock {
            label: "Find your table".into(),
            title: doc.cafe_title.clone(),
            subtitle: doc.subtitle.clone(),
        },
        Block::RunningHeader(format!("{} · Find your table", doc.cafe_title)),
    ];
    if doc.people.is_empty() {
        blocks.push(Block::Paragraph(Text::new(
            "No one is seated yet.",
            Style::regular(10.0).color(MUTED),
        )));
    } else {
        blocks.push(Block::Paragraph(Text::new(
            "Look up your name: the columns show your table in each round (— means you are not seated in that round).",
            Style::regular(10.0).color(MUTED),
        )));
        blocks.push(Block::Table(Table {
            columns,
            rows,
            striped: true,
        }));
    }
    render(&Document {
        title: format!("Find your table — {}", doc.cafe_title),
        paper,
        footer: doc.generated.clone(),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::initial;

    #[test]
    fn initials_fold_accents() {
        assert_eq!(initial("Ólafur Ragnarsson"), "O");
        assert_eq!(initial("olga"), "O");
        assert_eq!(initial("Łukasz"), "L");
        assert_eq!(initial("Ольга"), "О");
        assert_eq!(initial("Ёлка"), "Е");
        assert_eq!(initial("Άννα"), "Α");
        assert_eq!(initial("'t Hooft"), "T");
        assert_eq!(initial("1234"), "#");
        assert_eq!(initial(""), "#");
    }
}
