"""Forms of the cadre work pages. They parse input only; the services judge the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.admission.forms import BootstrapMixin
from coso.cadres.models import Cadre, HowHeld, PostKind, PostSpell, Rotation
from coso.common.forms import date_field
from coso.common.pickers import MemberPickerField, OrganizationPickerField
from coso.members.models import Member
from coso.organizations.models import Organization


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        born = f" ({obj.date_of_birth:%Y})" if obj.date_of_birth else ""
        return f"{obj.full_name}{born} — {obj.organization.name}"


class DecisionMixin(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    decision_issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)


class CadreForm(BootstrapMixin, forms.Form):
    member = MemberPickerField(
        label=_("Party member"),
        queryset=Member.objects.none(),
        required=False,
        source="visible_members",
        help_text=_("Pick the member from the register; leave empty for a person who is not a party member."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=255, required=False)
    date_of_birth = date_field(_("Date of birth"), required=False)
    organization = OrganizationPickerField(label=_("Unit"), queryset=Organization.objects.none(), source="visible")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].use(user)
        self.fields["organization"].use(user)


class CadreEditForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    date_of_birth = date_field(_("Date of birth"), required=False)
    organization = OrganizationPickerField(label=_("Unit"), queryset=Organization.objects.none(), source="visible")
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(user)


class PostForm(BootstrapMixin, DecisionMixin):
    organization = OrganizationPickerField(
        label=_("Organization"), queryset=Organization.objects.none(), source="visible"
    )
    kind = forms.ChoiceField(label=_("Post"), choices=PostKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("As written in the decision.")
    )
    term = forms.CharField(label=_("Term"), max_length=20, required=False, help_text=_("For example 2020-2025."))
    how = forms.ChoiceField(label=_("How held"), choices=HowHeld.choices)
    election = forms.CharField(label=_("Congress or election"), max_length=255, required=False)
    valid_from = date_field(_("From"))
    valid_to = date_field(_("Until"), required=False)

    field_order = ["organization", "kind", "title", "term", "how", "election", "valid_from", "valid_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(user)


class EndForm(BootstrapMixin, forms.Form):
    on = date_field(_("Ended on"))


class RotateForm(BootstrapMixin, DecisionMixin):
    from_post = forms.ModelChoiceField(label=_("Previous post"), queryset=PostSpell.objects.none())
    kind = forms.ChoiceField(label=_("Kind of move"), choices=Rotation.Kind.choices)
    to_organization = OrganizationPickerField(
        label=_("To the organization"), queryset=Organization.objects.none(), source="visible"
    )
    to_kind = forms.ChoiceField(label=_("New post"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    on = date_field(_("Date of the move"))

    field_order = ["from_post", "kind", "to_organization", "to_kind", "title", "on"]

    def __init__(self, *args, user, cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].use(user)
        field = self.fields["from_post"]
        field.queryset = cadre.posts.select_related("organization").order_by("-valid_from", "id")
        field.label_from_instance = lambda s: (
            f"{s.get_kind_display()} — {s.organization.name} ({s.valid_from:%d/%m/%Y})"
        )


class PlanningForm(BootstrapMixin, DecisionMixin):
    cadre = CadreChoiceField(label=_("Cadre"), queryset=Cadre.objects.none())
    kind = forms.ChoiceField(label=_("Planned post"), choices=PostKind.choices)
    term = forms.CharField(label=_("Term"), max_length=20, help_text=_("For example 2025-2030."))
    added_on = date_field(_("Added on"))

    field_order = ["cadre", "kind", "term", "added_on"]

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres.select_related("organization")


class PlanningRemoveForm(BootstrapMixin, forms.Form):
    removed_on = date_field(_("Removed on"))
    removal_decision = forms.CharField(label=_("Removal decision"), max_length=255, required=False)
    reason = forms.CharField(label=_("Reason for removal"), max_length=255, required=False)


class SupervisionForm(BootstrapMixin, DecisionMixin):
    cadre = CadreChoiceField(label=_("Committee member"), queryset=Cadre.objects.none())
    supervised = OrganizationPickerField(
        label=_("Organization followed"), queryset=Organization.objects.none(), source="visible"
    )
    valid_from = date_field(_("From"))
    valid_to = date_field(_("Until"), required=False)

    field_order = ["cadre", "supervised", "valid_from", "valid_to"]

    def __init__(self, *args, user, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres.select_related("organization")
        self.fields["supervised"].use(user)
