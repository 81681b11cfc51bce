"""Two editors on the same page at once: each is told the other is there, the one who saved second
is told a newer version was saved meanwhile (Wagtail's editing sessions), and no edit is lost:
both saves are revisions in the page's history."""

import re

from django.test import Client

from wagtail.models import Revision

import pytest
from bs4 import BeautifulSoup

from conditions.tests.support import edit_url, page_form_data, text_block
from conftest import PASSWORD, member_of

pytestmark = pytest.mark.django_db


def open_editor(client, page):
    """The edit view as the browser gets it: its editing session's ping URL and the revision it shows."""
    html = client.get(edit_url(page)).content.decode()
    module = BeautifulSoup(html, "html.parser").find(
        attrs={"data-w-swap-src-value": re.compile("editing-sessions/ping")}
    )
    revision = module.find("input", attrs={"name": "revision_id"})
    created = module.find("input", attrs={"name": "revision_created_at"})
    return {
        "ping": module["data-w-swap-src-value"],
        "revision_id": revision["value"] if revision else "",
        "revision_created_at": created["value"] if created else "",
    }


def ping(client, session, **extra):
    response = client.post(
        session["ping"], {"is_editing": "1", **{k: v for k, v in session.items() if k != "ping"}, **extra}
    )
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def two_editors(roles, django_user_model):
    clients = []
    for name in ("casey", "devon"):
        member_of(django_user_model, name, "Editors")
        client = Client()
        assert client.login(username=name, password=PASSWORD)
        clients.append(client)
    return clients


def test_two_editors_see_each_other_and_neither_edit_is_lost(two_editors, make_condition):
    casey, devon = two_editors
    page = make_condition(title="Ketamine for Depression", slug="ketamine-for-depression")
    page.save_revision()
    casey_session, devon_session = open_editor(casey, page), open_editor(devon, page)
    ping(casey, casey_session)

    # Devon is told Casey is editing.
    others = ping(devon, devon_session)["other_sessions"]
    assert [(other["user"], other["revision_id"]) for other in others] == [("casey", None)]

    # Casey saves; Devon, still on the version he opened, is told a newer one was saved.
    casey_saves = casey.post(
        edit_url(page),
        page_form_data(casey, edit_url(page), [text_block("<p>Words by Casey</p>")], title=page.title),
    )
    assert casey_saves.status_code == 302
    page.refresh_from_db()
    casey_revision = page.get_latest_revision()
    assert casey_revision.user.username == "casey"
    others = ping(devon, devon_session)["other_sessions"]
    assert [(other["user"], other["revision_id"]) for other in others] == [("casey", casey_revision.pk)]

    # Devon saves too: his words are the latest draft, and Casey's stay in the history.
    devon_saves = devon.post(
        edit_url(page),
        page_form_data(devon, edit_url(page), [text_block("<p>Words by Devon</p>")], title=page.title),
    )
    assert devon_saves.status_code == 302
    revisions = list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("created_at", "pk"))
    assert len(revisions) == 3
    assert "Words by Casey" in str(revisions[1].content) and "Words by Devon" in str(revisions[2].content)
