from django.urls import path

from coso.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("templates/", views.template_download, name="template"),
    path("templates/members.xlsx", views.template_members, name="template_members"),
    path("templates/history.xlsx", views.template_history, name="template_history"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("jobs/<int:job_id>/", views.job_detail, name="detail"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="progress"),
    path("jobs/<int:job_id>/confirm/", views.job_confirm, name="confirm"),
    path("jobs/<int:job_id>/rerun/", views.job_rerun, name="rerun"),
    path("jobs/<int:job_id>/errors.xlsx", views.job_errors_xlsx, name="errors_xlsx"),
]
