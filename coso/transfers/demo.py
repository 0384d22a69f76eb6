"""Demo referrals of party activity: a few papers in each status, written through the services.

Dates are relative to today so the worklist has papers due soon and overdue: in transit within the
system and out of it, overdue (marked), presented on time and late (a gap of party activity),
temporary activity under way and ended, cancelled, and arrivals from outside (an official transfer
in that registers a new member, a temporary guest, a paper not yet presented).
"""

from datetime import date, timedelta
from random import Random

from django.core.exceptions import ValidationError
from django.db import transaction

from coso.common.dates import today as _today
from coso.demo.names import person_name
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Ethnicity, Member, MembershipSpell, Religion
from coso.organizations.models import CELL_KINDS, Organization
from coso.organizations.queries import in_subtree
from coso.transfers import services
from coso.transfers.models import Direction, TransferKind, TransferPaper

OUTSIDE = [
    "Đảng bộ phường Bến Nghé, TP Hồ Chí Minh",
    "Đảng bộ Quân sự tỉnh",
    "Đảng ủy Trường Đại học Sư phạm Hà Nội",
    "Đảng bộ xã Tân Lập, tỉnh Lâm Đồng",
    "Đảng bộ Công an tỉnh",
]

# (label, kind, direction, days before today of issue, of presentation or None, end or cancel)
PLAN = [
    ("in_transit", TransferKind.OFFICIAL, Direction.WITHIN, 6, None, None),
    ("in_transit_out", TransferKind.OFFICIAL, Direction.OUT, 9, None, None),
    ("overdue", TransferKind.OFFICIAL, Direction.WITHIN, 75, None, None),
    ("overdue_out", TransferKind.OFFICIAL, Direction.OUT, 90, None, None),
    ("presented", TransferKind.OFFICIAL, Direction.WITHIN, 60, 52, None),
    ("presented_late", TransferKind.OFFICIAL, Direction.WITHIN, 130, 40, None),
    ("presented_out", TransferKind.OFFICIAL, Direction.OUT, 45, 30, None),
    ("temporary", TransferKind.TEMPORARY, Direction.WITHIN, 40, 37, None),
    ("temporary_ended", TransferKind.TEMPORARY, Direction.WITHIN, 300, 296, 100),
    ("temporary_out", TransferKind.TEMPORARY, Direction.OUT, 20, 15, None),
    ("cancelled", TransferKind.OFFICIAL, Direction.WITHIN, 35, None, 25),
]


def _candidates(province: Organization, since: date, rng: Random) -> list[Member]:
    """Active members of the province in their current home spell since before `since`, not attached."""
    attached = MembershipSpell.objects.filter(attached=True, valid_to__isnull=True).values("member_id")
    busy = TransferPaper.objects.filter(member__isnull=False).values("member_id")
    spells = (
        MembershipSpell.objects.filter(
            in_subtree(province, since),
            attached=False,
            valid_to__isnull=True,
            valid_from__lt=since,
            organization__kind__in=CELL_KINDS,
            organization__dissolved_on__isnull=True,
            member__status__in=ACTIVE_STATUSES,
        )
        .exclude(member_id__in=attached)
        .exclude(member_id__in=busy)
        .select_related("member", "organization")
        .order_by("member_id")[:400]
    )
    members = [s.member for s in spells]
    rng.shuffle(members)
    return members


def _cells(province: Organization, since: date) -> list[Organization]:
    return list(
        Organization.objects.filter(
            in_subtree(province, since, field="pk"),
            kind__in=CELL_KINDS,
            dissolved_on__isnull=True,
            established_on__lt=since,
        ).order_by("path")[:400]
    )


def _issuer(cell: Organization) -> str:
    """The committee above the grassroots issues referrals out of its subtree (QĐ 24 point 6.3.1)."""
    committee = cell.parent.parent if cell.parent and cell.parent.parent else cell.parent
    return committee.name if committee else cell.name


def seed_transfers_demo(
    *, province: Organization, rng: Random, actor, today: date | None = None
) -> list[TransferPaper]:
    """Write about 14 demo papers in the cells of `province`; returns them. Skips what the data cannot hold."""
    today = today or _today()
    earliest = today - timedelta(days=400)
    members = _candidates(province, earliest, rng)
    cells = _cells(province, earliest)
    if len(cells) < 2 or not members:
        return []
    papers: list[TransferPaper] = []
    counter = 0
    for label, kind, direction, issued_days, presented_days, closing_days in PLAN:
        if not members:
            break
        member = members.pop()
        counter += 1
        issued_on = today - timedelta(days=issued_days)
        home = member.organization
        host = next(c for c in rng.sample(cells, k=min(len(cells), 5)) + cells if c.pk != home.pk)
        kwargs = {}
        if kind == TransferKind.TEMPORARY:
            kwargs = {"period_from": issued_on, "period_until": issued_on + timedelta(days=rng.choice([120, 180, 270]))}
            if closing_days is None and presented_days is not None:
                kwargs["period_until"] = today + timedelta(days=rng.choice([60, 120, 180]))
        try:
            with transaction.atomic():  # a paper and its steps stand or fall together
                paper = _one(
                    label=label,
                    member=member,
                    kind=kind,
                    direction=direction,
                    issued_on=issued_on,
                    number=f"{counter:02d}-GT/{issued_on:%Y}",
                    host=host,
                    place=rng.choice(OUTSIDE),
                    presented_on=today - timedelta(days=presented_days) if presented_days is not None else None,
                    closing_on=today - timedelta(days=closing_days) if closing_days is not None else None,
                    actor=actor,
                    **kwargs,
                )
        except ValidationError:
            continue  # a history the demo cannot extend (e.g. a fact dated after the paper): skip it
        papers.append(paper)
    services.transfers_mark_overdue(
        on=today, actor=actor, papers=TransferPaper.objects.filter(pk__in=[p.pk for p in papers])
    )
    papers += _arrivals(cells=cells, rng=rng, today=today, actor=actor)
    for paper in papers:
        paper.refresh_from_db()
    return papers


def _one(*, label, member, kind, direction, issued_on, number, host, place, presented_on, closing_on, actor, **period):
    paper = services.transfer_issue(
        member=member,
        kind=kind,
        direction=direction,
        issued_on=issued_on,
        issuer=_issuer(member.organization),
        number=number,
        to_organization=host if direction == Direction.WITHIN else None,
        to_place=place if direction == Direction.OUT else "",
        actor=actor,
        **period,
    )
    if presented_on is not None:
        paper = services.transfer_present(
            paper=paper, presented_on=presented_on, received_by="Văn phòng cấp ủy", actor=actor
        )
    if label == "temporary_ended":
        paper = services.transfer_end_temporary(paper=paper, ended_on=closing_on, actor=actor)
    if label == "cancelled":
        paper = services.transfer_cancel(
            paper=paper, cancelled_on=closing_on, reason="Đảng viên không chuyển công tác nữa", actor=actor
        )
    return paper


def _arrivals(*, cells: list[Organization], rng: Random, today: date, actor) -> list[TransferPaper]:
    """Papers from outside: an official arrival registered, one not yet presented, a temporary guest."""
    kinh = Ethnicity.objects.get(code="01")
    no_religion = Religion.objects.get(code="none")
    out = []
    for index, (kind, issued_days, presented_days, status) in enumerate(
        [
            (TransferKind.OFFICIAL, 25, 18, "official"),
            (TransferKind.OFFICIAL, 7, None, "probationary"),
            (TransferKind.TEMPORARY, 30, 26, ""),
        ]
    ):
        gender = rng.choice(["male", "female"])
        born = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        cell = cells[(index * 11 + rng.randint(0, 10)) % len(cells)]
        issued_on = today - timedelta(days=issued_days)
        period = {}
        if kind == TransferKind.TEMPORARY:
            period = {"period_from": issued_on, "period_until": today + timedelta(days=150)}
        try:
            with transaction.atomic():
                paper = services.transfer_record_incoming(
                    kind=kind,
                    to_organization=cell,
                    from_place=rng.choice(OUTSIDE),
                    issued_on=issued_on,
                    issuer="Ban Tổ chức Tỉnh ủy",
                    number=f"{40 + index}-GT/BTCTU",
                    person={
                        "name": person_name(rng, gender=gender, ethnicity="01", birth_year=born.year),
                        "gender": gender,
                        "date_of_birth": born,
                        "citizen_id": "",
                        "ethnicity": kinh,
                        "religion": no_religion,
                        "education": "12/12",
                    },
                    entry_status=status,
                    presented_on=today - timedelta(days=presented_days) if presented_days else None,
                    received_by="Văn phòng cấp ủy" if presented_days else "",
                    actor=actor,
                    **period,
                )
        except ValidationError:
            continue
        out.append(paper)
    return out
