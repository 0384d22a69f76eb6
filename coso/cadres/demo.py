"""Demo cadre work: post holders of the demo's committees over two terms, and the rotations of 2025.

- Term 2020-2025 (congresses of July 2020) and term 2025-2030 (July 2025): the secretary, a deputy,
  standing committee members (province and districts) and committee members of the province, of
  each district and of each grassroots committee, drawn from the members under the committee on
  the day; commune government posts held by cadres who are not members (a vice chair of the
  people's committee, the chair of the Fatherland Front committee).
- The 2025 reorganization (`coso.demo.seed._reorganize`): the reorganized district is dissolved on
  1/7/2025 and its communes merged two by two; its secretary, deputies and standing members, and
  the secretaries of the merged communes, are rotated that day to the new communes through
  `services.cadre_rotate` (directions "to a commune" and "between communes").

The posts of the two terms are written as the post holders import writes them (`importer.write_posts`,
audited in bulk), from holders chosen so that no single post is held twice at once; the rotations go
through the service one by one.
"""

from datetime import date
from random import Random

from django.db.models import Q

from coso.cadres import importer, services
from coso.cadres.models import Cadre, HowHeld, PostKind, PostSpell
from coso.demo.names import person_name
from coso.members.models import MembershipSpell
from coso.organizations.models import Organization
from coso.organizations.queries import in_subtree, valid_on

TERM_1, TERM_2 = date(2020, 7, 15), date(2025, 7, 15)
REFORM = date(2025, 7, 1)
KINDS = ("province", "upper", "grassroots_committee")
CELL_LEVEL_KINDS = ("grassroots_cell", "partial_committee", "cell")
#: Posts of a committee: (post, how many); standing members only above the grassroots.
SEATS = {
    "province": ((PostKind.SECRETARY, 1), (PostKind.DEPUTY_SECRETARY, 2), (PostKind.STANDING_MEMBER, 3),
                 (PostKind.COMMITTEE_MEMBER, 4)),
    "upper": ((PostKind.SECRETARY, 1), (PostKind.DEPUTY_SECRETARY, 2), (PostKind.STANDING_MEMBER, 2),
              (PostKind.COMMITTEE_MEMBER, 3)),
    "grassroots_committee": ((PostKind.SECRETARY, 1), (PostKind.DEPUTY_SECRETARY, 1),
                             (PostKind.COMMITTEE_MEMBER, 3)),
}  # fmt: skip


def _members_under(org: Organization, on: date, rng: Random, k: int) -> list[int]:
    ids = list(
        MembershipSpell.objects.filter(in_subtree(org, on), valid_on(on), attached=False)
        .values_list("member_id", flat=True)
        .distinct()
        .order_by("member_id")[:400]
    )
    return rng.sample(ids, min(k, len(ids)))


def seed_cadres_demo(*, province: Organization, rng: Random, actor, today: date) -> dict[str, int]:
    """Write the post holders of two terms and the rotations of 1/7/2025; returns the counts."""
    from coso.members.models import Member

    committees = list(
        Organization.objects.filter(in_subtree(province, TERM_1, field="pk") | Q(pk=province.pk), kind__in=KINDS)
        .select_related("org_type")
        .order_by("path")
    )
    committees += list(
        Organization.objects.filter(kind__in=KINDS, established_on=REFORM, path__startswith=province.path)
        .select_related("org_type")
        .order_by("path")
    )
    committees = list({o.pk: o for o in committees}.values())
    plan = importer.Plan(kind="posts")
    cadres: dict[int, Cadre] = {}  # member id -> cadre
    names = dict(Member.objects.values_list("pk", "full_name"))
    to_rotate: list[tuple[PostSpell, str]] = []  # open term-1 posts of the dissolved boards, and their level
    new_communes = [o for o in committees if o.established_on == REFORM]

    def cadre_of(member_id: int, org: Organization) -> Cadre:
        if member_id not in cadres:
            cadres[member_id] = Cadre(member_id=member_id, full_name=names.get(member_id, "?"), organization=org)
            plan.cadres.append(cadres[member_id])
        return cadres[member_id]

    def hold(cadre, org, kind, start, end, term, how=HowHeld.ELECTED):
        election = f"Đại hội {org.name} nhiệm kỳ {term}" if how == HowHeld.ELECTED else ""
        decision = {}
        if how == HowHeld.APPOINTED:
            decision = {"decision_number": f"{rng.randint(10, 400)}-QĐ/UBND", "decision_date": start,
                        "decision_issuer": "Ủy ban nhân dân tỉnh"}  # fmt: skip
        spell = PostSpell(organization=org, kind=kind, term=term, how=how, election=election, valid_from=start,
                          valid_to=end, **decision)  # fmt: skip
        plan.posts.append((cadre, spell))
        return spell

    for org in committees:
        seats = SEATS[org.kind]
        size = sum(n for _k, n in seats)
        ends = org.dissolved_on
        if org.established_on < TERM_1 and (ends is None or ends > TERM_1):
            people = _members_under(org, TERM_1, rng, size)
            reorganized = ends == REFORM
            i = 0
            for kind, n in seats:
                for _ in range(n):
                    if i >= len(people):
                        break
                    cadre = cadre_of(people[i], org)
                    # The dissolved boards' leaders stay in post until the rotation ends it.
                    rotated = reorganized and (
                        kind == PostKind.SECRETARY
                        or (org.kind == "upper" and kind in (PostKind.DEPUTY_SECRETARY, PostKind.STANDING_MEMBER))
                    )
                    end = None if rotated else (ends if ends and ends < TERM_2 else TERM_2)
                    spell = hold(cadre, org, kind, TERM_1, end, "2020-2025")
                    if rotated:
                        to_rotate.append((spell, org.kind))
                    i += 1
        if ends is None or ends > TERM_2:
            people = _members_under(org, TERM_2, rng, size)
            taken = org in new_communes  # the rotations give the new communes their secretaries and deputies
            i = 0
            for kind, n in seats:
                for _ in range(n):
                    if i >= len(people):
                        break
                    if taken and kind in (PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY):
                        kind = PostKind.COMMITTEE_MEMBER
                    member_id = people[i]
                    i += 1
                    cadre = cadre_of(member_id, org)
                    if any(c is cadre and s.valid_to is None for c, s in plan.posts):
                        continue  # already holding an open post (a rotated leader)
                    hold(cadre, org, kind, TERM_2, None, "2025-2030")
        if org.org_type.is_commune_level and (ends is None or ends > TERM_2):
            start = max(org.established_on, TERM_1)
            for kind in (PostKind.PEOPLES_COMMITTEE_VICE, PostKind.FRONT_CHAIR):
                gender = rng.choice(("male", "female"))
                born = rng.randint(1968, 1990)
                cadre = Cadre(full_name=person_name(rng, gender=gender, ethnicity="01", birth_year=born),
                              organization=org, date_of_birth=date(born, rng.randint(1, 12), rng.randint(1, 28)))  # fmt: skip
                plan.cadres.append(cadre)
                how = HowHeld.APPOINTED if kind == PostKind.PEOPLES_COMMITTEE_VICE else HowHeld.ELECTED
                hold(cadre, org, kind, start, None, "2021-2026" if start <= TERM_1 else "2025-2030", how)
    # The secretaries of the cells and partial committees, elected for term 2025-2030 (or when the cell
    # was established later), so no organization page shows a vacant secretary's post.
    cells = Organization.objects.filter(path__startswith=province.path, kind__in=CELL_LEVEL_KINDS)
    for cell in cells.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today)).order_by("path"):
        start = max(cell.established_on, TERM_2)
        if start > today:
            continue
        people = _members_under(cell, start, rng, 1)
        if people:
            hold(cadre_of(people[0], cell), cell, PostKind.SECRETARY, start, None, "2025-2030")
    plan.total_rows = len(plan.posts)
    importer.write_posts(plan, actor=actor)
    rotations = _rotate(to_rotate, new_communes, rng, actor)
    return {"cadres": len(plan.cadres), "posts": len(plan.posts), "rotations": len(rotations)}


def _rotate(to_rotate, new_communes, rng: Random, actor) -> list:
    """1/7/2025: the dissolved district's leaders and the merged communes' secretaries go to the new
    communes — a district's secretary or deputy becomes a new commune's secretary, the rest deputies."""
    if not new_communes:
        return []
    rotations = []
    secretaries = {o.pk: False for o in new_communes}
    deputies = {o.pk: 0 for o in new_communes}
    ordered = sorted(to_rotate, key=lambda item: (item[1] != "upper", item[0].kind != PostKind.SECRETARY))
    for n, (spell, _level) in enumerate(ordered):
        target = new_communes[n % len(new_communes)]
        if not secretaries[target.pk]:
            kind, secretaries[target.pk] = PostKind.SECRETARY, True
        elif deputies[target.pk] < 2:
            kind, deputies[target.pk] = PostKind.DEPUTY_SECRETARY, deputies[target.pk] + 1
        else:
            kind = PostKind.COMMITTEE_MEMBER
        rotations.append(
            services.cadre_rotate(
                cadre=spell.cadre,
                from_post=spell,
                to_organization=target,
                to_kind=kind,
                on=REFORM,
                title=str(PostKind(kind).label),
                decision_number=f"{350 + n}-QĐ/TU",
                decision_date=date(2025, 6, 28),
                decision_issuer="Ban Thường vụ Tỉnh ủy",
                actor=actor,
            )  # fmt: skip
        )
    return rotations


PLANNED_POSTS = (PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY)


def seed_planning_demo(*, province: Organization, rng: Random, actor, today: date) -> dict[str, int]:
    """Planning lists of term 2025-2030, supervision assignments, and the assigned members' visits.

    - Planning (QĐ 50-QĐ/TW 2021): for the secretary and deputy posts of each committee, two or three
      of its committee members approved in October 2025, a yearly addition in March 2026 and one
      removal in June 2026 (each with its decision), so the list as of a date differs across the year.
    - Supervision: each committee member of a grassroots committee (term 2025-2030) follows one of
      its cells from 1/8/2025; each assigned member visits a cell meeting in most quarters since, so
      "visited every quarter" is true of some and not of others.

    Everything goes through the services (`planning_add`, `planning_remove`, `supervision_assign`,
    `coso.meetings.services.visit_record`), one audited write each.
    """
    from coso.meetings.models import HELD_STATUSES, Meeting
    from coso.meetings.services import visit_record

    approved, addition, removal = date(2025, 10, 20), date(2026, 3, 16), date(2026, 6, 22)
    assigned_on = date(2025, 8, 1)
    counts = {"planned": 0, "removed": 0, "assignments": 0, "assigned_visits": 0}
    spells = (
        PostSpell.objects.filter(valid_from=TERM_2, organization__path__startswith=province.path)
        .select_related("cadre", "organization")
        .order_by("organization__path", "kind", "id")
    )
    by_org: dict[int, list[PostSpell]] = {}
    for spell in spells:
        by_org.setdefault(spell.organization_id, []).append(spell)
    for spells_of_org in by_org.values():
        org = spells_of_org[0].organization
        members = [s.cadre for s in spells_of_org if s.kind in (PostKind.COMMITTEE_MEMBER, PostKind.STANDING_MEMBER)]
        members += [s.cadre for s in spells_of_org if s.kind == PostKind.DEPUTY_SECRETARY]
        if len(members) < 2:
            continue
        issuer = f"Ban Thường vụ {org.parent.name}" if org.parent_id else f"Ban Thường vụ {org.name}"
        for kind in PLANNED_POSTS:
            chosen = rng.sample(members, min(len(members), 3 if kind == PostKind.DEPUTY_SECRETARY else 2))
            entries = []
            for cadre in chosen:
                entries.append(
                    services.planning_add(
                        cadre=cadre,
                        organization=org,
                        kind=kind,
                        term="2025-2030",
                        added_on=approved,
                        decision_number=f"{rng.randint(100, 900)}-QĐ/TU",
                        decision_date=approved,
                        decision_issuer=issuer,
                        actor=actor,
                    )  # fmt: skip
                )
                counts["planned"] += 1
            extra = [c for c in members if c not in chosen]
            if extra and today >= addition:
                services.planning_add(
                    cadre=extra[0], organization=org, kind=kind, term="2025-2030", added_on=addition,
                    decision_number=f"{rng.randint(100, 900)}-QĐ/TU", decision_date=addition,
                    decision_issuer=issuer, actor=actor,
                )  # fmt: skip
                counts["planned"] += 1
            if len(entries) > 1 and today >= removal and kind == PostKind.DEPUTY_SECRETARY:
                services.planning_remove(
                    entry=entries[-1], removed_on=removal, removal_decision=f"{rng.randint(100, 900)}-QĐ/TU",
                    reason="Rà soát, bổ sung quy hoạch hằng năm", actor=actor,
                )  # fmt: skip
                counts["removed"] += 1
        if org.kind != "grassroots_committee":
            continue
        cells = list(
            Organization.objects.filter(parent=org, dissolved_on__isnull=True)
            .exclude(kind="party_group")
            .order_by("path")
        )
        committee_members = [s.cadre for s in spells_of_org if s.kind == PostKind.COMMITTEE_MEMBER]
        for cadre, cell in zip(committee_members, cells, strict=False):
            services.supervision_assign(
                cadre=cadre, committee=org, supervised=cell, valid_from=assigned_on,
                decision_number=f"{rng.randint(10, 99)}-QĐ/ĐU", decision_date=assigned_on,
                decision_issuer=f"Đảng ủy {org.name}", actor=actor,
            )  # fmt: skip
            counts["assignments"] += 1
            meetings = Meeting.objects.filter(
                cell=cell, planned_on__gte=assigned_on, planned_on__lte=today, status__in=HELD_STATUSES
            )
            seen_quarters: set[tuple[int, int]] = set()
            for meeting in meetings.order_by("planned_on"):
                quarter = (meeting.planned_on.year, (meeting.planned_on.month - 1) // 3)
                if quarter in seen_quarters or rng.random() < 0.25:
                    continue
                seen_quarters.add(quarter)
                visit_record(
                    cell=cell, on=meeting.planned_on, visitor_name=cadre.full_name, visitor_position="Đảng ủy viên",
                    findings="Chi bộ sinh hoạt đúng nội dung, đảng viên tham gia ý kiến.", meeting=meeting,
                    committee=org, add_guest=False, cadre=cadre, actor=actor,
                )  # fmt: skip
                counts["assigned_visits"] += 1
    return counts
