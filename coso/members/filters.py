"""The register's filter: one form and one function shared by the list, the export, the reports and the API.

"Every figure opens its list" (DESIGN.md): a report cell and the register page must mean the same
thing by "official members of commune X on 31/12/2023 aged 30 to 40", so the definition lives here
once. Membership on a date comes from spells (`members.queries.members_on`), of the subtree as the
tree stood on that date (issue 7: one rule for lists, figures, exports and the API).

With no filter the list is exactly the dashboard's "party members" figure: the members of the
subtree on the date. Former members (left, removed, expelled, deceased, transferred out, not
recognized) appear only through the status filter's labelled "former members" choices
(`members.queries.former_members`), never mixed into the default list.

Access is decided on the organization, as on the dashboard: `org` must be in the user's scope,
and its subtree on the date is the history that user answers for, members since moved away
included. Without `org`, the subtrees of the user's own assignments are used.
"""

from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import is_admin, scope, scoped_paths
from coso.common.dates import DATE_INPUT_FORMATS, today
from coso.common.forms import BoundedDateField
from coso.common.forms import DateInput as CommonDateInput
from coso.members import queries
from coso.members.choices import Gender, GeneralEducation, MemberStatus, PoliticalTheory, ProfessionalEducation
from coso.members.models import Ethnicity, Member, Religion
from coso.members.rules import AGE_BAND_CHOICES, birth_date_range_for_band
from coso.organizations.models import Organization, OrgVersion
from coso.organizations.queries import valid_on

# Statuses read from spells on the filter date.
EXEMPTED = "exempted"
FORMER = "former"
SPELL_STATUSES = (MemberStatus.PROBATIONARY.value, MemberStatus.OFFICIAL.value)
# The status a history ended with (the member row), for people whose membership had ended by the date.
FORMER_STATUSES = (
    MemberStatus.LEFT,
    MemberStatus.REMOVED,
    MemberStatus.EXPELLED,
    MemberStatus.DIED,
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.NOT_RECOGNIZED,
)

STATUS_CHOICES = [
    ("", _("All members on the date")),
    (
        _("Members on the date"),
        [
            (MemberStatus.PROBATIONARY.value, _("Probationary")),
            (MemberStatus.OFFICIAL.value, _("Official")),
            (EXEMPTED, _("Exempted from work and activities")),
        ],
    ),
    (
        _("Former members (by the date)"),
        [(FORMER, _("All former members")), *((s.value, s.label) for s in FORMER_STATUSES)],
    ),
]


def _blank(choices, label=None):
    return [("", label or _("All")), *choices]


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, indented by depth so the select reads like the tree."""

    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - 1, 0) + obj.name


DateInput = CommonDateInput  # the register's forms import it from here


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


def reach(user, on: date) -> list[OrgVersion]:
    """The organizations whose subtrees a user reads when no organization is chosen, as they stood on
    `on`: the roots of the tree for an administrator, otherwise the user's assigned nodes (one inside
    another counts once). One query; the versions carry their path of that date."""
    if is_admin(user):
        qs = OrgVersion.objects.filter(valid_on(on), parent__isnull=True)
    else:
        paths = scoped_paths(user)
        top = [p for p in paths if not any(o != p and p.startswith(o) for o in paths)]
        if not top:
            return []
        qs = OrgVersion.objects.filter(valid_on(on), organization__path__in=top)
    return list(qs.select_related("organization").order_by("path"))


def is_former(status: str) -> bool:
    return status == FORMER or status in FORMER_STATUSES


def apply_filters(qs: QuerySet[Member] | None, cleaned_data: dict, user) -> QuerySet[Member]:
    """Members matching `cleaned_data` (from MemberFilterForm) that `user` may see.

    The rows are the members of the chosen organization's subtree on the date (or, with a former
    status, the former members of it by the date), whatever their organization today. Without an
    organization, the subtrees of `reach(user)`; a user without any (a member reading their own
    record) keeps the member rows of their scope. `qs`, when given, only narrows the result.
    """
    on: date = cleaned_data.get("on") or today()
    org: Organization | None = cleaned_data.get("org")
    status: str = cleaned_data.get("status") or ""
    if org is not None and not scope(Organization.objects.filter(pk=org.pk), user).exists():
        return Member.objects.none()  # the form offers only organizations in scope; a caller cannot widen it
    roots = [org] if org is not None else reach(user, on)

    if roots:
        if is_former(status):
            result = queries.former_members(roots, on, status=None if status == FORMER else status)
        else:
            result = queries.members_on(
                roots,
                on,
                status=status if status in SPELL_STATUSES else None,
                exempt=True if status == EXEMPTED else None,
            )
    else:
        result = scope(Member.objects.all(), user)
        if is_former(status):
            result = queries.former_members(
                Organization.objects.filter(parent__isnull=True), on, status=None if status == FORMER else status
            ).filter(pk__in=result.values("pk"))
        else:
            spells = queries.spells_on(on).filter(member=OuterRef("pk"))
            if status == EXEMPTED:
                spells = spells.filter(exempt=True)
            elif status in SPELL_STATUSES:
                spells = spells.filter(status=status)
            result = result.filter(Exists(spells))
    if qs is not None:
        result = result.filter(pk__in=qs.values("pk"))

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
