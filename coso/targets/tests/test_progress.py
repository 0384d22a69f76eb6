"""Admission targets: roll-up, percentages, months, breakdowns, merges, and lists equal to figures."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.members.choices import EventKind, Gender
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_merge
from coso.targets.models import AdmissionTarget
from coso.targets.queries import DIMENSIONS, SELF, FigureFilter, admitted_list, is_behind, progress, report_date
from coso.targets.services import Decision, admission_target_set
from coso.testing.factories import UserFactory, make_member, make_org

pytestmark = pytest.mark.django_db
END = date(2024, 12, 31)
DECISION = Decision(number="12-QĐ/HU", signed_on=date(2024, 1, 10), issuer="Huyện ủy An Bình")


@pytest.fixture
def plan(world):
    commune2 = make_org(
        name="Đảng bộ xã An Hòa", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    cell2 = make_org(name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=commune2, type_code="village_cell")
    admission_target_set(organization=world.commune, year=2024, target=4, decision=DECISION, actor=None)
    admission_target_set(organization=commune2, year=2024, target=2, decision=DECISION, actor=None)
    admission_target_set(organization=world.other_commune, year=2024, target=5, decision=DECISION, actor=None)
    people = [
        make_member(org=world.cell, admitted_on=date(2024, 3, 5), gender=Gender.FEMALE, date_of_birth=date(2000, 1, 1)),
        make_member(org=world.cell, admitted_on=date(2024, 3, 20), ethnicity="02", date_of_birth=date(1990, 1, 1)),
        make_member(org=world.cell, admitted_on=date(2024, 7, 1), occupation="Giáo viên"),
        make_member(org=cell2, admitted_on=date(2024, 11, 30), religion="none"),
        make_member(org=world.cell, admitted_on=date(2023, 12, 31)),  # another year
        make_member(org=world.other_cell, admitted_on=date(2024, 5, 1)),  # another district
    ]
    # A re-admission counts; a transfer in does not.
    returning = make_member(org=world.cell, admitted_on=date(2015, 1, 1))
    member_record_event(member=returning, kind=EventKind.LEFT, on=date(2019, 1, 1), actor=None)
    member_record_event(
        member=returning, kind=EventKind.READMITTED, on=date(2024, 9, 9), organization=cell2, actor=None
    )
    make_member(
        org=world.cell, admitted_on=date(2024, 2, 2), first_event=EventKind.TRANSFERRED_IN, entry_status="official"
    )
    return {"commune2": commune2, "cell2": cell2, "people": people, "returning": returning}


def test_roll_up_and_percentages(world, plan):
    report = progress(world.district, 2024, END)
    assert (report.admitted, report.target) == (5, 6)
    units = {u.organization.name: (u.target, u.admitted, u.behind) for u in report.units}
    assert units == {"Đảng bộ xã An Lạc": (4, 3, True), "Đảng bộ xã An Hòa": (2, 2, False)}
    assert report.by_month == [0, 0, 2, 0, 0, 0, 1, 0, 1, 0, 1, 0]
    province = progress(world.province, 2024, END)
    assert (province.admitted, province.target) == (6, 11)
    assert {u.organization.name: (u.target, u.admitted) for u in province.units} == {
        world.district.name: (6, 5),
        world.other_district.name: (5, 1),
    }


def test_report_date_and_schedule():
    assert report_date(2020, now=date(2024, 6, 1)) == date(2020, 12, 31)
    assert report_date(2024, now=date(2024, 6, 1)) == date(2024, 6, 1)
    assert report_date(2030, now=date(2024, 6, 1)) == date(2030, 1, 1)
    # Half the year gone: 39% is behind (below 50% − 10 points), 40% is not.
    assert is_behind(39, 100, 0.5) and not is_behind(40, 100, 0.5)
    assert not is_behind(0, None, 1.0) and not is_behind(0, 0, 1.0)


def test_up_to_the_report_date(world, plan):
    report = progress(world.district, 2024, date(2024, 6, 30))
    assert report.admitted == 2
    assert report.expected == round(6 * report.share_elapsed)


def test_breakdowns(world, plan):
    report = progress(world.district, 2024, END)
    gender = {row.key: row.count for row in report.breakdowns["gender"]}
    assert gender == {"female": 1, "male": 4}
    assert {row.key: row.count for row in report.breakdowns["ethnicity"]} == {"01": 4, "02": 1}
    ages = {row.key: row.count for row in report.breakdowns["age_band"]}
    assert ages["u30"] == 1 and sum(ages.values()) == 5
    occupations = {row.label: row.count for row in report.breakdowns["occupation"]}
    assert occupations["Giáo viên"] == 1
    assert set(report.breakdowns) == set(DIMENSIONS)


def test_every_list_has_as_many_members_as_its_figure(world, plan):
    report = progress(world.district, 2024, END)
    assert len(admitted_list(world.district, 2024, END, FigureFilter())) == report.admitted
    for unit in report.units:
        assert len(admitted_list(world.district, 2024, END, FigureFilter(unit=unit.key))) == unit.admitted
    for month, count in enumerate(report.by_month, start=1):
        assert len(admitted_list(world.district, 2024, END, FigureFilter(month=month))) == count
    for dim, rows in report.breakdowns.items():
        for row in rows:
            listed = admitted_list(world.district, 2024, END, FigureFilter(dim=dim, value=row.key))
            assert len(listed) == row.count, (dim, row.key)


def test_merged_unit_counts_with_the_organization_it_joined(world):
    """Grassroots cells A and B; A admits in March and merges into B on 1/7/2025."""
    on = date(2020, 1, 1)
    a = make_org(name="Chi bộ cơ sở A", kind=OrgKind.GRASSROOTS_CELL, parent=world.district, type_code="other", on=on)
    b = make_org(name="Chi bộ cơ sở B", kind=OrgKind.GRASSROOTS_CELL, parent=world.district, type_code="other", on=on)
    d2025 = Decision(number="1-QĐ/HU", signed_on=date(2024, 12, 1))
    admission_target_set(organization=a, year=2025, target=3, decision=d2025, actor=None)
    admission_target_set(organization=b, year=2025, target=2, decision=d2025, actor=None)
    make_member(org=a, admitted_on=date(2025, 3, 1))
    make_member(org=b, admitted_on=date(2025, 4, 1))
    organization_merge(sources=[a], target=b, on=date(2025, 7, 1), actor=None)
    make_member(org=b, admitted_on=date(2025, 8, 1))

    mid = {u.organization.name: (u.target, u.admitted) for u in progress(world.district, 2025, date(2025, 6, 30)).units}
    assert mid["Chi bộ cơ sở A"] == (3, 1) and mid["Chi bộ cơ sở B"] == (2, 1)
    end = {
        u.organization.name: (u.target, u.admitted) for u in progress(world.district, 2025, date(2025, 12, 31)).units
    }
    assert "Chi bộ cơ sở A" not in end
    assert end["Chi bộ cơ sở B"] == (5, 3)
    report = progress(world.district, 2025, date(2025, 12, 31))
    unit_b = next(u for u in report.units if u.organization == b)
    assert len(admitted_list(world.district, 2025, date(2025, 12, 31), FigureFilter(unit=unit_b.key))) == 3


def test_target_rules(world):
    with pytest.raises(ValidationError) as exc:
        admission_target_set(organization=world.cell, year=2024, target=1, decision=DECISION, actor=None)
    assert "organization" in exc.value.message_dict
    with pytest.raises(ValidationError):
        admission_target_set(organization=world.commune, year=1999, target=1, decision=DECISION, actor=None)
    target = admission_target_set(organization=world.commune, year=2024, target=3, decision=DECISION, actor=world.admin)
    again = admission_target_set(organization=world.commune, year=2024, target=5, decision=DECISION, actor=world.admin)
    assert target.pk == again.pk and AdmissionTarget.objects.get(pk=target.pk).target == 5
    assert AuditEntry.objects.filter(model="targets.admissiontarget", object_id=str(target.pk)).count() == 2


def test_overview_page(client, world, plan, django_assert_max_num_queries):
    client.force_login(world.board_user)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("targets:overview") + f"?org={world.district.pk}&year=2024")
    body = response.content.decode()
    assert response.status_code == 200
    assert "5</a> / 6 — 83,3%" in body
    assert "Đảng bộ xã An Hòa" in body and world.other_district.name not in body


def test_overview_default_and_outsider(client, world, plan):
    client.force_login(world.outsider_user)
    response = client.get(reverse("targets:overview") + f"?org={world.district.pk}&year=2024")
    assert response.status_code == 200
    assert "Đảng bộ xã An Hòa" not in response.content.decode()
    client.force_login(world.member_user)
    assert client.get(reverse("targets:overview")).status_code == 200


def test_list_page(client, world, plan, django_assert_max_num_queries):
    client.force_login(world.board_user)
    url = reverse("targets:list") + f"?org={world.district.pk}&year=2024&on=2024-12-31&unit={world.commune.pk}"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") - 1 == 3
    client.force_login(world.outsider_user)
    assert client.get(url).status_code == 404


def test_edit_page_sets_targets_for_units_below(client, world, plan):
    client.force_login(world.board_user)
    url = reverse("targets:edit", kwargs={"org_id": world.district.pk}) + "?year=2025"
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.commune.name in body and "Đảng bộ xã An Hòa" in body
    response = client.post(
        url,
        {
            "year": 2025,
            f"target_{world.commune.pk}": "7",
            f"target_{plan['commune2'].pk}": "",
            "decision_number": "3-QĐ/HU",
            "decision_date": "2024-12-20",
        },
    )
    assert response.status_code == 302
    assert AdmissionTarget.objects.get(organization=world.commune, year=2025).target == 7
    assert not AdmissionTarget.objects.filter(organization=plan["commune2"], year=2025).exists()


def test_a_unit_does_not_set_its_own_target(client, world, plan):
    commune_board = UserFactory(username="commune-board")
    RoleAssignment.objects.create(user=commune_board, role=Role.BOARD, organization=world.commune)
    client.force_login(commune_board)
    # Targets are set by the level above (Action.TARGET_SET reaches strictly below the role's node):
    # the commune's own board may not, and the door says so (403) rather than show an empty form.
    response = client.get(reverse("targets:edit", kwargs={"org_id": world.commune.pk}))
    assert response.status_code == 403
    assert f"target_{world.commune.pk}" not in response.content.decode()
    client.force_login(world.secretary_user)
    assert client.get(reverse("targets:edit", kwargs={"org_id": world.commune.pk})).status_code == 404
    client.force_login(world.outsider_user)
    response = client.post(reverse("targets:edit", kwargs={"org_id": world.district.pk}), {"year": 2025})
    assert response.status_code == 404


def test_self_key_for_admissions_directly_in_the_node(world):
    make_member(org=world.district, admitted_on=date(2024, 5, 5))
    report = progress(world.district, 2024, END)
    assert report.units[0].key == SELF and report.units[0].admitted == 1
