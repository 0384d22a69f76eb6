"""Forms of the imports pages: they check the upload; the services do the rest."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coso.imports import registry
from coso.imports.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=registry.choices,  # every registered importer, read when the form is built
        initial=ImportKind.MEMBERS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )
    confirm = forms.BooleanField(
        label=_("I checked the possible duplicates (same name and date of birth): import them anyway."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("“%(name)s” is not an .xlsx file: save it from Excel as an Excel workbook."),
                params={"name": upload.name},
            )
        from coso.imports.services import check_upload_size

        try:
            check_upload_size(upload.size)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0], code="too_large") from None
        return upload


class ConfirmForm(forms.Form):
    """The dry run's confirm; the duplicates box is required only when the check found some."""

    confirm = forms.BooleanField(
        label=_("I checked the possible duplicates: they are different people."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        required=False,
    )

    def __init__(self, *args, duplicates: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = duplicates

    def clean_confirm(self):
        if self.duplicates and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(_("Tick the box to confirm that you checked the possible duplicates."))
        return self.cleaned_data.get("confirm")
