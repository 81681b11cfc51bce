from wagtail import hooks

from .models import AppointmentFormPage


@hooks.register("filter_form_submissions_for_user")
def only_coordinators_see_requests(user, editable_forms):
    """Appointment requests are for the patient coordinators (and superusers) alone: editors and
    medical reviewers may change the form's questions but see no request, in the Forms menu, the
    listing, the export or the delete view."""
    if user.is_active and user.has_perm("appointments.view_appointment_requests"):
        return editable_forms
    return editable_forms.not_type(AppointmentFormPage)
