//! The one error type of the crate.

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An embedded font could not be read (a broken build, not bad input).
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    /// A document built in code breaks a rule of the model (e.g. a table row with the wrong number of cells).
    #[error("invalid document: {0}")]
    InvalidDocument(String),
    /// A text does not fit in the largest QR code (version 40 at error correction level M).
    #[error(
        "the text is too long for a QR code: {bytes} bytes, at most {max} fit",
        max = crate::qr::MAX_BYTES
    )]
    QrTooLong {
        /// The length of the text in UTF-8 bytes.
        bytes: usize,
    },
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}
