from django.contrib import admin
from django.urls import include, path

from coso.api.urls import api
from coso.reports.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("coso.accounts.urls")),
    path("organizations/", include("coso.organizations.urls")),
    path("members/", include("coso.members.urls")),
    path("imports/", include("coso.imports.urls")),
    path("admission/", include("coso.admission.urls")),
    path("targets/", include("coso.targets.urls")),
    path("badges/", include("coso.badges.urls")),
    path("transfers/", include("coso.transfers.urls")),
    path("meetings/", include("coso.meetings.urls")),
    path("evaluation/", include("coso.evaluation.urls")),
    path("training/", include("coso.training.urls")),
    path("cadres/", include("coso.cadres.urls")),
    path("reports/", include("coso.reports.urls")),
    path("pickers/", include("coso.common.pickers")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Our own pages in the user's language whenever DEBUG is off (coso/common/errors.py); 500 is
# Django's server_error rendering templates/500.html without context processors or the database.
handler400 = "coso.common.errors.bad_request"
handler403 = "coso.common.errors.permission_denied"
handler404 = "coso.common.errors.page_not_found"
