"""Forms of the transfer pages. They parse input only; `transfers.services` judges the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
from coso.common.forms import date_field
from coso.common.pickers import OrganizationPickerField
from coso.members.choices import Gender, GeneralEducation, SpellStatus
from coso.members.models import Ethnicity, Religion
from coso.organizations.models import Organization
from coso.transfers.models import Direction, PaperStatus, TransferKind


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - 1, 0) + obj.name


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class IssueForm(BootstrapMixin, forms.Form):
    """A referral for a member of the register. The receiving organization is named by its code.

    The code, not a list: the receiving organization is usually outside the user's subtree, and
    the tree outside it is not shown (one door for access); the board knows the code from the
    receiving committee's letter. Organizations of the user's own subtree are offered as hints.
    """

    kind = forms.ChoiceField(label=_("Kind of transfer"), choices=TransferKind.choices)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[(Direction.WITHIN, Direction.WITHIN.label), (Direction.OUT, Direction.OUT.label)]
    )
    to_code = forms.CharField(
        label=_("Receiving organization (code)"),
        max_length=40,
        required=False,
        help_text=_("For a transfer within the system: the code of the receiving organization, e.g. C01-02."),
    )
    to_place = forms.CharField(
        label=_("Receiving organization outside the system"),
        max_length=255,
        required=False,
        help_text=_("For a transfer out: the name of the receiving committee."),
    )
    number = forms.CharField(label=_("Paper number"), max_length=60, required=False)
    issued_on = date_field(_("Issued on"))
    issuer = forms.CharField(label=_("Issuing committee"), max_length=200)
    period_from = date_field(_("Temporary from"), required=False)
    period_until = date_field(_("Temporary until"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = list(
            scope(Organization.objects.exclude(kind="party_group"), user)
            .filter(dissolved_on__isnull=True)
            .values_list("code", "name")[:500]
        )
        self.fields["to_code"].widget.attrs["list"] = "org-codes"

    def clean(self):
        data = super().clean()
        data["to_organization"] = None
        code = (data.get("to_code") or "").strip()
        if data.get("direction") == Direction.WITHIN and code:
            org = Organization.objects.filter(code__iexact=code).first()
            if org is None:
                self.add_error("to_code", _("No organization has the code %(code)s.") % {"code": code})
            data["to_organization"] = org
        elif data.get("direction") == Direction.WITHIN:
            self.add_error("to_code", _("Enter the code of the receiving organization."))
        return data


class IncomingForm(BootstrapMixin, forms.Form):
    """A referral arriving from an organization outside the system, and (optionally) its presentation."""

    kind = forms.ChoiceField(label=_("Kind of transfer"), choices=TransferKind.choices)
    to_organization = OrganizationPickerField(
        label=_("Receiving organization"), queryset=Organization.objects.none(), source="transfer_receivers"
    )
    from_place = forms.CharField(label=_("Issuing organization outside the system"), max_length=255)
    number = forms.CharField(label=_("Paper number"), max_length=60, required=False)
    issued_on = date_field(_("Issued on"))
    issuer = forms.CharField(label=_("Issuing committee"), max_length=200)
    person_name = forms.CharField(label=_("Full name"), max_length=120)
    person_gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    person_date_of_birth = date_field(_("Date of birth"), required=False)
    person_citizen_id = forms.CharField(label=_("Citizen ID"), max_length=12, required=False)
    person_party_card = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    person_ethnicity = forms.ModelChoiceField(label=_("Ethnicity"), queryset=Ethnicity.objects.all(), required=False)
    person_religion = forms.ModelChoiceField(label=_("Religion"), queryset=Religion.objects.all(), required=False)
    person_education = forms.ChoiceField(
        label=_("General education"), choices=[("", "—"), *GeneralEducation.choices], required=False
    )
    entry_status = forms.ChoiceField(
        label=_("Status on entry"), choices=[("", "—"), *SpellStatus.choices], required=False
    )
    period_from = date_field(_("Temporary from"), required=False)
    period_until = date_field(_("Temporary until"), required=False)
    presented_on = date_field(
        _("Presented on"), required=False, help_text=_("Leave empty if the member has not presented it yet.")
    )
    received_by = forms.CharField(label=_("Received by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].use(user)

    def person(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["person_name"],
            "gender": d["person_gender"],
            "date_of_birth": d["person_date_of_birth"],
            "citizen_id": d["person_citizen_id"],
            "party_card": d["person_party_card"],
            "ethnicity": d["person_ethnicity"],
            "religion": d["person_religion"],
            "education": d["person_education"],
        }


class PresentForm(BootstrapMixin, forms.Form):
    presented_on = date_field(_("Presented on"))
    received_by = forms.CharField(label=_("Received by"), max_length=200, required=False)


class CancelForm(BootstrapMixin, forms.Form):
    cancelled_on = date_field(_("Cancelled on"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class EndForm(BootstrapMixin, forms.Form):
    ended_on = date_field(_("Temporary activity ended on"))


STATUS_FILTERS = [
    ("", _("All")),
    ("open", _("In transit (issued or overdue)")),
    (PaperStatus.OVERDUE, _("Overdue (past the limit, not presented)")),
    (PaperStatus.ISSUED, PaperStatus.ISSUED.label),
    (PaperStatus.PRESENTED, PaperStatus.PRESENTED.label),
    (PaperStatus.ENDED, PaperStatus.ENDED.label),
    (PaperStatus.CANCELLED, PaperStatus.CANCELLED.label),
]


class PaperFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=[("", _("All")), *Direction.choices], required=False)
    kind = forms.ChoiceField(
        label=_("Kind of transfer"), choices=[("", _("All")), *TransferKind.choices], required=False
    )
