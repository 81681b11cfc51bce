"""Site-wide settings editors change without a developer: the clinic's details, disclaimer, menus,
logo and brand colour."""

import re

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
from ..tasks import register_renditions

# Numbers written without +country code are read as numbers of this country.
PHONE_REGION = getattr(settings, "CLINIC_PHONE_REGION", "US")

# The header's logo: at most 48 px high on screen, twice that for high-density screens.
LOGO_RENDITIONS = ["max-480x96"]
register_renditions("clinic logo", LOGO_RENDITIONS)

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# WCAG 2.x AA for normal text: buttons and links show white text on the brand colour (and the
# brand colour on white, the same ratio).
AA_CONTRAST = 4.5
WHITE = (255, 255, 255)


def hex_to_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def relative_luminance(rgb):
    """WCAG 2.x relative luminance of an sRGB colour (0 to 255 per channel)."""

    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """WCAG 2.x contrast ratio of two sRGB colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(rgb, amount=0.3):
    """The colour mixed with `amount` of black: hover states and headings."""
    return "#" + "".join(f"{round(channel * (1 - amount)):02x}" for channel in rgb)


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
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header instead of the clinic's name (which becomes its alt text); "
        "a wide image, at most 48 pixels high on screen.",
    )
    brand_colour = models.CharField(
        # Room for a mistyped value, so clean() can say what is wrong with it; a saved one is 7.
        max_length=20,
        blank=True,
        help_text=(
            "The colour of buttons, links and headings, as #rrggbb (e.g. #0f5e63). White text on it "
            "must be readable: a contrast of at least 4.5 to 1. Empty: the site's own teal."
        ),
    )

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
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("brand_colour")], heading="Brand"),
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
        if self.brand_colour:
            self.brand_colour = self.brand_colour.strip().lower()
            if not HEX_COLOUR.fullmatch(self.brand_colour):
                raise ValidationError(
                    {"brand_colour": "Enter the colour as # and six hexadecimal digits, e.g. #0f5e63."}
                )
            ratio = contrast_ratio(hex_to_rgb(self.brand_colour), WHITE)
            if ratio < AA_CONTRAST:
                raise ValidationError(
                    {
                        "brand_colour": (
                            f"White text on {self.brand_colour} has a contrast of {ratio:.2f} to 1; "
                            f"it needs at least {AA_CONTRAST} to 1 to be readable. Choose a darker colour."
                        )
                    }
                )

    @property
    def brand_palette(self):
        """The brand colour and its darker shade as CSS custom properties, or {} for the site's own;
        a colour saved before validation (or by code) that fails it is ignored."""
        colour = (self.brand_colour or "").lower()
        if not HEX_COLOUR.fullmatch(colour) or contrast_ratio(hex_to_rgb(colour), WHITE) < AA_CONTRAST:
            return {}
        return {"--colour-brand": colour, "--colour-brand-dark": darker(hex_to_rgb(colour))}

    @property
    def brand_stylesheet_version(self):
        """What the brand stylesheet's address changes with, so browsers may keep it for good."""
        return "".join(self.brand_palette.values()).replace("#", "")

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
