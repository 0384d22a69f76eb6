"""The derivation of spells from facts (DOMAIN.md §Member history), without a database."""

from datetime import date

import pytest

from coso.members.choices import DisciplineForm, EventKind, MemberStatus, SpellStatus
from coso.members.history import Fact, HistoryError, derive_spells

A, B, C = 1, 2, 3
D = date


def spells(state):
    return [(s.organization_id, s.status, s.valid_from, s.valid_to, s.exempt, s.attached) for s in state.spells]


def test_admission_recognition_transfer():
    state = derive_spells(
        [
            Fact(EventKind.ADMITTED, D(2020, 1, 10), A),
            Fact(EventKind.RECOGNIZED, D(2021, 1, 10)),
            Fact(EventKind.TRANSFERRED, D(2022, 5, 1), B),
        ]
    )
    assert spells(state) == [
        (A, SpellStatus.PROBATIONARY, D(2020, 1, 10), D(2021, 1, 10), False, False),
        (A, SpellStatus.OFFICIAL, D(2021, 1, 10), D(2022, 5, 1), False, False),
        (B, SpellStatus.OFFICIAL, D(2022, 5, 1), None, False, False),
    ]
    assert (state.status, state.organization_id) == (SpellStatus.OFFICIAL, B)
    assert (state.admitted_on, state.official_on) == (D(2020, 1, 10), D(2021, 1, 10))


def test_temporary_attachment_is_a_separate_spell_and_ends():
    state = derive_spells(
        [
            Fact(EventKind.ADMITTED, D(2020, 1, 1), A),
            Fact(EventKind.ATTACHED, D(2020, 6, 1), B),
            Fact(EventKind.ATTACHMENT_ENDED, D(2020, 9, 1)),
        ]
    )
    assert (B, SpellStatus.PROBATIONARY, D(2020, 6, 1), D(2020, 9, 1), False, True) in spells(state)
    assert state.organization_id == A


def test_exemption_keeps_membership_and_marks_it():
    state = derive_spells(
        [
            Fact(EventKind.TRANSFERRED_IN, D(2019, 1, 1), A, entry_status=SpellStatus.OFFICIAL),
            Fact(EventKind.EXEMPTED, D(2023, 1, 1)),
        ]
    )
    assert spells(state)[-1] == (A, SpellStatus.OFFICIAL, D(2023, 1, 1), None, True, False)
    assert state.status == SpellStatus.OFFICIAL


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (EventKind.REMOVED, MemberStatus.REMOVED),
        (EventKind.EXPELLED, MemberStatus.EXPELLED),
        (EventKind.LEFT, MemberStatus.LEFT),
        (EventKind.DIED, MemberStatus.DIED),
        (EventKind.TRANSFERRED_OUT, MemberStatus.TRANSFERRED_OUT),
    ],
)
def test_ending_facts_close_every_spell(kind, status):
    state = derive_spells(
        [
            Fact(EventKind.ADMITTED, D(2010, 1, 1), A),
            Fact(EventKind.RECOGNIZED, D(2011, 1, 1)),
            Fact(EventKind.ATTACHED, D(2012, 1, 1), B),
            Fact(kind, D(2015, 1, 1)),
        ]
    )
    assert all(s.valid_to is not None for s in state.spells)
    assert state.status == status


def test_expulsion_by_discipline_ends_membership_and_readmission_once():
    facts = [
        Fact(EventKind.ADMITTED, D(2000, 1, 1), A),
        Fact(EventKind.RECOGNIZED, D(2001, 1, 1)),
        Fact(EventKind.DISCIPLINED, D(2005, 1, 1), discipline_form=DisciplineForm.EXPULSION),
        Fact(EventKind.READMITTED, D(2009, 1, 1), C),
    ]
    state = derive_spells(facts)
    assert state.status == SpellStatus.PROBATIONARY and state.organization_id == C
    with pytest.raises(HistoryError) as exc:
        derive_spells([*facts, Fact(EventKind.LEFT, D(2010, 1, 1)), Fact(EventKind.READMITTED, D(2014, 1, 1), A)])
    assert exc.value.index == 5


@pytest.mark.parametrize(
    ("facts", "bad_index"),
    [
        # recognized without admission
        ([Fact(EventKind.RECOGNIZED, D(2020, 1, 1))], 0),
        # admitted twice
        ([Fact(EventKind.ADMITTED, D(2020, 1, 1), A), Fact(EventKind.ADMITTED, D(2020, 2, 1), B)], 1),
        # out of date order
        ([Fact(EventKind.ADMITTED, D(2020, 1, 1), A), Fact(EventKind.RECOGNIZED, D(2019, 1, 1))], 1),
        # recognizing an official member
        (
            [
                Fact(EventKind.TRANSFERRED_IN, D(2020, 1, 1), A, SpellStatus.OFFICIAL),
                Fact(EventKind.RECOGNIZED, D(2021, 1, 1)),
            ],
            1,
        ),
        # transfer to the same organization
        ([Fact(EventKind.ADMITTED, D(2020, 1, 1), A), Fact(EventKind.TRANSFERRED, D(2020, 5, 1), A)], 1),
        # probationary member dismissed (only reprimand or warning allowed)
        (
            [
                Fact(EventKind.ADMITTED, D(2020, 1, 1), A),
                Fact(EventKind.DISCIPLINED, D(2020, 5, 1), discipline_form=DisciplineForm.DISMISSAL),
            ],
            1,
        ),
        # transfer in without status
        ([Fact(EventKind.TRANSFERRED_IN, D(2020, 1, 1), A)], 0),
        # re-admission of someone who never left
        (
            [
                Fact(EventKind.ADMITTED, D(2020, 1, 1), A),
                Fact(EventKind.TRANSFERRED_OUT, D(2021, 1, 1)),
                Fact(EventKind.READMITTED, D(2025, 1, 1), A),
            ],
            2,
        ),
        # ending an attachment that does not exist
        ([Fact(EventKind.ADMITTED, D(2020, 1, 1), A), Fact(EventKind.ATTACHMENT_ENDED, D(2020, 3, 1))], 1),
    ],
)
def test_impossible_sequences_are_refused_at_the_right_fact(facts, bad_index):
    with pytest.raises(HistoryError) as exc:
        derive_spells(facts)
    assert exc.value.index == bad_index
    assert exc.value.message


def test_same_day_change_leaves_no_empty_spell():
    state = derive_spells([Fact(EventKind.ADMITTED, D(2020, 1, 1), A), Fact(EventKind.TRANSFERRED, D(2020, 1, 1), B)])
    assert spells(state) == [(B, SpellStatus.PROBATIONARY, D(2020, 1, 1), None, False, False)]
