import base64

from django import forms
from django.core import signing

from .importers import MAX_IMPORT_BYTES
from .models import LevelOfEvidence, MagnitudeOfEffect, StudyDesign

SIGNING_SALT = "evidence.import"


class StudyImportForm(forms.Form):
    """Step one: the file, and the classification new studies start with."""

    file = forms.FileField(
        label="Reference file",
        help_text="A RIS (.ris) or BibTeX (.bib) export from a reference manager, or this library's own CSV/XLSX export.",
    )
    design = forms.ChoiceField(
        choices=StudyDesign.choices,
        help_text="For new studies whose file does not say; check each one after importing.",
    )
    level_of_evidence = forms.ChoiceField(choices=LevelOfEvidence.choices)
    magnitude_of_effect = forms.ChoiceField(
        choices=MagnitudeOfEffect.choices, initial=MagnitudeOfEffect.NOT_RATED
    )
    effect = forms.CharField(
        label="Effect or condition studied", max_length=120, help_text="e.g. 'Alcohol use disorder'."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // 1024} KB; files up to {MAX_IMPORT_BYTES // 1024} KB can be imported."
            )
        return upload

    def defaults(self):
        return {
            name: self.cleaned_data[name]
            for name in ["design", "level_of_evidence", "magnitude_of_effect", "effect"]
        }

    def payload(self, data: bytes):
        """The file and choices, signed, for the confirmation step to import exactly what was previewed."""
        return signing.dumps(
            {
                "filename": self.cleaned_data["file"].name,
                "data": base64.b64encode(data).decode("ascii"),
                "defaults": self.defaults(),
            },
            salt=SIGNING_SALT,
            compress=True,
        )


class ConfirmImportForm(forms.Form):
    """Step two: the previewed import, confirmed."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            payload = signing.loads(self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=60 * 60)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                "This import has expired or was altered; upload the file again."
            ) from error
        payload["data"] = base64.b64decode(payload["data"])
        return payload
