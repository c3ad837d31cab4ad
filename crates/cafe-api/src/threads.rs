//! The common-threads commands: the board as it stands, detection (which proposes new notes into the threads the
//! facilitator curated and finds new threads among the rest), and curation — rename, write a synthesis, pin, hide,
//! move a note, merge, split, delete.
//!
//! What the facilitator touched is never overwritten: a thread they changed in any way is *curated*, and a note
//! they placed (in a thread, or out of every thread) stays where they put it. Detection only replaces the threads
//! it made itself, keeping a thread's id when it finds mostly the same notes again, so that a board being looked at
//! does not jump.

use std::collections::{BTreeMap, HashMap, HashSet};

use cafe_core::threads::{self, ExistingThread, Language, Options, ThreadNote};
use cafe_store::{NoteRecord, Placement, ThreadRecord};
use uuid::Uuid;

use crate::convert::id;
use crate::dto::*;
use crate::{Api, ApiError, ErrorCode};

/// The most characters a thread's title may hold.
pub(crate) const MAX_TITLE: usize = 120;
/// The most characters a synthesis may hold.
pub(crate) const MAX_SYNTHESIS: usize = 4_000;
/// The most characters a search on the board may hold.
pub(crate) const MAX_QUERY: usize = 200;
/// A thread is common when raised at 1 to this many tables.
pub(crate) const MAX_MIN_TABLES: u32 = 50;

/// Where the board keeps a café's "common from N tables".
pub(crate) fn min_tables_key(cafe_id: Uuid) -> String {
    format!("threads.min_tables.{cafe_id}")
}

/// Everything a board or a detection needs, read in one transaction.
struct Stored {
    tables: Vec<cafe_core::Table>,
    rounds: Vec<cafe_core::Round>,
    notes: Vec<NoteRecord>,
    threads: Vec<ThreadRecord>,
    placements: Vec<Placement>,
    min_tables: u32,
    language: String,
}

impl Stored {
    /// The café's notes as the threads engine sees them, each with its index in `notes` as id.
    fn engine_notes(&self) -> Vec<ThreadNote> {
        let table_name: HashMap<Uuid, &str> = self
            .tables
            .iter()
            .map(|t| (t.id, t.name.as_str()))
            .collect();
        let round_of: HashMap<Uuid, u32> = self.rounds.iter().map(|r| (r.id, r.number)).collect();
        self.notes
            .iter()
            .enumerate()
            .map(|(i, n)| ThreadNote {
                id: i,
                table: table_name
                    .get(&n.table_id)
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                round: round_of.get(&n.round_id).copied().unwrap_or(1),
                text: n.text.clone(),
            })
            .collect()
    }

    /// The detection options of this café.
    fn options(&self) -> Options {
        Options {
            min_tables: self.min_tables as usize,
            language: Language::from_code(&self.language),
            ..Options::default()
        }
    }

    /// Works out each thread's strands from its notes as they are now.
    /// Hidden threads and threads too small to have strands are left out, and when no thread is left, no note
    /// is analysed.
    fn add_strands(&self, views: &mut [ThreadView]) {
        let wanted = |v: &ThreadView| !v.hidden && v.notes.len() >= threads::STRAND_MIN_NOTES;
        if !views.iter().any(wanted) {
            return;
        }
        let index_of: HashMap<String, usize> = self
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.to_string(), i))
            .collect();
        let members: Vec<Vec<usize>> = views
            .iter()
            .map(|v| {
                if wanted(v) {
                    v.notes
                        .iter()
                        .filter_map(|id| index_of.get(id).copied())
                        .collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        let found = threads::strands_of(&self.engine_notes(), &members, &self.options());
        for (view, strands) in views.iter_mut().zip(found) {
            view.strands = strands
                .into_iter()
                .map(|s| {
                    let chosen: HashSet<String> = s
                        .notes
                        .iter()
                        .map(|&i| self.notes[i].id.to_string())
                        .collect();
                    Strand {
                        title: at_most(&s.title, MAX_TITLE),
                        notes: view
                            .notes
                            .iter()
                            .filter(|id| chosen.contains(*id))
                            .cloned()
                            .collect(),
                    }
                })
                .collect();
        }
    }

    fn read(r: &cafe_store::Read<'_>, cafe_id: Uuid) -> Result<Stored, cafe_store::StoreError> {
        let cafe = r.cafe(cafe_id)?;
        Ok(Stored {
            tables: r.tables(cafe_id)?,
            rounds: r.rounds(cafe_id)?,
            notes: r.notes(cafe_id)?,
            threads: r.threads(cafe_id)?,
            placements: r.placements(cafe_id)?,
            min_tables: r
                .meta(&min_tables_key(cafe_id))?
                .and_then(|v| v.parse().ok())
                .unwrap_or(2),
            language: cafe.details.language,
        })
    }

    /// The board as the facilitator sees it; `with_strands` works out each thread's strands too (the board screen
    /// shows them; reports do not need them, and they cost an analysis of every note).
    fn board(&self, cafe_id: Uuid, with_strands: bool) -> ThreadBoard {
        let table_pos: HashMap<Uuid, usize> = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        let round_of: HashMap<Uuid, u32> = self.rounds.iter().map(|r| (r.id, r.number)).collect();
        let note_of: HashMap<Uuid, &NoteRecord> = self.notes.iter().map(|n| (n.id, n)).collect();
        let mut members: HashMap<Uuid, Vec<&NoteRecord>> = HashMap::new();
        let mut placed: HashSet<Uuid> = HashSet::new();
        for p in &self.placements {
            let Some(note) = note_of.get(&p.note_id) else {
                continue;
            };
            placed.insert(p.note_id);
            if let Some(t) = p.thread_id {
                members.entry(t).or_default().push(note);
            }
        }
        let in_thread: HashSet<Uuid> = members.values().flatten().map(|n| n.id).collect();
        let mut views: Vec<ThreadView> = self
            .threads
            .iter()
            .map(|t| {
                let mut notes = members.remove(&t.id).unwrap_or_default();
                notes.sort_by_key(|n| {
                    (
                        table_pos.get(&n.table_id).copied().unwrap_or(usize::MAX),
                        round_of.get(&n.round_id).copied().unwrap_or(0),
                        n.created_at,
                    )
                });
                let mut tables: Vec<Uuid> = notes.iter().map(|n| n.table_id).collect();
                tables.sort_by_key(|id| table_pos.get(id).copied().unwrap_or(usize::MAX));
                tables.dedup();
                let mut rounds: Vec<u32> = notes
                    .iter()
                    .filter_map(|n| round_of.get(&n.round_id).copied())
                    .collect();
                rounds.sort_unstable();
                rounds.dedup();
                ThreadView {
                    id: t.id.to_string(),
                    title: t.title.clone(),
                    synthesis: t.synthesis.clone(),
                    keywords: t.keywords.clone(),
                    curated: t.curated,
                    pinned: t.pinned,
                    hidden: t.hidden,
                    common: tables.len() as u32 >= self.min_tables,
                    notes: notes.iter().map(|n| n.id.to_string()).collect(),
                    tables: tables.iter().map(ToString::to_string).collect(),
                    rounds,
                    strands: Vec::new(),
                }
            })
            .collect();
        if with_strands {
            self.add_strands(&mut views);
        }
        views.sort_by(|a, b| {
            b.pinned
                .cmp(&a.pinned)
                .then(b.tables.len().cmp(&a.tables.len()))
                .then(b.notes.len().cmp(&a.notes.len()))
                .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
                .then_with(|| a.id.cmp(&b.id))
        });
        let unthreaded = self
            .notes
            .iter()
            .filter(|n| placed.contains(&n.id) && !in_thread.contains(&n.id))
            .map(|n| n.id.to_string())
            .collect();
        let fresh = self
            .notes
            .iter()
            .filter(|n| !placed.contains(&n.id))
            .map(|n| n.id.to_string())
            .collect();
        ThreadBoard {
            cafe_id: cafe_id.to_string(),
            threads: views,
            unthreaded,
            fresh,
            min_tables: self.min_tables,
        }
    }
}

/// At most `max` characters of `text` (a title a thread gets without the facilitator typing it).
fn at_most(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn check_title(title: &str) -> Result<String, ApiError> {
    let title: String = title
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(ApiError {
            field: Some("title".into()),
            ..ApiError::new(ErrorCode::InvalidInput, "A thread needs a title.")
        });
    }
    if title.chars().count() > MAX_TITLE {
        return Err(ApiError {
            field: Some("title".into()),
            ..ApiError::new(
                ErrorCode::InvalidInput,
                format!("A thread's title has at most {MAX_TITLE} characters."),
            )
        });
    }
    Ok(title)
}

/// The board of café `cafe_id` as `r` sees it, without strands (for reports that read everything in one snapshot).
pub(crate) fn board_in(
    r: &cafe_store::Read<'_>,
    cafe_id: Uuid,
) -> Result<ThreadBoard, cafe_store::StoreError> {
    Ok(Stored::read(r, cafe_id)?.board(cafe_id, false))
}

impl Api {
    fn thread_board(&self, cafe_id: Uuid) -> Result<ThreadBoard, ApiError> {
        let stored = self.store.read(|r| Stored::read(r, cafe_id))?;
        Ok(stored.board(cafe_id, true))
    }

    pub fn get_threads(&self, req: ById) -> Result<ThreadBoard, ApiError> {
        self.thread_board(id(&req.id, "id")?)
    }

    pub fn detect_threads(&self, req: DetectThreads) -> Result<ThreadBoard, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        if let Some(n) = req.min_tables
            && !(1..=MAX_MIN_TABLES).contains(&n)
        {
            return Err(ApiError {
                field: Some("min_tables".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    "A common thread is raised at 1 to 50 tables.",
                )
            });
        }
        self.store.write(|w| {
            if let Some(n) = req.min_tables {
                w.set_meta(&min_tables_key(cafe_id), &n.to_string())?;
            }
            let stored = Stored::read(w, cafe_id)?;
            detect_into(w, cafe_id, &stored)
        })?;
        self.thread_board(cafe_id)
    }

    pub fn update_thread(&self, req: UpdateThread) -> Result<ThreadBoard, ApiError> {
        let thread_id = id(&req.id, "id")?;
        let title = req.title.as_deref().map(check_title).transpose()?;
        let synthesis = req.synthesis.map(|s| {
            s.chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect::<String>()
                .trim()
                .to_owned()
        });
        if let Some(s) = &synthesis
            && s.chars().count() > MAX_SYNTHESIS
        {
            return Err(ApiError {
                field: Some("synthesis".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("A synthesis has at most {MAX_SYNTHESIS} characters."),
                )
            });
        }
        let cafe_id = self.store.write(|w| {
            let mut t = w.thread(thread_id)?;
            if let Some(title) = title {
                t.title = title;
            }
            if let Some(s) = synthesis {
                t.synthesis = s;
            }
            if let Some(p) = req.pinned {
                t.pinned = p;
            }
            if let Some(h) = req.hidden {
                t.hidden = h;
            }
            t.curated = true;
            w.update_thread(&t)?;
            Ok(t.cafe_id)
        })?;
        self.thread_board(cafe_id)
    }

    pub fn move_thread_note(&self, req: MoveThreadNote) -> Result<ThreadBoard, ApiError> {
        let note_id = id(&req.note_id, "note_id")?;
        let target = req
            .thread_id
            .as_deref()
            .map(|t| id(t, "thread_id"))
            .transpose()?;
        let cafe_id = self.store.write(|w| {
            let note = w.note(note_id)?;
            let stored = Stored::read(w, note.cafe_id)?;
            if let Some(t) = target {
                let thread = w.thread(t)?;
                if thread.cafe_id != note.cafe_id {
                    return Err(cafe_store::StoreError::Conflict(
                        "the note and the thread belong to different cafés".into(),
                    ));
                }
            }
            let from = stored
                .placements
                .iter()
                .find(|p| p.note_id == note_id)
                .and_then(|p| p.thread_id);
            for t in [from, target].into_iter().flatten() {
                curate(w, t)?;
            }
            w.place_note(note.cafe_id, note_id, target, true)?;
            Ok(note.cafe_id)
        })?;
        self.thread_board(cafe_id)
    }

    pub fn merge_threads(&self, req: MergeThreads) -> Result<ThreadBoard, ApiError> {
        let into = id(&req.into, "into")?;
        let from: Vec<Uuid> = req
            .from
            .iter()
            .map(|f| id(f, "from"))
            .collect::<Result<_, _>>()?;
        if from.is_empty() || from.contains(&into) {
            return Err(ApiError::invalid_request(
                "merge needs other threads than the one they go into",
            ));
        }
        let cafe_id = self.store.write(|w| {
            let target = w.thread(into)?;
            let stored = Stored::read(w, target.cafe_id)?;
            let mut keywords = target.keywords.clone();
            for f in &from {
                let source = w.thread(*f)?;
                if source.cafe_id != target.cafe_id {
                    return Err(cafe_store::StoreError::Conflict(
                        "threads of different cafés cannot be merged".into(),
                    ));
                }
                for k in &source.keywords {
                    if !keywords.contains(k) {
                        keywords.push(k.clone());
                    }
                }
                for p in stored.placements.iter().filter(|p| p.thread_id == Some(*f)) {
                    w.place_note(target.cafe_id, p.note_id, Some(into), true)?;
                }
                w.delete_thread(*f)?;
            }
            let mut t = w.thread(into)?;
            t.keywords = keywords;
            t.curated = true;
            w.update_thread(&t)?;
            Ok(t.cafe_id)
        })?;
        self.thread_board(cafe_id)
    }

    pub fn split_thread(&self, req: SplitThread) -> Result<ThreadBoard, ApiError> {
        let source = id(&req.id, "id")?;
        let notes: Vec<Uuid> = req
            .note_ids
            .iter()
            .map(|n| id(n, "note_ids"))
            .collect::<Result<_, _>>()?;
        if notes.is_empty() {
            return Err(ApiError {
                field: Some("note_ids".into()),
                ..ApiError::invalid_request("choose the notes that make the new thread")
            });
        }
        let title = req.title.as_deref().map(check_title).transpose()?;
        let cafe_id = self.store.write(|w| {
            let thread = w.thread(source)?;
            let stored = Stored::read(w, thread.cafe_id)?;
            for n in &notes {
                let inside = stored
                    .placements
                    .iter()
                    .any(|p| p.note_id == *n && p.thread_id == Some(source));
                if !inside {
                    return Err(cafe_store::StoreError::Conflict(
                        "a note to split off is not in this thread (any more)".into(),
                    ));
                }
            }
            let title =
                title.unwrap_or_else(|| at_most(&format!("{} (2)", thread.title), MAX_TITLE));
            let new = w.insert_thread(thread.cafe_id, &title, &[], true)?;
            for n in &notes {
                w.place_note(thread.cafe_id, *n, Some(new), true)?;
            }
            curate(w, source)?;
            Ok(thread.cafe_id)
        })?;
        self.thread_board(cafe_id)
    }

    /// The notes of a café that say the words of `query`, and those that say them in other words.
    pub fn search_notes(&self, req: SearchNotes) -> Result<NoteSearch, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        if req.query.chars().count() > MAX_QUERY {
            return Err(ApiError {
                field: Some("query".into()),
                ..ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("A search has at most {MAX_QUERY} characters."),
                )
            });
        }
        let stored = self.store.read(|r| Stored::read(r, cafe_id))?;
        let found = threads::search::search(&req.query, &stored.engine_notes(), &stored.options());
        let hits = |list: Vec<threads::search::Hit>| -> Vec<NoteHit> {
            list.into_iter()
                .map(|h| NoteHit {
                    note_id: stored.notes[h.note].id.to_string(),
                    marks: h.marks,
                    other_words: h.other_words,
                })
                .collect()
        };
        Ok(NoteSearch {
            query: req.query,
            found: hits(found.found),
            related: hits(found.related),
        })
    }

    /// Gathers notes from anywhere on the board into a new curated thread. The threads they came from count as
    /// curated; one that is left without notes goes, as it no longer says anything — unless the facilitator wrote
    /// its synthesis or pinned it.
    pub fn gather_thread(&self, req: GatherThread) -> Result<ThreadBoard, ApiError> {
        let cafe_id = id(&req.cafe_id, "cafe_id")?;
        let mut notes: Vec<Uuid> = Vec::with_capacity(req.note_ids.len());
        for n in &req.note_ids {
            let n = id(n, "note_ids")?;
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
        if notes.is_empty() {
            return Err(ApiError {
                field: Some("note_ids".into()),
                ..ApiError::invalid_request("choose the notes that make the new thread")
            });
        }
        let title = check_title(&req.title)?;
        self.store.write(|w| {
            let stored = Stored::read(w, cafe_id)?;
            let ours: HashSet<Uuid> = stored.notes.iter().map(|n| n.id).collect();
            if let Some(n) = notes.iter().find(|n| !ours.contains(n)) {
                // A note of another café, or one deleted meanwhile (kept for undo, but no longer listed).
                if w.note(*n)?.cafe_id != cafe_id {
                    return Err(cafe_store::StoreError::Conflict(
                        "a note to gather belongs to another café".into(),
                    ));
                }
                return Err(cafe_store::StoreError::NotFound {
                    entity: "note",
                    id: n.to_string(),
                });
            }
            let chosen: HashSet<Uuid> = notes.iter().copied().collect();
            let sources: BTreeMap<Uuid, usize> = stored
                .placements
                .iter()
                .filter(|p| chosen.contains(&p.note_id))
                .filter_map(|p| p.thread_id)
                .fold(BTreeMap::new(), |mut m, t| {
                    *m.entry(t).or_default() += 1;
                    m
                });
            let new = w.insert_thread(cafe_id, &title, &[], true)?;
            for n in &notes {
                w.place_note(cafe_id, *n, Some(new), true)?;
            }
            for (t, taken) in sources {
                let Some(thread) = stored.threads.iter().find(|x| x.id == t) else {
                    continue;
                };
                let had = stored
                    .placements
                    .iter()
                    .filter(|p| p.thread_id == Some(t))
                    .count();
                let keeps_something = thread.pinned || !thread.synthesis.is_empty();
                if taken >= had && !keeps_something {
                    w.delete_thread(t)?;
                } else {
                    curate(w, t)?;
                }
            }
            Ok(())
        })?;
        self.thread_board(cafe_id)
    }

    /// Deletes a thread; its notes go back to no thread, placed by the facilitator (detection leaves them there).
    pub fn delete_thread(&self, req: ById) -> Result<ThreadBoard, ApiError> {
        let thread_id = id(&req.id, "id")?;
        let cafe_id = self.store.write(|w| {
            let thread = w.thread(thread_id)?;
            let stored = Stored::read(w, thread.cafe_id)?;
            for p in stored
                .placements
                .iter()
                .filter(|p| p.thread_id == Some(thread_id))
            {
                w.place_note(thread.cafe_id, p.note_id, None, true)?;
            }
            w.delete_thread(thread_id)?;
            Ok(thread.cafe_id)
        })?;
        self.thread_board(cafe_id)
    }
}

/// Marks a thread curated (kept as it is by detection).
fn curate(w: &mut cafe_store::Write<'_>, thread_id: Uuid) -> Result<(), cafe_store::StoreError> {
    let mut t = w.thread(thread_id)?;
    if !t.curated {
        t.curated = true;
        w.update_thread(&t)?;
    }
    Ok(())
}

/// Runs detection on the café and stores the result: notes the facilitator placed stay; the other notes are first
/// proposed into curated threads, then the rest clustered into new threads, which replace the threads detection
/// made before (keeping an old thread's id when it holds most of the same notes).
fn detect_into(
    w: &mut cafe_store::Write<'_>,
    cafe_id: Uuid,
    s: &Stored,
) -> Result<(), cafe_store::StoreError> {
    let engine_notes = s.engine_notes();
    let index_of: HashMap<Uuid, usize> =
        s.notes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let placement: HashMap<Uuid, &Placement> =
        s.placements.iter().map(|p| (p.note_id, p)).collect();
    let curated: Vec<&ThreadRecord> = s.threads.iter().filter(|t| t.curated).collect();
    let curated_ids: HashSet<Uuid> = curated.iter().map(|t| t.id).collect();

    // Notes that stay where they are: placed by the facilitator, or already in a curated thread.
    let stays = |n: &NoteRecord| {
        placement.get(&n.id).is_some_and(|p| {
            p.by_facilitator || p.thread_id.is_some_and(|t| curated_ids.contains(&t))
        })
    };
    let free: Vec<usize> = s
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| !stays(n))
        .map(|(i, _)| i)
        .collect();

    // 1. Proposed into the curated threads.
    let existing: Vec<ExistingThread> = curated
        .iter()
        .map(|t| ExistingThread {
            notes: s
                .placements
                .iter()
                .filter(|p| p.thread_id == Some(t.id))
                .filter_map(|p| index_of.get(&p.note_id).copied())
                .collect(),
            keywords: t
                .keywords
                .iter()
                .cloned()
                .chain(t.title.split_whitespace().map(str::to_owned))
                .collect(),
        })
        .collect();
    let proposed = if existing.is_empty() || free.is_empty() {
        vec![None; free.len()]
    } else {
        threads::assign(&existing, &engine_notes, &free)
    };
    let mut rest: Vec<usize> = Vec::new();
    for (&i, target) in free.iter().zip(&proposed) {
        match target {
            Some(k) => w.place_note(cafe_id, s.notes[i].id, Some(curated[*k].id), false)?,
            None => rest.push(i),
        }
    }

    // 2. New threads among the rest, replacing detection's own threads.
    let subset: Vec<ThreadNote> = rest.iter().map(|&i| engine_notes[i].clone()).collect();
    let found = threads::detect(&subset, &s.options());
    let mut old: BTreeMap<Uuid, HashSet<Uuid>> = s
        .threads
        .iter()
        .filter(|t| !t.curated)
        .map(|t| (t.id, HashSet::new()))
        .collect();
    for p in &s.placements {
        if let Some(t) = p.thread_id
            && let Some(set) = old.get_mut(&t)
        {
            set.insert(p.note_id);
        }
    }
    let mut kept: HashSet<Uuid> = HashSet::new();
    for thread in &found.threads {
        let members: Vec<Uuid> = thread.notes.iter().map(|&i| s.notes[i].id).collect();
        // The old detected thread holding most of these notes (more than half) keeps its id.
        let reuse = old
            .iter()
            .filter(|(id, _)| !kept.contains(*id))
            .map(|(id, set)| (*id, members.iter().filter(|m| set.contains(m)).count()))
            .filter(|(_, shared)| *shared * 2 > members.len())
            .max_by_key(|(_, shared)| *shared)
            .map(|(id, _)| id);
        let thread_id = match reuse {
            Some(id) => {
                let mut t = w.thread(id)?;
                t.title = at_most(&thread.title, MAX_TITLE);
                t.keywords = thread.keywords.clone();
                w.update_thread(&t)?;
                id
            }
            None => w.insert_thread(
                cafe_id,
                &at_most(&thread.title, MAX_TITLE),
                &thread.keywords,
                false,
            )?,
        };
        kept.insert(thread_id);
        for m in &members {
            w.place_note(cafe_id, *m, Some(thread_id), false)?;
        }
    }
    for &i in &found.unthreaded {
        w.place_note(cafe_id, s.notes[i].id, None, false)?;
    }
    for id in old.keys().filter(|id| !kept.contains(*id)) {
        w.delete_thread(*id)?;
    }
    Ok(())
}
