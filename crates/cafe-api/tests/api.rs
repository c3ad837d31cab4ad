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
fn broad_threads_show_their_strands_and_a_strand_can_be_split_off() {
    let api = api();
    let cafe = library_cafe(&api);
    let board = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    let threads = board["threads"].as_array().unwrap();
    let with_strands: Vec<&Value> = threads
        .iter()
        .filter(|t| !t["strands"].as_array().unwrap().is_empty())
        .collect();
    assert!(!with_strands.is_empty(), "{board:#}");
    let thread = with_strands[0];
    let strands = thread["strands"].as_array().unwrap();
    assert!(strands.len() >= 2);
    let notes: Vec<String> = serde_json::from_value(thread["notes"].clone()).unwrap();
    let mut seen: Vec<String> = Vec::new();
    for s in strands {
        assert!(!s["title"].as_str().unwrap().is_empty());
        let ids: Vec<String> = serde_json::from_value(s["notes"].clone()).unwrap();
        assert!(ids.len() >= 2);
        for id in ids {
            assert!(notes.contains(&id) && !seen.contains(&id));
            seen.push(id);
        }
    }
    // The facilitator splits the first strand off under its title.
    let strand = &strands[0];
    let split = call(
        &api,
        "split_thread",
        json!({"id": thread["id"], "note_ids": strand["notes"], "title": strand["title"]}),
    );
    let new = split["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == strand["title"] && t["id"] != thread["id"])
        .expect("the strand is a thread of its own");
    assert_eq!(new["notes"], strand["notes"]);
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
fn the_board_is_searched_in_the_notes_words_and_in_other_words() {
    let api = api();
    let cafe = library_cafe(&api);
    let notes = call(&api, "list_notes", json!({"id": cafe}));
    let text_of = |id: &Value| {
        notes
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == *id)
            .unwrap()["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
    };
    let result = call(
        &api,
        "search_notes",
        json!({"cafe_id": cafe, "query": "Money"}),
    );
    assert_eq!(result["query"], "Money");
    let found = result["found"].as_array().unwrap();
    let related = result["related"].as_array().unwrap();
    let saying = notes
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["text"].as_str().unwrap().to_lowercase().contains("money"))
        .count();
    assert_eq!(found.len(), saying);
    for hit in found {
        assert!(text_of(&hit["note_id"]).contains("money"));
        assert_eq!(hit["marks"].as_array().unwrap().len(), 1);
    }
    // Notes about budgets and funding say it in other words; each marks words that its text holds.
    assert!(!related.is_empty(), "{result}");
    for hit in related {
        let text = text_of(&hit["note_id"]);
        assert!(!text.contains("money"));
        for mark in hit["marks"].as_array().unwrap() {
            assert!(
                text.contains(&mark.as_str().unwrap().to_lowercase()),
                "{mark} in {text}"
            );
        }
    }
    for hit in related {
        let other = hit["other_words"].as_array().unwrap();
        assert!(
            !other.is_empty()
                && other
                    .iter()
                    .all(|w| hit["marks"].as_array().unwrap().contains(w))
        );
    }
    for hit in found {
        assert_eq!(hit["other_words"], json!([]));
    }
    // Nothing to search for, nothing found; too long a search is refused, naming the field.
    let none = call(
        &api,
        "search_notes",
        json!({"cafe_id": cafe, "query": "  "}),
    );
    assert_eq!(
        (none["found"].clone(), none["related"].clone()),
        (json!([]), json!([]))
    );
    let (code, message, field) = error(
        &api,
        "search_notes",
        json!({"cafe_id": cafe, "query": "x".repeat(201)}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_input", Some("query"))
    );
    assert_eq!(message, "A search has at most 200 characters.");
    let (code, _, _) = error(
        &api,
        "search_notes",
        json!({"cafe_id": "00000000-0000-4000-8000-000000000000", "query": "x"}),
    );
    assert_eq!(code, "not_found");
}

/// The thread of `board` whose `key` is `value`.
fn thread_where<'a>(board: &'a Value, key: &str, value: &Value) -> Option<&'a Value> {
    board["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| &t[key] == value)
}

#[test]
fn notes_found_anywhere_on_the_board_are_gathered_into_a_thread() {
    let api = api();
    let cafe = library_cafe(&api);
    let board = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    // One note of the first thread, every note of the second and one note outside the threads.
    let first = board["threads"][0].clone();
    let second = board["threads"][1].clone();
    let outside = board["unthreaded"][0].clone();
    let mut chosen = vec![first["notes"][0].clone()];
    chosen.extend(second["notes"].as_array().unwrap().iter().cloned());
    chosen.push(outside.clone());
    // The same note twice counts once.
    chosen.push(outside.clone());
    let after = call(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": chosen, "title": "  Opening   hours "}),
    );
    let gathered =
        thread_where(&after, "title", &"Opening hours".into()).expect("the gathered thread");
    assert_eq!(gathered["curated"], true);
    assert_eq!(
        gathered["notes"].as_array().unwrap().len(),
        second["notes"].as_array().unwrap().len() + 2
    );
    // Detection's thread that was emptied is gone; the one it took a note from is curated and keeps the rest.
    let ids: Vec<&Value> = after["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert!(!ids.contains(&&second["id"]));
    let first_now = thread_where(&after, "id", &first["id"]).unwrap();
    assert_eq!(first_now["curated"], true);
    assert_eq!(
        first_now["notes"].as_array().unwrap().len(),
        first["notes"].as_array().unwrap().len() - 1
    );
    assert!(!after["unthreaded"].as_array().unwrap().contains(&outside));
    // Detection keeps the facilitator's notes in it (and may propose others into it).
    let again = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    let kept = thread_where(&again, "title", &"Opening hours".into()).unwrap();
    for n in gathered["notes"].as_array().unwrap() {
        assert!(kept["notes"].as_array().unwrap().contains(n));
    }

    // Gathered again, all of it (a second click, or a wider search): the emptied thread goes — unless the
    // facilitator wrote its synthesis or pinned it.
    let kept_id = kept["id"].clone();
    let all = kept["notes"].clone();
    let again = call(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": all, "title": "Evenings"}),
    );
    let ids: Vec<&Value> = again["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert!(!ids.contains(&&kept_id));
    let evenings = thread_where(&again, "title", &"Evenings".into())
        .unwrap()
        .clone();
    call(
        &api,
        "update_thread",
        json!({"id": evenings["id"], "title": null, "synthesis": "Open later.", "pinned": null, "hidden": null}),
    );
    let last = call(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": evenings["notes"], "title": "Late opening"}),
    );
    let emptied =
        thread_where(&last, "id", &evenings["id"]).expect("a thread with a synthesis stays");
    assert_eq!(emptied["notes"], json!([]));
    // So does a pinned one; the summary shows the thread with a synthesis, not the one with nothing to say.
    let late = thread_where(&last, "title", &"Late opening".into())
        .unwrap()
        .clone();
    call(
        &api,
        "update_thread",
        json!({"id": late["id"], "title": "Pinned and empty", "synthesis": null, "pinned": true, "hidden": null}),
    );
    let board = call(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": late["notes"], "title": "Opening"}),
    );
    assert!(
        board["threads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == late["id"])
    );
    let summary = call(
        &api,
        "preview_harvest",
        json!({"cafe_id": cafe, "sections": all_sections()}),
    )["markdown"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(summary.contains("Open later."), "{summary}");
    assert!(!summary.contains("Pinned and empty"), "{summary}");

    // Refused: no notes, no title, a note of another café, a note that does not exist or was deleted.
    let (code, _, field) = error(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": [], "title": "X"}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_request", Some("note_ids"))
    );
    let (code, message, field) = error(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": [outside], "title": " "}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_input", Some("title"))
    );
    assert_eq!(message, "A thread needs a title.");
    let other = library_cafe(&api);
    let foreign = call(&api, "list_notes", json!({"id": other}))[0]["id"].clone();
    let (code, message, _) = error(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": [outside, foreign], "title": "Mixed"}),
    );
    assert_eq!(code, "conflict", "{message}");
    let (code, _, _) = error(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": ["00000000-0000-4000-8000-000000000000"], "title": "Ghost"}),
    );
    assert_eq!(code, "not_found");
    // A note deleted meanwhile (kept for undo) is not found either, not "of another café".
    call(&api, "delete_note", json!({"id": outside}));
    let (code, _, _) = error(
        &api,
        "gather_thread",
        json!({"cafe_id": cafe, "note_ids": [outside], "title": "Deleted"}),
    );
    assert_eq!(code, "not_found");
    // Nothing of a refused gathering was written.
    let board = call(&api, "get_threads", json!({"id": cafe}));
    assert!(
        board["threads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["title"] != "Mixed" && t["title"] != "Ghost" && t["title"] != "Deleted")
    );
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

fn all_sections() -> Value {
    json!({"overview": true, "questions": true, "threads": true, "matrix": true, "appendix": true, "attendance": true, "names": false})
}

#[test]
fn the_harvest_is_previewed_and_written_as_markdown_pdf_and_csv() {
    let api = api();
    let cafe = library_cafe(&api);
    let rounds = call(&api, "get_cafe", json!({"id": cafe}))["rounds"].clone();
    let tables = call(&api, "get_cafe", json!({"id": cafe}))["tables"].clone();
    call(
        &api,
        "add_note",
        json!({"table_id": tables[0]["id"], "round_id": rounds[0]["id"], "text": "=HYPERLINK(\"http://x\") <script>alert(1)</script>", "author": null}),
    );

    call(
        &api,
        "add_note",
        json!({"table_id": tables[1]["id"], "round_id": rounds[0]["id"], "text": "Signed note", "author": "Ana Secret"}),
    );
    let mut named = all_sections();
    named["names"] = json!(true);
    let with_names = call(
        &api,
        "preview_harvest",
        json!({"cafe_id": cafe, "sections": named}),
    );
    assert!(
        with_names["markdown"]
            .as_str()
            .unwrap()
            .contains("Ana Secret")
    );
    // Before detection the summary says threads were not looked for.
    let preview = call(
        &api,
        "preview_harvest",
        json!({"cafe_id": cafe, "sections": all_sections()}),
    );
    let md = preview["markdown"].as_str().unwrap();
    assert!(md.starts_with("# Library futures\n"));
    assert!(md.contains("have not been looked for yet"));
    assert!(md.contains("\\<script\\>"), "markup escaped");
    assert!(
        !md.contains("Ana Secret"),
        "no author's name unless names are asked for"
    );

    let board = call(
        &api,
        "detect_threads",
        json!({"cafe_id": cafe, "min_tables": null}),
    );
    let first = board["threads"][0]["id"].as_str().unwrap().to_owned();
    call(
        &api,
        "update_thread",
        json!({"id": first, "title": "Spaces for people", "synthesis": "Several tables want the library as a third place.", "pinned": true, "hidden": null}),
    );
    let second = board["threads"][1]["id"].as_str().unwrap().to_owned();
    call(
        &api,
        "update_thread",
        json!({"id": second, "title": "Hidden one", "synthesis": null, "pinned": null, "hidden": true}),
    );
    let md = call(
        &api,
        "preview_harvest",
        json!({"cafe_id": cafe, "sections": all_sections()}),
    )["markdown"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(md.contains("### Spaces for people\n"));
    assert!(md.contains("Several tables want the library as a third place."));
    assert!(!md.contains("Hidden one"), "hidden threads stay out");
    assert!(md.contains("## Threads by table"));
    assert!(md.contains("## Appendix: the notes of every table"));

    let dir = tempfile::tempdir().unwrap();
    for (format, ext) in [("markdown", "md"), ("pdf", "pdf"), ("notes_csv", "csv")] {
        let path = dir.path().join(format!("summary.{ext}"));
        let written = call(
            &api,
            "export_harvest",
            json!({"cafe_id": cafe, "format": format, "sections": all_sections(), "paper": "letter", "path": path.display().to_string()}),
        );
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(written["bytes"].as_u64().unwrap() as usize, bytes.len());
        match ext {
            "pdf" => assert!(bytes.starts_with(b"%PDF-")),
            "md" => assert!(
                String::from_utf8(bytes)
                    .unwrap()
                    .contains("Spaces for people")
            ),
            _ => {
                let text = String::from_utf8(bytes).unwrap();
                let mut lines = text.lines();
                assert_eq!(
                    lines.next().unwrap(),
                    "\u{feff}Table,Round,Note,Author,Starred,Thread,Written"
                );
                assert_eq!(text.lines().count(), 72, "a header and 71 notes");
                assert!(
                    text.contains(",\"'=HYPERLINK(\"\"http://x\"\") <script>alert(1)</script>\","),
                    "formula neutralised: {text}"
                );
            }
        }
    }
    // The file name must match the format.
    let wrong = dir.path().join("summary.txt").display().to_string();
    let (code, _, field) = error(
        &api,
        "export_harvest",
        json!({"cafe_id": cafe, "format": "pdf", "sections": all_sections(), "paper": null, "path": wrong}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_request", Some("path"))
    );
}

// ---- café files -------------------------------------------------------------------------------------------------

/// Replaces every string of `v` found in `names` by its name there.
fn renamed(v: &Value, names: &std::collections::HashMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(names.get(s).cloned().unwrap_or_else(|| s.clone())),
        Value::Array(a) => Value::Array(a.iter().map(|x| renamed(x, names)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), renamed(x, names)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Each file-local id of a café file with its place (`tables[2]`).
fn cafe_file_places(file: &Value) -> std::collections::HashMap<String, String> {
    let mut names = std::collections::HashMap::new();
    for list in ["rounds", "tables", "attendees", "notes", "threads"] {
        for (i, item) in file[list].as_array().unwrap().iter().enumerate() {
            let id = item["id"].as_str().unwrap().to_owned();
            assert!(
                names.insert(id, format!("{list}[{i}]")).is_none(),
                "ids are unique"
            );
        }
    }
    names
}

/// A café file's content: its ids replaced by their places and without its export time, so that two files of the
/// same café compare equal whatever their ids.
fn cafe_file_content(file: &Value) -> Value {
    let mut content = renamed(file, &cafe_file_places(file));
    content.as_object_mut().unwrap().remove("exported_at");
    content
}

/// Every string in `v`.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn cafe_count(api: &Api) -> usize {
    call(api, "list_cafes", json!({})).as_array().unwrap().len()
}

fn import_file(api: &Api, file: &Value) -> Result<Value, cafe_api::ApiError> {
    let bytes = serde_json::to_vec_pretty(file).unwrap();
    api.dispatch("import_cafe_file", json!({"data_base64": b64(&bytes)}))
}

fn export_file(api: &Api, cafe_id: &Value, dir: &std::path::Path, name: &str) -> (Vec<u8>, Value) {
    let path = dir.join(name);
    let done = call(
        api,
        "export_cafe_file",
        json!({"cafe_id": cafe_id, "path": path.display().to_string()}),
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(done["bytes"].as_u64(), Some(bytes.len() as u64));
    let value = serde_json::from_slice(&bytes).unwrap();
    (bytes, value)
}

/// The demo café with everything a café can hold: a seating plan with a locked seat and an absence, notes (a
/// starred one, markup, a deleted one, one added after detection), detected threads curated by hand, a clock
/// warning of 5 minutes and a running clock.
fn rich_cafe(api: &Api) -> Value {
    let demo = call(api, "create_demo_cafe", json!({}));
    let id = demo["id"].clone();
    let plan = call(
        api,
        "plan_seating",
        json!({"cafe_id": id, "from_round": null, "time_limit_ms": 100}),
    );
    let seat = &plan["rounds"][0]["tables"][1]["seats"][1];
    call(
        api,
        "lock_seat",
        json!({"round_id": plan["rounds"][0]["round_id"], "attendee_id": seat["attendee_id"], "locked": true}),
    );
    let away = plan["rounds"][1]["tables"][2]["seats"][1]["attendee_id"].clone();
    call(
        api,
        "set_attendance",
        json!({"round_id": plan["rounds"][1]["round_id"], "attendee_id": away, "present": false}),
    );

    let table = |i: usize| demo["tables"][i]["id"].clone();
    let round = |i: usize| demo["rounds"][i]["id"].clone();
    let note = |t: usize, r: usize, text: &str, author: Option<&str>| {
        call(
            api,
            "add_note",
            json!({"table_id": table(t), "round_id": round(r), "text": text, "author": author}),
        )
    };
    note(
        0,
        0,
        "Longer opening hours in the evening for students",
        Some("Ana"),
    );
    note(
        1,
        0,
        "Open the library in the evening: longer opening hours",
        None,
    );
    note(2, 1, "Evening opening hours help working parents", None);
    note(
        3,
        0,
        "Lend laptops and wifi hotspots to families",
        Some("Bo"),
    );
    note(
        4,
        1,
        "Laptops and wifi hotspots to borrow at every branch",
        None,
    );
    note(
        5,
        2,
        "Free wifi hotspots and laptops for people without internet",
        None,
    );
    note(
        0,
        1,
        "Train staff in generative AI and information literacy",
        None,
    );
    note(3, 2, "Workshops on generative AI for library users", None);
    note(
        2,
        2,
        "<script>alert('x')</script> & <b>bold</b>\nshows as text",
        None,
    );
    let star = note(1, 2, "Solar panels on the roof", Some("Chloé"));
    call(
        api,
        "update_note",
        json!({"id": star["id"], "text": "Solar panels on the roof of every branch", "author": "Chloé", "starred": true}),
    );
    let gone = note(4, 0, "This note was deleted", None);
    call(api, "delete_note", json!({"id": gone["id"]}));

    let board = call(
        api,
        "detect_threads",
        json!({"cafe_id": id, "min_tables": 2}),
    );
    let threads = board["threads"].as_array().unwrap();
    assert!(threads.len() >= 2, "{board:#}");
    let first = threads[0]["id"].clone();
    call(
        api,
        "update_thread",
        json!({"id": first, "title": "Opening hours", "synthesis": "Open when people are free.", "pinned": true, "hidden": null}),
    );
    let moved = threads[1]["notes"][0].clone();
    call(
        api,
        "move_thread_note",
        json!({"note_id": moved, "thread_id": first}),
    );
    let out = threads[0]["notes"][0].clone();
    call(
        api,
        "move_thread_note",
        json!({"note_id": out, "thread_id": null}),
    );
    note(5, 0, "A note written after detection", None);

    call(
        api,
        "set_clock_warning",
        json!({"cafe_id": id, "minutes": 5}),
    );
    call(
        api,
        "run_clock",
        json!({"cafe_id": id, "command": {"kind": "start"}}),
    );
    call(api, "get_cafe", json!({"id": id}))
}

#[test]
fn cafe_file_round_trip_keeps_everything_under_new_ids() {
    let api = api();
    let dir = tempfile::tempdir().unwrap();
    let original = rich_cafe(&api);
    let (bytes, file) = export_file(&api, &original["id"], dir.path(), "café.json");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(
        (file["format"].as_str(), file["version"].as_u64()),
        (Some("knowledge-cafe"), Some(1))
    );
    assert_eq!(file["cafe"]["title"], original["title"]);
    assert_eq!(file["cafe"]["warning_minutes"], 5);
    assert_eq!(file["rounds"].as_array().unwrap().len(), 3);
    assert_eq!(file["tables"].as_array().unwrap().len(), 6);
    assert_eq!(file["attendees"].as_array().unwrap().len(), 36);
    assert_eq!(
        file["seating"]["seats"].as_array().unwrap().len(),
        3 * 36 - 1,
        "one attendee misses round 2"
    );
    assert_eq!(file["seating"]["absences"].as_array().unwrap().len(), 1);
    let locked = |f: &Value| {
        f["seating"]["seats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["locked"] == true)
            .count()
    };
    assert_eq!(locked(&file), 1);
    assert!(file["seating"]["plan"]["generated_at"].is_string());
    assert_eq!(
        file["notes"].as_array().unwrap().len(),
        11,
        "the deleted note is left out"
    );
    assert!(!text.contains("This note was deleted"));
    assert!(
        file["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["starred"] == true && n["author"] == "Chloé")
    );
    assert!(text.contains(r#""<script>alert('x')</script> & <b>bold</b>\nshows as text""#));
    assert_eq!(file["threads"][0]["title"], "Opening hours");
    assert!(
        file["unthreaded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["by_facilitator"] == true)
    );
    // No secrets: the tables' join tokens are not in the file.
    let links = call(&api, "get_lan", json!({"id": original["id"]}));
    let tokens: Vec<String> = links["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["url"]
                .as_str()
                .unwrap()
                .rsplit('#')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(tokens.len(), 6);
    for token in &tokens {
        assert!(!text.contains(token.as_str()));
    }

    let before = cafe_count(&api);
    let imported = call(
        &api,
        "import_cafe_file",
        json!({"data_base64": b64(&bytes)}),
    );
    assert_eq!(cafe_count(&api), before + 1);
    assert_eq!(imported["title"], original["title"], "the title is kept");
    assert_ne!(imported["id"], original["id"]);
    let ids = |cafe: &Value| -> std::collections::HashSet<String> {
        let mut all = vec![cafe["id"].as_str().unwrap().to_owned()];
        for list in ["rounds", "tables", "attendees"] {
            for x in cafe[list].as_array().unwrap() {
                all.push(x["id"].as_str().unwrap().to_owned());
            }
        }
        all.into_iter().collect()
    };
    assert!(
        ids(&imported).is_disjoint(&ids(&original)),
        "new ids throughout"
    );
    let new_links = call(&api, "get_lan", json!({"id": imported["id"]}));
    for t in new_links["tables"].as_array().unwrap() {
        let token = t["url"].as_str().unwrap().rsplit('#').next().unwrap();
        assert!(!tokens.iter().any(|old| old == token), "fresh join tokens");
    }
    let clock = call(&api, "get_clock", json!({"id": imported["id"]}));
    assert_eq!(
        (clock["stage"].as_str(), clock["warning_minutes"].as_u64()),
        (Some("not_started"), Some(5)),
        "an imported café is not running"
    );

    // Export again: the same content under other ids.
    let (again_bytes, again) = export_file(&api, &imported["id"], dir.path(), "again.json");
    assert_ne!(bytes, again_bytes, "the ids differ");
    let content = cafe_file_content(&file);
    assert_eq!(cafe_file_content(&again), content);
    // Every reference in the file points into the file: no id is left once ids are replaced by places.
    let mut all = Vec::new();
    strings(&content, &mut all);
    assert!(
        all.iter().all(|s| uuid::Uuid::parse_str(s).is_err()),
        "a reference points outside the file"
    );

    // What the café shows is the same too: notes, seating figures, the threads board.
    let old_to_new: std::collections::HashMap<String, String> = {
        let (old, new) = (cafe_file_places(&file), cafe_file_places(&again));
        let place_to_new: std::collections::HashMap<&String, &String> =
            new.iter().map(|(id, place)| (place, id)).collect();
        old.iter()
            .map(|(id, place)| (id.clone(), place_to_new[place].clone()))
            .chain([(
                original["id"].as_str().unwrap().to_owned(),
                imported["id"].as_str().unwrap().to_owned(),
            )])
            .collect()
    };
    assert_eq!(
        renamed(
            &call(&api, "list_notes", json!({"id": original["id"]})),
            &old_to_new
        ),
        call(&api, "list_notes", json!({"id": imported["id"]})),
        "notes keep their times, star and author"
    );
    assert_eq!(
        renamed(
            &call(&api, "get_threads", json!({"id": original["id"]})),
            &old_to_new
        ),
        call(&api, "get_threads", json!({"id": imported["id"]}))
    );
    let stats = |id: &Value| call(&api, "get_seating", json!({"id": id}))["stats"].clone();
    assert_eq!(stats(&original["id"]), stats(&imported["id"]));
    let plan = call(&api, "get_seating", json!({"id": imported["id"]}));
    assert_eq!(
        plan["generated_at"],
        file["seating"]["plan"]["generated_at"]
    );
    assert_eq!(plan["stats"]["problems"], json!([]));
}

#[test]
fn cafe_files_import_side_by_side() {
    let api = api();
    let dir = tempfile::tempdir().unwrap();
    let demo = call(&api, "create_demo_cafe", json!({}));
    call(
        &api,
        "add_note",
        json!({"table_id": demo["tables"][0]["id"], "round_id": demo["rounds"][0]["id"], "text": "Written on a phone", "author": null}),
    );
    let (_, mut file) = export_file(&api, &demo["id"], dir.path(), "room-a.json");
    file["notes"][0]["client_id"] = json!("phone-0001-note-0001");

    // Into another laptop's database: the phone's id for the note comes along.
    let other = self::api();
    let first = import_file(&other, &file).unwrap();
    let second = import_file(&other, &file).unwrap();
    let list = call(&other, "list_cafes", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(first["title"], second["title"]);
    assert_ne!(first["id"], second["id"]);
    assert_ne!(first["tables"][0]["id"], second["tables"][0]["id"]);
    let (_, a) = export_file(&other, &first["id"], dir.path(), "a.json");
    let (_, b) = export_file(&other, &second["id"], dir.path(), "b.json");
    assert_eq!(a["notes"][0]["client_id"], "phone-0001-note-0001");
    // A phone's id is unique in a database: the second copy's note goes without it, and nothing collides.
    assert_eq!(b["notes"][0]["client_id"], Value::Null);
    let mut b = cafe_file_content(&b);
    b["notes"][0]["client_id"] = json!("phone-0001-note-0001");
    assert_eq!(cafe_file_content(&a), b);

    // The original database takes its own file back as a further café.
    import_file(&api, &file).unwrap();
    assert_eq!(cafe_count(&api), 2);
}

#[test]
fn cafe_file_from_a_newer_version_is_refused() {
    let api = api();
    let dir = tempfile::tempdir().unwrap();
    let demo = call(&api, "create_demo_cafe", json!({}));
    let (_, mut file) = export_file(&api, &demo["id"], dir.path(), "café.json");
    file["version"] = json!(2);
    file["new_in_version_2"] = json!({"anything": true});
    let e = import_file(&api, &file).unwrap_err();
    assert_eq!(
        e.message,
        "This café file was written by a newer Knowledge Café (file version 2; this one reads up to 1) — update the app."
    );
    assert_eq!(e.field.as_deref(), Some("version"));
    assert_eq!(cafe_count(&api), 1);
}

#[test]
fn damaged_cafe_files_change_nothing_and_say_where() {
    let api = api();
    let dir = tempfile::tempdir().unwrap();
    let demo = call(&api, "create_demo_cafe", json!({}));
    call(
        &api,
        "add_note",
        json!({"table_id": demo["tables"][0]["id"], "round_id": demo["rounds"][0]["id"], "text": "A note", "author": null}),
    );
    call(
        &api,
        "plan_seating",
        json!({"cafe_id": demo["id"], "from_round": null, "time_limit_ms": 50}),
    );
    let (bytes, file) = export_file(&api, &demo["id"], dir.path(), "café.json");
    let before = cafe_count(&api);
    let refused = |data: &[u8]| {
        let e = api
            .dispatch("import_cafe_file", json!({"data_base64": b64(data)}))
            .expect_err("a damaged file is refused");
        assert_eq!(
            cafe_count(&api),
            before,
            "nothing was imported: {}",
            e.message
        );
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "invalid_input");
        e
    };
    let changed = |path: &str, value: Value| {
        let mut f = file.clone();
        *f.pointer_mut(path).unwrap() = value;
        refused(&serde_json::to_vec(&f).unwrap())
    };

    let e = refused(&bytes[..bytes.len() / 2]);
    assert!(
        e.message.starts_with("The café file is incomplete"),
        "{}",
        e.message
    );
    let e = refused(b"Name;Organisation\nAna;Library\n");
    assert!(e.message.contains("not valid JSON"), "{}", e.message);
    let e = refused(b"");
    assert!(e.message.contains("empty"), "{}", e.message);
    let e = refused(b"[1, 2, 3]");
    assert!(
        e.message.starts_with("This is not a Knowledge Café file"),
        "{}",
        e.message
    );
    let e = refused(br#"{"rounds": [], "tables": [], "people": []}"#);
    assert!(
        e.message.starts_with("This is not a Knowledge Café file"),
        "{}",
        e.message
    );
    let e = changed("/format", json!("knowledge-cafe-seating"));
    assert_eq!(e.field.as_deref(), Some("format"));
    let e = changed("/version", json!("one"));
    assert_eq!(e.field.as_deref(), Some("version"));
    let e = changed("/tables/0/capacity", json!("six"));
    assert!(
        e.message
            .starts_with("The café file is damaged: invalid type"),
        "{}",
        e.message
    );
    assert!(e.message.contains("line"), "{}", e.message);

    let e = changed("/notes/0/table", json!("no-such-table"));
    assert_eq!(e.field.as_deref(), Some("notes[0].table"));
    assert_eq!(
        e.message,
        "notes[0].table: there is no table \"no-such-table\" in this file (see \"tables\"). Nothing was imported."
    );
    let e = changed("/notes/0/text", json!("x".repeat(3000)));
    assert_eq!(e.field.as_deref(), Some("notes[0].text"));
    assert!(e.message.contains("3000"), "{}", e.message);
    let e = changed("/tables/2/capacity", json!(0));
    assert_eq!(e.field.as_deref(), Some("tables[2].capacity"));
    assert!(
        e.message
            .starts_with("tables[2].capacity: a table seats from 1 to 100"),
        "{}",
        e.message
    );
    let e = changed("/tables/3/name", file["tables"][1]["name"].clone());
    assert_eq!(e.field.as_deref(), Some("tables[3].name"));
    let e = changed("/tables/4/host", file["tables"][0]["host"].clone());
    assert_eq!(e.field.as_deref(), Some("tables[4].host"));
    let e = changed("/cafe/title", json!("  "));
    assert_eq!(e.field.as_deref(), Some("cafe.title"));
    let e = changed("/rounds/1/duration_minutes", json!(0));
    assert_eq!(e.field.as_deref(), Some("rounds[1].duration_minutes"));
    let e = changed("/rounds/1/id", file["rounds"][0]["id"].clone());
    assert_eq!(e.field.as_deref(), Some("rounds[1].id"));
    let e = changed("/attendees/5/email", json!("not an address"));
    assert_eq!(e.field.as_deref(), Some("attendees[5].email"));
    let e = changed("/seating/seats/7/attendee", json!("nobody"));
    assert_eq!(e.field.as_deref(), Some("seating.seats[7].attendee"));
    let e = changed(
        "/seating/seats/8/attendee",
        file["seating"]["seats"][7]["attendee"].clone(),
    );
    assert!(e.message.contains("second seat"), "{}", e.message);
    let e = changed("/notes/0/created_at", json!("yesterday"));
    assert_eq!(e.field.as_deref(), Some("notes[0].created_at"));
    let e = changed("/notes/0/client_id", json!("x"));
    assert_eq!(e.field.as_deref(), Some("notes[0].client_id"));
    let e = changed("/cafe/warning_minutes", json!(31));
    assert_eq!(e.field.as_deref(), Some("cafe.warning_minutes"));

    let mut f = file.clone();
    let note = f["notes"][0]["id"].clone();
    f["threads"] = json!([{"id": "t", "title": "A", "notes": [{"note": note}]}]);
    f["unthreaded"] = json!([{"note": note, "by_facilitator": true}]);
    let e = refused(&serde_json::to_vec(&f).unwrap());
    assert_eq!(e.field.as_deref(), Some("unthreaded[0].note"));
    f["unthreaded"] = json!([]);
    f["threads"][0]["title"] = json!("");
    assert_eq!(
        refused(&serde_json::to_vec(&f).unwrap()).field.as_deref(),
        Some("threads[0].title")
    );
    f["threads"][0]["title"] = json!("A");
    f["threads"][0]["colour"] = json!("red");
    let e = refused(&serde_json::to_vec(&f).unwrap());
    assert!(
        e.message.contains("unknown field `colour`"),
        "{}",
        e.message
    );

    assert_eq!(
        error(
            &api,
            "export_cafe_file",
            json!({"cafe_id": demo["id"], "path": dir.path().join("café.csv").display().to_string()})
        )
        .2
        .as_deref(),
        Some("path")
    );
}

#[test]
fn the_example_cafe_with_its_harvest_is_added_like_an_import() {
    let api = api();
    let cafe = call(&api, "create_example_cafe", json!({}));
    assert_eq!(cafe["tables"].as_array().unwrap().len(), 7);
    assert_eq!(cafe["title"], "Library futures — staff café");
    let id = cafe["id"].clone();
    assert_eq!(
        call(&api, "list_notes", json!({"id": id}))
            .as_array()
            .unwrap()
            .len(),
        69
    );
    let board = call(&api, "get_threads", json!({"id": id}));
    let threads = board["threads"].as_array().unwrap();
    assert!(threads.len() >= 8, "{board}");
    // The curated, pinned thread comes first, with its synthesis; finding threads again keeps it.
    assert_eq!(threads[0]["title"], "Opening hours and branch closures");
    assert_eq!(threads[0]["pinned"], true);
    assert!(!threads[0]["synthesis"].as_str().unwrap().is_empty());
    let again = call(
        &api,
        "detect_threads",
        json!({"cafe_id": id, "min_tables": null}),
    );
    assert_eq!(again["threads"][0]["notes"], threads[0]["notes"]);
}

#[test]
fn the_documented_cafe_file_example_imports() {
    let doc = include_str!("../../../docs/cafe-file.md");
    let start = doc
        .find("```json\n")
        .expect("docs/cafe-file.md has a JSON example")
        + 8;
    let end = start + doc[start..].find("```").unwrap();
    let api = api();
    let cafe = api
        .import_cafe_file_bytes(&doc.as_bytes()[start..end])
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(cafe.tables.len(), 2);
    assert_eq!(cafe.tables[0].host.as_deref(), Some("Ana Lima"));
    let id = json!(cafe.id);
    assert_eq!(
        call(&api, "list_notes", json!({"id": id}))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let board = call(&api, "get_threads", json!({"id": id}));
    assert_eq!(board["threads"][0]["title"], "Opening hours");
    let seating = call(&api, "get_seating", json!({"id": id}));
    assert_eq!(seating["rounds"][1]["absent"].as_array().unwrap().len(), 1);
}

#[test]
fn a_congress_summary_finds_themes_shared_by_rooms() {
    let api = api();
    let room_a = library_cafe(&api);
    let room_b = library_cafe(&api);
    call(
        &api,
        "update_cafe",
        json!({"id": room_b, "details": {"title": "Library futures, room B", "date": null, "venue": "Room B", "facilitator": "Kim", "language": "en", "format": "world_cafe", "move_minutes": 2}}),
    );
    call(
        &api,
        "detect_threads",
        json!({"cafe_id": room_a, "min_tables": null}),
    );
    let request = json!({"title": "  Congress   2026 ", "cafe_ids": [room_a, room_b, room_a], "sections": all_sections(), "min_rooms": null});
    let md = call(&api, "preview_congress", request.clone())["markdown"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(md.starts_with("# Congress 2026\n\n## Rooms\n"), "{md}");
    assert!(md.contains("| Library futures |") && md.contains("| Library futures, room B |"));
    assert!(md.contains("## Threads across rooms"));
    assert!(md.contains("*2 rooms ·"), "a theme shared by both rooms");
    assert!(md.contains("\n## Library futures\n") && md.contains("\n## Library futures, room B\n"));
    assert!(
        md.contains("\n### Common threads\n"),
        "each room's summary one level down"
    );
    // Rooms that run the same café (same title) are still different rooms.
    let room_c = library_cafe(&api);
    let same = json!({"title": "Same café twice", "cafe_ids": [room_a, room_c], "sections": all_sections(), "min_rooms": 2});
    let twice = call(&api, "preview_congress", same)["markdown"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        twice.contains("| Library futures (room 1) |")
            && twice.contains("| Library futures (room 2) |"),
        "{twice}"
    );
    assert!(
        twice.contains("*2 rooms ·"),
        "themes shared by two rooms of the same title"
    );
    assert_eq!(
        md.matches("\n## Library futures").count(),
        2,
        "a room chosen twice comes once"
    );

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("congress.pdf");
    call(
        &api,
        "export_congress",
        json!({"summary": request, "format": "pdf", "paper": null, "path": pdf.display().to_string()}),
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let csv = dir.path().join("congress.csv");
    let (code, _, field) = error(
        &api,
        "export_congress",
        json!({"summary": request, "format": "notes_csv", "paper": null, "path": csv.display().to_string()}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_request", Some("format"))
    );
    let (code, _, field) = error(
        &api,
        "preview_congress",
        json!({"title": "X", "cafe_ids": [], "sections": all_sections(), "min_rooms": null}),
    );
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_input", Some("cafe_ids"))
    );
}
