//! Page layout: turns a [`Document`] into pages of positioned drawing operations.
//!
//! Layout runs in two steps. *Prepare* shapes every text and breaks it into lines for the width it gets (table
//! columns are sized first), so the height of every paragraph, row and card is known. *Paginate* then places the
//! blocks top to bottom, starting a new page when the next piece does not fit: paragraphs break between lines,
//! tables between rows (repeating the header row; a row taller than a page breaks between its lines), rows of
//! cards move to the next page whole (a card taller than a page continues on the next). Headings and table group
//! rows are kept with what follows them. Finally every page gets its running header and its "Page N of M" footer.
//!
//! Coordinates are PDF points with the origin at the top left of the page and y growing downwards.

use std::ops::Range;

use crate::ReportError;
use crate::doc::{
    Block, Card, CardItem, Cards, Color, Document, HeadingLevel, Row, Style, Table, Text, Width,
};
use crate::fonts::{Fonts, Shaped};
use crate::linebreak::Measure;
use crate::qr::QrMatrix;

// Colours of the furniture (text colours are in `Color`).
const RULE: Color = Color(0xc9, 0xcf, 0xd6);
const HAIRLINE: Color = Color(0xdd, 0xe1, 0xe6);
const HEADER_FILL: Color = Color(0x2f, 0x3e, 0x4e);
const STRIPE_FILL: Color = Color(0xf2, 0xf4, 0xf7);
const GROUP_FILL: Color = Color(0xe3, 0xea, 0xf2);
const BAND_FILL: Color = Color(0xe9, 0xee, 0xf3);
const CARD_BORDER: Color = Color(0xb9, 0xc2, 0xcc);

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;
const HEADING_LEADING: f32 = 1.2;
/// Tighter lines inside cards (lists of names).
const CARD_LEADING: f32 = 1.25;

const CELL_PAD_X: f32 = 6.0;
const CELL_PAD_Y: f32 = 4.0;
const CARD_GAP: f32 = 10.0;
const CARD_PAD: f32 = 7.0;
const BAND_PAD_Y: f32 = 4.5;
const CARD_RULE_H: f32 = 8.0;

const TABLE_HEADER_STYLE: Style = Style::bold(9.5).color(Color::WHITE);
const RUNNING_STYLE: Style = Style::regular(8.5).color(Color::MUTED);
const FOOTER_STYLE: Style = Style::regular(8.0).color(Color::MUTED);

/// Where things go on a page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    header_baseline: f32,
    header_rule: f32,
    footer_rule: f32,
    footer_baseline: f32,
}

impl Geometry {
    pub(crate) fn new(paper: crate::Paper) -> Geometry {
        let (width, height) = paper.size_pt();
        let margin_x = 50.0;
        Geometry {
            width,
            height,
            left: margin_x,
            right: width - margin_x,
            top: 60.0,
            bottom: height - 60.0,
            header_baseline: 36.0,
            header_rule: 42.0,
            footer_rule: height - 44.0,
            footer_baseline: height - 30.0,
        }
    }

    fn content_width(&self) -> f32 {
        self.right - self.left
    }

    fn capacity(&self) -> f32 {
        self.bottom - self.top
    }
}

/// One drawing operation.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// One line of text: `range` of `Layout::texts[text]`, starting at `x` on the baseline `baseline`.
    Text {
        x: f32,
        baseline: f32,
        text: usize,
        range: Range<usize>,
    },
    /// A rectangle, filled and/or stroked with a 0.6 pt line.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Color>,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    /// A QR code's dark modules in black, its top left corner at `x`, `y`, `module` points a module (the quiet
    /// zone around it is left to whoever places it).
    Qr {
        x: f32,
        y: f32,
        module: f32,
        matrix: QrMatrix,
    },
}

/// A laid-out document.
pub(crate) struct Layout {
    pub geometry: Geometry,
    /// Every shaped text the pages refer to.
    pub texts: Vec<Shaped>,
    /// The pages, each a list of operations in painting order.
    pub pages: Vec<Vec<Op>>,
    /// Level-1 headings: text, page index, y.
    pub bookmarks: Vec<(String, usize, f32)>,
}

/// Lays out a whole document.
pub(crate) fn layout(doc: &Document, fonts: &Fonts) -> Result<Layout, ReportError> {
    let geometry = Geometry::new(doc.paper);
    let mut pager = Pager {
        fonts,
        g: geometry,
        texts: Vec::new(),
        pages: Vec::new(),
        headers: Vec::new(),
        page: 0,
        y: geometry.top,
        pending: 0.0,
        header: None,
        bookmarks: Vec::new(),
    };
    let prepared = doc
        .blocks
        .iter()
        .map(|b| pager.prepare(b))
        .collect::<Result<Vec<_>, _>>()?;
    pager.new_page();
    for (i, block) in prepared.iter().enumerate() {
        pager.place(block, prepared.get(i + 1));
    }
    pager.finish(&doc.footer);
    Ok(Layout {
        geometry,
        texts: pager.texts,
        pages: pager.pages,
        bookmarks: pager.bookmarks,
    })
}

/// A text broken into lines.
#[derive(Clone, Debug)]
struct Para {
    text: usize,
    lines: Vec<Range<usize>>,
    line_h: f32,
    /// From the top of a line to its baseline.
    ascent: f32,
}

impl Para {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_h
    }
}

#[derive(Clone, Debug)]
struct PRow {
    cells: Vec<Para>,
    /// Per cell, how far its first line is moved down so that all first baselines line up.
    offsets: Vec<f32>,
    height: f32,
}

#[derive(Clone, Debug)]
enum PTableRow {
    Cells(PRow),
    Group(Para, f32),
}

#[derive(Clone, Debug)]
struct PTable {
    xs: Vec<f32>,
    header: PRow,
    rows: Vec<PTableRow>,
    striped: bool,
}

impl PTable {
    /// The header row, plus the first row and the group rows before it: what must not be left alone at the
    /// bottom of a page.
    fn lead_height(&self) -> f32 {
        let mut h = self.header.height;
        for row in &self.rows {
            match row {
                PTableRow::Group(_, gh) => h += gh,
                PTableRow::Cells(r) => return h + r.height,
            }
        }
        h
    }
}

#[derive(Clone, Debug)]
enum PCardItem {
    /// Line `.1` of paragraph `.0` of the card.
    Line(usize, usize),
    Rule,
    Space(f32),
}

#[derive(Clone, Debug)]
struct PCard {
    title: Para,
    band_h: f32,
    paras: Vec<Para>,
    items: Vec<PCardItem>,
    height: f32,
}

#[derive(Clone, Debug)]
struct PCards {
    columns: usize,
    card_w: f32,
    cards: Vec<PCard>,
}

#[derive(Clone, Debug)]
enum Prepared {
    Title {
        label: Para,
        title: Para,
        subtitle: Para,
    },
    Heading {
        text: Para,
        level: HeadingLevel,
        plain: String,
    },
    Paragraph(Para),
    Table(PTable),
    Cards(PCards),
    Space(f32),
    PageBreak,
    RunningHeader(String),
}

struct Pager<'f> {
    fonts: &'f Fonts,
    g: Geometry,
    texts: Vec<Shaped>,
    pages: Vec<Vec<Op>>,
    /// The running header of each page.
    headers: Vec<Option<String>>,
    /// The page being filled.
    page: usize,
    y: f32,
    /// Space to add before the next thing placed, unless it goes to the top of a page.
    pending: f32,
    header: Option<String>,
    bookmarks: Vec<(String, usize, f32)>,
}

impl Pager<'_> {
    // ---- prepare ----

    /// Shapes a text and keeps it; returns its index in `texts` and its font size.
    fn shape(&mut self, text: &Text, hard_breaks: bool) -> (usize, f32) {
        let shaped = self.fonts.shape(text, hard_breaks);
        let size = text
            .spans
            .iter()
            .map(|s| s.style.size)
            .fold(shaped.max_size(), f32::max)
            .max(1.0);
        self.texts.push(shaped);
        (self.texts.len() - 1, size)
    }

    /// Breaks a shaped text into lines.
    fn break_shaped(&self, (text, size): (usize, f32), width: f32, leading: f32) -> Para {
        let shaped = &self.texts[text];
        // A blank text takes no room (an empty subtitle, an empty cell).
        let lines = if shaped.text.trim().is_empty() {
            Vec::new()
        } else {
            shaped.lines(width.max(1.0))
        };
        let line_h = size * leading;
        let ascent = (line_h + self.fonts.cap_height() * size) / 2.0;
        Para {
            text,
            lines,
            line_h,
            ascent,
        }
    }

    fn para(&mut self, text: &Text, width: f32, leading: f32, hard_breaks: bool) -> Para {
        let shaped = self.shape(text, hard_breaks);
        self.break_shaped(shaped, width, leading)
    }

    fn prepare(&mut self, block: &Block) -> Result<Prepared, ReportError> {
        let w = self.g.content_width();
        Ok(match block {
            Block::TitleBlock {
                label,
                title,
                subtitle,
            } => Prepared::Title {
                label: self.para(
                    &Text::new(label, Style::bold(9.5).color(Color::ACCENT)),
                    w,
                    LEADING,
                    false,
                ),
                title: self.para(
                    &Text::new(title, Style::bold(22.0)),
                    w,
                    HEADING_LEADING,
                    false,
                ),
                subtitle: self.para(
                    &Text::new(subtitle, Style::regular(11.0).color(Color::MUTED)),
                    w,
                    LEADING,
                    false,
                ),
            },
            Block::Heading { text, level } => {
                let style = match level {
                    HeadingLevel::H1 => Style::bold(16.0),
                    HeadingLevel::H2 => Style::bold(12.5).color(Color::ACCENT),
                };
                let para = self.para(&Text::new(text, style), w, HEADING_LEADING, false);
                let plain = self.texts[para.text].text.clone();
                Prepared::Heading {
                    text: para,
                    level: *level,
                    plain,
                }
            }
            Block::Paragraph(text) => Prepared::Paragraph(self.para(text, w, LEADING, true)),
            Block::Table(table) => Prepared::Table(self.prepare_table(table)?),
            Block::Cards(cards) => Prepared::Cards(self.prepare_cards(cards)?),
            Block::Space(h) => Prepared::Space(h.max(0.0)),
            Block::PageBreak => Prepared::PageBreak,
            Block::RunningHeader(text) => Prepared::RunningHeader(text.clone()),
        })
    }

    fn prepare_row(&self, cells: &[(usize, f32)], widths: &[f32]) -> PRow {
        let cells: Vec<Para> = cells
            .iter()
            .zip(widths)
            .map(|(&t, w)| self.break_shaped(t, w - 2.0 * CELL_PAD_X, LEADING))
            .collect();
        // Align the first baselines of the cells (their font sizes may differ).
        let ascent = cells.iter().map(|c| c.ascent).fold(0.0, f32::max);
        let offsets: Vec<f32> = cells.iter().map(|c| ascent - c.ascent).collect();
        let height = cells
            .iter()
            .zip(&offsets)
            .map(|(c, o)| o + c.height())
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD_Y;
        PRow {
            cells,
            offsets,
            height,
        }
    }

    fn prepare_table(&mut self, table: &Table) -> Result<PTable, ReportError> {
        let n = table.columns.len();
        if n == 0 {
            return Err(ReportError::InvalidDocument(
                "a table needs at least one column".into(),
            ));
        }
        for row in &table.rows {
            if let Row::Cells(cells) = row
                && cells.len() != n
            {
                return Err(ReportError::InvalidDocument(format!(
                    "a table row has {} cells for {n} columns",
                    cells.len()
                )));
            }
        }
        let total = self.g.content_width();
        let header: Vec<(usize, f32)> = table
            .columns
            .iter()
            .map(|c| self.shape(&Text::new(&c.header, TABLE_HEADER_STYLE), false))
            .collect();
        enum ShapedRow {
            Cells(Vec<(usize, f32)>),
            Group(usize, f32),
        }
        let rows: Vec<ShapedRow> = table
            .rows
            .iter()
            .map(|row| match row {
                Row::Cells(cells) => {
                    ShapedRow::Cells(cells.iter().map(|c| self.shape(c, false)).collect())
                }
                Row::Group(text) => {
                    let (t, size) = self.shape(text, false);
                    ShapedRow::Group(t, size)
                }
            })
            .collect();
        // The natural (one-line) width of every cell of each column, header included, padding added.
        let naturals: Vec<Vec<f32>> = (0..n)
            .map(|i| {
                std::iter::once(header[i])
                    .chain(rows.iter().filter_map(|r| match r {
                        ShapedRow::Cells(cells) => Some(cells[i]),
                        ShapedRow::Group(..) => None,
                    }))
                    .map(|(t, _)| self.texts[t].full_width() + 2.0 * CELL_PAD_X)
                    .collect()
            })
            .collect();
        let widths = column_widths(&table.columns, &naturals, total);
        let mut xs = Vec::with_capacity(n);
        let mut x = self.g.left;
        for w in &widths {
            xs.push(x);
            x += w;
        }

        let header = self.prepare_row(&header, &widths);
        let rows = rows
            .into_iter()
            .map(|row| match row {
                ShapedRow::Cells(cells) => PTableRow::Cells(self.prepare_row(&cells, &widths)),
                ShapedRow::Group(t, size) => {
                    let para = self.break_shaped((t, size), total - 2.0 * CELL_PAD_X, LEADING);
                    let h = para.height() + 2.0 * CELL_PAD_Y;
                    PTableRow::Group(para, h)
                }
            })
            .collect();
        Ok(PTable {
            xs,
            header,
            rows,
            striped: table.striped,
        })
    }

    fn prepare_cards(&mut self, cards: &Cards) -> Result<PCards, ReportError> {
        if cards.columns == 0 {
            return Err(ReportError::InvalidDocument(
                "a card grid needs at least one column".into(),
            ));
        }
        let columns = cards.columns;
        let card_w = (self.g.content_width() - CARD_GAP * (columns - 1) as f32) / columns as f32;
        let inner = card_w - 2.0 * CARD_PAD;
        let cards = cards
            .cards
            .iter()
            .map(|card| self.prepare_card(card, inner))
            .collect();
        Ok(PCards {
            columns,
            card_w,
            cards,
        })
    }

    fn prepare_card(&mut self, card: &Card, inner: f32) -> PCard {
        let title = self.para(&card.title, inner, HEADING_LEADING, false);
        let band_h = title.height() + 2.0 * BAND_PAD_Y;
        let mut items = Vec::new();
        let mut paras = Vec::new();
        let mut height = band_h + CARD_PAD * 0.75 + CARD_PAD;
        for item in &card.body {
            match item {
                CardItem::Text(text) => {
                    let para = self.para(text, inner, CARD_LEADING, false);
                    height += para.height();
                    for line in 0..para.lines.len() {
                        items.push(PCardItem::Line(paras.len(), line));
                    }
                    paras.push(para);
                }
                CardItem::Rule => {
                    height += CARD_RULE_H;
                    items.push(PCardItem::Rule);
                }
                CardItem::Space(h) => {
                    height += h.max(0.0);
                    items.push(PCardItem::Space(h.max(0.0)));
                }
            }
        }
        PCard {
            title,
            band_h,
            paras,
            items,
            height,
        }
    }

    // ---- paginate ----

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.headers.push(if self.pages.len() > 1 {
            self.header.clone()
        } else {
            None
        });
        self.page = self.pages.len() - 1;
        self.y = self.g.top;
        self.pending = 0.0;
    }

    /// Moves to page `page` (creating it if needed), at the top.
    fn goto_page(&mut self, page: usize) {
        while self.pages.len() <= page {
            self.pages.push(Vec::new());
            self.headers.push(self.header.clone());
        }
        self.page = page;
        self.y = self.g.top;
        self.pending = 0.0;
    }

    fn fresh(&self) -> bool {
        self.y <= self.g.top + 0.01
    }

    fn space(&mut self, h: f32) {
        self.pending = self.pending.max(h);
    }

    /// Makes room for `h` points (after the pending space), starting a new page when they do not fit here.
    fn reserve(&mut self, h: f32) {
        if !self.fresh() && self.y + self.pending + h > self.g.bottom + 0.01 {
            self.new_page();
        }
        if !self.fresh() {
            self.y += self.pending;
        }
        self.pending = 0.0;
    }

    fn op(&mut self, op: Op) {
        self.pages[self.page].push(op);
    }

    fn draw_line(&mut self, para: &Para, line: usize, x: f32, top: f32) {
        self.op(Op::Text {
            x,
            baseline: top + para.ascent,
            text: para.text,
            range: para.lines[line].clone(),
        });
    }

    fn draw_para(&mut self, para: &Para, x: f32, top: f32) {
        for line in 0..para.lines.len() {
            self.draw_line(para, line, x, top + line as f32 * para.line_h);
        }
    }

    /// Places a paragraph at the left margin line by line, continuing on new pages as needed.
    fn flow(&mut self, para: &Para) {
        for line in 0..para.lines.len() {
            self.reserve(para.line_h);
            let (x, y) = (self.g.left, self.y);
            self.draw_line(para, line, x, y);
            self.y += para.line_h;
        }
    }

    /// The least height that must fit together with a heading placed before this block.
    fn min_height(&self, block: Option<&Prepared>) -> f32 {
        let h = match block {
            Some(Prepared::Paragraph(p)) => p.line_h * p.lines.len().min(2) as f32,
            Some(Prepared::Table(t)) => t.lead_height(),
            Some(Prepared::Cards(c)) => c
                .cards
                .iter()
                .take(c.columns)
                .map(|c| c.height)
                .fold(0.0, f32::max),
            Some(Prepared::Heading { text, .. }) => text.height() + 20.0,
            _ => 0.0,
        };
        h.min(self.g.capacity() * 0.5)
    }

    fn place(&mut self, block: &Prepared, next: Option<&Prepared>) {
        match block {
            Prepared::Title {
                label,
                title,
                subtitle,
            } => {
                let first = label.height() + title.line_h.min(title.height());
                self.reserve(first.min(self.g.capacity()));
                self.flow(label);
                self.flow(title);
                self.y += 2.0;
                self.flow(subtitle);
                self.reserve(8.8);
                let (x, y) = (self.g.left, self.y + 8.0);
                self.op(Op::Line {
                    x1: x,
                    y1: y,
                    x2: self.g.right,
                    y2: y,
                    width: 0.8,
                    color: RULE,
                });
                self.y = y + 0.8;
                self.space(16.0);
            }
            Prepared::Heading { text, level, plain } => {
                let (before, after) = match level {
                    HeadingLevel::H1 => (18.0, 6.0),
                    HeadingLevel::H2 => (12.0, 4.0),
                };
                self.space(before);
                let need = text.height() + after + self.min_height(next);
                self.reserve(need.min(self.g.capacity()));
                if *level == HeadingLevel::H1 {
                    self.bookmarks.push((plain.clone(), self.page, self.y));
                }
                self.flow(text);
                self.pending = after;
            }
            Prepared::Paragraph(para) => {
                self.space(4.0);
                self.flow(para);
                self.space(6.0);
            }
            Prepared::Table(table) => self.place_table(table),
            Prepared::Cards(cards) => self.place_cards(cards),
            Prepared::Space(h) => {
                if !self.fresh() {
                    self.pending += h;
                }
            }
            Prepared::PageBreak => {
                if !self.fresh() {
                    self.new_page();
                }
            }
            Prepared::RunningHeader(text) => {
                self.header = Some(text.clone());
                // A page that is still empty gets the new header too.
                if self.fresh() && self.page > 0 {
                    self.headers[self.page] = self.header.clone();
                }
            }
        }
    }

    fn place_header_row(&mut self, table: &PTable) {
        let h = table.header.height;
        self.op(Op::Rect {
            x: self.g.left,
            y: self.y,
            w: self.g.content_width(),
            h,
            fill: Some(HEADER_FILL),
            stroke: None,
        });
        for (i, cell) in table.header.cells.iter().enumerate() {
            let (x, y) = (
                table.xs[i] + CELL_PAD_X,
                self.y + CELL_PAD_Y + table.header.offsets[i],
            );
            self.draw_para(cell, x, y);
        }
        self.y += h;
    }

    fn table_page_break(&mut self, table: &PTable) {
        self.new_page();
        self.place_header_row(table);
    }

    fn place_table(&mut self, table: &PTable) {
        self.space(6.0);
        self.reserve(table.lead_height().min(self.g.capacity()));
        self.place_header_row(table);
        let header_bottom = |p: &Self| p.g.top + table.header.height;
        let mut stripe = false;
        for (i, row) in table.rows.iter().enumerate() {
            match row {
                PTableRow::Group(para, h) => {
                    let next = match table.rows.get(i + 1) {
                        Some(PTableRow::Cells(r)) => r.height.min(self.g.capacity() / 2.0),
                        _ => 0.0,
                    };
                    if self.y + h + next > self.g.bottom && self.y > header_bottom(self) + 0.01 {
                        self.table_page_break(table);
                    }
                    self.op(Op::Rect {
                        x: self.g.left,
                        y: self.y,
                        w: self.g.content_width(),
                        h: *h,
                        fill: Some(GROUP_FILL),
                        stroke: None,
                    });
                    let (x, y) = (self.g.left + CELL_PAD_X, self.y + CELL_PAD_Y);
                    self.draw_para(para, x, y);
                    self.y += h;
                    stripe = false;
                }
                PTableRow::Cells(prow) => {
                    self.place_row(table, prow, stripe && table.striped);
                    stripe = !stripe;
                }
            }
        }
        self.op(Op::Line {
            x1: self.g.left,
            y1: self.y,
            x2: self.g.right,
            y2: self.y,
            width: 0.8,
            color: RULE,
        });
        self.space(10.0);
    }

    /// Places one row, splitting it between its lines when it is taller than what a page can hold.
    fn place_row(&mut self, table: &PTable, row: &PRow, shaded: bool) {
        let n = row.cells.len();
        let mut from = vec![0usize; n];
        let header_bottom = self.g.top + table.header.height;
        loop {
            let left = |i: usize, from: &[usize]| row.cells[i].lines.len() - from[i];
            let rest = (0..n)
                .map(|i| row.offsets[i] + left(i, &from) as f32 * row.cells[i].line_h)
                .fold(0.0, f32::max)
                + 2.0 * CELL_PAD_Y;
            let only_header = self.y <= header_bottom + 0.01;
            let take: Vec<usize> = if self.y + rest <= self.g.bottom + 0.01 {
                (0..n).map(|i| left(i, &from)).collect()
            } else if !only_header && rest <= self.g.bottom - header_bottom {
                self.table_page_break(table);
                continue;
            } else {
                // Taller than a page: take the lines that fit (at least one per cell on an otherwise empty page).
                let avail = self.g.bottom - self.y - 2.0 * CELL_PAD_Y;
                let take: Vec<usize> = (0..n)
                    .map(|i| {
                        let fit = ((avail - row.offsets[i]) / row.cells[i].line_h)
                            .floor()
                            .max(0.0) as usize;
                        let fit = if only_header { fit.max(1) } else { fit };
                        fit.min(left(i, &from))
                    })
                    .collect();
                if take.iter().all(|&t| t == 0) {
                    self.table_page_break(table);
                    continue;
                }
                take
            };
            let h = (0..n)
                .filter(|&i| take[i] > 0)
                .map(|i| row.offsets[i] + take[i] as f32 * row.cells[i].line_h)
                .fold(0.0, f32::max)
                + 2.0 * CELL_PAD_Y;
            if shaded {
                self.op(Op::Rect {
                    x: self.g.left,
                    y: self.y,
                    w: self.g.content_width(),
                    h,
                    fill: Some(STRIPE_FILL),
                    stroke: None,
                });
            } else if !table.striped {
                let y = self.y + h;
                self.op(Op::Line {
                    x1: self.g.left,
                    y1: y,
                    x2: self.g.right,
                    y2: y,
                    width: 0.5,
                    color: HAIRLINE,
                });
            }
            for (i, cell) in row.cells.iter().enumerate() {
                for k in 0..take[i] {
                    let top = self.y + CELL_PAD_Y + row.offsets[i] + k as f32 * cell.line_h;
                    self.draw_line(cell, from[i] + k, table.xs[i] + CELL_PAD_X, top);
                }
                from[i] += take[i];
            }
            self.y += h;
            if (0..n).all(|i| left(i, &from) == 0) {
                return;
            }
            self.table_page_break(table);
        }
    }

    fn place_cards(&mut self, cards: &PCards) {
        self.space(4.0);
        for chunk in cards.cards.chunks(cards.columns) {
            let row_h = chunk.iter().map(|c| c.height).fold(0.0, f32::max);
            if row_h <= self.g.capacity() {
                self.reserve(row_h);
                let top = self.y;
                for (i, card) in chunk.iter().enumerate() {
                    let x = self.g.left + i as f32 * (cards.card_w + CARD_GAP);
                    self.draw_card(card, x, cards.card_w, top, row_h);
                }
                self.y = top + row_h;
            } else {
                self.reserve(self.g.capacity());
                let (page, top) = (self.page, self.y);
                let mut end = (page, top);
                for (i, card) in chunk.iter().enumerate() {
                    let x = self.g.left + i as f32 * (cards.card_w + CARD_GAP);
                    self.page = page;
                    self.y = top;
                    self.draw_card_split(card, x, cards.card_w);
                    if self.page > end.0 || (self.page == end.0 && self.y > end.1) {
                        end = (self.page, self.y);
                    }
                }
                self.page = end.0;
                self.y = end.1;
            }
            self.space(CARD_GAP);
        }
        self.space(6.0);
    }

    fn draw_band(&mut self, card: &PCard, x: f32, w: f32, top: f32) {
        self.op(Op::Rect {
            x,
            y: top,
            w,
            h: card.band_h,
            fill: Some(BAND_FILL),
            stroke: None,
        });
        self.draw_para(&card.title, x + CARD_PAD, top + BAND_PAD_Y);
    }

    fn draw_card(&mut self, card: &PCard, x: f32, w: f32, top: f32, h: f32) {
        self.draw_band(card, x, w, top);
        self.op(Op::Rect {
            x,
            y: top,
            w,
            h,
            fill: None,
            stroke: Some(CARD_BORDER),
        });
        let mut y = top + card.band_h + CARD_PAD * 0.75;
        for item in &card.items {
            y += self.draw_card_item(card, item, x, w, y);
        }
    }

    /// Draws one item of a card's body at `y`; returns its height.
    fn draw_card_item(&mut self, card: &PCard, item: &PCardItem, x: f32, w: f32, y: f32) -> f32 {
        match item {
            PCardItem::Line(para, line) => {
                let para = &card.paras[*para];
                self.draw_line(para, *line, x + CARD_PAD, y);
                para.line_h
            }
            PCardItem::Rule => {
                let ry = y + CARD_RULE_H / 2.0;
                self.op(Op::Line {
                    x1: x + CARD_PAD,
                    y1: ry,
                    x2: x + w - CARD_PAD,
                    y2: ry,
                    width: 0.5,
                    color: HAIRLINE,
                });
                CARD_RULE_H
            }
            PCardItem::Space(h) => *h,
        }
    }

    /// Draws a card taller than a page, continuing it (with its title band repeated) on the following pages.
    fn draw_card_split(&mut self, card: &PCard, x: f32, w: f32) {
        let mut seg_top = self.y;
        self.draw_band(card, x, w, seg_top);
        let mut y = seg_top + card.band_h + CARD_PAD * 0.75;
        for item in &card.items {
            let h = match item {
                PCardItem::Line(para, _) => card.paras[*para].line_h,
                PCardItem::Rule => CARD_RULE_H,
                PCardItem::Space(h) => *h,
            };
            if y + h > self.g.bottom - CARD_PAD {
                self.op(Op::Rect {
                    x,
                    y: seg_top,
                    w,
                    h: y + CARD_PAD - seg_top,
                    fill: None,
                    stroke: Some(CARD_BORDER),
                });
                let next = self.page + 1;
                self.goto_page(next);
                seg_top = self.y;
                self.draw_band(card, x, w, seg_top);
                y = seg_top + card.band_h + CARD_PAD * 0.75;
            }
            y += self.draw_card_item(card, item, x, w, y);
        }
        let bottom = y + CARD_PAD;
        self.op(Op::Rect {
            x,
            y: seg_top,
            w,
            h: bottom - seg_top,
            fill: None,
            stroke: Some(CARD_BORDER),
        });
        self.y = bottom;
    }

    // ---- running headers and footers ----

    /// Shapes `text` on one line, cut with "…" when wider than `width`. Returns the text's index, the line and
    /// its width; `None` for a blank text.
    fn one_line(
        &mut self,
        text: &str,
        style: Style,
        width: f32,
    ) -> Option<(usize, Range<usize>, f32)> {
        let shaped = self.fonts.shape(&Text::new(text, style), false);
        let text = if shaped.full_width() <= width {
            shaped.text.trim().to_string()
        } else {
            let ellipsis = self.fonts.shape(&Text::new("…", style), false).full_width();
            let mut cut = 0;
            for (i, _) in shaped.text.char_indices() {
                if shaped.can_split(i) && shaped.range_width(0..i) + ellipsis <= width {
                    cut = i;
                }
            }
            format!("{}…", shaped.text[..cut].trim_end())
        };
        if text.is_empty() {
            return None;
        }
        let shaped = self.fonts.shape(&Text::new(text, style), false);
        let range = 0..shaped.text.len();
        let w = shaped.full_width();
        self.texts.push(shaped);
        Some((self.texts.len() - 1, range, w))
    }

    fn finish(&mut self, footer: &str) {
        let total = self.pages.len();
        let g = self.g;
        let rule = |y: f32| Op::Line {
            x1: g.left,
            y1: y,
            x2: g.right,
            y2: y,
            width: 0.5,
            color: HAIRLINE,
        };
        for page in 0..total {
            self.page = page;
            let header = self.headers[page].clone().unwrap_or_default();
            if let Some((text, range, _)) = self.one_line(&header, RUNNING_STYLE, g.content_width())
            {
                self.op(Op::Text {
                    x: g.left,
                    baseline: g.header_baseline,
                    text,
                    range,
                });
                self.op(rule(g.header_rule));
            }
            self.op(rule(g.footer_rule));
            let number = format!("Page {} of {total}", page + 1);
            let mut number_w = 0.0;
            if let Some((text, range, w)) = self.one_line(&number, FOOTER_STYLE, g.content_width())
            {
                number_w = w;
                self.op(Op::Text {
                    x: g.right - w,
                    baseline: g.footer_baseline,
                    text,
                    range,
                });
            }
            let room = (g.content_width() - number_w - 24.0).max(0.0);
            if let Some((text, range, _)) = self.one_line(footer, FOOTER_STYLE, room) {
                self.op(Op::Text {
                    x: g.left,
                    baseline: g.footer_baseline,
                    text,
                    range,
                });
            }
        }
    }
}

/// Sizes table columns to fill `total` points. `naturals[i]` holds the one-line widths of column `i`'s cells.
///
/// A `Fit` column gets its widest cell, at most an equal share of the table. The `Share` columns split the rest by
/// their shares, except that a column which needs less than its share gets only what it needs and leaves the rest
/// to the others. What a column needs is its widest cell, ignoring cells more than 1.5 times as wide as the 90th
/// percentile, so one very long name does not claim the table (it wraps instead).
fn column_widths(columns: &[crate::doc::Column], naturals: &[Vec<f32>], total: f32) -> Vec<f32> {
    let n = columns.len();
    let mut widths = vec![0.0f32; n];
    let mut open = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        match column.width {
            Width::Fit => {
                widths[i] = naturals[i]
                    .iter()
                    .copied()
                    .fold(0.0, f32::max)
                    .min(total / n as f32)
            }
            Width::Share(_) => open.push(i),
        }
    }
    let share = |i: usize| match columns[i].width {
        Width::Share(s) if s > 0.0 => s,
        _ => 0.001,
    };
    let want = |i: usize| {
        let mut v = naturals[i].clone();
        v.sort_by(f32::total_cmp);
        let p90 = v
            .get((v.len().saturating_sub(1) as f32 * 0.9) as usize)
            .copied()
            .unwrap_or(0.0);
        v.iter()
            .copied()
            .filter(|&w| w <= 1.5 * p90)
            .fold(0.0, f32::max)
    };
    let mut left = total - widths.iter().sum::<f32>();
    if open.is_empty() {
        let used: f32 = widths.iter().sum();
        return widths.iter().map(|w| w * total / used.max(1.0)).collect();
    }
    let share_cols = open.clone();
    loop {
        let shares: f32 = open.iter().map(|&i| share(i)).sum();
        let satisfied: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| want(i) <= left * share(i) / shares)
            .collect();
        if satisfied.is_empty() {
            for &i in &open {
                widths[i] = left * share(i) / shares;
            }
            return widths;
        }
        for &i in &satisfied {
            widths[i] = want(i);
            left -= widths[i];
        }
        open.retain(|i| !satisfied.contains(i));
        if open.is_empty() {
            // Everyone is content: hand out the slack by share.
            let shares: f32 = share_cols.iter().map(|&i| share(i)).sum();
            for &i in &share_cols {
                widths[i] += left * share(i) / shares;
            }
            return widths;
        }
    }
}
