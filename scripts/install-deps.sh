#!/usr/bin/env bash
# Installs what GovFlow needs from Debian's packages and npm, skipping whatever is already there, so the
# second run costs seconds. Debian: PostgreSQL 15, Redis 7, Chromium and CJK fonts for the browser tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_pkgs=(postgresql-15 redis-server chromium fonts-noto-cjk curl)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "Installing Debian packages: ${missing[*]}"
  SUDO=""; [[ "$(id -u)" == "0" ]] || SUDO="sudo"
  $SUDO apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get install failed (log $LOG_DIR/apt.log)"; }
  # Debian's package starts a cluster on 5432 of its own; GovFlow uses its own data folder and port, so
  # the packaged cluster is left as the package set it up.
fi
ok "Debian packages present: ${apt_pkgs[*]}"

cd "$GOVFLOW_ROOT"
# npm ci only when package-lock.json changed since the last install.
stamp="node_modules/.govflow-lock-hash"
hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$hash" ]]; then
  say "Installing npm packages (npm ci)..."
  # --prefer-offline: package metadata already in npm's cache is used without asking the registry again (the
  # lockfile names no tarball URLs, so npm otherwise revalidates ~1,000 packuments: 1-3 minutes of CI's 15 here).
  npm ci --prefer-offline --no-audit --no-fund >"$LOG_DIR/npm.log" 2>&1 || { tail -n 30 "$LOG_DIR/npm.log" >&2; die "npm ci failed (log $LOG_DIR/npm.log)"; }
  echo "$hash" >"$stamp"
fi
ok "npm packages installed"
