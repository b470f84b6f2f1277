# Sourced by ./run test: makes sure a PostgreSQL answers on 127.0.0.1:5432 and exports the
# connection string that @backstage/backend-test-utils' TestDatabases reads.
PG_URL_BASE="postgresql://postgres@127.0.0.1:5432"

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! pg_ready; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian packages ..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  done
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
if ! pg_ready; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2
  exit 1
fi
# Tests log in as postgres without a password (trust on loopback, as on our machines).
if ! psql "$PG_URL_BASE/postgres" -Atc 'select 1' >/dev/null 2>&1; then
  echo "Configuring trust authentication for local PostgreSQL ..." >&2
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/' "$hba"
  done
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2 || true
  done
fi
PG_MAJOR="$(psql "$PG_URL_BASE/postgres" -Atc 'show server_version_num' | cut -c1-2)"
export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=$PG_URL_BASE"
echo "Using PostgreSQL $PG_MAJOR on 127.0.0.1:5432" >&2
