"""Form pieces every app uses: dates typed as organization boards write them, and a service's
ValidationError placed on the form."""

from django import forms
from django.core.exceptions import ValidationError

from coso.common.dates import DATE_INPUT_FORMATS, check_date


class DateInput(forms.DateInput):
    """A text box showing 21/07/2025 (a browser date picker would follow the browser's locale)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


class BoundedDateField(forms.DateField):
    """The date field of every form: typed dd/mm/yyyy (or ISO), and refused, naming the field, when it
    lies outside the dates the system accepts (`coso.common.dates.check_date`, 1930 to a few years
    ahead), so no form can store or compute with the year 41 or 9999."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        check_date(value, field=str(self.label or ""))


def date_field(label, required=True, help_text="") -> forms.DateField:
    return BoundedDateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput(), help_text=help_text
    )


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field they name, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
