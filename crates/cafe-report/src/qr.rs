//! QR codes for join links (a table host scans the code on the table card to open the table's notes).
//!
//! [`QrMatrix::encode`] makes the code with the [`qrcode`](https://docs.rs/qrcode) crate (error correction level
//! M: it still reads with about 15% of it stained or torn; the crate picks the smallest version that holds the text and
//! the most compact mix of numeric, alphanumeric and byte segments). The matrix is plain data — a square of
//! modules, `true` for dark — so it can be drawn anywhere: as SVG here ([`QrMatrix::svg_path`],
//! [`QrMatrix::svg`]) and as filled rectangles in a PDF (`render`). Both draw one rectangle per horizontal run of
//! dark modules rather than one per module: about half as many rectangles, and a smaller file.
//!
//! Scanners need a light margin, the *quiet zone*, of [`QrMatrix::QUIET_ZONE`] modules around the code. The
//! matrix does not include it: whoever places the code keeps that margin clear.

use std::fmt::Write as _;

use qrcode::{EcLevel, QrCode};

use crate::ReportError;

/// The longest text of arbitrary bytes that fits in a QR code at level M (version 40, byte mode).
pub const MAX_BYTES: usize = 2331;

/// A QR code as a square of modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side (21 for version 1, 4 more per version, 177 for version 40).
    pub width: u32,
    /// `width × width` modules, row by row from the top left; `true` is dark.
    pub dark: Vec<bool>,
}

/// A horizontal run of dark modules: row `y`, columns `x..x + len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub x: u32,
    pub y: u32,
    pub len: u32,
}

impl QrMatrix {
    /// The width of the light margin scanners need around a code, in modules.
    pub const QUIET_ZONE: u32 = 4;

    /// Encodes `text` (as UTF-8 bytes) at error correction level M.
    pub fn encode(text: &str) -> Result<QrMatrix, ReportError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(
            |e| match e {
                qrcode::types::QrError::DataTooLong => ReportError::QrTooLong { bytes: text.len() },
                other => ReportError::InvalidDocument(format!("QR code: {other}")),
            },
        )?;
        let width = code.width() as u32;
        Ok(QrMatrix {
            width,
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect(),
        })
    }

    /// Whether the module at column `x`, row `y` is dark; outside the matrix (the quiet zone) everything is light.
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.width && self.dark[(y * self.width + x) as usize]
    }

    /// The horizontal runs of dark modules, row by row, left to right.
    pub(crate) fn runs(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                runs.push(Run {
                    x: start,
                    y,
                    len: x - start,
                });
            }
        }
        runs
    }

    /// An SVG path `d` attribute drawing the dark modules in a `width × width` box (one unit a module, no quiet
    /// zone): one closed rectangle `M{x},{y}h{n}v1h-{n}z` per horizontal run of dark modules.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for Run { x, y, len } in self.runs() {
            // Writing to a String cannot fail.
            let _ = write!(d, "M{x},{y}h{len}v1h-{len}z");
        }
        d
    }

    /// A standalone SVG document: black modules on white, with the quiet zone, 8 pixels a module by default
    /// (it scales to any size without blurring).
    pub fn svg(&self) -> String {
        let q = Self::QUIET_ZONE;
        let side = self.width + 2 * q;
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="-{q} -{q} {side} {side}" "#,
                r#"width="{px}" height="{px}" shape-rendering="crispEdges">"#,
                r##"<rect x="-{q}" y="-{q}" width="{side}" height="{side}" fill="#fff"/>"##,
                r##"<path fill="#000" d="{d}"/></svg>"##,
                "\n"
            ),
            q = q,
            side = side,
            px = side * 8,
            d = self.svg_path()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matrix from a picture: `#` dark, anything else light.
    fn matrix(rows: &[&str]) -> QrMatrix {
        let width = rows.len() as u32;
        let dark: Vec<bool> = rows
            .iter()
            .flat_map(|r| {
                assert_eq!(
                    r.chars().count() as u32,
                    width,
                    "the picture must be square"
                );
                r.chars().map(|c| c == '#')
            })
            .collect();
        QrMatrix { width, dark }
    }

    fn check(rows: &[&str], expected: &str) {
        assert_eq!(matrix(rows).svg_path(), expected, "{rows:?}");
    }

    #[test]
    fn the_path_merges_horizontal_runs() {
        check(&["...", "...", "..."], "");
        check(&["#"], "M0,0h1v1h-1z");
        check(&["###", "...", "..."], "M0,0h3v1h-3z");
        check(
            &["#.#", ".#.", "##."],
            "M0,0h1v1h-1zM2,0h1v1h-1zM1,1h1v1h-1zM0,2h2v1h-2z",
        );
        check(
            &["..##", "####", "#..#", "...."],
            "M2,0h2v1h-2zM0,1h4v1h-4zM0,2h1v1h-1zM3,2h1v1h-1z",
        );
    }

    #[test]
    fn outside_the_matrix_is_light() {
        let m = matrix(&["##", "##"]);
        assert!(m.is_dark(1, 1));
        assert!(!m.is_dark(2, 0));
        assert!(!m.is_dark(0, 2));
        assert!(!m.is_dark(u32::MAX, u32::MAX));
    }

    const JOIN: &str = "http://192.168.1.20:8765/join#AbC-dEf_GhIjKlMnOpQrStUvWxYz0123";

    /// The three finder patterns: a dark 7×7 ring, a light ring, a dark 3×3 centre, a light separator around.
    fn assert_finders(m: &QrMatrix) {
        let w = m.width as i64;
        for (cx, cy) in [(3, 3), (w - 4, 3), (3, w - 4)] {
            for dy in -4i64..=4 {
                for dx in -4i64..=4 {
                    let (x, y) = (cx + dx, cy + dy);
                    if x < 0 || y < 0 || x >= w || y >= w {
                        continue;
                    }
                    let ring = dx.abs().max(dy.abs());
                    let expected = ring != 2 && ring != 4;
                    assert_eq!(
                        m.is_dark(x as u32, y as u32),
                        expected,
                        "finder at ({cx}, {cy}): module ({x}, {y})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_join_link_makes_a_small_code_with_finder_patterns() {
        assert_eq!(JOIN.split('#').nth(1).unwrap().len(), 32);
        let m = QrMatrix::encode(JOIN).unwrap();
        assert!((25..=41).contains(&m.width), "width {}", m.width);
        assert_eq!(m.dark.len(), (m.width * m.width) as usize);
        assert_finders(&m);
        // Timing pattern: row 6 alternates between the finders.
        for x in 8..m.width - 8 {
            assert_eq!(m.is_dark(x, 6), x % 2 == 0, "timing module {x}");
        }
    }

    #[test]
    fn encoding_is_deterministic() {
        let a = QrMatrix::encode(JOIN).unwrap();
        assert_eq!(a, QrMatrix::encode(JOIN).unwrap());
        assert_eq!(a.svg(), QrMatrix::encode(JOIN).unwrap().svg());
        assert_ne!(a, QrMatrix::encode(&JOIN.replace("AbC", "XbC")).unwrap());
    }

    #[test]
    fn the_path_has_only_moves_lines_and_digits() {
        let m = QrMatrix::encode(JOIN).unwrap();
        let d = m.svg_path();
        assert!(d.starts_with("M0,0h7v1h-7z"), "{}", &d[..40]);
        assert!(
            d.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'M' | 'h' | 'v' | 'z' | ',' | '-')),
            "{d}"
        );
        // One rectangle per run: far fewer than one per dark module.
        let dark = m.dark.iter().filter(|&&d| d).count();
        let runs = d.matches('M').count();
        assert_eq!(runs, m.runs().len());
        assert!(runs * 3 < dark * 2, "{runs} runs for {dark} dark modules");
        // Every dark module is covered by exactly one run.
        let mut covered = vec![false; m.dark.len()];
        for r in m.runs() {
            for x in r.x..r.x + r.len {
                let i = (r.y * m.width + x) as usize;
                assert!(!covered[i]);
                covered[i] = true;
            }
        }
        assert_eq!(covered, m.dark);
    }

    #[test]
    fn the_svg_document_has_a_white_quiet_zone() {
        let m = QrMatrix::encode("hi").unwrap();
        let svg = m.svg();
        let side = m.width + 8;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(&format!("viewBox=\"-4 -4 {side} {side}\"")));
        assert!(svg.contains(&format!(
            "<rect x=\"-4\" y=\"-4\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>"
        )));
        assert!(svg.contains(&format!("d=\"{}\"", m.svg_path())));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn too_long_a_text_is_a_clear_error() {
        let long = "x".repeat(MAX_BYTES + 1);
        let err = QrMatrix::encode(&long).unwrap_err();
        assert!(matches!(err, ReportError::QrTooLong { bytes } if bytes == MAX_BYTES + 1));
        assert_eq!(
            err.to_string(),
            format!(
                "the text is too long for a QR code: {} bytes, at most {MAX_BYTES} fit",
                MAX_BYTES + 1
            )
        );
        let m = QrMatrix::encode(&"x".repeat(MAX_BYTES)).unwrap();
        assert_eq!(m.width, 177);
    }

    /// The matrix as a grey image with the quiet zone, `scale` pixels a module, decoded with rqrr.
    fn decode(m: &QrMatrix, scale: u32) -> String {
        let q = QrMatrix::QUIET_ZONE;
        let side = ((m.width + 2 * q) * scale) as usize;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x as u32 / scale, y as u32 / scale);
            let dark = mx >= q && my >= q && m.is_dark(mx - q, my - q);
            if dark { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the picture");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn codes_decode_back_to_their_text() {
        for text in [
            JOIN,
            "http://10.0.0.7:8765/join#________________________________",
            "Ólafur · Ольга · Νίκος",
            "12345678901234567890",
            &format!("http://192.168.1.20:8765/join#{}", "Ab0-".repeat(100)),
        ] {
            let m = QrMatrix::encode(text).unwrap();
            assert_eq!(decode(&m, 4), text);
        }
    }
}
