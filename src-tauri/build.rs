//! Generates Tauri's context and the permission for the one app command, `api`, so that a capability must grant it.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["api"])),
    )
    .expect("tauri-build failed");
}
