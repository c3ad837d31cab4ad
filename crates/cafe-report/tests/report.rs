//! The PDFs as a reader gets them: text extracted with poppler's `pdftotext`, page facts from `pdfinfo` and
//! `pdffonts`, pages as pictures from `pdftoppm` (poppler-utils, installed by `scripts/setup.sh test`), QR codes
//! read back from those pictures with `rqrr`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cafe_report::sample::{self, SPECIAL_NAMES, URL_TOPIC};
use cafe_report::table_cards::{HOST_NOTE, SCAN_CAPTION};
use cafe_report::{
    Paper, PersonTables, RoundTables, SeatingDoc, TableCard, TableCards, TableList,
    find_your_table_pdf, table_cards_pdf, table_lists_pdf,
};

type Render = fn(&SeatingDoc, Paper) -> Result<Vec<u8>, cafe_report::ReportError>;
const KINDS: [(&str, Render); 2] = [
    ("table-lists", table_lists_pdf),
    ("find-your-table", find_your_table_pdf),
];

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-"); // to stdout
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}); install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in pdfinfo output:\n{info}"))
        .trim()
        .to_string()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A word and its box: xMin, yMin, xMax, yMax.
type Word = (String, [f32; 4]);

/// The size and the words of each page (`pdftotext -bbox`).
fn word_boxes(pdf: &Path) -> Vec<((f32, f32), Vec<Word>)> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..start + tag[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap()];
        let size = (attr(head, "width"), attr(head, "height"));
        let mut words = Vec::new();
        for w in chunk.split("<word ").skip(1) {
            let tag = &w[..w.find('>').unwrap()];
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            words.push((
                text.to_string(),
                [
                    attr(tag, "xMin"),
                    attr(tag, "yMin"),
                    attr(tag, "xMax"),
                    attr(tag, "yMax"),
                ],
            ));
        }
        pages.push((size, words));
    }
    pages
}

struct Made {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// Renders into a temporary folder; with `CAFE_REPORT_KEEP=DIR` set, also copies the PDF there to look at.
fn make(doc: &SeatingDoc, render: Render, paper: Paper, name: &str) -> Made {
    keep(render(doc, paper).unwrap(), paper, name)
}

/// Writes a PDF into a temporary folder (and to `CAFE_REPORT_KEEP`, see [`make`]).
fn keep(bytes: Vec<u8>, paper: Paper, name: &str) -> Made {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    if let Some(keep) = std::env::var_os("CAFE_REPORT_KEEP") {
        let test = std::thread::current().name().unwrap_or("test").to_string();
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(
            &path,
            Path::new(&keep).join(format!("{test}-{name}-{paper:?}.pdf")),
        )
        .unwrap();
    }
    Made { _dir: dir, path }
}

/// Checks what every seating PDF must be; returns (layout text, raw text, pages).
fn check_pdf(made: &Made, paper: Paper) -> (String, String, usize) {
    let info = pdfinfo(&made.path);
    let size = info_field(&info, "Page size");
    match paper {
        Paper::A4 => assert_eq!(size, "595.28 x 841.89 pts (A4)"),
        Paper::Letter => assert_eq!(size, "612 x 792 pts (letter)"),
    }
    let pages: usize = info_field(&info, "Pages").parse().unwrap();
    let layout = poppler("pdftotext", &["-layout"], &made.path);
    let raw = poppler("pdftotext", &["-raw"], &made.path);
    assert!(
        layout.contains(&format!("Page 1 of {pages}")),
        "no 'Page 1 of {pages}'"
    );
    for page in 1..=pages {
        assert!(
            layout.contains(&format!("Page {page} of {pages}")),
            "page {page} has no number"
        );
    }
    // Every font is embedded (and subset), so the file looks the same everywhere.
    let fonts = poppler("pdffonts", &[], &made.path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row.contains("NotoSans"), "unexpected font: {row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "font not embedded: {row}"
        );
    }
    // Nothing runs off the page: every word is inside the margins (50 pt; the running header and the footer
    // sit inside them too).
    for (index, ((width, height), words)) in word_boxes(&made.path).into_iter().enumerate() {
        assert_eq!((width, height), paper_size(paper));
        for (text, [x0, y0, x1, y1]) in words {
            assert!(
                x0 >= 49.5 && x1 <= width - 49.5 && y0 >= 20.0 && y1 <= height - 20.0,
                "page {}: {text:?} at x {x0}..{x1}, y {y0}..{y1} is outside the margins",
                index + 1
            );
        }
    }
    (layout, raw, pages)
}

fn paper_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    }
}

#[test]
fn a_150_person_cafe_prints_everyone_on_a4_and_letter() {
    let doc = sample::cafe(150, 20, 4);
    let long = sample::long_name();
    assert_eq!(long.chars().count(), 120);
    for paper in [Paper::A4, Paper::Letter] {
        for (kind, render) in KINDS {
            let made = make(&doc, render, paper, kind);
            let (layout, raw, pages) = check_pdf(&made, paper);
            let raw_squashed = squash(&raw);
            for person in &doc.people {
                // Names are broken only at spaces (or, when too long, anywhere): each word of a name is intact in
                // the layout, and the whole name is in order in the content stream.
                for word in person.name.split(' ').filter(|w| w.chars().count() < 20) {
                    assert!(
                        layout.contains(word),
                        "{kind} {paper:?}: {word:?} of {:?} is missing",
                        person.name
                    );
                }
                assert!(
                    raw_squashed.contains(&squash(&person.name)),
                    "{kind} {paper:?}: {:?} is missing",
                    person.name
                );
            }
            for name in SPECIAL_NAMES {
                assert!(
                    layout.contains(name),
                    "{kind} {paper:?}: {name:?} is not on one line"
                );
            }
            assert!(
                raw_squashed.contains(&long),
                "{kind} {paper:?}: the 120-letter name is cut"
            );
            match kind {
                "table-lists" => {
                    assert!(
                        raw_squashed.contains(&squash(URL_TOPIC)),
                        "the URL topic is cut"
                    );
                    // Compact: 20 tables of 6–8 people take about two pages per round.
                    assert!(pages <= 4 * 3, "{pages} pages for 4 rounds");
                }
                _ => assert!((4..=9).contains(&pages), "{pages} pages for 150 people"),
            }
            let title = info_field(&pdfinfo(&made.path), "Title");
            let expected = if kind == "table-lists" {
                "Table lists"
            } else {
                "Find your table"
            };
            assert_eq!(title, format!("{expected} — {}", doc.cafe_title));
        }
    }
}

#[test]
fn rounds_start_on_a_new_page() {
    let doc = sample::cafe(150, 20, 4);
    let made = make(&doc, table_lists_pdf, Paper::A4, "lists");
    let text = poppler("pdftotext", &["-layout"], &made.path);
    let pages: Vec<Vec<&str>> = text
        .split('\u{c}')
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .collect();
    for round in 2..=4 {
        let heading = format!("Round {round}");
        let page = pages
            .iter()
            .position(|p| p.contains(&heading.as_str()))
            .expect("a page per round");
        // Below the running header ("… · Table lists · Round N") the heading is the first line.
        assert!(
            pages[page][0].ends_with(&format!("Table lists · {heading}")),
            "{:?}",
            pages[page][0]
        );
        assert_eq!(pages[page][1], heading);
        assert!(
            pages[page - 1].iter().all(|l| !l.ends_with(&heading)),
            "round {round} starts mid-page"
        );
    }
}

#[test]
fn the_header_row_is_repeated_on_every_page() {
    let doc = sample::cafe(150, 20, 4);
    let made = make(&doc, find_your_table_pdf, Paper::Letter, "find");
    let text = poppler("pdftotext", &["-layout"], &made.path);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 1);
    for (i, page) in pages.iter().enumerate() {
        let header = page
            .lines()
            .find(|l| l.contains("Name") && l.contains("Organisation"))
            .unwrap_or_else(|| panic!("page {} has no header row", i + 1));
        let columns: Vec<&str> = header
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(
            columns,
            [
                "Name",
                "Organisation",
                "Round 1",
                "Round 2",
                "Round 3",
                "Round 4"
            ]
        );
    }
}

#[test]
fn markup_and_control_characters_are_just_text() {
    let doc = SeatingDoc {
        cafe_title: "<b>Café</b> \u{202e}Night".into(),
        subtitle: "Line one\nline two".into(),
        rounds: vec![RoundTables {
            number: 1,
            question: Some("Why?\u{c}\u{0}".into()),
            tables: vec![TableList {
                name: "Table\n1".into(),
                topic: Some("%PDF-1.7 endobj (\\) <<>>".into()),
                host: Some("<script>alert(1)</script>".into()),
                people: vec![
                    "Eve\nMallory\tJones".into(),
                    "Bobby'); DROP TABLE people;--".into(),
                ],
            }],
        }],
        people: vec![PersonTables {
            name: "Eve\nMallory\tJones".into(),
            organisation: Some("<i>Org</i>".into()),
            tables: vec![Some("Table\n1".into())],
        }],
        generated: "Generated today".into(),
    };
    for (kind, render) in KINDS {
        let made = make(&doc, render, Paper::A4, kind);
        let (layout, _, pages) = check_pdf(&made, Paper::A4);
        assert_eq!(pages, 1, "{kind}: a line break in a name made a new page");
        assert!(layout.contains("<b>Café</b> Night"), "{kind}");
        assert!(
            layout.contains("Eve Mallory Jones"),
            "{kind}: the name was split"
        );
        assert!(layout.contains("Table 1"), "{kind}");
        if kind == "table-lists" {
            assert!(layout.contains("<script>alert(1)</script>"));
            assert!(layout.contains("%PDF-1.7 endobj (\\) <<>>"));
            assert!(layout.contains("Bobby'); DROP TABLE people;--"));
        } else {
            assert!(layout.contains("<i>Org</i>"));
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let doc = sample::cafe(60, 8, 3);
    for (kind, render) in KINDS {
        let a = render(&doc, Paper::A4).unwrap();
        let b = render(&doc, Paper::A4).unwrap();
        assert!(a == b, "{kind} differs between two runs");
        assert!(a.starts_with(b"%PDF-"));
        assert_ne!(a, render(&doc, Paper::Letter).unwrap());
    }
}

#[test]
fn an_empty_cafe_still_prints_a_page() {
    let doc = SeatingDoc {
        cafe_title: "Empty".into(),
        ..SeatingDoc::default()
    };
    for (kind, render) in KINDS {
        let made = make(&doc, render, Paper::Letter, kind);
        let (layout, _, pages) = check_pdf(&made, Paper::Letter);
        assert_eq!(pages, 1, "{kind}");
        assert!(layout.contains("Page 1 of 1"));
        assert!(layout.contains("Empty"));
    }
}

#[test]
fn oversized_content_breaks_across_pages_without_losing_text() {
    // One table with everyone at it, a huge topic and an organisation longer than a page.
    let people: Vec<String> = (0..200).map(|i| format!("Person Number {i:03}")).collect();
    let huge = (0..400)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = SeatingDoc {
        cafe_title: format!("Big {}", huge.repeat(3)),
        subtitle: String::new(),
        rounds: vec![RoundTables {
            number: 1,
            question: Some(huge.clone()),
            tables: vec![TableList {
                name: "Everyone".into(),
                topic: Some(huge.clone()),
                host: Some("Host Person".into()),
                people: people.clone(),
            }],
        }],
        people: vec![
            PersonTables {
                name: "Aa".into(),
                organisation: Some(huge.clone()),
                tables: vec![Some("Everyone".into())],
            },
            PersonTables {
                name: "Bb".into(),
                organisation: None,
                tables: vec![None],
            },
        ],
        generated: "g".into(),
    };
    for (kind, render) in KINDS {
        let made = make(&doc, render, Paper::A4, kind);
        let (_, raw, pages) = check_pdf(&made, Paper::A4);
        assert!(pages >= 2, "{kind}: {pages} pages");
        let raw = squash(&raw);
        // Every word is there, in order (a row split across pages has the repeated header row between its parts).
        let mut at = 0;
        for word in huge.split(' ') {
            let found = raw[at..]
                .find(&format!("{word}w"))
                .or_else(|| raw[at..].find(word));
            at += found.unwrap_or_else(|| panic!("{kind}: {word} is missing or out of order"));
        }
        if kind == "table-lists" {
            for person in &people {
                assert!(raw.contains(&squash(person)), "{person} is missing");
            }
        }
        assert!(raw.contains("word399"), "{kind}");
    }
}

#[test]
fn long_titles_wrap_and_running_lines_are_shortened() {
    let mut doc = sample::cafe(40, 6, 2);
    doc.cafe_title = "A Very Long Café Title That Goes On and On "
        .repeat(6)
        .trim()
        .to_string();
    doc.generated = "Generated 28 Nov 2026 19:40 · Knowledge Café 0.1.0 · ".repeat(5);
    doc.subtitle = String::new();
    for (kind, render) in KINDS {
        let made = make(&doc, render, Paper::A4, kind);
        let (layout, raw, pages) = check_pdf(&made, Paper::A4);
        assert!(pages >= 2, "{kind}");
        // The title block shows the whole title (wrapped); the running header and the footer are cut with "…".
        assert!(squash(&raw).contains(&squash(&doc.cafe_title)), "{kind}");
        assert!(
            layout
                .lines()
                .any(|l| l.trim_start().starts_with("A Very Long Café")
                    && l.trim_end().ends_with('…')),
            "{kind}: no shortened running header"
        );
        let footer = layout.lines().find(|l| l.contains("Page 1 of")).unwrap();
        assert!(footer.contains("…"), "{kind}: {footer:?}");
    }
}

// ---- table cards ----

/// Checks what every table cards PDF must be; returns the text of each page (`pdftotext -raw`).
fn check_cards(made: &Made, paper: Paper, cards: &TableCards) -> Vec<String> {
    let info = pdfinfo(&made.path);
    let pages: usize = info_field(&info, "Pages").parse().unwrap();
    assert_eq!(pages, cards.cards.len().max(1), "one page per table");
    assert_eq!(
        info_field(&info, "Title"),
        format!("Table cards — {}", cards.cafe_title.trim())
    );
    let fonts = poppler("pdffonts", &[], &made.path);
    for row in fonts.lines().skip(2) {
        assert!(row.contains("NotoSans"), "unexpected font: {row}");
    }
    // Every word is inside the margins (56 pt at the sides, 46 pt at the top and bottom).
    for (index, ((width, height), words)) in word_boxes(&made.path).into_iter().enumerate() {
        assert_eq!((width, height), paper_size(paper));
        for (text, [x0, y0, x1, y1]) in words {
            assert!(
                x0 >= 55.0 && x1 <= width - 55.0 && y0 >= 36.0 && y1 <= height - 40.0,
                "page {}: {text:?} at x {x0}..{x1}, y {y0}..{y1} is outside the margins",
                index + 1
            );
        }
    }
    let raw = poppler("pdftotext", &["-raw"], &made.path);
    let texts: Vec<String> = raw.split('\u{c}').map(str::to_string).collect();
    assert!(texts.len() >= pages);
    texts.into_iter().take(pages).collect()
}

/// Page `page` (1-based) as a grey picture at `dpi`: width, height, one byte a pixel (`pdftoppm -gray`).
fn page_picture(pdf: &Path, page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let page = page.to_string();
    let out = Command::new("pdftoppm")
        .args([
            "-gray",
            "-singlefile",
            "-r",
            &dpi.to_string(),
            "-f",
            &page,
            "-l",
            &page,
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // "P5", width, height, maximum value, each followed by one whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&pgm[start..at]).unwrap().to_string());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = pgm[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// The QR codes found on page `page`, decoded.
fn codes_on_page(pdf: &Path, page: usize, dpi: u32) -> Vec<String> {
    let (w, h, pixels) = page_picture(pdf, page, dpi);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .iter()
        .map(|grid| grid.decode().expect("the code decodes").1)
        .collect()
}

#[test]
fn table_cards_print_one_page_per_table_on_a4_and_letter() {
    let cards = sample::table_cards(6);
    for paper in [Paper::A4, Paper::Letter] {
        let made = keep(
            table_cards_pdf(&cards, paper).unwrap(),
            paper,
            "table-cards",
        );
        let pages = check_cards(&made, paper, &cards);
        for (text, card) in pages.iter().zip(&cards.cards) {
            let squashed = squash(text);
            assert!(
                text.starts_with(&format!("{}\n", cards.cafe_title)),
                "{text}"
            );
            assert!(squashed.contains(&squash(&card.table)), "{paper:?}: {text}");
            if let Some(topic) = &card.topic {
                assert!(squashed.contains(&squash(topic)), "{paper:?}: {text}");
            }
            assert!(squashed.contains(&card.url), "{paper:?}: {text}");
            assert!(text.contains(SCAN_CAPTION));
            assert!(text.contains(HOST_NOTE));
            // The name comes before the code's caption, the link after it.
            let caption = squashed.find(&squash(SCAN_CAPTION)).unwrap();
            assert!(squashed.find(&squash(&card.table)).unwrap() < caption);
            assert!(squashed.find(&card.url).unwrap() > caption);
        }
    }
}

#[test]
fn the_codes_on_the_cards_open_their_tables_links() {
    let cards = sample::table_cards(3);
    for paper in [Paper::A4, Paper::Letter] {
        let made = keep(table_cards_pdf(&cards, paper).unwrap(), paper, "codes");
        for (page, card) in cards.cards.iter().enumerate() {
            // 72 dpi: a module is about 8 pixels, a print or a phone's camera does better.
            assert_eq!(
                codes_on_page(&made.path, page + 1, 72),
                [card.url.as_str()],
                "{paper:?} page {}",
                page + 1
            );
        }
    }
}

#[test]
fn table_cards_with_the_longest_texts_stay_on_their_page() {
    let long_url = format!("{}/{}", sample::join_url(1), "x".repeat(300));
    let cards = TableCards {
        cafe_title: "A Very Long Café Title That Goes On and On ".repeat(5),
        cards: vec![
            TableCard {
                table: "W".repeat(100),
                topic: Some("Mmmmmmmmmm ".repeat(91)),
                url: long_url.clone(),
            },
            TableCard {
                table: sample::long_name().chars().take(100).collect(),
                topic: Some("Ж".repeat(1000)),
                url: sample::join_url(2),
            },
        ],
    };
    for paper in [Paper::A4, Paper::Letter] {
        let made = keep(table_cards_pdf(&cards, paper).unwrap(), paper, "long");
        let pages = check_cards(&made, paper, &cards);
        // Cut with "…" where they do not fit, but in order and from the start.
        assert!(squash(&pages[0]).contains(&"W".repeat(40)));
        assert!(pages[0].contains('…'));
        assert!(squash(&pages[1]).contains(&squash(&cards.cards[1].table)));
        // The codes hold the whole links.
        assert_eq!(codes_on_page(&made.path, 1, 150), [long_url.as_str()]);
        assert_eq!(codes_on_page(&made.path, 2, 72), [sample::join_url(2)]);
    }
}

#[test]
fn table_cards_show_markup_and_control_characters_as_text() {
    let cards = TableCards {
        cafe_title: "<b>Café</b> \u{202e}Night".into(),
        cards: vec![TableCard {
            table: "Table\n1\u{0}".into(),
            topic: Some("%PDF-1.7 endobj (\\) <<>>\t<script>".into()),
            url: sample::join_url(7),
        }],
    };
    let made = keep(
        table_cards_pdf(&cards, Paper::A4).unwrap(),
        Paper::A4,
        "markup",
    );
    let layout = poppler("pdftotext", &["-layout"], &made.path);
    assert!(layout.contains("<b>Café</b> Night"), "{layout}");
    assert!(layout.contains("Table 1"), "{layout}");
    assert!(
        layout.contains("%PDF-1.7 endobj (\\) <<>> <script>"),
        "{layout}"
    );
}

#[test]
fn no_tables_print_one_page_that_says_so() {
    let cards = TableCards {
        cafe_title: "Empty".into(),
        cards: Vec::new(),
    };
    let made = keep(
        table_cards_pdf(&cards, Paper::Letter).unwrap(),
        Paper::Letter,
        "empty",
    );
    let pages = check_cards(&made, Paper::Letter, &cards);
    assert!(pages[0].contains("No tables yet"), "{}", pages[0]);
    assert!(codes_on_page(&made.path, 1, 72).is_empty());
}

#[test]
fn table_cards_are_deterministic() {
    let cards = sample::table_cards(4);
    let a = table_cards_pdf(&cards, Paper::A4).unwrap();
    assert!(a == table_cards_pdf(&cards, Paper::A4).unwrap());
    assert!(a.starts_with(b"%PDF-"));
    assert_ne!(a, table_cards_pdf(&cards, Paper::Letter).unwrap());
}

// ---- the harvest (café summary) ----

use cafe_report::harvest::{self, Harvest};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown parsed as GitHub does (CommonMark + tables).
fn events(md: &str) -> Vec<Event<'_>> {
    Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect()
}

/// (level, text) of every heading.
fn headings(md: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for e in events(md) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// The text of every list item, as a reader sees it (soft and hard breaks as "\n").
fn list_items(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for e in events(md) {
        match e {
            Event::Start(Tag::Item) => {
                depth += 1;
                current.clear();
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                out.push(current.clone());
            }
            Event::Text(t) if depth > 0 => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => current.push('\n'),
            _ => {}
        }
    }
    out
}

#[test]
fn the_summary_in_markdown_has_its_structure_and_notes_stay_text() {
    let h: Harvest = sample::harvest(6, 3, 60, 4);
    let md = harvest::markdown(&h);
    let heads = headings(&md);
    let level1: Vec<&str> = heads
        .iter()
        .filter(|(l, _)| *l == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(level1, [h.title.as_str()], "one title");
    let level2: Vec<&str> = heads
        .iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        level2,
        [
            "Topics",
            "Common threads",
            "Threads by table",
            "Attendance",
            "Appendix: the notes of every table"
        ]
    );
    let level3: Vec<String> = heads
        .iter()
        .filter(|(l, _)| *l == 3)
        .map(|(_, t)| t.clone())
        .collect();
    for th in &h.threads {
        assert!(
            level3.contains(&th.title),
            "a heading for thread {:?}",
            th.title
        );
    }
    for t in &h.tables {
        assert!(
            level3.contains(&t.name),
            "an appendix heading for {:?}",
            t.name
        );
    }
    // No note can make HTML, a link, an image, code or emphasis.
    for e in events(&md) {
        match e {
            Event::Html(x) | Event::InlineHtml(x) => panic!("HTML came out of the Markdown: {x:?}"),
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link came out: {dest_url}"),
            Event::Start(Tag::Image { .. }) | Event::Code(_) => panic!("an image or code came out"),
            _ => {}
        }
    }
    // Every note of the appendix is an item whose text is the note (plus where it was written).
    let items = list_items(&md);
    for t in &h.tables {
        for q in &t.notes {
            let text: String = q
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                items.iter().any(|i| i.starts_with(&format!(
                    "{}{text} — round {}",
                    if q.starred { "★ " } else { "" },
                    q.round
                ))),
                "no item holds {text:?}"
            );
        }
    }
    let hostile: Vec<&str> = h
        .tables
        .iter()
        .flat_map(|t| &t.notes)
        .map(|q| q.text.as_str())
        .filter(|t| sample::HOSTILE_NOTES.contains(t))
        .collect();
    assert!(hostile.len() >= 3, "the sample holds hostile notes");
    for text in hostile {
        assert!(
            items
                .iter()
                .any(|i| i.contains(text.lines().next().unwrap())),
            "{text:?} is shown"
        );
    }
    // The matrix is a table of 1 + tables columns and one row per thread.
    let mut in_head = false;
    let (mut head_cells, mut rows) = (0, 0);
    for e in events(&md) {
        match e {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) if in_head => head_cells += 1,
            Event::Start(Tag::TableRow) => rows += 1,
            _ => {}
        }
    }
    assert_eq!(head_cells, 1 + h.tables.len());
    assert_eq!(rows, h.threads.len());
    // Names only when asked for.
    // (the organisation appears in the names list only)
    assert!(md.contains("Stadtbibliothek Köln"));
    let mut without = h.clone();
    without.sections.names = false;
    assert!(!harvest::markdown(&without).contains("Stadtbibliothek Köln"));
}

/// The header rows of the PDF's "Threads by table": on each page, the words on the line of a "Thread" word that
/// follows the heading, left to right.
fn matrix_headers(pdf: &Path) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seen_heading = false;
    for (_, words) in word_boxes(pdf) {
        for (i, (text, [_, y0, _, _])) in words.iter().enumerate() {
            if text == "Threads" && words.get(i + 2).is_some_and(|w| w.0 == "table") {
                seen_heading = true;
            }
            if seen_heading && text == "Thread" {
                let mut line: Vec<(f32, String)> = words
                    .iter()
                    .filter(|(_, b)| (b[1] - y0).abs() < 2.0)
                    .map(|(t, b)| (b[0], t.clone()))
                    .collect();
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                out.push(line.into_iter().map(|(_, t)| t).collect());
            }
        }
    }
    out
}

#[test]
fn a_congress_cafes_matrix_comes_in_parts_with_whole_names_and_numbers() {
    for (tables, parts) in [(1, 1), (13, 1), (14, 2), (25, 2), (53, 5)] {
        let h = sample::harvest(tables, 3, 10 * tables, 8);
        let made = keep(
            harvest::pdf(&h, Paper::A4).unwrap(),
            Paper::A4,
            &format!("matrix-{tables}"),
        );
        check_pdf(&made, Paper::A4);
        let mut headers = matrix_headers(&made.path);
        // A part that runs onto the next page repeats its header row there.
        headers.dedup();
        assert_eq!(headers.len(), parts, "{tables} tables: {headers:?}");
        // Every header row is "Thread" and its tables' numbers, each on one line; together every table once.
        let mut numbers = Vec::new();
        for row in &headers {
            assert_eq!(row[0], "Thread", "{row:?}");
            // As even as they can be: a part has ⌊tables / parts⌋ or one more.
            let even = tables / parts;
            assert!((even..=even + 1).contains(&(row.len() - 1)), "{row:?}");
            assert!(row.len() - 1 <= 13, "{row:?}");
            numbers.extend(row[1..].iter().map(|n| n.parse::<usize>().unwrap()));
        }
        assert_eq!(numbers, (1..=tables).collect::<Vec<_>>());
        if parts > 1 {
            let text = poppler("pdftotext", &["-raw"], &made.path);
            assert!(
                text.contains(&format!("Tables 1–{}", tables.div_ceil(parts))),
                "no part caption"
            );
        }
    }
}

#[test]
fn sections_can_be_left_out() {
    let mut h = sample::harvest(4, 2, 20, 2);
    h.sections.appendix = false;
    h.sections.matrix = false;
    h.sections.questions = false;
    let md = harvest::markdown(&h);
    let level2: Vec<String> = headings(&md)
        .into_iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(level2, ["Common threads", "Attendance"]);
    h.threads_found = false;
    h.threads.clear();
    assert!(harvest::markdown(&h).contains("have not been looked for yet"));
}

#[test]
fn the_summary_as_pdf_on_a4_and_letter() {
    let h = sample::harvest(20, 4, 600, 12);
    for paper in [Paper::A4, Paper::Letter] {
        let made = keep(harvest::pdf(&h, paper).unwrap(), paper, "harvest");
        let (layout, raw, pages) = check_pdf(&made, paper);
        assert!(pages >= 10, "{pages} pages");
        let text = squash(&raw);
        for th in &h.threads {
            assert!(text.contains(&squash(&th.title)), "thread {:?}", th.title);
        }
        for hostile in sample::HOSTILE_NOTES {
            for line in hostile.lines() {
                assert!(text.contains(&squash(line)), "{line:?} is printed as text");
            }
        }
        assert!(
            text.contains(&squash(sample::URL_TOPIC)),
            "a long URL is printed whole"
        );
        assert!(layout.contains("Threads by table"));
        assert!(text.contains(&squash("Ólafur Þórðarson")));
        assert!(text.contains("библиотека") && text.contains("βιβλιοθήκη"));
    }
}
