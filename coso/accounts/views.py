"""Login, the user's own password, and the board's management of its users and roles.

A board (Action.USERS_MANAGE) lists the users whose every role lies in its subtree, creates users,
grants and revokes roles on nodes of its subtree, resets passwords and deactivates, each through
one audited service in `accounts.services`. A user out of its reach is a 404.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.accounts import queries, services
from coso.accounts.actions import Action
from coso.accounts.forms import OwnPasswordChangeForm, PasswordResetForm, RoleForm, UserCreateForm
from coso.accounts.models import RoleAssignment
from coso.accounts.scoping import require
from coso.common.forms import add_errors


class CosoLoginView(auth_views.LoginView):
    """The Vietnamese login page; failures are counted by django-axes (5 per user and address)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password in the product's layout (the change is audited)."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.own_password_changed(user=self.request.user)
        return response


class OwnPasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


USERS_PER_PAGE = 100


@login_required
def user_list(request):
    require(request.user, Action.USERS_MANAGE)
    page = Paginator(queries.managed_users(request.user).order_by("username"), USERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    users = list(page.object_list)
    roles = queries.roles_of(users)
    for user in users:
        user.roles = roles.get(user.pk, [])
    return render(request, "accounts/users.html", {"users": users, "page": page})


@login_required
def user_create(request):
    require(request.user, Action.USERS_MANAGE)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
                role=data["role"],
                organization=data["organization"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("User %(name)s was created.") % {"name": user.get_username()})
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _managed(request, user_id):
    """A user the board manages; 404 for anyone else (whoever asks, so nothing leaks)."""
    return queries.managed_user_for(request.user, user_id)


def _detail(request, user, *, role_form=None, password_form=None, status=200):
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "roles": queries.roles_of([user]).get(user.pk, []),
            "role_form": role_form or RoleForm(actor=request.user),
            "password_form": password_form or PasswordResetForm(),
        },
        status=status,
    )


@login_required
def user_detail(request, user_id: int):
    return _detail(request, _managed(request, user_id))


@login_required
@require_POST
def role_grant(request, user_id: int):
    user = _managed(request, user_id)
    form = RoleForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.role_grant(
                user=user,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", user_id=user.pk)
    return _detail(request, user, role_form=form, status=400)


@login_required
@require_POST
def role_revoke(request, user_id: int):
    user = _managed(request, user_id)
    assignment = RoleAssignment.objects.filter(user=user, pk=request.POST.get("assignment") or 0).first()
    if assignment is None:
        messages.error(request, _("This role is not held by the user."))
        return redirect("accounts:user_detail", user_id=user.pk)
    services.role_revoke(assignment=assignment, actor=request.user)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", user_id=user.pk)


@login_required
@require_POST
def password_reset(request, user_id: int):
    user = _managed(request, user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(user=user, password=form.cleaned_data["password"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The password of %(name)s was reset.") % {"name": user.get_username()})
            return redirect("accounts:user_detail", user_id=user.pk)
    return _detail(request, user, password_form=form, status=400)


@login_required
@require_POST
def deactivate(request, user_id: int):
    user = _managed(request, user_id)
    services.user_deactivate(user=user, actor=request.user)
    messages.success(request, _("%(name)s can no longer log in.") % {"name": user.get_username()})
    return redirect("accounts:users")
