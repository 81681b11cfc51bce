"""Condition-page blocks: program cards, and the stream every condition page is built from."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.blocks import ListBlock
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import pytest
from wagtail_factories import ImageFactory

from conditions.blocks import ConditionStreamBlock, ProgramCardBlock, ProgramCardsBlock
from home.blocks import PICKER_GROUPS
from home.models import ReusableContent
from stories.tests.factories import PersonFactory

from .support import (
    chosen_testimonial_block,
    evidence_table_block,
    heading_block,
    notice_block,
    program_card,
    program_cards_block,
    related_articles_block,
    soup,
    stat,
    stats_block,
)

pytestmark = pytest.mark.django_db


def raw_cards(*cards):
    """A program cards block's raw value; each card a treatment page or a program_card()."""
    return program_cards_block(*cards)["value"]


class TestProgramCardBlock:
    def test_card_uses_the_programs_title_and_summary(self, make_treatment):
        program = make_treatment("Ketamine + Therapy", intro="Sessions with a therapist.")
        value = ProgramCardBlock().to_python(program_card(program))
        assert value.card_title == "Ketamine + Therapy"
        assert value.card_summary == "Sessions with a therapist."

    def test_card_overrides_win(self, make_treatment):
        program = make_treatment("Ketamine + Therapy", intro="Sessions with a therapist.")
        value = ProgramCardBlock().to_python(program_card(program, "Therapy", "For alcohol use."))
        assert value.card_title == "Therapy"
        assert value.card_summary == "For alcohol use."

    def test_program_is_required(self):
        block = ProgramCardBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(program_card(None, title="A card")))
        assert set(excinfo.value.block_errors) == {"program"}

    def test_program_must_be_a_treatment_page(self, make_condition):
        condition = make_condition()
        block = ProgramCardBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(program_card(condition)))
        assert set(excinfo.value.block_errors) == {"program"}


class TestProgramCardsBlock:
    def render(self, raw):
        block = ProgramCardsBlock()
        return soup(block.render(block.to_python(raw)))

    def test_cards_link_to_their_programs(self, make_treatment):
        therapy = make_treatment("Ketamine + Therapy", intro="Sessions with a therapist.")
        infusion = make_treatment("Infusions", intro="IV ketamine.")

        html = self.render(raw_cards(therapy, program_card(infusion, title="IV infusions")))

        assert html.section.h2.get_text() == "Treatment options"
        cards = html.select("li.card")
        assert [card.a["href"] for card in cards] == [therapy.url, infusion.url]
        assert therapy.url == "/treatments/ketamine-therapy/"
        assert [card.a.get_text() for card in cards] == ["Ketamine + Therapy", "IV infusions"]
        assert [card.select_one(".card__text").get_text() for card in cards] == [
            "Sessions with a therapist.",
            "IV ketamine.",
        ]

    def test_card_of_an_unpublished_program_is_not_shown(self, make_treatment):
        live = make_treatment("Ketamine + Therapy")
        draft = make_treatment("Coming soon", live=False)

        html = self.render(raw_cards(draft, live))

        assert [card.a.get_text() for card in html.select("li.card")] == ["Ketamine + Therapy"]

    @pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
    def test_card_of_a_restricted_program_is_not_shown(self, make_treatment, restriction):
        public = make_treatment("Ketamine + Therapy")
        private = make_treatment("Staff-only program", intro="For the clinic's staff.")
        PageViewRestriction.objects.create(page=private, restriction_type=restriction, password="secret")

        html = self.render(raw_cards(private, public))

        assert [card.a.get_text() for card in html.select("li.card")] == ["Ketamine + Therapy"]
        assert "Staff-only" not in str(html)
        assert "For the clinic's staff." not in str(html)
        assert private.url not in str(html)

    def test_no_card_for_a_program_in_a_restricted_section(self, make_treatment, treatment_index):
        program = make_treatment("Ketamine + Therapy")
        PageViewRestriction.objects.create(page=treatment_index, restriction_type=PageViewRestriction.LOGIN)

        html = self.render(raw_cards(program))

        assert html.find("section") is None

    def test_card_of_a_deleted_program_is_skipped(self, make_treatment):
        kept = make_treatment("Ketamine + Therapy")
        deleted = make_treatment("Retired program")
        raw = raw_cards(deleted, kept)
        deleted.delete()

        html = self.render(raw)

        assert [card.a.get_text() for card in html.select("li.card")] == ["Ketamine + Therapy"]

    def test_no_section_when_no_program_is_published(self, make_treatment):
        draft = make_treatment("Coming soon", live=False)

        html = self.render(raw_cards(draft))

        assert html.find("section") is None and html.find("h2") is None

    def test_at_least_one_card(self):
        block = ProgramCardsBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_cards()))
        assert set(excinfo.value.block_errors) == {"cards"}

    def test_programs_load_in_one_query_whatever_the_number_of_cards(
        self, make_treatment, django_assert_num_queries
    ):
        programs = [make_treatment(f"Program {n}") for n in range(8)]
        block = ProgramCardsBlock()
        block.render(block.to_python(raw_cards(programs[0])))  # warm the site cache

        with django_assert_num_queries(1):
            html = soup(block.render(block.to_python(raw_cards(programs[0]))))
        assert len(html.select("li.card")) == 1
        with django_assert_num_queries(1):
            html = soup(block.render(block.to_python(raw_cards(*programs))))
        assert len(html.select("li.card")) == 8

    def test_restricted_programs_are_left_out_in_the_same_one_query(
        self, make_treatment, django_assert_num_queries
    ):
        programs = [make_treatment(f"Program {n}") for n in range(8)]
        for program in programs[::2]:
            PageViewRestriction.objects.create(
                page=program, restriction_type=PageViewRestriction.PASSWORD, password="secret"
            )
        block = ProgramCardsBlock()
        block.render(block.to_python(raw_cards(programs[1])))  # warm the site cache

        with django_assert_num_queries(1):
            html = soup(block.render(block.to_python(raw_cards(*programs))))
        assert [card.a.get_text() for card in html.select("li.card")] == [p.title for p in programs[1::2]]


STREAM_BLOCK_NAMES = list(ConditionStreamBlock().child_blocks)


class TestConditionStreamBlockPicker:
    def test_offers_every_block_a_condition_page_needs(self):
        assert set(STREAM_BLOCK_NAMES) == {
            "heading",
            "text",
            "feature",
            "notice",
            "stats",
            "evidence_table",
            "testimonial",
            "program_cards",
            "related_articles",
            "call_to_action",
            "faq",
            "table",
            "hero",
            "image",
            "image_text",
            "card_grid",
            "reusable_content",
            "video",
            "steps",
            "team",
            "page_cards",
            "locations",
        }

    @pytest.mark.parametrize("name", STREAM_BLOCK_NAMES)
    def test_block_is_labelled_grouped_and_described(self, name):
        block = ConditionStreamBlock().child_blocks[name]
        assert block.label
        assert block.meta.icon and block.meta.icon != "placeholder"
        assert block.meta.group in PICKER_GROUPS
        assert block.get_description()
        assert block.is_previewable

    def test_each_block_in_the_picker_has_its_own_icon(self):
        icons = [block.meta.icon for block in ConditionStreamBlock().child_blocks.values()]
        shared = {icon for icon in icons if icons.count(icon) > 1}
        assert not shared, f"blocks share the icons {shared}"

    @pytest.mark.parametrize("name", STREAM_BLOCK_NAMES)
    def test_a_new_block_opens_its_items_ready_to_type(self, name):
        """A list inside a block opens its items: a new stat or table row is not folded away."""
        block = ConditionStreamBlock().child_blocks[name]
        lists = [
            child for child in getattr(block, "child_blocks", {}).values() if isinstance(child, ListBlock)
        ]
        assert [child.name for child in lists if child.meta.collapsed] == []

    @pytest.fixture
    def library(self, make_study, make_testimonial, make_treatment, make_article, media):
        ImageFactory(title="Preview image")
        Document = get_document_model()
        Document.objects.create(
            title="Preview video", file=ContentFile(b"\x1aE\xdf\xa3", name="preview.webm")
        )
        Document.objects.create(title="Preview captions", file=ContentFile(b"WEBVTT\n", name="preview.vtt"))
        PersonFactory(name="Preview clinician")
        ReusableContent.objects.create(name="Preview reusable content", body=[notice_block()])
        return {
            "study": make_study(effect="Preview study effect"),
            "testimonial": make_testimonial(quote="Preview testimonial words."),
            "treatment": make_treatment("Preview program"),
            "article": make_article("Preview article"),
        }

    @pytest.mark.parametrize(
        ("name", "expected_text"),
        [
            ("heading", "How ketamine works"),
            ("text", "ketamine"),
            ("feature", "Reduce Cravings"),
            ("notice", "off-label"),
            ("stats", "65.8%"),
            ("evidence_table", "Preview study effect"),
            ("testimonial", "Preview testimonial words."),
            ("program_cards", "Preview program"),
            ("related_articles", "Preview article"),
            ("call_to_action", "Book a consultation"),
        ],
    )
    def test_preview_renders_with_library_content(self, library, name, expected_text):
        block = ConditionStreamBlock().child_blocks[name]
        html = soup(block.render(block.get_preview_value()))
        assert expected_text in html.get_text()

    @pytest.mark.parametrize("name", STREAM_BLOCK_NAMES)
    def test_preview_value_is_valid(self, library, name):
        # What the picker shows is something an editor could save.
        block = ConditionStreamBlock().child_blocks[name]
        assert validation_error(block, block.get_preview_value()) is None

    @pytest.mark.parametrize(
        ("name", "expected_text"),
        [
            ("heading", "How ketamine works"),
            ("text", "ketamine"),
            ("feature", "Reduce Cravings"),
            ("notice", "off-label"),
            ("stats", "65.8%"),
            ("call_to_action", "Book a consultation"),
            # Nothing to choose from: these show nothing (a table of no study is no table).
            ("evidence_table", ""),
            ("testimonial", ""),
            ("program_cards", ""),
            ("related_articles", ""),
        ],
    )
    def test_preview_on_an_empty_library_shows_no_missing_record(self, home_page, name, expected_text):
        block = ConditionStreamBlock().child_blocks[name]

        html = soup(block.render(block.get_preview_value()))

        text = " ".join(html.get_text().split())
        if expected_text:
            assert expected_text in text
        else:
            assert text == ""
        assert html.select("tbody tr") == []


def validation_error(block, value):
    """The ValidationError `block.clean(value)` raises, or None."""
    try:
        block.clean(value)
    except ValidationError as error:
        return error
    return None


class TestConditionStreamBlock:
    def test_one_related_articles_list_is_allowed(self):
        block = ConditionStreamBlock()
        raw = [heading_block("Read more"), related_articles_block()]
        assert len(block.clean(block.to_python(raw))) == 2

    def test_a_second_related_articles_list_is_refused(self):
        block = ConditionStreamBlock()
        raw = [related_articles_block(), related_articles_block()]

        with pytest.raises(StreamBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))

        messages = " ".join(excinfo.value.non_block_errors)
        assert "Related articles" in messages
        assert "maximum number of items is 1" in messages

    def test_error_in_a_nested_block_reaches_the_field(self):
        block = ConditionStreamBlock()
        raw = [heading_block("Fine"), evidence_table_block(None)]
        with pytest.raises(StreamBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))

        assert set(excinfo.value.block_errors) == {1}
        row_errors = excinfo.value.block_errors[1].block_errors["rows"].block_errors[0]
        assert row_errors.block_errors["study"].messages == ["Choose the study this row presents."]

    def test_query_count_does_not_grow_with_the_number_of_blocks(
        self, make_study, make_testimonial, make_treatment, django_assert_num_queries
    ):
        studies = [make_study() for _ in range(10)]
        testimonial = make_testimonial()
        program = make_treatment()

        def stream(copies):
            items = []
            for study in studies[:copies]:
                items += [
                    stats_block(stat(study, figure="50")),
                    evidence_table_block(study),
                    chosen_testimonial_block(testimonial),
                    program_cards_block(program),
                ]
            return items

        block = ConditionStreamBlock()
        block.render(block.to_python(stream(1)))  # warm the site cache used for page URLs
        # One query per block type that chooses from a library: the stats' studies, the
        # table's studies, the testimonials and the programs.
        with django_assert_num_queries(4):
            html = soup(block.render(block.to_python(stream(1))))
        assert len(html.find_all("table")) == 1
        with django_assert_num_queries(4):
            html = soup(block.render(block.to_python(stream(10))))
        assert len(html.find_all("table")) == 10
        assert len(html.find_all("blockquote")) == 10
        assert len(html.select(".stat")) == 10
        assert len(html.select("li.card")) == 10
