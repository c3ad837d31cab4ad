//! The `cafe` binary as a user runs it: exit codes, output formats and the bad-CSV cases.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> String {
        self.dir.path().join("cafe.sqlite3").display().to_string()
    }

    fn cafe(&self) -> Command {
        let mut c = Command::cargo_bin("cafe").unwrap();
        c.env_remove("KNOWLEDGE_CAFE_DB").arg("--db").arg(self.db());
        c
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }

    fn demo(&self) -> String {
        let out = self
            .cafe()
            .arg("demo")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap().trim().to_owned()
    }

    fn show(&self, id: &str) -> Value {
        self.json(&["show", id, "--json"])
    }

    /// Runs `cafe ARGS`, which must succeed, and reads what it printed as JSON.
    fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cafe()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
}

#[test]
fn demo_list_and_show() {
    let env = Env::new();
    let id = env.demo();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);

    env.cafe()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("{id}\t")));
    let list = env.json(&["list", "--json"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert!(
        list[0]["title"]
            .as_str()
            .unwrap()
            .contains("Knowledge Café")
    );

    let cafe = env.show(&id);
    assert_eq!(cafe["rounds"].as_array().unwrap().len(), 3);
    let table = &cafe["tables"][0];
    for key in ["id", "name", "capacity", "topic", "host"] {
        assert!(table.get(key).is_some(), "table has no {key}");
    }
    assert!(table["host"].is_string());
    let attendee = &cafe["attendees"][0];
    for key in ["id", "name", "organisation", "role"] {
        assert!(attendee.get(key).is_some(), "attendee has no {key}");
    }
    env.cafe()
        .args(["show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tables (6, 42 seats)"));
}

#[test]
fn the_database_can_come_from_the_environment() {
    let env = Env::new();
    let id = env.demo();
    Command::cargo_bin("cafe")
        .unwrap()
        .env("KNOWLEDGE_CAFE_DB", env.db())
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&id));
}

#[test]
fn import_attendees_from_excel_style_csv() {
    let env = Env::new();
    let id = env.demo();
    let csv = "\u{feff}First Name;Last Name;Organisation;E-Mail;Role\r\n\
               Ada;Lovelace;\"Analytical; Engines\";ada@example.org;Host\r\n\
               Grace;Hopper;\"Navy \"\"Labs\"\"\";grace@example.org;\r\n\
               Alan;Turing;\"Bletchley\r\nPark\";alan@example.org;traveller\r\n";
    let file = env.file("people.csv", csv.as_bytes());
    env.cafe()
        .args(["import-attendees", &id, &file])
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 3 attendees"));
    let cafe = env.show(&id);
    let find = |n: &str| {
        cafe["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == n)
            .cloned()
            .unwrap()
    };
    assert_eq!(find("Ada Lovelace")["organisation"], "Analytical; Engines");
    assert_eq!(find("Ada Lovelace")["role"], "host");
    assert_eq!(find("Grace Hopper")["organisation"], "Navy \"Labs\"");
    assert_eq!(find("Alan Turing")["organisation"], "Bletchley Park");
    assert_eq!(cafe["attendees"].as_array().unwrap().len(), 39);

    // Importing the same file again adds nobody.
    env.cafe()
        .args(["import-attendees", &id, &file])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Imported 0 attendees")
                .and(predicate::str::contains("skipped row 2: Ada Lovelace")),
        );
}

fn check_bad_csv(content: &[u8], message: &str) {
    let env = Env::new();
    let id = env.demo();
    let file = env.file("bad.csv", content);
    env.cafe()
        .args(["import-attendees", &id, &file])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains(message).and(predicate::str::contains("Nothing was imported")),
        );
    assert_eq!(
        env.show(&id)["attendees"].as_array().unwrap().len(),
        36,
        "{message}"
    );
}

#[test]
fn bad_csv_files_import_nothing_and_say_where() {
    check_bad_csv(
        b"Name,Email\nAna,ana@example.org\nBo,bo(at)example.org\n",
        "row 3, column \"Email\" (B): \"bo(at)example.org\" is not an e-mail address",
    );
    check_bad_csv(
        b"Name;Role\nAna;host\nBo;speaker\n",
        "row 3, column \"Role\" (B): \"speaker\" is not a role",
    );
    check_bad_csv(
        b"Name,Org\nAna,X\n\"Bo,Y\n",
        "row 3, column A: the quoted value that starts on line 3 is never closed",
    );
    check_bad_csv(
        b"Name,Org\nAna,X,Z\n",
        "row 2, column C: this row has 3 values but the header has 2 columns",
    );
    check_bad_csv(
        b"Name,Org\nAna,X\n,Y\n",
        "row 3, column \"Name\" (A): the name is empty",
    );
    check_bad_csv(
        b"Person,Place\nAna,X\n",
        "no column holds the attendees' names",
    );
    check_bad_csv(b"", "the file is empty");
    check_bad_csv(b"PK\x03\x04\x14\x00\x06\x00", "this is an Excel workbook");
}

#[test]
fn usage_errors_exit_2_and_other_errors_exit_1() {
    let env = Env::new();
    env.cafe().arg("frobnicate").assert().code(2);
    env.cafe().args(["show"]).assert().code(2);
    env.cafe().args(["list", "--yaml"]).assert().code(2);
    env.cafe()
        .args(["show", "0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f", "--json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not exist"));
    env.cafe()
        .args(["show", "not-an-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an id"));
    let id = env.demo();
    env.cafe()
        .args(["import-attendees", &id, "/nonexistent/people.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/people.csv",
        ));
}

#[test]
fn a_damaged_database_is_reported_and_left_alone() {
    let env = Env::new();
    let junk = b"this is not a database, it is a shopping list\n".repeat(100);
    std::fs::write(env.db(), &junk).unwrap();
    env.cafe()
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a Knowledge Café database"));
    assert_eq!(std::fs::read(env.db()).unwrap(), junk);
}

#[test]
fn bench_import_reports_its_figures() {
    let env = Env::new();
    env.cafe()
        .args(["bench", "import", "--rows", "120", "--runs", "2"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("import 120 rows").and(predicate::str::contains("median")),
        );
}

#[test]
fn seating_prints_a_json_seating() {
    let env = Env::new();
    let problem = r#"{"rounds": 3,
        "tables": [{"id": "T2", "capacity": 4}, {"id": "T1", "capacity": 4}, {"id": "Spare", "capacity": 4}],
        "people": [{"id": "host", "host_of": "T1"}, {"id": "a", "group": "Library A"}, {"id": "b", "group": "Library A"},
                   {"id": "c"}, {"id": "d"}, {"id": "e", "present": [2, 3]}, {"id": "f"}],
        "keep_apart": [["c", "d"]], "fixed": [{"person": "f", "round": 1, "table": "Spare"}],
        "time_limit_ms": 500, "seed": 3}"#;
    let file = env.file("problem.json", problem.as_bytes());
    let out = env
        .cafe()
        .args(["seating", &file])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let seating: Value = serde_json::from_str(&text).unwrap();
    let rounds = seating["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 3);
    // Every table, in input order (serde_json's Value sorts keys, so look at the text).
    assert_eq!(rounds[0].as_object().unwrap().len(), 3);
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("T2") < at("T1") && at("T1") < at("Spare"), "{text}");
    for round in rounds {
        assert_eq!(round["T1"][0], "host");
    }
    assert!(
        rounds[0]["Spare"]
            .as_array()
            .unwrap()
            .contains(&Value::from("f"))
    );
    let stats = &seating["stats"];
    for key in [
        "repeat_pairs",
        "lower_bound",
        "max_meetings",
        "elapsed_ms",
        "group_violations",
    ] {
        assert!(stats[key].is_u64(), "stats has no {key}");
    }
    assert!(stats["lower_bound"].as_u64() <= stats["repeat_pairs"].as_u64());
}

#[test]
fn seating_names_the_conflict_and_exits_1() {
    let env = Env::new();
    let check = |problem: &str, message: &str| {
        let file = env.file("problem.json", problem.as_bytes());
        env.cafe()
            .args(["seating", &file])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
    };
    check(
        r#"{"rounds": 3, "tables": [{"id": "T1", "capacity": 2}],
            "people": [{"id": "a"}, {"id": "b"}, {"id": "c", "present": [3]}]}"#,
        "cafe: round 3: 3 present but 2 seats",
    );
    check(
        r#"{"rounds": 1, "tables": [{"id": "T1", "capacity": 3}],
            "people": [{"id": "a", "host_of": "T1"}, {"id": "b", "host_of": "T1"}]}"#,
        "table \"T1\" has two hosts, \"a\" and \"b\"",
    );
    check(
        r#"{"rounds": 1, "tables": [{"id": "T1", "capacity": 3}], "people": [], "keep_appart": []}"#,
        "is not a seating problem: unknown field `keep_appart`",
    );
    env.cafe()
        .args(["seating", "/nonexistent/problem.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/problem.json",
        ));
    env.cafe().args(["seating"]).assert().code(2);
}

#[test]
fn plan_and_export_a_cafes_seating() {
    let env = Env::new();
    let id = env.demo();
    env.cafe()
        .args([
            "export-seating",
            &id,
            "--format",
            "csv",
            "--out",
            &env.file("early.csv", b""),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no seating plan to export yet"));
    env.cafe()
        .args(["plan-seating", &id, "--time-limit-ms", "200"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("Seated 3 rounds: ")
                .and(predicate::str::contains("problem").not()),
        );
    let csv = env.dir.path().join("seating.csv");
    env.cafe()
        .args(["export-seating", &id, "--format", "csv", "--out"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Wrote "));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        1 + 36 * 3
    );
    let pdf = env.dir.path().join("find.pdf");
    env.cafe()
        .args([
            "export-seating",
            &id,
            "--format",
            "find-pdf",
            "--paper",
            "letter",
            "--out",
        ])
        .arg(&pdf)
        .assert()
        .success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    env.cafe()
        .args(["export-seating", &id, "--format", "docx", "--out", "x"])
        .assert()
        .code(2);
    env.cafe()
        .args(["plan-seating", &id, "--from-round", "9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no round 9"));
}

#[test]
fn import_notes_from_tablecloths() {
    let env = Env::new();
    let id = env.demo();
    let good = env.file("notes.csv", "table,note,round,author\nTable 1 · Open science,\"Share data, not just papers\",2,Ana\nTable 3 · Libraries as third places,Stay open late,,\n".as_bytes());
    env.cafe()
        .args(["import-notes", &id, &good])
        .assert()
        .success()
        .stdout("Imported 2 notes.\n");
    let bad = env.file("bad.csv", b"table,note,round\nTable 1 \xc2\xb7 Open science,fine,1\nTable 1 \xc2\xb7 Open science,too late,7\n");
    env.cafe()
        .args(["import-notes", &id, &bad])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("row 3, column \"round\" (C): \"7\" is not a round of this café (1 to 3). Nothing was imported."));
}

#[test]
fn serve_prints_each_tables_join_link_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    let id = env.demo();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cafe"))
        .env_remove("KNOWLEDGE_CAFE_DB")
        .args(["--db", &env.db(), "serve", &id, "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let links: Vec<(String, String)> = (0..6)
        .map(|_| {
            let line = lines.next().unwrap().unwrap();
            let (name, url) = line.split_once('\t').expect("name<TAB>url");
            (name.to_owned(), url.to_owned())
        })
        .collect();
    assert_eq!(
        links[0].0,
        env.show(&id)["tables"][0]["name"].as_str().unwrap()
    );
    let (base, token) = links[0].1.split_once("/join#").unwrap();
    assert!(
        base.starts_with("http://127.0.0.1:") && token.len() >= 22,
        "{}",
        links[0].1
    );
    // The server answers the phone API with that token.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let view: Value = runtime.block_on(async {
        reqwest::get(format!("{base}/api/tables/{token}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(view["table"]["name"], links[0].0.as_str());
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn bench_lan_loses_and_duplicates_nothing() {
    Command::cargo_bin("cafe")
        .unwrap()
        .args(["bench", "lan", "--phones", "6", "--seconds", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("lost 0, duplicated 0"));
}

#[test]
fn threads_of_a_broad_theme_carry_their_strands() {
    let env = Env::new();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/threads/stadtteil_de.csv"
    );
    let json = env.json(&["threads", fixture]);
    let with_strands: Vec<&Value> = json["threads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("subthreads").is_some())
        .collect();
    assert!(!with_strands.is_empty(), "{json}");
    for thread in with_strands {
        let strands = thread["subthreads"].as_array().unwrap();
        assert!(strands.len() >= 2);
        for strand in strands {
            // The same shape, one level only, its notes among the thread's.
            assert!(strand["title"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(strand.get("subthreads").is_none());
            assert!(strand["tables"].as_array().unwrap().len() >= 2);
            for note in strand["notes"].as_array().unwrap() {
                assert!(thread["notes"].as_array().unwrap().contains(note), "{note}");
            }
        }
    }
}

#[test]
fn search_prints_the_notes_that_say_it_and_those_that_say_it_in_other_words() {
    let env = Env::new();
    let csv = "table,round,note\n\
               Table 1,1,\"Noise, every night\"\n\
               Table 2,2,Lärm bis Mitternacht\n\
               Table 3,1,<script>alert('noise')</script>\n\
               Table 4,1,Parking is full\n";
    let file = env.file("notes.csv", csv.as_bytes());
    let out = env
        .cafe()
        .args(["search", &file, "NOISE"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "found": [
                {"table": "Table 1", "round": 1, "text": "Noise, every night", "marks": ["Noise"]},
                {"table": "Table 3", "round": 1, "text": "<script>alert('noise')</script>", "marks": ["noise"]}
            ],
            "related": [
                {"table": "Table 2", "round": 2, "text": "Lärm bis Mitternacht", "marks": ["Lärm"],
                 "other_words": ["Lärm"]}
            ]
        })
    );
    env.cafe().args(["search", &file]).assert().code(2);
    let bad = env.file("bad.csv", b"where,what\nA,x\n");
    env.cafe()
        .args(["search", &bad, "x"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no \"table\" column"));
}

#[test]
fn threads_prints_common_threads_as_json() {
    let env = Env::new();
    let csv = "\u{feff}Table;Round;Note;Colour\r\n\
               Table 1;1;Longer opening hours in the evening;red\r\n\
               Table 2;2;\"Opening hours on Sundays; please\";\r\n\
               Table 10;1;Evening opening hours for students;\r\n\
               Table 1;2;A makerspace with 3D printers;\r\n\
               Table 2;1;Makerspace for kids and 3D printers;\r\n\
               Table 10;3;The parking is full;\r\n";
    let file = env.file("notes.csv", csv.as_bytes());
    let out = env
        .cafe()
        .args(["threads", &file])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let threads = json["threads"].as_array().unwrap();
    assert_eq!(threads.len(), 2, "{text}");
    let first = &threads[0];
    assert_eq!(
        first["tables"],
        serde_json::json!(["Table 1", "Table 2", "Table 10"])
    );
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("Opening hours"),
        "{text}"
    );
    assert!(
        first["keywords"]
            .as_array()
            .unwrap()
            .contains(&Value::from("hours"))
    );
    assert!(first.get("subthreads").is_none());
    // Notes exactly as written, with their table and round.
    assert!(
        first["notes"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(
                {"table": "Table 2", "round": 2, "text": "Opening hours on Sundays; please"}
            ))
    );
    assert_eq!(
        json["unthreaded"],
        serde_json::json!([{"table": "Table 10", "round": 3, "text": "The parking is full"}])
    );
    // Title before keywords: the output keeps the documented key order.
    assert!(text.find("\"title\"").unwrap() < text.find("\"keywords\"").unwrap());

    // Raised at three tables, so not a thread when four are needed.
    let out = env
        .cafe()
        .args(["threads", &file, "--min-tables", "3"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["threads"].as_array().unwrap().len(), 1);
    env.cafe()
        .args(["threads", &file, "--min-tables", "0"])
        .assert()
        .code(2);
    env.cafe().args(["threads"]).assert().code(2);

    let check_bad = |content: &str, message: &str| {
        let bad = env.file("bad.csv", content.as_bytes());
        env.cafe()
            .args(["threads", &bad])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
    };
    check_bad(
        "table,note,round\nA,fine,1\nB,x,zero\n",
        "row 3, column \"round\" (C): \"zero\" is not a round number (1, 2, …)",
    );
    check_bad("where,what\nA,x\n", "no \"table\" column");
    check_bad(
        "table,note\nA,\n",
        "row 2, column \"note\" (B): a note needs some text",
    );
    env.cafe()
        .args(["threads", "/nonexistent/notes.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/notes.csv",
        ));
}

#[test]
fn threads_of_the_edge_cases_fixture() {
    let out = Env::new()
        .cafe()
        .args(["threads"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/threads/edge_cases.csv"
        ))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let texts = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let unthreaded = texts(&json["unthreaded"]);
    for stray in [
        "?",
        "N/A",
        "and the of",
        "🙂👍☕",
        "<script>alert(1)</script>",
    ] {
        assert!(unthreaded.contains(&stray.to_owned()), "{stray} in {json}");
    }
    // The exact duplicate written at two tables is one thread.
    let duplicate = "We need more volunteers for the weekend shifts";
    let holding: Vec<&Value> = json["threads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| texts(&t["notes"]).iter().any(|n| n == duplicate))
        .collect();
    assert_eq!(holding.len(), 1);
    assert_eq!(
        texts(&holding[0]["notes"])
            .iter()
            .filter(|n| *n == duplicate)
            .count(),
        2
    );
}

#[test]
fn bench_threads_is_listed() {
    Env::new()
        .cafe()
        .args(["bench", "threads", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--runs"));
}

#[test]
fn export_writes_the_summary_the_notes_and_the_cafe_file() {
    let env = Env::new();
    let id = env.demo();
    let notes = env.file("notes.csv", "table,note,round\nTable 1 · Open science,Open data needs librarians,1\nTable 2 · Digital inclusion,<script>alert(1)</script>,2\n".as_bytes());
    env.cafe()
        .args(["import-notes", &id, &notes])
        .assert()
        .success();
    for (format, name) in [
        ("md", "s.md"),
        ("pdf", "s.pdf"),
        ("csv", "notes.csv"),
        ("json", "cafe.json"),
    ] {
        let out = env.dir.path().join(name);
        env.cafe()
            .args(["export", &id, "--format", format, "--out"])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains("Wrote"));
        let bytes = std::fs::read(&out).unwrap();
        match format {
            "md" => {
                let md = String::from_utf8(bytes).unwrap();
                assert!(md.contains("Open data needs librarians"));
                assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
            }
            "pdf" => assert!(bytes.starts_with(b"%PDF-")),
            "csv" => assert!(
                String::from_utf8(bytes)
                    .unwrap()
                    .contains("Open data needs librarians")
            ),
            _ => assert!(serde_json::from_slice::<Value>(&bytes).is_ok()),
        }
    }
    // A file name that does not fit the format is refused.
    env.cafe()
        .args(["export", &id, "--format", "pdf", "--out"])
        .arg(env.dir.path().join("s.md"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(".pdf"));
}

/// A café file of the demo café with a note, written by the API from a database of its own.
fn demo_cafe_file(env: &Env) -> Value {
    let path = env.dir.path().join("elsewhere.sqlite3");
    let api = cafe_api::Api::new(std::sync::Arc::new(cafe_store::Store::open(&path).unwrap()));
    let demo = api.create_demo_cafe(cafe_api::dto::NoParams {}).unwrap();
    api.add_note(cafe_api::dto::AddNote {
        table_id: demo.tables[0].id.clone(),
        round_id: demo.rounds[0].id.clone(),
        text: "Open until 22:00 in exam weeks".into(),
        author: None,
    })
    .unwrap();
    let id = uuid::Uuid::parse_str(&demo.id).unwrap();
    serde_json::from_slice(&api.cafe_file_bytes(id).unwrap()).unwrap()
}

fn cafe_ids(env: &Env) -> Vec<String> {
    let list = env.json(&["list", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn import_a_cafe_file_as_a_new_cafe_each_time() {
    let env = Env::new();
    let file = demo_cafe_file(&env);
    let path = env.file("room-a.json", &serde_json::to_vec_pretty(&file).unwrap());
    let import = || {
        let out = env
            .cafe()
            .args(["import", &path])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap().trim().to_owned()
    };
    let first = import();
    let second = import();
    assert_eq!(uuid::Uuid::parse_str(&first).unwrap().get_version_num(), 7);
    assert_ne!(first, second, "side by side, with new ids");
    let mut ids = cafe_ids(&env);
    ids.sort();
    let mut expected = vec![first.clone(), second];
    expected.sort();
    assert_eq!(ids, expected);
    let shown = env.show(&first);
    assert_eq!(shown["title"], file["cafe"]["title"]);
    assert_eq!(shown["attendees"].as_array().unwrap().len(), 36);
    assert_ne!(shown["tables"][0]["id"], file["tables"][0]["id"]);

    // A damaged file, a newer one and a missing one: exit 1, a message naming the file and the place, no café.
    let mut bad = file.clone();
    bad["notes"][0]["table"] = serde_json::json!("no-such-table");
    let bad = env.file("bad.json", &serde_json::to_vec(&bad).unwrap());
    env.cafe()
        .args(["import", &bad])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "bad.json: notes[0].table: there is no table \"no-such-table\"",
        ));
    let text = serde_json::to_vec_pretty(&file).unwrap();
    let cut = env.file("cut.json", &text[..text.len() / 3]);
    env.cafe()
        .args(["import", &cut])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.json: The café file is incomplete",
        ));
    let mut newer = file.clone();
    newer["version"] = serde_json::json!(7);
    let newer = env.file("newer.json", &serde_json::to_vec(&newer).unwrap());
    env.cafe()
        .args(["import", &newer])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "file version 7; this one reads up to 1) — update the app",
        ));
    env.cafe()
        .args(["import", "/no/such/cafe.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read /no/such/cafe.json"));
    assert_eq!(cafe_ids(&env).len(), 2, "nothing more was imported");
}
