from django.urls import path

from coso.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("list/", views.figure_list, name="list"),
    path("summary/", views.summary, name="summary"),
    path("<int:org_id>/edit/", views.edit, name="edit"),
]
