//! The `knowledge-cafe` desktop binary: see the library for what the shell does.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    knowledge_cafe::run();
}
