from django.urls import path

from coso.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("establish/", views.establish_root, name="establish_root"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/children/", views.children, name="children"),
    path("<int:org_id>/establish/", views.establish, name="establish"),
    path("<int:org_id>/rename/", views.rename, name="rename"),
    path("<int:org_id>/move/", views.move, name="move"),
    path("<int:org_id>/merge/", views.merge, name="merge"),
    path("<int:org_id>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:org_id>/units/add/", views.unit_add, name="unit_add"),
]
