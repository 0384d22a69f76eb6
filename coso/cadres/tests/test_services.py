"""Posts and rotations: one holder at a time for a single post, a rotation after the previous post
ended, the direction read from the dated tree (before and after the 1/7/2025 reorganization)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.cadres import queries, services
from coso.cadres.models import Direction, PostKind, PostSpell
from coso.organizations.models import OrgKind
from coso.organizations.services import organization_move
from coso.testing.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadres(world):
    return {
        "an": services.cadre_create(full_name="", organization=world.commune, member=world.member, actor=None),
        "binh": services.cadre_create(full_name="Phạm Văn Bình", organization=world.commune, actor=None),
    }


def test_a_single_post_has_one_holder_at_a_time(world, cadres):
    first = services.post_assign(cadre=cadres["an"], organization=world.commune, kind=PostKind.SECRETARY,
                                 valid_from=date(2020, 10, 1), term="2020-2025", actor=None)  # fmt: skip
    assert cadres["an"].full_name == world.member.full_name
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.post_assign(cadre=cadres["binh"], organization=world.commune, kind=PostKind.SECRETARY,
                             valid_from=date(2024, 1, 1), actor=None)  # fmt: skip
    assert "Nguyễn Văn Tuấn" in str(err.value) and AuditEntry.objects.count() == before
    services.post_end(spell=first, on=date(2025, 10, 1), actor=None)
    services.post_assign(cadre=cadres["binh"], organization=world.commune, kind=PostKind.SECRETARY,
                         valid_from=date(2025, 10, 1), term="2025-2030", actor=None)  # fmt: skip
    assert [s.cadre.full_name for s in queries.holders_on(world.commune, date(2025, 9, 30))] == ["Nguyễn Văn Tuấn"]
    assert [s.cadre.full_name for s in queries.holders_on(world.commune, date(2025, 10, 1))] == ["Phạm Văn Bình"]
    # Committee members are many at once.
    for cadre in cadres.values():
        services.post_assign(cadre=cadre, organization=world.commune, kind=PostKind.COMMITTEE_MEMBER,
                             valid_from=date(2020, 10, 1), actor=None)  # fmt: skip
    assert PostSpell.objects.filter(kind=PostKind.COMMITTEE_MEMBER).count() == 2


def test_a_rotation_follows_the_previous_post_and_takes_its_direction_from_the_dated_tree(world, cadres):
    board = make_org(
        name="Chi bộ Ban Tổ chức Huyện ủy", kind=OrgKind.GRASSROOTS_CELL, parent=world.district, type_code="other"
    )
    post = services.post_assign(cadre=cadres["binh"], organization=board, kind=PostKind.BOARD_DEPUTY,
                                valid_from=date(2021, 1, 1), valid_to=date(2025, 3, 1), actor=None)  # fmt: skip
    with pytest.raises(ValidationError, match="01/03/2025"):
        services.cadre_rotate(cadre=cadres["binh"], from_post=post, to_organization=world.commune,
                              to_kind=PostKind.DEPUTY_SECRETARY, on=date(2025, 2, 1), actor=None)  # fmt: skip
    move = services.cadre_rotate(cadre=cadres["binh"], from_post=post, to_organization=world.commune,
                                 to_kind=PostKind.DEPUTY_SECRETARY, on=date(2025, 3, 1),
                                 decision_number="125-QĐ/HU", actor=None)  # fmt: skip
    assert move.direction == Direction.TO_COMMUNE and move.to_post.valid_from == date(2025, 3, 1)
    # Between communes, an open post is ended by the move itself.
    other = services.cadre_rotate(cadre=cadres["binh"], from_post=move.to_post, to_organization=world.other_commune,
                                  to_kind=PostKind.SECRETARY, on=date(2025, 6, 1), actor=None)  # fmt: skip
    assert other.direction == Direction.BETWEEN_COMMUNES
    move.to_post.refresh_from_db()
    assert move.to_post.valid_to == date(2025, 6, 1)


def test_the_tier_follows_the_reorganization(world):
    """A cell of the district's agencies is at the upper level until the district is dissolved on
    1/7/2025; moved under the province, it is at the province level after."""
    board = make_org(
        name="Chi bộ Văn phòng Huyện ủy", kind=OrgKind.GRASSROOTS_CELL, parent=world.district, type_code="other"
    )
    organization_move(organization=board, new_parent=world.province, on=date(2025, 7, 1), actor=None)
    assert queries.tier_on(board, date(2025, 6, 30)) == "upper"
    assert queries.tier_on(board, date(2025, 7, 1)) == "province"
    assert queries.tier_on(world.cell, date(2025, 7, 1)) == "commune"


def test_the_committee_page_shows_who_held_which_post_on_the_date_and_a_vacancy(client, world, cadres):
    services.post_assign(cadre=cadres["binh"], organization=world.commune, kind=PostKind.SECRETARY,
                         valid_from=date(2020, 10, 1), valid_to=date(2025, 10, 1), term="2020-2025", actor=None)  # fmt: skip
    client.force_login(world.board_user)
    url = f"/organizations/{world.commune.pk}/"
    held = client.get(url, {"on": "01/01/2024"}).content.decode()
    assert "Phạm Văn Bình" in held and 'data-testid="vacant"' not in held
    vacant = client.get(url, {"on": "02/10/2025"}).content.decode()
    assert 'data-testid="vacant"' in vacant and "Phạm Văn Bình" not in vacant
