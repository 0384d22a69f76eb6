"""seed_demo: the fictional province, its members' histories and the 1/7/2025 reorganization."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.common.dates import today
from coso.common.text import fold
from coso.demo.people import People
from coso.demo.plan import PAST, REFORM, build_plan
from coso.meetings.models import Meeting
from coso.members.choices import ACTIVE_STATUSES, EventKind, MemberStatus
from coso.members.models import Member, MemberEvent
from coso.members.queries import members_on
from coso.organizations.models import CELL_KINDS, Organization, OrgKind, ResidentialUnit
from coso.organizations.queries import version_on

pytestmark = pytest.mark.django_db

MEMBERS, SEED = 600, 1


def _seed():
    out = StringIO()
    call_command("seed_demo", members=MEMBERS, seed=SEED, stdout=out)
    return build_plan(MEMBERS, SEED), out.getvalue()


def test_seed_demo_builds_a_consistent_province():
    """One seeding (it takes a few seconds), several independent checks."""
    seeded = _seed()
    check_counts_per_status_add_up(seeded)
    check_district_exists_in_2024_with_its_members_and_not_today(seeded)
    check_merged_communes_sit_under_the_province_with_the_same_members(seeded)
    check_some_residential_units_have_no_member_and_some_no_cell(seeded)
    check_names_have_diacritics_and_histories_carry_decisions(seeded)
    check_same_seed_gives_the_same_members(seeded)
    check_output_prints_counts_as_vietnamese_numbers(seeded)


def test_demo_users_and_if_empty(client):
    check_demo_users_and_if_empty(_seed())
    client.force_login(RoleAssignment.objects.get(user__username="bithuchibo").user)
    assert client.get("/").url == reverse("meetings:next")  # the cell secretary lands on the meeting
    assert client.get(reverse("meetings:next"), follow=True).status_code == 200


def test_the_plan_is_deterministic_and_depends_on_the_seed():
    a, b, c = build_plan(MEMBERS, SEED), build_plan(MEMBERS, SEED), build_plan(MEMBERS, SEED + 1)
    assert [o.name for o in a.orgs] == [o.name for o in b.orgs]
    assert [o.name for o in a.orgs] != [o.name for o in c.orgs]
    assert sum(cell.members for cell in a.cells) == MEMBERS


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def check_counts_per_status_add_up(seeded):
    # The N generated members, plus the few the demo admission pipeline admitted and the demo
    # transfers registered on arrival from outside, both through their services.
    generated = Member.objects.filter(candidacies__isnull=True).exclude(
        transfer_papers__direction="in", events__kind="transferred_in"
    )
    assert generated.distinct().count() == MEMBERS
    assert Member.objects.filter(candidacies__isnull=False).exists()
    by_status = {s: Member.objects.filter(status=s).count() for s in MemberStatus.values}
    assert sum(by_status.values()) == Member.objects.count()
    # A realistic register: mostly official, some probationary, deaths and a few who left.
    assert by_status[MemberStatus.OFFICIAL] > MEMBERS * 0.8
    assert by_status[MemberStatus.PROBATIONARY] > 0
    assert by_status[MemberStatus.DIED] > 0
    province = Organization.objects.get(kind=OrgKind.PROVINCE)
    active = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    assert members_on(province, today()).count() == active
    assert members_on(province, today(), status="probationary").count() == by_status[MemberStatus.PROBATIONARY]


def check_district_exists_in_2024_with_its_members_and_not_today(seeded):
    plan, _out = seeded
    district = Organization.objects.get(code=plan.reorg.district)
    assert version_on(district, PAST) is not None
    assert members_on(district, PAST).count() >= 250
    assert version_on(district, today()) is None
    assert members_on(district, today()).count() == 0
    assert district.dissolved_on == REFORM


def check_merged_communes_sit_under_the_province_with_the_same_members(seeded):
    plan, _out = seeded
    province = Organization.objects.get(kind=OrgKind.PROVINCE)
    day_before = REFORM - timedelta(days=1)
    assert plan.reorg.merges
    for merge in plan.reorg.merges:
        target = Organization.objects.get(code=merge.code)
        sources = list(Organization.objects.filter(code__in=merge.sources))
        assert version_on(target, today()).parent_id == province.pk
        assert version_on(target, day_before) is None
        before = set().union(*(_ids(members_on(s, day_before)) for s in sources))
        assert before
        assert _ids(members_on(target, REFORM)) == before
        assert all(s.dissolved_on == REFORM for s in sources)
        assert ResidentialUnit.objects.filter(commune=target).count() > 0


def check_some_residential_units_have_no_member_and_some_no_cell(seeded):
    assert ResidentialUnit.objects.filter(residents__isnull=True).exists()
    assert ResidentialUnit.objects.filter(cells__isnull=True).exists()
    assert ResidentialUnit.objects.filter(cells__isnull=False, residents__isnull=False).exists()


def check_names_have_diacritics_and_histories_carry_decisions(seeded):
    names = list(Member.objects.values_list("full_name", flat=True))
    with_marks = [n for n in names if fold(n) != n.lower()]
    assert len(with_marks) > 0.9 * len(names)
    ids = list(Member.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))
    assert len(set(ids)) == len(ids) >= MEMBERS
    assert all(re.fullmatch(r"\d{12}", c) for c in ids)
    admission = MemberEvent.objects.filter(kind=EventKind.ADMITTED).first()
    assert re.fullmatch(r"\d+-QĐ/[A-ZĐa-z]+", admission.decision_number)
    assert admission.decision_issuer.startswith("Ban Thường vụ")
    assert MemberEvent.objects.filter(kind=EventKind.TRANSFERRED).exists()
    assert MemberEvent.objects.filter(kind=EventKind.EXEMPTED).exists()
    assert Member.objects.exclude(ethnicity__code="01").exists()


def check_same_seed_gives_the_same_members(seeded):
    plan, _out = seeded
    first_cell = plan.cells[0]
    again = People(build_plan(MEMBERS, SEED), SEED, today()).for_cell(first_cell, 0)
    stored = list(Member.objects.order_by("id").values_list("full_name", flat=True)[: first_cell.members])
    assert stored == [p.full_name for p in again]
    other = People(build_plan(MEMBERS, SEED + 1), SEED + 1, today()).for_cell(build_plan(MEMBERS, SEED + 1).cells[0], 0)
    assert [p.full_name for p in other] != stored


def check_demo_users_and_if_empty(seeded):
    _plan, out = seeded
    assert "bantochuc" in out and "SonLam@2026" in out
    board = RoleAssignment.objects.get(user__username="bantochuc")
    assert board.role == Role.BOARD and board.organization.kind == OrgKind.PROVINCE
    assert board.user.check_password("SonLam@2026")
    secretary = RoleAssignment.objects.get(user__username="bithu")
    assert secretary.organization.code.startswith("SL-X2025")
    member = RoleAssignment.objects.get(user__username="dangvien")
    assert member.role == Role.MEMBER and member.member.status == MemberStatus.OFFICIAL
    cell_secretary = RoleAssignment.objects.get(user__username="bithuchibo")
    assert cell_secretary.role == Role.SECRETARY and cell_secretary.organization.kind in CELL_KINDS
    assert Meeting.objects.filter(cell=cell_secretary.organization).exists()
    assert cell_secretary.user.check_password("SonLam@2026") and "bithuchibo" in out
    observer = RoleAssignment.objects.get(user__username="quansat")
    assert observer.role == Role.OBSERVER and observer.organization == secretary.organization
    assert "quansat" in out

    again = StringIO()
    call_command("seed_demo", members=MEMBERS, seed=SEED, if_empty=True, stdout=again)
    assert "Không nạp dữ liệu mẫu: cơ sở dữ liệu đã có tổ chức đảng." in again.getvalue()
    # The N generated members, plus the few the demo admission pipeline admitted and the demo
    # transfers registered on arrival from outside, both through their services.
    generated = Member.objects.filter(candidacies__isnull=True).exclude(
        transfer_papers__direction="in", events__kind="transferred_in"
    )
    assert generated.distinct().count() == MEMBERS
    assert Member.objects.filter(candidacies__isnull=False).exists()


def check_output_prints_counts_as_vietnamese_numbers(seeded):
    """Counts in the command's output go through common.text.format_count (issue 7): no English
    thousands separator and no Python dict printed as it is."""
    _plan, out = seeded
    assert f"đảng viên: {MEMBERS}/{MEMBERS}" in out
    assert "huy hiệu Đảng: đã trao: " in out and "{'" not in out and "gravely_ill" not in out
    assert not re.search(r"\d,\d{3}", out)
