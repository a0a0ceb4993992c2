#!/usr/bin/env bash
# Runs the Playwright suite against the built site: a free loopback port, a throwaway data
# folder that is removed afterwards (also on failure). Usage: end2end/run.sh [SERVER_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."

export WERKVOORRAAD_BIN="${1:-${WERKVOORRAAD_BIN:-target/debug/werkvoorraad}}"
case "$WERKVOORRAAD_BIN" in /*) ;; *) WERKVOORRAAD_BIN="$PWD/$WERKVOORRAAD_BIN" ;; esac
export E2E_DATA_DIR="$(mktemp -d /tmp/werkvoorraad-e2e.XXXXXX)"
trap 'rm -rf "$E2E_DATA_DIR"' EXIT
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
export E2E_PORT="$(free_port)"
export E2E_OIDC_PORT="$(free_port)"

echo "end2end: server op 127.0.0.1:$E2E_PORT, database in $E2E_DATA_DIR"
npx --no-install playwright test --config end2end/playwright.config.ts
