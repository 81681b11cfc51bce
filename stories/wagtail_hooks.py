import datetime

from wagtail import hooks
from wagtail.admin.utils import get_latest_str
from wagtail.log_actions import LogFormatter
from wagtail.models import Collection
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from .choosers import TestimonialChooserViewSet
from .models import Person, Testimonial
from .models.testimonials import AUTHORIZATION_GROUPS, AUTHORIZATIONS_COLLECTION


class TestimonialEditView(EditView):
    """Saving a withdrawal of consent, with either button, takes the testimonial off every page
    at once and tells the editor which pages it was on."""

    # The live pages the testimonial was on, once this request recorded a withdrawal.
    withdrawn_from = None

    def save_instance(self):
        instance = super().save_instance()
        if self.form.records_withdrawal or (instance.consent_revoked and self.live_object.live):
            # The edit saved a revision; the withdrawal applies to the testimonial itself.
            self.withdrawn_from = Testimonial.objects.get(pk=instance.pk).withdraw_consent(
                instance.consent_revoked_on, instance.consent_revoked_by, user=self.request.user
            )
        return instance

    def publish_action(self):
        if self.withdrawn_from is not None:
            return None  # a withdrawn consent is never published
        return super().publish_action()

    def get_success_message(self, instance=None):
        if self.withdrawn_from is None:
            return super().get_success_message(instance)
        where = (
            "It was on: " + "; ".join(page.title for page in self.withdrawn_from) + "."
            if self.withdrawn_from
            else "It was on no live page."
        )
        return (
            f"Consent withdrawn: testimonial '{get_latest_str(instance or self.object)}' has been "
            f"taken off every page. {where}"
        )


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = "Testimonials"
    add_to_admin_menu = True
    menu_order = 260
    edit_view_class = TestimonialEditView
    # Only testimonials that may be shown can be chosen, wherever one is chosen.
    chooser_viewset_class = TestimonialChooserViewSet
    list_display = [
        "attribution",
        "__str__",
        "consent_date",
        "consent_expires",
        "consent_revoked_on",
        "authorization_expires",
        "live",
    ]
    list_filter = ["live", "consent_scope", "condition"]
    search_fields = ["quote", "attribution"]


class PersonViewSet(SnippetViewSet):
    """Authors and medical reviewers: name, credentials, photo and biography, and the public
    profile the team page shows for a clinician."""

    model = Person
    icon = "user"
    menu_label = "People"
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["name", "credentials", "role", "public_profile"]
    list_filter = ["public_profile"]
    search_fields = ["name"]


register_snippet(TestimonialViewSet)
register_snippet(PersonViewSet)


@hooks.register("construct_document_chooser_queryset")
def hide_signed_authorizations(documents, request):
    """Only those who may open a patient's signed authorization find it in the document chooser;
    the collection's view restriction keeps its files from everyone else."""
    user = request.user
    if user.is_superuser or user.groups.filter(name__in=AUTHORIZATION_GROUPS).exists():
        return documents
    private = Collection.objects.filter(name=AUTHORIZATIONS_COLLECTION, depth=2).first()
    return documents.exclude(collection__path__startswith=private.path) if private else documents


@hooks.register("register_log_actions")
def register_testimonial_log_actions(actions):
    @actions.register_action("stories.withdraw_consent")
    class WithdrawConsentFormatter(LogFormatter):
        label = "Withdraw consent"

        def format_message(self, log_entry):
            withdrawn_on = datetime.date.fromisoformat(log_entry.data["withdrawn_on"])
            return (
                f"Patient consent withdrawn on {withdrawn_on:%B %-d, %Y}, recorded by "
                f"{log_entry.data['recorded_by']}; taken off every page"
            )
