"""Badge lists, awarding and the member page (DOMAIN.md §Party badges)."""

from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.badges.models import GravelyIllFlag
from coso.badges.queries import badge_list, member_badges, occasions_for_year
from coso.badges.services import gravely_ill_flag_create
from coso.members.choices import EventKind, RemovalGround
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.testing.factories import UserFactory, make_member, make_org

pytestmark = pytest.mark.django_db
OCCASION = date(2024, 5, 19)
DOB = date(1960, 1, 1)


@pytest.fixture
def old(world):
    """A tree established in 1970, so members admitted decades ago have an organization to join."""
    on = date(1970, 1, 1)
    province = make_org(name="Đảng bộ tỉnh Lâu Đời", kind=OrgKind.PROVINCE, type_code="province", on=on)
    district = make_org(name="Đảng bộ huyện Cũ", kind=OrgKind.UPPER, parent=province, type_code="district", on=on)
    commune = make_org(
        name="Đảng bộ xã Cũ", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=district, type_code="commune", on=on
    )
    cell = make_org(name="Chi bộ thôn Cũ", kind=OrgKind.CELL, parent=commune, type_code="village_cell", on=on)
    other_district = make_org(
        name="Đảng bộ huyện Khác", kind=OrgKind.UPPER, parent=province, type_code="district", on=on
    )
    other_cell = make_org(
        name="Chi bộ cơ sở Khác", kind=OrgKind.GRASSROOTS_CELL, parent=other_district, type_code="other", on=on
    )
    board, outsider = UserFactory(username="old-board"), UserFactory(username="old-outsider")
    RoleAssignment.objects.create(user=board, role=Role.BOARD, organization=district)
    RoleAssignment.objects.create(user=outsider, role=Role.BOARD, organization=other_district)
    return SimpleNamespace(
        province=province,
        district=district,
        cell=cell,
        other_district=other_district,
        other_cell=other_cell,
        board_user=board,
        outsider_user=outsider,
    )


@pytest.fixture
def due_world(old):
    cell = old.cell
    people = {
        "exact": make_member(org=cell, full_name="Lê Văn Đúng", admitted_on=date(1994, 5, 19), date_of_birth=DOB),
        "short": make_member(org=cell, full_name="Lê Văn Thiếu", admitted_on=date(1994, 5, 20), date_of_birth=DOB),
        "ill": make_member(org=cell, full_name="Lê Văn Ốm", admitted_on=date(1995, 5, 19), date_of_birth=DOB),
        "awarded": make_member(org=cell, full_name="Lê Văn Nhận", admitted_on=date(1994, 1, 1), date_of_birth=DOB),
        "dead": make_member(org=cell, full_name="Lê Văn Mất", admitted_on=date(1990, 1, 1), date_of_birth=DOB),
        "removed": make_member(org=cell, full_name="Lê Văn Xóa", admitted_on=date(1990, 1, 1), date_of_birth=DOB),
        "back": make_member(org=cell, full_name="Lê Văn Trở", admitted_on=date(1980, 5, 19), date_of_birth=DOB),
        "outside": make_member(
            org=old.other_cell, full_name="Trần Văn Ngoài", admitted_on=date(1994, 5, 19), date_of_birth=DOB
        ),
    }
    gravely_ill_flag_create(
        member=people["ill"], valid_from=date(2024, 1, 1), document="Giấy ra viện số 12", actor=None
    )
    member_record_event(
        member=people["awarded"],
        kind=EventKind.BADGE_AWARDED,
        on=date(2024, 2, 3),
        badge_years=30,
        decision_number="1-QĐ/HU",
        actor=None,
    )
    member_record_event(member=people["dead"], kind=EventKind.DIED, on=date(2023, 1, 1), actor=None)
    member_record_event(
        member=people["removed"],
        kind=EventKind.REMOVED,
        on=date(2020, 1, 1),
        removal_ground=RemovalGround.INACTIVE,
        actor=None,
    )
    member_record_event(member=people["back"], kind=EventKind.EXPELLED, on=date(1990, 5, 19), actor=None)
    member_record_event(
        member=people["back"], kind=EventKind.READMITTED, on=date(1994, 5, 19), organization=old.cell, actor=None
    )
    return people


def _listed(badges):
    return {row.member.full_name: (row.due.milestone, row.due.early) for row in badges.rows}


def test_list_of_a_district_for_an_occasion(old, due_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        badges = badge_list(old.district, OCCASION)
        listed = _listed(badges)
    assert listed == {
        "Lê Văn Đúng": (30, False),  # exactly on the occasion date
        "Lê Văn Ốm": (30, True),  # gravely ill, 12 months early
        "Lê Văn Trở": (40, False),  # 44 years since admission, 4 years outside
        # Died 1/1/2023 with 33 years of party age: listed for a posthumous award (QĐ 29-QĐ/TW 2016
        # point 27.3 a: "Đảng viên đã từ trần, nếu ... có đủ tuổi đảng ... thì được truy tặng").
        "Lê Văn Mất": (30, False),
    }
    assert [g.milestone for g in badges.groups] == [30, 40]
    assert badges.early_count == 1
    assert "QĐ 24-QĐ/TW" in badges.rule_set.regulation


def test_other_district_and_scope(old, due_world):
    assert _listed(badge_list(old.other_district, OCCASION)) == {"Trần Văn Ngoài": (30, False)}
    assert set(_listed(badge_list(old.province, OCCASION))) == {
        "Lê Văn Đúng",
        "Lê Văn Ốm",
        "Lê Văn Trở",
        "Lê Văn Mất",
        "Trần Văn Ngoài",
    }


def test_illness_must_cover_the_occasion(old, due_world):
    flag = GravelyIllFlag.objects.get(member=due_world["ill"])
    flag.valid_to = date(2024, 5, 19)
    flag.save()
    assert "Lê Văn Ốm" not in _listed(badge_list(old.district, OCCASION))


def test_occasions_follow_the_rule_set():
    assert occasions_for_year(2024) == [date(2024, 2, 3), date(2024, 5, 19), date(2024, 9, 2), date(2024, 11, 7)]


def test_member_badges_page_data(old, due_world):
    info = member_badges(due_world["back"], on=date(2024, 1, 1))
    assert (info.age.years, info.age.months) == (39, 7)
    assert info.next_occasion == date(2024, 2, 3)
    assert info.next_due is not None and info.next_due.milestone == 30


def test_list_page_marks_early_awards(client, old, due_world, django_assert_max_num_queries):
    client.force_login(old.board_user)
    url = reverse("badges:list") + f"?org={old.district.pk}&year=2024&occasion=2024-05-19"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lê Văn Đúng" in body and "Lê Văn Ốm" in body and "Lê Văn Thiếu" not in body
    assert "Lê Văn Nhận" not in body and "Lê Văn Xóa" not in body
    assert "Lê Văn Mất" in body and body.count('data-testid="posthumous"') == 1
    assert "Trần Văn Ngoài" not in body
    assert body.count('name="members"') == 4


def test_outsider_cannot_list_another_district(client, old, due_world):
    client.force_login(old.outsider_user)
    response = client.get(reverse("badges:list") + f"?org={old.district.pk}&year=2024&occasion=2024-05-19")
    assert response.status_code == 200
    assert "Lê Văn Đúng" not in response.content.decode()


def test_exports(client, old, due_world, django_assert_max_num_queries):
    client.force_login(old.board_user)
    query = f"?org={old.district.pk}&year=2024&occasion=2024-05-19"
    with django_assert_max_num_queries(20):
        response = client.get(reverse("badges:export_xlsx") + query)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    title, *rows = list(sheet.iter_rows(values_only=True))
    assert title[0] == f"Danh sách đảng viên đề nghị tặng Huy hiệu Đảng — {old.district.name} — ngày 19/05/2024"
    assert len(rows) == 1 + 4
    assert {r[2] for r in rows[1:]} == {"Lê Văn Đúng", "Lê Văn Ốm", "Lê Văn Trở", "Lê Văn Mất"}

    with django_assert_max_num_queries(20):
        response = client.get(reverse("badges:export_docx") + query)
    assert response.status_code == 200
    doc = Document(BytesIO(response.content))
    text = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Lê Văn Đúng" in text and "Lê Văn Thiếu" not in text
    assert old.district.name.upper() in text


def test_award_records_the_facts_and_removes_them_from_the_list(client, old, due_world):
    client.force_login(old.board_user)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("badges:award"),
        {
            "org": old.district.pk,
            "occasion": "2024-05-19",
            "members": [due_world["exact"].pk, due_world["ill"].pk, due_world["short"].pk],
            "decision_number": "125-QĐ/HU",
            "decision_date": "2024-05-10",
            "decision_issuer": "Ban Thường vụ Huyện ủy",
        },
    )
    assert response.status_code == 302
    events = {e.member_id: e for e in due_world["exact"].events.model.objects.filter(kind=EventKind.BADGE_AWARDED)}
    assert events[due_world["exact"].pk].badge_years == 30 and events[due_world["ill"].pk].badge_years == 30
    assert events[due_world["exact"].pk].on == OCCASION and events[due_world["exact"].pk].decision_number == "125-QĐ/HU"
    assert due_world["short"].pk not in events  # not due: ignored whatever the form says
    assert AuditEntry.objects.count() > before
    assert _listed(badge_list(old.district, OCCASION)) == {"Lê Văn Trở": (40, False), "Lê Văn Mất": (30, False)}


def test_award_needs_the_decision(client, old, due_world):
    client.force_login(old.board_user)
    client.post(
        reverse("badges:award"),
        {"org": old.district.pk, "occasion": "2024-05-19", "members": [due_world["exact"].pk]},
    )
    assert not due_world["exact"].events.filter(kind=EventKind.BADGE_AWARDED).exists()


def test_outsider_cannot_award_in_another_district(client, old, due_world):
    client.force_login(old.outsider_user)
    response = client.post(
        reverse("badges:award"),
        {
            "org": old.district.pk,
            "occasion": "2024-05-19",
            "members": [due_world["exact"].pk],
            "decision_number": "1",
            "decision_date": "2024-05-10",
        },
    )
    assert response.status_code == 404
    assert not due_world["exact"].events.filter(kind=EventKind.BADGE_AWARDED).exists()


def test_member_page_and_flag(client, old, due_world):
    member = due_world["back"]
    client.force_login(old.board_user)
    response = client.get(reverse("badges:member", kwargs={"member_id": member.pk}))
    assert response.status_code == 200
    assert "19/05/1994" in response.content.decode() or "1994" in response.content.decode()
    response = client.post(
        reverse("badges:flag_add", kwargs={"member_id": member.pk}),
        {"valid_from": "2024-03-01", "document": "Bệnh án số 7"},
    )
    assert response.status_code == 302
    assert GravelyIllFlag.objects.filter(member=member, document="Bệnh án số 7").exists()
    # Overlapping period refused.
    client.post(
        reverse("badges:flag_add", kwargs={"member_id": member.pk}),
        {"valid_from": "2024-04-01", "document": "Khác"},
    )
    assert GravelyIllFlag.objects.filter(member=member).count() == 1


def test_member_sees_own_page_but_cannot_flag(client, world):
    client.force_login(world.member_user)
    assert client.get(reverse("badges:member", kwargs={"member_id": world.member.pk})).status_code == 200
    response = client.post(
        reverse("badges:flag_add", kwargs={"member_id": world.member.pk}),
        {"valid_from": "2024-03-01", "document": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("badges:member", kwargs={"member_id": world.other_member.pk})).status_code == 404


# Discipline, transfer gaps, posthumous awards (QĐ 29-QĐ/TW 2016 point 27.3 a; HD 01-HD/TW 2021) ----


def test_a_warning_postpones_the_award_six_months(old, due_world):
    from coso.members.choices import DisciplineForm

    member_record_event(
        member=due_world["exact"],
        kind=EventKind.DISCIPLINED,
        on=date(2024, 3, 1),
        discipline_form=DisciplineForm.WARNING,
        actor=None,
    )
    assert "Lê Văn Đúng" not in _listed(badge_list(old.district, OCCASION))  # 19/5: within 6 months
    assert _listed(badge_list(old.district, date(2024, 9, 2)))["Lê Văn Đúng"] == (30, False)  # 1/9 ended it
    info = member_badges(due_world["exact"], on=date(2024, 5, 1))
    assert info.postponed_until == date(2024, 9, 1)


def test_a_late_transfer_is_deducted_from_party_age_on_the_list(old, due_world):
    from coso.transfers import services as transfer_services

    second = make_org(name="Chi bộ thôn Mới", kind=OrgKind.CELL, parent=old.cell.parent, type_code="village_cell")
    paper = transfer_services.transfer_issue(
        member=due_world["exact"],
        kind="official",
        direction="within",
        issued_on=date(2015, 3, 2),
        issuer="Huyện ủy Cũ",
        number="3-GT/HU",
        to_organization=second,
        actor=None,
    )
    transfer_services.transfer_present(paper=paper, presented_on=paper.present_by + timedelta(days=6), actor=None)
    # Exactly 30 years on 19/5/2024 without the gap; with it, the days from the day after the limit to
    # the presentation (five) are deducted (transfers.rules.late_gap).
    assert "Lê Văn Đúng" not in _listed(badge_list(old.district, OCCASION))
    info = member_badges(due_world["exact"], on=OCCASION)
    assert info.age.days_outside == 5 and (info.age.years, info.age.months, info.age.days) == (29, 11, 25)


def test_a_posthumous_award_is_recorded_and_leaves_the_list(client, old, due_world):
    client.force_login(old.board_user)
    response = client.post(
        reverse("badges:award"),
        {
            "org": old.district.pk,
            "occasion": "2024-05-19",
            "members": [due_world["dead"].pk],
            "decision_number": "126-QĐ/HU",
            "decision_date": "2024-05-10",
            "decision_issuer": "Ban Thường vụ Huyện ủy",
        },
    )
    assert response.status_code == 302
    assert due_world["dead"].events.filter(kind=EventKind.BADGE_AWARDED, badge_years=30).exists()
    assert "Lê Văn Mất" not in _listed(badge_list(old.district, OCCASION))
