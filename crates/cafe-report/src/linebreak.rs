//! Greedy line breaking over measured text.
//!
//! [`break_lines`] cuts a text into lines no wider than a given width. It asks a [`Measure`] for widths, so the
//! same code runs on real shaped text (advance widths from the embedded font, see `fonts`) and, in the unit tests,
//! on a toy monospace measure.
//!
//! Where a line may end, in order of preference:
//! 1. at a space (the spaces are dropped, they neither end nor start a line);
//! 2. only when a single word does not fit: after punctuation inside the word (`-`, `/`, `?`, `&`, `.`, …), which
//!    breaks URLs and double-barrelled names where a reader expects it;
//! 3. only when even that does not fit: between any two clusters (grapheme-like units that the shaper keeps
//!    together), so a 120-letter name without spaces still wraps instead of running off the page.
//!
//! `\n` is a hard line break. A forced break adds no hyphen, so copying the text back out of the PDF gives the
//! original characters.

use std::ops::Range;

/// Widths of parts of one text.
pub(crate) trait Measure {
    /// The advance width of `text[range]`; `range` ends are char boundaries.
    fn width(&self, range: Range<usize>) -> f32;
    /// Whether a line may end at byte `at` (a cluster boundary: no combining mark or ligature is cut).
    fn can_split(&self, at: usize) -> bool;
}

/// Characters after which a too-long word may be broken.
fn breaks_after(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2013}'
            | '\u{2014}'
            | '/'
            | '\\'
            | '_'
            | '?'
            | '&'
            | '='
            | '.'
            | ','
            | ';'
            | ':'
            | '|'
            | '+'
            | '~'
            | '#'
            | '@'
    )
}

/// Whitespace at which lines break (no-break spaces are not among them).
pub(crate) fn is_break_space(c: char) -> bool {
    c != '\n' && c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Breaks `text` into lines at most `max_width` wide (see the module docs). Returns one byte range per line,
/// without the spaces at its ends; an empty or blank text gives one empty line. A line is wider than
/// `max_width` only when a single cluster is.
pub(crate) fn break_lines(text: &str, max_width: f32, m: &impl Measure) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut seg_start = 0;
    for segment in text.split('\n') {
        let seg_end = seg_start + segment.len();
        break_segment(text, seg_start, seg_end, max_width, m, &mut lines);
        seg_start = seg_end + 1;
    }
    lines
}

fn skip_spaces(text: &str, mut at: usize, end: usize) -> usize {
    while at < end {
        let c = text[at..].chars().next().expect("at < end");
        if !is_break_space(c) {
            break;
        }
        at += c.len_utf8();
    }
    at
}

fn trim_spaces_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let c = text[..end].chars().next_back().expect("end > start");
        if !is_break_space(c) {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

fn break_segment(
    text: &str,
    seg_start: usize,
    seg_end: usize,
    max: f32,
    m: &impl Measure,
    out: &mut Vec<Range<usize>>,
) {
    let end = trim_spaces_end(text, seg_start, seg_end);
    let mut start = skip_spaces(text, seg_start, end);
    if start >= end {
        out.push(start..start);
        return;
    }
    while start < end {
        if m.width(start..end) <= max {
            out.push(start..end);
            return;
        }
        // Scan forward, remembering the last opportunity of each kind that still fits.
        let mut at_space: Option<usize> = None; // line end (spaces trimmed); the next line starts after the spaces
        let mut at_punct: Option<usize> = None;
        let mut at_cluster: Option<usize> = None;
        let mut first_cluster: Option<usize> = None;
        let mut prev: Option<char> = None;
        for (offset, c) in text[start..end].char_indices() {
            let pos = start + offset;
            if pos > start && m.can_split(pos) {
                let prev = prev.expect("pos > start");
                if is_break_space(prev) && !is_break_space(c) {
                    let line_end = trim_spaces_end(text, start, pos);
                    if line_end > start && m.width(start..line_end) <= max {
                        at_space = Some(line_end);
                    }
                } else if !is_break_space(prev) && !is_break_space(c) {
                    let fits = m.width(start..pos) <= max;
                    if first_cluster.is_none() {
                        first_cluster = Some(pos);
                    }
                    if fits {
                        at_cluster = Some(pos);
                        if breaks_after(prev) {
                            at_punct = Some(pos);
                        }
                    }
                }
            }
            // Once the text up to here (ending in a visible character) is too wide, no later break fits.
            if !is_break_space(c) && m.width(start..pos + c.len_utf8()) > max && pos > start {
                break;
            }
            prev = Some(c);
        }
        // The tiers of the module docs: a word is only cut when no space break fits; when nothing fits at all
        // (a cluster wider than the line), the line holds one cluster so that breaking always progresses.
        let line_end = at_space
            .or(at_punct)
            .or(at_cluster)
            .or(first_cluster)
            .unwrap_or(end);
        out.push(start..line_end);
        start = skip_spaces(text, line_end, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char is 1 wide and every char boundary is a cluster boundary, except before a combining acute
    /// accent (U+0301), which is 0 wide.
    struct Mono<'a>(&'a str);

    impl Measure for Mono<'_> {
        fn width(&self, range: Range<usize>) -> f32 {
            self.0[range].chars().filter(|&c| c != '\u{301}').count() as f32
        }
        fn can_split(&self, at: usize) -> bool {
            !self.0[at..].starts_with('\u{301}')
        }
    }

    fn check(input: &str, width: usize, expected: &[&str]) {
        let got: Vec<&str> = break_lines(input, width as f32, &Mono(input))
            .into_iter()
            .map(|r| &input[r])
            .collect();
        assert_eq!(got, expected, "breaking {input:?} at width {width}");
    }

    #[test]
    fn short_text_is_one_line() {
        check("Ólafur Ragnarsson", 40, &["Ólafur Ragnarsson"]);
        check("exactly10!", 10, &["exactly10!"]);
    }

    #[test]
    fn empty_and_blank_give_one_empty_line() {
        check("", 10, &[""]);
        check("   ", 10, &[""]);
    }

    #[test]
    fn breaks_at_spaces_and_drops_them() {
        check("the quick brown fox", 10, &["the quick", "brown fox"]);
        check("  lots   of    space  ", 7, &["lots", "of", "space"]);
        check(
            "Ольга Смирнова Νίκος Παπαδόπουλος",
            15,
            &["Ольга Смирнова", "Νίκος", "Παπαδόπουλος"],
        );
    }

    #[test]
    fn a_space_break_is_preferred_over_cutting_a_word() {
        check(
            "Zoë O'Connor-Łukasiewicz",
            22,
            &["Zoë", "O'Connor-Łukasiewicz"],
        );
    }

    #[test]
    fn long_words_break_after_punctuation() {
        check("O'Connor-Łukasiewicz", 12, &["O'Connor-", "Łukasiewicz"]);
        check(
            "https://example.org/knowledge/cafe?id=42&x=1",
            20,
            &["https://example.org/", "knowledge/cafe?id=", "42&x=1"],
        );
    }

    #[test]
    fn words_without_break_points_are_cut_anywhere() {
        check(
            "abcdefghijklmnopqrstuvwxyz",
            10,
            &["abcdefghij", "klmnopqrst", "uvwxyz"],
        );
        check("ab abcdefghijklmnop", 10, &["ab", "abcdefghij", "klmnop"]);
    }

    #[test]
    fn clusters_are_never_cut() {
        // "e" + combining acute is one cluster of width 1.
        check("abcde\u{301}fgh", 5, &["abcde\u{301}", "fgh"]);
        check("abcde\u{301}fgh", 4, &["abcd", "e\u{301}fgh"]);
    }

    #[test]
    fn a_column_narrower_than_a_letter_still_progresses() {
        check("abc", 0, &["a", "b", "c"]);
    }

    #[test]
    fn newlines_are_hard_breaks() {
        check("one\ntwo three", 20, &["one", "two three"]);
        check("a\n\nb", 20, &["a", "", "b"]);
    }

    #[test]
    fn no_break_space_keeps_words_together() {
        check("aa bb\u{a0}cc", 6, &["aa", "bb\u{a0}cc"]);
    }
}
