"""What the condition tests share: stream blocks as a page stores them, the page editor's form data,
the medical review's workflow buttons, and reading what a response shows.

A test-support module, not a test module: the tests import from here, never from one another.
"""

import json

from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from bs4 import BeautifulSoup

from conditions.blocks import ConditionStreamBlock
from conditions.models import ConditionPage
from home.tests.support import form_value

# Stream blocks, in the raw form a page stores and `make_condition(body=[...])` takes.
# A record (study, testimonial, page) is stored as its id; None stands for "nothing chosen".


def _pk(record):
    return record.pk if record is not None else None


def heading_block(text="How ketamine works", level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def text_block(html="<p>Studies indicate several ways ketamine helps.</p>"):
    return {"type": "text", "value": html}


def feature_block(heading="Reduce Cravings", text="<p>Less urge.</p>", icon="brain"):
    return {"type": "feature", "value": {"heading": heading, "icon": icon, "text": text}}


def notice_block(text="<p>Off-label use.</p>", kind="disclaimer", heading=""):
    return {"type": "notice", "value": {"kind": kind, "heading": heading, "text": text}}


def stat(study=None, figure="65.8", unit="%", caption="Abstinent at one year", citation=""):
    """One figure of a stats block, from `study` or from `citation` (neither: a figure without a source)."""
    return {"figure": figure, "unit": unit, "caption": caption, "study": _pk(study), "citation": citation}


def stats_block(*stats):
    """A row of figures; each is a study (a figure from it), None (no source) or a stat()."""
    return {
        "type": "stats",
        "value": {"stats": [item if isinstance(item, dict) else stat(item) for item in stats]},
    }


def evidence_row(study=None, summary=""):
    return {"study": _pk(study), "summary": summary}


def evidence_table_block(*rows, caption="Research"):
    """A table of studies; each row is a study, None (no study chosen) or an evidence_row()."""
    return {
        "type": "evidence_table",
        "value": {
            "caption": caption,
            "rows": [row if isinstance(row, dict) else evidence_row(row) for row in rows],
        },
    }


def chosen_testimonial_block(testimonial=None):
    return {"type": "testimonial", "value": {"testimonial": _pk(testimonial)}}


def program_card(program=None, title="", summary=""):
    return {"program": _pk(program), "title": title, "summary": summary}


def program_cards_block(*cards, heading="Treatment options"):
    """Cards for treatment programs; each is a treatment page or a program_card() overriding its text."""
    return {
        "type": "program_cards",
        "value": {
            "heading": heading,
            "cards": [card if isinstance(card, dict) else program_card(card) for card in cards],
        },
    }


def related_articles_block(mode="latest", articles=(), count=3, heading="Related articles"):
    return {
        "type": "related_articles",
        "value": {
            "heading": heading,
            "mode": mode,
            "articles": [article.pk for article in articles],
            "count": count,
        },
    }


def call_to_action_block(
    page=None, heading="Ready to talk?", button_label="Book a consultation", link_url=""
):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": "",
            "button_label": button_label,
            "page": _pk(page),
            "link_url": link_url,
        },
    }


# The page editor's form, as its JavaScript posts it.


def body_form_data(body):
    """StreamField form data for a body of raw blocks (a condition page's blocks include the shared ones)."""
    stream_block = ConditionStreamBlock()
    return streamfield(
        [(item["type"], form_value(stream_block.child_blocks[item["type"]], item["value"])) for item in body]
    )


def page_form_data(
    client, form_url, body=(), action="action-draft", title="Ketamine for Substance Use Disorder", **fields
):
    """What the page form at `form_url` posts: every field it renders, with this title, the intro,
    the body and the button pressed (`action`: "action-draft", "action-submit", "action-publish")."""
    data = querydict_from_html(client.get(form_url).content.decode(), form_id="page-edit-form")
    values = nested_form_data(
        {
            "title": title,
            # The editor's JavaScript fills the slug in from the title.
            "slug": slugify(title),
            "intro": "How ketamine may help.",
            # The StreamField is drawn by JavaScript, so the rendered form has no inputs for it.
            "body": body_form_data(body),
            action: action,
            **fields,
        }
    )
    for name, value in values.items():
        data[name] = value  # replaces, where QueryDict.update would append
    return data


def add_url(parent, model=ConditionPage):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def form_errors(response):
    """The page form's errors, for an assertion's message."""
    form = response.context["form"] if response.context else None
    return form.errors.as_data() if form is not None else response


def body_widget(response):
    """The page editor's StreamField as its JavaScript receives it: (blocks, errors)."""
    widget = soup(response.content).find("div", attrs={"data-controller": "w-block", "id": "body"})
    value, errors = json.loads(widget["data-w-block-arguments-value"])
    return value, errors


def block_error_messages(response, path):
    """The messages the editor sees on one field of the body, found by following `path`
    (block index, child name, list item index, ...) through the StreamField's nested errors."""
    _, node = body_widget(response)
    for key in path:
        node = node["blockErrors"][key]
    return node["messages"]


# The medical review: people each at their own browser, and the reviewer's buttons.


def client_for(user):
    """A browser of `user`'s own: the shared `client` fixture is one browser, logged in as one person."""
    client = Client()
    client.force_login(user)
    return client


def submit_for_review(client, parent, body, title="Ketamine for Substance Use Disorder"):
    """Create a condition page in the editor and press "Submit to Medical review"."""
    url = add_url(parent)
    response = client.post(url, page_form_data(client, url, body, action="action-submit", title=title))
    assert response.status_code == 302, form_errors(response)
    return ConditionPage.objects.get(slug=slugify(title))


def review_state(page):
    """The page's latest run of the Medical review workflow."""
    return WorkflowState.objects.for_instance(page).latest("created_at")


def review_action(client, page, action, comment=""):
    """Press a review task's button ("approve", "reject") on `page`, leaving a comment."""
    task_state = review_state(page).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


# What a response shows.


def soup(html):
    return BeautifulSoup(html if isinstance(html, bytes) else str(html), "html.parser")


def visible_text(response):
    return " ".join(soup(response.content).get_text(" ").split())


def visit(client, page):
    """The page as a visitor's browser receives it."""
    response = client.get(page.url)
    assert response.status_code == 200
    return soup(response.content)


def json_ld(html, type_="MedicalWebPage"):
    """The page's JSON-LD object of the given type (the site's own graph is another script)."""
    [data] = [
        data
        for script in html.select('script[type="application/ld+json"]')
        if (data := json.loads(script.string)).get("@type") == type_
    ]
    return data
