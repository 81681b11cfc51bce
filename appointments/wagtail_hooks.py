from django.contrib.auth.models import Group, Permission

from wagtail import hooks
from wagtail.models import GroupPagePermission

from .models import AppointmentFormPage

COORDINATORS = "Patient coordinators"


def let_coordinators_read(page):
    """Wagtail lists a form's requests to those who may change the form page: give the patient
    coordinators that right on `page` (a no-op before setup_editorial_roles made the group)."""
    group = Group.objects.filter(name=COORDINATORS).first()
    if group is None:
        return
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


@hooks.register("after_create_page")
def coordinators_read_a_new_appointment_page(request, page):
    """A new appointment page's requests reach the coordinators at once, without running
    setup_editorial_roles again."""
    if isinstance(page.specific, AppointmentFormPage):
        let_coordinators_read(page)


@hooks.register("filter_form_submissions_for_user")
def only_coordinators_see_requests(user, editable_forms):
    """Appointment requests are for the patient coordinators (and superusers) alone: editors and
    medical reviewers may change the form's questions but see no request, in the Forms menu, the
    listing, the export or the delete view."""
    if user.is_active and user.has_perm("appointments.view_appointment_requests"):
        return editable_forms
    return editable_forms.not_type(AppointmentFormPage)
