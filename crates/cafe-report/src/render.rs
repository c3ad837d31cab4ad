//! Writing laid-out pages as PDF with krilla.
//!
//! This is the only module that talks to krilla: it draws the [`Op`]s of each page, adds the document title and
//! the level-1 headings as bookmarks, and serializes. Text is drawn as the glyphs the layout measured, each glyph
//! tied to the characters it came from, so the PDF's text can be searched and copied (`pdftotext` gets the
//! original names back). No date or random id is written, so the same document always gives the same bytes.

use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

use crate::ReportError;
use crate::doc::{Color, Document};
use crate::fonts::{Fonts, Shaped};
use crate::layout::{self, Layout, Op};

/// Lays out and writes a document.
pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load()?;
    let layout = layout::layout(doc, &fonts)?;
    write_pdf(&doc.title, &layout, &fonts)
}

fn paint(color: Color) -> krilla::paint::Paint {
    rgb::Color::new(color.0, color.1, color.2).into()
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: paint(color),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Writes laid-out pages as a PDF titled `title`.
pub(crate) fn write_pdf(
    title: &str,
    layout: &Layout,
    fonts: &Fonts,
) -> Result<Vec<u8>, ReportError> {
    let g = &layout.geometry;
    let mut pdf = krilla::Document::new();
    for ops in &layout.pages {
        let settings = PageSettings::from_wh(g.width, g.height)
            .ok_or_else(|| ReportError::InvalidDocument("invalid page size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, layout, fonts);
        }
        surface.finish();
        page.finish();
    }

    let mut outline = Outline::new();
    for (title, page, y) in &layout.bookmarks {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, *y)),
        ));
    }
    pdf.set_outline(outline);
    pdf.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Knowledge Café".into())
            .language("en".into()),
    );
    pdf.finish().map_err(|e| ReportError::Pdf(e.to_string()))
}

fn draw(surface: &mut Surface, op: &Op, layout: &Layout, fonts: &Fonts) {
    match op {
        Op::Text {
            x,
            baseline,
            text,
            range,
        } => draw_text(
            surface,
            *x,
            *baseline,
            &layout.texts[*text],
            range.clone(),
            fonts,
        ),
        Op::Rect {
            x,
            y,
            w,
            h,
            fill: f,
            stroke,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            surface.set_fill(f.map(fill));
            surface.set_stroke(stroke.map(|c| Stroke {
                paint: paint(c),
                width: 0.6,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            let Some(path) = pb.finish() else { return };
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: paint(*color),
                width: *width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
        Op::Qr {
            x,
            y,
            module,
            matrix,
        } => {
            // One path of one rectangle per run of dark modules, filled at once: no hairline seams between
            // modules, and a small file.
            let mut pb = PathBuilder::new();
            for run in matrix.runs() {
                if let Some(rect) = Rect::from_xywh(
                    x + run.x as f32 * module,
                    y + run.y as f32 * module,
                    run.len as f32 * module,
                    *module,
                ) {
                    pb.push_rect(rect);
                }
            }
            let Some(path) = pb.finish() else { return };
            surface.set_fill(Some(fill(Color::BLACK)));
            surface.set_stroke(None);
            surface.draw_path(&path);
        }
    }
}

/// Draws one line of shaped text: one krilla glyph run per span.
fn draw_text(
    surface: &mut Surface,
    x: f32,
    baseline: f32,
    shaped: &Shaped,
    range: std::ops::Range<usize>,
    fonts: &Fonts,
) {
    let glyphs = shaped.glyphs_in(range.clone());
    surface.set_stroke(None);
    let mut x = x;
    let mut i = 0;
    while i < glyphs.len() {
        let span_index = glyphs[i].span;
        let mut j = i;
        while j < glyphs.len() && glyphs[j].span == span_index {
            j += 1;
        }
        let span = &shaped.spans[span_index];
        let start = span.range.start.max(range.start);
        let end = span.range.end.min(range.end);
        let size = span.style.size;
        let run = &glyphs[i..j];
        let mut out = Vec::with_capacity(run.len());
        let mut width = 0.0;
        for (k, glyph) in run.iter().enumerate() {
            let cluster_end = run[k + 1..]
                .iter()
                .map(|g| g.cluster)
                .find(|&c| c != glyph.cluster)
                .unwrap_or(end);
            out.push(KrillaGlyph::new(
                GlyphId::new(glyph.id),
                glyph.advance / size,
                glyph.x_offset / size,
                glyph.y_offset / size,
                0.0,
                glyph.cluster - start..cluster_end - start,
                None,
            ));
            width += glyph.advance;
        }
        surface.set_fill(Some(fill(span.style.color)));
        surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &out,
            fonts.pdf_font(span.style.weight),
            &shaped.text[start..end],
            size,
            false,
        );
        x += width;
        i = j;
    }
}
