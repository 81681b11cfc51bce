"""Patient testimonials, shown only with the patient's recorded, current consent and signed
authorization, and always with what results a reader should expect."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, DraftStateMixin, Page, RevisionMixin, Site
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task

from home.models import ClinicSettings
from home.models.settings import TESTIMONIAL_DISCLOSURE, validate_results_disclosure
from home.usage import pages_using

WITHDRAWAL_FIELDS = ["consent_revoked_on", "consent_revoked_by"]

# The signed HIPAA authorizations (45 CFR 164.508) are documents in this collection, which only
# these groups (and superusers) may open.
AUTHORIZATIONS_COLLECTION = "Patient authorizations"
AUTHORIZATION_GROUPS = ["Medical reviewers", "Patient coordinators"]


def authorizations_collection():
    """The private collection of signed authorizations, made once, with the view restriction that
    lets only AUTHORIZATION_GROUPS open its documents."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=AUTHORIZATIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=AUTHORIZATIONS_COLLECTION)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in AUTHORIZATION_GROUPS))
    return collection


def authorization_error(document):
    """Why `document` cannot stand as a signed authorization; "" when it is in the private collection."""
    # Read afresh: a collection held in memory may name a tree path that has moved since.
    collection = Collection.objects.get(pk=document.collection_id)
    in_authorizations = any(
        ancestor.name == AUTHORIZATIONS_COLLECTION for ancestor in collection.get_ancestors(inclusive=True)
    )
    restricted = any(
        restriction.restriction_type == CollectionViewRestriction.GROUPS
        for restriction in collection.get_view_restrictions()
    )
    if in_authorizations and restricted:
        return ""
    return (
        f"\u201c{document.title}\u201d is in the collection \u201c{collection.name}\u201d, which people other "
        f"than medical reviewers and patient coordinators can open. Upload the signed authorization to "
        f"the \u201c{AUTHORIZATIONS_COLLECTION}\u201d collection and choose it from there."
    )


class TestimonialForm(WagtailAdminModelForm):
    """Consent may be missing from a draft, never from a published testimonial; a withdrawal of
    consent is recorded whichever button the editor presses, and stays on record."""

    class Meta:
        defer_required_on_fields = ["consent_date", "consent_recorded_by"]
        error_messages = {
            "consent_date": {
                "required": "Record the date the patient gave consent before publishing this testimonial."
            },
            "consent_recorded_by": {
                "required": "Record who took the patient's consent before publishing this testimonial."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The edit form holds the latest revision, which carries the withdrawal on record
        # (Testimonial.with_content_json); a new testimonial has none.
        self.withdrawal_on_record = (self.instance.consent_revoked_on, self.instance.consent_revoked_by)
        self.records_withdrawal = False

    def clean(self):
        cleaned_data = super().clean()
        consent_date = cleaned_data.get("consent_date")
        revoked_on = cleaned_data.get("consent_revoked_on")
        revoked_by = cleaned_data.get("consent_revoked_by", "")
        recorded_on, recorded_by = self.withdrawal_on_record
        # The edit view names the publish action in the posted data.
        publishing = "action-publish" in self.data

        if recorded_on and not revoked_on:
            self.add_error(
                "consent_revoked_on",
                f"The patient withdrew consent on {recorded_on:%B %-d, %Y}; a withdrawal stays on record. "
                "To show this testimonial again, record the date of the patient's new consent.",
            )
            return cleaned_data

        self.records_withdrawal = bool(revoked_on) and (revoked_on, revoked_by) != (recorded_on, recorded_by)
        if self.records_withdrawal:
            if consent_date and revoked_on < consent_date:
                self.add_error(
                    "consent_revoked_on",
                    f"Consent was given on {consent_date:%B %-d, %Y}; a withdrawal cannot be dated before it.",
                )
            elif publishing and self.instance.pk is None:
                self.add_error(
                    "consent_revoked_on", "A testimonial whose consent was withdrawn cannot be published."
                )
            # Saving records the withdrawal and takes the testimonial off every page, whichever
            # button was pressed: no publishing check may stand in its way.
            return cleaned_data

        if publishing:
            if revoked_on and consent_date and consent_date <= revoked_on:
                self.add_error(
                    "consent_date",
                    f"The patient withdrew consent on {revoked_on:%B %-d, %Y}. Record the date of their "
                    "new consent, after that, before publishing.",
                )
            expires = cleaned_data.get("consent_expires")
            if expires and expires <= timezone.localdate():
                self.add_error(
                    "consent_expires", "This consent has expired; record a new consent before publishing."
                )
            if "authorization" in self.fields and not cleaned_data.get("authorization"):
                self.add_error(
                    "authorization",
                    "Attach the patient's signed authorization before publishing this testimonial.",
                )
            authorization_expires = cleaned_data.get("authorization_expires")
            if authorization_expires and authorization_expires <= timezone.localdate():
                self.add_error(
                    "authorization_expires",
                    "This authorization has expired; attach the patient's new signed authorization "
                    "before publishing.",
                )
        return cleaned_data


class ConsentScope(models.TextChoices):
    WEBSITE = "website", "This website only"
    WEBSITE_SOCIAL = "website_social", "This website and the clinic's social media"
    ALL = "all", "All clinic materials, including print"


class TestimonialQuerySet(models.QuerySet):
    def with_consent(self):
        """Testimonials whose patient consent is recorded, has not ended and was not withdrawn."""
        today = timezone.localdate()
        return (
            self.filter(consent_date__isnull=False)
            .exclude(consent_recorded_by="")
            # Consent that expires on a date ends on it (Testimonial.consent_expired).
            .filter(models.Q(consent_expires__isnull=True) | models.Q(consent_expires__gt=today))
            .exclude(consent_revoked_on__isnull=False, consent_date__lte=models.F("consent_revoked_on"))
        )

    def with_authorization(self):
        """Testimonials whose patient's signed authorization is on file and has not expired."""
        return self.filter(authorization__isnull=False).filter(
            models.Q(authorization_expires__isnull=True)
            | models.Q(authorization_expires__gt=timezone.localdate())
        )

    def shown(self):
        """Testimonials the public site may show: published, with consent recorded and current, and
        the signed authorization on file."""
        return self.with_consent().with_authorization().filter(live=True)

    def expired(self):
        """Testimonials whose consent or signed authorization has ended: on or after its expiry date."""
        today = timezone.localdate()
        return self.filter(models.Q(consent_expires__lte=today) | models.Q(authorization_expires__lte=today))


class Testimonial(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A patient's words, shown on pages only with the patient's recorded consent."""

    quote = models.TextField()
    attribution = models.CharField(
        max_length=60,
        help_text="First name and last initial, e.g. 'Adelle P'; a full name only if the patient agreed to it.",
    )
    full_name_consented = models.BooleanField(
        "Patient agreed to their full name",
        default=False,
        help_text="Leave unticked to show a first name and initial.",
    )
    condition = models.ForeignKey(
        "home.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
        help_text="The condition the patient was treated for, if they agreed to say.",
    )
    consent_date = models.DateField(
        "Consent given on", null=True, help_text="The date the patient agreed to this quote being published."
    )
    consent_recorded_by = models.CharField(
        "Consent recorded by", max_length=120, help_text="The staff member who took the patient's consent."
    )
    consent_scope = models.CharField(
        "Consent covers", max_length=20, choices=ConsentScope.choices, default=ConsentScope.WEBSITE
    )
    consent_expires = models.DateField(
        "Consent expires on",
        null=True,
        blank=True,
        help_text=(
            "Leave empty if the consent has no end date. On this date the testimonial leaves every "
            "page: it is shown until the day before."
        ),
    )
    consent_revoked_on = models.DateField(
        "Consent withdrawn on",
        null=True,
        blank=True,
        help_text=(
            "If the patient withdraws consent: the date they did. Saving takes the testimonial off "
            "every page at once. To show it again, record the patient's new consent with a later date."
        ),
    )
    consent_revoked_by = models.CharField(
        "Withdrawal recorded by",
        max_length=120,
        blank=True,
        help_text="The staff member who recorded the patient's withdrawal.",
    )
    results_disclosure = models.TextField(
        "Generally expected results",
        blank=True,
        validators=[validate_results_disclosure],
        help_text=(
            "Shown with the quote: what results patients should generally expect, and where to read "
            "the studies. Leave empty to show the clinic's default (Settings, Clinic settings). "
            "\u201cIndividual results vary\u201d alone is not enough."
        ),
    )
    material_connection = models.CharField(
        "Connection to the clinic",
        max_length=200,
        blank=True,
        help_text=(
            "Anything the patient received or has with the clinic that readers would not expect, e.g. "
            "\u201cReceived a free session\u201d or \u201cWorks at the clinic\u201d. Shown with the quote."
        ),
    )
    authorization = models.ForeignKey(
        get_document_model_string(),
        verbose_name="Signed authorization",
        null=True,
        blank=True,
        # A deleted authorization takes the testimonial off every page (TestimonialQuerySet.shown).
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            f"The patient's signed HIPAA authorization, from the \u201c{AUTHORIZATIONS_COLLECTION}\u201d "
            "collection, which only medical reviewers and patient coordinators can open. Needed to publish."
        ),
    )
    authorization_expires = models.DateField(
        "Authorization expires on",
        null=True,
        blank=True,
        help_text=(
            "The expiry date the signed form states; leave empty only if it names an event instead. On "
            "this date the testimonial leaves every page. A patient who revokes the authorization "
            "withdraws consent: record it under Patient consent."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="testimonial")

    objects = TestimonialQuerySet.as_manager()

    base_form_class = TestimonialForm

    panels = [
        FieldPanel("quote"),
        FieldPanel("attribution"),
        FieldPanel("full_name_consented"),
        FieldPanel("condition"),
        MultiFieldPanel(
            [
                FieldPanel("consent_date"),
                FieldPanel("consent_recorded_by"),
                FieldPanel("consent_scope"),
                FieldPanel("consent_expires"),
                FieldPanel("consent_revoked_on"),
                FieldPanel("consent_revoked_by"),
            ],
            heading="Patient consent",
        ),
        MultiFieldPanel(
            [FieldPanel("authorization"), FieldPanel("authorization_expires")],
            heading="Patient authorization (HIPAA)",
        ),
        MultiFieldPanel(
            [FieldPanel("results_disclosure"), FieldPanel("material_connection")],
            heading="Shown with the quote",
        ),
    ]
    search_fields = [
        index.SearchField("quote"),
        index.SearchField("attribution"),
        index.AutocompleteField("attribution"),
        index.AutocompleteField("quote"),
        # The chooser searches only testimonials that may be shown (TestimonialQuerySet.shown).
        index.FilterField("live"),
        index.FilterField("consent_date"),
        index.FilterField("consent_recorded_by"),
        index.FilterField("consent_expires"),
        index.FilterField("consent_revoked_on"),
        index.FilterField("authorization"),
        index.FilterField("authorization_expires"),
    ]

    class Meta:
        ordering = ["attribution"]

    def __str__(self):
        words = self.quote.split()
        snippet = " ".join(words[:8]) + ("\u2026" if len(words) > 8 else "")
        return f"{self.attribution}: \u201c{snippet}\u201d"

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        words = self.attribution.split()
        if len(words) > 1 and len(words[-1].rstrip(".")) > 1 and not self.full_name_consented:
            raise ValidationError(
                {
                    "attribution": (
                        "Use the first name and last initial (e.g. 'Adelle P'), or tick "
                        "'Patient agreed to their full name'."
                    )
                }
            )
        if self.consent_date and self.consent_expires and self.consent_expires <= self.consent_date:
            raise ValidationError({"consent_expires": "Consent must expire after the date it was given."})
        errors = self.withdrawal_errors(self.consent_revoked_on, self.consent_revoked_by)
        if self.authorization_id is not None:
            error = authorization_error(self.authorization)
            if error:
                errors["authorization"] = error
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def withdrawal_errors(withdrawn_on, recorded_by):
        """What is wrong with a withdrawal of consent, by field: it needs a date, not in the future,
        and who recorded it."""
        if not withdrawn_on and not recorded_by:
            return {}
        if not withdrawn_on:
            return {"consent_revoked_on": "Record the date the patient withdrew consent."}
        if withdrawn_on > timezone.localdate():
            return {
                "consent_revoked_on": "A withdrawal takes effect when it is recorded; it cannot be in the future."
            }
        if not recorded_by:
            return {"consent_revoked_by": "Record who took the patient's withdrawal of consent."}
        return {}

    def with_content_json(self, content):
        # A withdrawal of consent belongs to the testimonial, not to a version of it: every
        # revision, even one saved before the withdrawal, loads with the withdrawal on record,
        # so no revision can be published past it.
        obj = super().with_content_json(content)
        on_record = self.pk and type(self).objects.filter(pk=self.pk).values(*WITHDRAWAL_FIELDS).first()
        for name, value in (on_record or {}).items():
            setattr(obj, name, value)
        return obj

    @property
    def consent_expired(self):
        """Consent that expires on a date ends on it: the testimonial is not shown that day."""
        return bool(self.consent_expires and self.consent_expires <= timezone.localdate())

    @property
    def consent_revoked(self):
        """The patient withdrew the consent on record (a consent given after the withdrawal is a new one)."""
        return bool(self.consent_revoked_on) and (
            self.consent_date is None or self.consent_date <= self.consent_revoked_on
        )

    @property
    def has_consent(self):
        """Consent is recorded, has not ended and was not withdrawn."""
        return (
            bool(self.consent_date and self.consent_recorded_by)
            and not self.consent_expired
            and not self.consent_revoked
        )

    @property
    def authorization_expired(self):
        """An authorization that expires on a date ends on it, as consent does."""
        return bool(self.authorization_expires and self.authorization_expires <= timezone.localdate())

    @property
    def has_authorization(self):
        """The patient's signed authorization is on file and has not expired."""
        return self.authorization_id is not None and not self.authorization_expired

    @property
    def can_be_shown(self):
        """Whether the public site may show this testimonial."""
        return self.live and self.has_consent and self.has_authorization

    def results_disclosure_shown(self, request=None):
        """What results a reader should generally expect: the testimonial's own disclosure, or the
        clinic's default for the site of `request` (loaded once per request, with the page's other
        settings). Rendered without a request (no page is), it is the built-in default, so a stream
        of testimonials costs no query per testimonial."""
        if self.results_disclosure.strip():
            return self.results_disclosure
        site = Site.find_for_request(request) if request is not None else None
        clinic = ClinicSettings.for_request(request) if site is not None else None
        return (clinic.testimonial_disclosure if clinic else "").strip() or TESTIMONIAL_DISCLOSURE

    def reason_not_shown(self):
        """Why the public site may not show this testimonial, for the editor who chose it; "" when it may."""
        if self.consent_revoked:
            return (
                f"The patient withdrew consent for this testimonial on {self.consent_revoked_on:%B %-d, %Y}."
            )
        if self.consent_expired:
            return f"The patient's consent for this testimonial expired on {self.consent_expires:%B %-d, %Y}."
        if not self.has_consent:
            return "This testimonial has no recorded patient consent, so it cannot be shown."
        if self.authorization_expired:
            return (
                f"The patient's authorization for this testimonial expired on "
                f"{self.authorization_expires:%B %-d, %Y}."
            )
        if not self.has_authorization:
            return "The patient's signed authorization is not on file, so this testimonial cannot be shown."
        if not self.live:
            return "This testimonial is not published yet; publish it before using it on a page."
        return ""

    def publish(self, revision, *args, **kwargs):
        # The admin form already asks for consent; this guards every other route.
        candidate = revision.as_object()
        if candidate.consent_revoked:
            raise ValidationError(
                f"The patient withdrew consent on {candidate.consent_revoked_on:%B %-d, %Y}; record a new "
                "consent before publishing this testimonial."
            )
        if not candidate.has_consent:
            raise ValidationError(
                "A testimonial cannot be published without recorded, current patient consent."
            )
        if not candidate.has_authorization:
            raise ValidationError(
                "A testimonial cannot be published without the patient's signed, current authorization on file."
            )
        return super().publish(revision, *args, **kwargs)

    def withdraw_consent(self, withdrawn_on, recorded_by, user=None):
        """Record that the patient withdrew consent and take the testimonial off every page at once.

        Returns the live pages it was on, so the editor can be told where it was."""
        errors = self.withdrawal_errors(withdrawn_on, recorded_by)
        if errors:
            raise ValidationError(errors)
        pages = list(pages_using(self).live().order_by("title"))
        with transaction.atomic():
            self.consent_revoked_on = withdrawn_on
            self.consent_revoked_by = recorded_by
            self.save(update_fields=WITHDRAWAL_FIELDS)
            log(
                self,
                "stories.withdraw_consent",
                user=user,
                data={"withdrawn_on": withdrawn_on.isoformat(), "recorded_by": recorded_by},
            )
            if self.live:
                self.unpublish(user=user)
        return pages


# --- The site search ------------------------------------------------------------------------------
# A page is found by the words of the testimonials it shows (TestimonialChooserBlock). Once a
# testimonial changes, is unpublished, withdrawn, expired (the daily command unpublishes it) or
# deleted, every page that uses it is indexed again, so its words find only pages that show them.

# Fields that change what a page shows of a testimonial; a save touching none of them (a draft
# revision, a lock) leaves the pages as they are.
SHOWN_FIELDS = {
    "quote",
    "live",
    "consent_date",
    "consent_recorded_by",
    "consent_expires",
    "authorization",
    "authorization_expires",
    *WITHDRAWAL_FIELDS,
}


def reindex_pages(page_ids):
    """Index the pages again once the change is committed, through the search's own task, so the
    index reads the testimonial as it now is."""
    page_ids = list(page_ids)
    if not page_ids:
        return

    def enqueue():
        specific_types = Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "content_type__app_label", "content_type__model"
        )
        for pk, app_label, model_name in specific_types:
            insert_or_update_object_task.enqueue(app_label, model_name, str(pk))

    transaction.on_commit(enqueue)


@receiver(post_save, sender=Testimonial)
def reindex_pages_after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not SHOWN_FIELDS & set(update_fields)):
        return
    reindex_pages(pages_using(instance).values_list("pk", flat=True))


@receiver(pre_delete, sender=Testimonial)
def remember_pages_before_delete(sender, instance, **kwargs):
    # Deleting the testimonial deletes the references to it too: find its pages first.
    instance._pages_to_reindex = list(pages_using(instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Testimonial)
def reindex_pages_after_delete(sender, instance, **kwargs):
    reindex_pages(getattr(instance, "_pages_to_reindex", []))
