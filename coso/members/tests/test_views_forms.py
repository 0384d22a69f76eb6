"""Register forms: create, edit profile, record a fact, remove a fact — access, errors in Vietnamese, audit."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.common.dates import today
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.members.services import member_record_event
from coso.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

CREATE = "/members/new/"


def url(name, **kwargs):
    return reverse(f"members:{name}", kwargs=kwargs)


@pytest.fixture
def observer(world):
    user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=user, role=Role.OBSERVER, organization=world.district)
    return user


def profile_data(**overrides):
    data = {
        "full_name": "Vũ Thị Hạnh",
        "gender": "female",
        "date_of_birth": "19/08/1992",
        "ethnicity": Ethnicity.objects.get(code="01").pk,
        "religion": Religion.objects.get(code="none").pk,
        "citizen_id": "001192000777",
        "general_education": "12/12",
        "professional_education": "university",
        "political_theory": "elementary",
        "state_management": "none",
        "academic_title": "",
    }
    return data | overrides


def create_data(world, **overrides):
    return (
        profile_data()
        | {
            "first_event": "admitted",
            "on": "26/03/2022",
            "organization": world.cell.pk,
            "decision_number": "125-QĐ/ĐU",
            "decision_date": "20/03/2022",
            "decision_issuer": "Đảng ủy xã An Lạc",
        }
        | overrides
    )


def test_every_profile_field_has_its_section():
    from coso.members.forms import PROFILE_SECTIONS, UNSECTIONED_FIELDS
    from coso.members.services import PROFILE_FIELDS

    assert UNSECTIONED_FIELDS == []
    assert sorted(name for _title, names in PROFILE_SECTIONS for name in names) == sorted(PROFILE_FIELDS)


# Create ----------------------------------------------------------------------------------------


def test_create_form_offers_writable_organizations_only(client, world):
    client.force_login(world.secretary_user)
    response = client.get(CREATE)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["organization"].queryset)
    assert choices == [world.cell]


@pytest.mark.parametrize("persona", ["member_user", "observer"])
def test_create_is_refused_to_read_only_roles(client, world, observer, persona):
    user = observer if persona == "observer" else getattr(world, persona)
    client.force_login(user)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, create_data(world)).status_code == 403
    assert not Member.objects.filter(citizen_id="001192000777").exists()


def test_create_registers_the_member_with_the_first_fact(client, world):
    client.force_login(world.board_user)
    response = client.post(CREATE, create_data(world))
    member = Member.objects.get(citizen_id="001192000777")
    assert response.status_code == 302
    assert response["Location"] == url("detail", member_id=member.pk)
    assert member.status == MemberStatus.PROBATIONARY
    assert member.organization == world.cell
    event = member.events.get()
    assert (event.kind, event.on, event.decision_number) == ("admitted", date(2022, 3, 26), "125-QĐ/ĐU")
    assert AuditEntry.objects.filter(model="members.member", object_id=str(member.pk), actor=world.board_user).exists()
    followed = client.get(response["Location"]).content.decode()
    assert "Đã thêm Vũ Thị Hạnh vào danh sách đảng viên." in followed


def test_create_transfer_in_needs_the_entry_status(client, world):
    client.force_login(world.board_user)
    response = client.post(CREATE, create_data(world, first_event="transferred_in"))
    assert response.status_code == 200
    assert "Cần ghi rõ đảng viên chuyển đến là dự bị hay chính thức." in response.content.decode()
    response = client.post(CREATE, create_data(world, first_event="transferred_in", entry_status="official"))
    assert response.status_code == 302
    assert Member.objects.get(citizen_id="001192000777").status == MemberStatus.OFFICIAL


NEXT_YEAR = today().year + 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"citizen_id": "12345"}, "citizen_id", "Số CCCD “12345” phải gồm đúng 12 chữ số."),
        ({"citizen_id": "00119200077a"}, "citizen_id", "Số CCCD “00119200077a” phải gồm đúng 12 chữ số."),
        ({"citizen_id": "001085000001"}, "citizen_id", "Số CCCD này đã có ở một đảng viên khác."),
        ({"date_of_birth": "31/02/1992"}, "date_of_birth", "Nhập ngày theo dạng ngày/tháng/năm"),
        (
            {"date_of_birth": f"01/01/{NEXT_YEAR}"},
            "date_of_birth",
            f"Ngày sinh 01/01/{NEXT_YEAR} phải là ngày trong quá khứ.",
        ),
        ({"date_of_birth": "01/01/2999"}, "date_of_birth", "ngày 01/01/2999 nằm ngoài khoảng ngày hệ thống chấp nhận"),
        ({"on": "01/01/1990"}, "on", "Ngày của sự kiện phải sau ngày sinh."),
        (
            {"decision_date": f"01/01/{NEXT_YEAR}"},
            "decision_date",
            f"Ngày quyết định 01/01/{NEXT_YEAR} là ngày trong tương lai.",
        ),
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
        # the cell was established on 01/01/2000: the service refuses, the error lands on the field
        (
            {"on": "01/06/1999", "date_of_birth": "19/08/1975"},
            "organization",
            "Chi bộ thôn Đông chưa thành lập hoặc đã giải thể vào ngày 01/06/1999.",
        ),
    ],
)
def test_create_errors_are_vietnamese_on_their_field(client, world, overrides, field, message):
    client.force_login(world.board_user)
    response = client.post(CREATE, create_data(world, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in e for e in form.errors[field]), form.errors[field]
    assert message.split("“")[0] in response.content.decode()
    assert not Member.objects.filter(full_name="Vũ Thị Hạnh").exists()


def test_create_refuses_an_organization_outside_the_writable_scope(client, world):
    client.force_login(world.secretary_user)
    response = client.post(CREATE, create_data(world, organization=world.commune.pk))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Member.objects.filter(citizen_id="001192000777").exists()


def test_citizen_id_with_spaces_is_normalized(client, world):
    client.force_login(world.board_user)
    client.post(CREATE, create_data(world, citizen_id="001 192 000 777"))
    assert Member.objects.filter(citizen_id="001192000777").exists()


# Edit ------------------------------------------------------------------------------------------


def test_edit_saves_and_audits_the_change(client, world):
    member = world.member
    client.force_login(world.secretary_user)
    page = client.get(url("edit", member_id=member.pk))
    assert page.status_code == 200
    assert 'value="01/06/1985"' in page.content.decode()  # dates shown as dd/mm/yyyy
    data = profile_data(full_name="Nguyễn Văn Tuấn", citizen_id="001085000001", date_of_birth="01/06/1985")
    data["occupation"] = "Nông dân"
    response = client.post(url("edit", member_id=member.pk), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.occupation == "Nông dân" and member.gender == "female"
    entry = AuditEntry.objects.get(model="members.member", object_id=str(member.pk), service="member_update_profile")
    assert entry.changes["occupation"] == ["", "Nông dân"]
    assert entry.changes["gender"] == ["male", "female"]


def test_edit_refuses_a_citizen_id_of_another_member(client, world):
    client.force_login(world.admin)
    data = profile_data(full_name="Nguyễn Văn Tuấn", citizen_id="002090000002")
    response = client.post(url("edit", member_id=world.member.pk), data)
    assert response.status_code == 200
    assert "Số CCCD này đã có ở một đảng viên khác." in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.citizen_id == "001085000001"


def test_edit_access(client, world, observer):
    edit = url("edit", member_id=world.member.pk)
    client.force_login(world.outsider_user)
    assert client.get(edit).status_code == 404
    assert client.post(edit, profile_data()).status_code == 404
    client.force_login(observer)
    assert client.get(edit).status_code == 403
    client.force_login(world.member_user)
    assert client.get(edit).status_code == 403  # own record, read-only
    assert client.post(edit, profile_data()).status_code == 403
    world.member.refresh_from_db()
    assert world.member.full_name == "Nguyễn Văn Tuấn"


# Record a fact ---------------------------------------------------------------------------------


def test_event_add_records_the_fact(client, world):
    member = world.member
    data = {"kind": "recognized", "on": "15/03/2011", "decision_number": "88-QĐ/HU", "decision_date": "10/03/2011"}
    # Recognition is the competent committee's decision (Statute art. 5, accounts.Competence): the
    # cell's secretary is not offered it, and a forged post writes nothing.
    client.force_login(world.secretary_user)
    page = client.get(url("event_add", member_id=member.pk))
    assert page.status_code == 200 and 'value="recognized"' not in page.content.decode()
    before = AuditEntry.objects.count()
    assert client.post(url("event_add", member_id=member.pk), data).status_code == 200
    assert AuditEntry.objects.count() == before and member.events.count() == 1
    client.force_login(world.board_user)
    assert client.get(url("event_add", member_id=member.pk)).status_code == 200
    response = client.post(
        url("event_add", member_id=member.pk),
        {"kind": "recognized", "on": "15/03/2011", "decision_number": "88-QĐ/HU", "decision_date": "10/03/2011"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2011, 3, 15)
    assert AuditEntry.objects.filter(model="members.memberevent", service="member_record_event").exists()
    assert (
        "Đã ghi: Công nhận đảng viên chính thức ngày 15/03/2011." in client.get(response["Location"]).content.decode()
    )


def test_event_add_refused_sequence_shows_the_history_error_in_vietnamese(client, world):
    member = world.member
    client.force_login(world.board_user)
    response = client.post(url("event_add", member_id=member.pk), {"kind": "exemption_ended", "on": "01/01/2012"})
    assert response.status_code == 200
    errors = response.context["form"].errors["kind"]
    assert errors == ["01/01/2012 — Thôi miễn công tác và sinh hoạt đảng: đảng viên không thuộc diện được miễn."]
    assert "đảng viên không thuộc diện được miễn" in response.content.decode()
    assert member.events.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "transferred", "on": "01/01/2012"}, "organization", "Chọn tổ chức đảng cho sự kiện “Chuyển sinh"),
        ({"kind": "transferred_in", "on": "01/01/2012", "organization": "commune"}, "entry_status", "Cần ghi rõ"),
        ({"kind": "disciplined", "on": "01/01/2012"}, "discipline_form", "Chọn hình thức kỷ luật."),
        ({"kind": "removed", "on": "01/01/2012"}, "removal_ground", "Phải ghi lý do xóa tên."),
        ({"kind": "badge_awarded", "on": "01/01/2012"}, "badge_years", "Phải ghi loại Huy hiệu Đảng"),
        ({"kind": "died", "on": "01/01/1980"}, "on", "không sau ngày sinh (01/06/1985)"),
        ({"kind": "died", "on": "future"}, "on", "là ngày trong tương lai"),
        (
            {"kind": "reorganized", "on": "01/01/2012", "organization": "commune"},
            "kind",
            "Hãy chọn một lựa chọn hợp lệ",
        ),
        ({"kind": "left", "on": "01/01/2012", "external_place": "Hà Nội"}, "external_place", "chỉ ghi cho trường hợp"),
    ],
)
def test_event_add_field_errors(client, world, data, field, message):
    data = dict(data)
    if data.get("organization") == "commune":
        data["organization"] = world.commune.pk
    if data["on"] == "future":
        data["on"] = (today() + timedelta(days=3)).strftime("%d/%m/%Y")
    client.force_login(world.board_user)
    response = client.post(url("event_add", member_id=world.member.pk), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors[field]
    assert world.member.events.count() == 1


def test_event_add_access(client, world, observer):
    add = url("event_add", member_id=world.member.pk)
    client.force_login(world.outsider_user)
    assert client.post(add, {"kind": "died", "on": "01/01/2012"}).status_code == 404
    client.force_login(observer)
    assert client.post(add, {"kind": "died", "on": "01/01/2012"}).status_code == 403
    client.force_login(world.member_user)
    assert client.post(add, {"kind": "died", "on": "01/01/2012"}).status_code == 403
    assert world.member.events.count() == 1


# Remove a fact ---------------------------------------------------------------------------------


def test_event_delete_confirms_then_removes(client, world):
    member = world.member
    event = member_record_event(member=member, kind=EventKind.LEFT, on=date(2015, 1, 1), actor=None)
    delete = url("event_delete", event_id=event.pk)
    client.force_login(world.board_user)
    page = client.get(delete)
    assert page.status_code == 200
    assert "Xóa sự kiện đã ghi nhầm?" in page.content.decode()
    assert MemberEvent.objects.filter(pk=event.pk).exists()  # a GET removes nothing
    response = client.post(delete)
    assert response.status_code == 302
    assert not MemberEvent.objects.filter(pk=event.pk).exists()
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    assert AuditEntry.objects.filter(model="members.memberevent", object_id=str(event.pk), action="delete").exists()


def test_event_delete_of_the_only_fact_is_refused_with_a_message(client, world):
    event = world.member.events.get()
    client.force_login(world.board_user)
    response = client.post(url("event_delete", event_id=event.pk), follow=True)
    assert "Không thể xóa sự kiện duy nhất của hồ sơ." in response.content.decode()
    assert MemberEvent.objects.filter(pk=event.pk).exists()


def test_event_delete_access(client, world, observer):
    event = world.member.events.get()
    other = world.other_member.events.get()
    client.force_login(world.outsider_user)
    assert client.post(url("event_delete", event_id=event.pk)).status_code == 404
    client.force_login(world.board_user)
    assert client.post(url("event_delete", event_id=other.pk)).status_code == 404
    client.force_login(observer)
    assert client.post(url("event_delete", event_id=event.pk)).status_code == 403
    client.force_login(world.member_user)
    assert client.post(url("event_delete", event_id=event.pk)).status_code == 403
    assert MemberEvent.objects.filter(pk__in=[event.pk, other.pk]).count() == 2


def test_a_transfer_in_records_where_the_member_came_from(client, world):
    client.force_login(world.board_user)
    response = client.post(
        "/members/new/",
        {
            "full_name": "Vàng A Páo",
            "gender": "male",
            "date_of_birth": "02/03/1980",
            "ethnicity": Ethnicity.objects.get(code="08").pk,
            "religion": Religion.objects.get(code="none").pk,
            "citizen_id": "011080000777",
            "general_education": "9/12",
            "professional_education": "none",
            "political_theory": "none",
            "state_management": "none",
            "first_event": "transferred_in",
            "on": "10/05/2024",
            "organization": world.cell.pk,
            "entry_status": "official",
            "external_place": "Đảng bộ xã Tả Van, tỉnh Lào Cai",
            "note": "Chuyển về quê",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Member.objects.get(citizen_id="011080000777").events.get()
    assert (event.external_place, event.note) == ("Đảng bộ xã Tả Van, tỉnh Lào Cai", "Chuyển về quê")
