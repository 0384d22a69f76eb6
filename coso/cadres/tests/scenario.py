"""Cadre work on the rich province (`reports/tests/conftest.build_rich`), for the catalogue walk.

- `rotate_in_province`: one rotation from the district's health station to a commune in March
  2025 (before the reorganization: "to a commune"), one between communes in August (after it).
- `staff_province`: the district committee's secretary and a committee member elected at the
  2020 congress, a commune's chair appointed in 2025 (posts held, posts taken up, a vacancy where
  the chair's post ended), a planning list for 2025-2030 with one removal, and the committee
  member assigned to follow the cell, who visits it in February and May 2025 (visited every
  quarter of the first half year, not of the whole year).
"""

from datetime import date

from coso.cadres import services
from coso.cadres.models import HowHeld, PostKind
from coso.meetings import services as meeting_services


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


def staff_province(rich) -> dict:
    w = rich.world
    secretary = services.cadre_create(full_name="Hoàng Văn Bí", organization=w.district, actor=None)
    member = services.cadre_create(full_name="Đinh Thị Ủy", organization=w.district, actor=None)
    chair = services.cadre_create(full_name="Vũ Văn Chủ", organization=w.commune, actor=None)
    congress = "Đại hội Đảng bộ huyện lần thứ XX"
    services.post_assign(cadre=secretary, organization=w.district, kind=PostKind.SECRETARY,
                         valid_from=date(2020, 8, 20), term="2020-2025", election=congress, actor=None)  # fmt: skip
    services.post_assign(cadre=member, organization=w.district, kind=PostKind.COMMITTEE_MEMBER,
                         valid_from=date(2020, 8, 20), term="2020-2025", election=congress, actor=None)  # fmt: skip
    services.post_assign(cadre=chair, organization=w.commune, kind=PostKind.PEOPLES_COMMITTEE_CHAIR,
                         valid_from=date(2025, 2, 1), valid_to=date(2025, 6, 1), how=HowHeld.APPOINTED,
                         decision_number="12-QĐ/UBND", actor=None)  # fmt: skip
    planned = services.planning_add(cadre=member, organization=w.district, kind=PostKind.DEPUTY_SECRETARY,
                                    term="2025-2030", added_on=date(2024, 6, 1), decision_number="30-QĐ/TU",
                                    actor=None)  # fmt: skip
    removed = services.planning_add(cadre=chair, organization=w.commune, kind=PostKind.SECRETARY,
                                    term="2025-2030", added_on=date(2024, 6, 1), actor=None)  # fmt: skip
    services.planning_remove(entry=removed, removed_on=date(2025, 5, 1), removal_decision="31-QĐ/TU",
                             reason="Không còn đủ tiêu chuẩn", actor=None)  # fmt: skip
    assignment = services.supervision_assign(cadre=member, committee=w.district, supervised=w.commune,
                                             valid_from=date(2024, 12, 1), decision_number="40-QĐ/HU",
                                             actor=None)  # fmt: skip
    for on in (date(2025, 2, 15), date(2025, 5, 20)):
        meeting_services.visit_record(cell=w.cell, on=on, visitor_name="", committee=w.district, cadre=member,
                                      actor=None)  # fmt: skip
    return {"planned": planned, "assignment": assignment}
