#!/usr/bin/env bash
# Idempotent: starts the local PostgreSQL 15 cluster (Debian packaging), gives the `postgres` role the password the
# storage tests use, and creates the `billing_test` database. Safe to run again at any time; prints the connection
# string the tests default to (override with BILLING_TEST_POSTGRES).
set -euo pipefail

pg_version="${PG_VERSION:-15}"
pg_cluster="${PG_CLUSTER:-main}"
database="billing_test"
password="postgres"

as_postgres() {
  if [ "$(id -un)" = "postgres" ]; then
    "$@"
  elif [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres -- "$@"
  fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "start-postgres: pg_ctlcluster not found; install PostgreSQL ${pg_version} (apt-get install postgresql)" >&2
  exit 1
fi

status="$(pg_lsclusters --no-header "$pg_version" "$pg_cluster" 2>/dev/null | awk '{print $4}')"
if [ -z "$status" ]; then
  echo "start-postgres: cluster ${pg_version}/${pg_cluster} does not exist (pg_lsclusters)" >&2
  exit 1
fi
if [ "$status" != "online" ]; then
  echo "start-postgres: starting cluster ${pg_version}/${pg_cluster}" >&2
  if [ "$(id -u)" -eq 0 ]; then
    pg_ctlcluster "$pg_version" "$pg_cluster" start
  else
    sudo pg_ctlcluster "$pg_version" "$pg_cluster" start
  fi
fi

# The server may take a moment to accept connections after start.
for _ in $(seq 1 30); do
  if as_postgres psql -qAt -c "SELECT 1" >/dev/null 2>&1; then
    break
  fi
  sleep 0.5
done

# Over the local socket (peer authentication), so no password is needed to set one.
as_postgres psql -v ON_ERROR_STOP=1 -q -c "ALTER USER postgres WITH PASSWORD '${password}';"

if [ "$(as_postgres psql -qAt -c "SELECT 1 FROM pg_database WHERE datname = '${database}'")" != "1" ]; then
  as_postgres psql -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE ${database};"
  echo "start-postgres: created database ${database}" >&2
fi

echo "Host=127.0.0.1;Port=5432;Username=postgres;Password=${password};Database=${database}"
