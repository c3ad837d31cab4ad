//! Knowledge Café's domain: what a café is (details, rounds, tables, attendees), the rules its data must follow,
//! and the engines that work on it. Everything here is pure and deterministic — no SQL, no HTTP, no Tauri, no clock
//! reads — so the store, the API and every face of the app share one definition of what is valid.

pub mod attendee_csv;
pub mod clock;
pub mod demo;
pub mod model;
pub mod notes;
pub mod seating;
pub mod seating_plan;
pub mod threads;
pub mod validate;

pub use model::{
    Attendee, AttendeeInput, Cafe, CafeDetails, Format, Role, Round, RoundInput, Table, TableInput,
};
pub use validate::ValidationError;
