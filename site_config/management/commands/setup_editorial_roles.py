"""Create the editorial groups and the medical review workflow (idempotent).

    manage.py setup_editorial_roles

- "Editors" compose pages, articles, testimonials and studies. They may publish
  articles and testimonials, but not condition or treatment pages: those go
  through the "Medical review" workflow.
- "Medical reviewers" may do all an editor does, and approve or reject medical
  content in the workflow (which publishes it). They alone may delete studies and
  change studies that live pages cite (by hand or by an import).
- "Patient coordinators" read, export and delete the appointment requests, and edit the
  appointment pages (their questions, thank-you text, notify addresses). Nobody else but a
  superuser sees a request (appointments/wagtail_hooks.py). Run the command again after
  adding an appointment page.

The workflow is assigned to the conditions and treatments index pages, so it
covers every page below them, and to reusable content (a disclaimer, a call to
action), which changes every page that shows it: editors save and submit it,
and a reviewer's approval publishes it. Run it after creating those pages; the demo
content command runs it for the demo site.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from appointments.models import AppointmentFormPage
from appointments.wagtail_hooks import COORDINATORS, let_coordinators_read
from conditions.models import ConditionIndexPage, TreatmentIndexPage
from conditions.review.models import MedicalReviewTask
from home.models import HomePage, ReusableContent
from stories.models import ArticleIndexPage
from stories.models.testimonials import authorizations_collection

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"
WORKFLOW = "Medical review"
REVIEW_TASK = "Approval by a medical reviewer"

# Model permissions, as "app_label.codename".
SHARED_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "evidence.add_study",
    "evidence.change_study",
    "evidence.view_study",
    "stories.add_testimonial",
    "stories.change_testimonial",
    "stories.publish_testimonial",
    "stories.add_person",
    "stories.change_person",
    "home.change_clinicsettings",
    "home.add_condition",
    "home.change_condition",
    # Reusable content is written and submitted by anyone, and published by the reviewer's approval:
    # no group may publish it.
    "home.add_reusablecontent",
    "home.change_reusablecontent",
    "home.lock_reusablecontent",
]
# A change to a study that live pages cite shows on them at once: only reviewers may make it.
REVIEWER_ONLY_PERMISSIONS = ["evidence.delete_study", "evidence.change_cited_study"]
COORDINATOR_PERMISSIONS = ["wagtailadmin.access_admin", "appointments.view_appointment_requests"]
IMAGE_PERMISSIONS = ["add_image", "choose_image", "change_image", "add_document", "choose_document"]
# The patients' signed authorizations (stories.models.testimonials.AUTHORIZATIONS_COLLECTION):
# reviewers and coordinators add them, attach them to testimonials and open them.
AUTHORIZATION_PERMISSIONS = ["add_document", "change_document", "choose_document"]


def permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant_pages(group, page, types):
    for permission_type in types:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            ),
        )


class Command(BaseCommand):
    help = "Creates the Editors, Medical reviewers and Patient coordinators groups and the Medical review workflow."

    @transaction.atomic
    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("There is no home page yet; create the site first.")
            return
        editors, _ = Group.objects.get_or_create(name=EDITORS)
        reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
        editors.permissions.add(*permissions(SHARED_PERMISSIONS))
        reviewers.permissions.add(*permissions(SHARED_PERMISSIONS + REVIEWER_ONLY_PERMISSIONS))

        # Editors edit every page but publish only articles; reviewers publish anything.
        grant_pages(editors, home, ["add", "change"])
        for articles in ArticleIndexPage.objects.all():
            grant_pages(editors, articles, ["publish"])
        grant_pages(reviewers, home, ["add", "change", "publish"])

        coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
        coordinators.permissions.add(*permissions(COORDINATOR_PERMISSIONS))
        # Wagtail lists a form's submissions to those who may change the form page (a page made
        # in the admin later gets the same at once: appointments/wagtail_hooks.py).
        for appointments in AppointmentFormPage.objects.all():
            let_coordinators_read(appointments)

        root_collection = Collection.get_first_root_node()
        for group in (editors, reviewers):
            for codename in IMAGE_PERMISSIONS:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                )

        # Only reviewers, coordinators and superusers may open the collection's files (its view
        # restriction); coordinators attach the signed form to the testimonial it authorizes.
        authorizations = authorizations_collection()
        coordinators.permissions.add(*permissions(["stories.change_testimonial"]))
        for group in (reviewers, coordinators):
            for codename in AUTHORIZATION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=authorizations,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtaildocs", codename=codename
                    ),
                )

        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
        task, _ = MedicalReviewTask.objects.get_or_create(name=REVIEW_TASK)
        task.groups.set([reviewers])
        # A site set up before the review named its reviewers had a plain group approval task.
        for old in workflow.workflow_tasks.exclude(task=task).select_related("task"):
            old.task.deactivate()
            old.delete()
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        covered = list(ConditionIndexPage.objects.all()) + list(TreatmentIndexPage.objects.all())
        for page in covered:
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(ReusableContent), defaults={"workflow": workflow}
        )
        self.stdout.write(
            f"Groups '{EDITORS}', '{REVIEWERS}' and '{COORDINATORS}' are set up; workflow '{WORKFLOW}' covers "
            + (", ".join(page.url_path for page in covered) or "no page yet")
            + " and reusable content."
        )
