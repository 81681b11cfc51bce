"""The demo's team page and its clinicians' profiles (site_config/demo_people.py): filled once,
left to the editors afterwards, and free of placeholder text."""

import pytest

from home.tests.support import soup
from site_config.demo_data import AUTHOR, DEMO_CLINICIANS
from site_config.demo_people import add_team_page, update_demo_people
from stories.models import Person, TeamIndexPage

PLACEHOLDERS = ("goes here", "demo copy", "replace it", "lorem", "demo profile", "demo author")


@pytest.fixture
def earlier_demo_people(db):
    """The people as an earlier version of the demo made them."""
    Person.objects.create(
        name="Clinic editorial team",
        role="Demo author",
        bio="Demo author record: replace it with the clinician or writer who wrote each article.",
    )
    Person.objects.create(
        name="Jordan Avery",
        credentials="MD",
        role="Medical director (demo profile)",
        bio="Demo profile, not a real clinician: replace it with the clinic's medical director.",
    )
    Person.objects.create(
        name="Riley Chen",
        credentials="PMHNP-BC",
        role="Psychiatric nurse practitioner (demo profile)",
        bio="Demo profile, not a real clinician: replace it with one of the clinic's clinicians.",
    )


def test_the_demo_people_get_their_profiles_once(earlier_demo_people):
    assert update_demo_people() == ["Clinic editorial team", "Jordan Avery", "Riley Chen"]
    avery = Person.objects.get(name="Jordan Avery")
    assert avery.public_profile and avery.slug == "jordan-avery"
    assert avery.role == "Medical director"
    assert avery.language_list == ["English", "Spanish"]
    assert avery.licences[0] == "Licensed by the Oregon Medical Board"
    assert not Person.objects.get(name=AUTHOR["name"]).public_profile
    before = list(Person.objects.order_by("pk").values())
    assert update_demo_people() == []
    assert list(Person.objects.order_by("pk").values()) == before


def test_an_editors_changes_stay(earlier_demo_people):
    update_demo_people()
    Person.objects.filter(name="Riley Chen").update(public_profile=False, languages="English")
    Person.objects.filter(name="Jordan Avery").update(biography="")
    update_demo_people()
    riley = Person.objects.get(name="Riley Chen")
    assert (riley.public_profile, riley.languages) == (False, "English")
    # A field emptied is filled again; the profile an editor turned off stays off.
    assert Person.objects.get(name="Jordan Avery").biography


def test_the_team_page_is_made_once(home_page):
    first = add_team_page(home_page)
    assert add_team_page(home_page).pk == first.pk
    assert TeamIndexPage.objects.count() == 1
    assert first.live and first.url == "/team/"


def test_the_team_page_and_profiles_hold_no_placeholder(client, home_page, earlier_demo_people):
    update_demo_people()
    add_team_page(home_page)
    for path in ["/team/", *(f"/team/{person['slug']}/" for person, _portrait in DEMO_CLINICIANS)]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = soup(response.content.decode()).select_one("main").get_text(" ").lower()
        assert [words for words in PLACEHOLDERS if words in text] == [], path
