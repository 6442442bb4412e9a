#!/usr/bin/env bash
# Debian packages the test suite needs besides Python: Chromium for the browser
# tests (Playwright drives /usr/bin/chromium; it cannot download its own).
# nginx for tests/browser/test_two_servers.py (two servers behind deploy/nginx/atlas.conf; run as a child, never as a service).
# Idempotent: installs only what is missing. PostgreSQL/PostGIS: scripts/postgres.sh.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "system packages ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
