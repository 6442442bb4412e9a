#!/usr/bin/env bash
# Start a local PostgreSQL + PostGIS server for the store tests (and for trying
# the multi-user backend by hand).  Idempotent: run it as often as you like.
#
#   scripts/postgres.sh          install if needed, create, start; print the URL
#   scripts/postgres.sh url      print the URL only
#   scripts/postgres.sh stop     stop the cluster (data is kept)
#
# Why a dedicated cluster: the tests must never touch a machine's own
# PostgreSQL (port 5432, cluster "main").  This one is Debian cluster "atlas"
# on port 5433 with role atlas/atlas owning database atlas_test, in which
# PostGIS is installed (the role is not a superuser, so the extension is
# created here once).  tests/conftest.py connects to exactly this URL unless
# ATLAS_TEST_DATABASE_URL or DATABASE_URL says otherwise.
#
# Works as root on a fresh Debian 12 (apt-get installs postgresql + postgis) and
# as a user with sudo.  Progress goes to stderr; stdout is only the URL, so
#   export ATLAS_TEST_DATABASE_URL="$(scripts/postgres.sh)"
# works.  Settings: ATLAS_PG_PORT (5433), ATLAS_PG_CLUSTER (atlas).
set -euo pipefail

PORT="${ATLAS_PG_PORT:-5433}"
CLUSTER="${ATLAS_PG_CLUSTER:-atlas}"
ROLE=atlas
PASSWORD=atlas
DB=atlas_test
URL="postgresql://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"

say() { echo "postgres.sh: $*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else say "needs root (or sudo) for: $*"; exit 1
    fi
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"
    fi
}

have_server() {
    command -v pg_createcluster >/dev/null 2>&1 && compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null
}

# The existing cluster called $CLUSTER as "version port status", if any.
cluster_line() {
    pg_lsclusters -h 2>/dev/null | awk -v c="$CLUSTER" '$2 == c {print $1, $3, $4}' | head -n 1
}

case "${1:-start}" in
    url) echo "$URL"; exit 0 ;;
    stop)
        line="$(cluster_line || true)"
        if [ -n "$line" ] && [ "$(echo "$line" | cut -d' ' -f3)" = online ]; then
            as_root pg_ctlcluster "$(echo "$line" | cut -d' ' -f1)" "$CLUSTER" stop
            say "stopped cluster $CLUSTER"
        fi
        exit 0 ;;
    start) ;;
    *) say "usage: $0 [start|url|stop]"; exit 2 ;;
esac

if ! have_server; then
    say "installing postgresql and postgis (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >&2
    as_root apt-get install -y -qq --no-install-recommends postgresql postgis postgresql-postgis >&2
fi

line="$(cluster_line || true)"
if [ -z "$line" ]; then
    # Newest server version that has PostGIS installed.
    VERSION="$(ls /usr/share/postgresql/*/extension/postgis.control | awk -F/ '{print $5}' | sort -V | tail -n 1)"
    say "creating cluster $VERSION/$CLUSTER on port $PORT"
    # ssl=off: the tests talk to 127.0.0.1 only, and a fresh container may
    # have no snakeoil certificate for the packaged default (ssl = on).
    as_root pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" -o ssl=off >&2
    line="$(cluster_line)"
fi
VERSION="$(echo "$line" | cut -d' ' -f1)"
PORT="$(echo "$line" | cut -d' ' -f2)"
URL="postgresql://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"

if [ "$(echo "$line" | cut -d' ' -f3)" != online ]; then
    # /run is a tmpfs: after a reboot (or in a container) the socket dir is gone.
    as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    say "starting cluster $VERSION/$CLUSTER"
    as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { say "server on port $PORT did not come up"; exit 1; }

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

psql_admin -d postgres >&2 <<SQL
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
        CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
    ELSE
        ALTER ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
    END IF;
END \$\$;
SQL
if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${DB}'")" != 1 ]; then
    psql_admin -d postgres -c "CREATE DATABASE ${DB} OWNER ${ROLE}" >&2
fi
psql_admin -d "$DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis" >&2

say "PostGIS ready ($(psql_admin -d "$DB" -tAc 'SELECT postgis_lib_version()')) on port $PORT"
echo "$URL"
