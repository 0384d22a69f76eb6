from random import Random

import pytest

from coso.admission.demo import seed_admission_demo
from coso.admission.models import Stage
from coso.admission.queries import WorkKind, worklist
from coso.admission.tests.factories import make_official_member
from coso.common.dates import today

pytestmark = pytest.mark.django_db


def test_demo_has_candidates_at_every_stage_and_a_busy_worklist(world):
    make_official_member(org=world.cell)
    candidates = seed_admission_demo(province=world.province, rng=Random(7), actor=None)
    assert {c.stage for c in candidates} == set(Stage.values)
    recognized = [c for c in candidates if c.stage == Stage.RECOGNIZED]
    assert all(c.member.official_on == c.probation_ends_on for c in recognized)
    items = worklist(world.board_user, on=today())
    kinds = {i.kind for i in items}
    assert {WorkKind.DECISION, WorkKind.CEREMONY, WorkKind.RECOGNITION_VOTE, WorkKind.CERTIFICATE} <= kinds
    assert any(i.overdue for i in items) and any(not i.overdue for i in items)


def test_demo_without_official_members_writes_nothing(world):
    assert seed_admission_demo(province=world.province, rng=Random(7), actor=None) == []
