# The two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-postgres install browser-deps lint format check demo bench bench-search bench-serving bench-pages bench-load lighthouse resilience backup restore clean \
	production production-stop smoke

# The venv is rebuilt when the requirements change.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is needed (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# The demo site's address, for the full URLs in feeds and links.
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

## run: install, migrate, load the demo content, serve on http://127.0.0.1:$(PORT)/ (SQLite)
## with the task worker that runs large study imports beside the server (both stop together)
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --demo-admin
	$(MANAGE) db_worker --backend background & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser); the HTML checker needs Java.
# Both are installed when missing (Debian packages; needs root, as on these machines).
browser-deps: node_modules/.installed
	@test -x /usr/bin/chromium && command -v java >/dev/null || { echo "Installing chromium and Java..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium default-jre-headless >/dev/null; }

# Test tools from npm (axe-core, vnu-jar, lighthouse), pinned in package-lock.json.
# No browser download: Lighthouse and Playwright use /usr/bin/chromium.
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

## test: every test, browser tests included (SQLite unless DATABASE_URL says otherwise)
## (PYTEST_ARGS: more arguments for pytest, e.g. PYTEST_ARGS="-k search")
PYTEST_ARGS ?=
test: install browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

## test-postgres: the suite on a throwaway local PostgreSQL cluster (installs and starts it; needs root)
test-postgres: install browser-deps
	bash .ci/postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

## resilience: the database, Redis and the object storage taken away from gunicorn and given back
## (resilience/): 503s that ask to retry, pages without pictures, refused uploads, /healthz, the log,
## recovery; a backup restored; on the machine's PostgreSQL, a Redis and an S3 server (moto) of its own
resilience: install
	@command -v redis-server >/dev/null || { echo "Installing Redis (Debian package redis-server)..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; }
	bash .ci/postgres.sh $(BIN)/pytest resilience -p no:cacheprovider

## backup: the database and every stored file (media, from object storage or MEDIA_ROOT) into
## BACKUP_DIR (default var/backups/<date and time>), for the settings the environment names
BACKUP_DIR ?= var/backups/$(shell date -u +%Y-%m-%dT%H%M%SZ)
backup: install
	$(MANAGE) backup_site $(BACKUP_DIR)

## restore: BACKUP_DIR (required) over the current database and stored files, then empties the cache
restore: install
	@test "$(origin BACKUP_DIR)" != file || { echo "make restore BACKUP_DIR=folder: name the backup to restore"; exit 2; }
	$(MANAGE) restore_site $(BACKUP_DIR)

## check: Django's system checks and the migrations check
check: install
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(MANAGE) makemigrations --check --dry-run

## bench: bench-search, bench-serving, bench-pages, then bench-load
bench: bench-search
	$(MAKE) bench-serving
	$(MAKE) bench-pages
	$(MAKE) bench-load

## bench-load: wrk against a fresh one-server production stack (PostgreSQL, Redis, S3 on loopback):
## requests/s, p50, p99 and errors for the SUD page cached and rendered and a search; in
## docs/performance.md (about 3 minutes; installs wrk, needs root)
LOAD_BENCH_ARGS ?=
bench-load: install
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian package wrk)..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
	bash scripts/production.sh load $(LOAD_BENCH_ARGS)

## bench-pages: SQL queries and server time of the site's pages (uncached, with fragments, cached)
## beside a static file and a bare Wagtail page, their growth with blocks and articles, and page
## weight on a phone; the table on stdout and in docs/performance.md (about 10 minutes)
PAGES_BENCH_ARGS ?=
bench-pages: install browser-deps
	$(BIN)/python bench/pages_bench.py $(PAGES_BENCH_ARGS)

## bench-search: search latency per query class (p50, p95, SQL queries), update_index's time and the
## index's size at 1,000 then 10,000 generated articles, on SQLite then PostgreSQL; Markdown tables on
## stdout, JSON in artifacts/bench/search-{sqlite,postgresql}.json (about 20 minutes)
BENCH_ARGS ?= --sizes 1000,10000 --searches 200
bench-search: install
	DATABASE_URL=sqlite:////tmp/clinic-bench.sqlite3 $(BIN)/python bench/search_bench.py $(BENCH_ARGS)
	bash .ci/postgres.sh $(BIN)/python bench/search_bench.py $(BENCH_ARGS)

## bench-serving: gunicorn's worker models (sync, gthread) on the production settings: a static file's
## latency alone and while pages render; table on stdout, JSON in artifacts/bench/ (about 2 minutes)
SERVING_BENCH_ARGS ?=
bench-serving: install
	$(BIN)/python bench/serving_bench.py $(SERVING_BENCH_ARGS)

## lighthouse: Lighthouse (mobile) on a demo page of each visitor page type (home, SUD, treatment, article, booking form, location, clinician, FAQ, legal); reports in artifacts/lighthouse/, fails below 100
lighthouse: install browser-deps
	bash scripts/lighthouse.sh

## production: the production stack on this machine, on loopback (PostgreSQL, Redis, S3 by moto,
## gunicorn and the task workers) at http://127.0.0.1:$(PORT)/; state in var/production/ (needs root)
production: install
	bash scripts/production.sh start

## production-stop: stop what `make production` started
production-stop:
	bash scripts/production.sh stop

## smoke: two gunicorn servers on one PostgreSQL, Redis and S3 (a fresh stack in var/smoke/),
## the tests in smoke/ against them, then stop (fails when no test ran)
smoke: install browser-deps
	bash scripts/production.sh smoke

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --demo-admin

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm media collected-static artifacts
