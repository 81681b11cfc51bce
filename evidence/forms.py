from django import forms

from .importers import MAX_IMPORT_BYTES
from .models import LevelOfEvidence, MagnitudeOfEffect, StudyDesign

# Said of any confirmation that finds no preview to import: expired, confirmed already, someone
# else's, or not an id at all (which of them, it does not tell).
PREVIEW_GONE = "This preview has expired or was already confirmed: upload the file again."


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


class ConfirmImportForm(forms.Form):
    """Step two: the previewed import, confirmed. The file stays on the server, in the preview's
    StudyImport; the form names only that."""

    preview = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,  # a BigAutoField's range: a larger number never reaches the database
        error_messages={key: PREVIEW_GONE for key in ["required", "invalid", "min_value", "max_value"]},
    )
