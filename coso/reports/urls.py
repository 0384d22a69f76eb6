from django.urls import path

from coso.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/<slug:figure>/", views.figure, name="figure"),
    path("figures/<slug:figure>/export/", views.figure_export, name="figure_export"),
]
