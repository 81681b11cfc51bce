"""The story blocks: a testimonial from the library, and related articles; tested without a page."""

import datetime

from django.test import RequestFactory

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from stories.blocks import RelatedArticlesBlock, TestimonialBlock

pytestmark = pytest.mark.django_db


def soup(html):
    return BeautifulSoup(str(html), "html.parser")


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


class TestTestimonialBlockRender:
    def render(self, testimonial_pk):
        block = TestimonialBlock()
        return block.render(block.to_python({"testimonial": testimonial_pk}))

    def test_renders_quote_attribution_and_notice(self, make_testimonial):
        testimonial = make_testimonial(quote="This place saved my life.", attribution="Adelle P")
        html = soup(self.render(testimonial.pk))

        figure = html.find("figure")
        assert figure.blockquote.get_text(strip=True) == "This place saved my life."
        assert figure.figcaption.get_text(strip=True) == "Adelle P, patient"
        assert "Individual results vary" in html.select_one(".testimonial__notice").get_text()

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


def raw_related(**fields):
    raw = {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3}
    raw.update(fields)
    return raw


class TestRelatedArticlesBlockClean:
    def test_chosen_mode_without_articles_is_an_error_on_articles(self):
        block = RelatedArticlesBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_related(mode="chosen", articles=[])))
        assert set(excinfo.value.block_errors) == {"articles"}

    def test_chosen_mode_with_an_article_is_valid(self, make_article):
        article = make_article()
        block = RelatedArticlesBlock()
        value = block.clean(block.to_python(raw_related(mode="chosen", articles=[article.pk])))
        assert list(value["articles"]) == [article]

    def test_latest_mode_needs_no_articles(self):
        block = RelatedArticlesBlock()
        assert block.clean(block.to_python(raw_related(mode="latest")))["mode"] == "latest"

    @pytest.mark.parametrize("count", [0, 13])
    def test_count_is_between_one_and_twelve(self, count):
        block = RelatedArticlesBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_related(count=count)))
        assert set(excinfo.value.block_errors) == {"count"}


class TestRelatedArticlesBlockRender:
    def render(self, raw, **context):
        block = RelatedArticlesBlock()
        return block.render(block.to_python(raw), context)

    def titles(self, html):
        return [a.get_text(strip=True) for a in soup(html).select(".card__title a")]

    def test_latest_lists_live_articles_about_the_condition_newest_first(self, make_condition, make_article):
        condition = make_condition(title="Alcohol", slug="alcohol")
        other_condition = make_condition(title="Opioids", slug="opioids")
        make_article("Older", date=datetime.date(2026, 1, 1), conditions=[condition])
        make_article("Newer", date=datetime.date(2026, 3, 1), conditions=[condition])
        make_article("Draft", date=datetime.date(2026, 4, 1), conditions=[condition], live=False)
        make_article("About opioids", date=datetime.date(2026, 4, 1), conditions=[other_condition])
        make_article("About nothing", date=datetime.date(2026, 4, 1))

        html = self.render(raw_related(), page=condition)

        assert self.titles(html) == ["Newer", "Older"]

    def test_latest_excludes_private_articles(self, make_condition, make_article):
        condition = make_condition()
        make_article("Public", conditions=[condition])
        private = make_article("Private", conditions=[condition])
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        assert self.titles(self.render(raw_related(), page=condition)) == ["Public"]

    def test_chosen_excludes_private_articles(self, make_condition, make_article):
        condition = make_condition()
        public = make_article("Public")
        private = make_article("Private")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        html = self.render(raw_related(mode="chosen", articles=[private.pk, public.pk]), page=condition)

        assert self.titles(html) == ["Public"]

    def test_latest_shows_at_most_count(self, make_condition, make_article):
        condition = make_condition()
        for day in range(1, 6):
            make_article(f"Day {day}", date=datetime.date(2026, 1, day), conditions=[condition])

        html = self.render(raw_related(count=2), page=condition)

        assert self.titles(html) == ["Day 5", "Day 4"]

    def test_latest_excludes_the_page_itself(self, make_article):
        this = make_article("This article", date=datetime.date(2026, 5, 1))
        make_article("Another article", date=datetime.date(2026, 4, 1))

        assert self.titles(self.render(raw_related(), page=this)) == ["Another article"]

    def test_card_links_to_the_article_with_date_and_standfirst(self, make_condition, make_article):
        condition = make_condition()
        article = make_article(
            "Ketamine and alcohol",
            date=datetime.date(2026, 2, 3),
            intro="What the research says.",
            conditions=[condition],
        )

        html = soup(self.render(raw_related(heading="Read more"), page=condition))

        assert html.section.h2.get_text(strip=True) == "Read more"
        card = html.select_one("li.card")
        assert card.a["href"] == article.url
        assert card.time["datetime"] == "2026-02-03"
        assert card.time.get_text(strip=True) == "February 3, 2026"
        assert card.select_one(".card__text").get_text(strip=True) == "What the research says."

    def test_chosen_lists_live_articles_in_the_chosen_order(self, make_condition, make_article):
        condition = make_condition()
        first = make_article("First chosen", date=datetime.date(2026, 1, 1))
        second = make_article("Second chosen", date=datetime.date(2026, 3, 1))
        draft = make_article("Draft chosen", live=False)
        make_article("Not chosen", conditions=[condition])

        raw = raw_related(mode="chosen", articles=[first.pk, draft.pk, second.pk])
        html = self.render(raw, page=condition)

        assert self.titles(html) == ["First chosen", "Second chosen"]

    def test_empty_list_renders_no_section_for_visitors(self, make_condition):
        condition = make_condition()
        request = RequestFactory().get("/")

        html = self.render(raw_related(), page=condition, request=request)

        assert html.strip() == ""

    def test_empty_list_explains_itself_in_the_editor_preview(self, make_condition):
        condition = make_condition()
        request = RequestFactory().get("/")
        request.is_preview = True

        html = soup(self.render(raw_related(), page=condition, request=request))

        assert html.find("section") is None
        assert "No articles to list yet" in html.get_text()

    def test_latest_query_count_does_not_grow_with_the_articles(
        self, make_condition, make_article, django_assert_num_queries
    ):
        condition = make_condition()
        for day in range(1, 6):
            make_article(f"Day {day}", date=datetime.date(2026, 1, day), conditions=[condition])
        block = RelatedArticlesBlock()
        one, five = block.to_python(raw_related(count=1)), block.to_python(raw_related(count=5))
        block.render(one, {"page": condition})  # warm the site root paths cache

        # .public() reads the view restrictions, then one query lists the articles.
        with django_assert_num_queries(2):
            html = block.render(one, {"page": condition})
        assert len(self.titles(html)) == 1
        with django_assert_num_queries(2):
            html = block.render(five, {"page": condition})
        assert len(self.titles(html)) == 5


class TestRelatedArticlesBlockPreview:
    def test_preview_lists_the_latest_articles(self, make_article):
        make_article("Latest of all")
        block = RelatedArticlesBlock()
        assert block.is_previewable
        assert [
            a.get_text(strip=True) for a in soup(block.render(block.get_preview_value())).select("a")
        ] == ["Latest of all"]
