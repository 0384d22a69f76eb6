"""The training pages: the class list and its filters, creating a class, enrolling, results, and
the refusals that write nothing; the old admission class addresses redirect here."""

from datetime import date

import pytest
from django.urls import reverse

from coso.admission.tests.factories import make_candidate
from coso.audit.models import AuditEntry
from coso.cadres.services import cadre_create
from coso.training import services
from coso.training.models import ClassKind, ClassStudent, Organizer, Qualification, Result, TrainingClass
from coso.training.tests.factories import make_training_class

pytestmark = pytest.mark.django_db


def dated_facts():
    """The dated qualification facts (certificates); every member also has undated baseline ones."""
    return Qualification.objects.filter(since__isnull=False)


NEW = {
    "kind": ClassKind.THEORY_ADVANCED,
    "name": "Cao cấp lý luận chính trị K80",
    "mode": "full_time",
    "organizer_kind": "outside",
    "organizer": "Học viện Chính trị quốc gia Hồ Chí Minh",
    "place": "Hà Nội",
    "starts_on": "02/03/2024",
    "ends_on": "30/11/2024",
}


def test_create_a_class(client, world):
    client.force_login(world.board_user)
    assert client.get(reverse("training:class_create")).status_code == 200
    response = client.post(reverse("training:class_create"), {**NEW, "organization": world.commune.pk})
    training_class = TrainingClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:class_detail", kwargs={"class_id": training_class.pk})
    assert (training_class.kind, training_class.mode, training_class.organizer_kind, training_class.place) == (
        "theory_advanced", "full_time", "outside", "Hà Nội",
    )  # fmt: skip
    assert training_class.starts_on == date(2024, 3, 2)
    assert AuditEntry.objects.filter(service="class_create").count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"ends_on": "01/03/2024"},  # ends before it starts
        {"kind": "seminar"},  # not a kind of class
        {"name": ""},
    ],
)
def test_a_refused_class_writes_nothing(client, world, change):
    client.force_login(world.board_user)
    before = AuditEntry.objects.count()
    response = client.post(reverse("training:class_create"), {**NEW, "organization": world.commune.pk, **change})
    assert response.status_code == 400
    assert not TrainingClass.objects.exists() and AuditEntry.objects.count() == before


def test_a_class_of_a_committee_out_of_reach_is_refused(client, world):
    client.force_login(world.board_user)
    response = client.post(reverse("training:class_create"), {**NEW, "organization": world.other_commune.pk})
    assert response.status_code == 400 and not TrainingClass.objects.exists()


def test_the_list_filters_and_counts(client, world):
    intermediate = make_training_class(org=world.commune, kind=ClassKind.THEORY_INTERMEDIATE, name="Trung cấp K1")
    make_training_class(org=world.commune, kind=ClassKind.THEORY_ELEMENTARY, name="Sơ cấp K9",
                        starts_on=date(2023, 5, 1))  # fmt: skip
    make_training_class(org=world.other_commune, name="Lớp huyện khác")
    student = services.class_enrol(training_class=intermediate, member=world.member, actor=None)
    services.class_record_result(student=student, result=Result.PASSED, certificate_date=date(2024, 4, 1), actor=None)
    cadre = cadre_create(full_name="Lê Văn Xã", organization=world.commune, actor=None)
    services.class_enrol(training_class=intermediate, cadre=cadre, actor=None)
    client.force_login(world.board_user)
    url = reverse("training:classes")
    text = client.get(url).content.decode()
    assert "Trung cấp K1" in text and "Sơ cấp K9" in text and "Lớp huyện khác" not in text
    text = client.get(url, {"kind": "theory_intermediate"}).content.decode()
    assert "Trung cấp K1" in text and "Sơ cấp K9" not in text
    row = text[text.index("Trung cấp K1") :]
    assert '<td class="text-end">2</td>' in row and '<td class="text-end">1</td>' in row
    assert "Sơ cấp K9" in client.get(url, {"year": "2023"}).content.decode()
    assert "Trung cấp K1" not in client.get(url, {"year": "2023"}).content.decode()
    assert "Trung cấp K1" not in client.get(url, {"organizer_kind": "outside"}).content.decode()
    assert "Trung cấp K1" in client.get(url, {"org": world.commune.pk}).content.decode()


def test_enrol_and_record_a_result(client, world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.THEORY_ELEMENTARY)
    client.force_login(world.board_user)
    detail = reverse("training:class_detail", kwargs={"class_id": training_class.pk})
    assert client.get(detail).status_code == 200
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    assert client.post(enrol, {"member": world.member.pk}).status_code == 302
    student = ClassStudent.objects.get()
    result = reverse("training:class_result", kwargs={"class_id": training_class.pk})
    response = client.post(
        result,
        {"student": student.pk, "result": "passed", "certificate_number": "SC-12", "certificate_date": "05/04/2024"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.result, student.certificate_number, student.certificate_date) == (
        Result.PASSED, "SC-12", date(2024, 4, 5),
    )  # fmt: skip
    assert dated_facts().get().since == date(2024, 4, 5)
    assert "Nguyễn Văn Tuấn" in client.get(detail).content.decode()


def test_enrol_a_cadre_in_an_outside_class_with_the_sending_decision(client, world):
    training_class = make_training_class(
        org=world.commune, kind=ClassKind.SM_SPECIALIST, organizer_kind=Organizer.OUTSIDE
    )
    cadre = cadre_create(full_name="Lê Văn Xã", organization=world.commune, actor=None)
    client.force_login(world.board_user)
    page = client.get(reverse("training:class_detail", kwargs={"class_id": training_class.pk})).content.decode()
    assert 'name="decision_number"' in page and "Lê Văn Xã" in page
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    data = {
        "cadre": cadre.pk,
        "decision_number": "12-QĐ/HU",
        "decision_date": "20/02/2024",
        "decision_issuer": "Huyện ủy",
    }
    assert client.post(enrol, data).status_code == 302
    student = ClassStudent.objects.get()
    assert (student.cadre, student.decision_number, student.decision_date) == (cadre, "12-QĐ/HU", date(2024, 2, 20))


def test_enrol_a_candidate_in_an_awareness_class(client, world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.AWARENESS)
    candidate = make_candidate(org=world.cell, full_name="Đinh Văn Học")
    client.force_login(world.board_user)
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    assert client.post(enrol, {"candidate": candidate.pk}).status_code == 302
    assert ClassStudent.objects.get().candidate == candidate


def test_refused_enrolments_and_results_write_nothing(client, world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.THEORY_ELEMENTARY)
    student = services.class_enrol(training_class=training_class, member=world.member, actor=None)
    client.force_login(world.board_user)
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    result = reverse("training:class_result", kwargs={"class_id": training_class.pk})
    before = AuditEntry.objects.count()
    assert client.post(enrol, {}).status_code == 400  # nobody chosen
    assert client.post(enrol, {"member": world.member.pk}).status_code == 400  # already in the class
    assert client.post(enrol, {"member": world.other_member.pk}).status_code == 400  # out of reach
    # A certificate dated before the class started, and a pass without its date.
    early = {"student": student.pk, "result": "passed", "certificate_date": "01/03/2024"}
    response = client.post(result, early)
    assert response.status_code == 400 and "01/03/2024" in response.content.decode()
    assert client.post(result, {"student": student.pk, "result": "passed"}).status_code == 400
    other = make_training_class(org=world.commune)
    stranger = services.class_enrol(training_class=other, member=world.member, actor=None)
    before = AuditEntry.objects.count()
    assert client.post(result, {"student": stranger.pk, "result": "failed"}).status_code == 400
    assert AuditEntry.objects.count() == before
    student.refresh_from_db()
    assert student.result == Result.ENROLLED and ClassStudent.objects.count() == 2
    assert not dated_facts().exists()


def test_out_of_scope_and_read_only(client, world):
    training_class = make_training_class(org=world.commune)
    detail = reverse("training:class_detail", kwargs={"class_id": training_class.pk})
    enrol = reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    client.force_login(world.outsider_user)
    assert client.get(detail).status_code == 404
    assert client.post(enrol, {"member": world.member.pk}).status_code == 404
    client.force_login(world.observer_user)
    page = client.get(detail)
    assert page.status_code == 200 and 'name="member"' not in page.content.decode()
    assert client.post(enrol, {"member": world.member.pk}).status_code == 403
    assert client.get(reverse("training:class_create")).status_code == 403
    assert not ClassStudent.objects.exists()


def test_the_old_admission_class_addresses_redirect_permanently(client, world):
    training_class = make_training_class(org=world.commune, kind=ClassKind.AWARENESS)
    client.force_login(world.board_user)
    response = client.get(reverse("admission:classes"), {"page": "2"})
    assert response.status_code == 301 and response["Location"] == reverse("training:classes") + "?page=2"
    response = client.get(reverse("admission:class_detail", kwargs={"class_id": training_class.pk}))
    assert response.status_code == 301
    assert response["Location"] == reverse("training:class_detail", kwargs={"class_id": training_class.pk})
    response = client.post(reverse("admission:class_enrol", kwargs={"class_id": training_class.pk}), {})
    assert response.status_code == 308
    assert response["Location"] == reverse("training:class_enrol", kwargs={"class_id": training_class.pk})
    assert client.get(reverse("admission:class_create")).status_code == 301
    assert not ClassStudent.objects.exists()
