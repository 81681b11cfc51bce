"""The clinic's locations: where patients go, when it is open, how to get there and get in.

The footer, the contact and booking pages, and the appointment form's choice of location all
read the published location pages (`LocationPage.objects.for_visitors()`), so an address is
written once.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from ..location_blocks import OpeningHoursBlock, repeated_days
from ..phones import NOT_DIALLABLE, PHONE_HELP, parse_phone, tel_link
from ..seo import site_url
from ..tasks import register_renditions
from .pages import INTRO_HELP, IndexPage, SitePage, SitePageManager
from .settings import ClinicSettings

DIRECTIONS_FEATURES = ["bold", "italic", "ul", "ol", "link"]
# The map picture: the page's text column, at one and two pixels per CSS pixel.
MAP_IMAGES = [
    f"format-{image_format}|width-{width}"
    for image_format in ("avif", "webp", "jpeg")
    for width in (480, 960)
]
register_renditions("location map", MAP_IMAGES)


class LocationManager(SitePageManager):
    def for_visitors(self, site=None):
        """The published locations visitors may see (of `site`, if given), in the page tree's order."""
        # From the location rows: on every page's footer, the site's path alone read every page
        # of the site in path order to find them (4 ms at 10,000 articles).
        locations = self.get_queryset().live().public().from_own_rows().order_by("path")
        return locations.in_site(site) if site is not None else locations


class LocationIndexPage(IndexPage):
    """Lists the clinic's locations, at /locations/."""

    template = "home/location_index_page.html"
    empty_message = "No locations are published yet."
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.LocationPage"]


class LocationPage(SitePage):  # noqa: DJ008 (Page defines __str__)
    """One place the clinic sees patients: its address, opening hours and phone, how to get there,
    where to park, and how accessible the building is."""

    intro = models.TextField(blank=True, max_length=400, help_text=INTRO_HELP)
    street_address = models.TextField(
        max_length=200, help_text="The street and number, and the suite or floor, one per line."
    )
    locality = models.CharField("city", max_length=80)
    region = models.CharField("state", max_length=40, help_text="e.g. OR")
    postal_code = models.CharField("ZIP code", max_length=12)
    country = models.CharField(max_length=2, default="US", help_text="The two-letter country code, e.g. US.")
    phone = models.CharField(max_length=40, help_text=PHONE_HELP)
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())],
        blank=True,
        help_text="One row per set of days with the same hours; days not listed are shown as closed.",
    )
    hours_note = models.CharField(max_length=200, blank=True, help_text="e.g. 'Closed on public holidays.'")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text="For search engines and the map link, e.g. 45.523064.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text="e.g. -122.676483.",
    )
    directions = RichTextField(features=DIRECTIONS_FEATURES, blank=True)
    parking_and_transit = RichTextField(features=DIRECTIONS_FEATURES, blank=True)
    accessibility = RichTextField(
        "accessibility of the building",
        features=DIRECTIONS_FEATURES,
        blank=True,
        help_text="Step-free entrance, lifts, accessible restrooms, quiet waiting areas, service animals.",
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A picture of the map (the page makes no request to a map service).",
    )
    map_url = models.URLField(
        "map link",
        blank=True,
        help_text="A link to the location on a map service. Empty: OpenStreetMap, from the coordinates.",
    )

    objects = LocationManager()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region"), FieldPanel("postal_code")]),
                FieldPanel("country"),
                FieldPanel("phone"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Address",
        ),
        MultiFieldPanel([FieldPanel("opening_hours"), FieldPanel("hours_note")], heading="Opening hours"),
        FieldPanel("directions"),
        FieldPanel("parking_and_transit"),
        FieldPanel("accessibility"),
        MultiFieldPanel([FieldPanel("map_image"), FieldPanel("map_url")], heading="Map"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("street_address"),
        index.SearchField("locality"),
        index.SearchField("directions"),
        index.SearchField("parking_and_transit"),
        index.SearchField("accessibility"),
    ]

    template = "home/location_page.html"
    parent_page_types = ["home.LocationIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        errors = {}
        if self.phone and parse_phone(self.phone) is None:
            errors["phone"] = NOT_DIALLABLE
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = "Give both the latitude and the longitude, or neither."
        repeated = repeated_days(block.value for block in self.opening_hours)
        if repeated:
            errors["opening_hours"] = (
                f"{repeated} appears in more than one row: give each day its hours once."
            )
        if self.country:
            self.country = self.country.strip().upper()
        if errors:
            raise ValidationError(errors)

    # What the page, the footer and the form show

    @property
    def phone_link(self):
        return tel_link(self.phone)

    @cached_property
    def address_lines(self):
        """The address as it is printed on an envelope."""
        street = [line.strip() for line in self.street_address.splitlines() if line.strip()]
        return [*street, f"{self.locality}, {self.region} {self.postal_code}".strip(" ,")]

    @property
    def one_line_address(self):
        return ", ".join(self.address_lines)

    @property
    def hours(self):
        """The rows of opening hours a visitor can read (a draft's half-filled rows left out)."""
        return [block.value for block in self.opening_hours if block.value.hours_label]

    @property
    def map_link(self):
        if self.map_url:
            return self.map_url
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        return ""

    @property
    def map_alt(self):
        return f"Map of the streets around {self.one_line_address}"

    @property
    def card_summary(self):
        return self.one_line_address

    def structured_data(self, request):
        """The location as a schema.org MedicalClinic, part of the clinic's organisation."""
        clinic = ClinicSettings.for_request(request)
        data = {
            "@type": "MedicalClinic",
            "@id": f"{self.get_full_url(request)}#location",
            "name": f"{clinic.clinic_name}, {self.title}",
            "url": self.get_full_url(request),
            "parentOrganization": {"@id": f"{site_url(request)}#clinic"},
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(self.address_lines[:-1]),
                "addressLocality": self.locality,
                "addressRegion": self.region,
                "postalCode": self.postal_code,
                "addressCountry": self.country,
            },
            "telephone": self.phone,
            "openingHoursSpecification": [
                hours for hours in (row.structured_data() for row in self.hours) if hours
            ],
        }
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.map_link:
            data["hasMap"] = self.map_link
        return data


def visible_locations(request):
    """The published locations of the request's site, loaded once per request (the footer and a
    locations block share them)."""
    if not hasattr(request, "_site_locations"):
        request._site_locations = list(LocationPage.objects.for_visitors(Site.find_for_request(request)))
    return request._site_locations
