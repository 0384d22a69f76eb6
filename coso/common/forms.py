"""Form pieces every app uses: dates typed as organization boards write them, and a service's
ValidationError placed on the form."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coso.common.dates import DATE_INPUT_FORMATS, check_date, date_max, read_typed_date


class DateInput(forms.DateInput):
    """A text box showing 21/07/2025 with a calendar beside it (`coso/datepicker.js`, vanillajs-datepicker
    in Vietnamese, opened from `data-datepicker`). Not `<input type=date>`: the browser's picker follows
    the browser's locale and refuses what people type (`10122026`, `10.12.2026`); the numeric keyboard
    is enough since digits alone make a date (`coso.common.dates.read_typed_date`)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("day/month/year"),
                "autocomplete": "off",
                "inputmode": "numeric",
                "maxlength": 10,
                "data-datepicker": "",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-latest-year"] = date_max().year  # the century rule of two-digit years
        return context


class BoundedDateField(forms.DateField):
    """The date field of every form: typed as people type it (`read_typed_date`: 21/07/2025, 21072025,
    21.7.2025, ISO...), and refused, naming the field and the value, when it is no date or lies outside
    the dates the system accepts (`coso.common.dates.check_date`, 1930 to a few years ahead), so no form
    can store or compute with the year 41 or 9999."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        parsed = read_typed_date(text, latest_year=date_max().year)
        if parsed is None:
            label = str(self.label or "")
            if label:
                message = _(
                    "“%(field)s”: “%(value)s” is not a date. Enter the day/month/year, e.g. 21/07/2024 or 21072024."
                )
            else:
                message = _("“%(value)s” is not a date. Enter the day/month/year, e.g. 21/07/2024 or 21072024.")
            raise ValidationError(message, code="invalid", params={"field": label, "value": text[:40]})
        return parsed

    def validate(self, value):
        super().validate(value)
        check_date(value, field=str(self.label or ""))


def date_field(label, required=True, help_text="") -> forms.DateField:
    return BoundedDateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput(), help_text=help_text
    )


class SectionedFormMixin:
    """A long form in fieldsets with headings (issue 8): `sections` lists (title, field names); a
    visible field no section names still shows, under "Other", so no field is ever lost."""

    sections: list = []

    def fieldsets(self) -> list[tuple[str, str, list]]:
        """[(title, anchor id, bound fields)] of the sections that have a visible field here."""
        named: set[str] = set()
        result = []
        for index, (title, names) in enumerate(self.sections, start=1):
            named.update(names)
            fields = [self[name] for name in names if name in self.fields and not self[name].is_hidden]
            if fields:
                result.append((title, f"section-{index}", fields))
        rest = [field for field in self.visible_fields() if field.name not in named]
        if rest:
            result.append((_("Other"), "section-other", rest))
        return result


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field they name, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
