//! Table cards: one page per table with the QR code its host scans to write the table's notes from a phone.
//!
//! [`table_cards_pdf`] prints, on each page (A4 or US Letter, portrait), from top to bottom: the café's name,
//! small; the table's name, very large; the table's topic, if it has one; the QR code of the table's join link,
//! 10 cm wide, black on white inside its quiet zone; "Scan to write your table's notes" and the link itself, for
//! typing it in when scanning fails; and, at the foot, a line for the host to keep the card at the table.
//!
//! The page is not a flowing [`Document`](crate::Document) but a poster with a fixed shape, so it is set here
//! directly as drawing operations for `render` — centred lines shaped and broken by the same `fonts` and
//! `linebreak` code as every other report. Whatever its length, text never leaves its place: a table's name is
//! set on one line if that leaves it large, else on two lines, at worst on three in a smaller size; the topic
//! likewise; a link breaks anywhere. What still does not fit is cut with "…": table names of up to 100
//! characters (the longest the app allows) fit whole unless they are made of the widest letters, and a cut link
//! is only a hint, the code holds all of it. The code is 10 cm wide on every card of a document, less only when
//! some card's text needs the room (never below 9 cm, even for the longest texts the app allows).
//!
//! An empty list of cards gives one page saying that there are no tables yet, like the other reports of an empty
//! café, rather than an error: the caller always gets something printable.

use std::ops::Range;

use crate::ReportError;
use crate::doc::{Color, Paper, Style, Text};
use crate::fonts::{Fonts, Shaped};
use crate::layout::{Geometry, Layout, Op};
use crate::linebreak::Measure;
use crate::qr::QrMatrix;
use crate::render::write_pdf;

/// The table cards of one café.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableCards {
    /// The café's name, printed small at the top of every card.
    pub cafe_title: String,
    /// One card per table, in print order.
    pub cards: Vec<TableCard>,
}

/// One table's card.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableCard {
    /// The table's name, e.g. "Table 3" or "Oak".
    pub table: String,
    /// The topic discussed there, if any.
    pub topic: Option<String>,
    /// The link the QR code opens, e.g. `http://192.168.1.20:8765/join#…`.
    pub url: String,
}

/// The caption under the code.
pub const SCAN_CAPTION: &str = "Scan to write your table's notes";
/// The line for the host at the foot of every card.
pub const HOST_NOTE: &str =
    "Keep this card at the table. Anyone with this code can write this table's notes.";

const MARGIN_X: f32 = 56.0;
const MARGIN_Y: f32 = 46.0;
/// The preferred width of the code without its quiet zone: 10 cm.
const QR_SIDE: f32 = 100.0 / 25.4 * 72.0;

/// The sizes and line counts tried for the table's name, in order: one line as large as possible, then two
/// lines, then three at the smallest size (cut with "…" if even that does not do).
const NAME_FITS: [(f32, usize); 9] = [
    (72.0, 1),
    (60.0, 1),
    (50.0, 1),
    (42.0, 1),
    (50.0, 2),
    (42.0, 2),
    (34.0, 2),
    (28.0, 2),
    (24.0, 3),
];
/// The same for the topic.
const TOPIC_FITS: [(f32, usize); 3] = [(18.0, 3), (15.0, 3), (12.5, 5)];
const URL_LINES: usize = 3;

const CAFE_STYLE: Style = Style::regular(11.0).color(Color::MUTED);
const CAPTION_STYLE: Style = Style::bold(14.0);
const URL_STYLE: Style = Style::regular(10.0).color(Color::MUTED);
const NOTE_STYLE: Style = Style::regular(9.5).color(Color::MUTED);
/// The frame around the code's quiet zone and the rule above the note.
const RULE: Color = Color(0xc9, 0xcf, 0xd6);

/// Prints one card per table (see the module docs).
pub fn table_cards_pdf(cards: &TableCards, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let layout = layout_cards(cards, paper, &fonts)?;
    // The title a viewer shows, cleaned like every text on the page.
    let cafe = fonts.shape(&Text::new(&cards.cafe_title, CAFE_STYLE), false);
    let title = format!("Table cards — {}", cafe.text.trim());
    write_pdf(&title, &layout, &fonts)
}

/// Lines of one text, centred on the page.
struct Lines {
    text: usize,
    lines: Vec<Range<usize>>,
    line_h: f32,
    /// From the top of a line to its baseline.
    ascent: f32,
}

impl Lines {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_h
    }
}

/// A card with its text set, before the code is placed.
struct SetCard {
    cafe: Lines,
    name: Lines,
    /// The name as a bookmark.
    plain_name: String,
    topic: Option<Lines>,
    matrix: QrMatrix,
    caption: Lines,
    url: Lines,
    note: Lines,
}

struct Setter<'f> {
    fonts: &'f Fonts,
    g: Geometry,
    texts: Vec<Shaped>,
}

impl Setter<'_> {
    fn width(&self) -> f32 {
        self.g.width - 2.0 * MARGIN_X
    }

    /// Breaks `text` into centred lines, at most `max_lines` of them: a longer text is cut at a cluster boundary
    /// and ends with "…". A blank text has no lines.
    fn set(&mut self, text: &str, style: Style, leading: f32, max_lines: usize) -> Lines {
        let (shaped, lines) = self.break_text(text, style, max_lines);
        self.keep(shaped, lines, style.size, leading)
    }

    /// Shapes and breaks `text` for the page width; `None` when it needs more than `max_lines` lines.
    fn try_break(
        &self,
        text: &str,
        style: Style,
        max_lines: usize,
    ) -> Option<(Shaped, Vec<Range<usize>>)> {
        let shaped = self.fonts.shape(&Text::new(text, style), false);
        let lines = if shaped.text.trim().is_empty() {
            Vec::new()
        } else {
            shaped.lines(self.width())
        };
        (lines.len() <= max_lines).then_some((shaped, lines))
    }

    fn break_text(
        &self,
        text: &str,
        style: Style,
        max_lines: usize,
    ) -> (Shaped, Vec<Range<usize>>) {
        if let Some(fits) = self.try_break(text, style, max_lines) {
            return fits;
        }
        let shaped = self.fonts.shape(&Text::new(text, style), false);
        let lines = shaped.lines(self.width());
        // Cut after the last line that may be shown, then back off one cluster at a time until the text and
        // the ellipsis fit in `max_lines` lines (a cluster the width of a line at worst).
        let mut cut = lines[max_lines.max(1) - 1].end;
        loop {
            let cut_text = format!("{}…", shaped.text[..cut].trim_end());
            if let Some(fits) = self.try_break(&cut_text, style, max_lines) {
                return fits;
            }
            if cut == 0 {
                // Not even "…" fits (max_lines == 0): print nothing.
                let empty = self.fonts.shape(&Text::default(), false);
                return (empty, Vec::new());
            }
            cut -= 1;
            while cut > 0 && !(shaped.text.is_char_boundary(cut) && shaped.can_split(cut)) {
                cut -= 1;
            }
        }
    }

    fn keep(&mut self, shaped: Shaped, lines: Vec<Range<usize>>, size: f32, leading: f32) -> Lines {
        self.texts.push(shaped);
        let line_h = size * leading;
        Lines {
            text: self.texts.len() - 1,
            lines,
            line_h,
            ascent: (line_h + self.fonts.cap_height() * size) / 2.0,
        }
    }

    /// Sets a text at the first of `fits` (size, lines) at which it takes at most that many lines; at the last,
    /// cut with "…" when it still needs more.
    fn set_fitting(
        &mut self,
        text: &str,
        style: Style,
        leading: f32,
        fits: &[(f32, usize)],
    ) -> Lines {
        let (last, tries) = fits.split_last().expect("at least one size");
        for &(size, lines) in tries {
            let style = Style { size, ..style };
            if let Some((shaped, broken)) = self.try_break(text, style, lines) {
                return self.keep(shaped, broken, size, leading);
            }
        }
        let (size, lines) = *last;
        self.set(text, Style { size, ..style }, leading, lines)
    }

    fn set_card(&mut self, cafe_title: &str, card: &TableCard) -> Result<SetCard, ReportError> {
        let matrix = QrMatrix::encode(card.url.trim())?;
        // The name without control characters (and uncut), for the bookmark.
        let plain_name = self
            .fonts
            .shape(&Text::new(&card.table, Style::regular(1.0)), false)
            .text
            .trim()
            .to_string();
        Ok(SetCard {
            cafe: self.set(cafe_title, CAFE_STYLE, 1.3, 2),
            name: self.set_fitting(&card.table, Style::bold(0.0), 1.12, &NAME_FITS),
            plain_name,
            topic: card
                .topic
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|topic| {
                    self.set_fitting(
                        topic,
                        Style::regular(0.0).color(Color::MUTED),
                        1.3,
                        &TOPIC_FITS,
                    )
                }),
            matrix,
            caption: self.set(SCAN_CAPTION, CAPTION_STYLE, 1.3, 2),
            url: self.set(card.url.trim(), URL_STYLE, 1.3, URL_LINES),
            note: self.set(HOST_NOTE, NOTE_STYLE, 1.35, 2),
        })
    }
}

// Vertical spacing, in points.
const AFTER_CAFE: f32 = 26.0;
const BEFORE_TOPIC: f32 = 10.0;
/// At least this much between the text above or below and the code's quiet zone.
const AROUND_CODE: f32 = 12.0;
const AFTER_CODE: f32 = 4.0;
const AFTER_CAPTION: f32 = 3.0;
/// From the rule above the note to the note.
const ABOVE_NOTE: f32 = 9.0;

/// The fixed parts of a card: the top part (café, name, topic) ends at `top_end`, the note at the foot starts at
/// `note_top`; the middle part (the code in its quiet zone, the caption, the link) goes between them.
struct Frame {
    top_end: f32,
    note_top: f32,
}

impl SetCard {
    fn frame(&self, g: &Geometry) -> Frame {
        let mut y = MARGIN_Y + self.cafe.height() + AFTER_CAFE + self.name.height();
        if let Some(topic) = &self.topic {
            y += BEFORE_TOPIC + topic.height();
        }
        Frame {
            top_end: y,
            note_top: g.height - MARGIN_Y - self.note.height(),
        }
    }

    /// The code with its quiet zone as a multiple of the code's width.
    fn boxed(&self) -> f32 {
        1.0 + 2.0 * QrMatrix::QUIET_ZONE as f32 / self.matrix.width as f32
    }

    fn below_code(&self) -> f32 {
        AFTER_CODE + self.caption.height() + AFTER_CAPTION + self.url.height()
    }

    /// The widest the code can be on this card: the room between the top part and the note.
    fn max_side(&self, g: &Geometry) -> f32 {
        let f = self.frame(g);
        let room = f.note_top - f.top_end - 2.0 * AROUND_CODE - self.below_code();
        let by_height = room / self.boxed();
        let by_width = (g.width - 2.0 * MARGIN_X) / self.boxed();
        by_height.min(by_width)
    }
}

struct Page<'a> {
    ops: Vec<Op>,
    g: Geometry,
    texts: &'a [Shaped],
}

impl Page<'_> {
    /// Draws `lines` centred, starting at `top`; returns the y below them.
    fn centred(&mut self, lines: &Lines, top: f32) -> f32 {
        let shaped = &self.texts[lines.text];
        for (i, range) in lines.lines.iter().enumerate() {
            let w = shaped.width(range.clone());
            self.ops.push(Op::Text {
                x: (self.g.width - w) / 2.0,
                baseline: top + i as f32 * lines.line_h + lines.ascent,
                text: lines.text,
                range: range.clone(),
            });
        }
        top + lines.height()
    }

    fn short_rule(&mut self, y: f32) {
        let half = 18.0;
        self.ops.push(Op::Line {
            x1: self.g.width / 2.0 - half,
            y1: y,
            x2: self.g.width / 2.0 + half,
            y2: y,
            width: 1.2,
            color: Color::ACCENT,
        });
    }

    fn card(&mut self, card: &SetCard, side: f32) {
        let g = self.g;
        let frame = card.frame(&g);
        let mut y = self.centred(&card.cafe, MARGIN_Y);
        self.short_rule(y + AFTER_CAFE / 2.0);
        y = self.centred(&card.name, y + AFTER_CAFE);
        if let Some(topic) = &card.topic {
            self.centred(topic, y + BEFORE_TOPIC);
        }

        // The middle part, centred between the top part and the note.
        let boxed = side * card.boxed();
        let middle = boxed + card.below_code();
        let room = frame.note_top - frame.top_end - 2.0 * AROUND_CODE;
        let box_top = frame.top_end + AROUND_CODE + ((room - middle) / 2.0).max(0.0);
        let box_left = (g.width - boxed) / 2.0;
        self.ops.push(Op::Rect {
            x: box_left,
            y: box_top,
            w: boxed,
            h: boxed,
            fill: Some(Color::WHITE),
            stroke: Some(RULE),
        });
        let module = side / card.matrix.width as f32;
        let quiet = module * QrMatrix::QUIET_ZONE as f32;
        self.ops.push(Op::Qr {
            x: box_left + quiet,
            y: box_top + quiet,
            module,
            matrix: card.matrix.clone(),
        });
        let y = self.centred(&card.caption, box_top + boxed + AFTER_CODE);
        self.centred(&card.url, y + AFTER_CAPTION);

        self.ops.push(Op::Line {
            x1: MARGIN_X,
            y1: frame.note_top - ABOVE_NOTE,
            x2: g.width - MARGIN_X,
            y2: frame.note_top - ABOVE_NOTE,
            width: 0.5,
            color: RULE,
        });
        self.centred(&card.note, frame.note_top);
    }
}

/// Lays out every card (or the page for no cards).
fn layout_cards(cards: &TableCards, paper: Paper, fonts: &Fonts) -> Result<Layout, ReportError> {
    let g = Geometry::new(paper);
    let mut setter = Setter {
        fonts,
        g,
        texts: Vec::new(),
    };
    let set = cards
        .cards
        .iter()
        .map(|card| setter.set_card(&cards.cafe_title, card))
        .collect::<Result<Vec<_>, _>>()?;
    if set.is_empty() {
        return Ok(empty_layout(&cards.cafe_title, setter));
    }
    // One size for the code on every card of the document.
    let side = set
        .iter()
        .map(|card| card.max_side(&g))
        .fold(QR_SIDE, f32::min)
        .max(1.0);
    let mut pages = Vec::with_capacity(set.len());
    let mut bookmarks = Vec::with_capacity(set.len());
    for (index, card) in set.iter().enumerate() {
        let mut page = Page {
            ops: Vec::new(),
            g,
            texts: &setter.texts,
        };
        page.card(card, side);
        pages.push(page.ops);
        if !card.plain_name.is_empty() {
            bookmarks.push((card.plain_name.clone(), index, 0.0));
        }
    }
    Ok(Layout {
        geometry: g,
        texts: setter.texts,
        pages,
        bookmarks,
    })
}

/// The one page printed when there are no cards.
fn empty_layout(cafe_title: &str, mut setter: Setter) -> Layout {
    let g = setter.g;
    let cafe = setter.set(cafe_title, CAFE_STYLE, 1.3, 2);
    let heading = setter.set("No tables yet", Style::bold(28.0), 1.2, 1);
    let body = setter.set(
        "Add tables to the café, then print their cards: one page per table, with the QR code its host scans \
         to write the table's notes.",
        Style::regular(12.0).color(Color::MUTED),
        1.35,
        4,
    );
    let mut page = Page {
        ops: Vec::new(),
        g,
        texts: &setter.texts,
    };
    let mut y = page.centred(&cafe, MARGIN_Y);
    page.short_rule(y + AFTER_CAFE / 2.0);
    y = page.centred(&heading, y + AFTER_CAFE);
    page.centred(&body, y + 10.0);
    let ops = page.ops;
    Layout {
        geometry: g,
        texts: setter.texts,
        pages: vec![ops],
        bookmarks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CM: f32 = 72.0 / 2.54;

    /// A box: left, top, right, bottom.
    type Box4 = [f32; 4];

    fn overlaps(a: Box4, b: Box4) -> bool {
        a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
    }

    /// What is on a page: each text line with its box, and the code's box (quiet zone included) and width.
    type PageBoxes = (Vec<(String, Box4)>, Option<(Box4, f32)>);

    /// The boxes of the text lines (with the font's ascender and descender) and of the code with its quiet zone
    /// on each page, and the code's width without it.
    fn boxes(layout: &Layout) -> Vec<PageBoxes> {
        layout
            .pages
            .iter()
            .map(|ops| {
                let mut texts = Vec::new();
                let mut code = None;
                for op in ops {
                    match op {
                        Op::Text {
                            x,
                            baseline,
                            text,
                            range,
                        } => {
                            let shaped = &layout.texts[*text];
                            let size = shaped.max_size();
                            let w = shaped.range_width(range.clone());
                            texts.push((
                                shaped.text[range.clone()].to_string(),
                                [*x, baseline - 1.07 * size, x + w, baseline + 0.3 * size],
                            ));
                        }
                        Op::Qr {
                            x,
                            y,
                            module,
                            matrix,
                        } => {
                            let side = module * matrix.width as f32;
                            let quiet = module * QrMatrix::QUIET_ZONE as f32;
                            code = Some((
                                [x - quiet, y - quiet, x + side + quiet, y + side + quiet],
                                side,
                            ));
                        }
                        _ => {}
                    }
                }
                (texts, code)
            })
            .collect()
    }

    /// Lays out `cards` and checks that every page has its code at least 9 cm wide, with nothing in its quiet
    /// zone, and that all text stays inside the margins; returns the text lines of each page.
    fn check_fits(cards: &TableCards, paper: Paper) -> Vec<Vec<String>> {
        let fonts = Fonts::load().unwrap();
        let layout = layout_cards(cards, paper, &fonts).unwrap();
        let (w, h) = paper.size_pt();
        let inside = [
            MARGIN_X - 0.5,
            MARGIN_Y - 12.0,
            w - MARGIN_X + 0.5,
            h - MARGIN_Y + 6.0,
        ];
        assert_eq!(layout.pages.len(), cards.cards.len().max(1));
        boxes(&layout)
            .into_iter()
            .enumerate()
            .map(|(page, (texts, code))| {
                if !cards.cards.is_empty() {
                    let (code, side) = code.expect("a code on every card");
                    assert!(
                        side >= 9.0 * CM - 0.01,
                        "page {page}: the code is {} cm",
                        side / CM
                    );
                    assert!(side <= 10.0 * CM + 0.01);
                    assert!(code[0] >= inside[0] && code[2] <= inside[2], "page {page}");
                    for (text, b) in &texts {
                        assert!(!overlaps(*b, code), "page {page}: {text:?} is in the code");
                    }
                }
                for (text, b) in &texts {
                    assert!(
                        b[0] >= inside[0]
                            && b[1] >= inside[1]
                            && b[2] <= inside[2]
                            && b[3] <= inside[3],
                        "page {page}: {text:?} at {b:?} is outside {inside:?}"
                    );
                }
                texts.into_iter().map(|(t, _)| t).collect()
            })
            .collect()
    }

    fn card(table: &str, topic: Option<&str>, url: &str) -> TableCards {
        TableCards {
            cafe_title: "Café".into(),
            cards: vec![TableCard {
                table: table.into(),
                topic: topic.map(str::to_string),
                url: url.into(),
            }],
        }
    }

    const URL: &str = "http://192.168.1.20:8765/join#AbC-dEf_GhIjKlMnOpQrStUvWxYz0123";

    #[test]
    fn the_sample_fits_on_both_papers() {
        for paper in [Paper::A4, Paper::Letter] {
            let pages = check_fits(&crate::sample::table_cards(6), paper);
            for lines in &pages {
                assert_eq!(lines.first().unwrap(), "Knowledge Café: Learning Together");
                assert!(lines.iter().any(|l| l == SCAN_CAPTION));
                assert_eq!(lines.last().unwrap(), HOST_NOTE);
                assert!(!lines.iter().any(|l| l.contains('…')), "{lines:?}");
            }
        }
    }

    #[test]
    fn the_longest_texts_are_wrapped_or_cut_but_never_overflow() {
        let worst_name = "W".repeat(100);
        let worst_topic = "Mmmmmmmmmm ".repeat(91); // 1,001 characters
        let long_url = format!("{URL}{}", "x".repeat(600));
        let no_spaces = "Ж".repeat(1000);
        let title = "Α Very Long Café Title ".repeat(12);
        for paper in [Paper::A4, Paper::Letter] {
            for (name, topic, url) in [
                (
                    worst_name.as_str(),
                    Some(worst_topic.as_str()),
                    long_url.as_str(),
                ),
                (worst_name.as_str(), Some(no_spaces.as_str()), URL),
                (
                    &sample_long_name(),
                    Some(worst_topic.as_str()),
                    &long_url[..200],
                ),
                ("", Some("   "), URL),
            ] {
                let mut cards = card(name, topic, url);
                cards.cafe_title = title.clone();
                let pages = check_fits(&cards, paper);
                // The URL is printed in full or cut with "…", never changed.
                let printed: String = pages[0]
                    .iter()
                    .skip_while(|l| l.as_str() != SCAN_CAPTION)
                    .skip(1)
                    .take_while(|l| l.as_str() != HOST_NOTE)
                    .map(String::as_str)
                    .collect();
                let shown = printed.trim_end_matches('…');
                assert!(url.starts_with(shown) && shown.len() > 30, "{printed:?}");
            }
        }
    }

    fn sample_long_name() -> String {
        crate::sample::long_name().chars().take(100).collect()
    }

    /// The (size, lines) a table name is set in on A4, and whether it was cut.
    fn check_name(name: &str, size: f32, lines: usize, cut: bool) {
        let fonts = Fonts::load().unwrap();
        let mut setter = Setter {
            fonts: &fonts,
            g: Geometry::new(Paper::A4),
            texts: Vec::new(),
        };
        let set = setter.set_fitting(name, Style::bold(0.0), 1.12, &NAME_FITS);
        let shaped = &setter.texts[set.text];
        assert_eq!(
            (
                shaped.max_size(),
                set.lines.len(),
                shaped.text.ends_with('…')
            ),
            (size, lines, cut),
            "{name:?}"
        );
    }

    #[test]
    fn names_are_as_large_as_they_can_be() {
        check_name("Table 1", 72.0, 1, false);
        check_name("Τραπέζι 4 · Стол 4", 50.0, 1, false);
        check_name("By the Window", 60.0, 1, false);
        check_name("Table by the Window", 42.0, 1, false);
        check_name("The Long Table by the Window", 50.0, 2, false);
        check_name(
            "The Long Table by the Window Overlooking the Old Harbour",
            28.0,
            2,
            false,
        );
        check_name(&sample_long_name(), 24.0, 3, false);
        check_name(&"W".repeat(100), 24.0, 3, true);
    }

    #[test]
    fn a_cut_text_ends_with_an_ellipsis_and_keeps_its_start() {
        let fonts = Fonts::load().unwrap();
        let mut setter = Setter {
            fonts: &fonts,
            g: Geometry::new(Paper::A4),
            texts: Vec::new(),
        };
        let text = "one two three four five six seven eight nine ten ".repeat(40);
        let set = setter.set(&text, Style::regular(12.0), 1.3, 2);
        assert_eq!(set.lines.len(), 2);
        let shaped = &setter.texts[set.text];
        assert!(shaped.text.ends_with('…'));
        assert!(text.starts_with(shaped.text.trim_end_matches('…')));
        // Control characters are dropped, as everywhere.
        let set = setter.set("Oak\u{0}\u{202e}\ntree", Style::regular(12.0), 1.3, 2);
        assert_eq!(setter.texts[set.text].text, "Oak tree");
        assert_eq!(set.lines.len(), 1);
    }

    #[test]
    fn no_cards_give_one_explanatory_page() {
        let pages = check_fits(
            &TableCards {
                cafe_title: "Empty café".into(),
                cards: Vec::new(),
            },
            Paper::A4,
        );
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0][0], "Empty café");
        assert_eq!(pages[0][1], "No tables yet");
    }

    #[test]
    fn a_link_too_long_for_a_code_is_an_error() {
        let url = format!("http://x/{}", "a".repeat(3000));
        let err = table_cards_pdf(&card("Oak", None, &url), Paper::A4).unwrap_err();
        assert!(matches!(err, ReportError::QrTooLong { .. }), "{err}");
    }
}
