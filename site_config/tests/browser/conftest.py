"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, one fresh context per person.

The browser is never downloaded: the tests drive /usr/bin/chromium, which
`make browser-deps` (part of `make test`) installs.
"""

import os
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from wagtail.models import Site

import pytest

from site_config.tests.support import restore_wagtail_base_data
from stories.models import Person

from .admin import EDITOR, REVIEWER, make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Generous for a loaded CI machine, short enough that a missing element fails in seconds.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Install it with `make browser-deps` (or `apt-get install chromium`); "
            "never with `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    # expect() waits 5 s by default, which a loaded CI machine's preview panel has outrun
    # (the panel posts the form, renders the page and swaps its iframe): it waits as long as
    # every other step.
    expect.set_options(timeout=TIMEOUT_MS)
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django
    # would refuse the ORM calls the tests and pytest-django's teardown make here.
    # The live server answers the browser from its own thread, where the check still holds.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """Opens a page in a fresh browser context: a new person, with no cookies or session.

    An uncaught JavaScript error on any page fails the test: the admin's editor
    breaking in the browser is what these tests are here to notice.
    """
    contexts, errors = [], []

    def open_page(bypass_csp=False):
        # bypass_csp: only for a test tool injected into the page (axe-core), never for the site's own code.
        context = browser.new_context(viewport=VIEWPORT, bypass_csp=bypass_csp)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(pytestconfig, request):
    """Saves a screenshot as artifacts/screenshots/<test module>--<name>.png (git-ignored)."""
    directory = pytestconfig.rootpath / "artifacts" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    module = request.module.__name__.rpartition(".")[2]

    def save(page, name, **options):
        path = directory / f"{module}--{name}.png"
        page.screenshot(path=str(path), **options)
        return path

    return save


@pytest.fixture
def demo_site(live_server):
    """The demo site, served by the live server at the address its pages' URLs name.

    Tests using it are marked django_db(transaction=True, serialized_rollback=True):
    the live server needs committed data, so the database is flushed after each
    test, and serialized rollback restores what migrations made (Wagtail's root
    page, the default site and collection) for the next one.
    """
    restore_wagtail_base_data()
    call_command("load_demo_content", stdout=StringIO())
    host, port = re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = host, int(port)
    site.save()  # save(), not update(): saving clears Wagtail's cache of site root paths
    return live_server


@pytest.fixture
def editor(demo_site, django_user_model):
    make_user(django_user_model, *EDITOR, "Editors")
    return EDITOR


@pytest.fixture
def reviewer(demo_site, django_user_model):
    user = make_user(django_user_model, *REVIEWER, "Medical reviewers")
    Person.objects.create(name="Dr Jane Roe", credentials="MD", user=user)
    return REVIEWER
