"""make backup, the site destroyed, make restore: every live page's HTML and every stored file as
they were (site_config/backups.py), on the running stack (PostgreSQL, media in the S3 server,
gunicorn, Redis)."""

import hashlib
import re
import subprocess
import sys

from .conftest import ROOT, recreate_database, until

# What differs between two requests of the same page: the CSRF token, the CSP nonce, and the
# booking form's signed start time.
PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'(name="[a-z_]*started[a-z_]*" value=")[^"]*"'), r'\1"'),
]
# A query string: answered by a render, never by the page cache.
FRESH = "?backup-check"


def normalized(html):
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


def live_pages(stack):
    sitemap = stack.get("/sitemap.xml")
    assert sitemap.status == 200
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.body)]
    assert len(paths) > 10, paths
    return paths


def every_page(stack, paths):
    pages = {}
    for path in paths:
        answer = stack.get(path + FRESH)
        assert answer.status == 200, (path, answer.status)
        pages[path] = normalized(answer.body)
    return pages


def every_file(bucket):
    return {item.key: hashlib.sha256(item.get()["Body"].read()).hexdigest() for item in bucket.objects.all()}


def test_a_backup_restores_every_page_and_every_file(stack, tmp_path):
    paths = live_pages(stack)
    pages_before = every_page(stack, paths)
    files_before = every_file(stack.s3())
    assert any(name.startswith("original_images/") for name in files_before)

    backup = tmp_path / "backup"
    assert "Backed up the postgresql database" in stack.manage("backup_site", str(backup)).stdout

    # Destroyed: an empty database (whoever was connected), an empty bucket.
    recreate_database(stack.admin_url, stack.database_name)
    stack.s3().objects.all().delete()
    assert not every_file(stack.s3())
    assert stack.get("/" + FRESH).status != 200

    assert "Restored the database" in stack.manage("restore_site", str(backup), "--yes").stdout

    assert every_file(stack.s3()) == files_before
    # Each worker's connection to the dropped database is replaced on its next request.
    until(lambda: all(stack.get("/" + FRESH).status == 200 for _ in range(4)))
    pages_after = every_page(stack, paths)
    assert pages_after.keys() == pages_before.keys()
    for path in paths:
        assert pages_after[path] == pages_before[path], path


def test_a_damaged_backup_restores_nothing(stack, tmp_path):
    backup = tmp_path / "backup"
    stack.manage("backup_site", str(backup))
    image = next((backup / "media" / "original_images").iterdir())
    image.write_bytes(b"not the image")

    result = run_failing(stack, "restore_site", str(backup), "--yes")
    assert "The backup is damaged" in result.stderr and "Nothing was restored" in result.stderr
    assert stack.get("/" + FRESH).status == 200


def run_failing(stack, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=stack.manage_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    return result
