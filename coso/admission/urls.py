from django.urls import path

from coso.admission import pdf_views, views

app_name = "admission"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("worklist/", views.worklist, name="worklist"),
    path("new/", views.candidate_create, name="create"),
    path("<int:candidate_id>/", views.candidate_detail, name="detail"),
    path("<int:candidate_id>/edit/", views.candidate_edit, name="edit"),
    path("<int:candidate_id>/introducers/", views.introducer_add, name="introducer_add"),
    path("<int:candidate_id>/documents/", views.document_add, name="document_add"),
    path("<int:candidate_id>/exceptions/", views.rule_exception, name="exception"),
    path("<int:candidate_id>/cell-vote/", views.cell_vote, name="cell_vote"),
    path("<int:candidate_id>/decision/", views.decide, name="decide"),
    path("<int:candidate_id>/ceremony/", views.ceremony, name="ceremony"),
    path("<int:candidate_id>/recognition/", views.recognize, name="recognize"),
    path("<int:candidate_id>/non-recognition/", views.not_recognize, name="not_recognize"),
    path("<int:candidate_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:candidate_id>/6-knd.docx", views.docx_cell_resolution, name="docx_cell_resolution"),
    path("<int:candidate_id>/9-knd.docx", views.docx_admission_decision, name="docx_admission_decision"),
    path("<int:candidate_id>/recognition.docx", views.docx_recognition_decision, name="docx_recognition_decision"),
    path("<int:candidate_id>/6-knd.pdf", pdf_views.pdf_cell_resolution, name="pdf_cell_resolution"),
    path("<int:candidate_id>/9-knd.pdf", pdf_views.pdf_admission_decision, name="pdf_admission_decision"),
    path("<int:candidate_id>/recognition.pdf", pdf_views.pdf_recognition_decision, name="pdf_recognition_decision"),
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:class_id>/enrol/", views.class_enrol, name="class_enrol"),
    path("classes/<int:class_id>/results/", views.class_result, name="class_result"),
]
