"""The appointment form as visitors get it: Wagtail's form builder, with two field types of the
clinic's own (a contact that is an email address or a phone number, and a choice of the
published locations), limits on every text, and the spam guard."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from home.models import LocationPage
from home.phones import parse_phone

from .spam import SpamGuardMixin

# Longest answers accepted: a name or a contact fits a line; a message, a few paragraphs.
LINE_LENGTH = 255
MESSAGE_LENGTH = 2000

CONTACT_HELP = "An email address or a phone number."
NOT_A_CONTACT = "Please enter an email address (name@example.com) or a phone number with its area code."


def validate_contact(value):
    """An email address or a phone number that can be dialled."""
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(NOT_A_CONTACT, code="invalid_contact") from None
    elif parse_phone(value) is None:
        raise ValidationError(NOT_A_CONTACT, code="invalid_contact")


def location_titles(site=None):
    """The titles of the published locations visitors may see, in the page tree's order: one query."""
    return list(LocationPage.objects.for_visitors(site).values_list("title", flat=True))


class AppointmentBaseForm(SpamGuardMixin, BaseForm):
    """The form a visitor fills in."""


class AppointmentFormBuilder(FormBuilder):
    """Wagtail's form builder, with the clinic's field types and limits on every text."""

    def __init__(self, fields, site=None):
        super().__init__(fields)
        self.site = site

    def create_singleline_field(self, field, options):
        options["max_length"] = LINE_LENGTH
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MESSAGE_LENGTH
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        return forms.CharField(**options)

    def create_contact_field(self, field, options):
        options["max_length"] = LINE_LENGTH
        options["validators"] = [validate_contact]
        options["help_text"] = options["help_text"] or CONTACT_HELP
        options.setdefault("widget", forms.TextInput(attrs={"autocomplete": "on"}))
        return forms.CharField(**options)

    def create_location_field(self, field, options):
        """A choice of the published locations; no field at all while there are none."""
        titles = location_titles(self.site)
        if not titles:
            return None
        choices = [(title, title) for title in titles]
        if not field.required or len(titles) > 1:
            choices.insert(0, ("", "No preference" if not field.required else "Choose a location"))
        options["choices"] = choices
        return forms.ChoiceField(**options)

    @property
    def formfields(self):
        fields = super().formfields
        return {name: field for name, field in fields.items() if field is not None}

    def get_form_class(self):
        return type("AppointmentForm", (AppointmentBaseForm,), self.formfields)
