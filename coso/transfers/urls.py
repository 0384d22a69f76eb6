from django.urls import path

from coso.transfers import paper_views, views

app_name = "transfers"
urlpatterns = [
    path("", views.paper_list, name="list"),
    path("arriving/new/", views.paper_receive, name="receive"),
    path("mark-overdue/", views.mark_overdue, name="mark_overdue"),
    path("issue/<int:member_id>/", views.paper_issue, name="issue"),
    path("<int:paper_id>/", views.paper_detail, name="detail"),
    path("<int:paper_id>/paper.docx", paper_views.paper_docx, name="paper_docx"),
    path("<int:paper_id>/paper.pdf", paper_views.paper_pdf, name="paper_pdf"),
    path("<int:paper_id>/present/", views.paper_present, name="present"),
    path("<int:paper_id>/cancel/", views.paper_cancel, name="cancel"),
    path("<int:paper_id>/end/", views.paper_end, name="end"),
    path("attached/<int:org_id>/", views.attached, name="attached"),
]
