#!/usr/bin/env bash
# Lighthouse (npm lighthouse 12.2.3, Debian's chromium), mobile, on the demo's home page, SUD page,
# treatment page and an article (or on LIGHTHOUSE_PATH alone).
# Serves the demo site from a throwaway SQLite database on loopback, runs Lighthouse,
# writes artifacts/lighthouse/ (HTML and JSON reports) and fails below the targets.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LIGHTHOUSE_PORT:-8765}
PAGES=${LIGHTHOUSE_PATH:-/ /conditions/substance-use-disorder/ /treatments/ketamine-therapy/ /articles/who-is-a-good-candidate-for-ketamine-treatment/ /book/ /locations/portland/ /team/jordan-avery/ /questions/cost-and-insurance/ /privacy/}
OUT=artifacts/lighthouse
DB=$(mktemp -d)/lighthouse.sqlite3
mkdir -p "$OUT"

export DATABASE_URL="sqlite:///$DB"
# The demo's images and their renditions go beside the throwaway database, not into media/.
export MEDIA_ROOT="${MEDIA_ROOT:-$(dirname "$DB")/media}"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=site_config.settings.lighthouse
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo_content >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload --insecure >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
first=${PAGES%% *}
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT$first" && break; sleep 0.2; done

reports=()
for path in $PAGES; do
    # A page's first view makes its images' renditions: make them before Lighthouse times the page.
    curl -sf -o /dev/null "http://127.0.0.1:$PORT$path"
    name=$(echo "$path" | tr -s '/' '-' | sed 's/^-//; s/-$//')
    name=${name:-home}
    CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$path" \
        --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output=html --output-path="$OUT/$name" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
    reports+=("$OUT/$name.report.json")
done

.venv/bin/python - "${reports[@]}" <<'PY'
import json, sys

targets = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
failed = False
for path in sys.argv[1:]:
    report = json.load(open(path))
    audits = report["audits"]
    print(report["finalDisplayedUrl"])
    for key, target in targets.items():
        score = round(report["categories"][key]["score"] * 100)
        print(f"  {report['categories'][key]['title']:>15}: {score:3d} (target {target})")
        failed |= score < target
    print(f"  LCP {audits['largest-contentful-paint']['displayValue']}, CLS {audits['cumulative-layout-shift']['displayValue']}, "
          f"{audits['total-byte-weight']['displayValue']}")
    for audit in audits.values():
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary":
            print(f"  failing audit: {audit['id']}: {audit['title']}")
sys.exit(1 if failed else 0)
PY
