from django.urls import path

from coso.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.cadre_list, name="list"),
    path("new/", views.cadre_create, name="create"),
    path("tables/", views.tables, name="tables"),
    path("tables/export/", views.tables_export, name="tables_export"),
    path("<int:cadre_id>/", views.cadre_detail, name="detail"),
    path("<int:cadre_id>/edit/", views.cadre_edit, name="edit"),
    path("<int:cadre_id>/posts/new/", views.post_assign, name="post_assign"),
    path("<int:cadre_id>/rotate/", views.cadre_rotate, name="rotate"),
    path("posts/<int:spell_id>/end/", views.post_end, name="post_end"),
    path("planning/<int:org_id>/", views.planning, name="planning"),
    path("planning/entries/<int:entry_id>/remove/", views.planning_remove, name="planning_remove"),
    path("supervision/<int:org_id>/", views.supervision, name="supervision"),
    path("supervision/assignments/<int:assignment_id>/end/", views.supervision_end, name="supervision_end"),
]
