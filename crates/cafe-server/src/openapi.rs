//! The phone API described as an OpenAPI 3 document, generated from the handlers' annotations and the DTOs, so
//! that standard tools can exercise the server. The committed copy is `docs/lan-openapi.json`; a test fails when
//! it is stale (`UPDATE_OPENAPI=1 cargo test -p cafe-server` rewrites it).

use cafe_api::phone::{
    EditPhoneNote, NewPhoneNote, PhoneClock, PhoneNote, PhoneRound, PhoneTable, PhoneView,
};
use utoipa::OpenApi;

use crate::routes::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Knowledge Café — phone API",
        description = "What a table host's phone may do over the venue's network while LAN mode is on: read its table's view, add, change and delete the table's notes, and follow updates. Every path carries the table's secret join token.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        crate::routes::view,
        crate::routes::add_note,
        crate::routes::update_note,
        crate::routes::delete_note,
        crate::events::events,
    ),
    components(schemas(
        PhoneView, PhoneTable, PhoneRound, PhoneClock, PhoneNote, NewPhoneNote, EditPhoneNote, ErrorBody
    )),
    tags((name = "phone", description = "A table host's phone")),
)]
struct PhoneApi;

/// The OpenAPI document as pretty-printed JSON (with a final newline), without the app's version so that the
/// committed copy does not change with every release.
pub fn json() -> String {
    let mut doc = PhoneApi::openapi();
    doc.info.version = "1".into();
    let mut text = doc.to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}
