"""The full-page cache (home/page_cache.py): anonymous visitors are answered from it, nobody else is,
and every change that alters what a visitor sees is seen on the very next request.

Changes are made inside `committed()`, which runs the on-commit callbacks as a real commit would:
the cache learns of a change when its transaction commits, never before.
"""

import datetime
import http.server
import threading

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from conditions.tests.support import chosen_testimonial_block, evidence_table_block
from home import page_cache
from home.models import ClinicSettings, ReusableContent
from home.tests.factories import StandardPageFactory
from stories.tests.factories import PersonFactory

from .support import production_settings, settle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def visit(path):
    """An anonymous visitor's first request: a fresh browser, with no cookie."""
    response = Client().get(path)
    return response, response.content.decode()


def state(path):
    return visit(path)[0].get(page_cache.HEADER)


@pytest.fixture
def article(make_article):
    return make_article("Ketamine and sleep", intro="What the research says about sleep.")


class TestWhatIsCached:
    def test_a_second_visitor_is_answered_from_the_cache_without_a_query(
        self, article, django_assert_num_queries
    ):
        first, first_html = visit(article.url)
        with django_assert_num_queries(0):
            second, second_html = visit(article.url)

        assert (first.status_code, first[page_cache.HEADER]) == (200, "miss")
        assert (second.status_code, second[page_cache.HEADER]) == (200, "hit")
        assert second_html == first_html
        assert "Ketamine and sleep" in second_html

    def test_browsers_are_told_not_to_keep_the_page(self, article):
        response, _ = visit(article.url)

        assert response["Cache-Control"] == "max-age=0"
        assert "Cookie" in response["Vary"]

    def test_a_visitor_with_a_cookie_is_never_answered_from_it(self, article):
        visit(article.url)
        response = Client(HTTP_COOKIE="anything=1").get(article.url)

        assert response.status_code == 200
        assert page_cache.HEADER not in response

    def test_an_editor_is_never_answered_from_it_nor_fills_it(self, article, editor_client):
        editor_page = editor_client.get(article.url)

        assert page_cache.HEADER not in editor_page
        assert state(article.url) == "miss"

    def test_a_query_string_is_never_cached(self, article):
        visit(article.url + "?page=2")

        assert page_cache.HEADER not in Client().get(article.url + "?page=2")
        assert page_cache.HEADER not in Client().get("/search/?q=sleep")

    def test_a_page_behind_a_password_is_never_cached(self, article):
        PageViewRestriction.objects.create(page=article, restriction_type="password", password="pw")

        for _ in range(2):
            response, html = visit(article.url)
            assert response.status_code == 200
            assert "What the research says about sleep." not in html
            assert page_cache.HEADER not in response
            assert response.cookies  # the form's CSRF cookie: why it is not cached

    def test_a_missing_page_is_not_cached(self, home_page):
        assert visit("/no-such-page/")[0].status_code == 404
        assert page_cache.HEADER not in visit("/no-such-page/")[0]

    def test_off_unless_configured(self, settings, article):
        settings.PAGE_CACHE_SECONDS = 0

        assert page_cache.HEADER not in visit(article.url)[0]
        assert page_cache.HEADER not in visit(article.url)[0]


class TestOneRenderAtATime:
    """A page not in the cache is rendered by the first request to ask for it; a request asking
    meanwhile (on any server) waits for that render's entry instead of rendering it too."""

    @pytest.fixture
    def claim(self, rf, article):
        """The article's entry and fill claim, as another server rendering it would hold them."""
        key = page_cache.cache_key(rf.get(article.url), page_cache.current_generation())
        lock = f"page-cache-fill:{key}"
        assert page_cache.store().add(lock, 1, timeout=60)
        return key, lock

    def later(self, action):
        timer = threading.Timer(0.3, action)
        timer.start()
        return timer

    def test_a_visitor_is_given_the_page_the_other_request_rendered(
        self, article, claim, django_assert_num_queries
    ):
        key, lock = claim
        timer = self.later(lambda: page_cache.store().set(key, HttpResponse("Rendered elsewhere"), 60))
        with django_assert_num_queries(0):
            response, html = visit(article.url)
        timer.join()

        assert (response.status_code, response[page_cache.HEADER], html) == (200, "hit", "Rendered elsewhere")

    def test_a_visitor_renders_it_when_the_other_request_stores_nothing(self, article, claim):
        key, lock = claim
        timer = self.later(lambda: page_cache.store().delete(lock))
        response, html = visit(article.url)
        timer.join()

        assert (response.status_code, response[page_cache.HEADER]) == (200, "miss")
        assert "Ketamine and sleep" in html
        assert page_cache.store().get(key) is not None

    def test_a_visitor_renders_it_when_the_wait_runs_out(self, settings, article, claim):
        settings.PAGE_CACHE_FILL_WAIT_SECONDS = 0.3
        response, html = visit(article.url)

        assert (response.status_code, response[page_cache.HEADER]) == (200, "miss")
        assert "Ketamine and sleep" in html

    def test_a_render_gives_up_its_claim_when_it_ends(self, article, home_page):
        for path in (article.url, "/no-such-page/"):
            key = page_cache.cache_key(RequestFactory().get(path), page_cache.current_generation())
            visit(path)

            assert page_cache.store().get(f"page-cache-fill:{key}") is None

    def test_a_page_that_cannot_be_cached_is_remembered_so_no_one_waits_for_it(self, article, claim):
        key, lock = claim
        PageViewRestriction.objects.create(page=article, restriction_type="password", password="pw")
        timer = self.later(lambda: page_cache.store().delete(lock))
        visit(article.url)  # waits for the claim, then renders: a password form, not cacheable
        timer.join()
        assert page_cache.store().get(key) == page_cache.UNCACHEABLE

        # Claimed again, the next visitor would wait a minute if it did not know.
        assert page_cache.store().add(lock, 1, timeout=60)
        response, html = visit(article.url)

        assert response.status_code == 200
        assert page_cache.HEADER not in response
        assert 'type="password"' in html


def warm(path):
    # The first render may save something of its own (the site's settings row, made on first
    # use), which a real request commits at once.
    visit(path)
    settle()
    visit(path)
    assert state(path) == "hit"


def disclaimer(text):
    return [{"type": "notice", "value": {"kind": "disclaimer", "heading": "", "text": f"<p>{text}</p>"}}]


def reusable_content_on_pages(home_page):
    """A published disclaimer shown on two pages, both in the cache."""
    item = ReusableContent.objects.create(name="Off-label disclaimer", body=disclaimer("Off-label use."))
    pages = [
        StandardPageFactory(
            parent=home_page, title=title, body=[{"type": "reusable_content", "value": item.pk}]
        )
        for title in ("About the clinic", "Fees")
    ]
    for page in pages:
        warm(page.url)
        assert "Off-label use." in visit(page.url)[1]
    return pages, item


class TestEveryChangeIsSeenAtOnce:
    def test_publishing_a_new_revision(self, article, committed):
        warm(article.url)

        with committed():
            article.title = "Ketamine and better sleep"
            article.save_revision().publish()

        response, html = visit(article.url)
        assert response[page_cache.HEADER] == "miss"
        assert "Ketamine and better sleep" in html

    def test_publishing_a_page_reaches_the_pages_that_list_it(
        self, article, article_index, make_article, committed
    ):
        warm(article_index.url)

        with committed():
            draft = make_article("A new article about naps", live=False)
            draft.save_revision().publish()

        assert "A new article about naps" in visit(article_index.url)[1]

    def test_unpublishing_a_page(self, article, article_index, committed):
        warm(article.url)
        warm(article_index.url)

        with committed():
            article.unpublish()

        assert visit(article.url)[0].status_code == 404
        assert "Ketamine and sleep" not in visit(article_index.url)[1]

    def test_deleting_a_page(self, article, committed):
        warm(article.url)

        with committed():
            Page.objects.get(pk=article.pk).delete()

        assert visit(article.url)[0].status_code == 404

    def test_making_a_page_private(self, article, committed):
        warm(article.url)

        with committed():
            PageViewRestriction.objects.create(page=article, restriction_type="password", password="pw")

        assert "What the research says about sleep." not in visit(article.url)[1]

    def test_editing_a_study_a_page_cites(self, make_study, make_condition, committed):
        study = make_study(title="Ketamine for alcohol use disorder")
        page = make_condition(body=[evidence_table_block(study)])
        warm(page.url)

        with committed():
            study.title = "Ketamine with therapy for alcohol use disorder"
            study.save()

        assert "Ketamine with therapy for alcohol use disorder" in visit(page.url)[1]

    def test_an_import_that_updates_a_cited_study(self, make_study, make_condition, committed):
        from evidence.importers import save_operations

        study = make_study(title="Ketamine for alcohol use disorder")
        page = make_condition(body=[evidence_table_block(study)])
        warm(page.url)

        with committed():
            study.title = "Ketamine for alcohol use disorder: five-year follow-up"
            save_operations([("row 2", study, {"title"})])  # bulk: no save signal

        assert "five-year follow-up" in visit(page.url)[1]

    def test_withdrawing_a_testimonial(self, make_testimonial, make_condition, committed):
        testimonial = make_testimonial(quote="I have my life back.")
        page = make_condition(body=[chosen_testimonial_block(testimonial)])
        warm(page.url)

        with committed():
            testimonial.unpublish()

        assert "I have my life back." not in visit(page.url)[1]

    def test_publishing_reusable_content_changes_every_page_that_shows_it(self, home_page, committed):
        pages, item = reusable_content_on_pages(home_page)

        with committed():
            item.body = disclaimer("A reviewed new disclaimer.")
            item.save_revision().publish()

        for page in pages:
            response, html = visit(page.url)
            assert response[page_cache.HEADER] == "miss"
            assert "A reviewed new disclaimer." in html

    def test_renaming_an_author(self, make_article, committed):
        author = PersonFactory(name="Jane Roe")
        article = make_article("Ketamine and mood", author=author)
        warm(article.url)

        with committed():
            author.name = "Jane Roe-Smith"
            author.save()

        assert "Jane Roe-Smith" in visit(article.url)[1]

    def test_changing_the_clinic_settings(self, article, committed):
        warm(article.url)

        with committed():
            clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
            clinic.phone = "(503) 555-0199"
            clinic.save()

        assert "(503) 555-0199" in visit(article.url)[1]

    def test_moving_a_page(self, article, home_page, committed):
        warm(article.url)

        with committed():
            Page.objects.get(pk=article.pk).move(home_page, pos="last-child")

        moved = visit(article.url)[0]
        assert (moved.status_code, moved["Location"]) == (301, "/ketamine-and-sleep/")

    def test_consent_that_ends_tomorrow_ends_on_every_cached_page_tomorrow(
        self, make_testimonial, make_condition, monkeypatch
    ):
        today = timezone.localdate()
        testimonial = make_testimonial(
            quote="I have my life back.", consent_expires=today + datetime.timedelta(1)
        )
        page = make_condition(body=[chosen_testimonial_block(testimonial)])
        warm(page.url)
        assert "I have my life back." in visit(page.url)[1]

        # Tomorrow: nothing has been saved, the daily command has not run yet.
        monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(1))

        response, html = visit(page.url)
        assert response[page_cache.HEADER] == "miss"
        assert "I have my life back." not in html


class TestWhatDoesNotEmptyIt:
    def test_saving_a_draft_of_reusable_content(self, home_page, committed, superuser):
        pages, item = reusable_content_on_pages(home_page)

        with committed():
            item.body = disclaimer("A draft waiting for review.")
            item.save_revision(user=superuser)

        for page in pages:
            assert state(page.url) == "hit"
            assert "A draft waiting for review." not in visit(page.url)[1]

    def test_saving_a_draft(self, article, committed, superuser):
        warm(article.url)

        with committed():
            article.title = "A draft title"
            article.save_revision(user=superuser)

        assert state(article.url) == "hit"
        assert "A draft title" not in visit(article.url)[1]

    def test_a_search_or_a_login(self, article, committed, superuser):
        warm(article.url)

        with committed():
            Client().get("/search/?q=sleep")
            Client().login(username="superuser", password="test-password")

        assert state(article.url) == "hit"

    def test_a_change_rolled_back(self, article, make_study, committed):
        study = make_study()
        warm(article.url)

        with committed(), pytest.raises(RuntimeError), transaction.atomic():
            study.title = "Never saved"
            study.save()
            raise RuntimeError

        assert state(article.url) == "hit"

        # The rolled-back change left nothing behind that would swallow the next one.
        with committed(), transaction.atomic():
            study.title = "Saved"
            study.save()

        assert state(article.url) == "miss"

    def test_many_changes_in_one_transaction_make_one_invalidation(
        self, make_study, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
            for _ in range(3):
                make_study()

        assert len([c for c in callbacks if getattr(c, "page_cache_invalidation", False)]) == 1


class TestWhatIsNotStored:
    @pytest.fixture
    def page_view(self, rf, article):
        from django.urls import resolve

        request = rf.get(article.url)
        request.resolver_match = resolve(article.url)
        response = Client().get(article.url)
        assert page_cache.is_cacheable(request, response)
        return request, response

    def test_a_page_carrying_its_csp_nonce(self, page_view):
        """Its inline script would carry a nonce the next answer's header does not allow (or reuses)."""
        request, response = page_view
        request._csp_nonce = "bm9uY2U="  # what django-csp sets once a template reads the nonce

        assert not page_cache.is_cacheable(request, response)

    def test_a_page_that_sets_a_cookie(self, page_view):
        """A cookie (a form's CSRF token, say) is one visitor's: it must not be handed to the next."""
        request, response = page_view
        response.set_cookie("csrftoken", "one-visitor-only")

        assert not page_cache.is_cacheable(request, response)


def test_no_entry_outlives_the_clinic_day(settings):
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60
    late = timezone.make_aware(datetime.datetime(2026, 12, 1, 23, 59, 30))

    assert page_cache.seconds_until_midnight(late) == 30
    assert page_cache.lifetime() <= page_cache.seconds_until_midnight()


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A caching proxy's purge endpoint on loopback: it records what it is told to purge."""

    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


class TestTheCDN:
    def test_every_live_public_page_is_purged_when_anything_changes(
        self, article, make_study, purge_server, committed
    ):
        private = Page.objects.get(pk=article.get_parent().pk).add_child(
            instance=type(article)(title="Staff only", slug="staff-only", intro="For the team.")
        )
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="pw")
        purge_server.clear()

        with committed():
            make_study()

        paths = {path for _, path in purge_server}
        assert {"/", "/articles/", article.url} <= paths
        assert private.url not in paths
        assert all(host == "localhost" for host, _ in purge_server)

    def test_a_cdn_may_keep_a_page_until_the_clinic_midnight_and_browsers_may_not(
        self, article, purge_server
    ):
        response, _ = visit(article.url)

        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0"} <= directives
        s_maxage = int(next(d for d in directives if d.startswith("s-maxage=")).split("=")[1])
        assert 0 < s_maxage <= min(600, page_cache.seconds_until_midnight())


def production_cache_settings(**env):
    return production_settings(
        "[s.PAGE_CACHE_SECONDS, s.CACHES['default']['BACKEND'], "
        "{name: c['BACKEND'].rsplit('.', 1)[-1] for name, c in s.WAGTAILFRONTENDCACHE.items()}]",
        **env,
    )


class TestProductionSettings:
    def test_on_with_a_shared_cache(self):
        seconds, backend, cdn = production_cache_settings(CACHE_URL="redis://127.0.0.1:6379/0")

        assert (seconds, backend, cdn) == (600, "django_redis.cache.RedisCache", {})

    def test_off_without_one_since_other_processes_could_not_empty_it(self):
        assert production_cache_settings()[0] == 0

    def test_a_cdn_to_purge_from_the_environment(self):
        _, _, cdn = production_cache_settings(
            CACHE_URL="redis://127.0.0.1:6379/0",
            FRONTEND_CACHE_PURGE_URL="http://varnish.internal:6081",
            CLOUDFLARE_ZONE_ID="zone",
            CLOUDFLARE_API_TOKEN="token",
        )

        assert cdn == {"proxy": "HTTPBackend", "cloudflare": "CloudflareBackend"}


class TestAcrossReleases:
    """Every key holds the release's digest (`page_cache.release()`): a new release's servers never
    serve the old release's pages, whose markup and static file names may be gone."""

    @pytest.fixture
    def source_tree(self, tmp_path, settings):
        (tmp_path / "templates").mkdir()
        (tmp_path / "templates" / "base.html").write_text("<title>one</title>")
        settings.BASE_DIR = tmp_path
        page_cache.release.cache_clear()
        yield tmp_path
        page_cache.release.cache_clear()

    def test_the_digest_changes_with_a_template_and_only_then(self, source_tree):
        first = page_cache.release()
        page_cache.release.cache_clear()
        assert page_cache.release() == first

        (source_tree / "templates" / "base.html").write_text("<title>two</title>")
        page_cache.release.cache_clear()

        assert page_cache.release() != first

    def test_a_page_cached_by_one_release_is_not_served_by_the_next(self, article, source_tree):
        assert state(article.url) == "miss"
        assert state(article.url) == "hit"

        (source_tree / "static").mkdir()
        (source_tree / "static" / "site.css").write_text("body { color: teal }")
        page_cache.release.cache_clear()  # a new process of the new release

        assert state(article.url) == "miss"
        assert state(article.url) == "hit"
