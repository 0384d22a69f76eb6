from datetime import date
from random import Random

import pytest

from coso.badges.demo import seed_badges_demo
from coso.badges.models import GravelyIllFlag
from coso.members.choices import EventKind
from coso.members.models import MemberEvent
from coso.targets.demo import seed_targets_demo
from coso.targets.models import AdmissionTarget
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def test_seed_demos(world):
    # Admitted long ago in the world's cell (established 2000): due 30 years later is far off, so
    # back-date nothing and check the seeds run and write what they say.
    make_member(org=world.cell, date_of_birth=date(1975, 6, 1), admitted_on=date(2000, 2, 1))
    assert seed_targets_demo(province=world.province, year=2024, rng=Random(1), actor=None) == 2
    assert set(AdmissionTarget.objects.values_list("organization__code", flat=True)) == {"C01", "C02"}
    counts = seed_badges_demo(province=world.province, rng=Random(1), actor=None)
    assert counts["awarded"] == MemberEvent.objects.filter(kind=EventKind.BADGE_AWARDED).count()
    assert counts["gravely_ill"] == GravelyIllFlag.objects.count()
