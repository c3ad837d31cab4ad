//! The desktop shell: opens the store, registers the one `api` command that hands every request to cafe-api, and
//! forwards the store's change events to the windows in small batches. No business logic lives here — what a
//! command does is decided in cafe-api and cafe-core, exactly as for the CLI.
//!
//! LAN mode: the API gets a `cafe_server::PhoneServer` as its switch, so `set_lan` starts the phone server on
//! this app's runtime; it stops when switched off or when the app ends.
//!
//! The database is `--db PATH`, else `$KNOWLEDGE_CAFE_DB`, else the platform data directory. If it cannot be opened
//! (damaged, from a newer version), the window still opens and every command answers with that error, so the
//! facilitator reads what is wrong instead of facing a window that never appears; the file is left untouched.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cafe_api::dto::Change;
use cafe_api::{Api, ApiError, ErrorCode, Store};
use tauri::{Emitter, Manager};

/// The event that carries batches of [`Change`]s to the windows.
pub const CHANGES_EVENT: &str = "cafe://changes";
/// How long the shell gathers changes before it sends them on.
const BATCH_WINDOW: Duration = Duration::from_millis(40);

/// The shell's state: the API, or why the database could not be opened.
struct Shell {
    api: Result<Api, ApiError>,
}

/// The database path from the command line (`--db PATH` or `--db=PATH`), the environment, or the default.
fn database_path() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(p) = args.next() {
                return PathBuf::from(p);
            }
        } else if let Some(p) = arg.strip_prefix("--db=") {
            return PathBuf::from(p);
        }
    }
    match std::env::var_os(cafe_store::DB_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => cafe_store::default_path(),
    }
}

/// The window that only shows (the projector): it may call the read-only commands, nothing else.
const PROJECTOR_WINDOW: &str = "projector";

/// Runs one cafe-api command off the UI thread.
#[tauri::command]
async fn api(
    window: tauri::Window,
    shell: tauri::State<'_, Shell>,
    command: String,
    request: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    if window.label() == PROJECTOR_WINDOW
        && !cafe_api::READ_ONLY_COMMANDS.contains(&command.as_str())
    {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("the projector window may not run \"{command}\""),
        ));
    }
    let api = shell.api.clone()?;
    tauri::async_runtime::spawn_blocking(move || api.dispatch(&command, request))
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("the command stopped unexpectedly: {e}"),
            )
        })?
}

fn open_api(path: &std::path::Path) -> Result<Api, ApiError> {
    let store =
        Arc::new(Store::open(path).map_err(|e| ApiError::new(ErrorCode::Storage, e.to_string()))?);
    // LAN mode (off until the facilitator switches it on) runs the phone server on the app's runtime.
    let tauri::async_runtime::RuntimeHandle::Tokio(runtime) = tauri::async_runtime::handle();
    let lan = Arc::new(cafe_server::PhoneServer::new(&store, runtime));
    let api = Api::new(store).with_lan(lan);
    api.first_start()?;
    Ok(api)
}

/// Starts the desktop app.
pub fn run() {
    let path = database_path();
    let opened = open_api(&path);
    if let Err(e) = &opened {
        eprintln!("knowledge-cafe: {}", e.message);
    }
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<Vec<Change>>();
    if let Ok(opened) = &opened {
        opened.store().subscribe(move |changes| {
            let _ = sender.send(changes.iter().map(cafe_api::change_dto).collect());
        });
    }

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(Shell { api: opened })
        .invoke_handler(tauri::generate_handler![api])
        .setup(move |app| {
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while let Some(mut batch) = receiver.recv().await {
                    tokio::time::sleep(BATCH_WINDOW).await;
                    while let Ok(more) = receiver.try_recv() {
                        batch.extend(more);
                    }
                    let mut unique: Vec<Change> = Vec::with_capacity(batch.len());
                    for c in batch {
                        if !unique.contains(&c) {
                            unique.push(c);
                        }
                    }
                    let _ = handle.emit(CHANGES_EVENT, unique);
                }
            });
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title("Knowledge Café");
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("knowledge-cafe: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
