# werkvoorraad — the two commands of README.md, and the setup they share.
#   make run   install what is missing, build, migrate var/werkvoorraad.db, serve on 127.0.0.1:3000
#   make test  install what is missing, fmt and clippy, cargo test (ssr), build the site, end2end in Chromium
# Every install step checks first and installs only what is missing (see ../shared/toolchain.md).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.11
WASM_BINDGEN_VERSION := 0.2.130
DEB_PACKAGES := rustc-web cargo-web rust-web-src lld-22 chromium postgresql python3-aiosmtpd poppler-utils

# rustup's cargo builds the server; Debian's rustc (via lib-cargo-args) builds the wasm half,
# which needs unstable -Zbuild-std: hence RUSTC_BOOTSTRAP. /usr/bin stays after ~/.cargo/bin.
export RUSTC_BOOTSTRAP := 1
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH):/usr/bin
export CARGO_TARGET_DIR ?= $(CURDIR)/target
BIN := $(CARGO_TARGET_DIR)/debug/werkvoorraad

.PHONY: help setup deb-packages cargo-tools npm-tools build run test lint test-rust test-e2e release bench-import bench-metrics bench-load bench-history bench-peers

help:
	@echo "make run   - de applicatie met demogegevens op http://127.0.0.1:3000"
	@echo "make test  - alle tests (Rust en browser)"

setup: deb-packages cargo-tools npm-tools public/nlds/components.css

deb-packages:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installeren (apt):$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

cargo-tools: deb-packages
	@if ! cargo-leptos --version 2>/dev/null | grep -qF "$(CARGO_LEPTOS_VERSION)"; then \
	  echo "Installeren: cargo-leptos $(CARGO_LEPTOS_VERSION) (met Debian's rustc, ongeveer 18 minuten)"; \
	  env -u CARGO_TARGET_DIR PATH=/usr/bin:$$PATH /usr/bin/cargo install cargo-leptos \
	    --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads; \
	fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)"; then \
	  echo "Installeren: wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

npm-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json | deb-packages
	npm ci --no-audit --no-fund
	touch $@

# The NL Design System's component styles (npm) that the site serves beside style/main.css.
public/nlds/components.css: node_modules/.installed style/nlds.mjs
	node style/nlds.mjs $@

build: setup
	cargo leptos build

run: build
	$(BIN) migrate
	$(BIN) demo
	$(BIN) serve

test: setup
	$(MAKE) lint
	$(MAKE) test-rust
	cargo leptos build
	$(MAKE) test-e2e

# The house rules: formatted, and no clippy warning in the server build (with its tests and
# benches) nor in the browser build (checked on the host target; its code is the same).
lint:
	cargo fmt --check
	cargo clippy --all-targets --features ssr -- -D warnings
	cargo clippy --lib --no-default-features --features hydrate -- -D warnings

# Everything on SQLite, with the store and multi-instance tests also on a throwaway PostgreSQL
# on a free loopback port; then the HTTP suites once more with PostgreSQL under the server.
HTTP_SUITES := access access_log backup language dashboard deletion early_warning flow gate limits mail_delivery notices oidc payloads risk server sign_in subject_access retention_server hammer
test-rust:
	pgdir="$$(mktemp -d /tmp/werkvoorraad-pg.XXXXXX)"; \
	trap 'bash tests/postgres.sh stop "$$pgdir"' EXIT; \
	url="$$(bash tests/postgres.sh start "$$pgdir")"; \
	WERKVOORRAAD_TEST_POSTGRES_URL="$$url" cargo test --features ssr; \
	echo "De HTTP-tests nogmaals, nu op PostgreSQL:"; \
	WERKVOORRAAD_TEST_POSTGRES_URL="$$url" WERKVOORRAAD_TEST_ENGINE=postgres \
	  cargo test --features ssr $(addprefix --test ,$(HTTP_SUITES))

test-e2e:
	bash end2end/run.sh $(BIN)

# The server binary and the wasm only: the `--all-targets` of Cargo.toml (which lets debug builds
# share their crates with `cargo test`) is replaced, so no test or bench binary is built in release.
# Both halves type-erase their components (a third less wasm: 1.76 → 1.28 MB); they must agree,
# or hydration fails, and debug builds keep the types so that they share crates with `cargo test`.
release: setup
	RUSTFLAGS="--cfg erase_components" cargo leptos build --release --precompress --bin-cargo-args=--bins

# Import benchmark (release build): prints times and peak memory for 10k, 100k and 1M cases, and
# for an export at the cell limit (1M cases × 40 columns).
bench-import:
	cargo bench --features ssr --bench import

# Metrics benchmark (release build): all figures cold at 10k, 100k and 1M cases, and the cached
# Overzicht page served by the real server.
bench-metrics:
	cargo bench --features ssr --bench metrics

# Load benchmark (release build): 100k cases, 200 signed-in connections for 60 s over the
# Overzicht, queue pages, Consulenten, Declaratierisico and the metrics API; prints requests/s,
# p50/p99, errors and the server's peak memory. BENCH_LOAD_BINS=a,b compares builds in one run.
bench-load:
	cargo bench --features ssr --bench load

# History benchmark (release build): twelve weekly exports of about 100k cases imported, then a
# case's history, the metrics with the flow figures, Doorstroom and the case page, first after a
# start and warm (medians of 30), and the server's peak memory.
bench-history:
	cargo bench --features ssr --bench history

# Peers benchmark (release build): one 1M-case export in the demo's shape through `check`,
# `import` and `metrics`, and through DuckDB and pandas (a virtualenv under target/) in the same
# run; medians of time and peak memory, and the ratios to DuckDB.
PEERS_VENV := $(CURDIR)/target/peers-venv
$(PEERS_VENV)/.installed:
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install --quiet duckdb==2.0.1 pandas==3.1.1
	touch $@

bench-peers: $(PEERS_VENV)/.installed
	PEERS_PYTHON=$(PEERS_VENV)/bin/python cargo bench --features ssr --bench peers
