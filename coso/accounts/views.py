from django.contrib.auth import views as auth_views


class CosoLoginView(auth_views.LoginView):
    """The Vietnamese login page; failures are counted by django-axes (5 per user and address)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
