#!/usr/bin/env bash
# Run a command against a real local PostgreSQL server.
#
#   bash .ci/postgres.sh COMMAND [ARGS...]
#
# Installs Debian's postgresql package if it is missing, starts a cluster
# with pg_ctlcluster (PostgreSQL refuses to run as root; pg_ctlcluster
# switches to the postgres user), creates a role that may create the test
# database, and runs COMMAND with DATABASE_URL pointing at it, on loopback.
set -euo pipefail

if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    echo "Installing PostgreSQL (Debian package postgresql)..."
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
    pg_createcluster "$version" "$cluster" >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')
if [ "$status" != "online" ]; then
    pg_ctlcluster "$version" "$cluster" start
fi

user=clinic
password=clinic-ci-only
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
        CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password';
    END IF;
END
\$\$;
SQL
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname = '$user'\"" | grep -q 1 \
    || su postgres -c "createdb -p $port -O $user $user"

export DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/$user"
echo "PostgreSQL $version on 127.0.0.1:$port"
"$@"
