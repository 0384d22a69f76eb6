"""Referral services: each direction and kind, the facts they write, and the as-of-date counts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Ethnicity, Member, Religion
from coso.members.queries import members_on
from coso.organizations.models import OrgKind
from coso.testing.factories import make_member, make_org
from coso.transfers import queries, services
from coso.transfers.models import PaperStatus, TransferPaper

pytestmark = pytest.mark.django_db

ISSUER = "Huyện ủy An Bình"


def issue(member, **kwargs):
    values = {
        "kind": "official",
        "direction": "within",
        "issued_on": date(2025, 3, 3),
        "issuer": ISSUER,
        "number": "12-GT/HU",
        "actor": None,
    }
    values.update(kwargs)
    return services.transfer_issue(member=member, **values)


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def person(**kwargs):
    values = {
        "name": "Lê Văn Đến",
        "gender": "male",
        "date_of_birth": date(1980, 5, 2),
        "citizen_id": "001080000777",
        "party_card": "",
        "ethnicity": Ethnicity.objects.get(code="01"),
        "religion": Religion.objects.get(code="none"),
        "education": "12/12",
    }
    values.update(kwargs)
    return values


# Official, within the tree -----------------------------------------------------------------------


def test_official_within_moves_the_member_on_the_presentation_date(world, second_cell):
    member = world.member
    paper = issue(member, to_organization=second_cell)
    assert paper.status == PaperStatus.ISSUED
    assert paper.from_organization == world.cell
    assert paper.present_by == date(2025, 4, 15)  # 30 working days, Giỗ Tổ 7/4/2025 off
    assert "QĐ 24-QĐ/TW" in paper.rule.regulation  # QĐ 294 takes effect on 26/5/2025
    # In transit the member stays on the sending cell's roll.
    assert member.pk in ids(members_on(world.cell, date(2025, 3, 5)))
    assert member.pk not in ids(members_on(second_cell, date(2025, 3, 5)))

    services.transfer_present(paper=paper, presented_on=date(2025, 3, 10), received_by="Chi ủy", actor=world.board_user)
    paper.refresh_from_db()
    member.refresh_from_db()
    assert paper.status == PaperStatus.PRESENTED and paper.event.kind == EventKind.TRANSFERRED
    assert member.organization == second_cell and member.status == MemberStatus.PROBATIONARY
    assert member.pk in ids(members_on(world.cell, date(2025, 3, 9)))
    assert member.pk not in ids(members_on(world.cell, date(2025, 3, 10)))
    assert member.pk in ids(members_on(second_cell, date(2025, 3, 10)))
    # The district counts the member throughout: no gap.
    assert member.pk in ids(members_on(world.district, date(2025, 3, 9)))
    assert member.pk in ids(members_on(world.district, date(2025, 3, 10)))
    services_audited = set(AuditEntry.objects.filter(model="transfers.transferpaper").values_list("service", flat=True))
    assert services_audited == {"transfer_issue", "transfer_present"}


def test_a_member_in_transit_cannot_get_a_second_paper(world, second_cell):
    issue(world.member, to_organization=second_cell)
    with pytest.raises(ValidationError) as exc:
        issue(world.member, to_organization=second_cell, issued_on=date(2025, 3, 4))
    assert "member" in exc.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"issued_on": date(2009, 1, 5)}, "member"),  # before admission
        ({"to_organization": None}, "to_organization"),
        ({"to_organization": "same"}, "to_organization"),
        ({"direction": "out", "to_place": " "}, "to_place"),
        ({"issuer": ""}, "issuer"),
        ({"issued_on": date(2099, 1, 5)}, "issued_on"),
        ({"kind": "temporary"}, "period_from"),
        ({"kind": "temporary", "period_from": date(2025, 3, 1), "period_until": date(2025, 2, 1)}, "period_until"),
        ({"from_organization": "other"}, "member"),
    ],
)
def test_issue_refusals_name_the_field(world, second_cell, kwargs, field):
    if kwargs.get("to_organization") == "same":
        kwargs["to_organization"] = world.cell
    kwargs.setdefault("to_organization", second_cell)
    if kwargs.get("from_organization") == "other":
        kwargs["from_organization"] = second_cell
    with pytest.raises(ValidationError) as exc:
        issue(world.member, **kwargs)
    assert field in exc.value.message_dict
    assert not TransferPaper.objects.exists()


def test_a_former_member_cannot_be_transferred(world, second_cell):
    member = make_member(org=world.cell, full_name="Đỗ Văn Cũ")
    from coso.members.services import member_record_event

    member_record_event(member=member, kind=EventKind.LEFT, on=date(2024, 1, 5), actor=None)
    with pytest.raises(ValidationError) as exc:
        issue(member, to_organization=second_cell)
    assert "member" in exc.value.message_dict


# Official, out of the system -----------------------------------------------------------------------


def test_official_out_leaves_the_register_on_the_issue_date_and_cancel_takes_it_back(world):
    member = world.member
    paper = issue(member, direction="out", to_place="Đảng bộ tỉnh Lâm Đồng")
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert paper.event.kind == EventKind.TRANSFERRED_OUT and paper.event.external_place == "Đảng bộ tỉnh Lâm Đồng"
    assert member.pk in ids(members_on(world.district, date(2025, 3, 2)))
    assert member.pk not in ids(members_on(world.district, date(2025, 3, 3)))

    services.transfer_cancel(paper=paper, cancelled_on=date(2025, 3, 5), reason="Ghi nhầm", actor=None)
    paper.refresh_from_db()
    member.refresh_from_db()
    assert paper.status == PaperStatus.CANCELLED and paper.event is None
    assert member.status == MemberStatus.PROBATIONARY
    assert member.pk in ids(members_on(world.district, date(2025, 3, 5)))
    assert not member.events.filter(kind=EventKind.TRANSFERRED_OUT).exists()


def test_presenting_an_out_paper_writes_no_second_fact(world):
    paper = issue(world.member, direction="out", to_place="Đảng bộ Quân sự tỉnh")
    before = world.member.events.count()
    services.transfer_present(paper=paper, presented_on=date(2025, 3, 20), actor=None)
    assert world.member.events.count() == before
    with pytest.raises(ValidationError):
        services.transfer_cancel(paper=paper, cancelled_on=date(2025, 3, 21), reason="x", actor=None)


# Official, in from outside -----------------------------------------------------------------------


def test_official_in_registers_the_member_on_the_presentation_date(world):
    paper = services.transfer_record_incoming(
        kind="official",
        to_organization=world.cell,
        from_place="Đảng ủy phường Bến Nghé, TP Hồ Chí Minh",
        issued_on=date(2025, 3, 3),
        issuer="Quận ủy Quận 1",
        person=person(),
        entry_status="official",
        actor=None,
    )
    assert paper.member is None and paper.status == PaperStatus.ISSUED
    paper = services.transfer_present(paper=paper, presented_on=date(2025, 3, 12), actor=None)
    member = paper.member
    assert member.full_name == "Lê Văn Đến" and member.status == MemberStatus.OFFICIAL
    assert paper.event.kind == EventKind.TRANSFERRED_IN and paper.event.entry_status == "official"
    assert member.pk not in ids(members_on(world.cell, date(2025, 3, 11)))
    assert member.pk in ids(members_on(world.cell, date(2025, 3, 12), status="official"))


def test_official_in_reopens_a_member_who_transferred_out(world, second_cell):
    member = world.member
    out = issue(member, direction="out", to_place="Đảng bộ tỉnh Lâm Đồng", issued_on=date(2024, 3, 4))
    services.transfer_present(paper=out, presented_on=date(2024, 3, 20), actor=None)
    back = services.transfer_record_incoming(
        kind="official",
        to_organization=second_cell,
        from_place="Đảng bộ tỉnh Lâm Đồng",
        issued_on=date(2025, 3, 3),
        issuer="Ban Tổ chức Tỉnh ủy Lâm Đồng",
        person={"name": member.full_name, "citizen_id": member.citizen_id},
        entry_status="probationary",
        presented_on=date(2025, 3, 10),
        actor=None,
    )
    member.refresh_from_db()
    assert back.member == member and member.organization == second_cell
    assert Member.objects.filter(citizen_id=member.citizen_id).count() == 1
    assert member.pk in ids(members_on(second_cell, date(2025, 3, 10)))


def test_official_in_refuses_the_citizen_id_of_an_active_member(world):
    with pytest.raises(ValidationError) as exc:
        services.transfer_record_incoming(
            kind="official",
            to_organization=world.cell,
            from_place="Nơi khác",
            issued_on=date(2025, 3, 3),
            issuer="Tỉnh ủy X",
            person=person(citizen_id=world.other_member.citizen_id),
            entry_status="official",
            actor=None,
        )
    assert "person_citizen_id" in exc.value.message_dict


def test_official_in_needs_what_the_register_needs(world):
    with pytest.raises(ValidationError) as exc:
        services.transfer_record_incoming(
            kind="official",
            to_organization=world.cell,
            from_place="Nơi khác",
            issued_on=date(2025, 3, 3),
            issuer="Tỉnh ủy X",
            person={"name": "Người Mới"},
            actor=None,
        )
    assert {"entry_status", "person_gender", "person_date_of_birth", "person_ethnicity"} <= set(exc.value.message_dict)


# Temporary ------------------------------------------------------------------------------------------


def test_temporary_within_attaches_without_counting_at_the_host(world, second_cell):
    member = world.member
    paper = issue(
        member,
        kind="temporary",
        to_organization=second_cell,
        period_from=date(2025, 3, 5),
        period_until=date(2025, 9, 5),
    )
    services.transfer_present(paper=paper, presented_on=date(2025, 3, 6), actor=None)
    paper.refresh_from_db()
    assert paper.event.kind == EventKind.ATTACHED
    on = date(2025, 4, 1)
    assert member.pk in ids(members_on(world.cell, on))  # still counted at home
    assert member.pk not in ids(members_on(second_cell, on))  # not counted at the host
    assert member.pk in ids(members_on(world.commune, on))  # counted once above both
    assert [p.member for p in queries.attached_at(second_cell, on)] == [member]
    assert queries.attached_at(world.cell, on) == []

    with pytest.raises(ValidationError):  # one temporary activity at a time
        issue(
            member,
            kind="temporary",
            to_organization=second_cell,
            issued_on=date(2025, 4, 2),
            period_from=date(2025, 4, 5),
            period_until=date(2025, 5, 5),
        )

    services.transfer_end_temporary(paper=paper, ended_on=date(2025, 6, 1), actor=None)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.ENDED and paper.end_event.kind == EventKind.ATTACHMENT_ENDED
    assert [p.member for p in queries.attached_at(second_cell, date(2025, 5, 31))] == [member]
    assert queries.attached_at(second_cell, date(2025, 6, 1)) == []


def test_an_official_transfer_into_the_host_ends_the_temporary_activity(world, second_cell):
    member = world.member
    temp = issue(
        member,
        kind="temporary",
        to_organization=second_cell,
        issued_on=date(2025, 1, 6),
        period_from=date(2025, 1, 6),
        period_until=date(2025, 12, 1),
    )
    services.transfer_present(paper=temp, presented_on=date(2025, 1, 7), actor=None)
    official = issue(member, to_organization=second_cell, issued_on=date(2025, 3, 3))
    services.transfer_present(paper=official, presented_on=date(2025, 3, 10), actor=None)
    temp.refresh_from_db()
    assert temp.status == PaperStatus.ENDED and temp.ended_on == date(2025, 3, 10)
    assert member.pk in ids(members_on(second_cell, date(2025, 3, 10)))
    assert queries.attached_at(second_cell, date(2025, 3, 10)) == []


def test_temporary_guest_from_outside_never_joins_the_register(world):
    members_before = Member.objects.count()
    paper = services.transfer_record_incoming(
        kind="temporary",
        to_organization=world.cell,
        from_place="Chi bộ Trường Đại học Y, Hà Nội",
        issued_on=date(2025, 3, 3),
        issuer="Đảng ủy Trường Đại học Y",
        person={"name": "Vũ Thị Khách"},
        period_from=date(2025, 3, 5),
        period_until=date(2025, 8, 5),
        presented_on=date(2025, 3, 5),
        actor=None,
    )
    assert Member.objects.count() == members_before and paper.member is None
    guests = queries.attached_at(world.cell, date(2025, 4, 1))
    assert [(g.name, g.member) for g in guests] == [("Vũ Thị Khách", None)]
    assert members_on(world.cell, date(2025, 4, 1)).count() == 1  # world.member only
    services.transfer_end_temporary(paper=paper, ended_on=date(2025, 7, 1), actor=None)
    assert queries.attached_at(world.cell, date(2025, 7, 1)) == []


# Deadlines, overdue, gaps ---------------------------------------------------------------------------


def test_mark_overdue_the_day_after_the_limit_and_late_presentation_leaves_a_gap(world, second_cell):
    paper = issue(world.member, to_organization=second_cell)  # present by 15/4/2025
    assert services.transfers_mark_overdue(on=date(2025, 4, 15), actor=None) == 0
    assert services.transfers_mark_overdue(on=date(2025, 4, 16), actor=None) == 1
    paper.refresh_from_db()
    assert paper.status == PaperStatus.OVERDUE
    assert AuditEntry.objects.filter(service="transfers_mark_overdue", object_id=str(paper.pk)).exists()
    services.transfer_present(paper=paper, presented_on=date(2025, 4, 22), actor=None)
    assert queries.transfer_gaps([world.member.pk]) == {world.member.pk: [(date(2025, 4, 16), date(2025, 4, 22))]}


def test_presentation_dates_are_checked(world, second_cell):
    paper = issue(world.member, to_organization=second_cell)
    with pytest.raises(ValidationError) as exc:
        services.transfer_present(paper=paper, presented_on=date(2025, 3, 2), actor=None)
    assert "presented_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.transfer_cancel(paper=paper, cancelled_on=date(2025, 3, 4), reason="", actor=None)
    assert "reason" in exc.value.message_dict


def test_receiving_organization_must_exist_on_the_issue_date(world):
    late_cell = make_org(
        name="Chi bộ mới", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell", on=date(2025, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        issue(world.member, to_organization=late_cell)
    assert "to_organization" in exc.value.message_dict


def test_nightly_command_marks_overdue(world, second_cell):
    from io import StringIO

    from django.core.management import call_command

    paper = issue(world.member, to_organization=second_cell)
    out = StringIO()
    call_command("transfers_mark_overdue", "--on", "16/04/2025", stdout=out)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.OVERDUE and out.getvalue().startswith("1 ")


def test_nightly_command_prints_its_count_with_the_vietnamese_separator(world, second_cell):
    """1.234 papers, not 1234 or 1,234 (issue 7: every printed count, the commands' output included)."""
    from io import StringIO

    from django.core.management import call_command

    from coso.members.bulk import NewMember, bulk_register
    from coso.members.models import MemberEvent

    kinh, none = Ethnicity.objects.get(code="01"), Religion.objects.get(code="none")
    people = [
        NewMember(
            member=Member(
                full_name=f"Mai Văn {n}",
                gender="male",
                date_of_birth=date(1980, 1, 1),
                ethnicity=kinh,
                religion=none,
                citizen_id=f"0010800{n:05d}",
                general_education="12/12",
            ),
            events=[MemberEvent(kind=EventKind.ADMITTED, on=date(2010, 1, 1), organization=world.cell)],
        )
        for n in range(1233)
    ]
    bulk_register(people, actor=None, service="test")
    paper = issue(world.member, to_organization=second_cell)
    clones = []
    for n, member in enumerate(Member.objects.filter(full_name__startswith="Mai Văn ")):
        clone = TransferPaper.objects.get(pk=paper.pk)
        clone.pk, clone.member, clone.number = None, member, f"{n + 100}-GT/HU"
        clones.append(clone)
    TransferPaper.objects.bulk_create(clones)
    out = StringIO()
    call_command("transfers_mark_overdue", "--on", "16/04/2025", stdout=out)
    assert out.getvalue() == "1.234 paper(s) marked overdue as of 16/04/2025.\n"
    assert TransferPaper.objects.filter(status=PaperStatus.OVERDUE).count() == 1234
