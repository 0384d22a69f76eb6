"""Rotations on the rich province (`reports/tests/conftest.build_rich`), for the catalogue walk:
one from the district's health station to a commune in March 2025 (before the reorganization:
"to a commune"), one between communes in August (after it)."""

from datetime import date

from coso.cadres import services
from coso.cadres.models import PostKind


def rotate_in_province(rich) -> list:
    w = rich.world
    cadre = services.cadre_create(full_name="Lương Văn Chuyển", organization=rich.station, actor=None)
    post = services.post_assign(cadre=cadre, organization=rich.station, kind=PostKind.SECRETARY,
                                valid_from=date(2021, 1, 1), actor=None)  # fmt: skip
    first = services.cadre_rotate(cadre=cadre, from_post=post, to_organization=w.commune,
                                  to_kind=PostKind.DEPUTY_SECRETARY, on=date(2025, 3, 1),
                                  decision_number="45-QĐ/HU", actor=None)  # fmt: skip
    second = services.cadre_rotate(cadre=cadre, from_post=first.to_post, to_organization=w.other_commune,
                                   to_kind=PostKind.SECRETARY, on=date(2025, 8, 1), actor=None)  # fmt: skip
    return [first, second]
