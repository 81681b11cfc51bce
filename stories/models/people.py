"""People: the authors of articles and the clinicians who review medical content.

A person with a public profile has a page on the team page (/team/<slug>/, TeamIndexPage in
team.py); the profile is read from this record, never copied into a page.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.text import slugify

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

BIOGRAPHY_FEATURES = ["bold", "italic", "ul", "ol", "link"]
NO_NUL = ProhibitNullCharactersValidator()
# Credentials that make a person a physician for schema.org (Physician rather than Person).
PHYSICIAN_DEGREES = {"MD", "DO", "MBBS", "MBCHB"}


class LicenceBlock(blocks.CharBlock):
    """One licence as the board writes it, e.g. 'Oregon Medical Board MD12345'."""

    class Meta:
        icon = "doc-full"
        label = "Licence"


class Person(index.Indexed, models.Model):
    """An author or reviewer: a name with credentials, a photo and a short biography; a clinician's
    public profile adds specialties, languages, licences and a longer biography."""

    name = models.CharField(max_length=120, validators=[NO_NUL])
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="The profile's address, /team/<slug>/. Leave it empty to make it from the name.",
    )
    credentials = models.CharField(
        max_length=120,
        blank=True,
        validators=[NO_NUL],
        help_text="Degrees and licences as they follow the name, e.g. 'MD, PhD'.",
    )
    role = models.CharField(
        max_length=120, blank=True, validators=[NO_NUL], help_text="e.g. 'Medical director'."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(
        "Short biography",
        max_length=600,
        blank=True,
        # A TextField's max_length binds only its form field; this binds full_clean() too.
        validators=[NO_NUL, MaxLengthValidator(600)],
        help_text="A sentence or two, shown under the articles this person wrote.",
    )
    public_profile = models.BooleanField(
        default=False,
        help_text=(
            "Give this person a profile on the team page. Leave it off for a record that is not "
            "one person, such as the clinic's editorial team."
        ),
    )
    specialties = models.CharField(
        max_length=250,
        blank=True,
        validators=[NO_NUL],
        help_text="Separated by commas, e.g. 'Psychiatry, Addiction medicine'.",
    )
    languages = models.CharField(
        max_length=250,
        blank=True,
        validators=[NO_NUL],
        help_text="The languages this person sees patients in, separated by commas, e.g. 'English, Spanish'.",
    )
    licensure = StreamField(
        [("licence", LicenceBlock(max_length=200))],
        blank=True,
        help_text="Each licence as the board writes it, with its number, e.g. 'Oregon Medical Board MD12345'.",
    )
    biography = RichTextField(
        features=BIOGRAPHY_FEATURES,
        max_length=5000,
        blank=True,
        validators=[NO_NUL],
        help_text="The profile's biography: training, experience, how this person works with patients.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="For a medical reviewer: their admin account, so approving a page records them as its reviewer.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("public_profile"),
                FieldPanel("slug"),
                FieldPanel("specialties"),
                FieldPanel("languages"),
                FieldPanel("licensure"),
                FieldPanel("biography"),
            ],
            heading="Public profile",
            help_text="What the person's page on the team page shows.",
        ),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # full_clean() does not run a StreamField's blocks' checks (the admin's form does).
        try:
            self._meta.get_field("licensure").stream_block.clean(self.licensure)
        except ValidationError as error:
            raise ValidationError({"licensure": error}) from error
        if not self.slug:
            self.slug = self.unique_slug()
        if not self.slug:
            raise ValidationError({"slug": "Enter an address made of letters, numbers and hyphens."})

    def unique_slug(self):
        """A slug from the name that no other person has ('jordan-avery', then 'jordan-avery-2')."""
        max_length = self._meta.get_field("slug").max_length
        base = slugify(self.name)[: max_length - 4].strip("-") or "person"
        taken = set(
            Person.objects.exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def specialty_list(self):
        return split_list(self.specialties)

    @property
    def language_list(self):
        return split_list(self.languages)

    @property
    def licences(self):
        return [(block.value or "").strip() for block in self.licensure if (block.value or "").strip()]

    @property
    def is_physician(self):
        """Whether the credentials hold a physician's degree (MD, DO; MBBS, MBChB abroad)."""
        words = self.credentials.upper().replace(".", "").replace(",", " ").split()
        return any(word in PHYSICIAN_DEGREES for word in words)

    def get_profile_url(self, request=None):
        """The profile's address when this person has a public profile and the team page is live
        and public, else "". The team page is looked up once per request (TeamIndexPage.url_for)."""
        if not (self.public_profile and self.slug):
            return ""
        # By name: team.py imports this module.
        return apps.get_model("stories", "TeamIndexPage").profile_url_for(self, request)


def split_list(text):
    """A comma-separated list as its items, blank ones dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]
