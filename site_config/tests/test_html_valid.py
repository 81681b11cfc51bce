"""Every demo page type is valid HTML, as the Nu HTML Checker (vnu.jar, from npm's vnu-jar) sees it."""

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest

from site_config.demo_data import DEMO_PAGES

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def test_demo_pages_have_no_html_errors(client, tmp_path):
    assert VNU_JAR.exists(), "vnu.jar is missing: run `make node_modules` (npm ci installs vnu-jar)"
    assert shutil.which("java"), "the Nu HTML Checker needs Java (Debian package default-jre-headless)"
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pages = {
        **DEMO_PAGES,
        "not found": "/no-such-page/",
        "empty search": "/search/",
        "feed-less list": "/articles/?tag=stigma",
    }
    files = []
    for name, url in pages.items():
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_bytes(client.get(url).content)
        files.append(str(path))

    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )

    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
