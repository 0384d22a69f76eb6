"""Two years of campaigns on the rich province (`reports/tests/conftest.build_rich`), for the catalogue walk.

Last year's campaign (QĐ 366, scored) rates one member and one cell "not completed"; this year's
campaign, opened and decided today, gives every evaluation figure a non-zero value: one
"excellent" against five "good" in the merged commune (members and cells alike, the quota's exact
boundary), the same member and cell "not completed" again (failing twice, weak for a long time), a
disciplined member capped at "completed", an exempt member not rated, commendations, and
records left pending.
"""

from datetime import date

from coso.common.dates import today
from coso.evaluation import services
from coso.evaluation.services import Decision
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.organizations.models import Organization, OrgKind
from coso.testing.factories import make_member, make_org


def rate_province(rich) -> dict:
    w = rich.world
    now = today()
    this_year, last_year = now.year, now.year - 1
    last = services.campaign_open(committee=w.province, year=last_year, opened_on=date(last_year, 12, 1), actor=None)
    record = lambda c, **kw: c.evaluations.get(**kw)  # noqa: E731
    services.decide_many(
        last,
        [Decision(record(last, member=w.member).pk, "not_completed", 40),
         Decision(record(last, organization=w.other_cell, subject_kind="organization").pk, "not_completed", 40)],
        on=date(last_year, 12, 20), actor=None,
    )  # fmt: skip
    keen = [make_member(org=w.cell, full_name=f"Thi Đua {i}", admitted_on=date(2012, 1, 1)) for i in range(1, 8)]
    disciplined = keen[-1]
    member_record_event(member=disciplined, kind=EventKind.DISCIPLINED, on=date(this_year, 1, 1),
                        discipline_form="reprimand", actor=None)  # fmt: skip
    cells = [
        make_org(name=f"Chi bộ Thi Đua {i}", kind=OrgKind.CELL, parent=rich.merged, type_code="village_cell",
                 on=date(2025, 8, 1))
        for i in range(1, 6)
    ]  # fmt: skip
    current = services.campaign_open(committee=w.province, year=this_year, opened_on=now, actor=None)
    org_record = lambda org: record(current, organization=org, subject_kind="organization")  # noqa: E731
    decisions = [Decision(record(current, member=keen[0]).pk, "excellent", 95)]
    decisions += [Decision(record(current, member=m).pk, "good", 80) for m in keen[1:6]]
    decisions += [Decision(record(current, member=disciplined).pk, "completed", 60)]
    decisions += [Decision(record(current, member=w.member).pk, "not_completed", 40)]
    decisions += [Decision(org_record(w.cell).pk, "excellent", 92)]
    decisions += [Decision(org_record(c).pk, "good", 80) for c in cells]
    decisions += [Decision(org_record(w.other_cell).pk, "not_completed", 40)]
    decisions += [Decision(org_record(Organization.objects.get(code="C03-02")).pk, "completed", 60)]
    services.decide_many(current, decisions, on=now, actor=None)
    services.commend(record(current, member=keen[0]), on=now, note="Giấy khen", actor=None)
    services.commend(org_record(w.cell), on=now, note="Giấy khen", actor=None)
    return {"last": last, "current": current, "keen": keen, "cells": cells}
