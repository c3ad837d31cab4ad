//! Generates the UI's TypeScript client from the Rust declarations: `bindings.ts` (every DTO and the error type)
//! and `commands.ts` (one typed function per command). Both are committed; the `typescript_client_is_fresh` test
//! fails when they differ from what the code says (`UPDATE_BINDINGS=1 cargo test -p cafe-api` rewrites them).

use ts_rs::{Config, TS};

use crate::dto::*;
use crate::{ApiError, ErrorCode};

/// A command as the TypeScript client sees it.
#[derive(Debug)]
pub struct Signature {
    pub name: &'static str,
    pub doc: &'static str,
    pub request: String,
    pub response: String,
}

const HEADER: &str = "// Generated from crates/cafe-api by `UPDATE_BINDINGS=1 cargo test -p cafe-api`. Do not edit.\n";

fn decl<T: TS>(cfg: &Config, out: &mut String) {
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
        if !docs.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push_str("\n\n");
}

/// The text of `bindings.ts`.
pub fn bindings() -> String {
    let cfg = Config::default();
    let mut out = format!("{HEADER}\n");
    macro_rules! all {
        ($($t:ty),+ $(,)?) => { $(decl::<$t>(&cfg, &mut out);)+ };
    }
    all!(
        ErrorCode,
        ApiError,
        Format,
        Role,
        CafeSummary,
        CafeDetails,
        RoundInput,
        TableInput,
        AttendeeInput,
        Cafe,
        Round,
        Table,
        Attendee,
        ColumnMapping,
        ImportPreview,
        SkippedRow,
        ImportReport,
        AppInfo,
        Change,
        ChangeEntity,
        ChangeAction,
        ById,
        NoParams,
        NewCafe,
        UpdateCafe,
        DuplicateCafe,
        AddRound,
        UpdateRound,
        Move,
        AddTable,
        UpdateTable,
        AddAttendee,
        UpdateAttendee,
        PreviewAttendeeImport,
        ImportAttendees,
        SeatingPlan,
        RoundSeating,
        TableSeating,
        Seat,
        SeatingStats,
        PlanSeating,
        MoveSeat,
        LockSeat,
        SetAttendance,
        SeatingExport,
        PaperSize,
        ExportSeating,
        ExportedFile,
        ClockStage,
        ClockPhase,
        Clock,
        ClockCommand,
        RunClock,
        SetClockWarning,
        Note,
        AddNote,
        UpdateNote,
        ImportNotes,
        NotesImported,
        LanStatus,
        TableLink,
        SetLan,
        ExportTableCards,
        ThreadBoard,
        ThreadView,
        Strand,
        DetectThreads,
        UpdateThread,
        MoveThreadNote,
        MergeThreads,
        SplitThread,
        GatherThread,
        SearchNotes,
        NoteHit,
        NoteSearch,
        HarvestSections,
        PreviewHarvest,
        HarvestPreview,
        HarvestFormat,
        ExportHarvest,
        CongressRequest,
        ExportCongress,
        ExportCafeFile,
        ImportCafeFile,
    );
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect();
    out.push_str(&format!(
        "/**\n * Every error code, for checking what arrives at run time.\n */\nexport const ERROR_CODES: readonly ErrorCode[] = [{}];\n",
        codes.join(", ")
    ));
    out
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The text of `commands.ts`.
pub fn commands() -> String {
    let cfg = Config::default();
    let signatures = crate::command_signatures(&cfg);
    let mut types: Vec<String> = Vec::new();
    for s in &signatures {
        for t in [&s.request, &s.response] {
            let inner = t.trim_start_matches("Array<").trim_end_matches('>');
            if inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && !types.iter().any(|x| x == inner)
            {
                types.push(inner.to_owned());
            }
        }
    }
    types.sort();
    let mut out = format!(
        "{HEADER}\nimport type {{ {} }} from \"./bindings\";\nimport {{ call }} from \"./transport\";\n",
        types.join(", ")
    );
    for s in &signatures {
        out.push_str("\n/**\n");
        for line in s.doc.lines() {
            out.push_str(&format!(" *{}\n", line.trim_end()));
        }
        out.push_str(" */\n");
        out.push_str(&format!(
            "export function {}(request: {}): Promise<{}> {{\n  return call(\"{}\", request);\n}}\n",
            camel_case(s.name),
            s.request,
            s.response,
            s.name
        ));
    }
    out
}
