#!/usr/bin/env bash
# Builds the Temporal CLI (which carries `temporal server start-dev`: a real Temporal server on SQLite plus
# the Web UI) from the Go module proxy into .tools/, once. No npm or apt package ships a Temporal server and
# the SDK's own download cannot work offline. v1.5.1 is the newest tag without a `replace` in its go.mod,
# so it is the newest one `go install` can build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -x "$TEMPORAL_BIN" ]]; then ok "temporal CLI $TEMPORAL_CLI_VERSION already built ($TEMPORAL_BIN)"; exit 0; fi
command -v go >/dev/null || die "Go is needed to build the Temporal CLI (go install); install golang first"
say "Building the Temporal CLI $TEMPORAL_CLI_VERSION from the Go module proxy (first time only, a few minutes)..."
dest="$(dirname "$TEMPORAL_BIN")"; mkdir -p "$dest"
start=$(date +%s)
if ! GOBIN="$dest.tmp" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >"$LOG_DIR/temporal-build.log" 2>&1; then
  tail -n 30 "$LOG_DIR/temporal-build.log" >&2
  die "building the Temporal CLI failed (log $LOG_DIR/temporal-build.log)"
fi
mv "$dest.tmp/temporal" "$TEMPORAL_BIN"; rmdir "$dest.tmp" 2>/dev/null || true
ok "temporal CLI built in $(( $(date +%s) - start ))s: $TEMPORAL_BIN"
