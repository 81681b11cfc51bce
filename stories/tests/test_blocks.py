"""The story blocks: a testimonial from the library, and related articles; tested without a page."""

import datetime
from types import SimpleNamespace

from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from home.tests.factories import ConditionFactory
from stories.blocks import RelatedArticlesBlock, TestimonialBlock

from .factories import PersonFactory
from .support import card_titles, make_private, related_articles_value, soup

pytestmark = pytest.mark.django_db


class TestTestimonialBlockClean:
    def clean_error(self, testimonial_pk):
        block = TestimonialBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"testimonial": testimonial_pk}))
        assert set(excinfo.value.block_errors) == {"testimonial"}
        [message] = excinfo.value.block_errors["testimonial"].messages
        return message

    def test_live_consented_testimonial_is_valid(self, make_testimonial):
        testimonial = make_testimonial()
        block = TestimonialBlock()
        assert block.clean(block.to_python({"testimonial": testimonial.pk}))["testimonial"] == testimonial

    def test_testimonial_without_consent_is_rejected(self, make_testimonial):
        message = self.clean_error(make_testimonial(consent=False).pk)
        assert "no recorded patient consent" in message

    def test_testimonial_with_consent_date_but_no_recorder_is_rejected(self, make_testimonial):
        testimonial = make_testimonial(consent=False, consent_date=datetime.date(2026, 1, 1))
        assert "no recorded patient consent" in self.clean_error(testimonial.pk)

    def test_unpublished_testimonial_is_rejected(self, make_testimonial):
        message = self.clean_error(make_testimonial(live=False).pk)
        assert "not published" in message

    def test_missing_testimonial_is_rejected(self):
        assert self.clean_error(None) == "Choose a testimonial."

    def test_deleted_testimonial_is_rejected(self, make_testimonial):
        testimonial = make_testimonial()
        pk = testimonial.pk
        testimonial.delete()
        assert self.clean_error(pk) == "Choose a testimonial."

    def test_testimonial_whose_consent_expired_is_rejected_with_the_date(self, make_testimonial):
        testimonial = make_testimonial(
            consent_date=datetime.date(2024, 1, 1), consent_expires=datetime.date(2025, 1, 1)
        )
        assert self.clean_error(testimonial.pk) == (
            "The patient's consent for this testimonial expired on January 1, 2025."
        )

    def test_consent_that_ends_today_is_rejected(self, make_testimonial):
        today = timezone.localdate()
        testimonial = make_testimonial(consent_expires=today)
        assert self.clean_error(testimonial.pk) == (
            f"The patient's consent for this testimonial expired on {today:%B %-d, %Y}."
        )

    def test_consent_that_ends_tomorrow_is_valid(self, make_testimonial):
        testimonial = make_testimonial(consent_expires=timezone.localdate() + datetime.timedelta(days=1))
        block = TestimonialBlock()
        assert block.clean(block.to_python({"testimonial": testimonial.pk}))["testimonial"] == testimonial


class TestTestimonialBlockContentWarnings:
    """What the page's content checks hear from the block: a testimonial visitors will not see."""

    def warnings(self, testimonial_pk):
        block = TestimonialBlock()
        return block.content_warnings(block.to_python({"testimonial": testimonial_pk}))

    def test_a_testimonial_that_may_be_shown_raises_no_warning(self, make_testimonial):
        assert self.warnings(make_testimonial().pk) == []

    @pytest.mark.parametrize(
        "fields",
        [
            {"live": False},
            {"consent": False},
            {"consent_date": datetime.date(2024, 1, 1), "consent_expires": datetime.date(2025, 1, 1)},
        ],
        ids=["draft", "no consent", "consent expired"],
    )
    def test_a_testimonial_visitors_will_not_see_is_a_warning(self, make_testimonial, fields):
        [warning] = self.warnings(make_testimonial(**fields).pk)
        assert "visitors will not see it" in warning

    def test_a_deleted_testimonial_is_a_warning(self, make_testimonial):
        testimonial = make_testimonial()
        pk = testimonial.pk
        testimonial.delete()
        assert len(self.warnings(pk)) == 1


class TestTestimonialBlockRender:
    def render(self, testimonial_pk):
        block = TestimonialBlock()
        return block.render(block.to_python({"testimonial": testimonial_pk}))

    def test_renders_quote_attribution_and_disclosure(self, make_testimonial):
        testimonial = make_testimonial(quote="This place saved my life.", attribution="Adelle P")
        html = soup(self.render(testimonial.pk))

        figure = html.find("figure")
        assert figure.blockquote.get_text(strip=True) == "This place saved my life."
        assert figure.figcaption.select_one(".testimonial__attribution").get_text(strip=True) == (
            "Adelle P, patient"
        )
        assert "not a typical or promised result" in figure.figcaption.get_text()

    def test_quote_is_escaped(self, make_testimonial):
        testimonial = make_testimonial(quote="<b>Bold</b> claim")
        html = soup(self.render(testimonial.pk))
        assert html.blockquote.find("b") is None
        assert "<b>Bold</b> claim" in html.blockquote.get_text()

    @pytest.mark.parametrize(("live", "consent"), [(False, True), (True, False)])
    def test_renders_nothing_unless_live_with_consent(self, make_testimonial, live, consent):
        # A testimonial unpublished (or its consent withdrawn) after the page was published.
        testimonial = make_testimonial(live=live, consent=consent, quote="Hidden words.")
        assert self.render(testimonial.pk).strip() == ""

    def test_renders_nothing_when_the_testimonial_was_deleted(self, make_testimonial):
        testimonial = make_testimonial()
        pk = testimonial.pk
        testimonial.delete()
        assert self.render(pk).strip() == ""


class TestTestimonialBlockWithdrawnConsent:
    """A testimonial whose patient withdrew consent after the page was saved."""

    @pytest.fixture
    def withdrawn(self, make_testimonial):
        testimonial = make_testimonial(quote="Withdrawn words.", consent_date=datetime.date(2025, 1, 10))
        testimonial.withdraw_consent(datetime.date(2025, 2, 3), "Dr Lee")
        return testimonial

    def test_is_rejected_with_the_date(self, withdrawn):
        block = TestimonialBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({"testimonial": withdrawn.pk}))
        [message] = excinfo.value.block_errors["testimonial"].messages
        assert message == "The patient withdrew consent for this testimonial on February 3, 2025."

    def test_renders_nothing_and_warns(self, withdrawn):
        block = TestimonialBlock()
        value = block.to_python({"testimonial": withdrawn.pk})
        assert block.render(value).strip() == ""
        [warning] = block.content_warnings(value)
        assert "withdrawn" in warning


class TestTestimonialBlockDraftValues:
    """What a draft may hold renders without error: the one field blank, or a record since deleted."""

    @pytest.mark.parametrize("raw", [{}, {"testimonial": None}, {"testimonial": 999_999}])
    def test_renders_nothing(self, raw):
        block = TestimonialBlock()
        value = block.to_python(raw)
        assert block.render(value).strip() == ""
        assert len(block.content_warnings(value)) == 1
        assert block.get_searchable_content(value) == []


class TestTestimonialBlockPreview:
    def test_preview_shows_a_testimonial_that_may_be_shown(self, make_testimonial):
        make_testimonial(attribution="Aaron A", consent=False)
        make_testimonial(attribution="Abby B", live=False)
        make_testimonial(attribution="Zoe Z", quote="Shown in the picker.")
        block = TestimonialBlock()

        assert block.is_previewable
        html = soup(block.render(block.get_preview_value()))
        assert html.blockquote.get_text(strip=True) == "Shown in the picker."

    def test_preview_without_testimonials_renders_nothing(self):
        block = TestimonialBlock()
        assert block.render(block.get_preview_value()).strip() == ""


def listed_titles(html):
    """The titles of the article cards a RelatedArticlesBlock rendered."""
    return card_titles(soup(html), scope="section")


def on_a_page_about(condition, pk=None):
    """The page a block renders on, as RelatedArticlesBlock sees it: a pk, and the `condition_id`
    a condition page has. The block knows no page type, so neither does the test."""
    return SimpleNamespace(pk=pk, condition_id=condition.pk if condition else None)


class TestRelatedArticlesBlockClean:
    def test_chosen_mode_without_articles_is_an_error_on_articles(self):
        block = RelatedArticlesBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(related_articles_value(mode="chosen", articles=[])))
        assert set(excinfo.value.block_errors) == {"articles"}

    def test_chosen_mode_with_an_article_is_valid(self, make_article):
        article = make_article()
        block = RelatedArticlesBlock()
        value = block.clean(block.to_python(related_articles_value(mode="chosen", articles=[article.pk])))
        assert list(value["articles"]) == [article]

    def test_latest_mode_needs_no_articles(self):
        block = RelatedArticlesBlock()
        assert block.clean(block.to_python(related_articles_value(mode="latest")))["mode"] == "latest"

    @pytest.mark.parametrize("count", [0, 13])
    def test_count_is_between_one_and_twelve(self, count):
        block = RelatedArticlesBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(related_articles_value(count=count)))
        assert set(excinfo.value.block_errors) == {"count"}


class TestRelatedArticlesBlockRender:
    def render(self, raw, **context):
        block = RelatedArticlesBlock()
        return block.render(block.to_python(raw), context)

    @pytest.fixture
    def alcohol(self, db):
        return ConditionFactory(name="Alcohol use disorder", slug="alcohol")

    def test_latest_lists_live_articles_about_the_pages_condition_newest_first(self, make_article, alcohol):
        opioids = ConditionFactory(name="Opioid use disorder")
        make_article("Older", date=datetime.date(2026, 1, 1), conditions=[alcohol])
        make_article("Newer", date=datetime.date(2026, 3, 1), conditions=[alcohol, opioids])
        make_article("Draft", date=datetime.date(2026, 4, 1), conditions=[alcohol], live=False)
        make_article("About opioids", date=datetime.date(2026, 4, 1), conditions=[opioids])
        make_article("About nothing", date=datetime.date(2026, 4, 1))

        html = self.render(related_articles_value(), page=on_a_page_about(alcohol))

        assert listed_titles(html) == ["Newer", "Older"]

    def test_latest_on_a_page_without_a_condition_lists_the_latest_of_all(self, make_article, alcohol):
        make_article("About alcohol", date=datetime.date(2026, 1, 1), conditions=[alcohol])
        make_article("About nothing", date=datetime.date(2026, 2, 1))

        html = self.render(related_articles_value(), page=on_a_page_about(None))

        assert listed_titles(html) == ["About nothing", "About alcohol"]

    def test_latest_excludes_private_articles(self, make_article, alcohol):
        make_article("Public", conditions=[alcohol])
        make_private(make_article("Private", conditions=[alcohol]))

        html = self.render(related_articles_value(), page=on_a_page_about(alcohol))

        assert listed_titles(html) == ["Public"]

    def test_chosen_excludes_private_articles(self, make_article, alcohol):
        public = make_article("Public")
        private = make_article("Private")
        make_private(private)

        raw = related_articles_value(mode="chosen", articles=[private.pk, public.pk])
        html = self.render(raw, page=on_a_page_about(alcohol))

        assert listed_titles(html) == ["Public"]

    def test_latest_shows_at_most_count(self, make_article, alcohol):
        for day in range(1, 6):
            make_article(f"Day {day}", date=datetime.date(2026, 1, day), conditions=[alcohol])

        html = self.render(related_articles_value(count=2), page=on_a_page_about(alcohol))

        assert listed_titles(html) == ["Day 5", "Day 4"]

    def test_latest_excludes_the_page_itself(self, make_article, alcohol):
        this = make_article("This article", date=datetime.date(2026, 5, 1), conditions=[alcohol])
        make_article("Another article", date=datetime.date(2026, 4, 1), conditions=[alcohol])

        html = self.render(related_articles_value(), page=on_a_page_about(alcohol, pk=this.pk))

        assert listed_titles(html) == ["Another article"]

    def test_card_links_to_the_article_with_date_and_standfirst(self, make_article, alcohol):
        article = make_article(
            "Ketamine and alcohol",
            date=datetime.date(2026, 2, 3),
            intro="What the research says.",
            conditions=[alcohol],
        )

        html = soup(self.render(related_articles_value(heading="Read more"), page=on_a_page_about(alcohol)))

        assert html.section.h2.get_text(strip=True) == "Read more"
        card = html.select_one("li.card")
        assert card.a["href"] == article.url
        assert card.time["datetime"] == "2026-02-03"
        assert card.time.get_text(strip=True) == "February 3, 2026"
        assert card.select_one(".card__text").get_text(strip=True) == "What the research says."

    def test_chosen_lists_live_articles_in_the_chosen_order(self, make_article, alcohol):
        first = make_article("First chosen", date=datetime.date(2026, 1, 1))
        second = make_article("Second chosen", date=datetime.date(2026, 3, 1))
        draft = make_article("Draft chosen", live=False)
        make_article("Not chosen", conditions=[alcohol])

        raw = related_articles_value(mode="chosen", articles=[first.pk, draft.pk, second.pk])
        html = self.render(raw, page=on_a_page_about(alcohol))

        assert listed_titles(html) == ["First chosen", "Second chosen"]

    def test_empty_list_renders_no_section_for_visitors(self, make_article, alcohol):
        make_article("About nothing")
        request = RequestFactory().get("/")

        html = self.render(related_articles_value(), page=on_a_page_about(alcohol), request=request)

        assert html.strip() == ""

    def test_empty_list_explains_itself_in_the_editor_preview(self, alcohol):
        request = RequestFactory().get("/")
        request.is_preview = True

        html = soup(self.render(related_articles_value(), page=on_a_page_about(alcohol), request=request))

        assert html.find("section") is None
        assert "No articles to list yet" in html.get_text()

    @pytest.mark.parametrize("with_media", [False, True], ids=["plain", "author-and-image"])
    def test_latest_query_count_does_not_grow_with_the_articles(
        self, make_article, make_image, alcohol, django_assert_num_queries, with_media
    ):
        author = PersonFactory()
        for day in range(1, 6):
            media = {"author": author, "hero_image": make_image(), "hero_alt": "A"} if with_media else {}
            make_article(f"Day {day}", date=datetime.date(2026, 1, day), conditions=[alcohol], **media)
        block = RelatedArticlesBlock()
        one = block.to_python(related_articles_value(count=1))
        five = block.to_python(related_articles_value(count=5))
        page = on_a_page_about(alcohol)
        block.render(five, {"page": page})  # makes the renditions

        def render(value):
            # With a cold cache, which would otherwise hand out the renditions (and hide a query per image).
            cache.clear()
            with django_assert_num_queries(expected):
                return block.render(value, {"page": page})

        # The site root paths, the view restrictions (.public()), then one query lists the
        # articles with their authors; the hero images and their renditions take one query each.
        expected = 5 if with_media else 3
        assert len(listed_titles(render(one))) == 1
        html = render(five)
        assert len(listed_titles(html)) == 5
        if with_media:
            assert len(soup(html).select("img.card__image")) == 5
            assert author.name in soup(html).get_text()


class TestRelatedArticlesBlockDraftValues:
    """Each required field left blank, a deleted article, an empty list: the block still renders."""

    def render(self, raw, page=None):
        block = RelatedArticlesBlock()
        return block.render(block.to_python(raw), {"page": page})

    @pytest.fixture
    def five(self, make_article):
        return [make_article(f"Day {day}", date=datetime.date(2026, 1, day)) for day in range(1, 6)]

    def test_a_blank_heading_shows_the_default_heading(self, five):
        html = soup(self.render(related_articles_value(heading="")))
        assert html.section.h2.get_text(strip=True) == "Related articles"
        assert len(listed_titles(str(html))) == 3

    def test_a_blank_count_shows_the_default_number(self, five):
        assert listed_titles(self.render(related_articles_value(count=None))) == ["Day 5", "Day 4", "Day 3"]

    def test_a_blank_mode_lists_the_latest(self, five):
        assert listed_titles(self.render(related_articles_value(mode=""))) == ["Day 5", "Day 4", "Day 3"]

    def test_a_blank_mode_with_nothing_chosen_lists_the_latest(self, five):
        assert len(listed_titles(self.render(related_articles_value(mode=None, articles=[])))) == 3

    def test_deleted_and_blank_chosen_articles_are_left_out(self, five):
        gone = five[0].pk
        five[0].delete()
        raw = related_articles_value(mode="chosen", articles=[gone, None, five[2].pk])
        assert listed_titles(self.render(raw)) == ["Day 3"]

    def test_an_empty_chosen_list_renders_nothing(self, five):
        assert self.render(related_articles_value(mode="chosen", articles=[])).strip() == ""

    def test_every_field_blank(self, five):
        raw = {"heading": "", "mode": "", "articles": [], "count": None}
        html = soup(self.render(raw))
        assert html.section.h2.get_text(strip=True) == "Related articles"
        assert len(listed_titles(str(html))) == 3

    def test_nothing_stored_at_all(self, five):
        html = soup(self.render({}))
        assert html.section.h2.get_text(strip=True) == "Related articles"
        assert len(listed_titles(str(html))) == 3


class TestRelatedArticlesBlockPreview:
    def test_preview_lists_the_latest_articles(self, make_article):
        make_article("Older", date=datetime.date(2026, 1, 1))
        make_article("Latest of all", date=datetime.date(2026, 2, 1))
        block = RelatedArticlesBlock()
        assert block.is_previewable
        assert listed_titles(block.render(block.get_preview_value())) == ["Latest of all", "Older"]
