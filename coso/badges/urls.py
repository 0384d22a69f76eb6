from django.urls import path

from coso.badges import pdf_views, views

app_name = "badges"
urlpatterns = [
    path("", views.badge_list_view, name="list"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.docx", views.export_docx, name="export_docx"),
    path("export.pdf", pdf_views.export_pdf, name="export_pdf"),
    path("award/", views.award, name="award"),
    path("members/<int:member_id>/", views.member_view, name="member"),
    path("members/<int:member_id>/gravely-ill/", views.flag_add, name="flag_add"),
]
