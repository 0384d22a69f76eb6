"""Campaigns and their steps under the shipped rule sets (QĐ 124-QĐ/TW 2023, QĐ 366-QĐ/TW 2025).

- a 2024 campaign is judged by QĐ 124 (four levels, no score), a 2025 one by QĐ 366 (scored);
- the quota ("excellent" ≤ 1/5 of "good" among one committee's decisions) at its exact boundary,
  judged on the whole page of decisions;
- the two-years rule reads the member's history, not their current cell (a transfer between cells);
- a campaign over a subtree reorganized during the year finds its subjects as the tree stood on 31/12;
- every refused write writes nothing (the audit log included).
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.evaluation import queries, rules, services
from coso.evaluation.models import Campaign, Evaluation, GoalRegistration, JobState, Stage, SubjectKind
from coso.evaluation.services import Decision
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_merge
from coso.testing.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def open_campaign(committee, year=2024, **kw):
    return services.campaign_open(
        committee=committee, period_kind=kw.pop("period_kind", "year"), year=year,
        opened_on=kw.pop("opened_on", date(year, 12, 1)), actor=None, **kw,
    )  # fmt: skip


def cell_members(cell, n, prefix="Đảng viên"):
    return [make_member(org=cell, full_name=f"{prefix} {i:02d}", admitted_on=date(2012, 1, 1)) for i in range(n)]


def record(campaign, member) -> Evaluation:
    return campaign.evaluations.get(member=member)


def test_opening_creates_a_record_per_member_and_rated_organization(world):
    campaign = open_campaign(world.commune)
    assert campaign.job_state == JobState.DONE
    assert campaign.rule_set.regulation.startswith("QĐ 124-QĐ/TW")
    members = campaign.evaluations.filter(subject_kind=SubjectKind.MEMBER)
    assert list(members.values_list("member_id", flat=True)) == [world.member.pk]
    e = members.get()
    assert e.organization == world.cell and e.deciding_committee == world.commune and e.stage == Stage.PENDING
    # The commune's cell is rated by the commune; the commune itself is rated by the district.
    orgs = campaign.evaluations.filter(subject_kind=SubjectKind.ORGANIZATION)
    assert [(o.organization, o.deciding_committee) for o in orgs] == [(world.cell, world.commune)]
    assert AuditEntry.objects.filter(model="evaluation.evaluation", service="evaluation_campaign_open").count() == 2


def test_a_nested_campaign_does_not_rate_a_subject_twice_and_a_duplicate_is_refused(world):
    open_campaign(world.commune)
    district = open_campaign(world.district)
    assert not district.evaluations.filter(member=world.member).exists()
    assert district.evaluations.filter(organization=world.commune, subject_kind=SubjectKind.ORGANIZATION).exists()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="đã có|already has"):
        open_campaign(world.commune)
    assert AuditEntry.objects.count() == before


def test_exempt_members_are_not_rated_and_disciplined_members_are_capped(world):
    exempt, disciplined = cell_members(world.cell, 2)
    member_record_event(member=exempt, kind=EventKind.EXEMPTED, on=date(2023, 5, 1), actor=None)
    member_record_event(member=disciplined, kind=EventKind.DISCIPLINED, on=date(2024, 3, 1),
                        discipline_form="reprimand", actor=None)  # fmt: skip
    campaign = open_campaign(world.commune)
    ex = record(campaign, exempt)
    assert ex.stage == Stage.NOT_RATED and ex.exempt and ex.not_rated_reason
    d = record(campaign, disciplined)
    assert d.disciplined
    with pytest.raises(ValidationError) as err:
        services.decide_many(campaign, [Decision(d.pk, "good")], on=date(2024, 12, 20), actor=None)
    assert "Đảng viên 01" in str(err.value)
    services.decide_many(campaign, [Decision(d.pk, "completed")], on=date(2024, 12, 20), actor=None)
    assert record(campaign, disciplined).grade == "completed"
    with pytest.raises(ValidationError):
        services.decide_many(campaign, [Decision(ex.pk, "good")], on=date(2024, 12, 20), actor=None)


def test_2024_is_judged_by_qd_124_and_2025_by_qd_366(world):
    c2024 = open_campaign(world.commune, 2024)
    c2025 = open_campaign(world.commune, 2025)
    assert c2025.rule_set.regulation.startswith("QĐ 366-QĐ/TW")
    e24, e25 = record(c2024, world.member), record(c2025, world.member)
    # 2023 rules: a level without a score.
    services.decide_many(c2024, [Decision(e24.pk, "good")], on=date(2024, 12, 20), actor=None)
    # 2025 rules: the score is required, gives the level, and a level against its band is refused.
    with pytest.raises(ValidationError, match="điểm|score"):
        services.decide_many(c2025, [Decision(e25.pk, "good")], on=date(2025, 12, 20), actor=None)
    with pytest.raises(ValidationError):
        services.decide_many(c2025, [Decision(e25.pk, "excellent", 85)], on=date(2025, 12, 20), actor=None)
    services.decide_many(c2025, [Decision(e25.pk, "", "69,5")], on=date(2025, 12, 20), actor=None)
    e25.refresh_from_db()
    assert (e25.grade, str(e25.score)) == ("completed", "69.50")
    # Quarterly evaluation exists only from QĐ 366.
    with pytest.raises(ValidationError) as err:
        services.campaign_create(committee=world.commune, period_kind="quarter", year=2024, quarter=3,
                                 opened_on=date(2024, 9, 1), actor=None)  # fmt: skip
    assert "period_kind" in err.value.message_dict
    q = services.campaign_open(committee=world.commune, period_kind="quarter", year=2025, quarter=4,
                               opened_on=date(2025, 12, 1), actor=None)  # fmt: skip
    assert (q.period_key, q.period_start, q.period_end) == ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31))


def test_the_quota_at_its_exact_boundary_is_judged_on_the_whole_page(world):
    people = cell_members(world.cell, 11)
    campaign = open_campaign(world.commune)
    ids = [record(campaign, p).pk for p in people]
    on = date(2024, 12, 20)
    # 2 excellent need 10 good (2 × 5 = 10): exactly at the cap.
    page = [Decision(pk, "excellent") for pk in ids[:2]] + [Decision(pk, "good") for pk in ids[2:11]]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.decide_many(campaign, page, on=on, actor=None)  # 2 excellent, 9 good: over by one
    message = " ".join(err.value.messages)
    assert world.commune.name in message and "9" in message and "1" in message
    assert AuditEntry.objects.count() == before and not campaign.evaluations.exclude(grade="").exists()
    world_member = record(campaign, world.member).pk
    services.decide_many(campaign, [*page, Decision(world_member, "good")], on=on, actor=None)
    state = queries.quota_for(world.commune.pk, "2024", SubjectKind.MEMBER, campaign.rule_set.values)
    assert (state.excellent, state.good, state.cap, state.room) == (2, 10, 2, 0)
    # Moving one "good" down breaks it; moving it up and another excellent down on one page does not.
    with pytest.raises(ValidationError):
        services.decide_many(campaign, [Decision(ids[5], "completed")], on=on, actor=None)
    services.decide_many(campaign, [Decision(ids[0], "good"), Decision(ids[5], "excellent")], on=on, actor=None)
    assert queries.quota_for(world.commune.pk, "2024", SubjectKind.MEMBER, campaign.rule_set.values).excellent == 2


def test_members_and_organizations_are_separate_quota_groups(world):
    campaign = open_campaign(world.commune)
    cell_record = campaign.evaluations.get(subject_kind=SubjectKind.ORGANIZATION, organization=world.cell)
    with pytest.raises(ValidationError, match=world.commune.name):
        services.decide_many(campaign, [Decision(cell_record.pk, "excellent")], on=date(2024, 12, 20), actor=None)


def test_failing_two_years_follows_the_member_across_a_transfer(world):
    west = make_org(name="Chi bộ thôn Tây Nam", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell")
    c2024 = open_campaign(world.commune, 2024)
    services.decide_many(c2024, [Decision(record(c2024, world.member).pk, "not_completed")],
                         on=date(2024, 12, 20), actor=None)  # fmt: skip
    member_record_event(
        member=world.member, kind=EventKind.TRANSFERRED, on=date(2025, 3, 1), organization=west, actor=None
    )
    c2025 = open_campaign(world.commune, 2025)
    e = record(c2025, world.member)
    assert e.organization == west
    services.decide_many(c2025, [Decision(e.pk, "", 40)], on=date(2025, 12, 20), actor=None)
    history = queries.grades_by_year([world.member.pk], up_to=2025)[world.member.pk]
    assert history == {2024: "not_completed", 2025: "not_completed"}
    assert rules.failing_for_removal(history, 2025, c2025.rule_set.values)


def test_a_campaign_over_a_subtree_reorganized_during_the_year(world):
    """Two communes merge on 1/7/2025: the 2025 campaign rates the merged one and its cells, on 31/12."""
    north = make_org(
        name="Đảng bộ xã Bắc", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="commune"
    )
    north_cell = make_org(name="Chi bộ thôn Bắc", kind=OrgKind.CELL, parent=north, type_code="village_cell")
    northerner = make_member(org=north_cell, full_name="Vũ Văn Bắc", admitted_on=date(2012, 1, 1))
    organization_merge(sources=[north], target=world.commune, on=date(2025, 7, 1), actor=None)
    campaign = open_campaign(world.district, 2025)
    e = record(campaign, northerner)
    assert e.organization == north_cell and e.deciding_committee == world.commune
    rated = set(
        campaign.evaluations.filter(subject_kind=SubjectKind.ORGANIZATION).values_list("organization_id", flat=True)
    )
    assert rated == {world.commune.pk, world.cell.pk, north_cell.pk}  # the dissolved commune is not rated
    cell_row = campaign.evaluations.get(subject_kind=SubjectKind.ORGANIZATION, organization=north_cell)
    assert cell_row.deciding_committee == world.commune
    # The 2024 campaign of the district still sees the north commune where it stood.
    c2024 = open_campaign(world.district, 2024)
    assert c2024.evaluations.filter(subject_kind=SubjectKind.ORGANIZATION, organization=north).exists()
    assert record(c2024, northerner).deciding_committee == north


def test_the_steps_are_dated_and_authored_and_closed_campaigns_are_read_only(world, board_user):
    campaign = open_campaign(world.commune)
    e = record(campaign, world.member)
    services.self_assess(
        e, text="Hoàn thành tốt nhiệm vụ được giao", grade="good", on=date(2024, 12, 5), actor=board_user
    )
    services.opinion_add(e, source="mass_organization", source_name="Hội Nông dân xã", text="Gương mẫu",
                         given_on=date(2024, 12, 6), actor=board_user)  # fmt: skip
    services.propose(e, grade="good", on=date(2024, 12, 10), actor=board_user)
    e.refresh_from_db()
    assert (e.stage, e.self_by, e.proposed_on, e.opinions.count()) == (
        Stage.PROPOSED,
        board_user,
        date(2024, 12, 10),
        1,
    )
    with pytest.raises(ValidationError):
        services.campaign_close(campaign, closed_on=date(2024, 12, 31), actor=board_user)  # records undecided
    cell_row = campaign.evaluations.get(subject_kind=SubjectKind.ORGANIZATION)
    services.decide_many(campaign, [Decision(e.pk, "good"), Decision(cell_row.pk, "good")], on=date(2024, 12, 20),
                         decision_number="15-QĐ/ĐU", actor=board_user)  # fmt: skip
    e.refresh_from_db()
    assert (e.grade, e.decided_by, e.decision_number) == ("good", board_user, "15-QĐ/ĐU")
    with pytest.raises(ValidationError):
        services.self_assess(e, text="Sửa", grade="excellent", on=date(2024, 12, 21), actor=board_user)
    services.campaign_close(campaign, closed_on=date(2024, 12, 31), actor=board_user)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="31/12/2024"):
        services.decide_many(campaign, [Decision(e.pk, "completed")], on=date(2025, 1, 5), actor=board_user)
    assert AuditEntry.objects.count() == before


def test_commendation_follows_the_decided_level(world):
    people = cell_members(world.cell, 5)
    campaign = open_campaign(world.commune)
    on = date(2024, 12, 20)
    services.decide_many(
        campaign,
        [Decision(record(campaign, people[0]).pk, "excellent")] + [Decision(record(campaign, p).pk, "good") for p in people[1:]]
        + [Decision(record(campaign, world.member).pk, "good")],
        on=on, actor=None,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.commend(record(campaign, people[1]), on=on, actor=None)
    services.commend(record(campaign, people[0]), on=on, note="Giấy khen của Đảng ủy", actor=None)
    assert record(campaign, people[0]).commended_on == on


def test_a_failed_population_leaves_no_records(world, monkeypatch):
    cell_members(world.cell, 3)
    campaign = services.campaign_create(committee=world.commune, year=2024, opened_on=date(2024, 12, 1), actor=None)
    monkeypatch.setattr(services, "BATCH", 2)
    real = services.audit_bulk_create
    calls = []

    def fail_second(**kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(services, "audit_bulk_create", fail_second)
    with pytest.raises(RuntimeError):
        services.campaign_populate(campaign, actor=None)
    campaign.refresh_from_db()
    assert campaign.job_state == JobState.FAILED and "disk full" in campaign.job_error
    assert not campaign.evaluations.exists()
    monkeypatch.setattr(services, "audit_bulk_create", real)
    services.campaign_populate(campaign, actor=None)
    assert campaign.evaluations.count() == 5 and Campaign.objects.get(pk=campaign.pk).job_state == JobState.DONE


def test_goals_are_registered_and_replaced_and_shown_beside_the_self_assessment(world, secretary_user):
    reg = services.goals_register(member=world.member, year=2024, items=[("Hoàn thành chỉ tiêu", "100%"), ("Học Nghị quyết", "")],
                                  on=date(2024, 1, 15), on_behalf=True, actor=secretary_user)  # fmt: skip
    assert reg.organization == world.cell and reg.items.count() == 2 and reg.on_behalf
    services.goals_register(
        member=world.member, year=2024, items=[("Một mục tiêu", "")], on=date(2024, 2, 1), actor=None
    )
    reg = GoalRegistration.objects.get(member=world.member)
    assert [i.text for i in reg.items.all()] == ["Một mục tiêu"] and reg.version == 2
    with pytest.raises(ValidationError) as err:
        services.goals_register(member=world.member, year=2024, items=[("", "")], on=date(2024, 2, 1), actor=None)
    assert "items" in err.value.message_dict
    campaign = open_campaign(world.commune)
    assert queries.goals_of(record(campaign, world.member)) == reg


def test_completion_by_unit(world):
    cell_members(world.cell, 2)
    campaign = open_campaign(world.commune)
    services.decide_many(
        campaign, [Decision(record(campaign, world.member).pk, "good")], on=date(2024, 12, 20), actor=None
    )
    (unit,) = queries.completion_by_unit(campaign)
    assert (unit.name, unit.total, unit.decided, unit.complete) == (world.cell.name, 4, 1, False)
