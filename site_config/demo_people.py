"""The demo's team page and its clinicians' public profiles.

    update_demo_people()       # once the demo's people exist (DEMO_CLINICIANS, AUTHOR)
    add_team_page(home)        # the team page at /team/, listing them

Idempotent: a field an editor (or an earlier run) has filled is left as it is; only blank fields
are filled, and the wording earlier versions of the demo gave the people is replaced. The team
page is made once; after that it is the editors'.
"""

from django.db import transaction

from stories.models import Person, TeamIndexPage

from .demo_data import AUTHOR, DEMO_CLINICIANS

TEAM_PAGE = {
    "title": "Our clinicians",
    "slug": "team",
    "intro": (
        "The doctors and nurse practitioners who assess, treat and follow up with every patient, "
        "and who review the medical content of this site."
    ),
}
PROFILE_FIELDS = ("specialties", "languages", "licensure", "biography")
# What earlier versions of the demo wrote in these records, replaced by the current wording.
EARLIER_WORDING = {
    "role": {
        "Demo author",
        "Medical director (demo profile)",
        "Psychiatric nurse practitioner (demo profile)",
    },
    "bio": {
        "Demo author record: replace it with the clinician or writer who wrote each article.",
        "Demo profile, not a real clinician: replace it with the clinic's medical director.",
        "Demo profile, not a real clinician: replace it with one of the clinic's clinicians.",
    },
}


def is_blank(person, field):
    value = getattr(person, field)
    if field == "licensure":
        return len(value) == 0
    return not str(value or "").strip()


@transaction.atomic
def update_demo_people():
    """Fills the profile fields of the demo's people where they are blank; returns the names of
    the people changed (none on a second run)."""
    changed = []
    for data in [AUTHOR, *(person for person, _portrait in DEMO_CLINICIANS)]:
        person = Person.objects.filter(name=data["name"]).first()
        if person is None:
            continue
        fields = []
        had_profile = not all(is_blank(person, field) for field in PROFILE_FIELDS)
        for field, value in data.items():
            if field in ("name", "public_profile", "slug"):
                continue
            if is_blank(person, field) or getattr(person, field) in EARLIER_WORDING.get(field, ()):
                setattr(person, field, value)
                fields.append(field)
        # A profile goes public with its first filling, never again after an editor turned it off.
        if data.get("public_profile") and not person.public_profile and not had_profile:
            person.public_profile = True
            fields.append("public_profile")
        if fields:
            person.full_clean()
            person.save()
            changed.append(person.name)
    return changed


def add_team_page(home):
    """The team page below the home page, published; the existing one if there is one."""
    existing = TeamIndexPage.objects.first()
    if existing is not None:
        return existing
    page = TeamIndexPage(**TEAM_PAGE)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
