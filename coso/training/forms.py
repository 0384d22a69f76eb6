"""Forms of the training pages. They parse input only; `coso.training.services` judges the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
from coso.admission.forms import BootstrapMixin
from coso.admission.models import Candidate
from coso.cadres.models import Cadre
from coso.common.forms import date_field
from coso.common.pickers import MemberPickerField, OrganizationPickerField
from coso.members.models import Member
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree_now
from coso.training.models import ClassKind, Mode, Organizer, Result

#: Candidates an awareness class may still take (before the cell's vote).
OPEN_STAGES = ("pipeline", "class_passed", "dossier")


class ClassFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of class"), choices=[("", _("All"))] + ClassKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100, required=False)
    organizer_kind = forms.ChoiceField(
        label=_("Organized by"), choices=[("", _("All"))] + Organizer.choices, required=False
    )
    org = OrganizationPickerField(
        label=_("Organization"), queryset=Organization.objects.none(), source="visible", required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].use(user)


class ClassForm(BootstrapMixin, forms.Form):
    organization = OrganizationPickerField(
        label=_("Organizing or sending committee"), queryset=Organization.objects.none(), source="class_organizers"
    )
    kind = forms.ChoiceField(label=_("Kind of class"), choices=ClassKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_SERVICE, required=False)
    organizer_kind = forms.ChoiceField(
        label=_("Organized by"), choices=Organizer.choices, initial=Organizer.OWN, required=False
    )
    organizer = forms.CharField(
        label=_("Held by"), max_length=200, required=False, help_text=_("e.g. the political centre that teaches it")
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(user)


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.full_name} — {obj.organization.name}"


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Candidate) -> str:
        return f"{obj.full_name} — {obj.organization.name}"


class EnrolForm(BootstrapMixin, forms.Form):
    """Who a class of this kind takes: candidates (awareness), probationary members (new members'),
    else a member or a cadre who is not a member; an outside class adds the sending decision."""

    candidate = CandidateChoiceField(label=_("Candidate"), queryset=Candidate.objects.none(), required=False)
    member = MemberPickerField(label=_("Member"), queryset=Member.objects.none(), required=False)
    cadre = CadreChoiceField(label=_("Or a cadre who is not a member"), queryset=Cadre.objects.none(), required=False)
    decision_number = forms.CharField(label=_("Sending decision number"), max_length=60, required=False)
    decision_date = date_field(_("Sending decision date"), required=False)
    decision_issuer = forms.CharField(label=_("Sending decision issued by"), max_length=200, required=False)

    def __init__(self, *args, training_class, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizer = training_class.organization
        self.training_class = training_class
        if training_class.kind == ClassKind.AWARENESS:
            self.fields["candidate"].queryset = scope(
                Candidate.objects.filter(in_subtree_now(organizer), stage__in=OPEN_STAGES), user
            ).select_related("organization")
            del self.fields["member"], self.fields["cadre"]
        else:
            del self.fields["candidate"]
            self.fields["member"].use(user, source="visible_members")
            if training_class.kind == ClassKind.NEW_MEMBERS:
                self.fields["member"].label = _("Probationary member")
                self.fields["member"].queryset = self.fields["member"].queryset.filter(
                    in_subtree_now(organizer), status="probationary"
                )
                del self.fields["cadre"]
            else:
                self.fields["cadre"].queryset = scope(Cadre.objects.filter(member__isnull=True), user).select_related(
                    "organization"
                )
        if not training_class.is_outside:
            for name in ("decision_number", "decision_date", "decision_issuer"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("candidate", "member", "cadre") if data.get(name)]
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose the person to enrol."))
        if len(chosen) > 1:
            raise forms.ValidationError(_("Choose one person: a member or a cadre, not both."))
        return data


class ResultForm(BootstrapMixin, forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    certificate_date = date_field(_("Certificate date"), required=False)
