#!/usr/bin/env bash
# The production stack on one machine, on loopback: PostgreSQL, Redis, an S3-compatible server,
# gunicorn and the task workers, with the production settings.
#
#   scripts/production.sh start     (make production)       start what is not running, then serve
#   scripts/production.sh stop      (make production-stop)  stop what start started
#   scripts/production.sh status                            what runs, and /healthz
#   scripts/production.sh smoke     (make smoke)            a fresh two-server stack, smoke/, stop
#   scripts/production.sh load      (make bench-load)       a fresh one-server stack, bench/load_bench.py, stop
#
# Services are started only when nothing answers on their port; stop ends only what start
# started (each has a pidfile in the state folder, default var/production/). PostgreSQL is the
# machine's cluster (.ci/postgres.sh installs and starts it), stopped only if start started it.
# The S3 server (moto) keeps its bucket in memory: stop saves the bucket to the state folder
# and start puts it back.
#
# Environment: PORT (8000), PORT_B (a second gunicorn on this port, the same services),
# REDIS_PORT (6379), S3_PORT (9000), WEB_CONCURRENCY (2); PRODUCTION_STATE (var/production),
# PRODUCTION_DATABASE (clinic_production), PRODUCTION_FRESH=1 (drop the database first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=$ROOT/.venv/bin/python

STATE=${PRODUCTION_STATE:-var/production}
STATE=$(mkdir -p "$STATE" && cd "$STATE" && pwd)
LOGS=$STATE/logs
ENV_FILE=$STATE/env.sh

note() { printf '  %s\n' "$*"; }
fail() {
    printf 'make production: %s\n' "$*" >&2
    exit 1
}

alive() { # alive NAME: the process in NAME.pid runs, and is ours (not a stale pid reused since)
    local pid cwd
    [ -s "$STATE/$1.pid" ] && pid=$(cat "$STATE/$1.pid") && kill -0 "$pid" 2>/dev/null || return 1
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
    [[ $cwd == "$ROOT" || $cwd == "$STATE"/* ]]
}

background() { # background NAME COMMAND...: run detached, log to logs/NAME.log, pid in NAME.pid
    local name=$1
    shift
    rm -f "$STATE/$name.pid"
    # setsid: a Ctrl-C in the terminal that started it does not reach it; exec keeps the pid.
    setsid sh -c 'echo $$ >"$0"; exec "$@"' "$STATE/$name.pid" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    for _ in $(seq 50); do [ -s "$STATE/$name.pid" ] && return 0 || sleep 0.1; done
    fail "$name did not start (see $LOGS/$name.log)"
}

end() { # end NAME [SECONDS]: TERM the process in NAME.pid, KILL it after SECONDS (default 30)
    local name=$1 wait=${2:-30} pid
    alive "$name" || {
        rm -f "$STATE/$name.pid"
        return 1
    }
    pid=$(cat "$STATE/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((wait * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$STATE/$name.pid"
}

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

s3() { # s3 ensure-bucket|save: create the bucket (and restore saved files) | save its files
    "$PYTHON" - "$1" "$STATE/s3" <<'PY'
import json, os, pathlib, sys, time

import boto3

action, saved = sys.argv[1], pathlib.Path(sys.argv[2])
bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
client = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
                      region_name=os.environ["AWS_S3_REGION_NAME"])
for attempt in range(50):
    try:
        names = {b["Name"] for b in client.list_buckets()["Buckets"]}
        break
    except Exception:
        if attempt == 49:
            raise
        time.sleep(0.2)
if action == "ensure-bucket":
    if bucket not in names:
        client.create_bucket(Bucket=bucket)
        print(f"created bucket {bucket}")
    # Visitors' browsers fetch images and renditions from the bucket; documents stay private
    # (the site serves them through /documents/, which checks their collection's privacy).
    public = [f"arn:aws:s3:::{bucket}/{prefix}/*" for prefix in ("images", "original_images")]
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": public}
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    objects = client.list_objects_v2(Bucket=bucket).get("KeyCount", 0)
    if not objects and saved.is_dir():
        files = [path for path in saved.rglob("*") if path.is_file() and path.suffix != ".type"]
        for path in files:
            key = path.relative_to(saved).as_posix()
            kind = path.with_name(path.name + ".type")
            extra = {"ContentType": kind.read_text()} if kind.exists() else {}
            client.upload_file(str(path), bucket, key, ExtraArgs=extra)
        print(f"restored {len(files)} files into bucket {bucket} from {saved}")
elif action == "save" and bucket in names:
    count = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            target = saved / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            obj = client.get_object(Bucket=bucket, Key=item["Key"])
            target.write_bytes(obj["Body"].read())
            target.with_name(target.name + ".type").write_text(obj.get("ContentType", ""))
            count += 1
    print(f"saved {count} files of bucket {bucket} to {saved}")
PY
}

write_env() {
    local database_url=$1
    umask 077
    [ -s "$STATE/secret_key" ] || "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret_key"
    [ -s "$STATE/admin_password" ] || "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))' >"$STATE/admin_password"
    cat >"$ENV_FILE" <<ENV
# The environment of the local production stack (scripts/production.sh), for manage.py:
#   set -a; . $ENV_FILE; set +a; .venv/bin/python manage.py shell
DJANGO_SETTINGS_MODULE=site_config.settings.production
SECRET_KEY=\$(cat "$STATE/secret_key")
DATABASE_URL=$database_url
DB_CONN_MAX_AGE=60
ALLOWED_HOSTS=127.0.0.1,localhost
# No TLS on loopback (refused for any other host).
LOCAL_PLAIN_HTTP=1
CACHE_URL=redis://127.0.0.1:$REDIS_PORT/0
AWS_STORAGE_BUCKET_NAME=clinic-media
AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
AWS_S3_REGION_NAME=us-east-1
AWS_S3_ADDRESSING_STYLE=path
# moto accepts any credentials.
AWS_ACCESS_KEY_ID=local-stack
AWS_SECRET_ACCESS_KEY=local-stack-secret
STATIC_ROOT=$STATE/static
MEDIA_ROOT=$STATE/media
WAGTAILADMIN_BASE_URL=http://127.0.0.1:$PORT
# Mail is written to the log of the process that sends it.
EMAIL_URL=console://
WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
# Where start found things, for stop.
PORT=$PORT
PORT_B=$PORT_B
REDIS_PORT=$REDIS_PORT
S3_PORT=$S3_PORT
ENV
    umask 022
}

load_env() {
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
}

manage() { "$PYTHON" manage.py "$@"; }

start_postgres() {
    local version cluster=main was_online=no url base
    if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c && $4 == "online"' |
            grep -q . && was_online=yes
    fi
    url=$(bash .ci/postgres.sh sh -c 'printf "%s\n" "$DATABASE_URL"' | tail -n 1)
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ $was_online = yes ] && [ -s "$STATE/postgresql-started" ]; then
        note "PostgreSQL $version: already running (started here earlier)"
    elif [ $was_online = yes ]; then
        note "PostgreSQL $version: already running (not started here, left as it is)"
    else
        echo "$version $cluster" >"$STATE/postgresql-started"
        note "PostgreSQL $version: started (cluster $cluster)"
    fi
    base=${url%/*}
    if [ "${PRODUCTION_FRESH:-}" = 1 ]; then
        PGOPTIONS=--client-min-messages=warning psql -q "$url" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)"
    fi
    if ! psql -tA "$url" -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
        psql -q "$url" -c "CREATE DATABASE $DATABASE"
        note "PostgreSQL: created database $DATABASE"
    fi
    DATABASE_URL=$base/$DATABASE
}

start_redis() {
    if ! command -v redis-server >/dev/null; then
        echo "Installing Redis (Debian package redis-server)..."
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null
    fi
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
        if alive redis; then note "Redis on 127.0.0.1:$REDIS_PORT: already running"; else
            note "Redis on 127.0.0.1:$REDIS_PORT: already running (not started here, left as it is)"
        fi
        return
    fi
    mkdir -p "$STATE/redis"
    # A cache: nothing is written to disk.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$STATE/redis.pid" \
        --logfile "$LOGS/redis.log" --dir "$STATE/redis" --save "" --appendonly no
    for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
    done
    alive redis || fail "Redis did not start (see $LOGS/redis.log)"
    note "Redis on 127.0.0.1:$REDIS_PORT: started"
}

start_s3() {
    if [ "$(http_status "http://127.0.0.1:$S3_PORT/")" != 000 ]; then
        if alive moto; then note "S3 (moto) on 127.0.0.1:$S3_PORT: already running"; else
            note "S3 on 127.0.0.1:$S3_PORT: something already answers there (used as it is)"
        fi
    else
        [ -x .venv/bin/moto_server ] || fail "moto_server is missing: run make install"
        background moto .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT"
        note "S3 (moto) on 127.0.0.1:$S3_PORT: started"
    fi
    s3 ensure-bucket | sed 's/^/  S3: /'
}

deploy() {
    note "migrate, collectstatic, demo content (log: $LOGS/deploy.log)"
    {
        manage migrate --noinput
        manage collectstatic --noinput -v0
    } >>"$LOGS/deploy.log" 2>&1 || {
        tail -n 30 "$LOGS/deploy.log" >&2
        fail "the deploy step failed"
    }
    # The demo accounts of load_demo_content --demo-admin (well-known passwords) are for DEBUG
    # only and refused here: the stack's administrator gets a generated password instead.
    manage load_demo_content 2>>"$LOGS/deploy.log" | tee -a "$LOGS/deploy.log" | sed 's/^/  demo content: /' ||
        fail "load_demo_content failed (log: $LOGS/deploy.log)"
    manage shell -v0 2>>"$LOGS/deploy.log" -c "
from django.contrib.auth import get_user_model
User = get_user_model()
if not User.objects.filter(username='admin').exists():
    User.objects.create_superuser('admin', 'admin@example.com', open('$STATE/admin_password').read().strip())
    print('created the administrator')
" | sed 's/^/  accounts: /'
}

database_backends() { # the TASKS backends that are database queues, each needing a worker
    "$PYTHON" -c '
import django; django.setup()
from django.conf import settings
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
print(" ".join(name for name in settings.TASKS if isinstance(task_backends[name], DatabaseBackend)))' \
        2>>"$LOGS/deploy.log"
}

start_workers() {
    local backend backends
    backends=$(database_backends)
    for backend in default background; do
        if ! [[ " $backends " == *" $backend "* ]]; then
            note "tasks ($backend): run in the request (not a database backend), no worker"
        elif alive "worker-$backend"; then
            note "task worker ($backend): already running"
        else
            if [ "$backend" = default ]; then
                background "worker-$backend" "$PYTHON" manage.py db_worker --backend default --queue-name '*'
            else
                background "worker-$backend" "$PYTHON" manage.py db_worker --backend "$backend"
            fi
            note "task worker ($backend): started"
        fi
    done
}

start_gunicorn() { # start_gunicorn NAME PORT
    local name=$1 port=$2
    if alive "$name"; then
        note "gunicorn $name on http://127.0.0.1:$port/: already running"
        return
    fi
    [ "$(http_status "http://127.0.0.1:$port/")" = 000 ] || fail "port $port is already in use"
    BIND=127.0.0.1:$port background "$name" "$PYTHON" -m gunicorn -c site_config/gunicorn.conf.py \
        site_config.wsgi
    for _ in $(seq 120); do
        [ "$(http_status "http://127.0.0.1:$port/healthz")" = 200 ] && break
        alive "$name" || break
        sleep 0.5
    done
    if [ "$(http_status "http://127.0.0.1:$port/healthz")" != 200 ]; then
        tail -n 30 "$LOGS/$name.log" >&2
        fail "gunicorn $name: /healthz did not answer 200 (log: $LOGS/$name.log)"
    fi
    note "gunicorn $name on http://127.0.0.1:$port/: started ($WEB_CONCURRENCY workers), /healthz 200"
}

start() {
    PORT=${PORT:-8000}
    PORT_B=${PORT_B:-}
    REDIS_PORT=${REDIS_PORT:-6379}
    S3_PORT=${S3_PORT:-9000}
    DATABASE=${PRODUCTION_DATABASE:-clinic_production}
    [[ $DATABASE =~ ^[a-z_][a-z0-9_]*$ ]] || fail "PRODUCTION_DATABASE must be a plain name"
    [ -x "$PYTHON" ] || fail ".venv is missing: run make install"
    mkdir -p "$LOGS"
    echo "Starting the production stack (state in ${STATE#"$ROOT"/}/):"
    start_postgres
    write_env "$DATABASE_URL"
    load_env
    start_redis
    start_s3
    deploy
    start_workers
    start_gunicorn gunicorn-a "$PORT"
    [ -z "$PORT_B" ] || start_gunicorn gunicorn-b "$PORT_B"
    cat <<DONE

The site:    http://127.0.0.1:$PORT/$([ -z "$PORT_B" ] || echo " and http://127.0.0.1:$PORT_B/")
The admin:   http://127.0.0.1:$PORT/admin/  user 'admin', password '$(cat "$STATE/admin_password")'
             (generated, kept in ${STATE#"$ROOT"/}/admin_password)
Logs:        ${STATE#"$ROOT"/}/logs/
manage.py:   set -a; . ${ENV_FILE#"$ROOT"/}; set +a; .venv/bin/python manage.py ...
To stop:     $([ "$STATE" = "$ROOT/var/production" ] || echo "PRODUCTION_STATE=${STATE#"$ROOT"/} ")make production-stop
DONE
}

stop() {
    [ -s "$ENV_FILE" ] || {
        echo "Nothing to stop (no ${ENV_FILE#"$ROOT"/})."
        return 0
    }
    load_env
    echo "Stopping the production stack (state in ${STATE#"$ROOT"/}/):"
    local name
    for name in gunicorn-a gunicorn-b; do end "$name" 35 && note "$name: stopped"; done
    for name in default background; do end "worker-$name" 30 && note "task worker ($name): stopped"; done
    if alive moto; then
        rm -rf "$STATE/s3"
        s3 save | sed 's/^/  S3: /' || note "S3: the bucket could not be saved"
        end moto 10 && note "S3 (moto): stopped"
    fi
    end redis 10 && note "Redis: stopped"
    if [ -s "$STATE/postgresql-started" ]; then
        local version cluster others
        read -r version cluster <"$STATE/postgresql-started"
        # Someone else may have come to use the cluster since: then it stays up.
        others=$(psql -tA "${DATABASE_URL%/*}/clinic" -c \
            "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND datname <> current_database() AND datname <> '${DATABASE_URL##*/}' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)
        if [ "${others:-0}" != 0 ]; then
            note "PostgreSQL $version: left running ($others connections to other databases)"
        else
            pg_ctlcluster "$version" "$cluster" stop && note "PostgreSQL $version: stopped"
        fi
        rm -f "$STATE/postgresql-started"
    else
        note "PostgreSQL: left running (it was running before start)"
    fi
}

status() {
    [ -s "$ENV_FILE" ] || {
        echo "Not started (no ${ENV_FILE#"$ROOT"/})."
        return 0
    }
    load_env
    local name
    for name in gunicorn-a gunicorn-b worker-default worker-background moto redis; do
        if alive "$name"; then note "$name: running (pid $(cat "$STATE/$name.pid"))"; else note "$name: not running"; fi
    done
    note "/healthz on $PORT: $(curl -s --max-time 5 "http://127.0.0.1:$PORT/healthz" || echo 'no answer')"
}

fresh_stack() { # fresh_stack NAME: a new stack in var/NAME, database clinic_NAME, stopped on exit
    # Its own state, ports and database, so a `make production` stack of the developer's stays as it is.
    export PRODUCTION_STATE=var/$1 PRODUCTION_DATABASE=clinic_$1 PRODUCTION_FRESH=1
    bash scripts/production.sh stop >/dev/null 2>&1 || true # what a killed run left
    rm -rf "${ROOT:?}/var/$1"
    trap 'bash scripts/production.sh stop' EXIT
    bash scripts/production.sh start
}

smoke() {
    export PORT=${SMOKE_PORT:-8100} PORT_B=${SMOKE_PORT_B:-8101}
    export REDIS_PORT=${SMOKE_REDIS_PORT:-6390} S3_PORT=${SMOKE_S3_PORT:-9100}
    local state=$ROOT/var/smoke status=0
    fresh_stack smoke
    # The tests get addresses and the admin's password, not the settings: pytest runs with its own.
    env -u DJANGO_SETTINGS_MODULE -u DATABASE_URL \
        SMOKE_URL_A="http://127.0.0.1:$PORT" SMOKE_URL_B="http://127.0.0.1:$PORT_B" \
        SMOKE_ADMIN_PASSWORD="$(cat "$state/admin_password")" \
        SMOKE_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" SMOKE_BUCKET=clinic-media \
        .venv/bin/pytest smoke -p no:cacheprovider "${@}" || status=$?
    return $status
}

load() {
    # A one-server stack, the load benchmark against it (bench/load_bench.py), then stop.
    export PORT=${LOAD_PORT:-8200} PORT_B=
    export REDIS_PORT=${LOAD_REDIS_PORT:-6391} S3_PORT=${LOAD_S3_PORT:-9200}
    local status=0
    fresh_stack load
    env -u DJANGO_SETTINGS_MODULE -u DATABASE_URL .venv/bin/python bench/load_bench.py "http://127.0.0.1:$PORT" "${@}" ||
        status=$?
    return $status
}

command=${1:-}
shift || true
case $command in
start) start ;;
stop) stop ;;
status) status ;;
smoke) smoke "$@" ;;
load) load "$@" ;;
*)
    echo "usage: $0 start|stop|status|smoke|load" >&2
    exit 2
    ;;
esac
