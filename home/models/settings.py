"""Site-wide settings editors change without a developer: the clinic's details, disclaimer, menus,
logo and brand colour."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import NavigationLinkBlock, SocialLinkBlock, shown_to_visitors, under_view_restriction
from ..phones import NOT_DIALLABLE, PHONE_HELP, parse_phone, tel_link
from ..tasks import register_renditions

# The header's logo: at most 48 px high on screen, twice that for high-density screens.
LOGO_RENDITIONS = ["max-480x96"]
register_renditions("clinic logo", LOGO_RENDITIONS)

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# WCAG 2.x AA for normal text: buttons and links show white text on the brand colour (and the
# brand colour on white, the same ratio).
AA_CONTRAST = 4.5
WHITE = (255, 255, 255)

CRISIS_NOTICE = (
    '<p>If you are in crisis or thinking about suicide, <a href="tel:988">call 988</a> or '
    '<a href="sms:988">text 988</a> (Suicide &amp; Crisis Lifeline), or call '
    '<a href="tel:911">911</a> in an emergency.</p>'
)
# The footer's "Legal" list: the setting naming each page, in the order the footer lists them.
LEGAL_PAGE_FIELDS = ["privacy_page", "terms_page", "accessibility_page", "nondiscrimination_page"]


def legal_page_field(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text="Listed under “Legal” in every page's footer while it is published and public.",
    )


# Testimonial disclosure: what a reader should expect, next to every testimonial (FTC 16 CFR
# 255.2(b)). It states no figure: a percentage would need its study named beside it.
TESTIMONIAL_DISCLOSURE = (
    "This is one patient's account, not a typical or promised result. In studies of ketamine "
    "treatment some people improve a great deal, some a little and some not at all, and no one can "
    "say in advance how it will work for you. What the studies found, with their numbers, is on "
    "each condition page."
)
# Said alone, or together, these tell a reader nothing about the results to expect
# (16 CFR 255.2(b)); longest first, so a longer one is taken out whole.
VAGUE_DISCLOSURES = sorted(
    [
        "individual results vary",
        "individual results may vary",
        "results vary",
        "results may vary",
        "your results may vary",
        "results will vary",
        "results not typical",
        "results are not typical",
        "results may not be typical",
        "results may differ",
        "results differ",
        "results are not guaranteed",
        "this is one patient s experience",
        "this is one patient s story",
    ],
    key=len,
    reverse=True,
)


def validate_results_disclosure(text):
    """Refuses a disclosure that says only "Individual results vary" or the like."""
    said = " " + " ".join(re.sub(r"[^a-z]+", " ", (text or "").lower()).split()) + " "
    for phrase in VAGUE_DISCLOSURES:
        while f" {phrase} " in said:
            said = said.replace(f" {phrase} ", " ")
    if text and text.strip() and not said.strip():
        raise ValidationError(
            f"\u201c{text.strip()}\u201d alone does not tell readers what results to expect. Say what "
            "patients generally experience, e.g. that results like these are not typical and how "
            "results differ, and where to read the studies (FTC Endorsement Guides, 16 CFR 255.2(b)).",
            code="vague_disclosure",
        )


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
        help_text=PHONE_HELP,
    )
    email = models.EmailField(blank=True)
    address = models.TextField(
        blank=True, help_text="Shown in the footer only while no location page is published."
    )
    opening_hours = models.TextField(
        blank=True,
        help_text="One line per day or range, e.g. 'Mon-Fri 8am-6pm'. Shown in the footer only while no "
        "location page is published: each location page has its own hours.",
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
    crisis_notice = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        max_length=500,
        default=CRISIS_NOTICE,
        help_text="Where to turn in a crisis: shown in every page's footer and near the top of each "
        "condition page. Its links to call (tel:988) and text (sms:988) the Lifeline stay as they are "
        "when you edit the words.",
    )
    demo_banner = models.CharField(
        max_length=300,
        blank=True,
        help_text="Only for a demonstration site: when set, one banner at the top of every page says so. "
        "Leave empty on the clinic's real site.",
    )
    testimonial_disclosure = models.TextField(
        "Testimonial disclosure",
        default=TESTIMONIAL_DISCLOSURE,
        validators=[validate_results_disclosure],
        help_text="Shown with every testimonial that has no disclosure of its own: the results patients "
        "should generally expect. \u201cIndividual results vary\u201d alone is not enough.",
    )
    privacy_page = legal_page_field("privacy notice")
    terms_page = legal_page_field("terms of use")
    accessibility_page = legal_page_field("accessibility statement")
    nondiscrimination_page = legal_page_field("non-discrimination notice")

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
        FieldPanel("crisis_notice"),
        FieldPanel("testimonial_disclosure"),
        MultiFieldPanel(
            [FieldPanel(name) for name in LEGAL_PAGE_FIELDS], heading="Legal pages (listed in the footer)"
        ),
        FieldPanel("demo_banner"),
        FieldPanel("header_links"),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "clinic settings"

    def clean(self):
        super().clean()
        if self.phone and self.phone_number is None:
            raise ValidationError({"phone": NOT_DIALLABLE})
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
        return parse_phone(self.phone)

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
        for name in LEGAL_PAGE_FIELDS:
            page = getattr(self, name)
            if page is not None and not shown_to_visitors(page):
                label = self._meta.get_field(name).verbose_name
                warnings.append(
                    f"The {label} \u201c{page.title}\u201d is not published or is private: the footer "
                    "does not list it until it is published and public."
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

    @cached_property
    def legal_links(self):
        """The legal pages visitors may see, as (title, address) in the footer's order: one query,
        once per request; a page unpublished, private or deleted is left out."""
        ids = [getattr(self, f"{name}_id") for name in LEGAL_PAGE_FIELDS]
        if not any(ids):
            return []
        pages = Page.objects.annotate(under_view_restriction=under_view_restriction()).in_bulk(
            [page_id for page_id in ids if page_id]
        )
        shown = [pages.get(page_id) for page_id in ids]
        return [(page.title, page.url) for page in shown if shown_to_visitors(page) and page.url]

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
        return tel_link(self.phone)
