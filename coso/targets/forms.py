from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import assignments, scope
from coso.common.dates import today
from coso.common.forms import BoundedDateField
from coso.common.pickers import OrganizationPickerField
from coso.organizations.models import Organization, OrgKind


def report_org_choices(user):
    """Organizations a user may report on: those in scope, without the cells and party groups below
    them (a cell is offered when it is the user's own node)."""
    own = [a.organization_id for a in assignments(user) if a.organization_id]
    qs = Organization.objects.filter(~Q(kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP]) | Q(pk__in=own))
    return scope(qs, user).order_by("path")


def default_org(user):
    return report_org_choices(user).order_by("depth", "path").first()


class OrgYearForm(forms.Form):
    org = OrganizationPickerField(
        label=_("Organization"), queryset=Organization.objects.none(), source="report_organizations"
    )
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].use(user)
        self.fields["org"].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"


def bound_org_year_form(request) -> OrgYearForm:
    """The chooser bound to the query string, or to the user's top organization and this year."""
    data = request.GET.copy()
    if "org" not in data:
        org = default_org(request.user)
        if org is not None:
            data["org"] = str(org.pk)
    data.setdefault("year", str(today().year))
    return OrgYearForm(data, user=request.user)


class FigureForm(forms.Form):
    """Which figure of the progress report to list: the same filters the report counts with."""

    org = forms.IntegerField()
    year = forms.IntegerField(min_value=1930, max_value=2100)
    on = BoundedDateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    unit = forms.CharField(required=False, max_length=20)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    dim = forms.CharField(required=False, max_length=20)
    value = forms.CharField(required=False, max_length=150)


class TargetsForm(forms.Form):
    """One target field per grassroots organization, under one decision of the committee above."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = BoundedDateField(label=_("Decision date"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    decision_issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)

    def __init__(self, *args, organizations, current: dict[int, int], versions: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        versions = versions or {}
        for org in organizations:
            self.fields[f"target_{org.pk}"] = forms.IntegerField(
                label=org.name, min_value=0, required=False, initial=current.get(org.pk)
            )
            self.fields[f"version_{org.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=versions.get(org.pk, 0)
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["decision_date"].widget.input_type = "date"

    def target_fields(self):
        return [(org, self[f"target_{org.pk}"]) for org in self.organizations]

    def values(self) -> dict:
        return {org: self.cleaned_data.get(f"target_{org.pk}") for org in self.organizations}

    def versions(self) -> dict:
        """Organization id → version of its target when the form was loaded (0: none; None: not sent)."""
        return {org.pk: self.cleaned_data.get(f"version_{org.pk}") for org in self.organizations}

    def rebase(self, exc) -> None:
        """After a stale save: keep the user's values, take the saved ones where they had not changed."""
        data = self.data.copy()
        for change in exc.changes:
            submitted = self.cleaned_data.get(change.field)
            if submitted == change.old or (submitted is None and change.old in (None, "?")):
                data[change.field] = "" if change.new is None else change.new
        for name, value in exc.extra.items():
            data[name] = value
        self.data = data
