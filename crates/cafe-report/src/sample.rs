//! A synthetic café for tests, examples and benchmarks: deterministic, any size, with the names that are hard to
//! print (accents, Cyrillic, Greek, a 120-letter name without spaces, markup) and a URL as a topic; and table
//! cards for it, with join links like the LAN server's.

use crate::seating::{PersonTables, RoundTables, SeatingDoc, TableList, initial};
use crate::table_cards::{TableCard, TableCards};

const FIRST: &[&str] = &[
    "Ana",
    "Björn",
    "Chloé",
    "Dmitri",
    "Eleni",
    "François",
    "Gudrun",
    "Hiroshi",
    "Inès",
    "Jürgen",
    "Katarzyna",
    "Lars",
    "María José",
    "Nils",
    "Øystein",
    "Paweł",
    "Queenie",
    "Raúl",
    "Siobhán",
    "Tomás",
    "Ulla",
    "Věra",
    "Wanjiru",
    "Xavier",
    "Yusuf",
    "Zsófia",
    "Αλέξανδρος",
    "Μαρία",
    "Анна",
    "Сергей",
];
const LAST: &[&str] = &[
    "Andersson",
    "Brennan",
    "Čapek",
    "Dubois",
    "Eriksdóttir",
    "Fernández",
    "García Márquez",
    "Håkansson",
    "Ibáñez",
    "Jovanović",
    "Kowalczyk",
    "Lindqvist",
    "Müller",
    "Nowak",
    "Ó Súilleabháin",
    "Papadakis",
    "Quintero",
    "Rossi",
    "Schäfer",
    "Thorsen",
    "Uğur",
    "Van der Berg",
    "Wiśniewska",
    "Yılmaz",
    "Zieliński",
    "Иванова",
    "Кузнецов",
    "Γεωργίου",
    "Κωνσταντίνου",
    "Ng",
];
const ORGS: &[&str] = &[
    "City Library",
    "Université de Genève",
    "Nordic Health Institute",
    "Παν/μιο Αθηνών",
    "МГУ",
    "Green Futures e.V.",
    "Acme Corporation International Holdings Ltd.",
];

/// The hard names every sample café contains.
pub const SPECIAL_NAMES: &[&str] = &[
    "Ólafur Ragnarsson",
    "Ольга Смирнова",
    "Νίκος Παπαδόπουλος",
    "Zoë O'Connor-Łukasiewicz",
    "<script>alert(1)</script>",
];

/// A 120-character name without spaces.
pub fn long_name() -> String {
    "Wolfeschlegelsteinhausenbergerdorff"
        .repeat(4)
        .chars()
        .take(120)
        .collect()
}

/// The URL one table has as its topic.
pub const URL_TOPIC: &str = "https://example.org/knowledge-cafe/topics/2026/how-do-we-share-what-we-know?session=hall-c&lang=en";

/// A café with `people` attendees at `tables` tables over `rounds` rounds. The first `tables` people host a table
/// (the same one every round); everyone else moves. Every name is different.
pub fn cafe(people: usize, tables: usize, rounds: usize) -> SeatingDoc {
    let tables = tables.max(1);
    let mut names: Vec<String> = SPECIAL_NAMES.iter().map(|s| s.to_string()).collect();
    names.push(long_name());
    let mut i = 0;
    while names.len() < people {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len() + i * 7) % LAST.len()];
        let name = if i < FIRST.len() * LAST.len() {
            format!("{first} {last}")
        } else {
            format!("{first} {last} {i}")
        };
        if !names.contains(&name) {
            names.push(name);
        }
        i += 1;
    }
    names.truncate(people);

    let hosts = tables.min(names.len());
    // table_of[p][r]: the table person p sits at in round r (None: absent).
    let table_of = |p: usize, r: usize| -> Option<usize> {
        if p < hosts {
            Some(p)
        } else if (p + r).is_multiple_of(23) {
            None
        } else {
            let seat = p - hosts;
            Some((seat + r * (1 + seat / tables)) % tables)
        }
    };
    let table_name = |t: usize| format!("Table {}", t + 1);

    let mut round_list = Vec::with_capacity(rounds);
    for r in 0..rounds {
        let mut lists: Vec<TableList> = (0..tables)
            .map(|t| TableList {
                name: table_name(t),
                topic: match t % 5 {
                    0 if t == 5 => Some(URL_TOPIC.to_string()),
                    0 => None,
                    1 => {
                        Some("How do we make knowledge flow between teams that rarely meet?".into())
                    }
                    2 => Some("Trust".into()),
                    3 => Some("Что мы узнали в этом году? Τι μάθαμε φέτος;".into()),
                    _ => Some("Learning from failure without blame".into()),
                },
                host: (t < hosts).then(|| names[t].clone()),
                people: Vec::new(),
            })
            .collect();
        for (p, name) in names.iter().enumerate().skip(hosts) {
            if let Some(t) = table_of(p, r) {
                lists[t].people.push(name.clone());
            }
        }
        for list in &mut lists {
            list.people.sort();
        }
        round_list.push(RoundTables {
            number: r as u32 + 1,
            question: (r % 2 == 0).then(|| {
                format!(
                    "Question {}: what would you try first, and who would you ask for help?",
                    r + 1
                )
            }),
            tables: lists,
        });
    }

    let mut people_list: Vec<PersonTables> = names
        .iter()
        .enumerate()
        .map(|(p, name)| PersonTables {
            name: name.clone(),
            organisation: (p % 4 != 3).then(|| ORGS[p % ORGS.len()].to_string()),
            tables: (0..rounds)
                .map(|r| table_of(p, r).map(table_name))
                .collect(),
        })
        .collect();
    people_list.sort_by_cached_key(|p| (initial(&p.name), p.name.to_lowercase()));

    SeatingDoc {
        cafe_title: "Knowledge Café: Learning Together".into(),
        subtitle: "Sat 28 Nov 2026 · Hall C · Knowledge Café".into(),
        rounds: round_list,
        people: people_list,
        generated: "Generated 28 Nov 2026 19:40 · Knowledge Café 0.1.0".into(),
    }
}

/// A join link like the LAN server's: `http://192.168.1.20:8765/join#` and 32 URL-safe base64 characters,
/// different for every `seed`.
pub fn join_url(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x2545_f491_4f6c_dd1d;
    let token: String = (0..32)
        .map(|_| {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
            ALPHABET[(r >> 58) as usize] as char
        })
        .collect();
    format!("http://192.168.1.20:8765/join#{token}")
}

/// Table cards for `tables` tables: short and long names (the longest the app allows, 100 characters, among
/// them), Greek and Cyrillic, topics of every length, and one table without a topic.
pub fn table_cards(tables: usize) -> TableCards {
    let names = [
        "Table 1".to_string(),
        "Oak".to_string(),
        "The Long Table by the Window Overlooking the Old Harbour".to_string(),
        "Τραπέζι 4 · Стол 4".to_string(),
        "Table 5".to_string(),
        long_name().chars().take(100).collect(),
    ];
    let topics = [
        Some("How do we make knowledge flow between teams that rarely meet?"),
        Some("Trust"),
        None,
        Some("Что мы узнали в этом году? Τι μάθαμε φέτος;"),
        Some(
            "Learning from failure without blame: what would it take for us to talk openly about the projects \
             that went wrong, who would need to be in the room, and what should happen to what we learn?",
        ),
        Some(URL_TOPIC),
    ];
    TableCards {
        cafe_title: "Knowledge Café: Learning Together".into(),
        cards: (0..tables)
            .map(|t| TableCard {
                table: if t < names.len() {
                    names[t].clone()
                } else {
                    format!("Table {}", t + 1)
                },
                topic: topics[t % topics.len()].map(str::to_string),
                url: join_url(t as u64),
            })
            .collect(),
    }
}

/// Notes that try to be markup, for the harvest's tests.
pub const HOSTILE_NOTES: &[&str] = &[
    "<script>alert(1)</script>",
    "# not a heading",
    "[click me](javascript:alert(1))",
    "a | pipe | in a table",
    "**not bold** and _not italic_ and `not code`",
    "1. not a list\n- nor this\n> nor a quote",
    "&lt;entity&gt; &amp; <img src=x onerror=alert(2)>",
];

/// A synthetic café summary: `tables` tables over `rounds` rounds with `notes` notes in all (one in nine a long
/// URL or a hostile note), `threads` threads of the notes, names with accents, Cyrillic and Greek.
pub fn harvest(
    tables: usize,
    rounds: usize,
    notes: usize,
    threads: usize,
) -> crate::harvest::Harvest {
    use crate::harvest::{Harvest, HarvestRound, HarvestTable, HarvestThread, Quote, Sections};
    const WORDS: &[&str] = &[
        "community",
        "spaces",
        "funding",
        "volunteers",
        "digital",
        "skills",
        "opening",
        "hours",
        "schools",
        "partners",
        "misinformation",
        "archives",
        "Bücherei",
        "öffentliche",
        "библиотека",
        "βιβλιοθήκη",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut all: Vec<Quote> = Vec::with_capacity(notes);
    for i in 0..notes {
        let text = if i % 9 == 4 {
            if i % 2 == 0 {
                URL_TOPIC.to_owned()
            } else {
                HOSTILE_NOTES[i % HOSTILE_NOTES.len()].to_owned()
            }
        } else {
            let len = 4 + (next() % 18) as usize;
            (0..len)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        all.push(Quote {
            text,
            table: format!(
                "Table {} · {}",
                i % tables + 1,
                WORDS[(i % tables) % WORDS.len()]
            ),
            round: (i / tables % rounds) as u32 + 1,
            author: (i % 7 == 0).then(|| SPECIAL_NAMES[i % SPECIAL_NAMES.len()].to_owned()),
            starred: i % 11 == 0,
        });
    }
    let tables_list: Vec<HarvestTable> = (0..tables)
        .map(|t| {
            let name = format!("Table {} · {}", t + 1, WORDS[t % WORDS.len()]);
            HarvestTable {
                number: t as u32 + 1,
                topic: Some(if t == 0 {
                    URL_TOPIC.to_owned()
                } else {
                    format!("How do we share {}?", WORDS[t % WORDS.len()])
                }),
                host: Some(SPECIAL_NAMES[t % SPECIAL_NAMES.len()].to_owned()),
                notes: all.iter().filter(|q| q.table == name).cloned().collect(),
                name,
            }
        })
        .collect();
    let threads_list: Vec<HarvestThread> = (0..threads)
        .map(|k| {
            let quotes: Vec<Quote> = all
                .iter()
                .skip(k)
                .step_by(threads.max(1) * 2)
                .take(12)
                .cloned()
                .collect();
            let mut tables: Vec<String> = quotes.iter().map(|q| q.table.clone()).collect();
            tables.sort();
            tables.dedup();
            let mut rounds: Vec<u32> = quotes.iter().map(|q| q.round).collect();
            rounds.sort_unstable();
            rounds.dedup();
            HarvestThread {
                title: format!(
                    "{} · {}",
                    WORDS[k % WORDS.len()],
                    WORDS[(k + 3) % WORDS.len()]
                ),
                synthesis: if k % 2 == 0 {
                    format!("Several tables saw {} as the key.", WORDS[k % WORDS.len()])
                } else {
                    String::new()
                },
                tables,
                rounds,
                quotes,
            }
        })
        .collect();
    Harvest {
        title: "Libraries shaping the future — Congress Knowledge Café".into(),
        date: Some("Thu 4 Jun 2026".into()),
        venue: "Hall C, Congress Centre".into(),
        facilitator: "Ólafur Þórðarson".into(),
        format: "Knowledge Café".into(),
        topics_per_table: true,
        rounds: (1..=rounds as u32)
            .map(|n| HarvestRound {
                number: n,
                question: format!("Round {n}: what have we learnt?"),
                minutes: 20,
            })
            .collect(),
        tables: tables_list,
        threads: threads_list,
        threads_found: true,
        attendees: (tables * 15 / 2) as u32,
        names: SPECIAL_NAMES
            .iter()
            .map(|n| ((*n).to_owned(), Some("Stadtbibliothek Köln".to_owned())))
            .collect(),
        generated: "Generated 28 Nov 2026 21:40 · Knowledge Café 0.1.0".into(),
        sections: Sections {
            names: true,
            ..Sections::default()
        },
    }
}
