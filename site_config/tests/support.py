"""What the site-wide tests share: a process started with the production settings and only the
environment a deployment gives it, and Wagtail's base data after a transactional test's flush.

A test-support module, not a test module: the tests import from here, never from one another.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.db import transaction

ROOT = Path(__file__).resolve().parents[2]


def run_production(args, **env):
    """`python ARGS` with the production settings: a strong key, an unused SQLite file, a public
    host name, and `env` on top."""
    return subprocess.run(
        [sys.executable, *args],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": "sqlite:////tmp/production-settings-unused.sqlite3",
            "ALLOWED_HOSTS": "www.example.com",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(expression, **env):
    """The value of a Python expression over `s` (the settings) in a production process, from JSON."""
    result = run_production(
        [
            "-c",
            f"import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({expression}))",
        ],
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def restore_wagtail_base_data():
    """What Wagtail's migrations create, if a flush by an earlier transactional test removed it.

    Serialized rollback restores it in most runs; this makes the browser tests independent
    of the order in which pytest-django runs and flushes transactional tests.
    """
    from django.contrib.contenttypes.models import ContentType

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=get_supported_content_language_variant("en-us"))
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page), locale=locale
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def settle():
    """Runs what is waiting for the test's transaction to commit: the setup's own changes."""
    connection = transaction.get_connection()
    setup, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in setup:
        callback()
