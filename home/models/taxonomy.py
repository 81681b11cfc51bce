"""The conditions the clinic treats, as records that pages, articles and testimonials refer to.

They live in the base app so that stories (articles, testimonials) and
conditions (condition pages) can both point at them without pointing at
each other.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Condition(index.Indexed, models.Model):
    """A condition, e.g. 'Substance use disorder': what a condition page, an article or a testimonial is about."""

    name = models.CharField(max_length=120, unique=True, help_text="e.g. 'Substance use disorder'.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Used in addresses such as /articles/?condition=substance-use-disorder. Made from the name if left empty.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)[:120]
            if not self.slug:
                raise ValidationError(
                    {"slug": "Enter a slug: the name has no letters or digits to make one from."}
                )
            if Condition.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                raise ValidationError({"slug": f"Another condition already uses the slug '{self.slug}'."})
