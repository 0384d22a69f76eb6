"""Forms of the register: they parse and check input; the services decide and write.

Dates are typed as dd/mm/yyyy whatever the interface language (an English interface must not
read 05/03/2020 as 3 May). Errors name the field and the value, in the user's language.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coso.accounts.actions import fact_action
from coso.accounts.scoping import may_on, scope
from coso.common.dates import today
from coso.common.forms import BoundedDateField, DateInput, SectionedFormMixin
from coso.common.pickers import OrganizationPickerField
from coso.common.text import format_date
from coso.common.versions import VersionedFormMixin
from coso.members.choices import DisciplineForm, EventKind, RemovalGround, SpellStatus
from coso.members.history import Fact
from coso.members.invariants import history_errors
from coso.members.models import Member
from coso.members.services import PROFILE_FIELDS, event_field_errors
from coso.organizations.models import Organization

#: Kinds that place the member in an organization of the system, which must then be chosen.
KINDS_NEEDING_ORGANIZATION = {
    EventKind.ADMITTED,
    EventKind.READMITTED,
    EventKind.TRANSFERRED_IN,
    EventKind.TRANSFERRED,
    EventKind.ATTACHED,
}
#: Kinds whose other side may be an organization the system does not hold.
KINDS_WITH_EXTERNAL_PLACE = {EventKind.TRANSFERRED_IN, EventKind.TRANSFERRED_OUT}
#: Facts that a reorganization writes through its own service, never by hand.
MANUAL_EVENT_KINDS = [(value, label) for value, label in EventKind.choices if value != EventKind.REORGANIZED]
STARTING_KIND_CHOICES = [
    (EventKind.ADMITTED.value, EventKind.ADMITTED.label),
    (EventKind.TRANSFERRED_IN.value, EventKind.TRANSFERRED_IN.label),
]

PROFILE_SECTIONS = [
    (
        _("Identity"),
        [
            "full_name",
            "birth_name",
            "gender",
            "date_of_birth",
            "ethnicity",
            "religion",
            "citizen_id",
            "phone",
            "place_of_birth",
            "hometown",
        ],
    ),
    (_("Residence"), ["permanent_address", "current_address", "residential_unit"]),
    (_("Work"), ["occupation", "work_unit", "party_position", "government_position", "mass_org_position"]),
    (
        _("Education"),
        [
            "general_education",
            "professional_education",
            "academic_title",
            "political_theory",
            "state_management",
            "foreign_language",
            "it_skill",
            "minority_language",
        ],
    ),
    (
        _("Party"),
        ["youth_union_joined_on", "admission_place", "introducers", "party_card_number", "party_card_date"],
    ),
]
# A profile field added to the model later still shows (under "Other") until it gets its section;
# test_views_forms checks that none is left over.
UNSECTIONED_FIELDS = [f for f in PROFILE_FIELDS if f not in {name for _t, names in PROFILE_SECTIONS for name in names}]
if UNSECTIONED_FIELDS:
    PROFILE_SECTIONS.append((_("Other"), UNSECTIONED_FIELDS))


#: The edit form's field asking from when changed qualification levels hold.
QUALIFICATION_SINCE = "qualification_since"

#: Django's blank option in a select; the register shows an em dash instead.
DJANGO_BLANK = "---------"


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK:
                field.empty_label = "—"
        elif isinstance(field, forms.ChoiceField):
            field.choices = [("", "—") if (v, lbl) == ("", DJANGO_BLANK) else (v, lbl) for v, lbl in field.choices]
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", "form-control")


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names; unknown keys become general errors."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            if key in form.fields:
                form.add_error(key, errors)
            else:
                label = _field_label(key)
                form.add_error(None, [f"{label}: {m}" if label else m for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)


def _field_label(name: str) -> str:
    try:
        return str(Member._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a key that is no model field keeps its message alone
        return ""


class DecisionMixin(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = BoundedDateField(label=_("Decision date"), required=False, widget=DateInput())
    decision_issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)

    def clean_decision_date(self):
        value = self.cleaned_data.get("decision_date")
        if value and value > today():
            raise ValidationError(
                gettext("The decision date %(date)s is in the future.") % {"date": format_date(value)}, code="future"
            )
        return value


class MemberProfileForm(SectionedFormMixin, VersionedFormMixin, forms.ModelForm):
    """The profile (mẫu 2-HSĐV). Validates citizen ID (12 digits, unique) and dates before the service does."""

    class Meta:
        model = Member
        fields = PROFILE_FIELDS
        widgets = {name: DateInput() for name in ("date_of_birth", "party_card_date", "youth_union_joined_on")}
        field_classes = dict.fromkeys(("date_of_birth", "party_card_date", "youth_union_joined_on"), BoundedDateField)
        error_messages = {
            "party_card_number": {"unique": _("Another member already has this party card number.")},
        }

    # Wider than the 12 stored digits: people type "001 085 000 001"; clean_citizen_id normalizes.
    citizen_id = forms.CharField(
        label=_("Citizen ID"),
        max_length=20,
        required=False,
        error_messages={"unique": _("Another member already has this citizen ID.")},
    )

    sections = PROFILE_SECTIONS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "residential_unit" in self.fields:
            from coso.organizations.models import ResidentialUnit

            self.fields["residential_unit"].queryset = scope(ResidentialUnit.objects.all(), user).select_related(
                "commune"
            )
        self.fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "placeholder": "001085000001"})
        if self.instance.pk:
            self.init_version(self.instance.version)
            self._ask_qualification_since()
        _style(self)

    def _ask_qualification_since(self) -> None:
        """An edit asks from when a changed education or qualification level holds: the change is
        written as a dated fact of the member's history (`training.services.profile_changes`)."""
        self.fields[QUALIFICATION_SINCE] = BoundedDateField(
            label=_("Changed levels hold since"),
            required=False,
            initial=today(),
            widget=DateInput(),
            help_text=_(
                "Used only when general education, professional education, political theory or state "
                "management changes. Leave empty for a level held before records were kept."
            ),
        )
        for name in ("general_education", "professional_education", "political_theory", "state_management"):
            if name in self.fields:  # what the record holds, for the page's script to see a change
                self.fields[name].widget.attrs["data-saved"] = getattr(self.instance, name) or ""
        self.sections = [
            (title, [*names, QUALIFICATION_SINCE] if "state_management" in names else names)
            for title, names in PROFILE_SECTIONS
        ]

    def clean_qualification_since(self):
        value = self.cleaned_data.get(QUALIFICATION_SINCE)
        if value and value > today():
            raise ValidationError(
                gettext("The date %(date)s is in the future.") % {"date": format_date(value)}, code="future"
            )
        return value

    def qualification_since(self):
        return self.cleaned_data.get(QUALIFICATION_SINCE)

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").replace(" ", "").replace(".", "")
        if not value:
            return None
        if not (value.isdigit() and len(value) == 12):
            raise ValidationError(
                gettext("Citizen ID “%(value)s” must have exactly 12 digits.") % {"value": value}, code="invalid"
            )
        return value

    def clean_party_card_number(self):
        return (self.cleaned_data.get("party_card_number") or "").strip() or None

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value >= today():
            raise ValidationError(
                gettext("The date of birth %(date)s must be in the past.") % {"date": format_date(value)},
                code="future",
            )
        if value and value.year < 1900:
            raise ValidationError(
                gettext("The date of birth %(date)s is not plausible.") % {"date": format_date(value)},
                code="implausible",
            )
        return value

    def clean(self):
        data = super().clean()
        born = data.get("date_of_birth")
        for name in ("party_card_date", "youth_union_joined_on"):
            value = data.get(name)
            if value and value > today():
                self.add_error(name, gettext("The date %(date)s is in the future.") % {"date": format_date(value)})
            elif value and born and value <= born:
                self.add_error(
                    name,
                    gettext("The date %(date)s is not after the date of birth.") % {"date": format_date(value)},
                )
        return data

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class MemberCreateForm(DecisionMixin, MemberProfileForm):
    """A new record: the profile plus the fact that makes the person a member (admission or transfer in)."""

    first_event = forms.ChoiceField(label=_("First fact"), choices=STARTING_KIND_CHOICES)
    on = BoundedDateField(label=_("Date of the fact"), widget=DateInput())
    organization = OrganizationPickerField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label="—", source="member_register"
    )
    entry_status = forms.ChoiceField(
        label=_("Status on entry"),
        choices=[("", "—"), *SpellStatus.choices],
        required=False,
        help_text=_("For a transfer in: probationary or official."),
    )
    external_place = forms.CharField(
        label=_("Organization outside the system"),
        max_length=255,
        required=False,
        help_text=_("For transfers in from or out to an organization this system does not hold."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    sections = [
        *PROFILE_SECTIONS,
        (
            _("First fact"),
            [
                "first_event",
                "on",
                "organization",
                "entry_status",
                "external_place",
                "note",
                "decision_number",
                "decision_date",
                "decision_issuer",
            ],
        ),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].use(user)
        _style(self)

    def clean_on(self):
        value = self.cleaned_data.get("on")
        if value and value > today():
            raise ValidationError(
                gettext("The date of the fact %(date)s is in the future.") % {"date": format_date(value)},
                code="future",
            )
        return value

    def clean(self):
        data = super().clean()
        on, born = data.get("on"), data.get("date_of_birth")
        if on and born and on <= born:
            self.add_error("on", gettext("The date of the fact must be after the date of birth."))
        elif on and born and data.get("first_event") and "on" not in self.errors:
            for error in history_errors(date_of_birth=born, facts=[Fact(kind=data["first_event"], on=on)]):
                self.add_error("on", error.message)
        if data.get("first_event") == EventKind.TRANSFERRED_IN and not data.get("entry_status"):
            self.add_error("entry_status", gettext("Say whether the member arrives as probationary or official."))
        if data.get("first_event") == EventKind.ADMITTED:
            data["entry_status"] = ""
        return data

    def first_fact(self) -> dict:
        data = self.cleaned_data
        return {
            "first_event": data["first_event"],
            "on": data["on"],
            "organization": data["organization"],
            "entry_status": data.get("entry_status") or "",
            "external_place": data.get("external_place", ""),
            "note": data.get("note", ""),
            "decision_number": data.get("decision_number", ""),
            "decision_date": data.get("decision_date"),
            "decision_issuer": data.get("decision_issuer", ""),
        }


def allowed_fact_kinds(user, member: Member) -> list[tuple[str, str]]:
    """The manual fact kinds this user may record for this member: each kind is an action whose
    competent level is data (accounts.actions.fact_action, accounts.Competence)."""
    actions = {}
    kinds = []
    for kind, label in MANUAL_EVENT_KINDS:
        action = fact_action(kind)
        if action not in actions:
            actions[action] = may_on(user, action, member)
        if actions[action]:
            kinds.append((kind, label))
    return kinds


class MemberEventForm(DecisionMixin, forms.Form):
    """One dated fact of a member's history (DOMAIN.md §Member history)."""

    kind = forms.ChoiceField(label=_("Fact"), choices=[("", "—"), *MANUAL_EVENT_KINDS])
    on = BoundedDateField(label=_("Date"), widget=DateInput())
    organization = OrganizationPickerField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label="—",
        required=False,
        source="visible",
        help_text=_("Where the member is from this date (admission, transfer, attachment)."),
    )
    external_place = forms.CharField(
        label=_("Organization outside the system"),
        max_length=255,
        required=False,
        help_text=_("For transfers in from or out to an organization this system does not hold."),
    )
    entry_status = forms.ChoiceField(
        label=_("Status on entry"),
        choices=[("", "—"), *SpellStatus.choices],
        required=False,
        help_text=_("For a transfer in: probationary or official."),
    )
    discipline_form = forms.ChoiceField(
        label=_("Discipline form"), choices=[("", "—"), *DisciplineForm.choices], required=False
    )
    removal_ground = forms.ChoiceField(
        label=_("Ground for removal"), choices=[("", "—"), *RemovalGround.choices], required=False
    )
    badge_years = forms.IntegerField(
        label=_("Badge (years of party age)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("For a party badge: 30, 40, 45, 50 … years of party age."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = [
        "kind",
        "on",
        "organization",
        "external_place",
        "entry_status",
        "discipline_form",
        "removal_ground",
        "badge_years",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "note",
    ]

    def __init__(self, *args, user, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # Receiving organizations the user can see; a transfer to another district is recorded by
        # the superuser or as a transfer out of the system.
        self.fields["organization"].use(user)
        self.fields["kind"].choices = [("", "—"), *allowed_fact_kinds(user, member)]
        _style(self)

    @staticmethod
    def kind_fields() -> dict[str, list[str]]:
        """Which optional fields each kind uses, so the page can hide the others (progressive enhancement)."""
        return {
            "organization": [str(k) for k in KINDS_NEEDING_ORGANIZATION],
            "external_place": [str(k) for k in KINDS_WITH_EXTERNAL_PLACE],
            "entry_status": [EventKind.TRANSFERRED_IN.value],
            "discipline_form": [EventKind.DISCIPLINED.value],
            "removal_ground": [EventKind.REMOVED.value],
            "badge_years": [EventKind.BADGE_AWARDED.value],
        }

    def clean_on(self) -> date:
        value = self.cleaned_data.get("on")
        if value and value > today():
            raise ValidationError(
                gettext("The date %(date)s is in the future.") % {"date": format_date(value)}, code="future"
            )
        if value and value <= self.member.date_of_birth:
            raise ValidationError(
                gettext("The date %(date)s is not after the date of birth (%(born)s).")
                % {"date": format_date(value), "born": format_date(self.member.date_of_birth)},
                code="before_birth",
            )
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        label = EventKind(kind).label
        if data.get("on") and "on" not in self.errors:
            for error in history_errors(
                date_of_birth=self.member.date_of_birth, facts=[Fact(kind=kind, on=data["on"])]
            ):
                self.add_error("on", error.message)
        if kind in KINDS_NEEDING_ORGANIZATION and not data.get("organization"):
            self.add_error("organization", gettext("Choose the organization for “%(fact)s”.") % {"fact": label})
        if kind not in KINDS_NEEDING_ORGANIZATION:
            data["organization"] = None
        if kind == EventKind.TRANSFERRED_IN and not data.get("entry_status"):
            self.add_error("entry_status", gettext("Say whether the member arrives as probationary or official."))
        if kind != EventKind.TRANSFERRED_IN:
            data["entry_status"] = ""
        if kind == EventKind.DISCIPLINED and not data.get("discipline_form"):
            self.add_error("discipline_form", gettext("Choose the form of discipline."))
        if kind != EventKind.DISCIPLINED:
            data["discipline_form"] = ""
        for name, message in event_field_errors(
            kind=kind, removal_ground=data.get("removal_ground") or "", badge_years=data.get("badge_years")
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        if kind != EventKind.REMOVED:
            data["removal_ground"] = ""
        if kind != EventKind.BADGE_AWARDED:
            data["badge_years"] = None
        if kind not in KINDS_WITH_EXTERNAL_PLACE and data.get("external_place"):
            self.add_error(
                "external_place",
                gettext("An organization outside the system applies only to a transfer in or out, not to “%(fact)s”.")
                % {"fact": label},
            )
        return data

    def event_kwargs(self) -> dict:
        data = self.cleaned_data
        text = (
            "external_place",
            "entry_status",
            "discipline_form",
            "removal_ground",
            "decision_number",
            "decision_issuer",
            "note",
        )
        return {
            "kind": data["kind"],
            "on": data["on"],
            "organization": data.get("organization"),
            "decision_date": data.get("decision_date"),
            "badge_years": data.get("badge_years"),
            **{name: data.get(name) or "" for name in text},
        }
