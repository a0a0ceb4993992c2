#!/usr/bin/env bash
# Starts the server for the browser tests: first the test accounts (one per role, a provider of
# the demo data, a team lead who reads English) in the throwaway database, then `serve`.
# Usage: serve.sh BINARY
set -euo pipefail
bin="$1"
add() {
  printf '%s\n' "$E2E_PASSWORD" | "$bin" user add --email "$1" --role "$2" ${3:+--organisation "$3"} --password-stdin >/dev/null
}
add teamleider@e2e.test teamlead
add english@e2e.test teamlead
add consulent@e2e.test consultant
add contractmanager@e2e.test contract_manager
add aanbieder@e2e.test provider "Huis aan de Linge"
add beheer@e2e.test admin
exec "$bin" serve
