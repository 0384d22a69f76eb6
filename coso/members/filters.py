"""The register's filter: one form and one function shared by the list, the export, the reports and the API.

"Every figure opens its list" (DESIGN.md): a report cell and the register page must mean the same
thing by "official members of commune X on 31/12/2023 aged 30 to 40", so the definition lives here
once. Membership on a date comes from spells (`members.queries.members_on`); former members
(left, removed, expelled, deceased, transferred out, not recognized) are found by the status cached
on the member row, since they have no spell in force on any later date.
"""

from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
from coso.common.dates import DATE_INPUT_FORMATS, today
from coso.common.forms import BoundedDateField
from coso.members import queries
from coso.members.choices import Gender, GeneralEducation, MemberStatus, PoliticalTheory, ProfessionalEducation
from coso.members.models import Ethnicity, Member, Religion
from coso.members.rules import AGE_BAND_CHOICES, birth_date_range_for_band
from coso.organizations.models import Organization

# Statuses read from spells on the filter date.
EXEMPTED = "exempted"
SPELL_STATUSES = (MemberStatus.PROBATIONARY.value, MemberStatus.OFFICIAL.value)
ACTIVE_FILTER_STATUSES = (*SPELL_STATUSES, EXEMPTED)
# Statuses read from the member row (the end of the history), whatever the date.
FORMER_STATUSES = (
    MemberStatus.LEFT,
    MemberStatus.REMOVED,
    MemberStatus.EXPELLED,
    MemberStatus.DIED,
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.NOT_RECOGNIZED,
)

STATUS_CHOICES = [
    ("", _("All")),
    (
        _("Members on the date"),
        [
            (MemberStatus.PROBATIONARY.value, _("Probationary")),
            (MemberStatus.OFFICIAL.value, _("Official")),
            (EXEMPTED, _("Exempted from work and activities")),
        ],
    ),
    (_("Former members"), [(s.value, s.label) for s in FORMER_STATUSES]),
]


def _blank(choices, label=None):
    return [("", label or _("All")), *choices]


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, indented by depth so the select reads like the tree."""

    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - 1, 0) + obj.name


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", **(attrs or {})}, format="%d/%m/%Y")


class MemberFilterForm(forms.Form):
    """Filters of the register. Bind it to request.GET (empty is fine: every field is optional).

    `org` offers the organizations in the user's scope; `on` defaults to today.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    org = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False, empty_label=_("All")
    )
    on = BoundedDateField(label=_("On date"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=_blank(Gender.choices), required=False)
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnicity"), queryset=Ethnicity.objects.all(), required=False, empty_label=_("All")
    )
    religion = forms.ModelChoiceField(
        label=_("Religion"), queryset=Religion.objects.all(), required=False, empty_label=_("All")
    )
    age_band = forms.ChoiceField(label=_("Age group"), choices=_blank(AGE_BAND_CHOICES), required=False)
    general_education = forms.ChoiceField(
        label=_("General education"), choices=_blank(GeneralEducation.choices), required=False
    )
    professional_education = forms.ChoiceField(
        label=_("Professional education"), choices=_blank(ProfessionalEducation.choices), required=False
    )
    political_theory = forms.ChoiceField(
        label=_("Political theory"), choices=_blank(PoliticalTheory.choices), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org"].queryset = scope(Organization.objects.all(), user).order_by("path")
        self.fields["on"].error_messages["invalid"] = _("Enter the date as dd/mm/yyyy, e.g. 21/07/2024.")
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"filter-{name}")
        self.fields["q"].widget.attrs.setdefault("placeholder", _("Name, citizen ID or card number"))

    def clean_on(self) -> date:
        return self.cleaned_data.get("on") or today()

    def is_filtered(self) -> bool:
        """Whether anything beyond the defaults was chosen (to open the filter panel on phones)."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields if name not in ("q", "on"))


def apply_filters(qs: QuerySet[Member] | None, cleaned_data: dict, user) -> QuerySet[Member]:
    """Members matching `cleaned_data` (from MemberFilterForm) that `user` may see.

    Starts from `scope(Member.objects.all(), user)` whatever `qs` is passed, then narrows it by
    `qs` when one is given, so a caller can never widen the user's scope.
    """
    result = scope(Member.objects.all(), user)
    if qs is not None:
        result = result.filter(pk__in=qs.values("pk"))
    on: date = cleaned_data.get("on") or today()
    org: Organization | None = cleaned_data.get("org")
    status: str = cleaned_data.get("status") or ""

    if status in FORMER_STATUSES:
        result = result.filter(status=status)
        if org is not None:
            result = result.filter(organization__path__startswith=org.path)
    elif org is not None:
        result = result.filter(
            pk__in=queries.members_on(
                org,
                on,
                status=status if status in SPELL_STATUSES else None,
                exempt=True if status == EXEMPTED else None,
            ).values("pk")
        )
    elif status in ACTIVE_FILTER_STATUSES:
        spells = queries.spells_on(on).filter(member=OuterRef("pk"))
        spells = spells.filter(exempt=True) if status == EXEMPTED else spells.filter(status=status)
        result = result.filter(Exists(spells))

    for name in ("gender", "general_education", "professional_education", "political_theory"):
        if cleaned_data.get(name):
            result = result.filter(**{name: cleaned_data[name]})
    for name in ("ethnicity", "religion"):
        if cleaned_data.get(name) is not None:
            result = result.filter(**{name: cleaned_data[name]})
    if cleaned_data.get("age_band"):
        earliest, latest = birth_date_range_for_band(cleaned_data["age_band"], on)
        if earliest is not None:
            result = result.filter(date_of_birth__gte=earliest)
        if latest is not None:
            result = result.filter(date_of_birth__lte=latest)
    if cleaned_data.get("q"):
        result = queries.search(result, cleaned_data["q"])
    return result
