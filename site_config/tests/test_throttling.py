"""Guessing is throttled: the admin login (django-axes) and page passwords (site_config/throttling.py)."""

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from axes.models import AccessAttempt

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 30  # base.py's AXES_FAILURE_LIMIT and PAGE_PASSWORD_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.PAGE_PASSWORD_FAILURE_LIMIT = LIMIT  # base.py's; test.py raises it for other tests
    cache.clear()
    yield
    cache.clear()


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


class TestAdminLogin:
    def test_the_31st_attempt_after_30_failures_is_refused_even_with_the_right_password(
        self, client, superuser
    ):
        for _ in range(LIMIT - 1):
            assert admin_login(client, superuser.username, "wrong").status_code == 200
        assert admin_login(client, superuser.username, "wrong").status_code in (200, 429)
        refused = admin_login(client, superuser.username, PASSWORD)
        assert refused.status_code == 429
        text = refused.content.decode()
        assert "Too many attempts" in text
        assert "try again in 15 minutes" in text
        assert "_auth_user_id" not in client.session

    def test_the_right_password_works_again_after_the_cool_off(self, client, superuser):
        for _ in range(LIMIT):
            admin_login(client, superuser.username, "wrong")
        assert admin_login(client, superuser.username, PASSWORD).status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
        response = admin_login(client, superuser.username, PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(superuser.pk)

    def test_other_addresses_can_still_log_in(self, client, superuser):
        for _ in range(LIMIT):
            admin_login(client, superuser.username, "wrong")
        response = client.post(
            "/admin/login/", {"username": superuser.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
        )
        assert response.status_code == 302


class TestPagePassword:
    @pytest.fixture
    def private_page(self, make_article):
        page = make_article(title="Private")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        return page, f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    def submit(self, client, url, page, password):
        return client.post(url, {"password": password, "return_url": page.url})

    def test_the_right_password_before_the_limit_opens_the_page(self, client, private_page):
        page, url = private_page
        for _ in range(LIMIT - 1):
            assert self.submit(client, url, page, "wrong").status_code == 200
        response = self.submit(client, url, page, "secret")
        assert response.status_code == 302
        assert client.get(page.url).status_code == 200

    def test_the_31st_attempt_is_refused(self, client, private_page):
        page, url = private_page
        for _ in range(LIMIT):
            assert self.submit(client, url, page, "wrong").status_code == 200
        refused = self.submit(client, url, page, "secret")
        assert refused.status_code == 429
        assert "Too many attempts" in refused.content.decode()
        assert 'name="password"' in client.get(page.url).content.decode()  # still the form


class TestBehindProxies:
    """Behind a load balancer every request's REMOTE_ADDR is the balancer's: the client is the
    address it appended to X-Forwarded-For, and nothing the client wrote there is believed."""

    BALANCER = "10.0.0.1"

    def fail_from(self, client, superuser, forwarded_for):
        for _ in range(LIMIT):
            admin_login_from(client, superuser, "wrong", forwarded_for)

    def test_one_guesser_behind_the_balancer_does_not_lock_out_another_visitor(self, settings, superuser):
        settings.TRUSTED_PROXY_COUNT = 1
        self.fail_from(Client(), superuser, "203.0.113.9")

        assert admin_login_from(Client(), superuser, "wrong", "203.0.113.9").status_code == 429
        assert admin_login_from(Client(), superuser, PASSWORD, "198.51.100.7").status_code == 302

    def test_a_guesser_cannot_escape_by_writing_the_header_themselves(self, settings, superuser):
        settings.TRUSTED_PROXY_COUNT = 1
        # The client writes an address; the balancer appends the one it saw.
        for forged in range(LIMIT):
            admin_login_from(Client(), superuser, "wrong", f"192.0.2.{forged}, 203.0.113.9")

        assert admin_login_from(Client(), superuser, PASSWORD, "192.0.2.200, 203.0.113.9").status_code == 429

    def test_without_trusted_proxies_the_header_is_ignored(self, settings, superuser):
        settings.TRUSTED_PROXY_COUNT = 0
        for forged in range(LIMIT):
            admin_login_from(Client(), superuser, "wrong", f"192.0.2.{forged}")

        assert admin_login_from(Client(), superuser, PASSWORD, "192.0.2.201").status_code == 429

    def test_page_passwords_are_counted_per_client_too(self, settings, make_article):
        settings.TRUSTED_PROXY_COUNT = 2  # a CDN, then the balancer
        page = make_article(title="Private")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

        def submit(password, forwarded_for):
            return Client().post(
                url,
                {"password": password, "return_url": page.url},
                REMOTE_ADDR=self.BALANCER,
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )

        for _ in range(LIMIT):
            submit("wrong", "203.0.113.9, 172.16.0.5")
        assert submit("secret", "203.0.113.9, 172.16.0.6").status_code == 429
        assert submit("secret", "198.51.100.7, 172.16.0.5").status_code == 302


def admin_login_from(client, superuser, password, forwarded_for):
    return client.post(
        "/admin/login/",
        {"username": superuser.username, "password": password},
        REMOTE_ADDR=TestBehindProxies.BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
