"""Demo admission pipeline: candidates at every stage in the demo province, written through the services.

Dates are set relative to today so the worklist has something overdue and something due soon:
a cell resolution four months old without a decision, a probation that ended weeks ago, a
certificate about to expire. Every step passes the rules of the rule set in force on its date,
because it goes through the same services as the UI.
"""

from datetime import date, timedelta
from random import Random

from coso.admission import services
from coso.admission.models import Candidate, Form, Source, Stage
from coso.admission.queries import official_members_count
from coso.common.dates import today as _today
from coso.demo.names import person_name
from coso.members.choices import SpellStatus
from coso.members.models import Ethnicity, Member, MembershipSpell, Religion
from coso.organizations.models import CELL_KINDS, Organization
from coso.organizations.queries import in_subtree
from coso.rulesets.calendar import add_months
from coso.training.models import ClassKind, Result

PAPERS = (Form.APPLICATION, Form.BACKGROUND, Form.INTRODUCER_LETTER, Form.UNION_RESOLUTION, Form.COMBINED_OPINIONS)
OCCUPATIONS = ["Nông dân", "Giáo viên", "Công nhân", "Bác sĩ", "Kinh doanh", "Cán bộ xã", "Bộ đội xuất ngũ"]
# (stage, days before today of the key date) — two or three candidates per stage.
PLAN = [
    (Stage.PIPELINE, 30),
    (Stage.PIPELINE, 90),
    (Stage.CLASS_PASSED, 60),
    (Stage.CLASS_PASSED, 1810),  # certificate about to expire (5 years)
    (Stage.DOSSIER, 40),
    (Stage.DOSSIER, 75),
    (Stage.CELL_VOTED, 20),  # decision due soon
    (Stage.CELL_VOTED, 130),  # decision overdue
    (Stage.DECIDED, 12),
    (Stage.DECIDED, 70),  # ceremony overdue
    (Stage.ADMITTED, 330),  # probation ends within the month
    (Stage.ADMITTED, 420),  # recognition vote overdue
    (Stage.ADMITTED, 150),
    (Stage.RECOGNIZED, 800),
    (Stage.RECOGNIZED, 560),
    (Stage.NOT_RECOGNIZED, 600),
    (Stage.WITHDRAWN, 200),
]


def _cells_with_introducers(province: Organization, since: date) -> list[tuple[Organization, Member]]:
    """Cells of the province that existed by `since` with an official member since then (an introducer)."""
    cells = Organization.objects.filter(
        in_subtree(province, since, field="pk"),
        kind__in=CELL_KINDS,
        dissolved_on__isnull=True,
        established_on__lte=since,
    ).order_by("path")
    out = []
    for cell in cells[:400]:
        spell = (
            MembershipSpell.objects.filter(
                organization=cell,
                status=SpellStatus.OFFICIAL,
                attached=False,
                valid_from__lte=since,
                valid_to__isnull=True,
            )
            .select_related("member")
            .first()
        )
        if spell and cell.parent_id:
            out.append((cell, spell.member))
    return out


def _citizen_id(rng: Random, born: date) -> str:
    while True:
        value = f"0{rng.randint(1, 96):02d}{born.year % 100:02d}{rng.randint(0, 10**7 - 1):07d}"[:12].ljust(12, "0")
        if (
            not Member.objects.filter(citizen_id=value).exists()
            and not Candidate.objects.filter(citizen_id=value).exists()
        ):
            return value


def seed_admission_demo(*, province: Organization, rng: Random, actor, today: date | None = None) -> list[Candidate]:
    """Write the demo candidates (about 17) in cells of `province`; returns them."""
    today = today or _today()
    earliest = today - timedelta(days=2400)
    pairs = _cells_with_introducers(province, earliest)
    if not pairs:
        return []
    kinh = Ethnicity.objects.get(code="01")
    no_religion = Religion.objects.get(code="none")
    classes: dict[int, object] = {}
    created = []
    for index, (stage, days) in enumerate(PLAN):
        cell, introducer = pairs[(index * 7) % len(pairs)]
        key = today - timedelta(days=days)
        created.append(
            _one(
                cell=cell,
                introducer=introducer,
                stage=stage,
                key=key,
                rng=rng,
                today=today,
                actor=actor,
                ethnicity=kinh,
                religion=no_religion,
                classes=classes,
            )
        )
    for candidate in created:
        candidate.refresh_from_db()
    return created


def _class_for(cell: Organization, certificate_on: date, classes: dict, actor):
    """One awareness class per committee and certificate date (candidates of its cells study together)."""
    key = (cell.parent_id, certificate_on)
    if key not in classes:
        starts = certificate_on - timedelta(days=5)
        classes[key] = services.class_create(
            organization=cell.parent,
            kind=ClassKind.AWARENESS,
            name=f"Lớp bồi dưỡng nhận thức về Đảng {starts:%m/%Y}",
            organizer="Trung tâm Chính trị",
            starts_on=starts,
            ends_on=certificate_on - timedelta(days=1),
            actor=actor,
        )
    return classes[key]


def _one(*, cell, introducer, stage, key, rng, today, actor, ethnicity, religion, classes) -> Candidate:
    """A candidate whose latest step happened on `key`; earlier steps are dated back from it."""
    gender = rng.choice(["male", "female"])
    # Work back from the key date to lay out the earlier steps.
    if stage in (Stage.PIPELINE,):
        vote_on = None
        certificate_on = None
        registered = key
    elif stage in (Stage.CLASS_PASSED, Stage.DOSSIER):
        certificate_on = key
        registered = key - timedelta(days=90)
        vote_on = None
    else:
        if stage == Stage.CELL_VOTED:
            vote_on = key
        elif stage == Stage.DECIDED:
            vote_on = key - timedelta(days=45)
        elif stage == Stage.WITHDRAWN:
            vote_on = None
        else:  # admitted, recognized, not recognized: key is the ceremony
            vote_on = key - timedelta(days=70)
        certificate_on = (vote_on or key) - timedelta(days=150)
        registered = certificate_on - timedelta(days=90)
    vote_ref = vote_on or today
    born = date(vote_ref.year - rng.randint(19, 40), rng.randint(1, 12), rng.randint(1, 28))
    candidate = services.candidate_register(
        organization=cell,
        data={
            "full_name": person_name(rng, gender=gender, ethnicity=ethnicity.code, birth_year=born.year),
            "gender": gender,
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "religion": religion,
            "citizen_id": _citizen_id(rng, born),
            "general_education": rng.choice(["12/12", "12/12", "12/12", "9/12"]),
            "professional_education": rng.choice(["none", "intermediate", "college", "university"]),
            "occupation": rng.choice(OCCUPATIONS),
            "current_address": cell.name.replace("Chi bộ ", "").strip(),
            "source": rng.choice([s.value for s in Source]),
            "registered_on": registered,
        },
        actor=actor,
    )
    if stage == Stage.PIPELINE:
        return candidate
    if stage == Stage.WITHDRAWN:
        services.candidate_withdraw(candidate=candidate, on=key, reason="Chuyển nơi cư trú", actor=actor)
        return candidate
    services.introducer_add(
        candidate=candidate, member=introducer, shared_since=add_months(registered, -24), actor=actor
    )
    training_class = _class_for(cell, certificate_on, classes, actor)
    student = services.class_enrol(training_class=training_class, candidate=candidate, actor=actor)
    services.class_record_result(
        student=student,
        result=Result.PASSED,
        certificate_number=f"{rng.randint(1, 999)}/GCN",
        certificate_date=certificate_on,
        actor=actor,
    )
    if stage == Stage.CLASS_PASSED:
        return candidate
    for form in PAPERS:
        services.document_add(
            candidate=candidate, form=form, number="", issued_on=certificate_on + timedelta(days=10), actor=actor
        )
    if stage == Stage.DOSSIER:
        return candidate
    total = max(official_members_count(cell, vote_on), 1)
    services.candidate_record_cell_vote(
        candidate=candidate,
        on=vote_on,
        number=f"{rng.randint(1, 40):02d}-NQ/CB",
        official_members=total,
        in_favour=total,
        actor=actor,
    )
    if stage == Stage.CELL_VOTED:
        return candidate
    decision_on = vote_on + timedelta(days=30) if stage != Stage.DECIDED else key
    services.candidate_decide(candidate=candidate, on=decision_on, number=f"{rng.randint(100, 999)}-QĐ/ĐU", actor=actor)
    if stage == Stage.DECIDED:
        return candidate
    services.candidate_record_ceremony(candidate=candidate, on=key, actor=actor)
    candidate.refresh_from_db()
    if stage == Stage.RECOGNIZED:
        vote = candidate.probation_ends_on + timedelta(days=7)
        total = max(official_members_count(cell, vote), 1)
        services.candidate_recognize(
            candidate=candidate,
            cell_vote_on=vote,
            cell_resolution_number=f"{rng.randint(1, 40):02d}-NQ/CB",
            official_members=total,
            in_favour=total,
            decision_number=f"{rng.randint(100, 999)}-QĐ/ĐU",
            decision_date=vote + timedelta(days=14),
            actor=actor,
        )
    elif stage == Stage.NOT_RECOGNIZED:
        services.candidate_not_recognize(
            candidate=candidate,
            decision_number=f"{rng.randint(100, 999)}-QĐ/ĐU",
            decision_date=candidate.probation_ends_on + timedelta(days=20),
            reason="Không đủ tư cách đảng viên",
            actor=actor,
        )
    return candidate
