//! The phone page in headless Chromium against `cafe serve`, as a table host uses it: join by the table's link,
//! add a note, lose the connection (the server goes away), add another, get the connection back — both notes are
//! saved exactly once; markup in a note stays text. Screenshots land in tests/e2e/artifacts/.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use cafe_api::dto::ById;
use cafe_e2e::{Browser, ONE_AT_A_TIME, cli_binary};

/// Starts `cafe serve` for café `id` on `bind`; returns the process and the first table's (name, join link).
fn serve(db: &Path, id: &str, bind: &str) -> Result<(Child, String, String)> {
    let mut child = Command::new(cli_binary()?)
        .env_remove("KNOWLEDGE_CAFE_DB")
        .args([
            "--db",
            &db.display().to_string(),
            "serve",
            id,
            "--bind",
            bind,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    // Keep reading the server's output, so that it never writes into a closed pipe.
    let stdout = child.stdout.take().context("stdout")?;
    let (first, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = first.send(line);
        }
    });
    let line = lines
        .recv_timeout(Duration::from_secs(30))
        .context("serve printed nothing")?;
    let (name, url) = line.split_once('\t').context("name<TAB>url")?;
    Ok((child, name.to_owned(), url.to_owned()))
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

fn notes(db: &Path, cafe: &str) -> Result<Vec<String>> {
    let store = cafe_store::Store::open(db)?;
    let api = cafe_api::Api::new(std::sync::Arc::new(store));
    Ok(api
        .list_notes(ById { id: cafe.into() })
        .map_err(|e| anyhow::anyhow!(e.message))?
        .into_iter()
        .map(|n| n.text)
        .collect())
}

/// The demo café in a new database in `dir`, served on a free loopback port, and a ChromeDriver with a fresh
/// profile there.
struct Demo {
    db: std::path::PathBuf,
    cafe: String,
    bind: String,
    server: Child,
    /// The first table's name and join link.
    table: String,
    url: String,
    browser: Browser,
}

fn demo(dir: &Path) -> Result<Demo> {
    let db = dir.join("phone.sqlite3");
    let out = Command::new(cli_binary()?)
        .env_remove("KNOWLEDGE_CAFE_DB")
        .args(["--db", &db.display().to_string(), "demo"])
        .output()?;
    let cafe = String::from_utf8(out.stdout)?.trim().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let bind = format!("127.0.0.1:{port}");
    let (server, table, url) = serve(&db, &cafe, &bind)?;
    let profile = dir.join("chromium");
    std::fs::create_dir_all(&profile)?;
    let browser = Browser::start(&profile)?;
    Ok(Demo {
        db,
        cafe,
        bind,
        server,
        table,
        url,
        browser,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_writes_notes_on_a_phone_through_a_dropped_connection() -> Result<()> {
    const HOSTILE: &str = "<img src=x onerror=alert(1)> and <script>alert(2)</script>";
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let Demo {
        db,
        cafe,
        bind,
        mut server,
        table,
        url,
        browser,
    } = demo(dir.path())?;
    // An iPhone-sized window.
    let phone = browser.open(&url, 390, 844).await?;
    phone.wait_for_text("phone-table", &table).await?;
    phone.wait_for_text("phone-round-label", "round 1").await?;
    phone
        .wait_for_text("phone-status", "All notes saved")
        .await?;

    phone
        .type_into("phone-note-input", "Libraries as third places")
        .await?;
    phone.click("phone-add").await?;
    phone
        .wait_for_text("phone-notes", "Libraries as third places")
        .await?;
    phone
        .wait_for_text("phone-status", "All notes saved")
        .await?;
    phone.type_into("phone-note-input", HOSTILE).await?;
    phone.click("phone-add").await?;
    phone
        .wait_for_text("phone-status", "All notes saved")
        .await?;
    phone
        .wait_until(
            "the hostile note is shown as text",
            "return Array.from(document.querySelectorAll('[data-testid=\"phone-note-text\"]')).some(e => e.textContent === arguments[0]);",
            vec![HOSTILE.into()],
        )
        .await?;
    let injected: i64 = serde_json::from_value(
        phone
            .eval(
                "return document.querySelectorAll('main img, main script').length;",
                vec![],
            )
            .await?,
    )?;
    assert_eq!(injected, 0, "markup in a note stays text");
    phone.screenshot("phone-page").await?;

    // The Wi-Fi drops: the server is gone. The page says so and keeps the note.
    stop(&mut server);
    phone.wait_for_text("phone-status", "Offline").await?;
    phone
        .type_into("phone-note-input", "Written while offline")
        .await?;
    phone.click("phone-add").await?;
    phone
        .wait_for_text("phone-status", "kept on this phone")
        .await?;
    phone
        .wait_for_text("phone-notes", "waiting to send")
        .await?;
    phone.screenshot("phone-page-offline").await?;
    // Offline too: a second note written and deleted again, and the first one changed before it was ever sent.
    phone
        .type_into("phone-note-input", "Not meant to stay")
        .await?;
    phone.click("phone-add").await?;
    phone
        .wait_for_text("phone-notes", "Not meant to stay")
        .await?;
    // The newest note is first: delete it (the page asks first).
    phone.click("phone-note-delete").await?;
    phone.client.accept_alert().await?;
    phone
        .wait_until(
            "the deleted note is gone",
            "return !document.querySelector('[data-testid=\"phone-notes\"]').textContent.includes('Not meant to stay');",
            vec![],
        )
        .await?;
    phone.click("phone-note-edit").await?;
    phone
        .type_into("phone-note-input", "Written while offline, then changed")
        .await?;
    phone.click("phone-add").await?;
    phone.wait_for_text("phone-notes", "then changed").await?;
    assert_eq!(
        notes(&db, &cafe)?.len(),
        2,
        "nothing reached the server while it was away"
    );

    // Back online: the queued note is sent, once.
    let (mut server, _, _) = serve(&db, &cafe, &bind)?;
    phone
        .wait_for_text("phone-status", "All notes saved")
        .await?;
    let saved = notes(&db, &cafe)?;
    assert_eq!(
        saved,
        vec![
            "Libraries as third places",
            HOSTILE,
            "Written while offline, then changed"
        ],
        "every note exactly once, as last changed; the deleted one never sent"
    );
    // A reload (the page's queue is empty now) shows the same three notes.
    phone.client.refresh().await?;
    phone
        .wait_for_text("phone-status", "All notes saved")
        .await?;
    assert_eq!(phone.texts("phone-note-text").await?.len(), 3);
    tokio::time::sleep(Duration::from_millis(200)).await;
    phone.client.clone().close().await?;
    stop(&mut server);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_page_speaks_the_phones_language() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let Demo {
        db,
        cafe,
        mut server,
        table,
        url,
        browser,
        ..
    } = demo(dir.path())?;
    let phone = browser.open_in(&url, 390, 844, "de-DE").await?;
    phone.wait_for_text("phone-table", &table).await?;
    phone
        .wait_for_text("phone-round-label", "Runde 1 von")
        .await?;
    phone
        .wait_for_text("phone-status", "Alle Notizen gespeichert")
        .await?;
    phone.wait_for_text("phone-add", "Notiz hinzufügen").await?;
    phone
        .type_into("phone-note-input", "Mehr Bänke im Park")
        .await?;
    phone.click("phone-add").await?;
    let shown = phone.wait_for_text("phone-notes", "Ändern").await?;
    assert!(shown.to_lowercase().contains("runde 1"), "{shown}");
    // The time as a German phone writes it (no AM/PM).
    assert!(!shown.contains(" AM") && !shown.contains(" PM"), "{shown}");
    let language: String = serde_json::from_value(
        phone
            .eval("return document.documentElement.lang;", vec![])
            .await?,
    )?;
    assert_eq!(language, "de");
    phone.screenshot("phone-page-de").await?;
    phone.close().await?;
    drop(browser);
    stop(&mut server);
    assert_eq!(notes(&db, &cafe)?, ["Mehr Bänke im Park"]);
    Ok(())
}
