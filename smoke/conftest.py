"""Fixtures for the smoke test: two gunicorn servers, A and B, of the production stack on loopback,
sharing one PostgreSQL, one Redis and one S3 server (moto), all real.

`make smoke` (scripts/production.sh smoke) starts a fresh stack, runs these tests with the
addresses in the environment (SMOKE_URL_A, SMOKE_URL_B, SMOKE_ADMIN_PASSWORD, SMOKE_S3_ENDPOINT,
SMOKE_BUCKET) and stops it. The tests speak HTTP to the servers like a browser and an editor
would; Playwright drives Debian's Chromium only where the admin needs JavaScript.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Generous: two servers, their workers and the browser share a small CI machine.
TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Stack:
    a: str
    b: str
    admin_password: str
    s3_endpoint: str
    bucket: str

    def s3(self):
        # moto accepts any credentials; the region is the one the stack's settings name.
        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="local-stack",
            aws_secret_access_key="local-stack-secret",
        )


@pytest.fixture(scope="session")
def stack():
    names = ["SMOKE_URL_A", "SMOKE_URL_B", "SMOKE_ADMIN_PASSWORD", "SMOKE_S3_ENDPOINT", "SMOKE_BUCKET"]
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not set: the smoke test runs against a stack `make smoke` starts.",
            pytrace=False,
        )
    return Stack(*(os.environ[name] for name in names))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `make browser-deps` (Debian's chromium).", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (no cookies); an uncaught JavaScript error fails the test."""
    contexts, errors = [], []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the browser:\n" + "\n".join(errors)
