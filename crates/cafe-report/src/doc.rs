//! The document model: what a report is made of, independent of how it is laid out or written.
//!
//! A [`Document`] is a paper size, a title, a footer line and a list of [`Block`]s — a title block, headings,
//! paragraphs, tables and grids of cards. [`render`](crate::render) lays the blocks out on pages (breaking lines
//! and pages, repeating table header rows, numbering the pages) and writes the PDF.
//!
//! Every piece of text is a [`Text`]: one or more [`Span`]s, each with its own [`Style`]. Text is always data —
//! control characters and bidirectional overrides are dropped, and nothing inside a string can start a new block,
//! a new row or a new page.

/// The paper a document is printed on (portrait).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm (595.28 × 841.89 pt).
    A4,
    /// US Letter, 8.5 × 11 in (612 × 792 pt).
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// Body text: a very dark blue-grey rather than pure black.
    pub const TEXT: Color = Color(0x1d, 0x23, 0x2b);
    /// Secondary text (topics, notes, the footer).
    pub const MUTED: Color = Color(0x5b, 0x64, 0x70);
    /// The one accent colour (labels, group rows, rules under the title).
    pub const ACCENT: Color = Color(0x2b, 0x5a, 0x87);
    /// Text on a dark fill (table header rows).
    pub const WHITE: Color = Color(0xff, 0xff, 0xff);
    /// Pure black, for QR codes (which scan best at full contrast).
    pub const BLACK: Color = Color(0, 0, 0);
}

/// The weight of the embedded font to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
}

/// How a span of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Regular or bold.
    pub weight: Weight,
    /// Text colour.
    pub color: Color,
}

impl Style {
    /// Regular body text of the given size.
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Regular,
            color: Color::TEXT,
        }
    }

    /// Bold text of the given size.
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Bold,
            color: Color::TEXT,
        }
    }

    /// The same style in another colour.
    pub const fn color(self, color: Color) -> Style {
        Style { color, ..self }
    }
}

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The text; any string is accepted (see the module docs).
    pub text: String,
    /// How it looks.
    pub style: Style,
}

/// Text made of styled spans, laid out as one paragraph (lines are broken to fit the width it gets).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Text {
    /// The spans in reading order.
    pub spans: Vec<Span>,
}

impl Text {
    /// Text in a single style.
    pub fn new(text: impl Into<String>, style: Style) -> Text {
        Text {
            spans: vec![Span {
                text: text.into(),
                style,
            }],
        }
    }

    /// Appends a span (builder style).
    pub fn and(mut self, text: impl Into<String>, style: Style) -> Text {
        self.spans.push(Span {
            text: text.into(),
            style,
        });
        self
    }
}

/// The level of a heading. Level-1 headings also become bookmarks in the PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeadingLevel {
    /// A section (e.g. a round).
    H1,
    /// A subsection.
    H2,
}

/// How wide a table column is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Width {
    /// As wide as its widest cell (header included), but at most an equal share of the table width.
    Fit,
    /// A share of the width left over by the `Fit` columns, proportional to the number given.
    Share(f32),
}

/// A table column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The text of the header row (repeated at the top of every page the table continues on).
    pub header: String,
    /// How wide it is.
    pub width: Width,
}

/// A table row.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// One cell per column.
    Cells(Vec<Text>),
    /// A full-width group separator (e.g. the letter "A" in an alphabetical list). It is kept with the row after
    /// it, and restarts the row striping.
    Group(Text),
}

/// A table that breaks across pages between rows (and, for a row taller than a page, inside it), repeating its
/// header row on every page.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The columns; every [`Row::Cells`] must have exactly this many cells.
    pub columns: Vec<Column>,
    /// The rows in order.
    pub rows: Vec<Row>,
    /// Shade every other row, which helps the eye follow a row across a wide table.
    pub striped: bool,
}

/// One item in the body of a [`Card`].
#[derive(Clone, Debug, PartialEq)]
pub enum CardItem {
    /// A paragraph.
    Text(Text),
    /// A thin horizontal rule.
    Rule,
    /// Vertical space in points.
    Space(f32),
}

/// A bordered box with a shaded title band and a body.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The title shown in the band.
    pub title: Text,
    /// The body, top to bottom.
    pub body: Vec<CardItem>,
}

/// Cards in a grid of equal-width columns, filled row by row; a row of cards is kept on one page when it fits.
#[derive(Clone, Debug, PartialEq)]
pub struct Cards {
    /// Number of columns (at least 1).
    pub columns: usize,
    /// The cards in reading order.
    pub cards: Vec<Card>,
}

/// A piece of a document, laid out top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The title block that opens a document: a small label above, a large title, a subtitle under it.
    TitleBlock {
        /// e.g. "Table lists".
        label: String,
        /// e.g. the café's name.
        title: String,
        /// e.g. date · place.
        subtitle: String,
    },
    /// A heading; it is never left alone at the bottom of a page.
    Heading {
        /// Its text.
        text: String,
        /// Its level.
        level: HeadingLevel,
    },
    /// A paragraph; `\n` in it is a line break.
    Paragraph(Text),
    /// A table.
    Table(Table),
    /// A grid of cards.
    Cards(Cards),
    /// Vertical space in points (dropped at the top of a page).
    Space(f32),
    /// Continue on a new page (ignored when the current page is still empty).
    PageBreak,
    /// The line printed at the top of every page started after this block (not on the first page).
    RunningHeader(String),
}

/// A whole document: what [`render`](crate::render) turns into a PDF.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The PDF's title (shown by viewers in the window title).
    pub title: String,
    /// The paper size.
    pub paper: Paper,
    /// A line at the bottom left of every page (e.g. when and by what it was generated); "Page N of M" is at
    /// the bottom right.
    pub footer: String,
    /// The content.
    pub blocks: Vec<Block>,
}
