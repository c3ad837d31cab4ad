//! The store's behaviour, end to end through its public API: cafés and their parts, change events, transactions,
//! old schemas upgraded, damaged files refused, and a writer killed with SIGKILL in the middle of its work.

use std::sync::{Arc, Mutex};

use cafe_core::{AttendeeInput, CafeDetails, Format, Role, RoundInput, TableInput};
use cafe_store::{Action, Change, Entity, Store, StoreError, migrations};

fn details(title: &str) -> CafeDetails {
    CafeDetails {
        title: title.into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 8, 24),
        venue: "Hall C".into(),
        facilitator: "Marta".into(),
        language: "en".into(),
        format: Format::WorldCafe,
        move_minutes: 2,
    }
}

fn rounds(n: usize) -> Vec<RoundInput> {
    (1..=n)
        .map(|i| RoundInput {
            question: format!("Question {i}"),
            duration_minutes: 20,
        })
        .collect()
}

fn tables(n: usize) -> Vec<TableInput> {
    (1..=n)
        .map(|i| TableInput {
            name: format!("Table {i}"),
            capacity: 6,
            topic: None,
            host_id: None,
        })
        .collect()
}

fn people(n: usize) -> Vec<AttendeeInput> {
    (0..n)
        .map(|i| AttendeeInput {
            name: format!("Person {i:05}"),
            organisation: None,
            email: None,
            role: Role::Traveller,
        })
        .collect()
}

#[test]
fn cafe_round_trip_and_order() {
    let store = Store::open_in_memory().unwrap();
    let id = store
        .write(|w| w.insert_cafe(&details("A"), &rounds(3), &tables(2)))
        .unwrap();
    let r = store.read(|r| r.cafe_record(id)).unwrap();
    assert_eq!(r.cafe.details, details("A"));
    assert_eq!(
        r.rounds.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        r.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Table 1", "Table 2"]
    );
    assert_eq!(r.cafe.id.get_version_num(), 7);

    // Move the third round to the front, then delete the middle one: numbers stay 1..n.
    let third = r.rounds[2].id;
    store.write(|w| w.move_round(third, 1)).unwrap();
    let qs = |s: &Store| {
        s.read(|r| r.rounds(id))
            .unwrap()
            .iter()
            .map(|r| (r.number, r.question.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        qs(&store),
        [
            (1, "Question 3".into()),
            (2, "Question 1".into()),
            (3, "Question 2".into())
        ]
    );
    let middle = store.read(|r| r.rounds(id)).unwrap()[1].id;
    store.write(|w| w.delete_round(middle)).unwrap();
    assert_eq!(
        qs(&store),
        [(1, "Question 3".into()), (2, "Question 2".into())]
    );
    let err = store.write(|w| w.move_round(third, 5)).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
}

#[test]
fn table_rules() {
    let store = Store::open_in_memory().unwrap();
    let id = store
        .write(|w| w.insert_cafe(&details("A"), &rounds(1), &tables(2)))
        .unwrap();
    let clash = TableInput {
        name: "table 1".into(),
        capacity: 4,
        topic: None,
        host_id: None,
    };
    let err = store.write(|w| w.insert_table(id, &clash)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is already a table named \"Table 1\""
    );

    let ana = store.write(|w| w.insert_attendees(id, &people(1))).unwrap()[0];
    let t = store.read(|r| r.tables(id)).unwrap();
    let hosted = TableInput {
        name: "Table 1".into(),
        capacity: 6,
        topic: Some("Open data".into()),
        host_id: Some(ana),
    };
    store.write(|w| w.update_table(t[0].id, &hosted)).unwrap();
    // Hosting makes the attendee a host.
    assert_eq!(store.read(|r| r.attendees(id)).unwrap()[0].role, Role::Host);
    // One table per host.
    let second = TableInput {
        host_id: Some(ana),
        ..tables(2)[1].clone()
    };
    let err = store
        .write(|w| w.update_table(t[1].id, &second))
        .unwrap_err();
    assert_eq!(err.to_string(), "Person 00000 already hosts \"Table 1\"");
    // A host from another café is not found.
    let other = store
        .write(|w| w.insert_cafe(&details("B"), &rounds(1), &[]))
        .unwrap();
    let stranger = store
        .write(|w| w.insert_attendees(other, &people(1)))
        .unwrap()[0];
    let err = store.write(|w| {
        w.update_table(
            t[1].id,
            &TableInput {
                host_id: Some(stranger),
                ..tables(2)[1].clone()
            },
        )
    });
    assert!(matches!(err, Err(StoreError::NotFound { .. })));
    // Deleting the host leaves the table without one.
    store.write(|w| w.delete_attendee(ana)).unwrap();
    assert_eq!(store.read(|r| r.tables(id)).unwrap()[0].host_id, None);
}

#[test]
fn deleting_a_cafe_deletes_everything_in_it() {
    let store = Store::open_in_memory().unwrap();
    let a = store
        .write(|w| w.insert_cafe(&details("A"), &rounds(2), &tables(2)))
        .unwrap();
    let b = store
        .write(|w| w.insert_cafe(&details("B"), &rounds(2), &tables(2)))
        .unwrap();
    store.write(|w| w.insert_attendees(a, &people(10))).unwrap();
    store.write(|w| w.delete_cafe(a)).unwrap();
    let list = store.read(|r| r.list_cafes()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (
            list[0].cafe.id,
            list[0].rounds,
            list[0].tables,
            list[0].attendees
        ),
        (b, 2, 2, 0)
    );
    assert!(matches!(
        store.read(|r| r.cafe_record(a)),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.write(|w| w.delete_cafe(a)),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn writes_announce_changes_after_commit_and_failed_writes_change_nothing() {
    let store = Store::open_in_memory().unwrap();
    let seen: Arc<Mutex<Vec<Change>>> = Arc::default();
    let sink = seen.clone();
    store.subscribe(move |c| sink.lock().unwrap().extend_from_slice(c));

    let id = store
        .write(|w| w.insert_cafe(&details("A"), &rounds(1), &[]))
        .unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Change {
                cafe_id: id,
                entity: Entity::Cafe,
                action: Action::Created
            },
            Change {
                cafe_id: id,
                entity: Entity::Round,
                action: Action::Created
            }
        ]
    );
    seen.lock().unwrap().clear();

    // A command that fails half-way leaves no trace and announces nothing.
    let result: Result<(), StoreError> = store.write(|w| {
        w.insert_attendees(id, &people(5))?;
        w.insert_table(id, &tables(1)[0])?;
        w.insert_table(id, &tables(1)[0])?; // same name: conflict
        Ok(())
    });
    assert!(matches!(result, Err(StoreError::Conflict(_))));
    let r = store.read(|r| r.cafe_record(id)).unwrap();
    assert_eq!((r.attendees.len(), r.tables.len()), (0, 0));
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn ten_thousand_attendees_in_one_transaction() {
    let store = Store::open_in_memory().unwrap();
    let id = store
        .write(|w| w.insert_cafe(&details("Big"), &rounds(3), &tables(20)))
        .unwrap();
    let ids = store
        .write(|w| w.insert_attendees(id, &people(10_000)))
        .unwrap();
    assert_eq!(ids.len(), 10_000);
    let list = store.read(|r| r.attendees(id)).unwrap();
    assert_eq!(list.len(), 10_000);
    assert_eq!(list[0].name, "Person 00000");
}

#[test]
fn a_database_of_the_first_schema_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        // Made by the first schema version, as the first release wrote it.
        let conn = Store::open_at_version(&path, 1).unwrap();
        assert_eq!(migrations::version(&conn).unwrap(), 1);
        conn.execute_batch(
            "INSERT INTO cafe VALUES ('0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f', 'Old café', '2025-05-01', 'Room 1', 'Kim',
                                      'de', 'knowledge_cafe', 3, '2025-05-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z');
             INSERT INTO round VALUES ('0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e60', '0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f', 1, 'Warum?', 25);
             INSERT INTO attendee VALUES ('0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e61', '0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f',
                                          'Jonas', 'Stadtbibliothek', 'jonas@example.de', 'host');
             INSERT INTO cafe_table VALUES ('0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e62', '0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f', 1,
                                            'Tisch 1', 8, 'Offene Daten', '0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e61');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let list = store.read(|r| r.list_cafes()).unwrap();
    assert_eq!(list.len(), 1);
    let r = store.read(|r| r.cafe_record(list[0].cafe.id)).unwrap();
    assert_eq!(r.cafe.details.title, "Old café");
    assert_eq!(r.cafe.details.format, Format::KnowledgeCafe);
    assert_eq!(r.rounds[0].duration_minutes, 25);
    assert_eq!(r.tables[0].host_id, Some(r.attendees[0].id));
    // Schema 6 gave the old table a join token (128 bits from randomblob, as hex), which opens that table.
    let tokens = store.read(|r| r.table_tokens(list[0].cafe.id)).unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].0, r.tables[0].id);
    assert_eq!(tokens[0].1.len(), 32);
    assert!(tokens[0].1.bytes().all(|b| b.is_ascii_hexdigit()));
    let opened = store
        .read(|r| r.table_by_token(&tokens[0].1))
        .unwrap()
        .unwrap();
    assert_eq!(opened.table_id, r.tables[0].id);
    // A new token replaces it: the old one opens nothing any more.
    let new = store.write(|w| w.set_table_token(r.tables[0].id)).unwrap();
    assert!(new.len() >= 32 && new != tokens[0].1);
    assert!(
        store
            .read(|r| r.table_by_token(&tokens[0].1))
            .unwrap()
            .is_none()
    );
    // What the second schema added works on the upgraded file.
    store.write(|w| w.set_meta("demo_created", "yes")).unwrap();
    assert_eq!(
        store.read(|r| r.meta("demo_created")).unwrap().as_deref(),
        Some("yes")
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        migrations::version(&conn).unwrap(),
        migrations::SCHEMA_VERSION
    );
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", migrations::SCHEMA_VERSION + 5)
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        migrations::version(&conn).unwrap(),
        migrations::SCHEMA_VERSION + 5
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    let junk = b"Name,Email\nAna,ana@example.org\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(
        err.to_string().contains("is not a Knowledge Café database"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

/// Attendees each writer command adds, in one transaction with its café.
const PER_COMMAND: usize = 400;
const CHILD_ENV: &str = "CAFE_STORE_TEST_WRITER_DB";

/// When started by `a_writer_killed_mid_write_leaves_a_clean_database`, writes cafés until it is killed.
fn child_writer() -> bool {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return false;
    };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    for i in 0.. {
        store
            .write(|w| {
                let id = w.insert_cafe(&details(&format!("Café {i}")), &rounds(3), &tables(4))?;
                w.insert_attendees(id, &people(PER_COMMAND))?;
                Ok(())
            })
            .unwrap();
    }
    true
}

#[test]
fn a_writer_killed_mid_write_leaves_a_clean_database() {
    if child_writer() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.sqlite3");
    drop(Store::open(&path).unwrap());
    let mut committed_before = 0;
    for attempt in 0..5u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "a_writer_killed_mid_write_leaves_a_clean_database",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it commit a few cafés, then kill it at a moment that varies from run to run.
        let store = Store::open(&path).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let n = store.read(|r| r.list_cafes()).unwrap().len();
            if n >= committed_before + 2 || std::time::Instant::now() > deadline {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(3 + attempt * 7));
        drop(store);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let store = Store::open(&path).unwrap();
        store.integrity_check().unwrap();
        let list = store.read(|r| r.list_cafes()).unwrap();
        assert!(
            list.len() > committed_before,
            "attempt {attempt}: the writer committed nothing"
        );
        for c in &list {
            assert_eq!(
                (c.rounds, c.tables, c.attendees as usize),
                (3, 4, PER_COMMAND),
                "attempt {attempt}: {} was half written",
                c.cafe.details.title
            );
        }
        committed_before = list.len();
    }
}

#[test]
fn seats_follow_the_cafe_and_absences_free_seats() {
    use cafe_store::{PlanInfo, SeatRecord};
    let store = Store::open_in_memory().unwrap();
    let id = store
        .write(|w| w.insert_cafe(&details("Seated"), &rounds(2), &tables(2)))
        .unwrap();
    let people = store.write(|w| w.insert_attendees(id, &people(3))).unwrap();
    let r = store.read(|r| r.cafe_record(id)).unwrap();
    let seat = |round: usize, p: usize, t: usize| SeatRecord {
        round_id: r.rounds[round].id,
        attendee_id: people[p],
        table_id: r.tables[t].id,
        locked: false,
    };
    let info = PlanInfo {
        generated_at: chrono::Utc::now(),
        lower_bound: 0,
        elapsed_ms: 3,
        method: "test".into(),
    };
    let seats = [
        seat(0, 0, 0),
        seat(0, 1, 0),
        seat(0, 2, 1),
        seat(1, 0, 1),
        seat(1, 1, 0),
        seat(1, 2, 1),
    ];
    store
        .write(|w| w.replace_seats(id, 1, &seats, &info))
        .unwrap();
    assert_eq!(store.read(|r| r.seats(id)).unwrap().len(), 6);
    assert_eq!(
        store.read(|r| r.plan_info(id)).unwrap().unwrap().method,
        "test"
    );

    // Re-planning from round 2 keeps round 1.
    store
        .write(|w| w.replace_seats(id, 2, &[seat(1, 0, 0)], &info))
        .unwrap();
    let now = store.read(|r| r.seats(id)).unwrap();
    assert_eq!(
        now.iter().filter(|s| s.round_id == r.rounds[0].id).count(),
        3
    );
    assert_eq!(
        now.iter().filter(|s| s.round_id == r.rounds[1].id).count(),
        1
    );

    // Absent: the seat goes; back: no seat until seated again.
    store
        .write(|w| w.set_absent(r.rounds[0].id, people[2], true))
        .unwrap();
    assert_eq!(
        store.read(|r| r.absences(id)).unwrap(),
        [(r.rounds[0].id, people[2])]
    );
    assert!(
        store
            .read(|rd| rd.seat(r.rounds[0].id, people[2]))
            .unwrap()
            .is_none()
    );
    store
        .write(|w| w.set_absent(r.rounds[0].id, people[2], false))
        .unwrap();
    assert!(store.read(|r| r.absences(id)).unwrap().is_empty());

    // Locking needs a seat; moving keeps the lock.
    assert!(matches!(
        store.write(|w| w.set_seat_locked(r.rounds[0].id, people[2], true)),
        Err(StoreError::Conflict(_))
    ));
    store
        .write(|w| w.set_seat_locked(r.rounds[0].id, people[0], true))
        .unwrap();
    store
        .write(|w| w.set_seat(r.rounds[0].id, people[0], Some(r.tables[1].id)))
        .unwrap();
    let moved = store
        .read(|rd| rd.seat(r.rounds[0].id, people[0]))
        .unwrap()
        .unwrap();
    assert_eq!((moved.table_id, moved.locked), (r.tables[1].id, true));

    // Deleting a table, a round or an attendee removes their seats; deleting the café removes the plan.
    store.write(|w| w.delete_table(r.tables[0].id)).unwrap();
    assert!(
        store
            .read(|r| r.seats(id))
            .unwrap()
            .iter()
            .all(|s| s.table_id == r.tables[1].id)
    );
    store.write(|w| w.delete_attendee(people[0])).unwrap();
    assert!(
        store
            .read(|r| r.seats(id))
            .unwrap()
            .iter()
            .all(|s| s.attendee_id != people[0])
    );
    store.write(|w| w.delete_cafe(id)).unwrap();
    assert!(store.read(|r| r.plan_info(id)).unwrap().is_none());
}

/// When started by `a_clock_killed_between_transitions_loses_nothing`, makes clock transitions until killed,
/// printing each one after it is committed.
fn child_clock() -> bool {
    use cafe_core::clock::Schedule;
    let Ok(spec) = std::env::var("CAFE_STORE_TEST_CLOCK") else {
        return false;
    };
    let (path, id) = spec.split_once('|').unwrap();
    let store = Store::open(std::path::Path::new(path)).unwrap();
    let id = uuid::Uuid::parse_str(id).unwrap();
    let schedule = Schedule::from_minutes(&[20, 20, 20], 2, 2);
    for step in 0usize.. {
        let state = store.read(|r| r.clock(id)).unwrap();
        let next = clock_step(&state, &schedule, step);
        store.write(|w| w.set_clock(id, &next)).unwrap();
        println!("committed {step}");
    }
    true
}

/// The child's transition number `step`: start/pause and a second more, alternately, a millisecond apart.
fn clock_step(
    state: &cafe_core::clock::ClockState,
    schedule: &cafe_core::clock::Schedule,
    step: usize,
) -> cafe_core::clock::ClockState {
    use cafe_core::clock::Command;
    let command = if step.is_multiple_of(2) {
        Command::Toggle
    } else {
        Command::Extend { delta_ms: 1_000 }
    };
    state
        .apply(command, schedule, 1_000_000 + step as i64)
        .unwrap()
}

#[test]
fn a_clock_killed_between_transitions_loses_nothing() {
    use std::io::BufRead;
    if child_clock() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clock.sqlite3");
    let id = {
        let store = Store::open(&path).unwrap();
        store
            .write(|w| w.insert_cafe(&details("Running"), &rounds(3), &tables(2)))
            .unwrap()
    };
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "a_clock_killed_between_transitions_loses_nothing",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CAFE_STORE_TEST_CLOCK", format!("{}|{id}", path.display()))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read transitions as the child reports them committed, then kill it in the middle of the next ones.
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut reported = 0usize;
    while reported < 300 {
        let line = lines.next().unwrap().unwrap();
        if let Some(n) = line.strip_prefix("committed ") {
            reported = n.parse().unwrap();
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(&path).unwrap();
    store.integrity_check().unwrap();
    let stored = store.read(|r| r.clock(id)).unwrap();
    // Replay the child's transitions: the stored clock is the state after one of them, no earlier than the last
    // one it reported as committed.
    let schedule = cafe_core::clock::Schedule::from_minutes(&[20, 20, 20], 2, 2);
    let mut state = cafe_core::clock::ClockState::default();
    let mut found = None;
    for step in 0..reported + 10_000 {
        state = clock_step(&state, &schedule, step);
        if state == stored {
            found = Some(step);
            break;
        }
    }
    let found = found.expect("the stored clock is no state the writer made");
    assert!(
        found >= reported,
        "the clock went back from transition {reported} to {found}"
    );
}
