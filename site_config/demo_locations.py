"""The demo clinic's location: a fictional address and a 555 phone number (the site-wide banner
says the clinic is a demonstration), and the locations page that lists it.

`add_locations(home, created)` is idempotent: pages are found by slug and left as they are.
"""

from home.models import LocationIndexPage, LocationPage

LOCATIONS_INDEX = {
    "slug": "locations",
    "title": "Our clinic",
    "intro": "Where we see patients, when we are open, and how to get there.",
}

LOCATIONS = [
    {
        "slug": "portland",
        "title": "Portland, Pearl District",
        "intro": "Our clinic on the third floor of a quiet building in Portland's Pearl District.",
        "street_address": "1200 NW Everett Street\nSuite 300",
        "locality": "Portland",
        "region": "OR",
        "postal_code": "97209",
        "country": "US",
        "phone": "(503) 555-0100",
        "latitude": "45.525400",
        "longitude": "-122.684900",
        "opening_hours": [
            {
                "type": "hours",
                "value": {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "18:00"},
            },
            {"type": "hours", "value": {"days": ["sat"], "opens": "09:00", "closes": "13:00"}},
        ],
        "hours_note": "Closed on public holidays. Treatment sessions are by appointment only.",
        "directions": (
            "<p>The entrance is on NW Everett Street, between NW 12th and NW 13th Avenues. Take the lift "
            "to the third floor; reception is on your left.</p>"
        ),
        "parking_and_transit": (
            "<ul><li>Free parking for patients in the building's garage on NW 12th Avenue: ask "
            "reception to validate your ticket.</li>"
            "<li>The Portland Streetcar stops at NW 11th and Everett, one block away.</li>"
            "<li>After a treatment session you may not drive until the next day: plan for someone to "
            "take you home, or ask us about a ride.</li></ul>"
        ),
        "accessibility": (
            "<ul><li>A step-free entrance from the street and a lift to every floor.</li>"
            "<li>An accessible restroom on the third floor.</li>"
            "<li>A quiet waiting room; tell us if you would rather wait in a treatment room.</li>"
            "<li>Service animals are welcome.</li></ul>"
        ),
    },
]


def add_locations(home, created):
    """The locations page under the home page and the clinic's locations under it; returns them."""
    index = home.get_children().filter(slug=LOCATIONS_INDEX["slug"]).specific().first()
    if index is None:
        index = home.add_child(instance=LocationIndexPage(**LOCATIONS_INDEX))
        index.save_revision().publish()
        created.append(f"page /{index.slug}/")
    locations = []
    for data in LOCATIONS:
        location = index.get_children().filter(slug=data["slug"]).specific().first()
        if location is None:
            location = LocationPage(**data)
            location.clean()  # the demo's data passes the checks an editor's would
            index.add_child(instance=location)
            location.save_revision().publish()
            created.append(f"page /{index.slug}/{location.slug}/")
        locations.append(location)
    return index, locations
