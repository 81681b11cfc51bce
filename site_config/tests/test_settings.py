"""Production settings refuse to start without what they need, and say which variable is missing."""

import os
import subprocess
import sys

import pytest

REQUIRED = {
    "SECRET_KEY": "pr0duction-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    "ALLOWED_HOSTS": "www.example.com",
}


def load_production(env):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        ],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "site_config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", list(REQUIRED))
def test_production_names_the_missing_variable(missing):
    result = load_production({name: value for name, value in REQUIRED.items() if name != missing})
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production" in result.stderr


def test_production_starts_with_everything_set():
    result = load_production({**REQUIRED, "ALLOWED_HOSTS": "www.example.com,example.com"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['www.example.com', 'example.com']"
