"""The appointment request page: a form the clinic builds in the page editor, whose answers only
the patient coordinators see, kept for as long as the clinic says."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    validate_to_address,
)
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.models import ClinicSettings
from home.models.pages import INTRO_HELP, SitePage

from . import spam
from .forms import AppointmentFormBuilder
from .notifications import notify_clinic

FIELD_TYPES = FORM_FIELD_CHOICES + (
    ("contact", "Email address or phone number"),
    ("location", "Choice of the published locations"),
)

PRIVACY_NOTE = (
    "Please do not include medical details. We only need enough to contact you; "
    "we talk about your health in person or by phone."
)
THANK_YOU = (
    "<p>Thank you. A patient coordinator will contact you within one working day "
    "to arrange your consultation.</p>"
)


class FormField(AbstractFormField):
    """One question of an appointment form."""

    page = ParentalKey("AppointmentFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(verbose_name="field type", max_length=16, choices=FIELD_TYPES)
    field_type.required_on_save = True


def default_appointment_fields():
    """The questions a new appointment form starts with: as few as a coordinator needs to call back."""
    return [
        FormField(label="Name", field_type="singleline", required=True, sort_order=0),
        FormField(
            label="How should we contact you?",
            field_type="contact",
            required=True,
            help_text="An email address or a phone number.",
            sort_order=1,
        ),
        FormField(label="Preferred location", field_type="location", required=False, sort_order=2),
        FormField(
            label="Preferred days and times",
            field_type="singleline",
            required=False,
            help_text="For example: weekday mornings, or Tuesdays after 4 pm.",
            sort_order=3,
        ),
        FormField(
            label="Message",
            field_type="multiline",
            required=False,
            help_text="Please do not include medical details.",
            sort_order=4,
        ),
    ]


class AppointmentFormPage(AbstractForm, SitePage):  # noqa: DJ008 (Page defines __str__)
    """A page where a visitor asks for an appointment. Editors choose its questions (a new page
    starts with the default ones); only patient coordinators see the requests, which are deleted
    `retention_days` after they arrive (the delete_expired_appointment_requests command)."""

    intro = models.TextField(blank=True, help_text=INTRO_HELP)
    privacy_note = models.CharField(
        max_length=300,
        default=PRIVACY_NOTE,
        help_text="Shown above the form: say plainly not to include medical details.",
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link"],
        default=THANK_YOU,
        help_text="Shown after a request is sent: say who will get back, and when.",
    )
    retention_days = models.PositiveIntegerField(
        "keep requests for (days)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Requests older than this are deleted every day.",
    )
    notify_addresses = models.CharField(
        "notify",
        max_length=500,
        blank=True,
        validators=[validate_to_address],
        help_text=(
            "Email addresses told that a request arrived, separated by commas. "
            "The email links to the request in the admin; it never holds what the visitor wrote."
        ),
    )

    form_builder = AppointmentFormBuilder

    @property
    def submissions_list_view_class(self):
        from .views import AppointmentRequestsView

        return AppointmentRequestsView

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_note"),
        InlinePanel("form_fields", label="Questions"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("retention_days"), FieldPanel("notify_addresses")])],
            heading="Requests",
        ),
    ]

    template = "appointments/appointment_form_page.html"
    landing_page_template = "appointments/appointment_form_page_landing.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "appointment request page"
        permissions = [("view_appointment_requests", "Can see, export and delete appointment requests")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.pk is None and "form_fields" not in kwargs:
            # A new page (the page editor's "Add child page") starts with the default questions.
            self.form_fields = default_appointment_fields()

    def get_form_class(self):
        return self.form_builder(self.get_form_fields(), site=self.get_site()).get_form_class()

    def notify_list(self):
        return [address.strip() for address in self.notify_addresses.split(",") if address.strip()]

    def process_form_submission(self, form):
        submission = self.get_submission_class().objects.create(form_data=form.visitor_data(), page=self)
        notify_clinic(self, submission)
        return submission

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, page=self, user=request.user)
        if spam.over_limit(request):
            return self.render_form(request, form, status=429, refusal=self.too_many_message(request))
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        spam.count_request(request)
        submission = self.process_form_submission(form)
        return self.render_landing_page(request, submission, *args, **kwargs)

    def render_form(self, request, form, status, refusal=""):
        context = self.get_context(request)
        context["form"] = form
        context["refusal"] = refusal
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def too_many_message(self, request):
        phone = ClinicSettings.for_request(request).phone
        call = f"call us at {phone} or " if phone else ""
        return f"Too many requests from your connection; {call}try again in an hour."
