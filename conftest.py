"""Fixtures shared by every app's tests: the page tree the site expects, the people who use the
admin (each with their real groups), and factories for library records and pages.

The factories live in each app's tests/factories.py; the `make_*` fixtures here put the pages
they make in the right place of the tree.
"""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Page, Site

import pytest

from conditions.tests.factories import (
    ConditionIndexPageFactory,
    ConditionPageFactory,
    TreatmentIndexPageFactory,
    TreatmentPageFactory,
)
from evidence.tests.factories import StudyFactory
from home.tests.factories import HomePageFactory
from stories.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    PersonFactory,
    TestimonialFactory,
)

PASSWORD = "test-password"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site as `load_demo_content` builds it, loaded once for a test module (building it
    takes seconds) and rolled back after the module's last test. Ask for `demo`, not this."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    """The demo site, for one test: what the test changes is rolled back after it (the `db`
    fixture's savepoint inside the module's transaction), and the cache starts empty."""
    cache.clear()


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a plain welcome page at /; replace it.
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def condition_index(home_page):
    return ConditionIndexPageFactory(parent=home_page)


@pytest.fixture
def treatment_index(home_page):
    return TreatmentIndexPageFactory(parent=home_page)


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def roles(home_page, condition_index, treatment_index, article_index):
    """The site's groups and the Medical review workflow, as `setup_editorial_roles` makes them."""
    call_command("setup_editorial_roles", stdout=StringIO())


def member_of(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("superuser", "superuser@example.com", PASSWORD)


@pytest.fixture
def editor(roles, django_user_model):
    """A marketing editor: in the Editors group, not a superuser."""
    return member_of(django_user_model, "editor", "Editors")


@pytest.fixture
def reviewer(roles, django_user_model):
    """A medical reviewer: in the Medical reviewers group, with the People entry the byline names."""
    user = member_of(django_user_model, "reviewer", "Medical reviewers")
    PersonFactory(name="Dana Reviewer", credentials="MD", role="Medical director", user=user)
    return user


def logged_in(user):
    """A browser of the user's own: a test may have several people at once."""
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def superuser_client(superuser):
    return logged_in(superuser)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def media(settings, tmp_path):
    """Images and renditions go to a temporary folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path
    # Wagtail caches renditions by image id, and an earlier test's image may have had this one's.
    cache.clear()
    return tmp_path


@pytest.fixture
def make_image(media):
    """make(title="Calm room", size=(1600, 1200), description=""): a JPEG in the image library, its
    file and renditions written to a temporary folder."""

    def make(title="Calm room", size=(1600, 1200), description=""):
        return get_image_model().objects.create(
            title=title, description=description, file=get_test_image_file_jpeg("image.jpg", size=size)
        )

    return make


@pytest.fixture
def make_study(db):
    return StudyFactory


@pytest.fixture
def make_testimonial(db):
    def make(consent=True, **fields):
        return TestimonialFactory(without_consent=not consent, **fields)

    return make


@pytest.fixture
def make_treatment(treatment_index):
    def make(title="Ketamine + Therapy", **fields):
        return TreatmentPageFactory(parent=treatment_index, title=title, **fields)

    return make


@pytest.fixture
def make_article(article_index):
    def make(title="An article", **fields):
        return ArticlePageFactory(parent=article_index, title=title, **fields)

    return make


@pytest.fixture
def make_condition(condition_index):
    def make(title="Ketamine for Substance Use Disorder", **fields):
        """body: the stream in its raw form, a list of {"type": ..., "value": ...} dicts."""
        return ConditionPageFactory(parent=condition_index, title=title, **fields)

    return make
