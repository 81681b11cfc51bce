"""What a testimonial must carry to be shown: the results readers should expect (its own or the
clinic's default, never "Individual results vary" alone), the patient's connection to the clinic,
and the patient's signed authorization, a private document only reviewers and coordinators open."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Site

import pytest

from home.models import ClinicSettings
from home.models.settings import TESTIMONIAL_DISCLOSURE
from home.people_blocks import TestimonialBlock
from home.tests.factories import StandardPageFactory
from home.tests.support import html_errors
from stories.models import Testimonial
from stories.models.testimonials import AUTHORIZATIONS_COLLECTION, authorizations_collection

from .factories import AuthorizationFactory
from .support import chosen_testimonial, soup

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_stories_testimonial:add"
OWN_DISCLOSURE = (
    "Most of our patients with alcohol use disorder do not stop drinking for a year; see the "
    "studies on the alcohol page."
)


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def figure_on(client, page):
    """The testimonial's figure as a visitor's page shows it (the first, if several)."""
    return soup(client.get(page.url)).select_one("main .testimonial figure")


@pytest.fixture
def page_with(home_page):
    def make(*testimonials):
        return StandardPageFactory(
            parent=home_page, body=[chosen_testimonial(testimonial) for testimonial in testimonials]
        )

    return make


class TestShownWithTheQuote:
    def test_the_clinics_default_disclosure_is_in_the_figure_when_the_testimonial_has_none(
        self, client, make_testimonial, page_with
    ):
        page = page_with(make_testimonial(quote="I sleep again."))

        figure = figure_on(client, page)

        assert figure.blockquote.get_text(strip=True) == "I sleep again."
        disclosure = figure.figcaption.select_one(".testimonial__disclosure").get_text(" ", strip=True)
        assert disclosure == f"What to expect: {TESTIMONIAL_DISCLOSURE}"

    def test_the_clinics_default_is_the_one_set_in_clinic_settings(self, client, make_testimonial, page_with):
        clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
        clinic.testimonial_disclosure = (
            "Results like this are not typical; read the studies on each condition page."
        )
        clinic.save()
        page = page_with(make_testimonial())

        disclosure = figure_on(client, page).select_one(".testimonial__disclosure").get_text(" ", strip=True)

        assert disclosure == (
            "What to expect: Results like this are not typical; read the studies on each condition page."
        )

    def test_a_testimonials_own_disclosure_replaces_the_default(self, client, make_testimonial, page_with):
        page = page_with(make_testimonial(results_disclosure=OWN_DISCLOSURE))

        html = client.get(page.url).content.decode()

        assert OWN_DISCLOSURE in soup(html).select_one(".testimonial figcaption").get_text()
        assert TESTIMONIAL_DISCLOSURE not in html

    def test_a_material_connection_is_shown_only_when_set(self, client, make_testimonial, page_with):
        page = page_with(
            make_testimonial(attribution="Sam K", material_connection="Received a free session"),
            make_testimonial(attribution="Bo B"),
        )

        figures = soup(client.get(page.url)).select("main .testimonial figure")

        connections = [figure.select_one(".testimonial__connection") for figure in figures]
        assert connections[0].get_text(" ", strip=True) == "Connection to the clinic: Received a free session"
        assert connections[1] is None
        # Every figure has its own disclosure.
        assert [bool(figure.select_one("figcaption .testimonial__disclosure")) for figure in figures] == [
            True,
            True,
        ]

    def test_a_block_rendered_without_a_request_shows_the_built_in_default(self, make_testimonial):
        block = TestimonialBlock()

        html = soup(block.render(block.to_python({"testimonial": make_testimonial().pk})))

        assert TESTIMONIAL_DISCLOSURE in html.figcaption.get_text()

    def test_a_blank_default_in_clinic_settings_still_shows_a_disclosure(
        self, client, make_testimonial, page_with
    ):
        clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
        ClinicSettings.objects.filter(pk=clinic.pk).update(testimonial_disclosure="  ")
        page = page_with(make_testimonial())

        disclosure = figure_on(client, page).select_one(".testimonial__disclosure").get_text(" ", strip=True)

        assert disclosure == f"What to expect: {TESTIMONIAL_DISCLOSURE}"

    def test_the_page_is_valid_html(self, client, make_testimonial, page_with, tmp_path):
        page = page_with(make_testimonial(material_connection="Works at the clinic"))

        assert html_errors(client.get(page.url).content, tmp_path) == []

    def test_the_query_count_does_not_grow_with_testimonials(self, client, make_testimonial, page_with):
        def count(page):
            client.get(page.url)  # warm the site's root paths
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url, {"fresh": page.pk})
            assert response.status_code == 200
            return len(queries)

        small = page_with(make_testimonial(attribution="One O"))
        big = page_with(
            *(
                make_testimonial(
                    attribution=f"Patient {i}",
                    results_disclosure=OWN_DISCLOSURE if i % 2 else "",
                    material_connection="Received a free session" if i % 3 else "",
                )
                for i in range(12)
            )
        )

        assert count(big) == count(small)
        assert len(soup(client.get(big.url)).select(".testimonial__disclosure")) == 12


VAGUE = [
    "Individual results vary.",
    "Results may vary",
    "  RESULTS MAY VARY!  ",
    "Individual results vary. This is one patient's experience.",
    "Results not typical. Results may vary.",
]


class TestVagueDisclosures:
    @pytest.mark.parametrize("text", VAGUE)
    def test_is_refused_on_the_testimonials_field(self, make_testimonial, text):
        testimonial = make_testimonial(results_disclosure=text)

        with pytest.raises(ValidationError) as excinfo:
            testimonial.full_clean()

        [message] = excinfo.value.message_dict["results_disclosure"]
        assert "alone does not tell readers what results to expect" in message

    @pytest.mark.parametrize("text", VAGUE)
    def test_is_refused_as_the_clinics_default(self, text):
        clinic = ClinicSettings(site=Site.objects.get(is_default_site=True), testimonial_disclosure=text)

        with pytest.raises(ValidationError) as excinfo:
            clinic.full_clean()

        assert set(excinfo.value.message_dict) == {"testimonial_disclosure"}

    @pytest.mark.parametrize(
        "text", ["", OWN_DISCLOSURE, "Individual results vary: most patients improve less."]
    )
    def test_a_disclosure_that_says_more_is_accepted(self, make_testimonial, text):
        make_testimonial(results_disclosure=text).full_clean()

    def test_the_default_itself_is_accepted_and_states_no_figure(self):
        clinic = ClinicSettings(site=Site.objects.get(is_default_site=True))
        clinic.full_clean()
        assert clinic.testimonial_disclosure == TESTIMONIAL_DISCLOSURE
        assert not any(character.isdigit() for character in TESTIMONIAL_DISCLOSURE)
        assert "%" not in TESTIMONIAL_DISCLOSURE

    def test_the_editor_sees_it_on_the_field(self, editor_client):
        response = editor_client.post(
            reverse(ADD_URL),
            {
                "quote": "I got my life back.",
                "attribution": "Sam K",
                "consent_scope": "website",
                "results_disclosure": "Individual results vary.",
            },
        )

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"results_disclosure"}


def publish_form(authorization=None, **fields):
    data = {
        "quote": "I got my life back.",
        "attribution": "Sam K",
        "consent_date": "2026-02-01",
        "consent_recorded_by": "Dr Lee",
        "consent_scope": "website",
        "authorization": str(authorization.pk) if authorization else "",
        "action-publish": "action-publish",
    }
    data.update(fields)
    return data


class TestAuthorizationToPublish:
    def test_publishing_without_an_authorization_is_refused_on_its_field(self, editor_client):
        response = editor_client.post(reverse(ADD_URL), publish_form())

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"authorization"}
        assert "Attach the patient&#x27;s signed authorization before publishing" in response.content.decode()
        assert not Testimonial.objects.exists()

    def test_a_draft_may_wait_for_it(self, editor_client):
        data = publish_form()
        del data["action-publish"]

        response = editor_client.post(reverse(ADD_URL), data)

        assert response.status_code == 302
        assert not Testimonial.objects.get().live

    def test_publishing_with_the_signed_authorization(self, reviewer_client):
        signed = AuthorizationFactory(title="Authorization: Sam K")

        response = reviewer_client.post(
            reverse(ADD_URL), publish_form(signed, authorization_expires="2030-01-01")
        )

        assert response.status_code == 302
        testimonial = Testimonial.objects.get()
        assert testimonial.live and testimonial.can_be_shown
        assert testimonial.authorization == signed

    def test_an_expired_authorization_is_refused_on_its_field(self, reviewer_client):
        response = reviewer_client.post(
            reverse(ADD_URL),
            publish_form(AuthorizationFactory(), authorization_expires=days_from_today(0).isoformat()),
        )

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"authorization_expires"}

    def test_a_document_outside_the_private_collection_is_refused_on_its_field(self, reviewer_client):
        public = Collection.get_first_root_node().add_child(name="Leaflets")
        leaflet = AuthorizationFactory(title="Signed form, scanned", collection=public)

        response = reviewer_client.post(reverse(ADD_URL), publish_form(leaflet))

        assert response.status_code == 200
        [message] = response.context["form"].errors["authorization"]
        assert "\u201cSigned form, scanned\u201d is in the collection \u201cLeaflets\u201d" in message
        assert AUTHORIZATIONS_COLLECTION in message
        assert not Testimonial.objects.exists()

    def test_a_collection_of_that_name_without_the_restriction_is_refused(self, make_testimonial):
        testimonial = make_testimonial()
        CollectionViewRestriction.objects.filter(collection=authorizations_collection()).delete()

        with pytest.raises(ValidationError) as excinfo:
            testimonial.full_clean()
        assert set(excinfo.value.message_dict) == {"authorization"}

    def test_a_revision_without_it_cannot_be_published_by_any_route(self, make_testimonial):
        testimonial = make_testimonial(live=False, without_authorization=True)
        revision = testimonial.save_revision()

        with pytest.raises(ValidationError, match="signed, current authorization"):
            revision.publish()
        assert not Testimonial.objects.get(pk=testimonial.pk).live

    def test_testimonials_are_in_no_workflow(self):
        # An approval that publishes would need the same check; none can start for a testimonial.
        assert not hasattr(Testimonial, "get_workflow")


class TestShownOnlyWithAuthorization:
    def test_without_one_it_is_not_shown_chosen_or_searched(
        self, client, editor_client, make_testimonial, page_with
    ):
        missing = make_testimonial(attribution="Gone G", quote="Unsigned words.", without_authorization=True)
        kept = make_testimonial(attribution="Kept K", quote="Signed words.")
        page = page_with(missing, kept)
        chooser = TestimonialBlock().child_blocks["testimonial"].widget

        html = client.get(page.url).content.decode()
        listed = editor_client.get(chooser.get_chooser_modal_url()).json()["html"]
        found = editor_client.get(
            reverse(Testimonial.snippet_viewset.chooser_viewset.get_url_name("choose_results")),
            {"q": "words"},
        ).content.decode()

        assert "Unsigned words." not in html and "Signed words." in html
        assert "Gone G" not in listed and "Kept K" in listed
        assert "Gone G" not in found and "Kept K" in found
        assert list(Testimonial.objects.shown()) == [kept]
        assert not missing.can_be_shown
        assert "signed authorization is not on file" in missing.reason_not_shown()

    @pytest.mark.parametrize(("days", "shown"), [(-1, False), (0, False), (1, True)])
    def test_an_expired_authorization_leaves_the_page_at_once(
        self, client, make_testimonial, page_with, days, shown
    ):
        testimonial = make_testimonial(quote="Authorized words.")
        page = page_with(testimonial)
        assert "Authorized words." in client.get(page.url).content.decode()

        # Time passes: nothing touches the page or unpublishes the testimonial.
        Testimonial.objects.filter(pk=testimonial.pk).update(authorization_expires=days_from_today(days))
        ClinicSettings.for_site(Site.objects.get(is_default_site=True)).save()  # drops cached pages

        assert ("Authorized words." in client.get(page.url).content.decode()) is shown
        assert (Testimonial.objects.shown().filter(pk=testimonial.pk).exists()) is shown
        stored = Testimonial.objects.get(pk=testimonial.pk)
        assert stored.live
        if not shown:
            assert stored.reason_not_shown() == (
                f"The patient's authorization for this testimonial expired on {days_from_today(days):%B %-d, %Y}."
            )

    def test_a_deleted_authorization_takes_it_off_the_page(self, client, make_testimonial, page_with):
        testimonial = make_testimonial(quote="Authorized words.")
        page = page_with(testimonial)

        testimonial.authorization.delete()
        ClinicSettings.for_site(Site.objects.get(is_default_site=True)).save()

        assert "Authorized words." not in client.get(page.url).content.decode()
        assert not Testimonial.objects.get(pk=testimonial.pk).can_be_shown


@pytest.fixture
def coordinator(roles, django_user_model):
    user = django_user_model.objects.create_user("coordinator", "coordinator@example.com", "pw")
    user.groups.add(Group.objects.get(name="Patient coordinators"))
    return user


class TestWhoOpensTheSignedForm:
    @pytest.fixture
    def signed(self, roles):
        return AuthorizationFactory(
            title="Authorization: Adelle P",
            file__filename="authorization-adelle-p.pdf",
            file__data=b"%PDF-1.4 Adelle P's signature",
        )

    def get(self, user, document):
        browser = Client()
        if user is not None:
            browser.force_login(user)
        return browser.get(document.url)

    def test_the_collection_lets_only_reviewers_and_coordinators_open_it(self, signed):
        restriction = CollectionViewRestriction.objects.get(collection=signed.collection)
        assert restriction.restriction_type == CollectionViewRestriction.GROUPS
        assert sorted(group.name for group in restriction.groups.all()) == [
            "Medical reviewers",
            "Patient coordinators",
        ]

    @pytest.mark.parametrize("who", ["anonymous", "editor"])
    def test_a_visitor_and_an_editor_cannot_open_it(self, signed, editor, who):
        response = self.get(editor if who == "editor" else None, signed)

        assert signed.url == f"/documents/{signed.pk}/{signed.filename}"
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        assert b"signature" not in b"".join(getattr(response, "streaming_content", [response.content]))

    @pytest.mark.parametrize("who", ["reviewer", "coordinator", "superuser"])
    def test_a_reviewer_a_coordinator_and_an_administrator_open_it(self, signed, request, who):
        response = self.get(request.getfixturevalue(who), signed)

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 Adelle P's signature"

    @pytest.mark.parametrize(
        ("who", "finds_the_library", "finds_the_form"),
        # Coordinators hold document permissions on the private collection alone.
        [("editor", True, False), ("reviewer", True, True), ("coordinator", False, True)],
    )
    def test_only_who_may_open_it_finds_it_in_the_document_chooser(
        self, signed, request, who, finds_the_library, finds_the_form
    ):
        leaflet = AuthorizationFactory(
            title="Aftercare leaflet", collection=Collection.get_first_root_node().add_child(name="Leaflets")
        )
        browser = Client()
        browser.force_login(request.getfixturevalue(who))

        response = browser.get(reverse("wagtaildocs_chooser:choose"))

        assert response.status_code == 200
        html = response.json()["html"]
        assert (leaflet.title in html) is finds_the_library
        assert ("Authorization: Adelle P" in html) is finds_the_form

    def test_setting_up_the_roles_twice_changes_nothing(self, roles):
        from io import StringIO

        from django.core.management import call_command

        before = (Collection.objects.count(), CollectionViewRestriction.objects.count())
        call_command("setup_editorial_roles", stdout=StringIO())
        assert (Collection.objects.count(), CollectionViewRestriction.objects.count()) == before
        assert get_document_model().objects.count() == 0
