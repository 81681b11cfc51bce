"""Blocks about people, for any page: a patient's testimonial, and the clinicians behind the care.

The records live in stories (`stories.Testimonial`, `stories.Person`), above home: the blocks name
them by string and ask the records themselves what may be shown (a testimonial's consent).
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .media_blocks import IMAGE_FORMATS, prefetch_renditions
from .tasks import register_renditions

# A clinician's photo, square and cropped around its focal point, at one and two pixels per
# CSS pixel (team_block.html).
TEAM_PHOTOS = [
    f"format-{image_format}|fill-{size}" for image_format in IMAGE_FORMATS for size in ("160x160", "320x320")
]
register_renditions("team member photo", TEAM_PHOTOS)

STATEMENT_FEATURES = ["bold", "italic", "link"]


# Testimonial


class TestimonialChooserBlock(SnippetChooserBlock):
    """Chooses a testimonial: the chooser lists only those that may be shown (the snippet's chooser,
    stories/choosers.py); a page is found by the words of the testimonials it shows."""

    def __init__(self, **kwargs):
        super().__init__("stories.Testimonial", **kwargs)

    def get_searchable_content(self, value):
        return [value.quote] if value and value.can_be_shown else []


class TestimonialBlock(blocks.StructBlock):
    """A patient testimonial chosen from the library; only consented, authorized, published ones,
    shown with the patient's connection to the clinic and the results readers should expect."""

    testimonial = TestimonialChooserBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        testimonial = value.get("testimonial")
        if testimonial is not None:
            # The clinic's default disclosure comes with the request's settings, loaded once for it.
            context["disclosure"] = testimonial.results_disclosure_shown(
                (parent_context or {}).get("request")
            )
        return context

    class Meta:
        icon = "openquote"
        template = "blocks/testimonial_block.html"
        label = "Testimonial"
        description = (
            "A patient's words, chosen from the testimonials library, with the results readers "
            "should expect. Only testimonials with recorded consent and a signed authorization can be chosen."
        )

    def clean(self, value):
        value = super().clean(value)
        testimonial = value.get("testimonial")
        # The testimonial knows why it may not be shown (its consent, its publication).
        error = "Choose a testimonial." if testimonial is None else testimonial.reason_not_shown()
        if error:
            raise StructBlockValidationError({"testimonial": ValidationError(error)})
        return value

    def get_preview_value(self):
        shown = self.child_blocks["testimonial"].model_class.objects.shown().first()
        return self.to_python({"testimonial": getattr(shown, "pk", None)})

    def content_warnings(self, value):
        """For the page's content checks: a testimonial visitors will not see."""
        testimonial = value.get("testimonial")
        if testimonial is not None and testimonial.can_be_shown:
            return []
        return [
            "A testimonial on this page cannot be shown (deleted, unpublished, its consent "
            "withdrawn or lapsed, or its signed authorization missing or expired); visitors will not see it."
        ]


# Team


class PersonChooserBlock(SnippetChooserBlock):
    """Chooses a person from People; the people of every team block on a page load together, with
    their photos and the photos' renditions, in three queries."""

    def __init__(self, **kwargs):
        super().__init__("stories.Person", **kwargs)

    def bulk_to_python(self, values):
        found = self.model_class.objects.select_related("photo").in_bulk(
            [value for value in values if value is not None]
        )
        people = [found.get(value) for value in values]
        prefetch_renditions({person.photo for person in found.values()}, TEAM_PHOTOS)
        return people

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


class TeamValue(blocks.StructValue):
    @cached_property
    def shown_people(self):
        """The people chosen and still in People (a draft may hold an empty or deleted choice)."""
        return [person for person in self.get("people") or [] if person is not None]

    @property
    def name_heading_level(self):
        """Each person is a sub-section of the block's heading, or a section of the page without one."""
        return "h3" if (self.get("heading") or "").strip() else "h2"


class TeamBlock(blocks.StructBlock):
    """The clinicians behind the care: a heading, a short statement such as how medical review
    works, and one to six people from People with their photo, credentials and role."""

    heading = blocks.CharBlock(max_length=100, default="Our clinicians")
    statement = blocks.RichTextBlock(
        features=STATEMENT_FEATURES,
        required=False,
        help_text="A sentence or two, e.g. who reviews the site's medical content and how often.",
    )
    people = blocks.ListBlock(
        PersonChooserBlock(),
        min_num=1,
        max_num=6,
        collapsed=False,
        help_text="Their name, credentials, role and photo come from People.",
    )

    class Meta:
        icon = "group"
        template = "blocks/team_block.html"
        label = "Team and medical review"
        label_format = "{heading}"
        value_class = TeamValue
        description = (
            "The clinicians behind the care, with their credentials and roles, and how medical "
            "content is reviewed."
        )

    def get_preview_value(self):
        people = self.child_blocks["people"].child_block.model_class.objects.order_by("name")[:3]
        return self.to_python(
            {
                "heading": "Our clinicians",
                "statement": (
                    "<p>Every page about a condition or a treatment is reviewed by one of our "
                    "clinicians before it is published, and again when its review falls due.</p>"
                ),
                "people": [person.pk for person in people],
            }
        )
