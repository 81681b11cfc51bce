#!/usr/bin/env bash
# Lighthouse (npm lighthouse 12.2.3, Debian's chromium) on the demo SUD page, mobile.
# Serves the demo site from a throwaway SQLite database on loopback, runs Lighthouse,
# writes artifacts/lighthouse/ (HTML and JSON reports) and fails below the targets.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-8765}
URL_PATH=${LIGHTHOUSE_PATH:-/conditions/substance-use-disorder/}
OUT=artifacts/lighthouse
DB=$(mktemp -d)/lighthouse.sqlite3
mkdir -p "$OUT"

export DATABASE_URL="sqlite:///$DB"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=site_config.settings.lighthouse
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo_content >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload --insecure >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT$URL_PATH" && break; sleep 0.2; done

CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$URL_PATH" \
    --quiet \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$OUT/sud" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"

.venv/bin/python - "$OUT/sud.report.json" <<'PY'
import json, sys

report = json.load(open(sys.argv[1]))
targets = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
failed = False
for key, target in targets.items():
    score = round(report["categories"][key]["score"] * 100)
    print(f"{report['categories'][key]['title']:>15}: {score:3d} (target {target})")
    failed |= score < target
for audit in report["audits"].values():
    if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary":
        print(f"  failing audit: {audit['id']}: {audit['title']}")
sys.exit(1 if failed else 0)
PY
