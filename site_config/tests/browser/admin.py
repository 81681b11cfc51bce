"""The admin in a browser: the test accounts, logging in, and the page editor's block stream.

The `editor` and `reviewer` fixtures (conftest.py) make the accounts named here.
"""

import re

from django.contrib.auth.models import Group

from playwright.sync_api import expect

EDITOR = ("edna", "edna-browser-pass")
REVIEWER = ("jroe", "jroe-browser-pass")
# The top-level blocks of the editor's stream, each a panel whose header names its type.
STREAM_BLOCKS = "#body-root > [data-streamfield-stream-container] > [data-streamfield-child]"
BLOCK_TYPE = ":scope > section > .w-panel__header .c-sf-block__type"


def log_in(page, live_server, credentials):
    username, password = credentials
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator(".sidebar-footer__account")).to_contain_text(username)


def open_block_picker(page):
    # The stream's last "Insert a block" button adds after every existing block.
    page.get_by_role("button", name="Insert a block").last.click()
    picker = page.get_by_role("listbox")
    expect(picker).to_be_visible()
    return picker


def add_block(page, label):
    open_block_picker(page).get_by_role("option", name=label, exact=True).click()
    block = page.locator(STREAM_BLOCKS).last
    expect(block.locator(BLOCK_TYPE)).to_have_text(label)
    return block


def expand(list_item):
    """Opens a collapsed list item (a stat, a table row) so its fields can be filled."""
    toggle = list_item.locator(":scope > section > .w-panel__header .w-panel__toggle")
    # A click that lands while the editor redraws the stream (after an autosave) is lost: try again.
    for _ in range(3):
        if toggle.get_attribute("aria-expanded") == "true":
            break
        toggle.click()
        toggle.page.wait_for_timeout(300)
    expect(toggle).to_have_attribute("aria-expanded", "true")


def choose(page, chooser, expected, search=None, **filters):
    """Opens a chooser's modal, narrows it by searching or filtering, and picks `expected`."""
    chooser.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    if search:
        modal.get_by_placeholder("Search").fill(search)
    for name, value in filters.items():
        modal.locator(f"select[name={name}]").select_option(value)
    choice = modal.locator("[data-chooser-modal-choice]")
    # The narrowed list holds the record sought and nothing else.
    expect(choice).to_have_count(1)
    expect(choice).to_contain_text(expected)
    choice.click()
    expect(modal).to_have_count(0)
    expect(chooser.locator("[data-chooser-title]")).to_contain_text(expected)


def stream_types(page):
    return page.locator(STREAM_BLOCKS).locator(BLOCK_TYPE).all_inner_texts()


def wait_for_autosave(page):
    """Wagtail 8 autosaves: the new page exists once the form is valid; wait until nothing is unsaved."""
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("action", re.compile(r"/admin/pages/\d+/edit/$"))
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "false")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", "saved")
    # The footer's "Autosave is paused" notice lingers a second after the save that resolves it.
    expect(page.locator("footer [data-controller=w-messages]")).to_have_class(
        re.compile(r"footer__container--hidden")
    )


def make_user(django_user_model, username, password, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", password)
    user.groups.add(Group.objects.get(name=group))
    return user
