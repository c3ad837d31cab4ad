//! The embedded fonts and text shaping.
//!
//! Noto Sans Regular and Bold (SIL Open Font License 1.1, see `fonts/OFL.txt`) are compiled into the binary with
//! `include_bytes!`: no font is looked up on the system or downloaded, so a PDF looks the same on every machine.
//! They cover Latin (with Vietnamese and the accents of European languages), Greek and Cyrillic; krilla embeds
//! only the glyphs a document uses.
//!
//! Text is shaped with rustybuzz (the same shaper krilla uses), which gives the font's real advance widths with
//! kerning and ligatures. The layout measures and breaks lines on those glyphs and the renderer draws exactly the
//! same glyphs, so what was measured is what is printed.

use std::ops::Range;

use rustybuzz::{Direction, UnicodeBuffer};

use crate::ReportError;
use crate::doc::{Style, Text, Weight};
use crate::linebreak::{self, Measure};

/// Noto Sans Regular 2.004 (Debian fonts-noto-core 20201225-1).
static REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold 2.004 (Debian fonts-noto-core 20201225-1).
static BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// One weight of the family: the shaper's view and krilla's view of the same file.
struct Face {
    shaper: rustybuzz::Face<'static>,
    pdf: krilla::text::Font,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8], name: &'static str) -> Result<Face, ReportError> {
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or(ReportError::Font(name))?;
        let pdf = krilla::text::Font::new(data.into(), 0).ok_or(ReportError::Font(name))?;
        let units_per_em = shaper.units_per_em() as f32;
        Ok(Face {
            shaper,
            pdf,
            units_per_em,
        })
    }
}

/// The font family a document is set in.
pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
    /// Height of capital letters, as a fraction of the font size.
    cap_height: f32,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, ReportError> {
        let regular = Face::load(REGULAR, "Noto Sans Regular")?;
        let bold = Face::load(BOLD, "Noto Sans Bold")?;
        let cap_height = regular
            .shaper
            .capital_height()
            .map_or(0.714, |h| f32::from(h) / regular.units_per_em);
        Ok(Fonts {
            regular,
            bold,
            cap_height,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The krilla font for a weight.
    pub(crate) fn pdf_font(&self, weight: Weight) -> krilla::text::Font {
        self.face(weight).pdf.clone()
    }

    /// Cap height as a fraction of the font size.
    pub(crate) fn cap_height(&self) -> f32 {
        self.cap_height
    }

    /// Cleans and shapes rich text. With `hard_breaks`, `\n` is kept as a line break; otherwise every line break
    /// becomes a space.
    pub(crate) fn shape(&self, text: &Text, hard_breaks: bool) -> Shaped {
        let mut out = Shaped {
            text: String::new(),
            spans: Vec::with_capacity(text.spans.len()),
            glyphs: Vec::new(),
            advance_at: Vec::new(),
            cluster_start: Vec::new(),
        };
        for span in &text.spans {
            let start = out.text.len();
            clean_into(&span.text, hard_breaks, &mut out.text);
            let end = out.text.len();
            if end > start {
                out.spans.push(ShapedSpan {
                    range: start..end,
                    style: span.style,
                });
            }
        }
        out.advance_at = vec![0.0; out.text.len() + 1];
        out.cluster_start = vec![false; out.text.len() + 1];
        out.cluster_start[out.text.len()] = true;
        for (index, span) in out.spans.iter().enumerate() {
            out.cluster_start[span.range.start] = true;
            let face = self.face(span.style.weight);
            let scale = span.style.size / face.units_per_em;
            let mut buffer = UnicodeBuffer::new();
            buffer.push_str(&out.text[span.range.clone()]);
            // Lines are set left to right; right-to-left scripts are not supported by the embedded fonts anyway.
            buffer.set_direction(Direction::LeftToRight);
            buffer.guess_segment_properties();
            let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                let cluster = span.range.start + info.cluster as usize;
                let advance = pos.x_advance as f32 * scale;
                out.advance_at[cluster] += advance;
                out.cluster_start[cluster] = true;
                out.glyphs.push(Glyph {
                    id: info.glyph_id,
                    span: index,
                    cluster,
                    advance,
                    x_offset: pos.x_offset as f32 * scale,
                    y_offset: pos.y_offset as f32 * scale,
                });
            }
        }
        // Prefix sums: advance_at[i] = width of text[..i].
        let mut sum = 0.0;
        for slot in &mut out.advance_at {
            let here = *slot;
            *slot = sum;
            sum += here;
        }
        out
    }
}

/// Copies `text` into `out`, dropping what could confuse the layout or a reader: control characters (tabs and,
/// without `hard_breaks`, line breaks become spaces), bidirectional embeddings, overrides and isolates, and byte
/// order marks.
fn clean_into(text: &str, hard_breaks: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' if hard_breaks => out.push('\n'),
            '\r' if hard_breaks => {}
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ')
            }
            '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A glyph as positioned by the shaper, in points.
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    pub id: u32,
    /// Index into [`Shaped::spans`].
    pub span: usize,
    /// Byte offset in [`Shaped::text`] where the glyph's cluster starts.
    pub cluster: usize,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

/// A span after cleaning: its byte range in [`Shaped::text`].
#[derive(Clone, Debug)]
pub(crate) struct ShapedSpan {
    pub range: Range<usize>,
    pub style: Style,
}

/// Cleaned, shaped rich text, ready to be broken into lines and drawn.
#[derive(Clone, Debug)]
pub(crate) struct Shaped {
    /// The cleaned text of all spans, concatenated.
    pub text: String,
    /// Non-empty spans in order.
    pub spans: Vec<ShapedSpan>,
    /// Glyphs in logical order.
    pub glyphs: Vec<Glyph>,
    /// `advance_at[i]`: the width of `text[..i]` (for `i` at a cluster boundary).
    advance_at: Vec<f32>,
    cluster_start: Vec<bool>,
}

impl Measure for Shaped {
    fn width(&self, range: Range<usize>) -> f32 {
        self.advance_at[range.end] - self.advance_at[range.start]
    }

    fn can_split(&self, at: usize) -> bool {
        self.cluster_start[at]
    }
}

impl Shaped {
    /// The largest font size in the text (an empty text has none: 0).
    pub(crate) fn max_size(&self) -> f32 {
        self.spans.iter().map(|s| s.style.size).fold(0.0, f32::max)
    }

    /// Breaks the text into lines at most `width` wide.
    pub(crate) fn lines(&self, width: f32) -> Vec<Range<usize>> {
        linebreak::break_lines(&self.text, width, self)
    }

    /// The width of one line (or any range at cluster boundaries).
    pub(crate) fn range_width(&self, range: Range<usize>) -> f32 {
        self.width(range)
    }

    /// The whole text's width on one line.
    pub(crate) fn full_width(&self) -> f32 {
        self.advance_at[self.text.len()]
    }

    /// The glyphs whose cluster lies in `range`.
    pub(crate) fn glyphs_in(&self, range: Range<usize>) -> &[Glyph] {
        let from = self.glyphs.partition_point(|g| g.cluster < range.start);
        let to = self.glyphs.partition_point(|g| g.cluster < range.end);
        &self.glyphs[from..to]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_text_and_drops_controls() {
        let mut out = String::new();
        clean_into("a\tb\u{202e}c\u{0}d\r\ne", false, &mut out);
        assert_eq!(out, "a bcd  e");
        out.clear();
        clean_into("a\r\nb", true, &mut out);
        assert_eq!(out, "a\nb");
    }

    #[test]
    fn shaping_measures_with_real_advances() {
        let fonts = Fonts::load().unwrap();
        let narrow = fonts.shape(&Text::new("iiii", Style::regular(10.0)), false);
        let wide = fonts.shape(&Text::new("WWWW", Style::regular(10.0)), false);
        assert!(wide.full_width() > 2.0 * narrow.full_width());
        let bold = fonts.shape(&Text::new("WWWW", Style::bold(10.0)), false);
        assert!(bold.full_width() > wide.full_width());
        let big = fonts.shape(&Text::new("WWWW", Style::regular(20.0)), false);
        assert!((big.full_width() - 2.0 * wide.full_width()).abs() < 0.01);
    }

    #[test]
    fn every_script_we_promise_has_glyphs() {
        let fonts = Fonts::load().unwrap();
        for name in [
            "Ólafur Ragnarsson",
            "Ольга Смирнова",
            "Νίκος Παπαδόπουλος",
            "Zoë O'Connor-Łukasiewicz",
            "Nguyễn Thị Ánh",
        ] {
            let shaped = fonts.shape(&Text::new(name, Style::regular(10.0)), false);
            assert!(
                shaped.glyphs.iter().all(|g| g.id != 0),
                "{name} has a glyph missing from the font"
            );
        }
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let fonts = Fonts::load().unwrap();
        let text = "xe\u{301}y";
        let shaped = fonts.shape(&Text::new(text, Style::regular(10.0)), false);
        assert!(shaped.can_split(1));
        assert!(
            !shaped.can_split(2),
            "a line must not end between e and its accent"
        );
    }
}
