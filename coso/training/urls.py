from django.urls import path

from coso.training import views

app_name = "training"
urlpatterns = [
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:class_id>/enrol/", views.class_enrol, name="class_enrol"),
    path("classes/<int:class_id>/results/", views.class_result, name="class_result"),
]
