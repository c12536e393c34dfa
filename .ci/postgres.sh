#!/usr/bin/env bash
# Starts the machine's PostgreSQL server (installing it first where it is missing) and creates
# an empty test database. Prints the URL to use as TEST_DATABASE_URL on its last line.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "Installing PostgreSQL from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

# A password login over TCP, as an application would use.
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hangviet') THEN
    CREATE ROLE hangviet LOGIN PASSWORD 'hangviet';
  END IF;
END \$\$;
DROP DATABASE IF EXISTS hangviet_test;
CREATE DATABASE hangviet_test OWNER hangviet;
-- A throw-away test database: a commit need not wait for its WAL to reach the disk (a crash
-- loses the last moments, never consistency). The suite commits thousands of times.
ALTER DATABASE hangviet_test SET synchronous_commit = off;
SQL
echo "postgres://hangviet:hangviet@127.0.0.1:$port/hangviet_test"
