#!/usr/bin/env bash
# Builds the console (admin/, Vite) into admin/dist, which the API serves; skipped when nothing changed
# (admin/ and domain/, whose annual-report checks the console imports).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
stamp="admin/dist/.source-hash"
hash="$( (find admin domain -path admin/dist -prune -o -type f -print | sort | xargs sha256sum; sha256sum package-lock.json) | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then ok "console already built (admin/dist)"; exit 0; fi
npx vite build --config admin/vite.config.ts >"$LOG_DIR/admin-build.log" 2>&1 || { tail -n 30 "$LOG_DIR/admin-build.log" >&2; die "building the console failed"; }
echo "$hash" >"$stamp"
ok "console built: admin/dist ($(du -sh admin/dist | cut -f1))"
