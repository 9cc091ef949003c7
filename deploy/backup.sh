#!/usr/bin/env bash
# Back up the Argus database.
#
#   deploy/backup.sh [DEST_DIR]        (default DEST_DIR: $DATA_DIR/backups)
#
# SQLite (the default database): makes a consistent online copy with the sqlite3 CLI's
# ".backup" (safe while Argus runs; WAL included), checks it with "PRAGMA
# integrity_check", and copies DATA_DIR/secrets next to it. Needs: apt install sqlite3.
# MySQL/MariaDB and PostgreSQL: prints the mysqldump / pg_dump command to run, and exits
# with status 3 so a cron job does not mistake that for a finished backup.
#
# Settings come from the environment, else from ARGUS_ENV_FILE
# (default /etc/argus/argus.env): DATA_DIR and DATABASE_URL, with Argus's defaults.
# Relative paths are resolved against ARGUS_HOME (default: the folder above this script,
# e.g. /opt/argus), which is the server's working directory under the systemd unit.
#
# Backups contain password hashes, token hashes and camera source URLs: keep them private.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ARGUS_HOME="${ARGUS_HOME:-$(dirname "$script_dir")}"
ARGUS_ENV_FILE="${ARGUS_ENV_FILE:-/etc/argus/argus.env}"

# Read KEY from the env file (KEY=value lines, optional quotes); prints nothing if absent.
from_env_file() {
  local key="$1" line value
  [[ -r "$ARGUS_ENV_FILE" ]] || return 0
  line="$(grep -E "^[[:space:]]*${key}=" "$ARGUS_ENV_FILE" | tail -n 1 || true)"
  [[ -n "$line" ]] || return 0
  value="${line#*=}"
  value="${value%$'\r'}"
  if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
  printf '%s' "$value"
}

absolute() { # resolve a path against ARGUS_HOME, like the server resolves against its cwd
  if [[ "$1" == /* ]]; then printf '%s' "$1"; else printf '%s/%s' "$ARGUS_HOME" "${1#./}"; fi
}

DATA_DIR="${DATA_DIR:-$(from_env_file DATA_DIR)}"
DATA_DIR="$(absolute "${DATA_DIR:-./data}")"
DATABASE_URL="${DATABASE_URL:-$(from_env_file DATABASE_URL)}"
DATABASE_URL="${DATABASE_URL:-sqlite:$DATA_DIR/argus.db}"

DEST_DIR="$(absolute "${1:-$DATA_DIR/backups}")"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

# Prints host, port, user and database of a mysql:// or postgres:// URL (never the password).
url_parts() {
  node -e '
    const u = new URL(process.argv[1]);
    const d = decodeURIComponent;
    console.log([u.hostname || "localhost", u.port, d(u.username), d(u.pathname.replace(/^\//, ""))].join("\n"));
  ' "$1"
}

case "$DATABASE_URL" in
  sqlite:* | file:*)
    db="${DATABASE_URL#sqlite:}"
    db="${db#file:}"
    db="${db#//}"
    db="${db%%\?*}"
    if [[ -z "$db" || "$db" == ":memory:" ]]; then
      echo "backup: DATABASE_URL is an in-memory SQLite database; nothing to back up" >&2
      exit 1
    fi
    db="$(absolute "$db")"
    if ! command -v sqlite3 >/dev/null; then
      echo "backup: the sqlite3 command is missing; install it with: apt-get install sqlite3" >&2
      exit 1
    fi
    if [[ ! -f "$db" ]]; then
      echo "backup: no database at $db (has Argus been started? is DATA_DIR right?)" >&2
      exit 1
    fi
    umask 077
    mkdir -p "$DEST_DIR"
    out="$DEST_DIR/argus-$stamp.db"
    sqlite3 "$db" ".backup '${out//\'/\'\'}'"
    check="$(sqlite3 "$out" 'PRAGMA integrity_check;')"
    if [[ "$check" != "ok" ]]; then
      echo "backup: integrity check of $out failed: $check" >&2
      exit 1
    fi
    echo "backup: SQLite database copied to $out"
    if [[ -d "$DATA_DIR/secrets" ]]; then
      tar -C "$DATA_DIR" -czf "$DEST_DIR/argus-secrets-$stamp.tar.gz" secrets
      echo "backup: secrets copied to $DEST_DIR/argus-secrets-$stamp.tar.gz"
    fi
    ;;
  mysql://* | mariadb://*)
    { read -r host; read -r port; read -r user; read -r name; } < <(url_parts "$DATABASE_URL")
    cat <<EOF
backup: Argus uses MySQL/MariaDB ($user@$host${port:+:$port}/$name); this script does not dump it.
Run (asks for the password; or put it in ~/.my.cnf [client] password=...):
  mysqldump --single-transaction --quick --no-tablespaces \\
    -h $host -P ${port:-3306} -u $user -p $name > $DEST_DIR/argus-$stamp.sql
Restore into an empty database: mysql -h $host -P ${port:-3306} -u $user -p $name < FILE.sql
Also keep $DATA_DIR/secrets if JWT_SECRET is not set in the environment.
EOF
    exit 3
    ;;
  postgres://* | postgresql://*)
    { read -r host; read -r port; read -r user; read -r name; } < <(url_parts "$DATABASE_URL")
    cat <<EOF
backup: Argus uses PostgreSQL ($user@$host${port:+:$port}/$name); this script does not dump it.
Run (password from ~/.pgpass or PGPASSWORD):
  pg_dump --format=custom -h $host -p ${port:-5432} -U $user -d $name \\
    -f $DEST_DIR/argus-$stamp.dump
Restore into an empty database: pg_restore --no-owner -h $host -p ${port:-5432} -U $user -d $name FILE.dump
Also keep $DATA_DIR/secrets if JWT_SECRET is not set in the environment.
EOF
    exit 3
    ;;
  *)
    echo "backup: unsupported DATABASE_URL (expected sqlite:, mysql://, mariadb://, postgres://)" >&2
    exit 1
    ;;
esac
