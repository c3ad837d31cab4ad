//! The LAN server over real HTTP on loopback: what a phone may do, and one test per security rule — a token opens
//! its own table only, a replaced token stops working at once, bodies are limited, each token has a request
//! budget, text stays text, only the phone page and API are served, slow or idle connections cannot hold the
//! server, the server stops when told.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use cafe_api::dto::{AddNote, ById, NoParams, SetLan};
use cafe_api::{Api, Store};
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::watch;
use uuid::Uuid;

struct Lan {
    api: Api,
    cafe_id: String,
    base: String,
    /// Each table's (id, name, token), in table order.
    tables: Vec<(String, String, String)>,
    http: reqwest::Client,
    stop: watch::Sender<bool>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

fn token_of(url: &str) -> String {
    url.split_once('#').unwrap().1.to_owned()
}

fn tables(api: &Api, cafe_id: &str) -> Vec<(String, String, String)> {
    api.get_lan(ById { id: cafe_id.into() })
        .unwrap()
        .tables
        .into_iter()
        .map(|t| (t.table_id, t.name, token_of(&t.url)))
        .collect()
}

/// The demo café served on a free loopback port.
async fn start() -> Lan {
    start_with(cafe_server::Limits::default()).await
}

/// [`start`] with other connection limits.
async fn start_with(limits: cafe_server::Limits) -> Lan {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let api = Api::new(store.clone());
    let cafe = api.create_demo_cafe(NoParams {}).unwrap();
    let changes = cafe_server::changes_of(&store);
    let listener = cafe_server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (stop, stopped) = watch::channel(false);
    let cafe_id = Uuid::parse_str(&cafe.id).unwrap();
    let server = tokio::spawn(cafe_server::serve_with(
        api.clone(),
        cafe_id,
        listener,
        changes,
        stopped,
        limits,
    ));
    Lan {
        tables: tables(&api, &cafe.id),
        api,
        cafe_id: cafe.id,
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        stop,
        server,
    }
}

impl Lan {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn table(&self, token: &str) -> String {
        self.url(&format!("/api/tables/{token}"))
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    async fn add(&self, token: &str, client_id: &str, text: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/notes", self.table(token)))
            .json(&json!({"client_id": client_id, "text": text, "author": null}))
            .send()
            .await
            .unwrap()
    }

    /// The table's view as a phone reads it.
    async fn view(&self, token: &str) -> Value {
        self.http
            .get(self.table(token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The status a phone gets when it reads the table's view.
    async fn view_status(&self, token: &str) -> StatusCode {
        self.http
            .get(self.table(token))
            .send()
            .await
            .unwrap()
            .status()
    }

    /// The café's first round's id.
    fn first_round(&self) -> String {
        self.api
            .get_cafe(ById {
                id: self.cafe_id.clone(),
            })
            .unwrap()
            .rounds[0]
            .id
            .clone()
    }

    fn notes(&self) -> Vec<cafe_api::dto::Note> {
        self.api
            .list_notes(ById {
                id: self.cafe_id.clone(),
            })
            .unwrap()
    }
}

const CLIENT_A: &str = "0123456789abcdef0123456789abcdef";
const CLIENT_B: &str = "fedcba9876543210fedcba9876543210";

#[tokio::test]
async fn a_phone_reads_its_table_and_adds_changes_and_deletes_notes() {
    let lan = start().await;
    let (table_id, name, token) = lan.tables[0].clone();
    let view: Value = lan.view(&token).await;
    assert_eq!(view["table"]["name"], name);
    let title = lan
        .api
        .get_cafe(ById {
            id: lan.cafe_id.clone(),
        })
        .unwrap()
        .title;
    assert_eq!(view["cafe"], title.as_str());
    assert_eq!(view["round"]["number"], 1);
    assert_eq!(view["clock"]["stage"], "not_started");
    assert_eq!(view["max_note_chars"], 2000);

    let added = lan
        .add(&token, CLIENT_A, "  Libraries as third places  ")
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let note: Value = added.json().await.unwrap();
    assert_eq!(note["text"], "Libraries as third places");
    assert_eq!(note["client_id"], CLIENT_A);
    let id = note["id"].as_str().unwrap().to_owned();
    let stored = lan.notes();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].table_id, table_id);

    let changed = lan
        .http
        .put(format!("{}/notes/{id}", lan.table(&token)))
        .json(&json!({"text": "Libraries as third places for teens", "author": "Ann"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(lan.notes()[0].text, "Libraries as third places for teens");
    assert_eq!(lan.notes()[0].author.as_deref(), Some("Ann"));

    let deleted = lan
        .http
        .delete(format!("{}/notes/{id}", lan.table(&token)))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(lan.notes().is_empty());
    // Deleting again (a retry) is not an error.
    let again = lan
        .http
        .delete(format!("{}/notes/{id}", lan.table(&token)))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_retried_note_is_saved_once() {
    let lan = start().await;
    let token = lan.tables[1].2.clone();
    let first: Value = lan
        .add(&token, CLIENT_A, "Opening hours")
        .await
        .json()
        .await
        .unwrap();
    let retry = lan.add(&token, CLIENT_A, "Opening hours").await;
    assert_eq!(retry.status(), StatusCode::OK);
    let second: Value = retry.json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_eq!(lan.notes().len(), 1);
    // Another table cannot take over the client id of this table's note.
    let other = lan.add(&lan.tables[2].2, CLIENT_A, "Hijack").await;
    assert_eq!(other.status(), StatusCode::CONFLICT);
    assert_eq!(lan.notes().len(), 1);
}

#[tokio::test]
async fn bad_notes_are_refused_with_the_reason() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let empty = lan.add(&token, CLIENT_A, "   ").await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    let body: Value = empty.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");
    assert_eq!(body["field"], "text");
    let long = lan.add(&token, CLIENT_A, &"x".repeat(2001)).await;
    assert_eq!(long.status(), StatusCode::BAD_REQUEST);
    let body: Value = long.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("2000"), "{body}");
    let short_id = lan.add(&token, "abc", "Fine text").await;
    assert_eq!(short_id.status(), StatusCode::BAD_REQUEST);
    let not_json = lan
        .http
        .post(format!("{}/notes", lan.table(&token)))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    assert!(lan.notes().is_empty());
}

#[tokio::test]
async fn a_wrong_or_missing_token_gets_401_and_learns_nothing() {
    let lan = start().await;
    for path in [
        "/api/tables/not-a-token".to_owned(),
        format!("/api/tables/{}x", lan.tables[0].2),
        "/api/tables/".to_owned(),
        "/api/tables".to_owned(),
    ] {
        let response = lan.get(&path).await;
        assert!(
            response.status() == StatusCode::UNAUTHORIZED
                || response.status() == StatusCode::NOT_FOUND,
            "{path}: {}",
            response.status()
        );
        let text = response.text().await.unwrap();
        assert!(!text.contains("demo"), "{path} revealed the café: {text}");
        assert!(!text.contains("Table"), "{path} revealed a table: {text}");
    }
    let forged = lan
        .add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CLIENT_A, "forged")
        .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let body: Value = forged.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized");
    assert!(lan.notes().is_empty());
}

#[tokio::test]
async fn a_token_opens_its_own_table_only() {
    let lan = start().await;
    let (other_table, _, _) = lan.tables[1].clone();
    let mine = lan.tables[0].2.clone();
    // A note of table 2, written on the laptop.
    let round_id = lan.first_round();
    let theirs = lan
        .api
        .add_note(AddNote {
            table_id: other_table,
            round_id,
            text: "Theirs".into(),
            author: None,
        })
        .unwrap();
    let edit = lan
        .http
        .put(format!("{}/notes/{}", lan.table(&mine), theirs.id))
        .json(&json!({"text": "Mine now", "author": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    let delete = lan
        .http
        .delete(format!("{}/notes/{}", lan.table(&mine), theirs.id))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
    assert_eq!(lan.notes()[0].text, "Theirs");
    // Table 1's view does not show table 2's note.
    let view: Value = lan.view(&mine).await;
    assert_eq!(view["notes"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_token_of_a_cafe_not_being_served_is_refused() {
    let lan = start().await;
    let other = lan.api.create_demo_cafe(NoParams {}).unwrap();
    let foreign = tables(&lan.api, &other.id)[0].2.clone();
    assert_eq!(lan.view_status(&foreign).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_regenerated_token_stops_the_old_link_at_once() {
    let lan = start().await;
    let (table_id, _, old) = lan.tables[0].clone();
    assert_eq!(lan.view_status(&old).await, StatusCode::OK);
    let status = lan
        .api
        .regenerate_table_link(ById { id: table_id })
        .unwrap();
    let new = token_of(&status.tables[0].url);
    assert_ne!(new, old);
    assert!(new.len() >= 32, "a token holds at least 192 bits: {new}");
    assert_eq!(lan.view_status(&old).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        lan.add(&old, CLIENT_A, "late").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(lan.view_status(&new).await, StatusCode::OK);
    assert!(lan.notes().is_empty());
}

#[tokio::test]
async fn a_body_over_16_kb_is_refused_and_nothing_saved() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let response = lan.add(&token, CLIENT_A, &"a".repeat(17 * 1024)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_large");
    assert!(lan.notes().is_empty());
}

#[tokio::test]
async fn each_token_has_a_request_budget() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let mut limited = None;
    for i in 0..(cafe_server::limit::BURST as usize + 20) {
        let response = lan.http.get(lan.table(&token)).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, response));
            break;
        }
    }
    let (i, response) = limited.expect("the budget ran out");
    assert!(
        i >= cafe_server::limit::BURST as usize - 1,
        "limited after {i} requests"
    );
    assert!(response.headers().get("retry-after").is_some());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    // Another table's token is not affected.
    let other = lan.tables[1].2.clone();
    assert_eq!(lan.view_status(&other).await, StatusCode::OK);
}

#[tokio::test]
async fn markup_in_a_note_is_stored_and_returned_as_text() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let texts = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"];
    for (i, text) in texts.iter().enumerate() {
        let id = format!("{CLIENT_B}{i}");
        assert_eq!(
            lan.add(&token, &id, text).await.status(),
            StatusCode::CREATED
        );
    }
    let view: Value = lan.view(&token).await;
    let got: Vec<&str> = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(got, texts);
    // The page itself never turns text into markup.
    let script = lan.get("/phone.js").await.text().await.unwrap();
    assert!(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML"));
    assert!(!script.contains("document.write"));
}

#[tokio::test]
async fn only_the_phone_page_and_api_are_served_with_a_strict_csp() {
    let lan = start().await;
    let page = lan.get("/join").await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("/phone.js") && !html.contains("<script>"),
        "no inline script"
    );
    for path in ["/phone.js", "/phone.css"] {
        assert_eq!(lan.get(path).await.status(), StatusCode::OK, "{path}");
    }
    for path in [
        "/",
        "/api",
        "/api/list_cafes",
        "/invoke",
        "/api/commands/delete_cafe",
        "/../Cargo.toml",
        "/docs",
    ] {
        let response = lan.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.headers().get("content-security-policy").is_some());
    }
    let post = lan
        .http
        .post(lan.url("/api/delete_cafe"))
        .json(&json!({"id": lan.cafe_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
    assert_eq!(lan.api.list_cafes(NoParams {}).unwrap().len(), 1);
}

/// Reads server-sent events until one named `name` arrives; returns its data.
async fn next_event<B: AsRef<[u8]>>(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<B>> + Unpin),
    buffer: &mut String,
    name: &str,
) -> Value {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let event = block
                    .lines()
                    .find_map(|l| l.strip_prefix("event: "))
                    .unwrap_or("");
                let data: String = block
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: "))
                    .collect();
                if event == name {
                    return serde_json::from_str(&data).unwrap();
                }
            }
            let chunk = stream.next().await.expect("the stream ended").unwrap();
            buffer.push_str(&String::from_utf8_lossy(chunk.as_ref()));
        }
    })
    .await
    .expect("no event in time")
}

#[tokio::test]
async fn the_event_stream_follows_notes_from_elsewhere_and_ends_when_revoked() {
    let lan = start().await;
    let (table_id, _, token) = lan.tables[0].clone();
    let response = lan
        .http
        .get(format!("{}/events", lan.table(&token)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut stream = response.bytes_stream();
    let mut buffer = String::new();
    let first = next_event(&mut stream, &mut buffer, "view").await;
    assert_eq!(first["notes"].as_array().unwrap().len(), 0);

    // A note typed on the laptop reaches the phone.
    let round_id = lan.first_round();
    lan.api
        .add_note(AddNote {
            table_id: table_id.clone(),
            round_id,
            text: "From the laptop".into(),
            author: None,
        })
        .unwrap();
    let next = next_event(&mut stream, &mut buffer, "view").await;
    assert_eq!(next["notes"][0]["text"], "From the laptop");

    // Another phone at the same table.
    lan.add(&token, CLIENT_A, "From another phone").await;
    let next = next_event(&mut stream, &mut buffer, "view").await;
    assert_eq!(next["notes"].as_array().unwrap().len(), 2);

    lan.api
        .regenerate_table_link(ById { id: table_id })
        .unwrap();
    let revoked = next_event(&mut stream, &mut buffer, "revoked").await;
    assert_eq!(revoked["code"], "unauthorized");
}

#[tokio::test]
async fn the_server_stops_when_told_even_with_open_streams() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let response = lan
        .http
        .get(format!("{}/events", lan.table(&token)))
        .send()
        .await
        .unwrap();
    let mut stream = response.bytes_stream();
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "view").await;
    lan.stop.send(true).unwrap();
    let join = lan.url("/join");
    let result = tokio::time::timeout(Duration::from_secs(10), lan.server).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "{result:?}");
    assert!(
        reqwest::get(join).await.is_err(),
        "nothing listens any more"
    );
}

#[test]
fn lan_mode_in_the_app_starts_moves_and_stops_the_server() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = Arc::new(Store::open_in_memory().unwrap());
    let switch = Arc::new(cafe_server::PhoneServer::new(
        &store,
        runtime.handle().clone(),
    ));
    let api = Api::new(store).with_lan(switch);
    let cafe = api.create_demo_cafe(NoParams {}).unwrap();
    let off = api
        .get_lan(ById {
            id: cafe.id.clone(),
        })
        .unwrap();
    assert!(!off.on, "LAN mode is off by default");
    // A free port on loopback, chosen by binding one first.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let on = api
        .set_lan(SetLan {
            cafe_id: cafe.id.clone(),
            on: true,
            address: Some("127.0.0.1".into()),
            port: Some(port),
        })
        .unwrap();
    assert!(on.on);
    assert_eq!(on.port, port);
    assert_eq!(on.tables.len(), 6);
    assert!(
        on.tables[0]
            .url
            .starts_with(&format!("http://127.0.0.1:{port}/join#"))
    );
    assert!(on.tables[0].qr_size >= 21 && !on.tables[0].qr_path.is_empty());
    let url = format!(
        "http://127.0.0.1:{port}/api/tables/{}",
        token_of(&on.tables[0].url)
    );
    let status = runtime.block_on(async { reqwest::get(&url).await.map(|r| r.status()) });
    assert_eq!(status.unwrap(), StatusCode::OK);

    // Switching off in another café leaves this café's server running.
    let other = api.create_demo_cafe(NoParams {}).unwrap();
    let untouched = api
        .set_lan(SetLan {
            cafe_id: other.id.clone(),
            on: false,
            address: None,
            port: None,
        })
        .unwrap();
    assert!(!untouched.on);
    assert!(
        api.get_lan(ById {
            id: cafe.id.clone()
        })
        .unwrap()
        .on,
        "still on for the first café"
    );
    let status = runtime.block_on(async { reqwest::get(&url).await.map(|r| r.status()) });
    assert_eq!(status.unwrap(), StatusCode::OK);

    // Switching on for another café moves the server there.
    let moved = api
        .set_lan(SetLan {
            cafe_id: other.id.clone(),
            on: true,
            address: None,
            port: None,
        })
        .unwrap();
    assert!(moved.on);
    let first = api
        .get_lan(ById {
            id: cafe.id.clone(),
        })
        .unwrap();
    assert!(!first.on);
    assert_eq!(first.on_elsewhere.as_deref(), Some(other.title.as_str()));
    let status = runtime.block_on(async { reqwest::get(&url).await.map(|r| r.status()) });
    assert_eq!(
        status.unwrap(),
        StatusCode::UNAUTHORIZED,
        "the first café's links stop working"
    );

    let off = api
        .set_lan(SetLan {
            cafe_id: other.id,
            on: false,
            address: None,
            port: None,
        })
        .unwrap();
    assert!(!off.on);
    let gone = runtime.block_on(async {
        for _ in 0..100 {
            if reqwest::get(&url).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    });
    assert!(gone, "the server stopped");

    // A port below 1024 and an address that is not this computer's are refused.
    let low = api.set_lan(SetLan {
        cafe_id: cafe.id.clone(),
        on: true,
        address: None,
        port: Some(80),
    });
    assert_eq!(low.unwrap_err().field.as_deref(), Some("port"));
    let foreign = api.set_lan(SetLan {
        cafe_id: cafe.id,
        on: true,
        address: Some("203.0.113.9".into()),
        port: None,
    });
    assert_eq!(foreign.unwrap_err().field.as_deref(), Some("address"));
}

#[test]
fn the_committed_openapi_document_is_current() {
    let generated = cafe_server::openapi::json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/lan-openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/lan-openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p cafe-server` (or `make bindings`)"
    );
    let doc: Value = serde_json::from_str(&generated).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/tables/{token}",
        "/api/tables/{token}/notes",
        "/api/tables/{token}/notes/{id}",
        "/api/tables/{token}/events",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}

#[test]
fn table_cards_hold_every_tables_join_link() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let api = Api::new(store);
    let cafe = api.create_demo_cafe(NoParams {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("cards.csv").display().to_string();
    let refused = api.export_table_cards(cafe_api::dto::ExportTableCards {
        cafe_id: cafe.id.clone(),
        paper: None,
        path: wrong,
    });
    assert_eq!(refused.unwrap_err().field.as_deref(), Some("path"));
    let path = dir.path().join("cards.pdf");
    let written = api
        .export_table_cards(cafe_api::dto::ExportTableCards {
            cafe_id: cafe.id.clone(),
            paper: Some(cafe_api::dto::PaperSize::Letter),
            path: path.display().to_string(),
        })
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(written.bytes as usize, bytes.len());
    assert!(bytes.starts_with(b"%PDF-"));
    // As a reader gets it (poppler-utils, installed by `make test`).
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert_eq!(pages, cafe.tables.len(), "one card per table: {info}");
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let lan = api.get_lan(ById { id: cafe.id }).unwrap();
    for t in &lan.tables {
        let first_word = t.name.split_whitespace().next().unwrap();
        assert!(text.contains(first_word), "{} on a card", t.name);
        let token = token_of(&t.url);
        assert!(
            text.replace(['\n', ' '], "").contains(&token),
            "{}'s link on its card",
            t.name
        );
    }
}

#[tokio::test]
async fn guessing_tokens_is_cut_off_by_address() {
    let lan = start().await;
    let mut limited = None;
    for i in 0..(cafe_server::limit::FAILED_BURST as usize + 10) {
        let r = lan
            .http
            .get(lan.table(&format!("guess{i:040}")))
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(i);
            break;
        }
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let i = limited.expect("guessing was cut off");
    assert_eq!(
        i,
        cafe_server::limit::FAILED_BURST as usize,
        "after the budget of wrong tokens"
    );
}

#[tokio::test]
async fn a_table_holds_a_limited_number_of_update_streams() {
    let lan = start().await;
    let token = lan.tables[0].2.clone();
    let mut open = Vec::new();
    for _ in 0..cafe_server::MAX_STREAMS_PER_TABLE {
        let r = lan
            .http
            .get(format!("{}/events", lan.table(&token)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        open.push(r);
    }
    let refused = lan
        .http
        .get(format!("{}/events", lan.table(&token)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another table is not affected, and a closed stream frees its place.
    let other = lan.tables[1].2.clone();
    let r = lan
        .http
        .get(format!("{}/events", lan.table(&other)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    drop(open.pop());
    let mut freed = false;
    for _ in 0..50 {
        let r = lan
            .http
            .get(format!("{}/events", lan.table(&token)))
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::OK {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(freed, "a closed stream gives its place back");
}

#[tokio::test]
async fn a_phone_edit_keeps_the_author_and_cannot_revive_a_deleted_note() {
    let lan = start().await;
    let (table_id, _, token) = lan.tables[0].clone();
    let round_id = lan.first_round();
    let note = lan
        .api
        .add_note(AddNote {
            table_id,
            round_id,
            text: "Typed on the laptop".into(),
            author: Some("Kim".into()),
        })
        .unwrap();
    let edited = lan
        .http
        .put(format!("{}/notes/{}", lan.table(&token), note.id))
        .json(&json!({"text": "Typo fixed on a phone"}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::OK);
    assert_eq!(lan.notes()[0].author.as_deref(), Some("Kim"));
    lan.api
        .delete_note(ById {
            id: note.id.clone(),
        })
        .unwrap();
    let late = lan
        .http
        .put(format!("{}/notes/{}", lan.table(&token), note.id))
        .json(&json!({"text": "Too late", "author": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::NOT_FOUND);
    assert!(lan.notes().is_empty());
}

/// Reads from `stream` until the server closes it; returns what it sent. Fails if it is still open after `patience`
/// (a guard against hanging, not a measurement).
async fn read_until_closed(stream: &mut tokio::net::TcpStream, patience: Duration) -> String {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(patience, stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the connection is still open: {:?}",
        String::from_utf8_lossy(&received)
    );
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let (lan, addr) = start_limited(cafe_server::Limits {
        header_timeout: Duration::from_millis(300),
        ..cafe_server::Limits::default()
    })
    .await;
    // Slowloris: the start of a request, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    {
        use tokio::io::AsyncWriteExt;
        slow.write_all(b"GET /join HTTP/1.1\r\nHost: cafe\r\n")
            .await
            .unwrap();
    }
    let answer = read_until_closed(&mut slow, Duration::from_secs(20)).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    // A client that connects and sends nothing at all.
    let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
    read_until_closed(&mut silent, Duration::from_secs(20)).await;
    // Phones are served as before, and an update stream, whose request is complete, stays open well past the
    // header deadline.
    assert_eq!(lan.get("/join").await.status(), StatusCode::OK);
    let (table_id, _, token) = lan.tables[0].clone();
    let response = lan
        .http
        .get(format!("{}/events", lan.table(&token)))
        .send()
        .await
        .unwrap();
    let mut stream = response.bytes_stream();
    let mut buffer = String::new();
    next_event(&mut stream, &mut buffer, "view").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    lan.api
        .add_note(AddNote {
            table_id,
            round_id: lan.first_round(),
            text: "Still listening".into(),
            author: None,
        })
        .unwrap();
    let next = next_event(&mut stream, &mut buffer, "view").await;
    assert_eq!(next["notes"][0]["text"], "Still listening");
}

#[tokio::test]
async fn connections_past_the_limit_wait_until_one_closes() {
    let (lan, addr) = start_limited(cafe_server::Limits {
        connections: 2,
        header_timeout: Duration::from_secs(600),
        ..cafe_server::Limits::default()
    })
    .await;
    let first = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // Both connections are the server's to hold (it accepted them), so a third request waits…
    let join = lan.url("/join");
    let mut third = tokio::spawn(async move { reqwest::get(join).await.map(|r| r.status()) });
    let waited = tokio::time::timeout(Duration::from_millis(500), &mut third).await;
    assert!(waited.is_err(), "answered past the limit: {waited:?}");
    // …until one of them closes.
    drop(first);
    let status = tokio::time::timeout(Duration::from_secs(20), third)
        .await
        .expect("the waiting request is served once a connection closes")
        .unwrap()
        .unwrap();
    assert_eq!(status, StatusCode::OK);
}

/// A note's POST with `token` whose body announces 10,000 bytes and sends one, on a new connection.
async fn stalled_post(addr: &str, token: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/tables/{token}/notes HTTP/1.1\r\nHost: cafe\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// [`start_with`] the default limits but these, and the address to connect to.
async fn start_limited(limits: cafe_server::Limits) -> (Lan, String) {
    let lan = start_with(limits).await;
    let addr = lan.base.trim_start_matches("http://").to_owned();
    (lan, addr)
}

#[tokio::test]
async fn a_body_that_never_arrives_is_cut_off_and_without_a_token_never_read() {
    let (lan, addr) = start_limited(cafe_server::Limits {
        body_timeout: Duration::from_millis(300),
        ..cafe_server::Limits::default()
    })
    .await;
    // A valid link, then a body that stops after one byte: a clear 400, and the connection closed.
    let mut stalled = stalled_post(&addr, &lan.tables[0].2).await;
    let answer = read_until_closed(&mut stalled, Duration::from_secs(20)).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("did not arrive"), "{answer}");
    // A wrong link is refused before its body is read.
    let mut forged = stalled_post(&addr, "not-a-token").await;
    let mut first = [0u8; 12];
    {
        use tokio::io::AsyncReadExt;
        tokio::time::timeout(Duration::from_secs(20), forged.read_exact(&mut first))
            .await
            .expect("an answer before the body")
            .unwrap();
    }
    assert_eq!(&first, b"HTTP/1.1 401");
    assert!(lan.notes().is_empty());
}

#[tokio::test]
async fn one_address_cannot_take_every_connection() {
    let lan = start_with(cafe_server::Limits {
        per_address: 3,
        header_timeout: Duration::from_secs(600),
        ..cafe_server::Limits::default()
    })
    .await;
    let addr: SocketAddr = lan.base.trim_start_matches("http://").parse().unwrap();
    let from = |ip: &str| {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{ip}:0").parse().unwrap()).unwrap();
        socket.connect(addr)
    };
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(from("127.0.0.2").await.unwrap());
    }
    // The fourth from the same address is closed at once…
    let mut fourth = from("127.0.0.2").await.unwrap();
    read_until_closed(&mut fourth, Duration::from_secs(20)).await;
    // …while another address (another phone) is served.
    let phone = reqwest::Client::builder()
        .local_address("127.0.0.3".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let status = phone.get(lan.url("/join")).send().await.unwrap().status();
    assert_eq!(status, StatusCode::OK);
    // When one closes, the address may connect again.
    drop(held.pop());
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let mut again = from("127.0.0.2").await.unwrap();
            use tokio::io::AsyncWriteExt;
            again
                .write_all(b"GET /join HTTP/1.1\r\nHost: cafe\r\nConnection: close\r\n\r\n")
                .await
                .ok();
            let answer = read_until_closed(&mut again, Duration::from_secs(20)).await;
            if answer.starts_with("HTTP/1.1 200") {
                break;
            }
            // The server may not have seen the close yet.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("served again once a connection closed");
}

#[tokio::test]
async fn a_stuck_client_does_not_keep_the_server_from_stopping() {
    let (lan, addr) = start_limited(cafe_server::Limits {
        body_timeout: Duration::from_secs(600),
        ..cafe_server::Limits::default()
    })
    .await;
    let token = lan.tables[0].2.clone();
    let _stuck = stalled_post(&addr, &token).await;
    // Let the server start reading the body.
    assert_eq!(lan.view_status(&token).await, StatusCode::OK);
    lan.stop.send(true).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(30), lan.server).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "{result:?}");
}
