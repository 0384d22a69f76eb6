"""Admission pages: scope (404 outside, 403 read-only), the stage actions, worklist, Word downloads."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from coso.accounts.models import Role, RoleAssignment
from coso.admission import services
from coso.admission.models import Candidate, Form, Stage
from coso.admission.tests.factories import (
    make_admitted_candidate,
    make_candidate,
    make_class,
    make_official_member,
    make_ready_candidate,
)
from coso.audit.models import AuditEntry
from coso.members.models import Ethnicity, Religion
from coso.testing.factories import UserFactory
from coso.training.models import ClassStudent, Result, TrainingClass

pytestmark = pytest.mark.django_db


def detail_url(candidate):
    return reverse("admission:detail", kwargs={"candidate_id": candidate.pk})


@pytest.fixture
def observer(world):
    user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=user, role=Role.OBSERVER, organization=world.district)
    return user


def test_board_lists_candidates_by_stage_within_scope(client, world, django_assert_max_num_queries):
    for i in range(6):
        make_candidate(org=world.cell, full_name=f"Phạm Văn Nguồn {i}")
    make_candidate(org=world.other_cell, full_name="Hoàng Thị Ngoài")
    client.force_login(world.board_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admission:list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phạm Văn Nguồn 5" in text and "Hoàng Thị Ngoài" not in text
    response = client.get(reverse("admission:list"), {"stage": Stage.DOSSIER})
    assert "Phạm Văn Nguồn 5" not in response.content.decode()
    response = client.get(reverse("admission:list"), {"q": "Nguồn 3"})
    assert "Phạm Văn Nguồn 3" in response.content.decode() and "Phạm Văn Nguồn 4" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("board_user", 200), ("secretary_user", 200), ("outsider_user", 404), ("member_user", 404)]
)
def test_candidate_page_scope(client, world, persona, status):
    candidate = make_ready_candidate(world=world)
    client.force_login(getattr(world, persona))
    assert client.get(detail_url(candidate)).status_code == status


def test_candidate_page_query_count(client, world, django_assert_max_num_queries):
    candidate = make_ready_candidate(world=world)
    client.force_login(world.board_user)
    with django_assert_max_num_queries(40):
        response = client.get(detail_url(candidate))
    assert response.status_code == 200
    assert "vote-on" in response.content.decode()  # the vote form is offered at this stage


def test_read_only_user_sees_but_cannot_act(client, world, observer):
    candidate = make_ready_candidate(world=world)
    client.force_login(observer)
    response = client.get(detail_url(candidate))
    assert response.status_code == 200 and "vote-on" not in response.content.decode()
    before = AuditEntry.objects.count()
    url = reverse("admission:cell_vote", kwargs={"candidate_id": candidate.pk})
    response = client.post(
        url, {"vote-on": "20/08/2021", "vote-number": "1", "vote-official_members": 9, "vote-in_favour": 9}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before
    assert client.get(reverse("admission:edit", kwargs={"candidate_id": candidate.pk})).status_code == 403
    assert client.get(reverse("admission:create")).status_code == 403


def test_outsider_post_is_404_and_writes_nothing(client, world):
    candidate = make_ready_candidate(world=world)
    client.force_login(world.outsider_user)
    before = AuditEntry.objects.count()
    for name in ("cell_vote", "decide", "withdraw", "document_add", "exception"):
        response = client.post(reverse(f"admission:{name}", kwargs={"candidate_id": candidate.pk}), {})
        assert response.status_code == 404, name
    assert AuditEntry.objects.count() == before


def test_action_urls_refuse_get(client, world):
    candidate = make_ready_candidate(world=world)
    client.force_login(world.board_user)
    assert client.get(reverse("admission:cell_vote", kwargs={"candidate_id": candidate.pk})).status_code == 405


def test_create_candidate_through_the_form(client, world):
    client.force_login(world.secretary_user)
    assert client.get(reverse("admission:create")).status_code == 200
    response = client.post(
        reverse("admission:create"),
        {
            "organization": world.cell.pk,
            "full_name": "Đỗ Văn Mới",
            "gender": "male",
            "date_of_birth": "12/03/2001",
            "ethnicity": Ethnicity.objects.get(code="01").pk,
            "religion": Religion.objects.get(code="none").pk,
            "general_education": "12/12",
            "professional_education": "none",
            "source": "youth_union",
            "registered_on": "01/02/2024",
        },
    )
    candidate = Candidate.objects.get(full_name="Đỗ Văn Mới")
    assert response.status_code == 302 and response["Location"] == detail_url(candidate)
    assert candidate.organization == world.cell and candidate.date_of_birth == date(2001, 3, 12)


def test_secretary_cannot_register_in_another_cell(client, world):
    client.force_login(world.secretary_user)
    response = client.post(reverse("admission:create"), {"organization": world.other_cell.pk, "full_name": "X"})
    assert response.status_code == 200 and not Candidate.objects.filter(full_name="X").exists()


def test_refused_vote_shows_the_rule_and_regulation(client, world):
    candidate = make_ready_candidate(world=world, date_of_birth=date(2003, 9, 15))
    client.force_login(world.secretary_user)
    url = reverse("admission:cell_vote", kwargs={"candidate_id": candidate.pk})
    response = client.post(
        url, {"vote-on": "20/08/2021", "vote-number": "05-NQ/CB", "vote-official_members": 9, "vote-in_favour": 9}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chưa đủ 18 tuổi (216 tháng)" in text and "QĐ 24-QĐ/TW" in text
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DOSSIER


def test_stage_actions_through_the_views(client, world):
    candidate = make_ready_candidate(world=world)
    client.force_login(world.board_user)

    def post(name, data):
        return client.post(reverse(f"admission:{name}", kwargs={"candidate_id": candidate.pk}), data)

    assert (
        post(
            "cell_vote",
            {"vote-on": "20/08/2021", "vote-number": "05-NQ/CB", "vote-official_members": 9, "vote-in_favour": 6},
        ).status_code
        == 302
    )
    assert post("decide", {"decision-number": "125-QĐ/ĐU", "decision-on": "10/09/2021"}).status_code == 302
    assert post("ceremony", {"ceremony-on": "20/09/2021"}).status_code == 302
    response = post(
        "recognize",
        {
            "recognition-cell_vote_on": "26/09/2022",
            "recognition-cell_resolution_number": "12-NQ/CB",
            "recognition-official_members": 10,
            "recognition-in_favour": 10,
            "recognition-decision_number": "301-QĐ/ĐU",
            "recognition-decision_date": "05/10/2022",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.RECOGNIZED and candidate.member.official_on == date(2022, 9, 20)
    page = client.get(detail_url(candidate)).content.decode()
    assert (
        "20/09/2022" in page
        and reverse("admission:docx_recognition_decision", kwargs={"candidate_id": candidate.pk}) in page
    )


def test_exception_form_for_board_only(client, world):
    candidate = make_ready_candidate(world=world, date_of_birth=date(1961, 7, 10))
    data = {
        "exception-rule": "age_max",
        "exception-approval_number": "88-CV/TU",
        "exception-approval_date": "01/08/2021",
        "exception-approval_issuer": "Ban Thường vụ Tỉnh ủy",
    }
    url = reverse("admission:exception", kwargs={"candidate_id": candidate.pk})
    client.force_login(world.secretary_user)
    assert "exception-rule" not in client.get(detail_url(candidate)).content.decode()
    assert client.post(url, data).status_code == 403  # the door refuses (accounts.Competence)
    assert not candidate.rule_exceptions.exists()
    client.force_login(world.board_user)
    assert client.post(url, data).status_code == 302
    assert candidate.rule_exceptions.get().recorded_by == world.board_user


def test_worklist_shows_overdue_and_due_soon_in_scope(client, world, django_assert_max_num_queries):
    voted = make_ready_candidate(world=world, full_name="Vũ Văn Chờ")
    services.candidate_record_cell_vote(
        candidate=voted, on=date(2021, 8, 20), number="1", official_members=9, in_favour=9, actor=None
    )
    admitted = make_admitted_candidate(world=world, full_name="Ngô Thị Dự")  # probation ends 20/09/2022
    client.force_login(world.board_user)
    url = reverse("admission:worklist")
    with django_assert_max_num_queries(15):
        response = client.get(url, {"on": "01/12/2021"})
    text = response.content.decode()
    # Decision due 60 working days after 20/08/2021: overdue on 1/12/2021.
    assert "Vũ Văn Chờ" in text and detail_url(voted) in text and "table-danger" in text
    assert "Ngô Thị Dự" not in text
    # A year later the recognition vote is due soon (30 working days after 20/09/2022).
    text = client.get(url, {"on": "15/10/2022"}).content.decode()
    assert "Ngô Thị Dự" in text and detail_url(admitted) in text
    client.force_login(world.outsider_user)
    assert "Vũ Văn Chờ" not in client.get(url, {"on": "01/12/2021"}).content.decode()


def test_worklist_warns_of_an_expiring_certificate(client, world):
    make_ready_candidate(world=world, full_name="Trịnh Văn Hạn", certificate_on=date(2020, 3, 6))
    client.force_login(world.secretary_user)
    text = client.get(reverse("admission:worklist"), {"on": "20/02/2025"}).content.decode()
    assert "Trịnh Văn Hạn" in text and "06/03/2025" in text


def test_docx_download_is_scoped_and_filled(client, world):
    candidate = make_admitted_candidate(world=world, full_name="Lý Văn In")
    url = reverse("admission:docx_admission_decision", kwargs={"candidate_id": candidate.pk})
    client.force_login(world.outsider_user)
    assert client.get(url).status_code == 404
    client.force_login(world.secretary_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))
    assert any("Lý Văn In" in p.text for p in doc.paragraphs)
    # No recognition decision yet: back to the page with a message.
    missing = reverse("admission:docx_recognition_decision", kwargs={"candidate_id": candidate.pk})
    assert client.get(missing).status_code == 302


def test_classes_pages(client, world, django_assert_max_num_queries):
    candidate = make_candidate(org=world.cell, full_name="Đinh Văn Học")
    client.force_login(world.board_user)
    response = client.post(
        reverse("training:class_create"),
        {
            "organization": world.commune.pk,
            "kind": "awareness",
            "name": "Lớp nhận thức khóa I/2024",
            "starts_on": "04/03/2024",
            "ends_on": "08/03/2024",
        },
    )
    training_class = TrainingClass.objects.get(name="Lớp nhận thức khóa I/2024")
    assert response.status_code == 302
    elsewhere = make_class(org=world.other_commune)
    with django_assert_max_num_queries(11):  # the page count and the filter's organization picker included
        text = client.get(reverse("training:classes")).content.decode()
    assert "Lớp nhận thức khóa I/2024" in text and elsewhere.name not in text
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    assert client.post(enrol, {"candidate": candidate.pk}).status_code == 302
    student = ClassStudent.objects.get(training_class=training_class)
    result = reverse("training:class_result", kwargs={"class_id": training_class.pk})
    assert client.post(result, {"student": student.pk, "result": "passed"}).status_code == 400
    response = client.post(
        result,
        {"student": student.pk, "result": "passed", "certificate_number": "15", "certificate_date": "09/03/2024"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    candidate.refresh_from_db()
    assert student.result == Result.PASSED and candidate.stage == Stage.CLASS_PASSED
    detail = reverse("training:class_detail", kwargs={"class_id": training_class.pk})
    assert "Đinh Văn Học" in client.get(detail).content.decode()
    client.force_login(world.outsider_user)
    assert client.get(detail).status_code == 404
    assert client.post(result, {"student": student.pk, "result": "failed"}).status_code == 404


def test_result_for_a_student_of_another_class_is_refused(client, world):
    mine = make_class(org=world.commune)
    other = make_class(org=world.commune)
    candidate = make_candidate(org=world.cell)
    student = services.class_enrol(training_class=other, candidate=candidate, actor=None)
    client.force_login(world.board_user)
    url = reverse("training:class_result", kwargs={"class_id": mine.pk})
    assert client.post(url, {"student": student.pk, "result": "failed"}).status_code == 400


def test_introducer_and_document_forms(client, world):
    candidate = make_candidate(org=world.cell)
    introducer = make_official_member(org=world.cell, full_name="Bùi Văn Giới")
    client.force_login(world.secretary_user)
    url = reverse("admission:introducer_add", kwargs={"candidate_id": candidate.pk})
    assert (
        client.post(url, {"introducer-member": introducer.pk, "introducer-shared_since": "01/01/2018"}).status_code
        == 302
    )
    assert candidate.introducers.get().member == introducer
    url = reverse("admission:document_add", kwargs={"candidate_id": candidate.pk})
    data = {"document-form": Form.APPLICATION, "document-issued_on": "01/03/2020", "document-number": ""}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400 and "1-KNĐ" in response.content.decode()


def test_cell_secretary_may_not_record_the_committees_decision(client, world):
    """The admission decision is the competent committee's (Statute art. 4.3; accounts.Competence):
    a cell's secretary records the cell's vote but not the decision; the board does."""
    candidate = make_ready_candidate(world=world)
    services.candidate_record_cell_vote(
        candidate=candidate, on=date(2021, 8, 20), number="05-NQ/CB", official_members=9, in_favour=9, actor=None
    )
    url = reverse("admission:decide", kwargs={"candidate_id": candidate.pk})
    client.force_login(world.secretary_user)
    page = client.get(detail_url(candidate)).content.decode()
    assert url not in page
    before = AuditEntry.objects.count()
    response = client.post(url, {"decision-on": "01/10/2021", "decision-number": "12-QĐ/HU"})
    assert response.status_code == 403 and AuditEntry.objects.count() == before
    candidate.refresh_from_db()
    assert candidate.stage == Stage.CELL_VOTED
    client.force_login(world.board_user)
    assert url in client.get(detail_url(candidate)).content.decode()
