//! The harvest: a café's summary as readers get it — an IFLA-style café report — in Markdown (CommonMark with GFM
//! tables) and as a PDF. The content is a [`Harvest`] of display strings, built by cafe-api; this module only
//! writes it.
//!
//! Text from people is data in both formats. In Markdown every character that could start markup is escaped
//! (so `<script>`, a `# heading`, `[a link](javascript:…)` or a `|` in a table cell stay text), line breaks in a
//! note become hard line breaks inside its own list item, and nothing a note holds can end the item, the
//! quote or the table it is in. In the PDF, text is drawn as text (see [`crate::doc`]).

use crate::doc::{
    Block, Color, Column, Document, HeadingLevel, Paper, Row, Style, Table, Text, Weight, Width,
};
use crate::{ReportError, render};

/// Which parts the summary holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sections {
    /// Date, venue, facilitator, format.
    pub overview: bool,
    /// The questions per round, or the topics per table.
    pub questions: bool,
    /// The common threads with their synthesis and quotes.
    pub threads: bool,
    /// Which tables raised which thread.
    pub matrix: bool,
    /// Every table's notes.
    pub appendix: bool,
    /// Attendees, tables, rounds, notes.
    pub attendance: bool,
    /// The attendees' names (only when the facilitator opts in).
    pub names: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            overview: true,
            questions: true,
            threads: true,
            matrix: true,
            appendix: true,
            attendance: true,
            names: false,
        }
    }
}

/// A note as quoted: verbatim, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub text: String,
    pub table: String,
    pub round: u32,
    pub author: Option<String>,
    pub starred: bool,
}

/// A common thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarvestThread {
    pub title: String,
    pub synthesis: String,
    /// The tables that raised it, by name.
    pub tables: Vec<String>,
    pub rounds: Vec<u32>,
    pub quotes: Vec<Quote>,
}

/// A round and its question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarvestRound {
    pub number: u32,
    pub question: String,
    pub minutes: u32,
}

/// A table with its topic and host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarvestTable {
    pub number: u32,
    pub name: String,
    pub topic: Option<String>,
    pub host: Option<String>,
    /// Its notes, in round order.
    pub notes: Vec<Quote>,
}

/// A café's summary, as display strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Harvest {
    pub title: String,
    /// Already formatted ("Thu 4 Jun 2026"), if set.
    pub date: Option<String>,
    pub venue: String,
    pub facilitator: String,
    /// "World Café" or "Knowledge Café".
    pub format: String,
    /// Each table has its own topic (Knowledge Café): the questions section lists topics.
    pub topics_per_table: bool,
    pub rounds: Vec<HarvestRound>,
    pub tables: Vec<HarvestTable>,
    pub threads: Vec<HarvestThread>,
    /// Threads are detected at all (false: the facilitator never looked; the section says so).
    pub threads_found: bool,
    pub attendees: u32,
    /// Names and organisations, for the names section.
    pub names: Vec<(String, Option<String>)>,
    /// "Generated 28 Nov 2026 21:40 · Knowledge Café 0.1.0".
    pub generated: String,
    pub sections: Sections,
}

impl Harvest {
    fn note_count(&self) -> usize {
        self.tables.iter().map(|t| t.notes.len()).sum()
    }

    /// Notes of each thread at each table, in table order.
    fn matrix(&self) -> Vec<Vec<usize>> {
        self.threads
            .iter()
            .map(|th| {
                self.tables
                    .iter()
                    .map(|t| th.quotes.iter().filter(|q| q.table == t.name).count())
                    .collect()
            })
            .collect()
    }
}

/// The line under the matrix: what its column numbers are, naming only the tables whose name the number does not
/// say already ("3 = Table 3 · Open science", not "3 = Table 3"); `name` writes a name for the format.
fn matrix_legend(tables: &[HarvestTable], name: impl Fn(&str) -> String) -> String {
    let named: Vec<String> = tables
        .iter()
        .filter(|t| t.name != format!("Table {}", t.number))
        .map(|t| format!("{} = {}", t.number, name(&t.name)))
        .collect();
    if named.is_empty() {
        "Columns are table numbers.".to_owned()
    } else {
        format!("Columns are table numbers: {}.", named.join("; "))
    }
}

// ---- Markdown ----

/// Escapes text for Markdown inline content, so that no markup can come out of it: control characters are dropped
/// (tabs become spaces), and `\\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `&`, `|`, `~` and `#` are backslash-escaped
/// everywhere (no emphasis, code, link, image, HTML, entity,
/// table cell or strike-through can start), and at the start of a line also what could open a block there (`#`,
/// `-`, `+`, `=`, and the `.` or `)` after digits), so a note cannot become a heading, a list, a rule or a setext
/// underline. Punctuation that is harmless (`.`, `:`, `(`, `!`) is left as it is, so the Markdown stays readable.
/// Line breaks are kept as `\n` (callers decide what a break becomes).
pub fn escape_inline(text: &str) -> String {
    // Control characters go first, so that none can stand between a line's start and a block marker.
    let text: String = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(' ');
        out.push_str(&line[..line.len() - body.len()]);
        let digits = body.chars().take_while(char::is_ascii_digit).count();
        for (j, c) in body.chars().enumerate() {
            let at_start = j == 0 && matches!(c, '#' | '-' | '+' | '=');
            let list_number = digits > 0 && j == digits && matches!(c, '.' | ')');
            match c {
                // `#` everywhere too: at a line's end it would close a heading's text.
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                _ if at_start || list_number => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Text for one line (a heading, a table cell): escaped, with line breaks as spaces.
fn one_line(text: &str) -> String {
    escape_inline(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text inside a list item or quote whose continuation lines need `indent`: line breaks become hard breaks.
fn block_text(text: &str, indent: &str) -> String {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(escape_inline)
        .collect();
    lines.join(&format!("\\\n{indent}"))
}

fn where_md(q: &Quote, show_table: bool) -> String {
    let mut parts = Vec::new();
    if show_table {
        parts.push(one_line(&q.table));
    }
    parts.push(format!("round {}", q.round));
    if let Some(a) = q.author.as_deref().filter(|a| !a.trim().is_empty()) {
        parts.push(one_line(a));
    }
    parts.join(", ")
}

fn rounds_text(rounds: &[u32]) -> String {
    match rounds {
        [] => String::new(),
        [one] => format!("round {one}"),
        many => {
            let contiguous = many.windows(2).all(|w| w[1] == w[0] + 1);
            if contiguous {
                format!("rounds {}–{}", many[0], many[many.len() - 1])
            } else {
                let list: Vec<String> = many.iter().map(u32::to_string).collect();
                format!("rounds {}", list.join(", "))
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary as CommonMark with GFM tables.
pub fn markdown(h: &Harvest) -> String {
    let mut md = String::new();
    write_markdown(&mut md, h, 1);
    md.push_str(&format!("---\n\n*{}*\n", one_line(&h.generated)));
    md
}

/// `#` repeated for a heading `depth` levels down from `top`.
fn hashes(top: usize, depth: usize) -> String {
    "#".repeat((top + depth).min(6))
}

/// Writes a café's summary with its title as a heading of level `top` (1 on its own; 2 inside a congress).
fn write_markdown(md: &mut String, h: &Harvest, top: usize) {
    let s = &h.sections;
    let (h1, h2, h3) = (hashes(top, 0), hashes(top, 1), hashes(top, 2));
    md.push_str(&format!("{h1} {}\n\n", one_line(&h.title)));
    if s.overview {
        let mut facts = Vec::new();
        if let Some(d) = &h.date {
            facts.push(format!("**Date:** {}", one_line(d)));
        }
        if !h.venue.trim().is_empty() {
            facts.push(format!("**Venue:** {}", one_line(&h.venue)));
        }
        if !h.facilitator.trim().is_empty() {
            facts.push(format!("**Facilitator:** {}", one_line(&h.facilitator)));
        }
        facts.push(format!("**Format:** {}", one_line(&h.format)));
        md.push_str(&facts.join("  \n"));
        md.push_str("\n\n");
    }
    if s.questions {
        if h.topics_per_table {
            md.push_str(&format!("{h2} Topics\n\n"));
            for t in &h.tables {
                let topic = t.topic.as_deref().unwrap_or("").trim();
                let host = t
                    .host
                    .as_deref()
                    .map(|x| format!(" (host: {})", one_line(x)))
                    .unwrap_or_default();
                if topic.is_empty() {
                    md.push_str(&format!("- **{}**{host}\n", one_line(&t.name)));
                } else {
                    md.push_str(&format!(
                        "- **{}**{host}: {}\n",
                        one_line(&t.name),
                        one_line(topic)
                    ));
                }
            }
        } else {
            md.push_str(&format!("{h2} Questions\n\n"));
            for r in &h.rounds {
                let q = r.question.trim();
                md.push_str(&format!(
                    "{}. {} ({} min)\n",
                    r.number,
                    if q.is_empty() {
                        "(no question)".to_owned()
                    } else {
                        one_line(q)
                    },
                    r.minutes
                ));
            }
        }
        md.push('\n');
    }
    if s.threads {
        md.push_str(&format!("{h2} Common threads\n\n"));
        if !h.threads_found {
            md.push_str("The common threads have not been looked for yet.\n\n");
        } else if h.threads.is_empty() {
            md.push_str("No theme was raised at enough tables to count as a common thread.\n\n");
        }
        for th in &h.threads {
            md.push_str(&format!("{h3} {}\n\n", one_line(&th.title)));
            let tables: Vec<String> = th.tables.iter().map(|t| one_line(t)).collect();
            md.push_str(&format!(
                "*{} · {} · {}* — {}\n\n",
                plural(th.quotes.len(), "note", "notes"),
                plural(th.tables.len(), "table", "tables"),
                rounds_text(&th.rounds),
                tables.join(", ")
            ));
            if !th.synthesis.trim().is_empty() {
                md.push_str(&format!("{}\n\n", block_text(&th.synthesis, "")));
            }
            for q in &th.quotes {
                md.push_str(&format!(
                    "- {}{} — *{}*\n",
                    if q.starred { "★ " } else { "" },
                    block_text(&q.text, "  "),
                    where_md(q, true)
                ));
            }
            md.push('\n');
        }
    }
    if s.matrix && !h.threads.is_empty() && !h.tables.is_empty() {
        md.push_str(&format!("{h2} Threads by table\n\n"));
        md.push_str("| Thread |");
        for t in &h.tables {
            md.push_str(&format!(" {} |", t.number));
        }
        md.push_str("\n|---|");
        for _ in &h.tables {
            md.push_str("---:|");
        }
        md.push('\n');
        for (th, counts) in h.threads.iter().zip(h.matrix()) {
            md.push_str(&format!("| {} |", one_line(&th.title)));
            for c in counts {
                if c == 0 {
                    md.push_str("  |");
                } else {
                    md.push_str(&format!(" {c} |"));
                }
            }
            md.push('\n');
        }
        md.push('\n');
        md.push_str(&matrix_legend(&h.tables, one_line));
        md.push_str("\n\n");
    }
    if s.attendance {
        md.push_str(&format!("{h2} Attendance\n\n"));
        md.push_str(&format!(
            "{}, {}, {}, {}.\n\n",
            plural(h.attendees as usize, "attendee", "attendees"),
            plural(h.tables.len(), "table", "tables"),
            plural(h.rounds.len(), "round", "rounds"),
            plural(h.note_count(), "note", "notes"),
        ));
        if s.names && !h.names.is_empty() {
            for (name, org) in &h.names {
                match org.as_deref().filter(|o| !o.trim().is_empty()) {
                    Some(o) => md.push_str(&format!("- {} ({})\n", one_line(name), one_line(o))),
                    None => md.push_str(&format!("- {}\n", one_line(name))),
                }
            }
            md.push('\n');
        }
    }
    if s.appendix {
        md.push_str(&format!("{h2} Appendix: the notes of every table\n\n"));
        for t in &h.tables {
            md.push_str(&format!("{h3} {}\n\n", one_line(&t.name)));
            if let Some(topic) = t.topic.as_deref().filter(|x| !x.trim().is_empty()) {
                md.push_str(&format!("*{}*\n\n", one_line(topic)));
            }
            if t.notes.is_empty() {
                md.push_str("No notes.\n\n");
                continue;
            }
            for q in &t.notes {
                md.push_str(&format!(
                    "- {}{} — *{}*\n",
                    if q.starred { "★ " } else { "" },
                    block_text(&q.text, "  "),
                    where_md(q, false)
                ));
            }
            md.push('\n');
        }
    }
}

// ---- PDF ----

const MUTED: Color = Color::MUTED;

/// The most tables one part of the PDF's "Threads by table" shows, so that the threads' names keep a readable
/// column and two-digit table numbers stay on one line.
const MATRIX_TABLES: usize = 13;

fn quote_text(q: &Quote, show_table: bool) -> Text {
    let mut where_ = Vec::new();
    if show_table {
        where_.push(q.table.clone());
    }
    where_.push(format!("round {}", q.round));
    if let Some(a) = q.author.as_deref().filter(|a| !a.trim().is_empty()) {
        where_.push(a.to_owned());
    }
    let mut text = Text::default();
    if q.starred {
        // (Noto Sans has no star: a word does it.)
        text = text.and("Key insight · ", Style::bold(9.0).color(Color::ACCENT));
    }
    text.and(q.text.trim(), Style::regular(10.0)).and(
        format!("  — {}", where_.join(", ")),
        Style::regular(8.5).color(MUTED),
    )
}

/// The summary as a PDF.
pub fn pdf(h: &Harvest, paper: Paper) -> Result<Vec<u8>, ReportError> {
    render(&Document {
        title: format!("Café summary — {}", h.title),
        paper,
        footer: h.generated.clone(),
        blocks: pdf_blocks(h, false),
    })
}

/// A heading of a café's summary: `level` 1 for its sections, 2 inside them (threads, tables). Inside a congress
/// summary everything moves one level down, and the second level becomes a bold line.
fn heading(text: &str, level: u8, nested: bool) -> Block {
    match (level, nested) {
        (1, false) => Block::Heading {
            text: text.to_owned(),
            level: HeadingLevel::H1,
        },
        (_, false) | (1, true) => Block::Heading {
            text: text.to_owned(),
            level: HeadingLevel::H2,
        },
        _ => Block::Paragraph(Text::new(text, Style::bold(11.0))),
    }
}

/// The blocks of a café's summary; `nested` inside a congress summary (the café's title a heading, not the title
/// block).
fn pdf_blocks(h: &Harvest, nested: bool) -> Vec<Block> {
    let s = &h.sections;
    let mut subtitle = Vec::new();
    if s.overview {
        if let Some(d) = &h.date {
            subtitle.push(d.clone());
        }
        if !h.venue.trim().is_empty() {
            subtitle.push(h.venue.clone());
        }
        subtitle.push(h.format.clone());
    }
    let mut blocks = if nested {
        vec![
            Block::PageBreak,
            Block::RunningHeader(h.title.clone()),
            Block::Heading {
                text: h.title.clone(),
                level: HeadingLevel::H1,
            },
            Block::Paragraph(Text::new(
                subtitle.join(" · "),
                Style::regular(10.0).color(MUTED),
            )),
        ]
    } else {
        vec![
            Block::TitleBlock {
                label: "Café summary".into(),
                title: h.title.clone(),
                subtitle: subtitle.join(" · "),
            },
            Block::RunningHeader(format!("{} · Café summary", h.title)),
        ]
    };
    if s.overview && !h.facilitator.trim().is_empty() {
        blocks.push(Block::Paragraph(
            Text::new("Facilitator: ", Style::bold(10.0)).and(&h.facilitator, Style::regular(10.0)),
        ));
    }
    if s.questions {
        if h.topics_per_table {
            blocks.push(heading("Topics", 1, nested));
            for t in &h.tables {
                let mut text = Text::new(format!("{}  ", t.name), Style::bold(10.5));
                if let Some(topic) = t.topic.as_deref().filter(|x| !x.trim().is_empty()) {
                    text = text.and(topic, Style::regular(10.5));
                }
                if let Some(host) = &t.host {
                    text = text.and(
                        format!("  (host: {host})"),
                        Style::regular(9.0).color(MUTED),
                    );
                }
                blocks.push(Block::Paragraph(text));
            }
        } else {
            blocks.push(heading("Questions", 1, nested));
            for r in &h.rounds {
                let q = r.question.trim();
                blocks.push(Block::Paragraph(
                    Text::new(format!("Round {}  ", r.number), Style::bold(10.5))
                        .and(
                            if q.is_empty() { "(no question)" } else { q },
                            Style::regular(10.5),
                        )
                        .and(
                            format!("  ({} min)", r.minutes),
                            Style::regular(9.0).color(MUTED),
                        ),
                ));
            }
        }
    }
    if s.threads {
        blocks.push(heading("Common threads", 1, nested));
        if !h.threads_found {
            blocks.push(Block::Paragraph(Text::new(
                "The common threads have not been looked for yet.",
                Style::regular(10.0).color(MUTED),
            )));
        } else if h.threads.is_empty() {
            blocks.push(Block::Paragraph(Text::new(
                "No theme was raised at enough tables to count as a common thread.",
                Style::regular(10.0).color(MUTED),
            )));
        }
        for th in &h.threads {
            blocks.push(heading(&th.title, 2, nested));
            blocks.push(Block::Paragraph(Text::new(
                format!(
                    "{} · {} · {} — {}",
                    plural(th.quotes.len(), "note", "notes"),
                    plural(th.tables.len(), "table", "tables"),
                    rounds_text(&th.rounds),
                    th.tables.join(", ")
                ),
                Style::regular(9.0).color(Color::ACCENT),
            )));
            if !th.synthesis.trim().is_empty() {
                blocks.push(Block::Paragraph(Text::new(
                    th.synthesis.trim(),
                    Style::regular(10.5),
                )));
            }
            for q in &th.quotes {
                blocks.push(Block::Paragraph(quote_text(q, true)));
            }
            blocks.push(Block::Space(6.0));
        }
    }
    if s.matrix && !h.threads.is_empty() && !h.tables.is_empty() {
        blocks.push(heading("Threads by table", 1, nested));
        let matrix = h.matrix();
        // A congress café's 20 or 30 tables do not fit across a page with the threads' names: the matrix comes
        // in parts of at most MATRIX_TABLES tables, as even as they can be, each under the tables it shows.
        let parts = h.tables.len().div_ceil(MATRIX_TABLES);
        let (base, extra) = (h.tables.len() / parts, h.tables.len() % parts);
        let mut first = 0;
        for part in 0..parts {
            let tables = &h.tables[first..first + base + usize::from(part < extra)];
            if parts > 1 {
                blocks.push(Block::Paragraph(Text::new(
                    format!(
                        "Tables {}–{}",
                        tables[0].number,
                        tables[tables.len() - 1].number
                    ),
                    Style::bold(9.5),
                )));
            }
            let mut columns = vec![Column {
                header: "Thread".into(),
                width: Width::Share(1.0),
            }];
            columns.extend(tables.iter().map(|t| Column {
                header: t.number.to_string(),
                width: Width::Fit,
            }));
            let rows = h
                .threads
                .iter()
                .zip(&matrix)
                .map(|(th, counts)| {
                    let mut cells = vec![Text::new(&th.title, Style::regular(9.0))];
                    cells.extend(counts[first..first + tables.len()].iter().map(|c| {
                        Text::new(
                            if *c == 0 {
                                String::new()
                            } else {
                                c.to_string()
                            },
                            Style {
                                size: 9.0,
                                weight: Weight::Bold,
                                color: Color::ACCENT,
                            },
                        )
                    }));
                    Row::Cells(cells)
                })
                .collect();
            blocks.push(Block::Table(Table {
                columns,
                rows,
                striped: true,
            }));
            first += tables.len();
        }
        blocks.push(Block::Paragraph(Text::new(
            matrix_legend(&h.tables, str::to_owned),
            Style::regular(8.5).color(MUTED),
        )));
    }
    if s.attendance {
        blocks.push(heading("Attendance", 1, nested));
        blocks.push(Block::Paragraph(Text::new(
            format!(
                "{}, {}, {}, {}.",
                plural(h.attendees as usize, "attendee", "attendees"),
                plural(h.tables.len(), "table", "tables"),
                plural(h.rounds.len(), "round", "rounds"),
                plural(h.note_count(), "note", "notes"),
            ),
            Style::regular(10.5),
        )));
        if s.names && !h.names.is_empty() {
            let rows = h
                .names
                .iter()
                .map(|(n, o)| {
                    Row::Cells(vec![
                        Text::new(n, Style::regular(9.5)),
                        Text::new(
                            o.clone().unwrap_or_default(),
                            Style::regular(9.5).color(MUTED),
                        ),
                    ])
                })
                .collect();
            blocks.push(Block::Table(Table {
                columns: vec![
                    Column {
                        header: "Name".into(),
                        width: Width::Share(1.0),
                    },
                    Column {
                        header: "Organisation".into(),
                        width: Width::Share(1.0),
                    },
                ],
                rows,
                striped: true,
            }));
        }
    }
    if s.appendix {
        if !nested {
            blocks.push(Block::PageBreak);
        }
        blocks.push(heading("Appendix: the notes of every table", 1, nested));
        for t in &h.tables {
            blocks.push(heading(&t.name, 2, nested));
            if let Some(topic) = t.topic.as_deref().filter(|x| !x.trim().is_empty()) {
                blocks.push(Block::Paragraph(Text::new(
                    topic,
                    Style::regular(9.5).color(MUTED),
                )));
            }
            if t.notes.is_empty() {
                blocks.push(Block::Paragraph(Text::new(
                    "No notes.",
                    Style::regular(9.5).color(MUTED),
                )));
            }
            for q in &t.notes {
                blocks.push(Block::Paragraph(quote_text(q, false)));
            }
        }
    }
    blocks
}

// ---- several rooms, one congress ----

/// A theme that came up in several rooms (cafés) of a congress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CongressThread {
    pub title: String,
    /// The rooms (cafés' titles) that raised it.
    pub rooms: Vec<String>,
    /// Its notes, each with its room.
    pub quotes: Vec<(String, Quote)>,
}

/// A summary across the cafés of several rooms: the threads they share, then each room's own summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Congress {
    pub title: String,
    /// Each room's café summary, in the order chosen.
    pub rooms: Vec<Harvest>,
    /// Themes raised in `min_rooms` rooms or more.
    pub threads: Vec<CongressThread>,
    pub min_rooms: usize,
    pub generated: String,
}

/// The congress summary as CommonMark with GFM tables.
pub fn congress_markdown(c: &Congress) -> String {
    let mut md = format!("# {}\n\n## Rooms\n\n", one_line(&c.title));
    md.push_str("| Room | Date | Venue | Facilitator | Tables | Attendees | Notes |\n|---|---|---|---|---:|---:|---:|\n");
    for r in &c.rooms {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            one_line(&r.title),
            one_line(r.date.as_deref().unwrap_or("")),
            one_line(&r.venue),
            one_line(&r.facilitator),
            r.tables.len(),
            r.attendees,
            r.note_count()
        ));
    }
    md.push_str(&format!(
        "\n## Threads across rooms\n\nThemes raised in {} rooms or more.\n\n",
        c.min_rooms
    ));
    if c.threads.is_empty() {
        md.push_str("No theme came up in that many rooms.\n\n");
    }
    for th in &c.threads {
        md.push_str(&format!("### {}\n\n", one_line(&th.title)));
        let rooms: Vec<String> = th.rooms.iter().map(|r| one_line(r)).collect();
        md.push_str(&format!(
            "*{} · {}* — {}\n\n",
            plural(th.rooms.len(), "room", "rooms"),
            plural(th.quotes.len(), "note", "notes"),
            rooms.join("; ")
        ));
        for (room, q) in &th.quotes {
            md.push_str(&format!(
                "- {}{} — *{}, {}*\n",
                if q.starred { "★ " } else { "" },
                block_text(&q.text, "  "),
                one_line(room),
                where_md(q, true)
            ));
        }
        md.push('\n');
    }
    for r in &c.rooms {
        write_markdown(&mut md, r, 2);
    }
    md.push_str(&format!("---\n\n*{}*\n", one_line(&c.generated)));
    md
}

/// The congress summary as a PDF.
pub fn congress_pdf(c: &Congress, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let mut blocks = vec![
        Block::TitleBlock {
            label: "Congress summary".into(),
            title: c.title.clone(),
            subtitle: plural(c.rooms.len(), "room", "rooms"),
        },
        Block::RunningHeader(format!("{} · Congress summary", c.title)),
        Block::Heading {
            text: "Rooms".into(),
            level: HeadingLevel::H1,
        },
    ];
    let header = |h: &str, width| Column {
        header: h.into(),
        width,
    };
    blocks.push(Block::Table(Table {
        columns: vec![
            header("Room", Width::Share(2.0)),
            header("Date", Width::Fit),
            header("Venue", Width::Share(1.0)),
            header("Tables", Width::Fit),
            header("Attendees", Width::Fit),
            header("Notes", Width::Fit),
        ],
        rows: c
            .rooms
            .iter()
            .map(|r| {
                let cell = |t: String| Text::new(t, Style::regular(9.5));
                Row::Cells(vec![
                    cell(r.title.clone()),
                    cell(r.date.clone().unwrap_or_default()),
                    cell(r.venue.clone()),
                    cell(r.tables.len().to_string()),
                    cell(r.attendees.to_string()),
                    cell(r.note_count().to_string()),
                ])
            })
            .collect(),
        striped: true,
    }));
    blocks.push(Block::Heading {
        text: "Threads across rooms".into(),
        level: HeadingLevel::H1,
    });
    blocks.push(Block::Paragraph(Text::new(
        format!("Themes raised in {} rooms or more.", c.min_rooms),
        Style::regular(10.0).color(MUTED),
    )));
    if c.threads.is_empty() {
        blocks.push(Block::Paragraph(Text::new(
            "No theme came up in that many rooms.",
            Style::regular(10.0).color(MUTED),
        )));
    }
    for th in &c.threads {
        blocks.push(Block::Heading {
            text: th.title.clone(),
            level: HeadingLevel::H2,
        });
        blocks.push(Block::Paragraph(Text::new(
            format!(
                "{} · {} — {}",
                plural(th.rooms.len(), "room", "rooms"),
                plural(th.quotes.len(), "note", "notes"),
                th.rooms.join("; ")
            ),
            Style::regular(9.0).color(Color::ACCENT),
        )));
        for (room, q) in &th.quotes {
            let mut quote = quote_text(q, true);
            quote.spans.push(crate::doc::Span {
                text: format!(" · {room}"),
                style: Style::regular(8.5).color(MUTED),
            });
            blocks.push(Block::Paragraph(quote));
        }
    }
    for r in &c.rooms {
        blocks.extend(pdf_blocks(r, true));
    }
    render(&Document {
        title: format!("Congress summary — {}", c.title),
        paper,
        footer: c.generated.clone(),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_legend_names_only_what_a_number_does_not_say() {
        let table = |number: u32, name: &str| HarvestTable {
            number,
            name: name.into(),
            topic: None,
            host: None,
            notes: Vec::new(),
        };
        let plain = [table(1, "Table 1"), table(2, "Table 2")];
        assert_eq!(
            matrix_legend(&plain, str::to_owned),
            "Columns are table numbers."
        );
        let named = [table(1, "Table 1"), table(2, "Table 2 · Open *science*")];
        assert_eq!(
            matrix_legend(&named, one_line),
            "Columns are table numbers: 2 = Table 2 · Open \\*science\\*."
        );
    }

    #[test]
    fn escaping_keeps_markup_out() {
        let check =
            |input: &str, expected: &str| assert_eq!(escape_inline(input), expected, "{input}");
        check(
            "plain words, e.g. these: (fine)!",
            "plain words, e.g. these: (fine)!",
        );
        check(
            "<script>alert(1)</script>",
            "\\<script\\>alert(1)\\</script\\>",
        );
        check("# not a heading", "\\# not a heading");
        check("  # indented", "  \\# indented");
        check("a # in the middle", "a \\# in the middle");
        check("C #", "C \\#");
        check("\u{1}# X", "\\# X");
        check("a\n\u{1}1. x\n\u{7f}---", "a\n1\\. x\n\\---");
        check("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))");
        check("![img](x.png)", "!\\[img\\](x.png)");
        check("a | b", "a \\| b");
        check("&amp; &#60;", "\\&amp; \\&\\#60;");
        check(
            "**bold** _it_ `code` ~~x~~",
            "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~",
        );
        check(
            "1. first\n2) second\n- third\n+ fourth\n===",
            "1\\. first\n2\\) second\n\\- third\n\\+ fourth\n\\===",
        );
        check("in 2026. ok", "in 2026. ok");
        check("tab\there", "tab here");
    }

    #[test]
    fn rounds_read_naturally() {
        let check = |r: &[u32], expected: &str| assert_eq!(rounds_text(r), expected);
        check(&[], "");
        check(&[2], "round 2");
        check(&[1, 2, 3], "rounds 1–3");
        check(&[1, 3], "rounds 1, 3");
    }
}
