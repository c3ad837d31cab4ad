# Knowledge Café — the commands a developer needs. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

.PHONY: run test lint fmt ui setup-run setup-test bindings icons deb clean

## Install what is missing, build, and open the app (on first start it holds the demo café).
run: setup-run ui
	$(CARGO) build -p knowledge-cafe
	$(TARGET_DIR)/debug/knowledge-cafe $(if $(DB),--db $(DB))

## Install what is missing and run every test: lint, UI checks and unit tests, Rust unit/integration/CLI tests,
## and the end-to-end tests of the real app under Xvfb.
test: setup-test ui lint
	cd ui && npm test
	$(CARGO) build -p knowledge-cafe -p cafe-cli
	$(CARGO) test --workspace --all-targets

## Formatting and lints: rustfmt, clippy with warnings as errors, svelte-check, the phone page's script.
lint: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd ui && npm run check
	cd ui && npx tsc -p ../crates/cafe-server/phone/tsconfig.json

fmt:
	$(CARGO) fmt --all

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

## Build the UI into ui/dist (the desktop crate embeds it).
ui:
	cd ui && npm run build

## Regenerate the TypeScript client (ui/src/lib/api/bindings.ts, commands.ts) from crates/cafe-api, and the phone
## API's OpenAPI document (docs/lan-openapi.json) from crates/cafe-server.
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p cafe-api --test api typescript_client_is_fresh
	UPDATE_OPENAPI=1 $(CARGO) test -p cafe-server --test server the_committed_openapi_document_is_current

## Regenerate the app icon's sizes from icons/icon.svg.
icons:
	cd ui && npx tauri icon ../icons/icon.svg -o ../icons
	cd icons && rm -rf android ios Square*Logo.png StoreLogo.png 64x64.png

## Build a Debian package (offline) into target/release/bundle/deb (or $CARGO_TARGET_DIR/release/bundle/deb).
deb: setup-run ui
	ui/node_modules/.bin/tauri build --bundles deb

clean:
	$(CARGO) clean
	rm -rf ui/dist
