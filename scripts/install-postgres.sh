#!/bin/sh
# Installs and starts PostgreSQL for the tests, once, and creates the `kiemdiem` role
# (allowed to create the test database). Prints the database URL on its last line.
# Needs root (CI and the dev machines run as root). Idempotent.
set -e
PGUSER_NAME=kiemdiem
PGPASSWORD_VALUE=${KIEMDIEM_PG_PASSWORD:-kiemdiem-test}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL chưa được cài: chạy 'sudo apt-get install postgresql'." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  pg_createcluster "$version" main >/dev/null
fi
cluster=$(pg_lsclusters -h | head -1)
cver=$(echo "$cluster" | awk '{print $1}')
cname=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
if ! echo "$cluster" | grep -q online; then
  pg_ctlcluster "$cver" "$cname" start
fi
psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$PGUSER_NAME'")" != "1" ]; then
  psql_admin "CREATE ROLE $PGUSER_NAME LOGIN CREATEDB PASSWORD '$PGPASSWORD_VALUE'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$PGUSER_NAME'")" != "1" ]; then
  psql_admin "CREATE DATABASE $PGUSER_NAME OWNER $PGUSER_NAME ENCODING 'UTF8' TEMPLATE template0"
fi
echo "postgres://$PGUSER_NAME:$PGPASSWORD_VALUE@127.0.0.1:$port/$PGUSER_NAME"
