"""Form pieces every app uses: dates typed as organization boards write them, and a service's
ValidationError placed on the form."""

from django import forms
from django.core.exceptions import ValidationError

from coso.common.dates import DATE_INPUT_FORMATS


class DateInput(forms.DateInput):
    """A text box showing 21/07/2025 (a browser date picker would follow the browser's locale)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


def date_field(label, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput(), help_text=help_text
    )


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field they name, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
