"""Every block of every StreamField renders whatever a draft may hold.

"Save draft" (and autosave) skips the required fields inside blocks, a chooser
may point at a record deleted since, and a list may be empty. The page's
"View draft" must still render, and so must the live page. This test finds the
StreamFields itself, from the models, and walks their blocks recursively, so a
new block or page type is covered without being listed here.

For each top-level block of each stream, starting from the block's preview
value (what the editor's block picker shows), it makes one change at a time:
a field blanked as "Save draft" stores it, a chooser pointing at a deleted
record, a list emptied. Each variant is rendered on its own through the
block, then all together on a page: the draft through the admin's "View
draft", and the published page as a visitor sees it.
"""

import json
import re
import uuid

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.test import RequestFactory
from django.urls import reverse

from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.models import Page, Site

import pytest
from bs4 import BeautifulSoup

from conditions.models import ConditionPage, TreatmentPage
from home.models import HomePage, LocationPage, ReusableContent, StandardPage
from home.tests.factories import LocationIndexPageFactory, LocationPageFactory, StandardPageFactory
from site_config.demo_video import add_demo_video
from stories.models import ArticlePage, Person, TeamIndexPage

DELETED_ID = 999999


def soup(html):
    return BeautifulSoup(str(html), "html.parser")


def stream_fields():
    """(model, field) for every StreamField of every model: pages and settings alike."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield model, field


def top_level_blocks():
    for model, field in stream_fields():
        for name in field.stream_block.child_blocks:
            yield pytest.param(model, field.name, name, id=f"{model._meta.label}.{field.name}.{name}")


def as_stored(raw):
    """A raw value as the database hands it back: through JSON."""
    return json.loads(json.dumps(raw, cls=DjangoJSONEncoder))


def blank_as_draft_stores_it(block):
    """What "Save draft" stores for a field left empty, or None when a draft cannot leave it empty."""
    block.defer_required_validation()
    try:
        value = block.value_from_form(block.field.clean(""))
    except ValidationError:
        return None, False
    finally:
        block.restore_deferred_validation()
    return block.get_prep_value(value), True


def list_items(raw):
    """A ListBlock's raw items, in either of the forms the database may hold."""
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"]
        else:
            yield item


def as_list(values):
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def variants(block, raw, path):
    """(what changed, raw value) pairs: `raw` with one thing a draft may hold changed."""
    if isinstance(block, blocks.StructBlock):
        raw = raw if isinstance(raw, dict) else {}
        for name, child in block.child_blocks.items():
            for description, child_raw in variants(child, raw.get(name), f"{path}.{name}"):
                yield description, {**raw, name: child_raw}
    elif isinstance(block, blocks.ListBlock):
        items = list(list_items(raw))
        yield f"{path}: empty list", []
        if not items:
            # Nothing to vary inside: vary one item added to the list.
            items = [block.child_block.get_prep_value(block.child_block.get_default())]
        for i, item in enumerate(items):
            for description, item_raw in variants(block.child_block, item, f"{path}[{i}]"):
                yield description, as_list([*items[:i], item_raw, *items[i + 1 :]])
    elif isinstance(block, blocks.StreamBlock):
        items = list(raw or [])
        yield f"{path}: empty stream", []
        for i, item in enumerate(items):
            child = block.child_blocks[item["type"]]
            for description, item_raw in variants(child, item["value"], f"{path}[{i}]"):
                yield description, [*items[:i], {**item, "value": item_raw}, *items[i + 1 :]]
    elif isinstance(block, blocks.FieldBlock):
        blank, can_be_blank = blank_as_draft_stores_it(block)
        if can_be_blank:
            yield f"{path}: blank", blank
        if isinstance(block, blocks.ChooserBlock):
            yield f"{path}: deleted record", DELETED_ID
        if isinstance(block, blocks.ChoiceBlock):
            for choice, _label in block.field.choices:
                if choice:
                    yield f"{path}: {choice}", choice


def block_variants(block, name):
    preview = as_stored(block.get_prep_value(block.get_preview_value()))
    return [(f"{name} (preview)", preview)] + [
        (description, as_stored(raw)) for description, raw in variants(block, preview, name)
    ]


@pytest.fixture
def records(make_study, make_treatment, make_testimonial, make_article, media):
    """What the blocks' preview values choose from the library: one of each."""
    return {
        "study": make_study(title="A study for the preview"),
        "treatment": make_treatment("Ketamine + Therapy", intro="Sessions with a therapist."),
        "testimonial": make_testimonial(),
        "article": make_article("An article for the preview"),
        # The video block's preview plays the newest video file, with the newest captions.
        "video": add_demo_video(),
    }


@pytest.fixture
def page_of(home_page, make_condition, make_treatment, make_article):
    """A live page of the given type, in its place in the tree."""
    makers = {
        ConditionPage: lambda: make_condition("A condition for drafts"),
        TreatmentPage: lambda: make_treatment("A treatment for drafts"),
        ArticlePage: lambda: make_article("An article for drafts"),
        HomePage: lambda: home_page,
        StandardPage: lambda: StandardPageFactory(parent=home_page, title="A plain page for drafts"),
        # Reusable content shows on pages: its blocks are rendered on a plain page.
        ReusableContent: lambda: StandardPageFactory(parent=home_page, title="A page for reusable content"),
        LocationPage: lambda: LocationPageFactory(parent=LocationIndexPageFactory(parent=home_page)),
        # A person's licences show on their profile, served by the team page.
        Person: lambda: home_page.add_child(instance=TeamIndexPage(title="Our clinicians", slug="team")),
    }

    def make(model):
        if issubclass(model, BaseSiteSetting):
            # A setting shows on every page: render it on the home page.
            return home_page
        assert model in makers, f"Add a way to make a {model.__name__} to this test."
        return makers[model]()

    return make


# The evidence scales' legend names a magnitude "None or unclear": words, not a blank value.
PRINTED_NONE = re.compile(r"\bNone\b(?! or unclear)")


def blemishes(html):
    """What a blank value must not leave on the page: "None", an empty heading, a link to nowhere."""
    found = []
    html = soup(html)
    for text in html.find_all(string=PRINTED_NONE):
        found.append(f"prints None: {text.strip()!r}")
    for element in html.find_all(True):
        for name, value in element.attrs.items():
            if value == "None":
                found.append(f"{name}=None: {element}")
    for heading in html.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption"]):
        if not heading.get_text(strip=True):
            found.append(f"empty {heading}")
    for link in html.find_all("a"):
        if not link.get("href") or not (link.get_text(strip=True) or link.get("aria-label")):
            found.append(f"a link to nowhere or without words: {link}")
    return found


def render_failures(block, variants_, context):
    failures = []
    for description, raw in variants_:
        try:
            html = block.render(block.to_python(raw), context)
        except Exception as error:  # noqa: BLE001 (every failure is listed, not just the first)
            failures.append(f"{description}: {error!r}")
        else:
            # A block without a template (a menu link) is drawn by the page's template, checked below.
            if getattr(block.meta, "template", None):
                failures += [f"{description}: {blemish}" for blemish in blemishes(html)]
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("model, field_name, block_name", list(top_level_blocks()))
def test_block_renders_every_value_a_draft_may_hold(records, page_of, model, field_name, block_name):
    block = model._meta.get_field(field_name).stream_block.child_blocks[block_name]
    page = page_of(model).specific
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    context = page.get_context(request)

    failures = render_failures(block, block_variants(block, block_name), context)

    assert not failures, "\n".join(failures)


def stream_of(stream_block):
    """One stream holding every variant of every block the stream may hold."""
    return [
        {"type": name, "value": raw, "id": str(uuid.uuid4())}
        for name, block in stream_block.child_blocks.items()
        for _description, raw in block_variants(block, name)
    ]


def page_blemishes(response):
    """What the blocks left on a rendered page: in its content and in its menus."""
    assert response.status_code == 200
    html = soup(response.content)
    return [blemish for part in html.select("main, header nav, footer nav") for blemish in blemishes(part)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, field_name",
    [
        pytest.param(model, field.name, id=f"{model._meta.label}.{field.name}")
        for model, field in stream_fields()
    ],
)
def test_page_renders_a_draft_holding_every_such_value(
    records, page_of, superuser, superuser_client, client, model, field_name
):
    page = page_of(model).specific
    stream = stream_of(model._meta.get_field(field_name).stream_block)

    if issubclass(model, BaseSiteSetting):
        setting = model.for_site(Site.objects.get(is_default_site=True))
        setattr(setting, field_name, stream)
        setting.save()
        assert page_blemishes(client.get(page.url)) == []
        return

    if model is ReusableContent:
        # A published item holding every such value, shown on a live page.
        item = ReusableContent.objects.create(name="Every value a draft may hold", body=stream)
        page.body = [{"type": "reusable_content", "value": item.pk}]
        page.save_revision(user=superuser).publish()
        assert page_blemishes(client.get(page.url)) == []
        return

    if model is Person:
        person = Person.objects.create(name="Every value a draft may hold", public_profile=True)
        setattr(person, field_name, stream)
        person.save()
        assert page_blemishes(client.get(f"{page.url}{person.slug}/")) == []
        return

    setattr(page, field_name, stream)
    page.save_revision(user=superuser, clean=False)

    view_draft = superuser_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert page_blemishes(view_draft) == []

    # The live page may come to hold such values too (a chosen record deleted since publishing).
    live = Page.objects.get(pk=page.pk).specific
    setattr(live, field_name, stream)
    live.save()
    assert page_blemishes(client.get(live.url)) == []
