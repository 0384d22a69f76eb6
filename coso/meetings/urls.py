from django.urls import path

from coso.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("overview/", views.overview, name="overview"),
    path("overview.xlsx", views.overview_export, name="overview_export"),
    path("next/", views.next_meeting, name="next"),
    path("worklist/", views.worklist, name="worklist"),
    path("figures/<slug:figure>/", views.figure, name="figure"),
    path("visits/", views.visit_list, name="visits"),
    path("visits.xlsx", views.visit_export, name="visits_export"),
    path("cells/<int:org_id>/", views.cell, name="cell"),
    path("cells/<int:org_id>/meetings.xlsx", views.cell_export, name="cell_export"),
    path("cells/<int:org_id>/plan-year/", views.plan_year, name="plan_year"),
    path("cells/<int:org_id>/new/", views.meeting_create, name="create"),
    path("cells/<int:org_id>/visit/", views.visit_create, name="visit_create"),
    path("committees/<int:org_id>/visit-plan/", views.visit_plan, name="visit_plan"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    path("<int:meeting_id>/edit/", views.edit, name="edit"),
    path("<int:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("<int:meeting_id>/notify/", views.notify, name="notify"),
    path("<int:meeting_id>/documents/", views.document_add, name="document_add"),
    path("<int:meeting_id>/document/", views.document, name="document"),
    path("<int:meeting_id>/roll/", views.roll_open, name="roll_open"),
    path("<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("<int:meeting_id>/attendance/mark/", views.attendance_mark, name="attendance_mark"),
    path("<int:meeting_id>/attendance/all-present/", views.all_present, name="all_present"),
    path("<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("<int:meeting_id>/guests/", views.guest, name="guest"),
    path("<int:meeting_id>/tasks/", views.task, name="task"),
    path("<int:meeting_id>/votes/", views.vote, name="vote"),
    path("<int:meeting_id>/close/", views.close, name="close"),
    path("<int:meeting_id>/correct/", views.correct, name="correct"),
    path("<int:meeting_id>/visit/", views.visit_meeting, name="visit_meeting"),
    path("<int:meeting_id>/minutes.docx", views.docx, name="docx"),
]
