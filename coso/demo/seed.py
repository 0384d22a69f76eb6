"""Writing the demo province: the tree through the organization services, members in bulk.

Organizations and residential units go through `organization_establish` and
`residential_unit_create` (validated against the kind rules in force on each date); members go
through `coso.members.bulk` in batches (histories replayed by the same `derive_spells` as a form);
the 2025 reorganization goes through `organization_establish/merge/move/dissolve`, which move
sub-units and residential units and write REORGANIZED facts for any member held directly.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from random import Random

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext, gettext_lazy

from coso.accounts.models import Role, RoleAssignment
from coso.common.text import format_count
from coso.demo.people import People, PersonSpec
from coso.demo.plan import PAST, PROVINCE_CODE, PROVINCE_NAME, Plan, build_plan
from coso.members.bulk import NewMember, bulk_register
from coso.members.choices import MemberStatus
from coso.members.models import Ethnicity, Member, MemberEvent, Religion
from coso.organizations.models import Organization, OrganizationType, ResidentialUnit
from coso.organizations.queries import in_subtree
from coso.organizations.services import (
    Decision,
    organization_dissolve,
    organization_establish,
    organization_merge,
    organization_move,
    residential_unit_create,
)

DEFAULT_PASSWORD = "SonLam@2026"  # noqa: S105 - the published demo password, printed at the end
BATCH = 5000


@dataclass
class SeedResult:
    plan: Plan
    province: Organization
    district: Organization
    merged: list[Organization]
    users: list[tuple[str, str]]  # (username, what the account is)
    seconds: float


def seed_province(
    *, members: int, seed: int, password: str = DEFAULT_PASSWORD, today: date, log: Callable[[str], None] = print
) -> SeedResult:
    """Write the whole demo province in one transaction (all or nothing)."""
    started = time.monotonic()
    plan = build_plan(members, seed)

    def say(message: str) -> None:
        log(f"[{time.monotonic() - started:7.1f}s] {message}")

    with transaction.atomic():
        org_ids, orgs, unit_ids = _write_tree(plan, say)
        _write_members(plan, seed, today, org_ids, unit_ids, say)
        merged = _reorganize(plan, orgs, say)
        users = _write_users(plan, orgs, merged, password, today)
        _seed_processes(orgs[PROVINCE_CODE], seed, today, say, members=plan.members)
        users += _write_cell_users(merged[0], password, today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(gettext("done"))
    return SeedResult(
        plan=plan,
        province=orgs[PROVINCE_CODE],
        district=orgs[plan.reorg.district],
        merged=merged,
        users=users,
        seconds=time.monotonic() - started,
    )


#: Above this many members (the benchmarks' provinces) the demo holds no evaluation campaigns:
#: deciding three years of ratings record by record through the services would take most of an
#: hour, and bench/evaluation.py opens and decides its own campaign.
EVALUATION_DEMO_MAX_MEMBERS = 20_000


def _seed_processes(province: Organization, seed: int, today: date, say, *, members: int = 0) -> None:
    """The yearly processes on top of the register: admission pipeline, targets, badges, meetings, ratings."""
    from coso.admission.demo import seed_admission_demo
    from coso.badges.demo import seed_badges_demo
    from coso.evaluation.demo import seed_evaluation_demo
    from coso.meetings.demo import seed_meetings_demo
    from coso.targets.demo import seed_targets_demo
    from coso.transfers.demo import seed_transfers_demo

    rng = Random(seed)  # noqa: S311 - demo data, not security
    candidates = seed_admission_demo(province=province, rng=rng, actor=None, today=today)
    say(gettext("admission pipeline: %(count)s candidates") % {"count": format_count(len(candidates))})
    for year in (today.year - 1, today.year):
        seed_targets_demo(province=province, year=year, rng=rng, actor=None)
    say(gettext("admission targets set"))
    badges = seed_badges_demo(province=province, rng=rng, actor=None)
    say(gettext("party badges: %(counts)s") % {"counts": _counts(badges)})
    papers = seed_transfers_demo(province=province, rng=rng, actor=None, today=today)
    say(gettext("transfer papers: %(count)s") % {"count": format_count(len(papers))})
    for year in (today.year - 1, today.year):
        meetings = seed_meetings_demo(province=province, year=year, rng=rng, actor=None, today=today)
        say(gettext("cell meetings %(year)s: %(counts)s") % {"year": year, "counts": _counts(meetings)})
    from coso.cadres.demo import seed_cadres_demo, seed_planning_demo
    from coso.training.demo import seed_training_demo

    posts = seed_cadres_demo(province=province, rng=rng, actor=None, today=today)
    say(gettext("cadre work: %(counts)s") % {"counts": _counts(posts)})
    plans = seed_planning_demo(province=province, rng=rng, actor=None, today=today)
    say(gettext("planning and supervision: %(counts)s") % {"counts": _counts(plans)})
    classes = seed_training_demo(province=province, rng=rng, actor=None, today=today)
    say(gettext("training 2021–2025: %(counts)s") % {"counts": _counts(classes)})
    if members <= EVALUATION_DEMO_MAX_MEMBERS:
        ratings = seed_evaluation_demo(province=province, rng=rng, today=today)
        say(gettext("quality evaluation: %(counts)s") % {"counts": _counts(ratings)})


def _write_tree(plan: Plan, say) -> tuple[dict[str, int], dict[str, Organization], dict[str, int]]:
    """Organizations in plan order (parents first); a commune's residential units right after it."""
    types = {t.code: t for t in OrganizationType.objects.all()}
    specs = plan.by_code()
    units_of: dict[str, list] = {}
    for unit in plan.units:
        units_of.setdefault(unit.commune, []).append(unit)
    orgs: dict[str, Organization] = {}
    units: dict[str, ResidentialUnit] = {}
    numbers: dict[str, int] = {}
    for i, spec in enumerate(plan.orgs, 1):
        parent = orgs[spec.parent] if spec.parent else None
        if parent is None:
            decision = Decision(number="01-QĐ/TW", signed_on=spec.established, issuer="Ban Bí thư Trung ương Đảng")
        else:
            # Upper and grassroots committees are established by the province; the rest by the level above.
            issuer = (
                specs[PROVINCE_CODE].issuer
                if spec.kind in ("upper", "grassroots_committee", "grassroots_cell")
                else None
            )
            issuer = issuer or specs[spec.parent].issuer or specs[specs[spec.parent].parent].issuer
            numbers[issuer.name] = numbers.get(issuer.name, 0) + 1
            decision = Decision(
                number=f"{numbers[issuer.name]}-QĐ/{issuer.suffix}", signed_on=spec.established, issuer=issuer.name
            )
        orgs[spec.code] = organization_establish(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            org_type=types[spec.type_code],
            parent=parent,
            on=spec.established,
            residential_unit=units[spec.unit] if spec.unit else None,
            decision=decision,
            actor=None,
        )
        for unit in units_of.get(spec.code, ()):
            units[unit.code] = residential_unit_create(
                commune=orgs[spec.code], code=unit.code, name=unit.name, unit_kind=unit.unit_kind, actor=None
            )
        if i % 2000 == 0:
            _analyze("organizations_organization", "organizations_orgversion", "organizations_residentialunit")
            say(
                gettext("organizations: %(done)s/%(total)s")
                % {"done": format_count(i), "total": format_count(len(plan.orgs))}
            )
    say(
        gettext("organizations: %(orgs)s, residential units: %(units)s")
        % {"orgs": format_count(len(plan.orgs)), "units": format_count(len(units))}
    )
    return {code: org.pk for code, org in orgs.items()}, orgs, {code: u.pk for code, u in units.items()}


def _write_members(plan: Plan, seed: int, today: date, org_ids, unit_ids, say) -> None:
    people = People(plan, seed, today)
    ethnicities = dict(Ethnicity.objects.values_list("name", "pk"))
    religions = dict(Religion.objects.values_list("code", "pk"))
    batch: list[NewMember] = []
    index = written = 0
    for cell in plan.cells:
        for person in people.for_cell(cell, index):
            batch.append(_new_member(person, org_ids, unit_ids, ethnicities, religions))
        index += cell.members
        if len(batch) >= BATCH:
            bulk_register(batch, actor=None, service="seed_demo", audit=False, batch_size=2000)
            written += len(batch)
            batch = []
            say(
                gettext("members: %(done)s/%(total)s")
                % {"done": format_count(written), "total": format_count(plan.members)}
            )
    if batch:
        bulk_register(batch, actor=None, service="seed_demo", audit=False, batch_size=2000)
        written += len(batch)
    _analyze("members_member", "members_memberevent", "members_membershipspell", "organizations_orgversion")
    say(gettext("members: %(done)s/%(total)s") % {"done": format_count(written), "total": format_count(plan.members)})


def _analyze(*tables: str) -> None:
    """Refresh PostgreSQL's statistics inside the load's transaction.

    Autovacuum cannot see rows this transaction has not committed, so without it the planner
    believes the tables are empty and turns every indexed lookup into a sequential scan.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _new_member(person: PersonSpec, org_ids, unit_ids, ethnicities, religions) -> NewMember:
    member = Member(
        full_name=person.full_name,
        gender=person.gender,
        date_of_birth=person.date_of_birth,
        ethnicity_id=ethnicities[person.ethnicity],
        religion_id=religions[person.religion],
        citizen_id=person.citizen_id,
        residential_unit_id=unit_ids[person.unit] if person.unit else None,
        **person.profile,
    )
    events = [
        MemberEvent(
            kind=f.kind,
            on=f.on,
            organization_id=org_ids[f.org] if f.org else None,
            entry_status=f.entry_status,
            discipline_form=f.discipline_form,
            external_place=f.external_place,
            decision_number=f.number,
            decision_date=f.signed_on,
            decision_issuer=f.issuer,
            note=f.note,
            removal_ground=f.removal_ground,
            badge_years=f.badge_years,
        )
        for f in person.facts
    ]
    return NewMember(member=member, events=events)


def _reorganize(plan: Plan, orgs: dict[str, Organization], say) -> list[Organization]:
    """1/7/2025: communes merged two by two under the province, district units moved, the district dissolved."""
    reorg = plan.reorg
    province = orgs[PROVINCE_CODE]
    district = orgs[reorg.district]
    commune_type = OrganizationType.objects.get(code="commune")
    decision = Decision(number="1656-NQ/UBTVQH15", signed_on=date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
    merged = []
    for i, merge in enumerate(reorg.merges, 1):
        target = organization_establish(
            code=merge.code,
            name=merge.name,
            kind="grassroots_committee",
            org_type=commune_type,
            parent=province,
            on=reorg.on,
            decision=Decision(
                number=f"{300 + i}-QĐ/TU", signed_on=date(2025, 6, 30), issuer=f"Ban Thường vụ Tỉnh ủy {PROVINCE_NAME}"
            ),
            note="Thành lập Đảng bộ xã mới trên cơ sở hợp nhất hai đảng bộ xã (sắp xếp đơn vị hành chính 2025).",
            actor=None,
        )
        organization_merge(
            sources=[orgs[code] for code in merge.sources],
            target=target,
            on=reorg.on,
            decision=decision,
            note="Sắp xếp đơn vị hành chính cấp xã, không tổ chức cấp huyện.",
            actor=None,
        )
        target.refresh_from_db()
        orgs[merge.code] = target
        merged.append(target)
    for code, parent_code in reorg.moves:
        organization_move(
            organization=orgs[code],
            new_parent=orgs[parent_code],
            on=reorg.on,
            decision=Decision(
                number="320-QĐ/TU", signed_on=date(2025, 6, 30), issuer=f"Ban Thường vụ Tỉnh ủy {PROVINCE_NAME}"
            ),
            actor=None,
        )
    district.refresh_from_db()
    organization_dissolve(
        organization=district,
        on=reorg.on,
        decision=Decision(
            number="321-QĐ/TU", signed_on=date(2025, 6, 30), issuer=f"Ban Thường vụ Tỉnh ủy {PROVINCE_NAME}"
        ),
        note="Kết thúc hoạt động của đảng bộ cấp huyện từ 01/7/2025.",
        actor=None,
    )
    say(
        gettext("reorganization of 1/7/2025: %(count)s new communes, %(district)s dissolved")
        % {"count": format_count(len(merged)), "district": district.name}
    )
    return merged


#: The keys of the counts the apps' demo loaders return, as the loader prints them.
COUNT_LABELS = {
    "awarded": gettext_lazy("awarded"),
    "gravely_ill": gettext_lazy("gravely ill"),
    "meetings": gettext_lazy("meetings"),
    "attendance": gettext_lazy("attendance marks"),
    "visits": gettext_lazy("visits by higher levels"),
    "cadres": gettext_lazy("cadres"),
    "posts": gettext_lazy("posts held"),
    "rotations": gettext_lazy("rotations"),
    "planned": gettext_lazy("planned"),
    "removed": gettext_lazy("removed from planning"),
    "assignments": gettext_lazy("supervision assignments"),
    "assigned_visits": gettext_lazy("visits by the assigned members"),
    "classes": gettext_lazy("classes"),
    "students": gettext_lazy("students"),
    "passed": gettext_lazy("passed with a certificate"),
    "qualifications": gettext_lazy("qualifications given"),
}


def _counts(counts) -> str:
    """{'awarded': 1234} → 'awarded: 1.234' (a count printed with the Vietnamese separator)."""
    if not isinstance(counts, dict):
        return format_count(counts) if isinstance(counts, int) else str(counts)
    return ", ".join(f"{COUNT_LABELS.get(key, key)}: {_counts(value)}" for key, value in counts.items())


def _write_users(plan: Plan, orgs, merged: list[Organization], password: str, today: date) -> list[tuple[str, str]]:
    """Demo accounts: the provincial board, a commune secretary and a member of one of its cells."""
    commune = merged[0]
    member = (
        Member.objects.filter(
            in_subtree(commune, today),
            status=MemberStatus.OFFICIAL,
            organization__kind__in=("cell", "grassroots_cell"),
        )
        .order_by("id")
        .first()
    )
    accounts = [
        ("bantochuc", "Tỉnh ủy", "Ban Tổ chức", Role.BOARD, orgs[PROVINCE_CODE], None),
        ("bithu", commune.name.removeprefix("Đảng bộ "), "Bí thư", Role.SECRETARY, commune, None),
        (
            "dangvien",
            member.full_name.rsplit(" ", 1)[-1],
            member.full_name.rsplit(" ", 1)[0],
            Role.MEMBER,
            None,
            member,
        ),
    ]
    return _create_accounts(accounts, password)


def _write_cell_users(commune: Organization, password: str, today: date) -> list[tuple[str, str]]:
    """A cell secretary and an observer of the commune, once the meetings exist: the secretary's
    cell is the commune's cell with the most meetings, so that logging in lands on a
    real meeting (`reports.views.home` sends a cell secretary to `meetings:next`)."""
    from coso.meetings.models import Meeting

    cell_id = (
        Meeting.objects.filter(in_subtree(commune, today, field="cell"))
        .values("cell_id")
        .annotate(n=Count("id"))
        .order_by("-n", "cell_id")
        .values_list("cell_id", flat=True)
        .first()
    )
    cell = Organization.objects.get(pk=cell_id)
    accounts = [
        ("bithuchibo", cell.name.removeprefix("Chi bộ "), "Bí thư", Role.SECRETARY, cell, None),
        ("quansat", commune.name.removeprefix("Đảng bộ "), "Quan sát", Role.OBSERVER, commune, None),
    ]
    return _create_accounts(accounts, password)


def _create_accounts(accounts, password: str) -> list[tuple[str, str]]:
    user_model = get_user_model()
    out = []
    for username, first, last, role, org, rec in accounts:
        user = user_model(username=username, first_name=first, last_name=last)
        validate_password(password, user)
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(user=user, role=role, organization=org, member=rec)
        where = org.name if org else f"{rec.full_name} ({rec.organization.name})"
        out.append((username, f"{role.label} — {where}"))
    return out


def past_and_present(result: SeedResult, today: date) -> list[tuple[str, int, int]]:
    """(name, members on 31/12/2024, members today) for the province, the district and the new communes."""
    from coso.members.queries import members_on

    rows = [(result.province.name, result.province), (result.district.name, result.district)]
    rows += [(m.name, m) for m in result.merged]
    return [(name, members_on(org, PAST).count(), members_on(org, today).count()) for name, org in rows]
