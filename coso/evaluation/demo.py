"""Demo data: three completed yearly campaigns of the province and this year's open one, with goals.

Past years are decided in full, one decision per deciding committee and kind of subject (the
quota judged on each committee's whole list, as a committee decides), mostly "well completed",
"excellent" within its cap, a few "completed" and rare "did not complete"; disciplined members are
capped; some excellent are proposed for commendation; each campaign is closed. This year's campaign
is open, part way: some records self-assessed, some proposed, a few decided. Most members have
registered this year's goals.
"""

from collections import defaultdict
from datetime import date
from random import Random

from coso.audit.services import audit_bulk_create
from coso.evaluation import rules, services
from coso.evaluation.models import GoalItem, GoalRegistration, Stage, SubjectKind
from coso.members.queries import spells_on
from coso.organizations.models import Organization

GOALS = [
    ("Hoàn thành tốt nhiệm vụ chuyên môn được giao", "100% công việc đúng hạn"),
    ("Tham gia đầy đủ sinh hoạt chi bộ", "12/12 kỳ sinh hoạt"),
    ("Học tập, quán triệt nghị quyết của Đảng", ""),
    ("Gương mẫu thực hiện nếp sống văn minh ở khu dân cư", ""),
    ("Vận động gia đình chấp hành chủ trương, chính sách", ""),
    ("Giới thiệu quần chúng ưu tú cho Đảng xem xét kết nạp", "1 quần chúng"),
]
SCORES = {"excellent": (90, 98), "good": (70, 89), "completed": (50, 69), "not_completed": (30, 49)}


def _grades(records, rng: Random, values) -> list[services.Decision]:
    """Levels for one committee's records: excellent within its cap, mostly good."""
    chosen: dict[int, str] = {}
    rated = [e for e in records if e.stage != Stage.NOT_RATED]
    for e in rated:
        roll = rng.random()
        grade = "not_completed" if roll < 0.01 else "completed" if roll < 0.14 else "good"
        if e.disciplined:
            grade = "completed"
        chosen[e.pk] = grade
    good = sum(1 for g in chosen.values() if g == "good")
    num, den = values.get("excellent_share_of_good", [1, 5])
    candidates = [e for e in rated if chosen[e.pk] == "good" and not e.disciplined]
    rng.shuffle(candidates)
    # Promoting one "good" lowers the good count: keep excellent × den ≤ (good − excellent) × num.
    for excellent, e in enumerate(candidates[: max(0, round(len(candidates) * 0.15))]):
        if (excellent + 1) * den > (good - excellent - 1) * num:
            break
        chosen[e.pk] = "excellent"
    scored = rules.is_scored(values)
    return [
        services.Decision(pk, grade, rng.randint(*SCORES[grade]) if scored else None) for pk, grade in chosen.items()
    ]


def _decide_all(campaign, rng: Random, on: date, share: float = 1.0) -> int:
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for e in campaign.evaluations.select_related("deciding_committee").order_by("id"):
        groups[(e.deciding_committee_id, e.subject_kind)].append(e)
    values = campaign.rule_set.values
    decided = 0
    numbers: dict[int, int] = defaultdict(int)
    for (committee_id, _kind), records in groups.items():
        if share < 1.0 and rng.random() > share:
            continue
        decisions = _grades(records, rng, values)
        if not decisions:
            continue
        numbers[committee_id] += 1
        services.decide_many(
            campaign, decisions, on=on, decision_number=f"{numbers[committee_id]:02d}-QĐ/ĐU",
            decision_issuer=records[0].deciding_committee.name, actor=None,
        )  # fmt: skip
        decided += len(decisions)
    return decided


def _commend(campaign, rng: Random, on: date) -> None:
    for e in campaign.evaluations.filter(grade="excellent").select_related("campaign__rule_set"):
        if rng.random() < 0.5:
            kind = "Giấy khen của Đảng ủy" if e.subject_kind == SubjectKind.MEMBER else "Giấy khen của cấp ủy cấp trên"
            services.commend(e, on=on, note=kind, actor=None)


def _goals(province: Organization, year: int, on: date, rng: Random) -> int:
    spells = (
        spells_on(on).filter(organization__path__startswith=province.path).values_list("member_id", "organization_id")
    )
    regs = [
        GoalRegistration(
            subject_kind=SubjectKind.MEMBER,
            member_id=member_id,
            organization_id=org_id,
            period_key=str(year),
            registered_on=on,
        )  # fmt: skip
        for member_id, org_id in spells
        if rng.random() < 0.8
    ]
    regs = GoalRegistration.objects.bulk_create(regs, batch_size=2000)
    items = [
        GoalItem(registration=reg, order=i, text=text, target=target)
        for reg in regs
        for i, (text, target) in enumerate(rng.sample(GOALS, 3))
    ]
    GoalItem.objects.bulk_create(items, batch_size=5000)
    audit_bulk_create(actor=None, objs=regs, service="seed_evaluation_demo")
    return len(regs)


def seed_evaluation_demo(*, province: Organization, rng: Random, today: date) -> dict[str, int]:
    out: dict[str, int] = {}
    for year in range(today.year - 3, today.year):
        campaign = services.campaign_open(committee=province, year=year, opened_on=date(year, 12, 1), actor=None)
        out[str(year)] = _decide_all(campaign, rng, date(year, 12, 20))
        _commend(campaign, rng, date(year, 12, 25))
        services.campaign_close(campaign, closed_on=date(year, 12, 31), actor=None)
    current = services.campaign_open(
        committee=province, year=today.year, opened_on=max(date(today.year, 1, 1), min(today, date(today.year, 12, 1))),
        actor=None,
    )  # fmt: skip
    on = current.opened_on
    pending = list(
        current.evaluations.filter(stage=Stage.PENDING, subject_kind=SubjectKind.MEMBER).select_related(
            "campaign__rule_set", "member"
        )[:400]
    )
    scored = rules.is_scored(current.rule_set.values)
    for i, e in enumerate(pending[:250]):
        grade, score = ("completed", 60) if e.disciplined else ("good", 80)
        score = score if scored else None
        services.self_assess(
            e, text="Tự kiểm điểm: hoàn thành tốt nhiệm vụ được giao.", grade=grade, score=score, on=on, actor=None
        )
        if i < 120:
            services.propose(e, grade=grade, score=score, on=on, actor=None)
    out[str(today.year)] = _decide_all(current, rng, on, share=0.1)
    if date(today.year, 1, 15) <= today:
        out["goals"] = _goals(province, today.year, date(today.year, 1, 15), rng)
    return out
