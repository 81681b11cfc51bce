"""The conditions the clinic treats: a slug made from the name, and a clear error when it cannot be."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from home.models import Condition

from .factories import ConditionFactory

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_home_condition:add"


def slug_errors(condition):
    with pytest.raises(ValidationError) as excinfo:
        condition.full_clean()
    assert list(excinfo.value.message_dict) == ["slug"]
    return excinfo.value.message_dict["slug"]


class TestSlug:
    def test_made_from_the_name_when_left_empty(self):
        condition = Condition(name="Post-traumatic Stress Disorder (PTSD)", slug="")
        condition.full_clean()
        assert condition.slug == "post-traumatic-stress-disorder-ptsd"

    def test_an_editors_slug_is_kept(self):
        condition = Condition(name="Post-traumatic stress disorder", slug="ptsd")
        condition.full_clean()
        assert condition.slug == "ptsd"

    def test_a_name_with_nothing_to_make_a_slug_from_is_an_error_on_the_slug(self):
        assert slug_errors(Condition(name="???", slug="")) == [
            "Enter a slug: the name has no letters or digits to make one from."
        ]

    def test_a_slug_made_from_the_name_that_is_taken_is_an_error_on_the_slug(self):
        ConditionFactory(name="Depression", slug="depression")
        assert slug_errors(Condition(name="Depression!", slug="")) == [
            "Another condition already uses the slug 'depression'."
        ]

    def test_an_edited_condition_keeps_its_own_slug(self):
        condition = ConditionFactory(name="Depression", slug="depression")
        condition.name = "Depression (major depressive disorder)"
        condition.full_clean()
        assert condition.slug == "depression"


class TestInTheAdmin:
    def test_an_editor_adds_a_condition_without_typing_a_slug(self, editor_client):
        response = editor_client.post(reverse(ADD_URL), {"name": "Substance use disorder", "slug": ""})

        assert response.status_code == 302
        assert Condition.objects.get(name="Substance use disorder").slug == "substance-use-disorder"

    def test_a_taken_slug_is_shown_on_the_slug_field(self, editor_client):
        ConditionFactory(name="Depression", slug="depression")

        response = editor_client.post(reverse(ADD_URL), {"name": "Depression!", "slug": ""})

        assert response.status_code == 200
        assert response.context["form"].errors == {
            "slug": ["Another condition already uses the slug 'depression'."]
        }
        assert Condition.objects.count() == 1
