"""Forms of the board's user management; their organization choices are the board's own subtree."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from coso.accounts.models import Role
from coso.common.pickers import OrganizationPickerField
from coso.organizations.models import Organization

ROLE_CHOICES = [(r.value, r.label) for r in (Role.BOARD, Role.SECRETARY, Role.OBSERVER)]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class OrganizationField(OrganizationPickerField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {super().label_from_instance(obj)}"


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    organization = OrganizationField(
        label=_("Organization"), queryset=Organization.objects.none(), source="role_organizations"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].use(actor)
        _style(self)


class UserCreateForm(RoleForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    last_name = forms.CharField(label=_("Family and middle names"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False))

    field_order = ["username", "last_name", "first_name", "password", "role", "organization"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.order_fields(self.field_order)


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class OwnPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
