"""Patient consent that ends: expired testimonials leave every page at once, and a daily command
unpublishes them and tells editors which pages lost one."""

import datetime
import socket
from io import StringIO

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from stories.models import Testimonial

from .support import chosen_testimonial, soup

pytestmark = pytest.mark.django_db

COMMAND = "unpublish_expired_testimonials"


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def quotes_on(client, page):
    html = soup(client.get(page.url))
    return [q.get_text(strip=True) for q in html.select(".testimonial .testimonial__quote")]


def run(*args):
    out = StringIO()
    call_command(COMMAND, *args, stdout=out)
    return out.getvalue()


def is_live(testimonial):
    return Testimonial.objects.get(pk=testimonial.pk).live


# Each makes a testimonial that was fine when the page was saved ineligible afterwards,
# the way time (or an editor elsewhere) would, without touching the page.
def expire(t):
    Testimonial.objects.filter(pk=t.pk).update(consent_expires=days_from_today(-1))


def expire_long_ago(t):
    Testimonial.objects.filter(pk=t.pk).update(consent_expires=datetime.date(2020, 1, 1))


def unpublish(t):
    t.unpublish()


def withdraw_consent_date(t):
    Testimonial.objects.filter(pk=t.pk).update(consent_date=None)


def withdraw_consent_recorder(t):
    Testimonial.objects.filter(pk=t.pk).update(consent_recorded_by="")


def delete(t):
    t.delete()


class TestConditionPageRendering:
    @pytest.fixture
    def page_with(self, make_testimonial, make_condition):
        """A live condition page showing the given testimonial, then a control testimonial that stays valid."""

        def make(**fields):
            testimonial = make_testimonial(quote="Ineligible words.", attribution="Gone G", **fields)
            control = make_testimonial(quote="Valid words.", attribution="Stays S")
            page = make_condition(
                "Alcohol", slug="alcohol", body=[chosen_testimonial(testimonial), chosen_testimonial(control)]
            )
            return page, testimonial

        return make

    def test_both_show_while_eligible(self, client, page_with):
        page, _ = page_with()

        assert quotes_on(client, page) == ["Ineligible words.", "Valid words."]

    @pytest.mark.parametrize(
        "make_ineligible",
        [expire, expire_long_ago, unpublish, withdraw_consent_date, withdraw_consent_recorder, delete],
    )
    def test_ineligible_testimonial_never_appears(self, client, page_with, make_ineligible):
        page, testimonial = page_with()

        make_ineligible(testimonial)

        assert quotes_on(client, page) == ["Valid words."]
        html = client.get(page.url).content.decode()
        assert "Ineligible words." not in html
        assert "Gone G" not in html
        assert html.count("What to expect:") == 1

    def test_expired_testimonial_leaves_the_page_before_the_command_runs(self, client, page_with):
        page, testimonial = page_with()

        expire(testimonial)

        assert is_live(testimonial)  # nothing has unpublished it yet
        assert quotes_on(client, page) == ["Valid words."]

    @pytest.mark.parametrize("days", [1, 365])
    def test_consent_holds_until_the_day_before_its_expiry_date(self, client, page_with, days):
        page, testimonial = page_with()

        Testimonial.objects.filter(pk=testimonial.pk).update(consent_expires=days_from_today(days))

        assert quotes_on(client, page) == ["Ineligible words.", "Valid words."]
        assert run() == "No published testimonial has expired consent or authorization.\n"
        assert is_live(testimonial)

    def test_on_its_expiry_date_the_testimonial_leaves_every_page(self, client, page_with):
        """The patient's consent ends on that date: it is not shown on it."""
        page, testimonial = page_with()

        Testimonial.objects.filter(pk=testimonial.pk).update(consent_expires=days_from_today(0))

        assert quotes_on(client, page) == ["Valid words."]
        assert run().startswith("Unpublished 1 testimonial(s)")
        assert not is_live(testimonial)


@pytest.fixture
def editors(superuser, editor, reviewer, django_user_model):
    """The addresses of who may change testimonials (an administrator, and the Editors and Medical
    reviewers groups), next to people who must not be told."""
    django_user_model.objects.create_superuser("nomail", "", "pw")
    retired = django_user_model.objects.create_superuser("retired", "retired@example.com", "pw")
    retired.is_active = False
    retired.save()
    reader = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="stories", codename="view_testimonial")
    )
    return sorted(user.email for user in (superuser, editor, reviewer))


@pytest.fixture
def library(make_testimonial):
    """Testimonials on either side of today, live and not."""
    return {
        "expired": make_testimonial(
            quote="Expired yesterday.", attribution="Yesterday Y", consent_expires=days_from_today(-1)
        ),
        "long_expired": make_testimonial(
            quote="Expired long ago.", attribution="Ancient A", consent_expires=datetime.date(2024, 12, 31)
        ),
        "today": make_testimonial(
            quote="Expires today.", attribution="Today T", consent_expires=days_from_today(0)
        ),
        "tomorrow": make_testimonial(
            quote="Expires tomorrow.", attribution="Tomorrow T", consent_expires=days_from_today(1)
        ),
        "open_ended": make_testimonial(quote="No end date.", attribution="Forever F"),
        "expired_draft": make_testimonial(
            quote="An expired draft.", attribution="Draft D", live=False, consent_expires=days_from_today(-3)
        ),
    }


class TestCommand:
    def test_unpublishes_only_live_testimonials_whose_consent_has_passed(self, library):
        run()

        live = {name for name, t in library.items() if is_live(t)}
        assert live == {"tomorrow", "open_ended"}
        assert set(Testimonial.objects.shown()) == {library["tomorrow"], library["open_ended"]}

    def test_unpublishes_a_testimonial_whose_signed_authorization_has_ended(self, make_testimonial):
        lapsed = make_testimonial(quote="Authorization ended.", attribution="Lapsed L")
        kept = make_testimonial(quote="Authorization current.", attribution="Current C")
        Testimonial.objects.filter(pk=lapsed.pk).update(authorization_expires=days_from_today(0))
        Testimonial.objects.filter(pk=kept.pk).update(authorization_expires=days_from_today(1))

        output = run()

        assert (is_live(lapsed), is_live(kept)) == (False, True)
        assert f"(authorization expired {days_from_today(0):%Y-%m-%d})" in output and "Lapsed L" in output

    def test_records_the_unpublish_in_the_history(self, library):
        run()

        logged = ModelLogEntry.objects.filter(action="wagtail.unpublish")
        assert {entry.object_id for entry in logged} == {
            str(library["expired"].pk),
            str(library["long_expired"].pk),
            str(library["today"].pk),
        }

    def test_output_names_each_testimonial_and_the_live_pages_that_showed_it(self, library, make_condition):
        expired, long_expired = library["expired"], library["long_expired"]
        alcohol = make_condition("Alcohol", slug="alcohol", body=[chosen_testimonial(expired)])
        depression = make_condition(
            "Depression",
            slug="depression",
            body=[chosen_testimonial(library["tomorrow"]), chosen_testimonial(expired)],
        )
        make_condition("Draft page", slug="draft-page", body=[chosen_testimonial(expired)], live=False)
        make_condition("Unrelated", slug="unrelated", body=[chosen_testimonial(library["open_ended"])])

        output = run()

        lines = output.splitlines()
        assert lines[0] == "Unpublished 3 testimonial(s) whose patient consent or authorization has expired:"
        [long_line] = [line for line in lines if str(long_expired) in line]
        assert "consent expired 2024-12-31" in long_line
        assert "was not on any live page" in long_line
        [line] = [line for line in lines if str(expired) in line]
        assert f"consent expired {days_from_today(-1):%Y-%m-%d}" in line
        assert f"appeared on: Alcohol ({alcohol.url}); Depression ({depression.url})" in line
        assert alcohol.url == "/conditions/alcohol/"
        [today_line] = [line for line in lines if str(library["today"]) in line]
        assert f"consent expired {days_from_today(0):%Y-%m-%d}" in today_line
        for absent in ("Draft page", "Unrelated", str(library["tomorrow"]), str(library["expired_draft"])):
            assert absent not in output

    def test_emails_the_active_users_who_can_change_testimonials(self, library, editors, make_condition):
        make_condition("Alcohol", slug="alcohol", body=[chosen_testimonial(library["expired"])])

        output = run()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert sorted(message.to) == editors
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert "consent expired" in message.subject
        assert str(library["expired"]) in message.body
        assert str(library["long_expired"]) in message.body
        assert "Alcohol (/conditions/alcohol/)" in message.body
        assert "Told 3 editor(s) by email." in output

    def test_dry_run_changes_nothing_and_sends_nothing(self, library, editors, make_condition):
        make_condition("Alcohol", slug="alcohol", body=[chosen_testimonial(library["expired"])])

        output = run("--dry-run")

        assert output.startswith(
            "Would unpublish 3 testimonial(s) whose patient consent or authorization has expired:\n"
        )
        assert str(library["expired"]) in output
        assert "Alcohol (/conditions/alcohol/)" in output
        assert is_live(library["expired"]) and is_live(library["long_expired"])
        assert not ModelLogEntry.objects.filter(action="wagtail.unpublish").exists()
        assert mail.outbox == []
        assert "Told" not in output

    def test_with_nothing_expired_it_says_so_and_sends_nothing(self, make_testimonial, editors):
        make_testimonial(consent_expires=days_from_today(1))
        make_testimonial(live=False, consent_expires=days_from_today(-1))
        make_testimonial()

        assert run() == "No published testimonial has expired consent or authorization.\n"
        assert mail.outbox == []

    def test_a_second_run_finds_nothing_more(self, library, editors):
        run()
        mail.outbox.clear()

        assert run() == "No published testimonial has expired consent or authorization.\n"
        assert mail.outbox == []

    def test_the_page_no_longer_shows_it_after_the_command(self, client, library, make_condition):
        page = make_condition(
            "Alcohol",
            slug="alcohol",
            body=[chosen_testimonial(library["expired"]), chosen_testimonial(library["tomorrow"])],
        )

        run()

        assert quotes_on(client, page) == ["Expires tomorrow."]


def closed_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_refuses_is_reported_and_the_unpublishing_stands(
    library, editors, make_condition, settings
):
    """manage.py prints a CommandError on stderr and exits 1; the testimonials stay unpublished."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_loopback_port()
    make_condition("Alcohol", slug="alcohol", body=[chosen_testimonial(library["expired"])])

    with pytest.raises(
        CommandError, match=r"unpublished, but emailing 3 editor\(s\) failed: ConnectionRefused"
    ):
        run()

    assert not is_live(library["expired"])
    assert not is_live(library["long_expired"])
