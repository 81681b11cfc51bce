"""Property-based (hypothesis): any answers at all to the appointment form get a confirmation or a
field error, never a 500, and a request is stored exactly when it is confirmed."""

from wagtail.contrib.forms.models import FormSubmission

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import answers

pytestmark = pytest.mark.django_db

FIELDS = ["name", "how_should_we_contact_you", "preferred_location", "preferred_days_and_times", "message"]
# Any text, and text near what the fields expect: addresses, numbers, long and control characters.
VALUES = st.one_of(
    st.text(),
    st.emails().map(str),
    st.from_regex(r"\+?[0-9 ()\-.]{0,30}", fullmatch=True),
    st.text(min_size=200, max_size=3000),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs"])),
)


@given(changed=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=len(FIELDS)))
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
def test_any_answers_are_confirmed_or_refused_never_half_stored(client, booking_page, make_location, changed):
    before = FormSubmission.objects.count()
    client.cookies.clear()

    response = client.post(booking_page.url, answers(**changed))

    assert response.status_code in (200, 400, 429), response.status_code
    stored = FormSubmission.objects.count() - before
    assert stored == (1 if response.status_code == 200 else 0)
