"""Site-wide settings editors change without a developer: the clinic's details, disclaimer and menus."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from ..blocks import NavigationLinkBlock, SocialLinkBlock


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """What editors change without a developer: the clinic's details, its disclaimer and its menus."""

    clinic_name = models.CharField(max_length=120, default="Northwest Ketamine Clinics")
    phone = models.CharField(
        max_length=40, blank=True, help_text="As visitors should dial it, e.g. (503) 555-0100."
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

    @property
    def booking_link(self):
        if self.booking_page and self.booking_page.live:
            return self.booking_page.url
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
        """The phone number as a tel: address."""
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""
