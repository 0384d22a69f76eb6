"""Forms of the admission pages. They parse input only; the services judge the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.accounts.scoping import scope
from coso.admission.models import EXCEPTABLE_RULES, STAGE_FORMS, Candidate, Form, Source, Stage
from coso.admission.services import CANDIDATE_FIELDS
from coso.common.forms import SectionedFormMixin, date_field
from coso.common.pickers import MemberPickerField, OrganizationPickerField
from coso.common.versions import VersionedFormMixin
from coso.members.models import Member
from coso.organizations.models import Organization, ResidentialUnit
from coso.organizations.queries import in_subtree_now
from coso.training.models import ClassKind, Result


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - 1, 0) + obj.name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        born = f"{obj.date_of_birth:%Y}" if obj.date_of_birth else ""
        return f"{obj.full_name} ({born}) — {obj.organization or ''}"


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields with one loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


class CandidateForm(SectionedFormMixin, BootstrapMixin, VersionedFormMixin, forms.ModelForm):
    organization = OrganizationPickerField(
        label=_("Proposing cell"), queryset=Organization.objects.none(), source="admission_cells"
    )
    former_member = MemberPickerField(
        label=_("Former party member (re-admission)"),
        queryset=Member.objects.none(),
        required=False,
        source="former_members",
    )
    date_of_birth = date_field(_("Date of birth"))
    registered_on = date_field(_("Registered on"))

    sections = [
        (_("Proposal"), ["organization", "source", "registered_on", "former_member", "note"]),
        (_("Identity"), ["full_name", "gender", "date_of_birth", "ethnicity", "religion", "citizen_id", "phone"]),
        (_("Residence"), ["permanent_address", "current_address", "residential_unit", "exception_area"]),
        (_("Education"), ["general_education", "professional_education"]),
        (_("Work"), ["occupation", "work_unit"]),
    ]

    class Meta:
        model = Candidate
        fields = ["organization", *CANDIDATE_FIELDS]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(user)
        self.fields["residential_unit"].queryset = scope(ResidentialUnit.objects.all(), user)
        self.fields["former_member"].use(user)
        if self.instance.pk:
            self.fields["organization"].disabled = True
            self.init_version(self.instance.version)

    def _post_clean(self):
        """The service validates the record (with messages naming the rule); skip the model's own pass."""


class CandidateFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    org = OrganizationPickerField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All"),
        source="admission_filter",
    )
    source = forms.ChoiceField(label=_("Source"), choices=[("", _("All")), *Source.choices], required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All")), *Stage.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].use(user)


class IntroducerForm(BootstrapMixin, forms.Form):
    member = MemberPickerField(label=_("Introducer"), queryset=Member.objects.none(), source="introducers")
    shared_since = date_field(_("Worked or lived with the candidate since"))

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Members of the commune (or the organization above a grassroots cell) who may introduce.
        self.fields["member"].use(user, candidate=candidate.pk)


class DocumentForm(BootstrapMixin, forms.Form):
    form = forms.ChoiceField(label=_("Paper"), choices=[(f.value, f.label) for f in Form if f not in STAGE_FORMS])
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issued_on = date_field(_("Date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)


class CellVoteForm(BootstrapMixin, forms.Form):
    on = date_field(_("Date of the cell's resolution"))
    number = forms.CharField(label=_("Resolution number"), max_length=60)
    official_members = forms.IntegerField(label=_("Official members of the cell"), min_value=1)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)


class DecisionForm(BootstrapMixin, forms.Form):
    committee_resolution_number = forms.CharField(
        label=_("Committee resolution number (8-KNĐ)"), max_length=60, required=False
    )
    committee_resolution_on = date_field(_("Committee resolution date"), required=False)
    number = forms.CharField(label=_("Decision number (9-KNĐ)"), max_length=60)
    on = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)


class CeremonyForm(BootstrapMixin, forms.Form):
    on = date_field(_("Date of the admission ceremony"))


class RecognitionForm(BootstrapMixin, forms.Form):
    cell_vote_on = date_field(_("Date of the cell's resolution"))
    cell_resolution_number = forms.CharField(label=_("Resolution number"), max_length=60)
    official_members = forms.IntegerField(label=_("Official members of the cell"), min_value=1)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)


class NonRecognitionForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawForm(BootstrapMixin, forms.Form):
    on = date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RuleExceptionForm(BootstrapMixin, forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), choices=[(c.value, c.label) for c in EXCEPTABLE_RULES])
    approval_number = forms.CharField(label=_("Approval number"), max_length=60)
    approval_date = date_field(_("Approval date"))
    approval_issuer = forms.CharField(label=_("Approved by"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ClassForm(BootstrapMixin, forms.Form):
    organization = OrganizationPickerField(
        label=_("Organizing committee"), queryset=Organization.objects.none(), source="class_organizers"
    )
    kind = forms.ChoiceField(label=_("Kind of class"), choices=ClassKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    organizer = forms.CharField(label=_("Held by"), max_length=200, required=False)
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(user)


class EnrolForm(BootstrapMixin, forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate"), queryset=Candidate.objects.none(), required=False)
    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, training_class, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizer = training_class.organization
        self.fields["candidate"].queryset = scope(
            Candidate.objects.filter(in_subtree_now(organizer), stage__in=["pipeline", "class_passed", "dossier"]),
            user,
        )
        self.fields["member"].queryset = scope(
            Member.objects.filter(in_subtree_now(organizer), status="probationary"), user
        ).select_related("organization")
        if training_class.kind == ClassKind.AWARENESS:
            del self.fields["member"]
        else:
            del self.fields["candidate"]


class ResultForm(BootstrapMixin, forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    certificate_date = date_field(_("Certificate date"), required=False)
