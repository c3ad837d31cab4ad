//! The real desktop app, driven as a facilitator would use it: the first start shows the demo café; a café is
//! created and attendees imported through the UI; a broken CSV is refused with its row and column; the app is
//! killed with SIGKILL and restarted, and everything is still there. Screenshots land in tests/e2e/artifacts/.

use std::time::Duration;

use anyhow::Result;
use cafe_e2e::{App, Desktop, ONE_AT_A_TIME};
use fantoccini::Locator;

const ATTENDEES_CSV: &str = "Vorname;Nachname;Organisation;E-Mail;Rolle\n\
Jonas;Weber;Stadtbibliothek Köln;jonas@example.de;Gastgeber\n\
Åsa;Lind;\"Kungliga biblioteket; Stockholm\";asa@example.se;\n\
Chloé;Martin;\"BnF \"\"Richelieu\"\"\";chloe@example.fr;traveller\n";

const BROKEN_CSV: &str = "Name,Email\nAna,ana@example.org\nBo,bo(at)example.org\n";

async fn titles(app: &App) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for row in app.all("cafe-title").await? {
        out.push(row.text().await?);
    }
    Ok(out)
}

async fn open_cafe(app: &App, title: &str) -> Result<()> {
    for row in app.all("cafe-row").await? {
        if row.text().await?.contains(title) {
            row.find(Locator::Css("[data-testid=\"open-cafe\"]"))
                .await?
                .click()
                .await?;
            app.wait_for_text("setup-title", title).await?;
            return Ok(());
        }
    }
    anyhow::bail!("no café titled {title:?} in the list")
}

/// Kills the running app (the process started from the built binary on this display) with SIGKILL.
fn kill_app(display: &str) {
    let out = std::process::Command::new("pgrep")
        .args(["-f", "knowledge-cafe"])
        .output()
        .unwrap();
    for pid in String::from_utf8_lossy(&out.stdout).split_whitespace() {
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        let ours = environ
            .split(|b| *b == 0)
            .any(|kv| kv == format!("DISPLAY={display}").as_bytes());
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        if ours && exe.file_name().is_some_and(|n| n == "knowledge-cafe") {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", pid])
                .status();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_import_kill_and_reopen() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;

    // First start: the demo café is there, and its setup screen is full.
    let app = desktop.launch().await?;
    app.client.set_window_size(1280, 800).await?;
    let rows = app.wait_for_count("cafe-row", 1).await?;
    assert!(rows[0].text().await?.contains("Congress Knowledge Café"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("cafes-list").await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.wait_for_count("table-row", 6).await?;
    app.wait_for_text("attendee-count", "36").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("setup-demo").await?;

    // Create a café through the UI.
    app.click("nav-cafes").await?;
    app.click("new-cafe").await?;
    app.wait_for("new-cafe-dialog").await?;
    app.type_into("new-cafe-title", "Bibliotheken im Wandel")
        .await?;
    app.type_into("new-cafe-venue", "Saal 3").await?;
    app.type_into("new-cafe-facilitator", "Kim Berger").await?;
    app.click("new-cafe-format-world").await?;
    app.click("new-cafe-submit").await?;
    app.wait_for_text("setup-title", "Bibliotheken im Wandel")
        .await?;
    app.wait_for_count("round-row", 3).await?;

    // A broken file is refused with its row and column, and imports nothing.
    app.click("import-open").await?;
    app.wait_for("import-dialog").await?;
    app.fill("import-paste", BROKEN_CSV).await?;
    app.click("import-preview-button").await?;
    app.wait_for("import-preview").await?;
    app.click("import-confirm").await?;
    let error = app.wait_for_text("import-error", "Row 3").await?;
    assert!(error.contains("Email"), "{error}");
    app.screenshot("import-error").await?;
    app.click("import-close").await?;
    app.wait_for_text("attendee-count", "0").await?;

    // A good file, German headers, semicolons, quotes: imported after the mapping step.
    app.click("import-open").await?;
    app.fill("import-paste", ATTENDEES_CSV).await?;
    app.click("import-preview-button").await?;
    app.wait_for("import-preview").await?;
    app.wait_for("map-first_name").await?;
    app.screenshot("import-mapping").await?;
    app.click("import-confirm").await?;
    app.wait_for_text("import-result", "3").await?;
    app.click("import-close").await?;
    app.wait_for_text("attendee-count", "3").await?;
    assert!(
        app.console_errors().await?.is_empty(),
        "console errors: {:?}",
        app.console_errors().await?
    );

    // kill -9, then start again: everything is there.
    kill_app(&desktop.display);
    let _ = app.close().await;
    let app = desktop.launch().await?;
    let rows = app.wait_for_count("cafe-row", 2).await?;
    drop(rows);
    let list = titles(&app).await?;
    assert!(
        list.iter().any(|t| t.contains("Bibliotheken im Wandel")),
        "{list:?}"
    );
    open_cafe(&app, "Bibliotheken im Wandel").await?;
    app.wait_for_text("attendee-count", "3").await?;
    app.client
        .execute("document.querySelector('[data-testid=\"attendee-row\"]').scrollIntoView({block: 'center'});", vec![])
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.screenshot("setup-after-restart").await?;
    let names = app.texts("attendee-row").await?;
    let all = names.join("\n");
    for expected in [
        "Jonas Weber",
        "Åsa Lind",
        "Chloé Martin",
        "Kungliga biblioteket; Stockholm",
        "BnF \"Richelieu\"",
    ] {
        assert!(all.contains(expected), "{expected} missing from {all}");
    }
    app.close().await?;
    drop(desktop);

    // The store agrees with what the window showed.
    let store = cafe_store::Store::open(&db)?;
    store.integrity_check()?;
    let cafes = store.read(|r| r.list_cafes())?;
    assert_eq!(cafes.len(), 2);
    Ok(())
}

/// The dark theme is chosen from the sidebar, applies at once, and is still chosen after a restart; both themes
/// are photographed at the projector-sized 1920×1080.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_theme_is_remembered() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let desktop = Desktop::start(&dir.path().join("themes.sqlite3"), dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    let start = app.root_data("theme").await?;
    assert!(start == "light" || start == "dark", "{start:?}");
    // system → light → dark
    for _ in 0..3 {
        if app.root_data("themeChoice").await? == "dark" {
            break;
        }
        app.click("theme-toggle").await?;
    }
    assert_eq!(app.root_data("theme").await?, "dark");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("cafes-list-dark-1920").await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.wait_for_count("table-row", 6).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("setup-dark-1920").await?;
    app.close().await?;

    let app = desktop.launch().await?;
    app.wait_for_count("cafe-row", 1).await?;
    assert_eq!(app.root_data("themeChoice").await?, "dark");
    app.click("theme-toggle").await?; // dark → system
    app.click("theme-toggle").await?; // system → light
    assert_eq!(app.root_data("theme").await?, "light");
    app.client.set_window_size(1920, 1080).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("setup-light-1920").await?;
    assert!(
        app.console_errors().await?.is_empty(),
        "console errors: {:?}",
        app.console_errors().await?
    );
    app.close().await?;
    Ok(())
}

/// Through the UI: rename a café and see the title everywhere; an empty title is refused at its field; duplicate
/// the demo as a template without attendees; delete the copy after confirming (and not when cancelling).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_duplicate_and_delete() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("edit.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1280, 800).await?;
    app.wait_for_count("cafe-row", 1).await?;

    // Duplicate as a template.
    app.click("duplicate-cafe").await?;
    app.type_into("duplicate-title", "Template for 2027")
        .await?;
    app.click("duplicate-submit").await?;
    app.wait_for_count("cafe-row", 2).await?;
    let titles = titles(&app).await?;
    assert!(
        titles.iter().any(|t| t == "Template for 2027"),
        "{titles:?}"
    );

    // Rename it; an empty title is refused where it was typed.
    open_cafe(&app, "Template for 2027").await?;
    app.wait_for_count("table-row", 6).await?;
    app.wait_for_text("attendee-count", "0").await?;
    app.type_into("details-title", " ").await?;
    app.click("details-save").await?;
    app.wait_for_text("field-error", "title is required")
        .await?;
    app.type_into("details-title", "Congress café 2027").await?;
    app.click("details-save").await?;
    app.wait_for_text("setup-title", "Congress café 2027")
        .await?;

    // Delete: cancel keeps it, confirm removes it.
    app.click("nav-cafes").await?;
    app.wait_for_count("cafe-row", 2).await?;
    let delete_row = |title: &'static str| {
        let app = &app;
        async move {
            for row in app.all("cafe-row").await? {
                if row.text().await?.contains(title) {
                    row.find(Locator::Css("[data-testid=\"delete-cafe\"]"))
                        .await?
                        .click()
                        .await?;
                    return anyhow::Ok(());
                }
            }
            anyhow::bail!("no row {title}")
        }
    };
    delete_row("Congress café 2027").await?;
    app.wait_for_text("confirm-dialog", "Congress café 2027")
        .await?;
    app.click("confirm-cancel").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.all("cafe-row").await?.len(), 2);
    delete_row("Congress café 2027").await?;
    app.click("confirm-ok").await?;
    app.wait_for_count("cafe-row", 1).await?;
    assert!(
        app.console_errors().await?.is_empty(),
        "console errors: {:?}",
        app.console_errors().await?
    );
    app.close().await?;
    drop(desktop);

    let store = cafe_store::Store::open(&db)?;
    let cafes = store.read(|r| r.list_cafes())?;
    assert_eq!(cafes.len(), 1);
    assert!(
        cafes[0]
            .cafe
            .details
            .title
            .contains("Congress Knowledge Café")
    );
    Ok(())
}

/// A database file that is not one is reported in the window, and left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_database_is_reported_in_the_window() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("damaged.sqlite3");
    let junk = b"SQLite format 2? no: a spreadsheet saved under the wrong name\n".repeat(64);
    std::fs::write(&db, &junk)?;
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    let text = app
        .wait_for_text("cafes-error", "is not a Knowledge Café database")
        .await?;
    assert!(text.contains("damaged.sqlite3"), "{text}");
    app.screenshot("damaged-database").await?;
    app.close().await?;
    drop(desktop);
    assert_eq!(std::fs::read(&db)?, junk);
    Ok(())
}
