"""Site-wide settings editors change without a developer: the clinic's details, disclaimer and menus."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

import phonenumbers

from ..blocks import NavigationLinkBlock, SocialLinkBlock, shown_to_visitors, under_view_restriction

# Numbers written without +country code are read as numbers of this country.
PHONE_REGION = getattr(settings, "CLINIC_PHONE_REGION", "US")


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """What editors change without a developer: the clinic's details, its disclaimer and its menus."""

    clinic_name = models.CharField(max_length=120, default="Northwest Ketamine Clinics")
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text=(
            "As visitors should read it, e.g. (503) 555-0100 or (503) 555-0100 ext. 2; "
            "with + and the country code if it is not a US number."
        ),
    )
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.TextField(
        blank=True, help_text="One line per day or range, e.g. 'Mon-Fri 8am-6pm'."
    )
    booking_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booking_url = models.URLField(blank=True, help_text="Used only when no booking page is chosen.")
    disclaimer = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        default=(
            "<p>The information on this site is general and does not replace advice from your own "
            "clinician. Ketamine treatment for many conditions is off-label.</p>"
        ),
        help_text="Shown in every page's footer.",
    )
    header_links = StreamField([("link", NavigationLinkBlock())], blank=True, max_num=7)
    footer_links = StreamField([("link", NavigationLinkBlock())], blank=True)
    social_links = StreamField([("social", SocialLinkBlock())], blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("clinic_name"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading="The clinic",
        ),
        MultiFieldPanel([FieldPanel("booking_page"), FieldPanel("booking_url")], heading="Booking"),
        FieldPanel("disclaimer"),
        FieldPanel("header_links"),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "clinic settings"

    def clean(self):
        super().clean()
        if self.phone and self.phone_number is None:
            raise ValidationError(
                {
                    "phone": "This is not a phone number that can be dialled: check the digits and the area code."
                }
            )

    @property
    def phone_number(self):
        """The phone number, parsed; None if it cannot be dialled."""
        try:
            number = phonenumbers.parse(self.phone, PHONE_REGION)
        except phonenumbers.NumberParseException:
            return None
        return number if phonenumbers.is_valid_number(number) else None

    def menu_warnings(self):
        """What an editor should know about the menus: links that visitors do not see."""
        warnings = []
        for menu, links in (("header", self.header_links), ("footer", self.footer_links)):
            for link in links:
                page = link.value.get("page")
                if page is None:
                    continue
                if not page.live:
                    warnings.append(
                        f"The {menu} menu link \u201c{link.value['label']}\u201d leads to \u201c{page.title}\u201d, "
                        "which is not published: visitors do not see the link until the page is published."
                    )
                elif not shown_to_visitors(page):
                    warnings.append(
                        f"The {menu} menu link \u201c{link.value['label']}\u201d leads to \u201c{page.title}\u201d, "
                        "which is private: visitors do not see the link."
                    )
        if self.booking_page and not shown_to_visitors(self.booking_page):
            warnings.append(
                f"The booking page \u201c{self.booking_page.title}\u201d is not published or is private: the booking buttons "
                + ("use the booking link instead." if self.booking_url else "are hidden until it is.")
            )
        return warnings

    @cached_property
    def booking_link(self):
        """The booking page's address if visitors may see it, else the booking URL: one query,
        the page loaded with whether a view restriction covers it, once per request."""
        if self.booking_page_id:
            page = (
                Page.objects.annotate(under_view_restriction=under_view_restriction())
                .filter(pk=self.booking_page_id)
                .first()
            )
            if shown_to_visitors(page):
                return page.url
        return self.booking_url

    def structured_data(self, site_url):
        """The clinic as a schema.org MedicalClinic."""
        data = {
            "@type": "MedicalClinic",
            "@id": f"{site_url}#clinic",
            "name": self.clinic_name,
            "url": site_url,
        }
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.address:
            data["address"] = {"@type": "PostalAddress", "streetAddress": " ".join(self.address.split())}
        if self.opening_hours:
            data["openingHours"] = [line.strip() for line in self.opening_hours.splitlines() if line.strip()]
        return data

    @property
    def phone_link(self):
        """The phone number as a tel: address (RFC 3966, with its extension); none if it cannot be dialled."""
        number = self.phone_number if self.phone else None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966) if number else ""
