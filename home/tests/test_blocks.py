"""The shared blocks: heading, text, notice, feature and call to action; tested without a page."""

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import PageViewRestriction

import pytest

from home.blocks import (
    BaseStreamBlock,
    CallToActionBlock,
    FeatureBlock,
    HeadingBlock,
    NavigationLinkBlock,
    NoticeBlock,
    RichTextBlock,
)

from .factories import StandardPageFactory
from .support import contentstate, raw_cta, raw_notice, soup


class TestHeadingBlock:
    @pytest.mark.parametrize("level", ["h2", "h3"])
    def test_renders_at_the_chosen_level(self, level):
        block = HeadingBlock()
        html = soup(block.render(block.to_python({"text": "How ketamine works", "level": level})))
        heading = html.find(["h1", "h2", "h3", "h4"])
        assert heading.name == level
        assert heading.get_text() == "How ketamine works"

    def test_level_defaults_to_section_heading(self):
        block = HeadingBlock()
        html = soup(block.render(block.to_python({"text": "No level stored"})))
        assert html.find("h2").get_text() == "No level stored"

    def test_text_is_escaped(self):
        block = HeadingBlock()
        html = soup(block.render(block.to_python({"text": "<em>Loud</em>", "level": "h2"})))
        assert html.find("em") is None

    def test_page_title_level_is_not_a_choice(self):
        block = HeadingBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"text": "Title", "level": "h1"}))
        assert set(excinfo.value.block_errors) == {"level"}


class TestRichTextBlock:
    def test_renders_inside_a_rich_text_wrapper(self):
        block = RichTextBlock()
        html = soup(block.render(block.to_python("<p>Studies indicate <b>several</b> ways.</p>")))
        wrapper = html.select_one("div.rich-text")
        assert wrapper.p.get_text() == "Studies indicate several ways."
        assert wrapper.p.b.get_text() == "several"

    @pytest.mark.django_db
    def test_internal_page_links_are_expanded_to_urls(self, home_page):
        page = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
        block = RichTextBlock()
        raw = f'<p><a linktype="page" id="{page.pk}">Contact us</a></p>'

        html = soup(block.render(block.to_python(raw)))

        assert html.a["href"] == page.url
        assert html.a.get_text() == "Contact us"

    def test_editor_input_keeps_subheadings_but_drops_section_headings(self):
        # Sections start with a heading block; an H2 typed into text would break the outline.
        block = RichTextBlock()
        data = {"text": contentstate(("header-two", "Big"), ("header-three", "Sub"), ("unstyled", "Para"))}

        value = block.value_from_datadict(data, {}, "text")

        html = soup(value.source)
        assert html.find("h2") is None
        assert html.find("h3").get_text() == "Sub"
        assert html.find("p").get_text() == "Para"

    def test_features_can_still_be_overridden(self):
        assert RichTextBlock(features=["bold"]).features == ["bold"]


class TestNoticeBlock:
    def render(self, **fields):
        block = NoticeBlock()
        return soup(block.render(block.to_python(raw_notice(**fields))))

    @pytest.mark.parametrize(
        ("kind", "label"), [("disclaimer", "Disclaimer"), ("note", "Note"), ("caution", "Caution")]
    )
    def test_without_heading_the_kind_names_the_notice(self, kind, label):
        html = self.render(kind=kind)
        aside = html.find("aside")
        assert aside["aria-label"] == label
        assert f"notice--{kind}" in aside["class"]
        assert html.select_one(".notice__heading") is None

    def test_heading_is_shown_and_names_the_notice(self):
        html = self.render(kind="caution", heading="Not for everyone")
        aside = html.find("aside")
        assert aside["aria-label"] == "Not for everyone"
        assert aside.select_one(".notice__heading").get_text() == "Not for everyone"

    def test_text_is_rendered_as_rich_text(self):
        html = self.render(text="<p>Considered <i>off-label</i> by the FDA.</p>")
        text = html.select_one(".notice__text")
        assert text.p.i.get_text() == "off-label"

    def test_missing_kind_falls_back_to_disclaimer(self):
        block = NoticeBlock()
        value = block.to_python({"kind": "", "heading": "", "text": "<p>x</p>"})
        assert value.role_label == "Disclaimer"

    def test_text_is_required(self):
        block = NoticeBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_notice(text="")))
        assert set(excinfo.value.block_errors) == {"text"}

    def test_editor_input_keeps_no_block_formatting(self):
        block = NoticeBlock()
        data = {
            "n-kind": "note",
            "n-heading": "",
            "n-text": contentstate(
                ("header-two", "Big"), ("unordered-list-item", "Item"), ("unstyled", "Para")
            ),
        }
        html = soup(block.value_from_datadict(data, {}, "n")["text"].source)
        assert html.find(["h2", "ul", "li"]) is None
        assert html.find("p").get_text() == "Para"


class TestFeatureBlock:
    def test_renders_decorative_icon_heading_and_text(self):
        block = FeatureBlock()
        value = block.to_python(
            {"heading": "Reduce Cravings", "icon": "leaf", "text": "<p>Helpful for many.</p>"}
        )
        html = soup(block.render(value))

        svg = html.find("svg")
        assert svg["aria-hidden"] == "true"
        assert svg.find("use")["href"].endswith("features.svg#leaf")
        assert html.select_one(".feature__heading").get_text() == "Reduce Cravings"
        assert html.select_one(".feature__text p").get_text() == "Helpful for many."


@pytest.mark.django_db
class TestCallToActionBlock:
    @pytest.fixture
    def contact_page(self, home_page):
        return StandardPageFactory(parent=home_page, title="Contact", slug="contact")

    def test_page_alone_is_valid(self, contact_page):
        block = CallToActionBlock()
        assert block.clean(block.to_python(raw_cta(page=contact_page.pk)))["page"].pk == contact_page.pk

    def test_link_alone_is_valid(self):
        block = CallToActionBlock()
        value = block.clean(block.to_python(raw_cta(link_url="https://example.com/book/")))
        assert value["link_url"] == "https://example.com/book/"

    def test_neither_page_nor_link_is_an_error_on_page(self):
        block = CallToActionBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_cta()))
        assert set(excinfo.value.block_errors) == {"page"}

    def test_both_page_and_link_is_an_error_on_link_url(self, contact_page):
        block = CallToActionBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_cta(page=contact_page.pk, link_url="https://example.com/")))
        assert set(excinfo.value.block_errors) == {"link_url"}

    def test_button_leads_to_the_chosen_page(self, contact_page):
        block = CallToActionBlock()
        html = soup(block.render(block.to_python(raw_cta(page=contact_page.pk, button_label="Call us"))))

        button = html.select_one("a.button")
        assert button["href"] == contact_page.url == "/contact/"
        assert button.get_text() == "Call us"
        assert html.select_one(".cta__heading").get_text() == "Ready to talk?"
        assert html.select_one(".cta__text p").get_text() == "A free consultation."

    def test_button_leads_to_the_external_link(self):
        block = CallToActionBlock()
        html = soup(block.render(block.to_python(raw_cta(link_url="https://example.com/book/"))))
        assert html.select_one("a.button")["href"] == "https://example.com/book/"

    def test_no_dead_button_when_the_page_was_deleted(self, contact_page):
        block = CallToActionBlock()
        raw = raw_cta(page=contact_page.pk)
        contact_page.delete()

        html = soup(block.render(block.to_python(raw)))

        assert html.find("a") is None
        assert html.select_one(".cta__heading").get_text() == "Ready to talk?"

    def test_no_button_to_an_unpublished_page(self, contact_page):
        contact_page.unpublish()
        block = CallToActionBlock()

        html = soup(block.render(block.to_python(raw_cta(page=contact_page.pk))))

        assert html.find("a") is None

    @pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
    @pytest.mark.parametrize("on", ["the page", "its parent"])
    def test_no_button_to_a_page_visitors_cannot_see(self, contact_page, restriction, on):
        team_page = StandardPageFactory(parent=contact_page, title="Team", slug="team")
        restricted = team_page if on == "the page" else contact_page
        PageViewRestriction.objects.create(page=restricted, restriction_type=restriction, password="secret")
        block = CallToActionBlock()

        html = soup(block.render(block.to_python(raw_cta(page=team_page.pk))))

        assert html.find("a") is None
        assert html.select_one(".cta__heading").get_text() == "Ready to talk?"

    def test_the_pages_and_their_restrictions_load_in_one_query(
        self, contact_page, django_assert_num_queries
    ):
        private = StandardPageFactory(parent=contact_page, title="Private", slug="private")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        stream = BaseStreamBlock()
        raw = [
            {"type": "call_to_action", "value": raw_cta(page=page.pk)}
            for page in [contact_page, private, contact_page, private]
        ]
        stream.render(stream.to_python(raw))  # warm the site cache

        with django_assert_num_queries(1):
            html = soup(stream.render(stream.to_python(raw)))

        assert [a["href"] for a in html.select("a.button")] == [contact_page.url, contact_page.url]

    def test_empty_text_renders_no_text_wrapper(self):
        block = CallToActionBlock()
        html = soup(block.render(block.to_python(raw_cta(text="", link_url="https://example.com/"))))
        assert html.select_one(".cta__text") is None


class TestNavigationLinkBlock:
    def test_needs_a_page_or_a_link_but_not_both(self, home_page):
        block = NavigationLinkBlock()
        with pytest.raises(StructBlockValidationError) as neither:
            block.clean(block.to_python({"label": "Team", "page": None, "link_url": ""}))
        with pytest.raises(StructBlockValidationError) as both:
            block.clean(
                block.to_python({"label": "Team", "page": home_page.pk, "link_url": "https://example.com/"})
            )
        assert set(neither.value.block_errors) == {"page"}
        assert set(both.value.block_errors) == {"link_url"}
        value = block.clean(block.to_python({"label": "Team", "page": home_page.pk, "link_url": ""}))
        assert value["page"].pk == home_page.pk

    @pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
    def test_a_link_to_a_page_visitors_cannot_see_has_no_address(self, home_page, restriction):
        private = StandardPageFactory(parent=home_page, title="Staff", slug="staff")
        PageViewRestriction.objects.create(page=private, restriction_type=restriction, password="secret")
        block = NavigationLinkBlock()

        assert block.to_python({"label": "Staff", "page": private.pk, "link_url": ""}).url == ""
        assert block.to_python({"label": "Home", "page": home_page.pk, "link_url": ""}).url == home_page.url
