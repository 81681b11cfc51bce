"""Reusable content: an item (the off-label disclaimer, the booking call to action) written once and
chosen on many pages. The block alone and on pages (visitors see the published version only; the
query count does not grow with the items), the usage report, the Medical review workflow that
publishes an item, and the admin forms with bad input."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page, WorkflowContentType, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest

from home.blocks import BaseStreamBlock
from home.models import ReusableContent
from home.reusable_blocks import ReusableContentBlock

from .factories import StandardPageFactory
from .support import queries_to_serve, raw_cta, raw_notice, soup

pytestmark = pytest.mark.django_db

DISCLAIMER = "Ketamine for the treatment of addictions is considered off-label use by the FDA."
VIEWSET_URL = "wagtailsnippets_home_reusablecontent:{}"


def url(name, *args):
    return reverse(VIEWSET_URL.format(name), args=args)


def notice_body(text=DISCLAIMER):
    return [{"type": "notice", "value": raw_notice(text=f"<p>{text}</p>")}]


def published(name="Off-label disclaimer", body=None):
    """An item as the demo makes it: saved, then its first revision published."""
    item = ReusableContent.objects.create(name=name, body=body or notice_body(), live=False)
    item.save_revision().publish()
    return ReusableContent.objects.get(pk=item.pk)


def shown_on(*items):
    """A page body showing the items, in order (None: an item deleted or never chosen)."""
    return [{"type": "reusable_content", "value": item.pk if item else None} for item in items]


def page_showing(home_page, *items, title="About the clinic"):
    return StandardPageFactory(parent=home_page, title=title, body=shown_on(*items))


def page_html(response):
    return soup(response.content.decode())


def visible_text(response):
    assert response.status_code == 200
    return " ".join(page_html(response).select_one("main").get_text(" ").split())


# The block, alone.


class TestTheBlock:
    def test_renders_the_items_blocks(self):
        item = published()
        block = ReusableContentBlock()

        html = soup(block.render(block.to_python(item.pk)))

        notice = html.select_one(".stream .block-notice aside.notice--disclaimer")
        assert DISCLAIMER in notice.get_text()

    def test_a_draft_of_the_item_changes_nothing_until_it_is_published(self):
        item = published()
        block = ReusableContentBlock()
        item.body = notice_body("A draft nobody has approved.")
        item.save_revision()

        assert DISCLAIMER in block.render(block.to_python(item.pk))
        assert "A draft nobody has approved." not in block.render(block.to_python(item.pk))

        item.get_latest_revision().publish()
        assert "A draft nobody has approved." in block.render(block.to_python(item.pk))

    @pytest.mark.parametrize("state", ["never published", "unpublished", "deleted", "none chosen"])
    def test_an_item_visitors_may_not_see_renders_nothing_and_warns_the_editor(self, state):
        if state == "never published":
            chosen = ReusableContent.objects.create(name="A draft", body=notice_body(), live=False).pk
        elif state == "unpublished":
            item = published()
            item.unpublish()
            chosen = item.pk
        elif state == "deleted":
            item = published()
            chosen = item.pk
            item.delete()
        else:
            chosen = None
        block = ReusableContentBlock()
        value = block.to_python(chosen)

        assert block.render(value) == ""
        [warning] = block.content_warnings(value)
        assert "visitors see nothing" in warning

    def test_a_published_item_gives_no_warning(self):
        block = ReusableContentBlock()
        assert block.content_warnings(block.to_python(published().pk)) == []

    def test_an_item_cannot_hold_reusable_content(self):
        body_block = ReusableContent._meta.get_field("body").stream_block

        assert "reusable_content" in BaseStreamBlock().child_blocks
        assert "reusable_content" not in body_block.child_blocks
        assert not any(isinstance(child, ReusableContentBlock) for child in body_block.child_blocks.values())

    def test_in_the_pickers_text_group_with_its_own_icon(self):
        block = BaseStreamBlock().child_blocks["reusable_content"]
        others = [
            child for name, child in BaseStreamBlock().child_blocks.items() if name != "reusable_content"
        ]

        assert (block.meta.group, block.meta.label) == ("Text", "Reusable content")
        assert block.meta.icon not in {child.meta.icon for child in others}
        assert block.meta.description

    def test_the_preview_shows_a_disclaimer_before_any_item_exists_then_the_first_item(self):
        block = ReusableContentBlock()

        assert "off-label use" in block.render(block.get_preview_value())

        published(
            "Booking call to action",
            [{"type": "call_to_action", "value": raw_cta(link_url="https://example.com/")}],
        )
        assert "Book a consultation" in block.render(block.get_preview_value())

    def test_the_page_is_not_found_by_the_items_words_nor_its_name(self, home_page):
        item = published(name="Zebra notice", body=notice_body("Xylophone pharmacology statement."))
        page = page_showing(home_page, item, title="About the clinic")

        assert ReusableContentBlock().get_searchable_content(item) == []
        assert list(Page.objects.live().search("xylophone")) == []
        assert list(Page.objects.live().search("zebra")) == []
        assert [found.pk for found in Page.objects.live().search("clinic")] == [page.pk]


# On pages.


class TestOnPages:
    def test_every_page_shows_the_published_version_and_never_a_draft(self, client, home_page, superuser):
        item = published()
        pages = [page_showing(home_page, item, title=f"Page {i}") for i in range(2)]

        item.body = notice_body("An edit waiting for review.")
        item.save_revision(user=superuser)

        for page in pages:
            text = visible_text(client.get(page.url))
            assert DISCLAIMER in text
            assert "An edit waiting for review." not in text

        item.get_latest_revision().publish(user=superuser)
        for page in pages:
            assert "An edit waiting for review." in visible_text(client.get(page.url))

    def test_an_unpublished_item_leaves_no_trace_on_the_page(self, client, home_page):
        item = published()
        page = page_showing(home_page, item)
        item.unpublish()

        html = page_html(client.get(page.url))
        assert DISCLAIMER not in html.get_text()
        # Empty, not even whitespace, so the stylesheet's :empty gives it no gap in the stream.
        [wrapper] = html.select(".block-reusable_content")
        assert wrapper.decode_contents() == ""


def rich_item(name, image, booking_page):
    """An item holding one of each kind of block that loads records: a call to action leading to a
    page, an image and an image beside text."""
    picture = {"image": image.pk, "alt_text": "A quiet room", "decorative": False}
    return published(
        name,
        [
            {"type": "heading", "value": {"text": f"{name} heading", "level": "h2"}},
            {"type": "notice", "value": raw_notice()},
            {"type": "call_to_action", "value": raw_cta(page=booking_page.pk)},
            {"type": "image", "value": {"image": picture, "caption": "", "credit": ""}},
            {"type": "image_text", "value": {"image": picture, "text": "<p>Calm.</p>", "image_side": "left"}},
        ],
    )


def test_a_pages_query_count_does_not_grow_with_its_reusable_content(client, home_page, make_image):
    booking = StandardPageFactory(parent=home_page, title="Book a consultation")
    items = [rich_item(f"Item {i}", make_image(f"Room {i}"), booking) for i in range(5)]
    one = page_showing(home_page, items[0], title="One item")
    five = page_showing(home_page, *items, title="Five items")
    # The first visits make the renditions; the visits counted read them, as a warm site does.
    client.get(one.url)
    client.get(five.url)

    response_one, count_one = queries_to_serve(client, one)
    response_five, count_five = queries_to_serve(client, five)

    assert len(page_html(response_one).select("main .cta a[href='/book-a-consultation/']")) == 1
    assert len(page_html(response_five).select("main .cta a[href='/book-a-consultation/']")) == 5
    assert len(page_html(response_five).select("main picture")) == 10
    assert count_five == count_one


# The usage report and the listing.


def test_the_usage_report_lists_the_pages_that_show_the_item(superuser_client, home_page):
    item = published()
    about = page_showing(home_page, item, title="About the clinic")
    fees = page_showing(home_page, item, item, title="Fees")
    page_showing(home_page, title="A page without it")

    response = superuser_client.get(url("usage", item.pk))

    assert response.status_code == 200
    listed = {
        link.get_text(strip=True)
        for link in page_html(response).select("main table td.title .title-wrapper > a")
    }
    assert {about.title, fees.title} <= listed
    assert "A page without it" not in listed
    listing = page_html(superuser_client.get(url("list")))
    usage_link = listing.find("a", href=url("usage", item.pk))
    assert " ".join(usage_link.get_text().split()) == "Used 2 times"


def test_the_listing_is_searchable_by_name(superuser_client):
    published("Off-label disclaimer")
    published(
        "Booking call to action",
        [{"type": "call_to_action", "value": raw_cta(link_url="https://example.com/")}],
    )

    response = superuser_client.get(url("list"), {"q": "booking"})

    names = {
        cell.get_text(strip=True)
        for cell in page_html(response).select("main table td.title .title-wrapper > a")
    }
    assert names == {"Booking call to action"}


# Through the admin: the Medical review workflow.


def form_data(client, form_url, action, name="Off-label disclaimer", text=DISCLAIMER, heading=""):
    """What the item's form posts: every field it renders, with this name, one notice, the button."""
    data = querydict_from_html(client.get(form_url).content.decode(), form_id="w-editor-form")
    values = nested_form_data(
        {
            "name": name,
            "body": streamfield(
                [("notice", {"kind": "disclaimer", "heading": heading, "text": rich_text(f"<p>{text}</p>")})]
            ),
            action: action,
        }
    )
    for key, value in values.items():
        data[key] = value
    return data


def create(client, action="action-submit", **fields):
    return client.post(url("add"), form_data(client, url("add"), action, **fields))


def edit(client, item, action="action-submit", **fields):
    return client.post(url("edit", item.pk), form_data(client, url("edit", item.pk), action, **fields))


def review_state(item):
    return WorkflowState.objects.for_instance(item).latest("created_at")


def review_action(client, item, action, comment=""):
    task_state = review_state(item).current_task_state
    return client.post(url("workflow_action", item.pk, action, task_state.pk), {"comment": comment})


class TestMedicalReview:
    def test_the_roles_setup_puts_reusable_content_in_the_medical_review_once(self, roles):
        call_command("setup_editorial_roles", stdout=StringIO())

        assert WorkflowContentType.objects.filter(content_type__model="reusablecontent").count() == 1
        assert ReusableContent.get_default_workflow().name == "Medical review"

    @pytest.mark.parametrize("who", ["editor_client", "reviewer_client", "superuser_client"])
    def test_no_one_publishes_an_item_directly(self, request, roles, who):
        client = request.getfixturevalue(who)

        response = create(client, action="action-publish")

        assert response.status_code == 302
        item = ReusableContent.objects.get()
        assert not item.live  # saved, but as a draft
        edit_form = client.get(url("edit", item.pk)).content.decode()
        assert 'name="action-publish"' not in edit_form
        assert 'name="action-submit"' in edit_form

    def test_a_reviewers_approval_publishes_and_records_the_review(
        self, editor_client, reviewer_client, reviewer
    ):
        assert create(editor_client).status_code == 302
        item = ReusableContent.objects.get()
        assert review_state(item).status == WorkflowState.STATUS_IN_PROGRESS
        assert not item.live

        response = review_action(reviewer_client, item, "approve", "Wording checked.")

        assert response.status_code == 302
        item = ReusableContent.objects.get()
        assert item.live
        assert DISCLAIMER in item.body[0].value["text"].source
        review = item.live_revision.medical_review
        assert (review.reviewer.user, review.approved_by) == (reviewer, reviewer)

    def test_an_edit_reaches_the_pages_only_once_approved(
        self, editor_client, reviewer_client, reviewer, client, home_page
    ):
        create(editor_client)
        item = ReusableContent.objects.get()
        review_action(reviewer_client, item, "approve")
        page = page_showing(home_page, item)

        response = edit(editor_client, item, text="Ketamine is a guaranteed cure.")
        assert response.status_code == 302
        assert review_state(ReusableContent.objects.get()).status == WorkflowState.STATUS_IN_PROGRESS
        assert "guaranteed" not in visible_text(client.get(page.url))

        review_action(reviewer_client, item, "reject", "No claims of a cure.")
        assert "guaranteed" not in visible_text(client.get(page.url))

        edit(editor_client, item, text="Ketamine may help some patients.")
        review_action(reviewer_client, item, "approve")
        assert "Ketamine may help some patients." in visible_text(client.get(page.url))

    def test_an_editor_cannot_approve(self, editor_client, reviewer):
        create(editor_client)
        item = ReusableContent.objects.get()

        review_action(editor_client, item, "approve")

        assert review_state(item).status == WorkflowState.STATUS_IN_PROGRESS
        assert not ReusableContent.objects.get().live

    def test_the_editor_previews_the_draft(self, editor_client, roles):
        create(editor_client, action="action-save", text="Words in a draft.")
        item = ReusableContent.objects.get()
        preview_url = url("preview_on_edit", item.pk)
        editor_client.post(
            preview_url, form_data(editor_client, url("edit", item.pk), "", text="Words in a draft.")
        )

        response = editor_client.get(preview_url)

        assert response.status_code == 200
        assert "Words in a draft." in visible_text(response)


# Through the admin: bad input.


def field_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    return {
        name: [str(message) for message in messages]
        for name, messages in response.context["form"].errors.items()
    }


class TestBadInput:
    @pytest.mark.parametrize(
        ("name", "message"),
        [
            # "Save draft" defers the form's required fields; the model still refuses a blank name.
            ("", "Enter a name, to find this item by."),
            ("   ", "Enter a name, to find this item by."),
            ("Off-label\x00disclaimer", "Null characters are not allowed."),
        ],
    )
    def test_a_bad_name_is_an_error_on_the_name(self, superuser_client, name, message):
        response = create(superuser_client, action="action-save", name=name)

        assert message in field_errors(response)["name"]
        assert not ReusableContent.objects.exists()

    def test_a_name_taken_is_an_error_on_the_name(self, superuser_client):
        published("Off-label disclaimer")

        response = create(superuser_client, action="action-save", name="Off-label disclaimer")

        assert field_errors(response)["name"] == ["Another reusable content item already has this name."]
        assert ReusableContent.objects.count() == 1

    def test_a_nul_byte_in_the_body_is_an_error_and_nothing_is_saved(self, superuser_client):
        response = create(superuser_client, action="action-save", heading="Off-label\x00use")

        assert "body" in field_errors(response)
        assert not ReusableContent.objects.exists()

    def test_renaming_onto_another_item_is_an_error_on_the_name(self, superuser_client):
        published("Off-label disclaimer")
        other = published("Booking call to action")

        response = edit(superuser_client, other, action="action-save", name="Off-label disclaimer")

        assert field_errors(response)["name"] == ["Another reusable content item already has this name."]
        assert ReusableContent.objects.get(pk=other.pk).name == "Booking call to action"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("body-count", None),
            ("body-count", "abc"),
            ("body-0-value-text", "{not json"),
            ("body-0-value-kind", "[]"),
        ],
    )
    def test_a_forged_post_is_refused_and_saves_nothing(self, superuser_client, field, value):
        item = published()
        edit_url = url("edit", item.pk)
        data = form_data(superuser_client, edit_url, "action-save", text="A forged edit.")
        if value is None:
            del data[field]
        else:
            data[field] = value

        response = superuser_client.post(edit_url, data)

        assert response.status_code in (200, 400)
        assert item.revisions.count() == 1

    def test_a_forged_post_cannot_put_reusable_content_inside_an_item(self, superuser_client):
        item = published()
        edit_url = url("edit", item.pk)
        data = form_data(superuser_client, edit_url, "action-save")
        data["body-0-type"] = "reusable_content"
        data["body-0-value"] = str(item.pk)

        superuser_client.post(edit_url, data)

        # The unknown block is dropped, as Wagtail drops any block type the stream does not have.
        latest = ReusableContent.objects.get(pk=item.pk).get_latest_revision_as_object()
        assert [block.block_type for block in latest.body] == []

    @pytest.mark.parametrize("chosen", ["abc", "-1", "9" * 40, "\x00"])
    def test_a_forged_choice_on_a_page_is_refused_or_dropped(self, superuser_client, home_page, chosen):
        page = page_showing(home_page, published())
        page.save_revision()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = querydict_from_html(superuser_client.get(edit_url).content.decode(), form_id="page-edit-form")
        for key, value in nested_form_data({"body": streamfield([("reusable_content", chosen)])}).items():
            data[key] = value

        response = superuser_client.post(edit_url, data)

        # A form error or a 400; or, for an id of no item, a draft that chose nothing.
        assert response.status_code in (200, 302, 400)
        latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
        saved = [block.value for block in latest.body]
        assert saved in ([], [None], [ReusableContent.objects.get()])
        if response.status_code != 302:
            assert page.revisions.count() == 1
