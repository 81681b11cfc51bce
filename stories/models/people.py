"""People: the authors of articles and the clinicians who review medical content."""

from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Person(index.Indexed, models.Model):
    """An author or reviewer: a name with credentials, a photo and a short biography."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Degrees and licences as they follow the name, e.g. 'MD, PhD'."
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. 'Medical director'.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(blank=True)
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
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name
