"""What the stories tests (and the search tests) share: reading a page as HTML, stream items in the
raw form a page's body stores, and hiding a page from the public.

Records and pages come from the factories (stories/tests/factories.py, home/tests/factories.py)
and the `make_*` fixtures in the root conftest.py.
"""

import datetime

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup

START = datetime.date(2025, 1, 1)


def soup(response_or_html):
    """The HTML of a response (which must be a 200) or of a rendered string, parsed."""
    if hasattr(response_or_html, "status_code"):
        assert response_or_html.status_code == 200, response_or_html.status_code
        response_or_html = response_or_html.content.decode()
    return BeautifulSoup(str(response_or_html), "html.parser")


def card_titles(html, scope="ul.cards"):
    """The titles of the article cards in `scope`, in the order shown."""
    return [a.get_text(strip=True) for a in html.select(f"{scope} li.card .card__title a")]


def day(n):
    """The nth day after START, for articles whose order is their date."""
    return START + datetime.timedelta(days=n)


def make_private(page, password=None):
    """Hide `page` (and what is below it) from the public: behind a login, or a password if given."""
    if password:
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
        )
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def tag(article, *names):
    """Tag a saved article; the tags are kept only once the page is saved (a ClusterTaggableManager)."""
    article.tags.add(*names)
    article.save()
    return article


# Stream items as a page's body stores them: {"type": ..., "value": ...}.


def text_block(html):
    return {"type": "text", "value": html}


def heading_block(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def chosen_testimonial(testimonial):
    return {"type": "testimonial", "value": {"testimonial": testimonial.pk}}


def related_articles_value(**fields):
    """A RelatedArticlesBlock's raw value: the latest three articles unless `fields` say otherwise."""
    value = {"heading": "Related articles", "mode": "latest", "articles": [], "count": 3}
    value.update(fields)
    return value


def related_articles_block(**fields):
    return {"type": "related_articles", "value": related_articles_value(**fields)}
