"""Planning lists, supervision assignments, re-appointment, corrections and visits naming the
committee member: refusals write nothing and name the field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coso.audit.models import AuditEntry
from coso.cadres import queries, services
from coso.cadres.models import HowHeld, PostKind
from coso.meetings import services as meeting_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    an = services.cadre_create(full_name="Lê Văn An", organization=world.commune, actor=None)
    binh = services.cadre_create(full_name="Phạm Văn Bình", organization=world.commune, actor=None)
    services.post_assign(cadre=an, organization=world.commune, kind=PostKind.COMMITTEE_MEMBER,
                         valid_from=date(2020, 10, 1), valid_to=date(2025, 10, 1), term="2020-2025", actor=None)  # fmt: skip
    services.post_assign(cadre=binh, organization=world.commune, kind=PostKind.PEOPLES_COMMITTEE_CHAIR,
                         valid_from=date(2021, 6, 1), how=HowHeld.APPOINTED, actor=None)  # fmt: skip
    return {"an": an, "binh": binh}


def refused(field, call, **kwargs):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        call(**kwargs)
    assert field in err.value.message_dict, err.value.message_dict
    assert AuditEntry.objects.count() == before
    return " ".join(err.value.message_dict[field])


def test_a_cadre_is_planned_once_per_post_and_term_and_the_list_as_of_a_date(world, staff):
    an = staff["an"]
    kw = {"cadre": an, "organization": world.commune, "kind": PostKind.SECRETARY, "term": "2025-2030", "actor": None}
    entry = services.planning_add(added_on=date(2024, 6, 1), decision_number="30-QĐ/HU", **kw)
    message = refused("cadre", services.planning_add, added_on=date(2025, 1, 1), **kw)
    assert "Lê Văn An" in message and "2025-2030" in message
    # Another term or post is another entry.
    services.planning_add(added_on=date(2025, 1, 1), **{**kw, "term": "2030-2035"})
    assert "01/06/2024" in refused("removed_on", services.planning_remove, entry=entry, removed_on=date(2024, 6, 1),
                                   actor=None)  # fmt: skip
    services.planning_remove(entry=entry, removed_on=date(2025, 5, 1), reason="Chuyển công tác", actor=None)
    refused("removed_on", services.planning_remove, entry=entry, removed_on=date(2025, 6, 1), actor=None)
    assert [e.cadre_id for e in queries.planning_on(world.commune, date(2025, 4, 30), "2025-2030")] == [an.pk]
    assert list(queries.planning_on(world.commune, date(2025, 5, 1), "2025-2030")) == []
    # Planned again after the removal.
    services.planning_add(added_on=date(2025, 9, 1), **kw)
    assert queries.planning_on(world.commune, date(2025, 9, 1), "2025-2030").count() == 1
    refused("term", services.planning_add, added_on=date(2025, 1, 1), **{**kw, "term": " "})


def test_a_supervision_assignment_needs_a_committee_member_and_an_organization_inside(world, staff):
    kw = {"committee": world.commune, "valid_from": date(2024, 1, 1), "actor": None}
    assert "Phạm Văn Bình" in refused("cadre", services.supervision_assign, cadre=staff["binh"],
                                      supervised=world.cell, **kw)  # fmt: skip
    refused("supervised", services.supervision_assign, cadre=staff["an"], supervised=world.commune, **kw)
    refused("supervised", services.supervision_assign, cadre=staff["an"], supervised=world.other_cell, **kw)
    # After the committee member's term ended, no assignment.
    refused("cadre", services.supervision_assign, cadre=staff["an"], supervised=world.cell,
            **{**kw, "valid_from": date(2025, 10, 1)})  # fmt: skip
    assignment = services.supervision_assign(cadre=staff["an"], supervised=world.cell, **kw)
    assert "01/01/2024" in refused("valid_from", services.supervision_assign, cadre=staff["an"],
                                   supervised=world.cell, **{**kw, "valid_from": date(2024, 6, 1)})  # fmt: skip
    refused("on", services.supervision_end, assignment=assignment, on=date(2024, 1, 1), actor=None)
    services.supervision_end(assignment=assignment, on=date(2025, 1, 1), actor=None)
    assert list(queries.supervisions_on(world.commune, date(2024, 12, 31))) == [assignment]
    assert list(queries.supervisions_on(world.commune, date(2025, 1, 1))) == []
    # Followed again from the day it ended.
    services.supervision_assign(cadre=staff["an"], supervised=world.cell, **{**kw, "valid_from": date(2025, 1, 1)})


def test_re_appointment_after_the_term_ended(world, staff):
    spell = staff["binh"].posts.get()
    refused("valid_from", services.post_assign, cadre=staff["binh"], organization=world.commune,
            kind=PostKind.PEOPLES_COMMITTEE_CHAIR, valid_from=date(2026, 6, 1), how=HowHeld.APPOINTED, actor=None)  # fmt: skip
    services.post_end(spell=spell, on=date(2026, 6, 1), actor=None)
    again = services.post_assign(cadre=staff["binh"], organization=world.commune,
                                 kind=PostKind.PEOPLES_COMMITTEE_CHAIR, valid_from=date(2026, 6, 1),
                                 how=HowHeld.APPOINTED, decision_number="88-QĐ/UBND", actor=None)  # fmt: skip
    assert again.how == HowHeld.APPOINTED and staff["binh"].posts.count() == 2


def test_a_cadre_is_corrected_but_a_member_keeps_the_register_name(world, staff):
    services.cadre_update(cadre=staff["an"], full_name="Lê Văn Ân", organization=world.cell,
                          date_of_birth=date(1980, 1, 2), note="", actor=None)  # fmt: skip
    staff["an"].refresh_from_db()
    assert (staff["an"].full_name, staff["an"].organization) == ("Lê Văn Ân", world.cell)
    member = services.cadre_create(full_name="", organization=world.cell, member=world.member, actor=None)
    refused("full_name", services.cadre_update, cadre=member, full_name="Tên Khác", organization=world.cell,
            actor=None)  # fmt: skip


def test_a_visit_names_a_member_of_the_visiting_committee(world, staff):
    visit = meeting_services.visit_record(cell=world.cell, on=date(2025, 3, 1), visitor_name="", committee=world.commune,
                                          cadre=staff["an"], actor=None)  # fmt: skip
    assert (visit.cadre, visit.visitor_name) == (staff["an"], "Lê Văn An")
    refused("cadre", meeting_services.visit_record, cell=world.cell, on=date(2025, 3, 1), visitor_name="",
            committee=world.commune, cadre=staff["binh"], actor=None)  # fmt: skip
    refused("cadre", meeting_services.visit_record, cell=world.cell, on=date(2025, 11, 1), visitor_name="",
            committee=world.commune, cadre=staff["an"], actor=None)  # fmt: skip
