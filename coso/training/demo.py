"""Demo training: five years (2021–2025) of classes of every kind held or attended by the demo's committees.

Each year the province's political centre holds an intermediate theory class (with *hành chính*
every other year), a specialist state-management class and a professional course; each district
(until the reorganization of 1/7/2025) an elementary theory class, a cadre-source class every other
year and another course. The province sends cadres to the national academy (advanced theory,
full-time and in-service) and to state-management programmes for principal and senior specialists;
the districts send theirs to the provincial school (intermediate theory), with the sending decision.
The awareness and new members' classes are admission's (`coso.admission.demo`).

Students are the members under the committee while the class ran, with a few commune officials who
are not members (from `coso.cadres.demo`) in the professional courses. Nine in ten pass, with a
certificate on the last day, so the qualification facts appear as dated history. The classes are
written as the classes import writes them (`importer.write_classes`, audited in bulk, the
qualifications through the same `rules.grant`), from data that keeps its rules.
"""

from datetime import date, timedelta
from random import Random

from coso.cadres.models import Cadre
from coso.members.models import Member, MembershipSpell
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree, valid_on
from coso.training import importer
from coso.training.models import ClassKind, ClassStudent, Mode, Organizer, Result, TrainingClass

YEARS = range(2021, 2026)
ACADEMY = "Học viện Chính trị quốc gia Hồ Chí Minh"
SCHOOL = "Trường Chính trị tỉnh"


def _class(org, kind, name, start: date, days: int, *, mode=Mode.IN_SERVICE, outside=False, organizer="", place=""):
    return TrainingClass(
        organization=org, kind=kind, name=name, mode=mode, starts_on=start, ends_on=start + timedelta(days=days),
        organizer_kind=Organizer.OUTSIDE if outside else Organizer.OWN, organizer=organizer, place=place,
    )  # fmt: skip


def _members(org: Organization, on: date) -> list[int]:
    return list(
        MembershipSpell.objects.filter(in_subtree(org, on), valid_on(on), attached=False)
        .values_list("member_id", flat=True)
        .distinct()
        .order_by("member_id")[:600]
    )


def seed_training_demo(*, province: Organization, rng: Random, actor, today: date) -> dict[str, int]:
    """Write the classes of 2021–2025 with their students; returns the counts."""
    plan = importer.Plan(kind="classes")
    districts = list(
        Organization.objects.filter(in_subtree(province, date(2021, 1, 1), field="pk"), kind="upper").order_by("path")
    )
    officials = list(Cadre.objects.filter(member__isnull=True, organization__path__startswith=province.path)[:200])
    centre = f"Trung tâm Chính trị {province.name.removeprefix('Đảng bộ ')}"
    short = province.name.removeprefix("Đảng bộ ")

    def enrol(index: int, people: list[int], k: int, *, cadres=(), decision=None) -> None:
        training_class = plan.classes[index]
        chosen = rng.sample(people, min(k, len(people)))
        students = [ClassStudent(member_id=m) for m in chosen] + [ClassStudent(cadre_id=c.pk) for c in cadres]
        for student in students:
            if rng.random() < 0.9:
                student.result = Result.PASSED
                student.certificate_date = training_class.ends_on
                student.certificate_number = f"{rng.randint(1000, 9999)}/CC"
            else:
                student.result = Result.FAILED
            if decision:
                student.decision_number, student.decision_date, student.decision_issuer = decision
            plan.students.append((index, student))

    def add(training_class) -> int | None:
        if training_class.ends_on >= today:
            return None
        plan.classes.append(training_class)
        return len(plan.classes) - 1

    for year in YEARS:
        people = _members(province, date(year, 3, 1))
        kind = ClassKind.THEORY_INTERMEDIATE_ADMIN if year % 2 else ClassKind.THEORY_INTERMEDIATE
        own = [
            (_class(province, kind, f"Lớp trung cấp lý luận chính trị khóa {year - 2020}/{year}", date(year, 3, 1), 180,
                    organizer=centre, place=short), 30),
            (_class(province, ClassKind.SM_SPECIALIST, f"Lớp bồi dưỡng ngạch chuyên viên {year}", date(year, 5, 10), 45,
                    organizer=centre, place=short), 25),
            (_class(province, ClassKind.PROFESSIONAL, f"Bồi dưỡng nghiệp vụ công tác đảng {year}", date(year, 9, 5), 5,
                    organizer=centre, place=short), 20),
        ]  # fmt: skip
        for training_class, k in own:
            index = add(training_class)
            if index is not None:
                extra = rng.sample(officials, min(3, len(officials))) if training_class.kind == "professional" else ()
                enrol(index, people, k, cadres=extra)
        sent = [
            (ClassKind.THEORY_ADVANCED, Mode.FULL_TIME, ACADEMY, "Hà Nội", 1),
            (ClassKind.THEORY_ADVANCED, Mode.IN_SERVICE, ACADEMY, "Hà Nội", 3),
            (ClassKind.SM_PRINCIPAL if year % 2 else ClassKind.SM_SENIOR, Mode.IN_SERVICE, ACADEMY, "Hà Nội", 2),
        ]
        for n, (kind, mode, school, place, k) in enumerate(sent):
            label = ClassKind(kind).label
            index = add(_class(province, kind, f"{label} {year} ({Mode(mode).label.lower()})", date(year, 8, 20), 240,
                               mode=mode, outside=True, organizer=school, place=place))  # fmt: skip
            if index is not None:
                decision = (f"{700 + n}-QĐ/TU", date(year, 8, 1), f"Ban Thường vụ Tỉnh ủy {short}")
                enrol(index, people, k, decision=decision)
        for district in districts:
            start = date(year, 4, 2)
            if district.dissolved_on and district.dissolved_on <= start + timedelta(days=120):
                continue
            people = _members(district, start)
            d_centre = f"Trung tâm Chính trị {district.name.removeprefix('Đảng bộ ')}"
            own = [(ClassKind.THEORY_ELEMENTARY, f"Lớp sơ cấp lý luận chính trị {year}", 40, 25)]
            own.append((ClassKind.CADRE_SOURCE, f"Lớp tạo nguồn cán bộ {year}", 20, 12) if year % 2
                       else (ClassKind.OTHER, f"Lớp cập nhật kiến thức {year}", 5, 20))  # fmt: skip
            for kind, name, days, k in own:
                index = add(_class(district, kind, name, start, days, organizer=d_centre, place=d_centre))
                if index is not None:
                    enrol(index, people, k)
            index = add(_class(district, ClassKind.THEORY_INTERMEDIATE, f"Trung cấp lý luận chính trị {year} (cử đi học)",
                               date(year, 3, 15), 100, outside=True, organizer=SCHOOL, place=short))  # fmt: skip
            if index is not None:
                decision = (f"{rng.randint(20, 300)}-QĐ/HU", date(year, 3, 1), f"Ban Thường vụ {district.name[8:]}")
                enrol(index, people, 4, decision=decision)
    # One person once per class (the samples are without replacement; cadres are not members).
    member_ids = sorted({s.member_id for _i, s in plan.students if s.member_id})
    plan.units = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "organization_id"))
    importer._plan_grants(plan)
    importer.write_classes(plan, actor=actor)
    passed = sum(1 for _i, s in plan.students if s.result == Result.PASSED)
    return {"classes": len(plan.classes), "students": len(plan.students), "passed": passed,
            "qualifications": len(plan.grants)}  # fmt: skip
