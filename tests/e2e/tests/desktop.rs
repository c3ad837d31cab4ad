//! The real desktop app, driven as a facilitator would use it: the first start shows the demo café; a café is
//! created and attendees imported through the UI; a broken CSV is refused with its row and column; the app is
//! killed with SIGKILL and restarted, and everything is still there. Screenshots land in tests/e2e/artifacts/.

use std::time::Duration;

use anyhow::{Context, Result};
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

/// At 1920×1080, opens the demo café and makes its seating plan in the Seating screen.
async fn demo_with_seating_plan(app: &App) -> Result<()> {
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(app, "Congress Knowledge Café").await?;
    app.click("nav-seating").await?;
    app.click("seating-plan").await?;
    app.wait_for("seating-stats").await?;
    Ok(())
}

/// The projector window, once it has opened next to the `main` one.
async fn second_window(
    app: &App,
    main: &fantoccini::wd::WindowHandle,
) -> Result<fantoccini::wd::WindowHandle> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(h) = app.client.windows().await?.into_iter().find(|h| h != main) {
            return Ok(h);
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the projector window did not open"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
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

/// Next to the demo café, a new user adds the example of a past café from the Cafés screen and sees its threads:
/// the curated, pinned thread first, with its synthesis. Once its rounds are over, the projector shows them, as many
/// a page as fit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_cafe_shows_common_threads() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let desktop = Desktop::start(&dir.path().join("example.sqlite3"), dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    app.click("add-example-cafe").await?;
    app.wait_for_text("setup-title", "Library futures — staff café")
        .await?;
    app.click("nav-threads").await?;
    app.wait_for_text("thread-title", "Opening hours and branch closures")
        .await?;
    app.wait_for_text("threads-counts", "69 notes").await?;
    let synthesis: String = serde_json::from_value(
        app.eval(
            "return document.querySelector('[data-testid=\"thread-synthesis\"]').value;",
            vec![],
        )
        .await?,
    )?;
    assert!(
        synthesis.starts_with("Tables want the library open"),
        "{synthesis}"
    );
    // The synthesis box is as tall as its text.
    let (client, scroll): (u64, u64) = serde_json::from_value(
        app.eval(
            "const t = document.querySelector('[data-testid=\"thread-synthesis\"]'); return [t.clientHeight, t.scrollHeight];",
            vec![],
        )
        .await?,
    )?;
    assert!(client >= scroll && client > 50, "{client} < {scroll}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("threads-example-1920").await?;
    app.click("nav-cafes").await?;
    app.wait_for_count("cafe-row", 2).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("cafes-with-example-1920").await?;
    assert!(app.console_errors().await?.is_empty());
    app.close().await?;

    // Its three rounds run to the end (through the API while the app is closed) …
    {
        let api = cafe_api::Api::new(std::sync::Arc::new(cafe_store::Store::open(
            &dir.path().join("example.sqlite3"),
        )?));
        let cafe = api
            .list_cafes(cafe_api::dto::NoParams {})
            .map_err(|e| anyhow::anyhow!(e.message))?
            .into_iter()
            .find(|c| c.title.starts_with("Library futures"))
            .context("the example café")?;
        let mut command = cafe_api::dto::ClockCommand::Start;
        for _ in 0..10 {
            let clock = api
                .run_clock(cafe_api::dto::RunClock {
                    cafe_id: cafe.id.clone(),
                    command,
                })
                .map_err(|e| anyhow::anyhow!(e.message))?;
            if clock.stage == cafe_api::dto::ClockStage::Done {
                break;
            }
            command = cafe_api::dto::ClockCommand::Next;
        }
    }
    // … and the projector shows the room what came up at several tables, the pinned thread first.
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 2).await?;
    open_cafe(&app, "Library futures").await?;
    app.click("nav-run").await?;
    app.wait_for_text("run-stage", "Café finished").await?;
    let main = app.client.window().await?;
    app.click("run-projector").await?;
    let projector = second_window(&app, &main).await?;
    app.client.switch_to_window(projector).await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_until(
        "the pinned thread first",
        "const t = document.querySelector('[data-testid=\"projector-thread\"]'); return t !== null && t.textContent.includes('Opening hours and branch closures');",
        vec![],
    )
    .await?;
    // Its synthesis under it (read from the page: WebKitWebDriver leaves line-clamped text out of an element's
    // text).
    let first: String = serde_json::from_value(
        app.eval(
            "return document.querySelector('[data-testid=\"projector-thread\"]').textContent;",
            vec![],
        )
        .await?,
    )?;
    assert!(first.contains("Tables want the library open"), "{first}");
    // As many as fit at a size read from the back of the room: two rows of two at 1080 pixels, 12 threads on three
    // pages.
    assert_eq!(
        app.all("projector-thread").await?.len(),
        4,
        "a page of four"
    );
    app.wait_for_text("projector-page", "Page 1 of 3").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("projector-threads-1920").await?;
    // On a smaller projector each still stays on the screen, above the pager.
    app.client.set_window_size(1280, 720).await?;
    app.wait_until(
        "the threads fit the smaller screen",
        "const items = Array.from(document.querySelectorAll('[data-testid=\"projector-thread\"]'));
         const pager = document.querySelector('[data-testid=\"projector-page\"]');
         const limit = pager ? pager.getBoundingClientRect().top : window.innerHeight;
         return items.length > 0 && items.every(i => i.getBoundingClientRect().bottom <= limit);",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("projector-threads-1280").await?;
    assert!(app.console_errors().await?.is_empty());
    app.client.switch_to_window(main).await?;
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

/// The demo café's seating plan, made and changed through the UI: six tables of six in round 1 with every host
/// first at their own table; someone moved with the "Move to…" list (the keyboard's way; drag and drop cannot be
/// driven through WebKitWebDriver); a seat locked and someone marked absent in round 2, then rounds 2–3 planned
/// again keeping round 1, the lock and the absence; someone back seated by hand; the plan is still there after a
/// restart. Screenshots at 1280×800 and 1920×1080, light and dark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seating_plan_in_the_app() -> Result<()> {
    use serde_json::json;

    /// How many table cards list their host first.
    const HOSTS_FIRST: &str = "return Array.from(document.querySelectorAll('[data-testid=\"seating-table\"]'))
        .filter(t => { const first = t.querySelector('[data-testid=\"seating-person\"]');
                       return t.dataset.hostId && first && first.dataset.attendeeId === t.dataset.hostId
                           && first.dataset.role === 'host'; }).length;";
    /// The `n`-th person (0 = the host) at the `t`-th table: [attendee id, table id, name], scrolled into view.
    const PERSON: &str =
        "const t = document.querySelectorAll('[data-testid=\"seating-table\"]')[arguments[0]];
        const p = t.querySelectorAll('[data-testid=\"seating-person\"]')[arguments[1]];
        p.scrollIntoView({ block: 'center' });
        return [p.dataset.attendeeId, t.dataset.tableId, p.querySelector('.name').textContent];";
    /// Whether attendee `arguments[0]` sits at table `arguments[1]`.
    const SITS_AT: &str = "return document.querySelector(`[data-testid=\"seating-table\"][data-table-id=\"${arguments[1]}\"] \
        [data-testid=\"seating-person\"][data-attendee-id=\"${arguments[0]}\"]`) !== null;";
    /// Chooses table `arguments[2]` in the select `arguments[1]` inside the element with attendee id
    /// `arguments[0]`, as choosing it with the keyboard does (focus, then a change).
    const CHOOSE: &str = "const el = document.querySelector(`[data-attendee-id=\"${arguments[0]}\"] [data-testid=\"${arguments[1]}\"]`);
        if (!el) return false;
        el.focus();
        if (!el.querySelector(`option[value=\"${arguments[2]}\"]`)) return false;
        el.value = arguments[2];
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return true;";
    let person_part =
        |id: &str, part: &str| format!("[data-attendee-id=\"{id}\"] [data-testid=\"{part}\"]");
    let str_of = |v: &serde_json::Value, i: usize| v[i].as_str().unwrap_or_default().to_owned();

    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("seating.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1280, 800).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;

    // No plan yet: a call to action; the engine makes the plan.
    app.click("nav-seating").await?;
    app.wait_for_text("seating-title", "Congress Knowledge Café")
        .await?;
    app.wait_for("seating-empty").await?;
    // WebKitWebDriver's first screenshot of a session can show an earlier frame: take one to throw away
    let _ = app.client.screenshot().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-empty").await?;
    app.click("seating-plan").await?;
    app.wait_for("seating-stats").await?;
    app.wait_for_count("seating-table", 6).await?;
    app.wait_for_count("seating-person", 36).await?;
    let tabs = app
        .eval(
            "return Array.from(document.querySelectorAll('[data-testid=\"seating-round-tab\"]')).map(t => t.getAttribute('aria-selected'));",
            vec![],
        )
        .await?;
    assert_eq!(tabs, json!(["true", "false", "false"]));
    assert_eq!(
        app.eval(HOSTS_FIRST, vec![]).await?,
        json!(6),
        "every host first at their table"
    );
    let repeats = app.texts("stat-repeats").await?;
    assert!(repeats[0].contains("at best"), "{repeats:?}");
    assert!(app.texts("stat-elapsed").await?[0].contains("ms"));
    assert_eq!(
        app.texts("seating-table-count").await?,
        vec!["6 / 7"; 6],
        "six at every table"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-round-1").await?;

    // Round 1: move the first traveller of table 1 to table 2 with "Move to…".
    let first = app.eval(PERSON, vec![json!(0), json!(1)]).await?;
    let (moved, moved_name) = (str_of(&first, 0), str_of(&first, 2));
    let second = app.eval(PERSON, vec![json!(1), json!(0)]).await?;
    let table_2 = str_of(&second, 1);
    app.wait_until(
        "the Move to… list offers table 2",
        CHOOSE,
        vec![json!(moved), json!("seat-move"), json!(table_2)],
    )
    .await?;
    app.wait_until(
        "the moved person sits at table 2",
        SITS_AT,
        vec![json!(moved), json!(table_2)],
    )
    .await?;
    let table_2_name = app
        .eval(
            "return document.querySelector(`[data-table-id=\"${arguments[0]}\"] h3`).lastChild.textContent.trim();",
            vec![json!(table_2)],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let counts = app.texts("seating-table-count").await?;
    assert_eq!(counts[0], "5 / 7", "{counts:?}");
    assert_eq!(counts[1], "7 / 7", "{counts:?}");
    // the keyboard stays with the moved person
    app.wait_until(
        "focus is on the moved person's Move to… list",
        "const a = document.activeElement; return !!a && a.dataset.testid === 'seat-move'
            && a.closest('[data-testid=\"seating-person\"]').dataset.attendeeId === arguments[0];",
        vec![json!(moved)],
    )
    .await?;

    // Dragging someone over another table shows what the move would do to the repeat count; dropping moves them.
    // (WebDriver cannot drive native drag and drop: these are the page's own drag events, as WebKit sends them.)
    let dragged = app
        .eval(
            "const tables = document.querySelectorAll('[data-testid=\"seating-table\"]');
             const p = tables[2].querySelectorAll('[data-testid=\"seating-person\"]')[1];
             const target = tables[3];
             const dt = new DataTransfer();
             window.__seatDrag = { dt, target };
             const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
             fire(p, 'dragstart');
             fire(target, 'dragenter');
             fire(target, 'dragover');
             target.scrollIntoView({ block: 'center' });
             return [p.dataset.attendeeId, target.dataset.tableId];",
            vec![],
        )
        .await?;
    let (drag_who, drag_to) = (str_of(&dragged, 0), str_of(&dragged, 1));
    let preview = app.wait_for_text("drop-preview", "Repeats").await?;
    // "Repeats 2 → 4" (or "Repeats stay 2"): the figure after the drop
    let expected = preview
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.screenshot("seating-drag-preview").await?;
    app.eval(
        "const { dt, target } = window.__seatDrag;
         target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
         document.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: dt }));",
        vec![],
    )
    .await?;
    app.wait_until(
        "the dropped person sits at the target table",
        SITS_AT,
        vec![json!(drag_who), json!(drag_to)],
    )
    .await?;
    assert!(app.all("drop-preview").await?.is_empty());

    // The figures follow the moves: the repeat count is what the preview promised, and what the tables of
    // "Find your table" add up to (for every pair, each round they share a table beyond the first).
    app.wait_until(
        "the repeat count is the one previewed",
        "return document.querySelector('[data-testid=\"stat-repeats\"] .stat-value').textContent.trim() === arguments[0];",
        vec![json!(expected)],
    )
    .await?;
    app.click("seating-find-tab").await?;
    app.wait_for_count("find-row", 36).await?;
    let grid = app
        .eval(
            "return Array.from(document.querySelectorAll('[data-testid=\"find-row\"]')).map(r =>
                 Array.from(r.querySelectorAll('[data-testid=\"find-cell\"]')).map(c => {
                     const n = c.querySelector('.tno'); return n ? Number(n.textContent) : null; }));",
            vec![],
        )
        .await?;
    let rows: Vec<Vec<Option<u32>>> = serde_json::from_value(grid)?;
    let mut repeats = 0;
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            let shared = a
                .iter()
                .zip(b)
                .filter(|(x, y)| x.is_some() && x == y)
                .count();
            repeats += shared.saturating_sub(1);
        }
    }
    assert_eq!(repeats.to_string(), expected, "repeat meetings");
    app.all("seating-round-tab").await?[0].click().await?;

    // Round 2: lock someone's seat, mark someone else absent.
    app.all("seating-round-tab").await?[1].click().await?;
    app.wait_until(
        "round 2 is shown",
        "return document.querySelectorAll('[data-testid=\"seating-round-tab\"]')[1].getAttribute('aria-selected') === 'true';",
        vec![],
    )
    .await?;
    let keep = app.eval(PERSON, vec![json!(2), json!(1)]).await?;
    let (kept, kept_table) = (str_of(&keep, 0), str_of(&keep, 1));
    app.click_css(&person_part(&kept, "seat-lock")).await?;
    app.wait_until(
        "the seat is locked",
        "const b = document.querySelector(`[data-attendee-id=\"${arguments[0]}\"] [data-testid=\"seat-lock\"]`);
         return b && b.getAttribute('aria-pressed') === 'true';",
        vec![json!(kept)],
    )
    .await?;
    let gone = app.eval(PERSON, vec![json!(3), json!(1)]).await?;
    let absent = str_of(&gone, 0);
    app.click_css(&person_part(&absent, "seat-absent")).await?;
    app.wait_for("absent-list").await?;
    app.wait_for_count("seating-person", 35).await?;

    // Re-plan from round 2: round 1 stays as it was, the lock and the absence are kept.
    app.click("seating-replan").await?;
    app.wait_for("replan-dialog").await?;
    let from = app
        .eval(
            "return document.querySelector('[data-testid=\"replan-round\"]').value;",
            vec![],
        )
        .await?;
    assert_eq!(from, json!("2"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-replan-dialog").await?;
    app.click("replan-submit").await?;
    app.wait_until(
        "rounds 2–3 are planned again",
        "return !document.querySelector('[data-testid=\"replan-dialog\"]')
            && !document.querySelector('[data-testid=\"seating-plan\"]').disabled
            && Array.from(document.querySelectorAll('.toast')).some(t => t.textContent.includes('planned again'));",
        vec![],
    )
    .await?;
    assert!(app.all("seating-error").await?.is_empty());
    app.wait_for_count("seating-person", 35).await?;
    assert_eq!(
        app.eval(SITS_AT, vec![json!(kept), json!(kept_table)])
            .await?,
        json!(true),
        "the locked seat is kept"
    );
    let pressed = app
        .eval(
            "return document.querySelector(`[data-attendee-id=\"${arguments[0]}\"] [data-testid=\"seat-lock\"]`).getAttribute('aria-pressed');",
            vec![json!(kept)],
        )
        .await?;
    assert_eq!(pressed, json!("true"));
    let still_absent = app
        .client
        .find_all(Locator::Css(&format!(
            "[data-testid=\"absent-person\"][data-attendee-id=\"{absent}\"]"
        )))
        .await?;
    assert_eq!(still_absent.len(), 1, "the absence is kept");
    assert_eq!(app.eval(HOSTS_FIRST, vec![]).await?, json!(6));

    // They arrive after all: not seated (a problem) until seated by hand.
    app.eval(
        "document.querySelector(`[data-attendee-id=\"${arguments[0]}\"] [data-testid=\"seat-arrived\"]`)
            .scrollIntoView({ block: 'center' });",
        vec![json!(absent)],
    )
    .await?;
    app.click_css(&person_part(&absent, "seat-arrived")).await?;
    app.wait_for("unseated-list").await?;
    app.wait_for_text("seating-problems", "no seat").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-not-seated").await?;
    app.eval(
        "document.querySelector('main').scrollTo({ top: 0 });",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-problems").await?;
    app.wait_until(
        "seated at table 2 by hand",
        CHOOSE,
        vec![json!(absent), json!("seat-place"), json!(table_2)],
    )
    .await?;
    app.wait_until(
        "they sit at table 2",
        SITS_AT,
        vec![json!(absent), json!(table_2)],
    )
    .await?;
    app.wait_for_count("seating-person", 36).await?;
    assert!(app.all("unseated-list").await?.is_empty());
    assert!(app.all("seating-problems").await?.is_empty());

    // Round 1 is as it was announced.
    app.all("seating-round-tab").await?[0].click().await?;
    app.wait_until(
        "round 1 still has the moved person at table 2",
        SITS_AT,
        vec![json!(moved), json!(table_2)],
    )
    .await?;

    // Projector size, light and dark; "Find your table".
    app.client.set_window_size(1920, 1080).await?;
    app.eval(
        "document.querySelector('main').scrollTo({ top: 0 });",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("seating-round-1-1920").await?;
    for _ in 0..3 {
        if app.root_data("themeChoice").await? == "dark" {
            break;
        }
        app.click("theme-toggle").await?;
    }
    assert_eq!(app.root_data("theme").await?, "dark");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-dark-1920").await?;
    app.click("seating-find-tab").await?;
    app.wait_for("find-search").await?;
    app.wait_for_count("find-row", 36).await?;
    app.fill("find-search", &moved_name).await?;
    let rows = app.wait_for_count("find-row", 1).await?;
    let row = rows[0].text().await?;
    assert!(row.contains(&moved_name), "{row}");
    let cells = app.texts("find-cell").await?;
    assert!(
        cells[0].contains(&table_2_name),
        "round 1 at {table_2_name}: {cells:?}"
    );
    app.fill("find-search", "").await?;
    app.wait_for_count("find-row", 36).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("seating-find-dark-1920").await?;
    assert!(
        app.console_errors().await?.is_empty(),
        "console errors: {:?}",
        app.console_errors().await?
    );
    app.close().await?;

    // After a restart the plan is there as it was left.
    let app = desktop.launch().await?;
    app.client.set_window_size(1280, 800).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.click("nav-seating").await?;
    app.wait_for("seating-stats").await?;
    app.wait_for_count("seating-table", 6).await?;
    app.wait_for_count("seating-person", 36).await?;
    assert_eq!(
        app.eval(SITS_AT, vec![json!(moved), json!(table_2)])
            .await?,
        json!(true),
        "the move survived the restart"
    );
    let shown = app
        .eval(
            "return document.querySelector('[data-testid=\"stat-repeats\"] .stat-value').textContent.trim();",
            vec![],
        )
        .await?;

    // Export the printable table lists and the CSV (the path is typed: a native save dialog is not WebDriver's).
    app.click("seating-export").await?;
    app.wait_for("export-dialog").await?;
    let pdf = dir.path().join("table lists.pdf");
    app.type_into("export-path", &pdf.display().to_string())
        .await?;
    app.click("export-submit").await?;
    app.wait_for_text("export-result", "table lists.pdf")
        .await?;
    app.screenshot("seating-export").await?;
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&moved_name) && text.contains("Page 1 of"),
        "{text}"
    );
    app.click("export-format-csv").await?;
    let csv = dir.path().join("seating.csv");
    app.type_into("export-path", &csv.display().to_string())
        .await?;
    app.click("export-submit").await?;
    app.wait_for_text("export-result", "seating.csv").await?;
    assert!(std::fs::read_to_string(&csv)?.contains(&moved_name));
    assert!(
        app.console_errors().await?.is_empty(),
        "console errors: {:?}",
        app.console_errors().await?
    );
    app.close().await?;
    drop(desktop);

    // The store agrees with what the window showed: the figure, the lock, the absence undone.
    let api = cafe_api::Api::new(std::sync::Arc::new(cafe_store::Store::open(&db)?));
    let cafes = api.dispatch("list_cafes", json!({}))?;
    let plan = api.dispatch("get_seating", json!({ "id": cafes[0]["id"] }))?;
    assert_eq!(
        shown,
        json!(plan["stats"]["repeat_pairs"].to_string()),
        "repeat meetings"
    );
    let round_2 = &plan["rounds"][1];
    let seat = round_2["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["table_id"] == json!(kept_table))
        .flat_map(|t| t["seats"].as_array().cloned().unwrap_or_default())
        .find(|s| s["attendee_id"] == json!(kept));
    assert_eq!(
        seat.map(|s| s["locked"].clone()),
        Some(json!(true)),
        "the lock is stored"
    );
    assert_eq!(round_2["absent"], json!([]));
    Ok(())
}

/// The round clock run from the Run screen: started, paused and extended; the paused time survives a restart of
/// the app; the projector window follows the facilitator's clock; the warning state and the projector between
/// rounds are photographed at 1920×1080.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_the_clock_in_the_app() -> Result<()> {
    use cafe_e2e::countdown_seconds;

    async fn seconds(app: &App, id: &str) -> Result<u64> {
        let text = app.wait_for(id).await?.text().await?;
        countdown_seconds(&text).ok_or_else(|| anyhow::anyhow!("no countdown in {id}: {text:?}"))
    }

    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("run.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    demo_with_seating_plan(&app).await?;

    // Run: ready, then round 1 runs, is paused and gets a minute more.
    app.click("nav-run").await?;
    app.wait_for_text("run-stage", "Ready to start").await?;
    app.wait_for_text("run-clock", "20:00").await?;
    app.wait_for_count("run-table", 6).await?;
    app.click("run-toggle").await?;
    app.wait_for_text("run-stage", "Round 1 of 3").await?;
    app.wait_for_text("run-phase", "Running").await?;
    app.wait_for("sidebar-clock").await?;
    app.click("run-toggle").await?;
    app.wait_for_text("run-phase", "Paused").await?;
    let paused = seconds(&app, "run-clock").await?;
    assert!(
        (1190..=1200).contains(&paused),
        "paused early in a 20-minute round: {paused}"
    );
    app.click("run-plus1").await?;
    app.wait_for_text(
        "run-clock",
        &format!("{:02}:{:02}", (paused + 60) / 60, (paused + 60) % 60),
    )
    .await?;
    let shown = app.wait_for("run-clock").await?.text().await?;
    app.close().await?;

    // After a restart: still paused with the same time left.
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.click("nav-run").await?;
    app.wait_for_text("run-phase", "Paused").await?;
    assert_eq!(app.wait_for("run-clock").await?.text().await?, shown);
    let sidebar = app.wait_for("sidebar-clock").await?.text().await?;
    assert!(
        sidebar.contains(&shown),
        "sidebar {sidebar:?}, run view {shown:?}"
    );

    // The keyboard: − and + change the time, Space starts and pauses.
    let mmss = |s: u64| format!("{:02}:{:02}", s / 60, s % 60);
    let left = seconds(&app, "run-clock").await?;
    app.press('-').await?;
    app.wait_for_text("run-clock", &mmss(left - 60)).await?;
    app.press('+').await?;
    app.wait_for_text("run-clock", &mmss(left)).await?;
    app.press(' ').await?;
    app.wait_for_text("run-phase", "Running").await?;
    app.press(' ').await?;
    app.wait_for_text("run-phase", "Paused").await?;

    // Running again; the projector window follows the same clock.
    app.click("run-toggle").await?;
    app.wait_for_text("run-phase", "Running").await?;
    let main = app.client.window().await?;
    app.press('p').await?; // P opens the projector window
    let projector = second_window(&app, &main).await?;
    // Opening it again brings the same window forward instead of a second one.
    app.click("run-projector").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.client.windows().await?.len(),
        2,
        "a second projector window opened"
    );
    app.client.switch_to_window(projector.clone()).await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_text("projector-stage", "Round 1 of 3").await?;
    let on_projector = seconds(&app, "projector-clock").await?;
    app.client.switch_to_window(main.clone()).await?;
    let on_main = seconds(&app, "run-clock").await?;
    assert!(
        on_projector.abs_diff(on_main) <= 2,
        "projector {on_projector} s, main window {on_main} s"
    );

    // The warning shows at once with a 25-minute warning time.
    app.fill("run-warning", "25").await?;
    app.wait_until(
        "the clock is in its warning state",
        "return document.querySelector('[data-testid=\"run-clock\"]').dataset.tone === 'warning';",
        vec![],
    )
    .await?;
    app.eval("document.activeElement.blur();", vec![]).await?; // for the photograph
    let _ = app.client.screenshot().await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("run-warning-1920").await?;

    app.client.switch_to_window(projector.clone()).await?;
    app.wait_until(
        "the projector shows the warning too",
        "return document.querySelector('[data-testid=\"projector-clock\"]').dataset.tone === 'warning';",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("projector-round-1920").await?;

    // Next: people move to round 2, and the projector tells everyone where to sit.
    app.client.switch_to_window(main.clone()).await?;
    app.press('n').await?; // N: on to the move
    app.wait_for_text("run-stage", "Moving to round 2").await?;
    app.client.switch_to_window(projector.clone()).await?;
    app.wait_for_text("projector-stage", "Moving to round 2")
        .await?;
    app.wait_for("projector-seating").await?;
    let names = app
        .eval(
            "return document.querySelectorAll('[data-testid=\"projector-seating\"] li').length;",
            vec![],
        )
        .await?;
    assert_eq!(names, serde_json::json!(36), "everyone's table on one page");
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("projector-move-1920").await?;
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "projector errors"
    );

    app.client.switch_to_window(main).await?;
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "main window errors"
    );
    app.close().await?;
    Ok(())
}

/// Notes: a table host types notes into a table's card (Enter adds), untrusted text stays text, a note is starred,
/// edited (saved as you type, still there after a restart), deleted and brought back; a too long note is refused
/// at the field; notes are imported from pasted cells; the Run screen counts each table's notes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_in_the_app() -> Result<()> {
    const ENTER: &str = "\u{E007}";
    const HOSTILE: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)>";
    /// The texts of the notes of the first table card.
    const FIRST_TEXTS: &str = "const t = document.querySelector('[data-testid=\"notes-table\"]');
        return Array.from(t.querySelectorAll('[data-testid=\"note-text\"]')).map(e => e.textContent);";

    async fn first_texts(app: &App) -> Result<Vec<String>> {
        Ok(serde_json::from_value(
            app.eval(FIRST_TEXTS, vec![]).await?,
        )?)
    }
    async fn wait_first_has(app: &App, text: &str) -> Result<()> {
        app.wait_until(
            &format!("the first table lists {text:?}"),
            "const t = document.querySelector('[data-testid=\"notes-table\"]');
             return t !== null && Array.from(t.querySelectorAll('[data-testid=\"note-text\"]'))
                 .some(e => e.textContent === arguments[0]);",
            vec![text.into()],
        )
        .await?;
        Ok(())
    }
    async fn first_input(app: &App) -> Result<fantoccini::elements::Element> {
        Ok(app
            .wait_for("notes-table")
            .await?
            .find(Locator::Css("[data-testid=\"note-input\"]"))
            .await?)
    }

    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("notes.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    demo_with_seating_plan(&app).await?; // so that the Run screen shows the tables
    app.click("nav-notes").await?;
    app.wait_for("notes-round-tab").await?;
    let cards = app.wait_for_count("notes-table", 6).await?;
    drop(cards);

    // Enter adds the note (typed through the keyboard).
    let input = first_input(&app).await?;
    input.send_keys("Libraries as third places").await?;
    input.send_keys(ENTER).await?;
    wait_first_has(&app, "Libraries as third places").await?;
    assert_eq!(
        input.prop("value").await?.unwrap_or_default(),
        "",
        "the input is empty again"
    );

    // Untrusted text is shown as text.
    app.fill("note-input", HOSTILE).await?;
    first_input(&app).await?.send_keys(ENTER).await?;
    wait_first_has(&app, HOSTILE).await?;
    let elements = app
        .eval(
            "return document.querySelectorAll('[data-testid=\"notes-table\"] script, [data-testid=\"notes-table\"] img').length;",
            vec![],
        )
        .await?;
    assert_eq!(elements, serde_json::json!(0), "no element made of a note");
    assert_eq!(
        first_texts(&app).await?,
        vec!["Libraries as third places".to_owned(), HOSTILE.to_owned()]
    );

    // Star the first note.
    app.click("note-star").await?;
    app.wait_until(
        "the note is starred",
        "return document.querySelector('[data-testid=\"note-star\"]').getAttribute('aria-pressed') === 'true';",
        vec![],
    )
    .await?;
    app.wait_for_text("notes-counts", "2 notes · 1 starred")
        .await?;

    // Edit it inline: saved as you type.
    app.click("note-edit").await?;
    let editor = app.wait_for("note-edit-input").await?;
    editor.send_keys(" and makerspaces").await?;
    app.wait_for_text("note-saved", "Saved").await?;
    editor.send_keys("\u{E00C}").await?; // Escape
    wait_first_has(&app, "Libraries as third places and makerspaces").await?;

    // Delete, then Undo.
    let deletes = app.all("note-delete").await?;
    deletes[1].click().await?;
    app.wait_until(
        "the note is gone",
        "return document.querySelectorAll('[data-testid=\"notes-table\"]')[0].querySelectorAll('[data-testid=\"note\"]').length === 1;",
        vec![],
    )
    .await?;
    app.click("note-undo").await?;
    wait_first_has(&app, HOSTILE).await?;

    // A note of 2,001 characters is refused at the field.
    app.fill("note-input", &"x".repeat(2001)).await?;
    app.wait_for_text("note-counter", "2,001").await?;
    first_input(&app).await?.send_keys(ENTER).await?;
    app.wait_for_text("note-error", "2000").await?;
    app.fill("note-input", "").await?;

    // Import from pasted cells.
    let table_name = app
        .eval(
            "const h = document.querySelector('[data-testid=\"notes-table\"] h3');
             return Array.from(h.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();",
            vec![],
        )
        .await?;
    let table_name = table_name.as_str().unwrap_or_default().to_owned();
    app.click("notes-import").await?;
    app.wait_for("notes-import-dialog").await?;
    app.fill(
        "notes-import-paste",
        &format!("table,round,note,author\n\"{table_name}\",1,Imported from the tablecloth,Amara\n\"{table_name}\",2,Round two idea,\n"),
    )
    .await?;
    app.click("notes-import-submit").await?;
    app.wait_for_text("notes-import-result", "Imported 2 notes")
        .await?;
    app.click("notes-import-close").await?;
    wait_first_has(&app, "Imported from the tablecloth").await?;
    app.wait_for_text("notes-counts", "4 notes · 1 starred")
        .await?;

    // A broken import names its row and column and imports nothing.
    app.click("notes-import").await?;
    app.fill(
        "notes-import-paste",
        "table,note\nNo such table,Lost idea\n",
    )
    .await?;
    app.click("notes-import-submit").await?;
    app.wait_for("notes-import-error").await?;
    app.click("notes-import-close").await?;

    // Search.
    app.fill("notes-search", "TABLECLOTH").await?;
    app.wait_for_text("notes-counts", "1 note · 0 starred")
        .await?;
    app.fill("notes-search", "").await?;
    app.wait_for_text("notes-counts", "4 notes").await?;

    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("notes-1920").await?;

    // The Run screen counts each table's notes of the round.
    app.click("nav-run").await?;
    app.wait_for_text("run-title", "Congress").await?;
    app.wait_until(
        "the run screen counts the notes",
        "const n = document.querySelector('[data-testid=\"run-table-notes\"]'); return n !== null && n.textContent.includes('3 notes');",
        vec![],
    )
    .await?;
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "console errors"
    );
    app.close().await?;

    // After a restart the edit and the star are still there.
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.click("nav-notes").await?;
    wait_first_has(&app, "Libraries as third places and makerspaces").await?;
    app.wait_for_text("notes-counts", "4 notes · 1 starred")
        .await?;
    app.close().await?;
    Ok(())
}

/// LAN mode: switched on in the Run screen, a phone's notes (sent over HTTP as the phone page does) appear in the
/// desktop app as text; a table's new link stops the old one; switching off stops the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phones_note_appears_in_the_app() -> Result<()> {
    const HOSTILE: &str = "<script>alert(1)</script> from a phone <img src=x onerror=alert(2)>";
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.click("nav-run").await?;
    app.wait_for("lan-panel").await?;
    app.wait_for_text("lan-state", "Off").await?;
    // A free port, so that parallel runs on one machine do not collide.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    app.fill("lan-port", &port.to_string()).await?;
    // The port is stored first (the switch waits while that runs).
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.click("lan-switch").await?;
    app.wait_for_text("lan-state", "On").await?;
    app.wait_for_count("lan-table", 6).await?;
    let urls = app.texts("lan-url").await?;
    let (base, token) = urls[0].split_once("/join#").expect("a join link");
    assert!(base.ends_with(&format!(":{port}")), "{base}");
    let scrolled =
        "document.querySelector('[data-testid=\"lan-panel\"]').scrollIntoView(); return true;";
    app.eval(scrolled, vec![]).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("run-lan-1920").await?;

    // The phone writes; the desktop shows it in Notes within moments, as text.
    app.click("nav-notes").await?;
    app.wait_for_count("notes-table", 6).await?;
    let http = reqwest::Client::new();
    let sent = http
        .post(format!("{base}/api/tables/{token}/notes"))
        .json(&serde_json::json!({"client_id": "e2e-phone-0000000001", "text": HOSTILE, "author": null}))
        .send()
        .await?;
    assert_eq!(sent.status(), reqwest::StatusCode::CREATED);
    app.wait_until(
        "the phone's note is listed at the first table",
        "const t = document.querySelector('[data-testid=\"notes-table\"]');
         return t !== null && Array.from(t.querySelectorAll('[data-testid=\"note-text\"]'))
             .some(e => e.textContent === arguments[0]);",
        vec![HOSTILE.into()],
    )
    .await?;
    let injected: i64 = serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('[data-testid=\"notes-table\"] script, [data-testid=\"notes-table\"] img').length;",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(injected, 0, "markup from a phone stays text");
    app.screenshot("notes-from-phone-1920").await?;

    // A new link for the first table: the old one stops at once.
    app.click("nav-run").await?;
    app.wait_for_count("lan-table", 6).await?;
    let first = app.all("lan-regenerate").await?;
    first[0].click().await?;
    app.click("confirm-ok").await?;
    app.wait_until(
        "the first table's link changed",
        "const u = document.querySelector('[data-testid=\"lan-url\"]'); return u !== null && !u.textContent.includes(arguments[0]);",
        vec![token.into()],
    )
    .await?;
    let old = http
        .get(format!("{base}/api/tables/{token}"))
        .send()
        .await?;
    assert_eq!(old.status(), reqwest::StatusCode::UNAUTHORIZED);

    // Off: nothing listens any more.
    app.click("lan-switch").await?;
    app.wait_for_text("lan-state", "Off").await?;
    let mut stopped = false;
    for _ in 0..50 {
        if http.get(format!("{base}/join")).send().await.is_err() {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stopped, "the server stopped when LAN mode was switched off");
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "console errors"
    );
    app.close().await?;
    Ok(())
}

/// Common threads in the app: found from a café's notes, renamed, a note moved; a note written meanwhile is
/// proposed into the board by itself; the curated board survives a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threads_in_the_app() -> Result<()> {
    const ENTER: &str = "\u{E007}";
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.sqlite3");
    // A café whose tables are named as in the library evaluation set, holding its 69 notes.
    cafe_with_notes(
        &db,
        "Library futures",
        7,
        include_bytes!("../../fixtures/threads/library_futures.csv"),
    )?;
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Library futures").await?;
    app.click("nav-threads").await?;
    app.wait_for_text("threads-empty", "69 notes").await?;
    app.click("threads-detect").await?;
    app.wait_for("threads-matrix").await?;
    let cards = app.all("thread").await?;
    assert!(cards.len() >= 3, "{} threads", cards.len());
    // A broad thread shows its strands; picking one chooses its notes for a split, picking it again lets go.
    assert!(!app.all("thread-strand").await?.is_empty(), "no strands");
    app.click("thread-strand").await?;
    app.wait_for_text("thread-split", "into a new thread")
        .await?;
    app.click("thread-strand").await?;
    app.wait_until(
        "the strand is let go",
        "return document.querySelector('[data-testid=\"thread-split\"]') === null;",
        vec![],
    )
    .await?;

    // Rename the first thread.
    app.click("thread-title").await?;
    app.fill("thread-title-input", "Spaces for people").await?;
    app.press_enter_in("thread-title-input").await?;
    app.wait_for_text("thread-title", "Spaces for people")
        .await?;
    app.wait_for_text("thread-figures", "curated").await?;

    // Move the first note of the second thread into the first one.
    let second_note: String = serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('[data-testid=\"thread\"]')[1].querySelector('[data-testid=\"thread-note-text\"]').textContent;",
            vec![],
        )
        .await?,
    )?;
    let first_id: String = serde_json::from_value(
        app.eval(
            "return document.querySelector('[data-testid=\"thread\"]').getAttribute('data-thread-id');",
            vec![],
        )
        .await?,
    )?;
    app.eval(
        "const s = document.querySelectorAll('[data-testid=\"thread\"]')[1].querySelector('[data-testid=\"thread-note-move\"]');
         s.value = arguments[0]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![first_id.clone().into()],
    )
    .await?;
    app.wait_until(
        "the note is in the first thread",
        "const t = document.querySelector(`[data-thread-id=\"${arguments[0]}\"]`);
         return t !== null && Array.from(t.querySelectorAll('[data-testid=\"thread-note-text\"]')).some(e => e.textContent === arguments[1]);",
        vec![first_id.clone().into(), second_note.clone().into()],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("threads-1920").await?;

    // A note written at a table meanwhile is looked at by itself when Threads is open again.
    app.click("nav-notes").await?;
    let input = app
        .wait_for("notes-table")
        .await?
        .find(Locator::Css("[data-testid=\"note-input\"]"))
        .await?;
    input
        .send_keys("Evening opening hours for working parents")
        .await?;
    input.send_keys(ENTER).await?;
    app.wait_for_text("notes-counts", "70 notes").await?;
    app.click("nav-threads").await?;
    app.wait_until(
        "the new note is placed",
        "const all = Array.from(document.querySelectorAll('[data-testid=\"thread-note-text\"], [data-testid=\"unthreaded-note\"] .note-text'));
         return all.some(e => e.textContent === arguments[0]) && document.querySelector('[data-testid=\"threads-fresh\"]') === null;",
        vec!["Evening opening hours for working parents".into()],
    )
    .await?;
    app.wait_for_text("thread-title", "Spaces for people")
        .await?;
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "console errors"
    );
    app.close().await?;

    // After a restart the curated board is still there.
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Library futures").await?;
    app.click("nav-threads").await?;
    app.wait_for_text("thread-title", "Spaces for people")
        .await?;
    app.close().await?;
    Ok(())
}

/// Makes a café of `tables` tables named "Table 1"… in the database at `db`, holding the notes of `csv`.
fn cafe_with_notes(db: &std::path::Path, title: &str, tables: u32, csv: &[u8]) -> Result<()> {
    let api = cafe_api::Api::new(std::sync::Arc::new(cafe_store::Store::open(db)?));
    let mut template = api
        .new_cafe_template(cafe_api::dto::NoParams {})
        .map_err(|e| anyhow::anyhow!(e.message))?;
    template.details.title = title.into();
    template.tables = (1..=tables)
        .map(|i| cafe_api::dto::TableInput {
            name: format!("Table {i}"),
            capacity: 8,
            topic: None,
            host_id: None,
        })
        .collect();
    let cafe = api
        .create_cafe(template)
        .map_err(|e| anyhow::anyhow!(e.message))?;
    api.import_note_bytes(uuid_of(&cafe.id), csv)
        .map_err(|e| anyhow::anyhow!(e.message))?;
    Ok(())
}

/// How many notes the threads board shows: in the threads on it and outside them.
async fn notes_on_board(app: &App) -> Result<u64> {
    Ok(serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('.board [data-testid=\"thread-note-text\"], [data-testid=\"unthreaded-note\"]').length;",
            vec![],
        )
        .await?,
    )?)
}

/// Four evaluation cafés' notes at 25 tables, numbered on, as one congress-sized café.
fn congress_notes() -> String {
    let sets: [&str; 4] = [
        include_str!("../../fixtures/threads/library_futures.csv"),
        include_str!("../../fixtures/threads/heldout/hybrid_work.csv"),
        include_str!("../../fixtures/threads/heldout2/museum_en.csv"),
        include_str!("../../fixtures/threads/heldout3/clinic_en.csv"),
    ];
    let mut out = String::from("table,round,note\n");
    let mut offset = 0;
    for set in sets {
        let mut most = 0;
        for line in set.lines().skip(1).filter(|l| !l.is_empty()) {
            let (table, rest) = line.split_once(',').unwrap();
            let n: usize = table.trim_start_matches("Table ").parse().unwrap();
            most = most.max(n);
            // Drop the label column (the last one); notes with commas are quoted, labels never are.
            let rest = &rest[..rest.rfind(',').unwrap()];
            out.push_str(&format!("Table {},{rest}\n", n + offset));
        }
        offset += most;
    }
    out
}

/// A congress-sized café (25 tables, 232 notes): every note is on the board once, in a thread or outside them,
/// and the theme × table matrix has a column for every table. A search marks the notes that say "wait" wherever
/// they are (and, apart, those that say it in other words), and gathers them into a thread of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threads_at_congress_size() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.sqlite3");
    let csv = congress_notes();
    let total = csv.lines().count() - 1;
    assert_eq!(total, 232);
    cafe_with_notes(&db, "Congress café", 25, csv.as_bytes())?;
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress café").await?;
    app.click("nav-threads").await?;
    app.wait_for_text("threads-empty", &format!("{total} notes"))
        .await?;
    app.click("threads-detect").await?;
    app.wait_for("threads-matrix").await?;
    let shown = notes_on_board(&app).await?;
    assert_eq!(shown, total as u64, "notes on the board");
    let columns: u64 = serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('[data-testid=\"threads-matrix\"] thead th').length - 1;",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(columns, 25, "matrix columns");
    // Themes can be asked for at up to half the tables.
    let choices: u64 = serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('[data-testid=\"threads-min-tables\"] option').length;",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(choices, 12, "\"Common at\" choices");
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("threads-congress-1920").await?;
    app.eval(
        "document.querySelector('[data-testid=\"threads-matrix\"]').scrollIntoView();",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("threads-congress-matrix-1920").await?;

    // The facilitator looks for every note about waiting, wherever it is, and gathers them into a thread.
    let waiting: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter(|l| l.to_lowercase().contains("wait"))
        .collect();
    assert!(waiting.len() >= 3, "{waiting:?}");
    // Ctrl+F puts the cursor in the board's search.
    let focused: String = serde_json::from_value(
        app.eval(
            "window.scrollTo(0, 0);
             window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true }));
             return document.activeElement?.getAttribute('data-testid') ?? '';",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(focused, "threads-search");
    app.type_into("threads-search", "WAIT").await?;
    // The answer to what is typed has come when Gather is enabled (earlier answers show meanwhile).
    app.wait_until(
        "the search has answered",
        "const b = document.querySelector('[data-testid=\"threads-gather\"]'); return b !== null && !b.disabled;",
        vec![],
    )
    .await?;
    // Notes that say it in other words ("queue") are found too, marked apart; they can be left out.
    let summary = app.wait_for_text("threads-found", " notes: ").await?;
    let with_related: u64 = summary.split(' ').next().unwrap().parse()?;
    assert!(with_related > waiting.len() as u64, "{summary}");
    app.wait_for("threads-related").await?;
    let dashed: u64 = serde_json::from_value(
        app.eval(
            "return document.querySelectorAll('.note.related, [data-testid=\"unthreaded-note\"].related').length;",
            vec![],
        )
        .await?,
    )?;
    assert_eq!(dashed, with_related - waiting.len() as u64);
    assert_eq!(notes_on_board(&app).await?, with_related);
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("threads-congress-search-1920").await?;
    app.click("threads-related").await?;
    app.wait_for_text("threads-found", &format!("{} notes: ", waiting.len()))
        .await?;
    let marked: Vec<String> = serde_json::from_value(
        app.eval(
            "return Array.from(document.querySelectorAll('mark')).map(m => m.textContent.toLowerCase());",
            vec![],
        )
        .await?,
    )?;
    assert!(
        marked.len() >= waiting.len() && marked.iter().all(|m| m == "wait"),
        "{marked:?}"
    );
    // Only the threads that hold such a note are shown, with only those notes.
    assert_eq!(
        notes_on_board(&app).await?,
        waiting.len() as u64,
        "notes shown while searching"
    );
    assert!(!app.all("thread-other-notes").await?.is_empty());
    app.wait_for_text(
        "threads-gather",
        &format!("Gather {} into “WAIT”", waiting.len()),
    )
    .await?;
    app.click("threads-gather").await?;
    app.wait_until(
        "the gathered thread is on the board",
        "return Array.from(document.querySelectorAll('[data-testid=\"thread\"]')).some(t =>
           t.querySelector('[data-testid=\"thread-title\"]')?.textContent === 'WAIT'
           && t.querySelectorAll('[data-testid=\"thread-note\"]').length === arguments[0]);",
        vec![waiting.len().into()],
    )
    .await?;
    assert_eq!(
        app.eval(
            "return document.querySelector('[data-testid=\"threads-search\"]').value;",
            vec![]
        )
        .await?,
        serde_json::json!("")
    );
    let shown = notes_on_board(&app).await?;
    assert_eq!(shown, total as u64, "notes on the board after gathering");
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "console errors"
    );
    app.close().await?;
    Ok(())
}

fn uuid_of(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).unwrap()
}

/// Export: the summary previewed as Markdown and saved as PDF; the café saved as a café file and imported again
/// from the Cafés screen, side by side with the original.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_the_harvest_and_move_a_cafe_between_computers() -> Result<()> {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.sqlite3");
    let desktop = Desktop::start(&db, dir.path())?;
    let app = desktop.launch().await?;
    app.client.set_window_size(1920, 1080).await?;
    app.wait_for_count("cafe-row", 1).await?;
    open_cafe(&app, "Congress Knowledge Café").await?;
    app.click("nav-export").await?;
    app.wait_for_text("export-preview", "## Appendix: the notes of every table")
        .await?;
    app.wait_for_text("export-preview", "## Topics").await?;
    // Leaving the appendix out changes the preview.
    app.click("export-section-appendix").await?;
    app.wait_until(
        "the preview has no appendix",
        "const p = document.querySelector('[data-testid=\"export-preview\"]'); return p !== null && !p.textContent.includes('Appendix');",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("export-1920").await?;

    let pdf = dir.path().join("summary.pdf");
    app.type_into("harvest-path", &pdf.display().to_string())
        .await?;
    app.click("export-save").await?;
    app.wait_for_text("export-done", "summary.pdf").await?;
    let bytes = std::fs::read(&pdf)?;
    assert!(bytes.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Café summary") && text.contains("Topics"),
        "{text}"
    );
    assert!(!text.contains("Appendix"));

    // The whole café as a café file, imported again.
    app.click("export-kind-cafe_file").await?;
    let file = dir.path().join("cafe.json");
    app.type_into("harvest-path", &file.display().to_string())
        .await?;
    app.click("export-save").await?;
    app.wait_for_text("export-done", "cafe.json").await?;
    app.click("nav-cafes").await?;
    app.wait_for_count("cafe-row", 1).await?;
    let input = app
        .client
        .find(Locator::Css("[data-testid=\"import-cafe-file\"]"))
        .await?;
    input.send_keys(&file.display().to_string()).await?;
    app.wait_for_count("cafe-row", 2).await?;
    let titles = titles(&app).await?;
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.contains("Congress Knowledge Café"))
            .count(),
        2,
        "{titles:?}"
    );

    // One summary across the two rooms.
    app.click("congress-open").await?;
    app.wait_for("congress-dialog").await?;
    app.fill("congress-title", "IFLA congress 2026").await?;
    app.wait_for_text("congress-preview", "# IFLA congress 2026")
        .await?;
    app.wait_for_text("congress-preview", "## Threads across rooms")
        .await?;
    app.client
        .find(Locator::Css("[data-testid=\"congress-format\"]"))
        .await?
        .select_by_value("markdown")
        .await?;
    let md = dir.path().join("congress.md");
    app.type_into("congress-path", &md.display().to_string())
        .await?;
    app.click("congress-save").await?;
    app.wait_for_text("congress-done", "congress.md").await?;
    let text = std::fs::read_to_string(&md)?;
    assert!(text.starts_with("# IFLA congress 2026\n"), "{text}");
    assert_eq!(
        text.matches("\n## Libraries shaping the future").count(),
        2,
        "both rooms"
    );
    app.screenshot("congress-1920").await?;
    assert_eq!(
        app.console_errors().await?,
        Vec::<String>::new(),
        "console errors"
    );
    app.close().await?;
    Ok(())
}
