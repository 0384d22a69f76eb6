"""The demo referrals: papers in every status, written through the services."""

from datetime import date
from random import Random

import pytest

from coso.members.models import Member
from coso.testing.factories import make_member
from coso.transfers import queries
from coso.transfers.demo import seed_transfers_demo
from coso.transfers.models import Direction, PaperStatus

pytestmark = pytest.mark.django_db


def test_demo_has_papers_in_every_status(world, second_cell):
    for i in range(14):
        make_member(org=[world.cell, second_cell, world.other_cell][i % 3], full_name=f"Đảng Viên Mẫu {i}")
    members_before = Member.objects.count()
    papers = seed_transfers_demo(province=world.province, rng=Random(7), actor=None, today=date(2025, 11, 20))
    statuses = {p.status for p in papers}
    assert statuses == {
        PaperStatus.ISSUED,
        PaperStatus.OVERDUE,
        PaperStatus.PRESENTED,
        PaperStatus.ENDED,
        PaperStatus.CANCELLED,
    }
    assert {p.direction for p in papers} == set(Direction.values)
    assert Member.objects.count() == members_before + 1  # the official arrival presented
    late = [p for p in papers if p.presented_on and p.presented_on > p.present_by]
    assert late and queries.transfer_gaps([p.member_id for p in late])
    assert any(
        queries.attached_at(p.to_organization, date(2025, 11, 20))
        for p in papers
        if p.kind == "temporary" and p.status == PaperStatus.PRESENTED and p.to_organization
    )


def test_demo_on_an_empty_province_writes_nothing(db):
    from coso.organizations.models import OrgKind
    from coso.testing.factories import make_org

    province = make_org(name="Tỉnh trống", kind=OrgKind.PROVINCE, type_code="province")
    assert seed_transfers_demo(province=province, rng=Random(1), actor=None) == []
