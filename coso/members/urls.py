from django.urls import path

from coso.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export/", views.member_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/events/new/", views.event_add, name="event_add"),
    path("events/<int:event_id>/delete/", views.event_delete, name="event_delete"),
]
