//! The API as its clients use it: JSON in, JSON out through `dispatch`, errors with stable codes, imports that are
//! all or nothing, and a TypeScript client that matches the Rust declarations.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine as _;
use cafe_api::{Api, COMMAND_NAMES, Store, typescript};
use serde_json::{Value, json};

fn api() -> Api {
    Api::new(Arc::new(Store::open_in_memory().unwrap()))
}

fn call(api: &Api, command: &str, request: Value) -> Value {
    api.dispatch(command, request)
        .unwrap_or_else(|e| panic!("{command}: {e:?}"))
}

fn error(api: &Api, command: &str, request: Value) -> (String, String, Option<String>) {
    let e = api
        .dispatch(command, request)
        .expect_err("expected an error");
    let v = serde_json::to_value(&e).unwrap();
    (v["code"].as_str().unwrap().to_owned(), e.message, e.field)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn new_cafe(api: &Api, title: &str) -> Value {
    let mut template = call(api, "new_cafe_template", json!({}));
    template["details"]["title"] = json!(title);
    call(api, "create_cafe", template)
}

#[test]
fn template_creates_three_rounds_of_twenty_minutes() {
    let api = api();
    let cafe = new_cafe(&api, "  Future of reading ");
    assert_eq!(cafe["title"], "Future of reading");
    assert_eq!(cafe["move_minutes"], 2);
    let minutes: Vec<_> = cafe["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["duration_minutes"].as_u64().unwrap())
        .collect();
    assert_eq!(minutes, [20, 20, 20]);
    assert_eq!(cafe["tables"].as_array().unwrap().len(), 4);
    let id = cafe["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7);
    let list = call(&api, "list_cafes", json!({}));
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["rounds"], 3);
}

#[test]
fn errors_have_stable_codes_and_name_the_field() {
    let api = api();
    let mut t = call(&api, "new_cafe_template", json!({}));
    t["details"]["title"] = json!(" ");
    assert_eq!(
        error(&api, "create_cafe", t.clone()),
        (
            "invalid_input".into(),
            "The title is required".into(),
            Some("title".into())
        )
    );
    t["details"]["title"] = json!("X");
    t["details"]["date"] = json!("24.08.2026");
    assert_eq!(
        error(&api, "create_cafe", t.clone()).2.as_deref(),
        Some("date")
    );
    t["details"]["date"] = json!("2026-08-24");
    t["rounds"][1]["duration_minutes"] = json!(0);
    assert_eq!(
        error(&api, "create_cafe", t.clone()).2.as_deref(),
        Some("rounds[2].duration_minutes")
    );
    assert_eq!(
        error(&api, "get_cafe", json!({"id": "nope"})).0,
        "invalid_request"
    );
    assert_eq!(
        error(
            &api,
            "get_cafe",
            json!({"id": "0190f0c4-6c1e-7a4b-8e3c-0a1b2c3d4e5f"})
        )
        .0,
        "not_found"
    );
    assert_eq!(error(&api, "get_cafe", json!({})).0, "invalid_request");
    assert_eq!(error(&api, "drop_tables", json!({})).0, "unknown_command");

    let cafe = new_cafe(&api, "X");
    let dup = json!({"cafe_id": cafe["id"], "table": {"name": "TABLE 1", "capacity": 6, "topic": null, "host_id": null}});
    assert_eq!(
        error(&api, "add_table", dup),
        (
            "conflict".into(),
            "there is already a table named \"Table 1\"".into(),
            None
        )
    );
    let first_round = cafe["rounds"][0]["id"].clone();
    call(&api, "delete_round", json!({"id": cafe["rounds"][1]["id"]}));
    call(&api, "delete_round", json!({"id": cafe["rounds"][2]["id"]}));
    assert_eq!(
        error(&api, "delete_round", json!({"id": first_round})).0,
        "conflict"
    );
}

#[test]
fn edit_and_delete_everything() {
    let api = api();
    let cafe = new_cafe(&api, "Edit me");
    let id = cafe["id"].clone();
    let c = call(
        &api,
        "update_cafe",
        json!({"id": id, "details": {"title": "Edited", "date": "2026-09-01", "venue": "Aula",
        "facilitator": "Kim", "language": "de", "format": "knowledge_cafe", "move_minutes": 3}}),
    );
    assert_eq!(
        (
            c["title"].as_str(),
            c["format"].as_str(),
            c["date"].as_str()
        ),
        (Some("Edited"), Some("knowledge_cafe"), Some("2026-09-01"))
    );

    let c = call(
        &api,
        "add_attendee",
        json!({"cafe_id": id, "attendee": {"name": "Ana", "organisation": "Lib", "email": "ana@example.org", "role": "traveller"}}),
    );
    let ana = c["attendees"][0]["id"].clone();
    let table = c["tables"][0]["id"].clone();
    let c = call(
        &api,
        "update_table",
        json!({"id": table, "table": {"name": "Open data", "capacity": 8, "topic": "FAIR data", "host_id": ana}}),
    );
    assert_eq!(c["tables"][0]["host"], "Ana");
    assert_eq!(c["attendees"][0]["role"], "host");
    assert_eq!(c["attendees"][0]["hosts_table_id"], table);
    let c = call(
        &api,
        "update_attendee",
        json!({"id": ana, "attendee": {"name": "Ana Lima", "organisation": null, "email": null, "role": "traveller"}}),
    );
    assert_eq!(c["tables"][0]["host"], Value::Null);
    let c = call(&api, "move_table", json!({"id": table, "to_number": 4}));
    assert_eq!(c["tables"][3]["name"], "Open data");
    let c = call(
        &api,
        "add_round",
        json!({"cafe_id": id, "round": {"question": "What next?", "duration_minutes": 15}}),
    );
    assert_eq!(c["rounds"][3]["number"], 4);
    let last = c["rounds"][3]["id"].clone();
    let c = call(
        &api,
        "update_round",
        json!({"id": last, "round": {"question": "What now?", "duration_minutes": 10}}),
    );
    assert_eq!(c["rounds"][3]["question"], "What now?");
    let c = call(&api, "move_round", json!({"id": last, "to_number": 1}));
    assert_eq!(c["rounds"][0]["question"], "What now?");
    let c = call(&api, "delete_table", json!({"id": table}));
    assert_eq!(c["tables"].as_array().unwrap().len(), 3);
    let c = call(&api, "delete_attendee", json!({"id": ana}));
    assert_eq!(c["attendees"].as_array().unwrap().len(), 0);
    assert_eq!(call(&api, "delete_cafe", json!({"id": id})), Value::Null);
    assert_eq!(call(&api, "list_cafes", json!({})), json!([]));
}

#[test]
fn duplicate_copies_structure_and_optionally_attendees() {
    let api = api();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let copy = call(
        &api,
        "duplicate_cafe",
        json!({"id": demo["id"], "title": "Template", "include_attendees": false}),
    );
    assert_eq!(copy["title"], "Template");
    assert_eq!(copy["tables"].as_array().unwrap().len(), 6);
    assert_eq!(copy["tables"][0]["topic"], demo["tables"][0]["topic"]);
    assert_eq!(copy["tables"][0]["host"], Value::Null);
    assert_eq!(copy["attendees"].as_array().unwrap().len(), 0);
    let full = call(
        &api,
        "duplicate_cafe",
        json!({"id": demo["id"], "title": "Copy", "include_attendees": true}),
    );
    assert_eq!(full["attendees"].as_array().unwrap().len(), 36);
    assert_eq!(full["tables"][0]["host"], demo["tables"][0]["host"]);
    assert_ne!(full["tables"][0]["host_id"], demo["tables"][0]["host_id"]);
    assert_eq!(
        error(
            &api,
            "duplicate_cafe",
            json!({"id": demo["id"], "title": "", "include_attendees": true})
        )
        .2
        .as_deref(),
        Some("title")
    );
}

#[test]
fn first_start_creates_the_demo_once() {
    let api = api();
    assert!(api.first_start().unwrap().is_some());
    assert!(api.first_start().unwrap().is_none());
    let list = call(&api, "list_cafes", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    call(&api, "delete_cafe", json!({"id": list[0]["id"]}));
    assert!(api.first_start().unwrap().is_none());
    assert_eq!(call(&api, "list_cafes", json!({})), json!([]));
}

#[test]
fn csv_import_is_all_or_nothing() {
    let api = api();
    let cafe = new_cafe(&api, "Import");
    let id = cafe["id"].clone();
    let preview = call(
        &api,
        "preview_attendee_import",
        json!({"data_base64": b64("\u{feff}Nom;Prénom;Organisme\nCurie;Marie;Sorbonne\n".as_bytes())}),
    );
    assert_eq!(preview["delimiter"], ";");
    assert_eq!(preview["mapping_complete"], true);
    assert_eq!(preview["mapping"]["last_name"], 0);
    assert_eq!(preview["mapping"]["first_name"], 1);

    let bad = "Name,Email\nAna,ana@example.org\nBo,bo-at-example\n";
    let e = api
        .dispatch(
            "import_attendees",
            json!({"cafe_id": id, "data_base64": b64(bad.as_bytes()), "mapping": null}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "csv_invalid");
    assert_eq!(
        (e.row, e.column.as_deref()),
        (Some(3), Some("\"Email\" (B)"))
    );
    assert!(
        e.message.ends_with("Nothing was imported."),
        "{}",
        e.message
    );
    assert_eq!(
        call(&api, "get_cafe", json!({"id": id}))["attendees"],
        json!([])
    );

    let custom = "Who,Where\nAna,Lib\nBo,Lab\nAna,Lib\n";
    let report = call(
        &api,
        "import_attendees",
        json!({"cafe_id": id, "data_base64": b64(custom.as_bytes()),
        "mapping": {"name": 0, "first_name": null, "last_name": null, "organisation": 1, "email": null, "role": null}}),
    );
    assert_eq!(report["imported"], 2);
    assert_eq!(report["skipped"][0]["row"], 4);
    assert_eq!(report["cafe"]["attendees"][1]["organisation"], "Lab");
    let e = api
        .dispatch(
            "import_attendees",
            json!({"cafe_id": id, "data_base64": "%%%", "mapping": null}),
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("data_base64"));
}

#[test]
fn ten_thousand_rows_import() {
    let api = api();
    let cafe = new_cafe(&api, "Congress");
    let mut csv = String::from("First name;Last name;Organisation;E-mail;Role\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Given{i};\"Family; {i}\";\"Library \"\"{i}\"\"\";p{i}@example.org;{}\n",
            if i % 10 == 0 { "Host" } else { "" }
        ));
    }
    let report = call(
        &api,
        "import_attendees",
        json!({"cafe_id": cafe["id"], "data_base64": b64(csv.as_bytes()), "mapping": null}),
    );
    assert_eq!(report["imported"], 10_000);
    let hosts = report["cafe"]["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["role"] == "host")
        .count();
    assert_eq!(hosts, 1_000);
}

#[test]
fn every_command_is_routed() {
    let api = api();
    for name in COMMAND_NAMES {
        // A request of the wrong shape reaches the command's own decoding, not "unknown command".
        if let Err(e) = api.dispatch(name, json!("not an object")) {
            assert_ne!(
                serde_json::to_value(&e).unwrap()["code"],
                "unknown_command",
                "{name}"
            );
        }
    }
}

#[test]
fn typescript_client_declares_every_type_it_uses() {
    let bindings = typescript::bindings();
    let commands = typescript::commands();
    let imports = commands
        .split("import type {")
        .nth(1)
        .and_then(|s| s.split('}').next())
        .unwrap();
    for name in imports.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        assert!(
            bindings.contains(&format!("export type {name} ")),
            "bindings.ts lacks {name}: list it in typescript::bindings"
        );
    }
    // Every type a declaration refers to is declared too (comments left out).
    let mut code = String::new();
    let mut rest = bindings.as_str();
    while let Some(i) = rest.find("/**") {
        code.push_str(&rest[..i]);
        rest = rest[i..]
            .split_once("*/")
            .map(|(_, after)| after)
            .unwrap_or("");
    }
    code.push_str(rest);
    for (i, _) in code.match_indices([':', '<', '|']) {
        let word: String = code[i + 1..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && !["Array", "Record"].contains(&word.as_str())
        {
            assert!(
                code.contains(&format!("export type {word} ")),
                "bindings.ts uses {word} but does not declare it"
            );
        }
    }
}

#[test]
fn typescript_client_is_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api");
    for (file, text) in [
        ("bindings.ts", typescript::bindings()),
        ("commands.ts", typescript::commands()),
    ] {
        let path = dir.join(file);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p cafe-api` and commit the result",
            path.display()
        );
    }
}

#[test]
fn seating_plan_moves_locks_absences_and_replans() {
    let api = api();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let id = demo["id"].clone();
    let empty = call(&api, "get_seating", json!({"id": id}));
    assert_eq!(empty["generated_at"], Value::Null);
    assert_eq!(empty["rounds"].as_array().unwrap().len(), 3);
    assert!(
        empty["rounds"][0]["tables"][0]["seats"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let plan = call(
        &api,
        "plan_seating",
        json!({"cafe_id": id, "from_round": null, "time_limit_ms": 300}),
    );
    assert!(plan["generated_at"].is_string());
    assert_eq!(plan["stats"]["problems"], json!([]));
    let seated: usize = plan["rounds"][0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seats"].as_array().unwrap().len())
        .sum();
    assert_eq!(seated, 36);
    // Every host sits at their own table in every round.
    for round in plan["rounds"].as_array().unwrap() {
        for (t, table) in round["tables"].as_array().unwrap().iter().enumerate() {
            let host = demo["tables"][t]["host_id"].as_str().unwrap();
            assert!(
                table["seats"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["attendee_id"] == host)
            );
        }
    }
    let r = plan["stats"]["repeat_pairs"].as_u64().unwrap();
    assert!(r >= plan["stats"]["lower_bound"].as_u64().unwrap());

    // Move a traveller of round 1 to another table and lock the seat.
    let round1 = plan["rounds"][0]["round_id"].clone();
    let traveller = plan["rounds"][0]["tables"][0]["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["attendee_id"] != demo["tables"][0]["host_id"])
        .unwrap()["attendee_id"]
        .clone();
    let target = demo["tables"][5]["id"].clone();
    let preview = call(
        &api,
        "preview_move_seat",
        json!({"round_id": round1, "attendee_id": traveller, "table_id": target}),
    );
    let moved = call(
        &api,
        "move_seat",
        json!({"round_id": round1, "attendee_id": traveller, "table_id": target}),
    );
    assert!(
        moved["rounds"][0]["tables"][5]["seats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["attendee_id"] == traveller)
    );
    assert_eq!(preview, moved["stats"]);
    let locked = call(
        &api,
        "lock_seat",
        json!({"round_id": round1, "attendee_id": traveller, "locked": true}),
    );
    let seat = locked["rounds"][0]["tables"][5]["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["attendee_id"] == traveller)
        .cloned()
        .unwrap();
    assert_eq!(seat["locked"], true);

    // Mark someone absent from round 3 and re-plan rounds 2–3: round 1 and the lock stay; round 3 leaves them out.
    let round3 = plan["rounds"][2]["round_id"].clone();
    let leaver = demo["attendees"][3]["id"].clone();
    let after = call(
        &api,
        "set_attendance",
        json!({"round_id": round3, "attendee_id": leaver, "present": false}),
    );
    assert_eq!(after["rounds"][2]["absent"], json!([leaver]));
    let replanned = call(
        &api,
        "plan_seating",
        json!({"cafe_id": id, "from_round": 2, "time_limit_ms": 300}),
    );
    let placements = |plan: &Value| -> Vec<(String, String, bool)> {
        plan["rounds"][0]["tables"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                let table = t["table_id"].as_str().unwrap().to_owned();
                t["seats"].as_array().unwrap().iter().map(move |s| {
                    (
                        table.clone(),
                        s["attendee_id"].as_str().unwrap().to_owned(),
                        s["locked"].as_bool().unwrap(),
                    )
                })
            })
            .collect()
    };
    assert_eq!(placements(&replanned), placements(&locked));
    assert_eq!(replanned["stats"]["problems"], json!([]));
    let in_round3 = replanned["rounds"][2]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["seats"].as_array().unwrap().clone())
        .any(|s| s["attendee_id"] == leaver);
    assert!(!in_round3);

    // An absent person cannot be seated by hand.
    let e = api
        .dispatch(
            "move_seat",
            json!({"round_id": round3, "attendee_id": leaver, "table_id": target}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "conflict");

    let cleared = call(&api, "clear_seating", json!({"id": id}));
    assert_eq!(cleared["generated_at"], Value::Null);
    assert_eq!(cleared["rounds"][2]["absent"], json!([leaver]));
}

#[test]
fn seating_errors_name_the_conflict() {
    let api = api();
    let cafe = new_cafe(&api, "Crowded");
    let id = cafe["id"].clone();
    let e = api
        .dispatch(
            "plan_seating",
            json!({"cafe_id": id, "from_round": null, "time_limit_ms": 100}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "infeasible");
    assert!(e.message.contains("no attendees"), "{}", e.message);
    // 4 tables of 6 = 24 seats for 30 people.
    let csv: String = std::iter::once("Name\n".to_owned())
        .chain((0..30).map(|i| format!("Person {i}\n")))
        .collect();
    call(
        &api,
        "import_attendees",
        json!({"cafe_id": id, "data_base64": b64(csv.as_bytes()), "mapping": null}),
    );
    let e = api
        .dispatch(
            "plan_seating",
            json!({"cafe_id": id, "from_round": null, "time_limit_ms": 100}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "infeasible");
    assert!(
        e.message.contains("30") && e.message.contains("24"),
        "{}",
        e.message
    );
}

#[test]
fn seating_exports_csv_and_pdfs() {
    let api = api();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let id = demo["id"].clone();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let e = api
        .dispatch(
            "export_seating",
            json!({"cafe_id": id, "format": "csv", "paper": null, "path": path("x.csv")}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "conflict");

    call(
        &api,
        "plan_seating",
        json!({"cafe_id": id, "from_round": null, "time_limit_ms": 200}),
    );
    let out = call(
        &api,
        "export_seating",
        json!({"cafe_id": id, "format": "csv", "paper": null, "path": path("seating.csv")}),
    );
    let csv = std::fs::read_to_string(path("seating.csv")).unwrap();
    assert_eq!(out["bytes"].as_u64().unwrap() as usize, csv.len());
    assert!(csv.starts_with("\u{feff}Round,Table,Topic,Name,Organisation,Role,Locked\r\n"));
    assert_eq!(csv.lines().count(), 1 + 36 * 3);
    assert!(csv.contains("Tamati Ngata"));

    for (format, paper, size) in [
        ("table_lists_pdf", "a4", "(A4)"),
        ("find_your_table_pdf", "letter", "(letter)"),
    ] {
        let file = path(&format!("{format}.pdf"));
        call(
            &api,
            "export_seating",
            json!({"cafe_id": id, "format": format, "paper": paper, "path": file}),
        );
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{format}");
        let text = std::process::Command::new("pdftotext")
            .args([file.as_str(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        let text = String::from_utf8_lossy(&text.stdout);
        for name in [
            "Olena Kovalenko",
            "Jean-Baptiste Koné",
            "Tomás Novák",
            "Libraries shaping the future",
        ] {
            assert!(text.contains(name), "{format}: {name} missing");
        }
        let info = std::process::Command::new("pdfinfo")
            .arg(&file)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains(size.split(' ').next().unwrap())), "{format}: {info}");
    }

    let e = api
        .dispatch("export_seating", json!({"cafe_id": id, "format": "csv", "paper": null, "path": "/nonexistent-folder/seating.csv"}))
        .unwrap_err();
    assert_eq!(
        (
            serde_json::to_value(&e).unwrap()["code"].as_str(),
            e.field.as_deref()
        ),
        (Some("file"), Some("path"))
    );
}

#[test]
fn the_round_clock_runs_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clock.sqlite3");
    // The API's clock is pinned: each step sets the time explicitly.
    let time = Arc::new(std::sync::atomic::AtomicI64::new(1_800_000_000_000));
    let at = |t: &Arc<std::sync::atomic::AtomicI64>| -> cafe_api::Now {
        let t = t.clone();
        Arc::new(move || t.load(std::sync::atomic::Ordering::SeqCst))
    };
    let set = |ms: i64| time.store(1_800_000_000_000 + ms, std::sync::atomic::Ordering::SeqCst);
    let api = Api::with_clock(Arc::new(Store::open(&path).unwrap()), at(&time));
    let cafe = new_cafe(&api, "Clocked");
    let id = cafe["id"].clone();
    let clock = call(&api, "get_clock", json!({"id": id}));
    assert_eq!(
        (
            clock["stage"].as_str(),
            clock["phase"].as_str(),
            clock["rounds"].as_u64()
        ),
        (Some("not_started"), Some("planned"), Some(3))
    );

    let run = |command: Value| {
        call(
            &api,
            "run_clock",
            json!({"cafe_id": id, "command": command}),
        )
    };
    let started = run(json!({"kind": "start"}));
    assert_eq!(
        (
            started["stage"].as_str(),
            started["round_number"].as_u64(),
            started["phase"].as_str()
        ),
        (Some("round"), Some(1), Some("running"))
    );
    assert_eq!(started["round_id"], cafe["rounds"][0]["id"]);
    assert_eq!(started["total_ms"], 20 * 60_000);
    set(90_000); // 1.5 minutes into round 1
    let paused = run(json!({"kind": "pause"}));
    assert_eq!(paused["remaining_ms"], 20 * 60_000 - 90_000);
    let e = api
        .dispatch("delete_round", json!({"id": cafe["rounds"][1]["id"]}))
        .unwrap_err();
    assert!(e.message.contains("the café is running"), "{}", e.message);
    assert_eq!(paused["phase"], "paused");
    let extended = run(json!({"kind": "extend", "delta_ms": 5 * 60_000}));
    let left = extended["remaining_ms"].as_u64().unwrap();
    assert_eq!(left, 25 * 60_000 - 90_000);
    let shorter = run(json!({"kind": "extend", "delta_ms": -60_000}));
    assert_eq!(shorter["remaining_ms"].as_u64().unwrap(), left - 60_000);

    // Reopen the database: the paused clock is exactly where it was.
    drop(api);
    set(10 * 3_600_000); // hours later
    let api = Api::with_clock(Arc::new(Store::open(&path).unwrap()), at(&time));
    let again = call(&api, "get_clock", json!({"id": id}));
    assert_eq!(
        (again["phase"].as_str(), again["remaining_ms"].as_u64()),
        (Some("paused"), Some(left - 60_000))
    );

    let run = |command: Value| {
        call(
            &api,
            "run_clock",
            json!({"cafe_id": id, "command": command}),
        )
    };
    let skipped = run(json!({"kind": "skip"}));
    assert_eq!(
        (skipped["phase"].as_str(), skipped["remaining_ms"].as_u64()),
        (Some("over"), Some(0))
    );
    let moving = run(json!({"kind": "next"}));
    assert_eq!(
        (
            moving["stage"].as_str(),
            moving["round_number"].as_u64(),
            moving["total_ms"].as_u64()
        ),
        (Some("move"), Some(2), Some(120_000))
    );
    let second = run(json!({"kind": "next"}));
    assert_eq!(
        (second["stage"].as_str(), second["round_number"].as_u64()),
        (Some("round"), Some(2))
    );
    run(json!({"kind": "next"})); // move to round 3
    run(json!({"kind": "next"})); // round 3
    let done = run(json!({"kind": "next"}));
    assert_eq!(done["stage"], "done");
    let e = api
        .dispatch(
            "run_clock",
            json!({"cafe_id": id, "command": {"kind": "next"}}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "conflict");

    let warned = call(
        &api,
        "set_clock_warning",
        json!({"cafe_id": id, "minutes": 5}),
    );
    assert_eq!(warned["warning_minutes"], 5);
    let e = api
        .dispatch("set_clock_warning", json!({"cafe_id": id, "minutes": 45}))
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("minutes"));
}

#[test]
fn every_error_code_is_listed_once_and_travels_as_named() {
    use cafe_api::ErrorCode;
    let mut seen = std::collections::HashSet::new();
    for code in ErrorCode::ALL {
        assert!(seen.insert(code.as_str()), "{code:?} listed twice");
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
    }
    let declared = typescript::bindings();
    let union = declared
        .split("export type ErrorCode = ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(
        union.matches('"').count() / 2,
        ErrorCode::ALL.len(),
        "ErrorCode::ALL misses a code: {union}"
    );
}

#[test]
fn notes_are_added_starred_deleted_restored_and_imported() {
    let api = api();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let (table, round) = (
        demo["tables"][0]["id"].clone(),
        demo["rounds"][0]["id"].clone(),
    );
    let note = call(
        &api,
        "add_note",
        json!({"table_id": table, "round_id": round, "text": "  <script>alert(1)</script>\nand <img onerror=x> ", "author": null}),
    );
    assert_eq!(
        note["text"],
        "<script>alert(1)</script>\nand <img onerror=x>"
    );
    let starred = call(
        &api,
        "update_note",
        json!({"id": note["id"], "text": "Libraries as commons", "author": "Ana", "starred": true}),
    );
    assert_eq!(
        (starred["text"].as_str(), starred["starred"].as_bool()),
        (Some("Libraries as commons"), Some(true))
    );
    let too_long = api.dispatch("add_note", json!({"table_id": table, "round_id": round, "text": "x".repeat(2_001), "author": null})).unwrap_err();
    assert_eq!(
        (
            serde_json::to_value(&too_long).unwrap()["code"].as_str(),
            too_long.field.as_deref()
        ),
        (Some("invalid_input"), Some("text"))
    );
    assert!(too_long.message.contains("2000"), "{}", too_long.message);

    call(&api, "delete_note", json!({"id": note["id"]}));
    assert_eq!(
        call(&api, "list_notes", json!({"id": demo["id"]})),
        json!([])
    );
    call(&api, "restore_note", json!({"id": note["id"]}));
    assert_eq!(
        call(&api, "list_notes", json!({"id": demo["id"]}))[0]["text"],
        "Libraries as commons"
    );

    let csv = "Table;Note;Round\nTable 2 · Digital inclusion;Public wifi is not enough;2\ntable 2 · digital inclusion;Lend laptops;3\n";
    let done = call(
        &api,
        "import_notes",
        json!({"cafe_id": demo["id"], "data_base64": b64(csv.as_bytes())}),
    );
    assert_eq!(done["imported"], 2);
    let notes = call(&api, "list_notes", json!({"id": demo["id"]}));
    assert_eq!(notes.as_array().unwrap().len(), 3);
    assert_eq!(notes[1]["round_id"], demo["rounds"][1]["id"]);
    let bad = "Table;Note;Round\nTable 2 · Digital inclusion;ok;1\nNo such table;lost;1\n";
    let e = api
        .dispatch(
            "import_notes",
            json!({"cafe_id": demo["id"], "data_base64": b64(bad.as_bytes())}),
        )
        .unwrap_err();
    assert_eq!(
        (e.row, serde_json::to_value(&e).unwrap()["code"].as_str()),
        (Some(3), Some("csv_invalid"))
    );
    assert_eq!(
        call(&api, "list_notes", json!({"id": demo["id"]}))
            .as_array()
            .unwrap()
            .len(),
        3,
        "nothing half-imported"
    );
}

#[test]
fn duplicate_reports_the_titles_own_problem() {
    let api = api();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let e = api
        .dispatch(
            "duplicate_cafe",
            json!({"id": demo["id"], "title": "x".repeat(201), "include_attendees": false}),
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("title"));
    assert!(e.message.contains("201 characters"), "{}", e.message);
}

#[test]
fn read_only_commands_exist_and_change_nothing() {
    for name in cafe_api::READ_ONLY_COMMANDS {
        assert!(COMMAND_NAMES.contains(name), "{name} is not a command");
        assert!(
            name.starts_with("get_") || name.starts_with("list_") || *name == "app_info",
            "{name} may change data"
        );
    }
}

/// A café with tables "Table 1" … "Table 7" and three rounds, holding the notes of the library evaluation set.
fn library_cafe(api: &Api) -> String {
    let mut template = call(api, "new_cafe_template", json!({}));
    template["details"]["title"] = json!("Library futures");
    template["tables"] = json!((1..=7)
        .map(|i| json!({"name": format!("Table {i}"), "capacity": 8, "topic": null, "host_id": null}))
        .collect::<Vec<_>>());
    let cafe = call(api, "create_cafe", template);
    let id = cafe["id"].as_str().unwrap().to_owned();
    let csv = include_bytes!("../../../tests/fixtures/threads/library_futures.csv");
    call(
        api,
        "import_notes",
        json!({"cafe_id": id, "data_base64": b64(csv)}),
    );
    id
}

fn thread_notes(board: &Value, i: usize) -> Vec<String> {
    serde_json::from_value(board["threads"][i]["notes"].clone()).unwrap()
}

#[test]
fn threads_are_detected_curated_and_kept_when_detection_runs_again() {
    let api = api();
    let cafe = library_cafe(&api);
    let before = call(&api, "get_threads", json!({"id": cafe}));
    assert_eq!(before["threads"].as_array().unwrap().len(), 0);
    assert_eq!(
        before["fresh"].as_array().unwrap().len(),
        69,
        "nothing detected yet"
    );

    let board = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    let threads = board["threads"].as_array().unwrap().clone();
    assert!(threads.len() >= 3, "{board:#}");
    assert!(board["fresh"].as_array().unwrap().is_empty());
    let placed: usize = threads
        .iter()
        .map(|t| t["notes"].as_array().unwrap().len())
        .sum::<usize>()
        + board["unthreaded"].as_array().unwrap().len();
    assert_eq!(placed, 69, "every note is in one thread or in none");
    assert!(threads.iter().all(|t| t["common"] == json!(true)));
    // Running it again without changes keeps the board, ids included.
    let again = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    assert_eq!(again, board);

    // Curate: rename the first thread, move a note of the second into it, hide the third.
    let (a, b, c) = (
        threads[0]["id"].as_str().unwrap().to_owned(),
        threads[1]["id"].as_str().unwrap().to_owned(),
        threads[2]["id"].as_str().unwrap().to_owned(),
    );
    let moved = thread_notes(&board, 1)[0].clone();
    call(
        &api,
        "update_thread",
        json!({"id": a, "title": "  Spaces   for people ", "synthesis": "Libraries as third places.", "pinned": true, "hidden": null}),
    );
    call(
        &api,
        "move_thread_note",
        json!({"note_id": moved, "thread_id": a}),
    );
    call(
        &api,
        "update_thread",
        json!({"id": c, "title": null, "synthesis": null, "pinned": null, "hidden": true}),
    );
    let curated = call(&api, "get_threads", json!({"id": cafe}));
    let first = &curated["threads"][0];
    assert_eq!(first["id"], json!(a), "pinned first");
    assert_eq!(first["title"], "Spaces for people");
    assert_eq!(first["curated"], true);
    let a_notes = thread_notes(&curated, 0);
    assert!(a_notes.contains(&moved));

    // A new note and detection again: the curated threads stay exactly as they were.
    let rounds = call(&api, "get_cafe", json!({"id": cafe}))["rounds"].clone();
    let tables = call(&api, "get_cafe", json!({"id": cafe}))["tables"].clone();
    call(
        &api,
        "add_note",
        json!({"table_id": tables[6]["id"], "round_id": rounds[2]["id"], "text": "A quiet space to meet people after work", "author": null}),
    );
    let fresh = call(&api, "get_threads", json!({"id": cafe}));
    assert_eq!(fresh["fresh"].as_array().unwrap().len(), 1);
    let after = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    assert!(after["fresh"].as_array().unwrap().is_empty());
    let kept = after["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(a))
        .unwrap();
    assert_eq!(kept["title"], "Spaces for people");
    assert_eq!(kept["synthesis"], "Libraries as third places.");
    for n in &a_notes {
        assert!(
            kept["notes"].as_array().unwrap().contains(&json!(n)),
            "curated notes stay"
        );
    }
    let hidden = after["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(c))
        .unwrap();
    assert_eq!(hidden["hidden"], true);

    // Merge the second into the first; split two notes off again.
    let b_notes = after["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(b))
        .map(|t| t["notes"].clone());
    let merged = call(&api, "merge_threads", json!({"into": a, "from": [b]}));
    assert!(
        merged["threads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != json!(b))
    );
    let a_now: Vec<String> = serde_json::from_value(
        merged["threads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == json!(a))
            .unwrap()["notes"]
            .clone(),
    )
    .unwrap();
    if let Some(Value::Array(b_notes)) = b_notes {
        for n in b_notes {
            assert!(a_now.contains(&n.as_str().unwrap().to_owned()));
        }
    }
    let split = call(
        &api,
        "split_thread",
        json!({"id": a, "note_ids": [a_now[0], a_now[1]], "title": "Quiet study"}),
    );
    let new = split["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Quiet study")
        .unwrap();
    assert_eq!(new["notes"].as_array().unwrap().len(), 2);
    assert_eq!(new["curated"], true);

    // Out of every thread: detection leaves it there.
    call(
        &api,
        "move_thread_note",
        json!({"note_id": a_now[2], "thread_id": null}),
    );
    let last = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": 3}),
    );
    assert!(
        last["unthreaded"]
            .as_array()
            .unwrap()
            .contains(&json!(a_now[2]))
    );
    assert_eq!(last["min_tables"], 3);

    // A deleted note leaves the board.
    call(&api, "delete_note", json!({"id": a_now[3]}));
    let board = call(&api, "get_threads", json!({"id": cafe}));
    let everywhere: Vec<&Value> = board["threads"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["notes"].as_array().unwrap())
        .chain(board["unthreaded"].as_array().unwrap())
        .collect();
    assert!(!everywhere.contains(&&json!(a_now[3])));

    // Bad curation is refused with the field.
    let (code, _, field) = error(
        &api,
        "update_thread",
        json!({"id": a, "title": "   ", "synthesis": null, "pinned": null, "hidden": null}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_input", Some("title"))
    );
    let (code, _, field) = error(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": 0}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_input", Some("min_tables"))
    );
    let (code, _, _) = error(&api, "merge_threads", json!({"into": a, "from": [a]}));
    assert_eq!(code, "invalid_request");
}

#[test]
fn an_empty_cafe_has_an_empty_board() {
    let api = api();
    let cafe = new_cafe(&api, "Empty");
    let id = cafe["id"].as_str().unwrap();
    let board = call(
        &api,
        "detect_threads",
        json!({"cafe_id": id, "min_tables": null}),
    );
    assert_eq!(board["threads"], json!([]));
    assert_eq!(board["unthreaded"], json!([]));
}
