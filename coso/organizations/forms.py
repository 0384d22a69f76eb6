"""Forms of the reorganization pages. They only parse input; the services validate the business rules.

Dates are typed as dd/mm/yyyy (the form used on every Party document); error messages name the
field, and the services' ValidationErrors are put back on the field they concern.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coso.common.dates import DATE_INPUT_FORMATS
from coso.common.forms import BoundedDateField, DateInput
from coso.common.pickers import OrganizationPickerField, OrganizationsPickerField
from coso.common.versions import VersionedFormMixin
from coso.organizations.models import Organization, OrganizationType, OrgKind, ResidentialUnit
from coso.organizations.services import Decision


class VnDateField(BoundedDateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


class OrgChoiceField(OrganizationPickerField):
    """An organization with its parent and code: "Chi bộ thôn Đông — Đảng bộ xã An Lạc (C01-01)"."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{super().label_from_instance(obj)} ({obj.code})"


class OrgMultipleChoiceField(OrganizationsPickerField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{super().label_from_instance(obj)} ({obj.code})"


class ServiceForm(forms.Form):
    """Vietnamese messages that name the field, Bootstrap classes, and service errors put in place."""

    # Service error keys that belong to a differently named field of this form.
    error_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = field.label or name
            field.error_messages["required"] = gettext("“%(field)s” is required.") % {"field": label}
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.error_messages["invalid_choice"] = gettext(
                    "“%(field)s”: one of the chosen organizations cannot be used."
                ) % {"field": label}
                field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]
            elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
                field.error_messages["invalid_choice"] = gettext("“%(field)s”: choose one of the listed values.") % {
                    "field": label
                }
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def apply_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the field it names, or above the form."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for key, messages in exc.message_dict.items():
            name = self.error_fields.get(key, key)
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class DecisionFormMixin(forms.Form):
    on = VnDateField(label=_("Effective date"))
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False, help_text=_("For example 125-QĐ/HU.")
    )
    decision_date = VnDateField(label=_("Decision date"), required=False)
    decision_issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data.get("decision_number", ""),
            signed_on=data.get("decision_date"),
            issuer=data.get("decision_issuer", ""),
        )


class EstablishForm(ServiceForm, DecisionFormMixin):
    error_fields = {"parent": "kind"}

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    org_type = forms.ModelChoiceField(label=_("Organization type"), queryset=OrganizationType.objects.all())
    residential_unit = forms.ModelChoiceField(
        label=_("Residential unit"),
        queryset=ResidentialUnit.objects.none(),
        required=False,
        help_text=_("For the cell of a village or neighbourhood."),
    )

    field_order = ["code", "name", "kind", "org_type", "residential_unit", "on"]

    def __init__(self, *args, kinds=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [(k, OrgKind(k).label) for k in OrgKind.values if k in kinds]
        if units is not None and units.exists():
            self.fields["residential_unit"].queryset = units
        else:
            del self.fields["residential_unit"]


class RenameForm(ServiceForm, DecisionFormMixin, VersionedFormMixin):
    name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["name", "on"]


class MoveForm(ServiceForm, DecisionFormMixin, VersionedFormMixin):
    parent = OrgChoiceField(label=_("New parent organization"), queryset=Organization.objects.none())
    field_order = ["parent", "on"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Organization.objects.none()


class MergeForm(ServiceForm, DecisionFormMixin, VersionedFormMixin):
    sources = OrgMultipleChoiceField(
        label=_("Organizations merged into this one"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their sub-units, members and residential units move here; then they are dissolved."),
    )
    field_order = ["sources", "on"]

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = sources if sources is not None else Organization.objects.none()


class DissolveForm(ServiceForm, DecisionFormMixin, VersionedFormMixin):
    confirm = forms.BooleanField(
        label=_("I confirm that this organization is dissolved from the effective date."), required=True
    )
    field_order = ["on"]


class ResidentialUnitForm(ServiceForm):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=150)
    unit_kind = forms.ChoiceField(label=_("Kind of unit"), choices=ResidentialUnit.UnitKind.choices)
    established_on = VnDateField(label=_("Established on"), required=False)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if ResidentialUnit.objects.filter(code=code).exists():
            raise ValidationError(
                gettext("The code %(code)s is already used by another residential unit.") % {"code": code}
            )
        return code
