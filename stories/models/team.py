"""The team page: the people with a public profile, and each one's profile at /team/<slug>/.

A profile is served from the Person record (people.py) by the team page's route, so it is
written once, in People, and a change there shows everywhere at once (the page cache drops
every page when a Person is saved: home/page_cache.py).
"""

from urllib.parse import urljoin

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from home.media_blocks import IMAGE_FORMATS, prefetch_renditions
from home.models import SitePage
from home.models.pages import INTRO_HELP
from home.people_blocks import TEAM_PHOTOS
from home.seo import site_url
from home.tasks import register_renditions

from .articles import ArticlePage
from .people import Person

# The profile's photo: a square at 15rem, at one and two pixels per CSS pixel (person_page.html).
PROFILE_PHOTOS = [
    f"format-{image_format}|fill-{size}" for image_format in IMAGE_FORMATS for size in ("240x240", "480x480")
]
register_renditions("clinician profile photo", PROFILE_PHOTOS)
# The photo search engines are given (JSON-LD `image`).
PROFILE_IMAGE = "fill-480x480|format-jpeg"
register_renditions("clinician profile image", [PROFILE_IMAGE])

# How many of a person's articles and reviewed pages a profile lists (the newest first).
PROFILE_LIST_LENGTH = 10
DESCRIPTION_LENGTH = 160

# The schema.org MedicalSpecialty a specialty's name maps to, by the word it starts with.
MEDICAL_SPECIALTIES = {
    "addiction psychiatr": "https://schema.org/Psychiatric",
    "anesthesi": "https://schema.org/Anesthesia",
    "anaesthesi": "https://schema.org/Anesthesia",
    "emergency": "https://schema.org/Emergency",
    "family medicine": "https://schema.org/PrimaryCare",
    "neurolog": "https://schema.org/Neurologic",
    "primary care": "https://schema.org/PrimaryCare",
    "psychiatr": "https://schema.org/Psychiatric",
}


def medical_specialties(names):
    """The schema.org specialties the names map to, once each; names that map to none are left out."""
    found = []
    for name in names:
        lowered = name.lower()
        for start, specialty in MEDICAL_SPECIALTIES.items():
            if lowered.startswith(start) and specialty not in found:
                found.append(specialty)
    return found


def reviewing_page_models():
    """The page types whose `reviewed_by` names a Person (the medical pages), found from Person's
    reverse relations so this app needs no import from the apps that use it."""
    return [
        relation.related_model
        for relation in Person._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and relation.field.name == "reviewed_by"
        and issubclass(relation.related_model, Page)
    ]


class TeamIndexPage(RoutablePageMixin, SitePage):
    """The clinicians behind the care: everyone in People with a public profile, each with a
    profile page of their own, made from their People record."""

    intro = models.TextField(blank=True, help_text=INTRO_HELP)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    template = "stories/team_index_page.html"
    profile_template = "stories/person_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    empty_message = "No profiles are published yet."

    class Meta:
        verbose_name = "team page"

    # The person whose profile this request shows; None on the team page itself.
    profile = None

    @classmethod
    def for_visitors(cls):
        return cls.objects.live().public()

    @classmethod
    def url_for(cls, request=None):
        """The live, public team page's URL ("" if there is none), looked up once per request."""
        cached = getattr(request, "_team_page_url", None)
        if cached is not None:
            return cached
        page = cls.for_visitors().first()
        url = (page.get_url(request) or "") if page else ""
        if request is not None:
            request._team_page_url = url
        return url

    @classmethod
    def profile_url_for(cls, person, request=None):
        base = cls.url_for(request)
        return base + cls.profile_path(person) if base else ""

    @classmethod
    def profile_path(cls, person):
        """The profile's address below the team page's ('jordan-avery/')."""
        return cls.get_resolver().reverse("profile", person.slug)

    @cached_property
    def people(self):
        """The people with a public profile, with their photos and the photos' renditions."""
        people = list(Person.objects.filter(public_profile=True).exclude(slug="").select_related("photo"))
        prefetch_renditions([person.photo for person in people], TEAM_PHOTOS)
        return people

    # Routes

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides={"people": self.people})

    @path("<slug:slug>/", name="profile")
    def profile_route(self, request, slug):
        person = Person.objects.filter(public_profile=True, slug=slug).select_related("photo").first()
        if person is None:
            raise Http404("No such profile.")
        prefetch_renditions([person.photo], [*PROFILE_PHOTOS, PROFILE_IMAGE])
        self.show_profile(person, request)
        return self.render(
            request,
            template=self.profile_template,
            context_overrides={
                "person": person,
                "articles": self.articles_by(person),
                "reviewed_pages": self.pages_reviewed_by(person),
            },
        )

    def show_profile(self, person, request):
        """This page, as the profile's document: its title, description and canonical address."""
        self.profile = person
        self.profile_full_url = self.get_full_url(request) + self.profile_path(person)
        self.seo_title = str(person)
        self.search_description = self.profile_description(person)

    @staticmethod
    def profile_description(person):
        text = (
            person.bio or strip_tags(person.biography) or ", ".join(filter(None, [str(person), person.role]))
        )
        text = " ".join(text.split())
        if len(text) <= DESCRIPTION_LENGTH:
            return text
        return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"

    @property
    def full_url(self):
        # base.html's canonical link and og:url: the profile's own address on a profile.
        return self.profile_full_url if self.profile else self.get_full_url()

    @staticmethod
    def articles_by(person):
        return list(
            ArticlePage.objects.live()
            .public()
            .filter(author=person)
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "path", "depth")[:PROFILE_LIST_LENGTH]
        )

    @staticmethod
    def pages_reviewed_by(person):
        """The live, public pages this person last reviewed, in one query whatever their types."""
        models_ = reviewing_page_models()
        if not models_:
            return []
        reviewed = Q()
        for model in models_:
            reviewed |= Q(pk__in=model.objects.filter(reviewed_by=person).values("pk"))
        return list(Page.objects.live().public().filter(reviewed).order_by("title")[:PROFILE_LIST_LENGTH])

    # For search engines and the CDN

    def get_sitemap_urls(self, request=None):
        """The team page and every profile, so search engines find them."""
        base = self.get_full_url(request)
        return super().get_sitemap_urls(request) + [
            {"location": base + self.profile_path(person)} for person in self.people
        ]

    def get_cached_paths(self):
        """The team page and every profile, so a CDN purge reaches them all."""
        slugs = Person.objects.filter(public_profile=True).exclude(slug="").values_list("slug", flat=True)
        return ["/"] + [f"/{slug}/" for slug in slugs]

    def structured_data(self, request):
        if self.profile is not None:
            return {"@context": "https://schema.org", **self.person_data(self.profile, request)}
        people = self.people
        return {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "name": self.title,
            "url": self.get_full_url(request),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": self.person_data(person, request, brief=True),
                }
                for position, person in enumerate(people, start=1)
            ],
        }

    def person_data(self, person, request, brief=False):
        """schema.org data for a person: Physician (also a Person, for the personal properties
        schema.org gives only people) for a physician, Person for anyone else."""
        data = {
            "@type": ["Physician", "Person"] if person.is_physician else "Person",
            "name": person.name,
            "url": self.get_full_url(request) + self.profile_path(person),
        }
        if person.credentials:
            data["honorificSuffix"] = person.credentials
        if person.role:
            data["jobTitle"] = person.role
        if brief:
            return data
        # Imported here: home.images holds the admin's image form, which needs the app registry.
        from home.images import rendition_or_none

        image = rendition_or_none(person.photo, PROFILE_IMAGE) if person.photo else None
        if image is not None:
            data["image"] = urljoin(site_url(request), image.url)
        if person.language_list:
            data["knowsLanguage"] = person.language_list
        specialties = medical_specialties(person.specialty_list)
        if specialties and person.is_physician:
            data["medicalSpecialty"] = specialties
        data["worksFor"] = {"@id": f"{site_url(request)}#clinic"}
        return data
