from django.contrib.auth import views as auth_views
from django.urls import path

from coso.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.CosoLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.OwnPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.OwnPasswordChangeDoneView.as_view(), name="password_change_done"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/roles/", views.role_grant, name="role_grant"),
    path("users/<int:user_id>/roles/revoke/", views.role_revoke, name="role_revoke"),
    path("users/<int:user_id>/password/", views.password_reset, name="password_reset"),
    path("users/<int:user_id>/deactivate/", views.deactivate, name="deactivate"),
]
