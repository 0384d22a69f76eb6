"""The cadre work figures asserted to the digit on a small hand-built dataset (issue 10)."""

from datetime import date

import pytest

from coso.cadres import services
from coso.cadres.models import HowHeld, PostKind
from coso.meetings import services as meeting_services
from coso.reports.catalogue import Reading

pytestmark = pytest.mark.django_db

S, CM = PostKind.SECRETARY, PostKind.COMMITTEE_MEMBER


@pytest.fixture
def data(world):
    c = world.commune
    an = services.cadre_create(full_name="Lê Văn An", organization=c, actor=None)
    binh = services.cadre_create(full_name="Phạm Văn Bình", organization=c, actor=None)
    chi = services.cadre_create(full_name="Đỗ Thị Chi", organization=world.cell, actor=None)
    post = services.post_assign
    post(cadre=an, organization=c, kind=S, valid_from=date(2020, 10, 1), valid_to=date(2025, 10, 1), actor=None)
    post(cadre=an, organization=c, kind=CM, valid_from=date(2020, 10, 1), actor=None)
    post(cadre=binh, organization=c, kind=CM, valid_from=date(2020, 10, 1), actor=None)
    post(cadre=binh, organization=c, kind=PostKind.PEOPLES_COMMITTEE_CHAIR, valid_from=date(2025, 2, 1),
         valid_to=date(2025, 6, 1), how=HowHeld.APPOINTED, actor=None)  # fmt: skip
    post(cadre=chi, organization=world.cell, kind=S, valid_from=date(2025, 3, 1), how=HowHeld.APPOINTED, actor=None)
    plan = services.planning_add
    plan(cadre=an, organization=c, kind=S, term="2025-2030", added_on=date(2024, 6, 1), actor=None)
    removed = plan(cadre=chi, organization=c, kind=PostKind.DEPUTY_SECRETARY, term="2025-2030",
                   added_on=date(2025, 1, 10), actor=None)  # fmt: skip
    services.planning_remove(entry=removed, removed_on=date(2025, 3, 1), actor=None)
    plan(cadre=binh, organization=c, kind=S, term="2030-2035", added_on=date(2024, 6, 1), actor=None)
    for cadre, since in ((binh, date(2024, 1, 1)), (an, date(2025, 1, 1))):
        services.supervision_assign(cadre=cadre, committee=c, supervised=world.cell, valid_from=since, actor=None)
    for cadre, on in ((binh, date(2025, 2, 10)), (binh, date(2025, 5, 10)), (an, date(2025, 2, 20))):
        meeting_services.visit_record(cell=world.cell, on=on, visitor_name="", committee=c, cadre=cadre, actor=None)
    return world


def test_posts_held_on_a_date(data):
    r = Reading(data.district, on=date(2025, 4, 1))
    assert (r.value("cadres-posts"), r.value("cadres-posts", kind=S), r.value("cadres-posts", kind=CM)) == (5, 2, 2)
    assert Reading(data.district, on=date(2025, 10, 1)).value("cadres-posts") == 3  # chair and secretary ended
    assert Reading(data.other_district, on=date(2025, 4, 1)).value("cadres-posts") == 0
    assert Reading(data.cell, on=date(2025, 4, 1)).value("cadres-posts") == 1


def test_posts_without_a_holder(data):
    def vacant(on, **params):
        return [(v.name, v.kind) for v in Reading(data.district, on=on).records("cadres-vacant", **params)]

    # The district has no secretary recorded; the chair's post is vacant once it ended.
    assert vacant(date(2025, 4, 1)) == [(data.district.name, "secretary")]
    assert vacant(date(2025, 7, 1)) == [
        (data.district.name, "secretary"),
        (data.commune.name, "peoples_committee_chair"),
    ]
    assert len(vacant(date(2025, 10, 1))) == 3 and len(vacant(date(2025, 10, 1), kind="secretary")) == 2
    # Before the cell's secretary took office, the cell's post was vacant; the chair's was not yet a post.
    assert len(vacant(date(2025, 1, 15))) == 2


def test_posts_taken_up_in_a_period(data):
    half = Reading(data.district, on=date(2025, 6, 30), start=date(2025, 1, 1))
    assert (half.value("cadres-appointed"), half.value("cadres-appointed", how="appointed")) == (2, 2)
    assert half.value("cadres-appointed", how="elected") == 0
    congress = Reading(data.district, on=date(2020, 12, 31), start=date(2020, 1, 1))
    assert congress.value("cadres-appointed", how="elected") == 3
    assert congress.value("cadres-appointed", how="elected", kind=S) == 1


def test_the_planning_lists_on_a_date(data):
    april = Reading(data.district, on=date(2025, 4, 1))
    assert (april.value("cadres-planned"), april.value("cadres-planned", term="2025-2030")) == (2, 1)
    assert april.value("cadres-planned", kind=S, term="2030-2035") == 1
    assert Reading(data.district, on=date(2025, 2, 1)).value("cadres-planned") == 3
    assert Reading(data.district, on=date(2024, 5, 31)).value("cadres-planned") == 0


def test_supervision_and_visits_every_quarter(data):
    half = Reading(data.district, on=date(2025, 6, 30), start=date(2025, 1, 1))
    assert half.value("cadres-supervision") == 2
    assert [a.cadre.full_name for a in half.records("cadres-supervision-visited")] == ["Phạm Văn Bình"]
    assert half.percent("cadres-supervision-visited") == "50,0%"
    first = Reading(data.district, on=date(2025, 3, 31), start=date(2025, 1, 1))
    assert (first.value("cadres-supervision"), first.value("cadres-supervision-visited")) == (2, 2)
    year = Reading(data.district, on=date(2025, 12, 31), start=date(2025, 1, 1))
    assert year.value("cadres-supervision-visited") == 0
    # Before An's assignment started, only Bình's was in force.
    assert Reading(data.district, on=date(2024, 12, 31), start=date(2024, 10, 1)).value("cadres-supervision") == 1
