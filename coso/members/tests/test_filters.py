"""The shared register filter (filters.MemberFilterForm + apply_filters): each filter, scope, search."""

from datetime import date

import pytest
from django.http import QueryDict

from coso.members.choices import EventKind
from coso.members.filters import MemberFilterForm, apply_filters
from coso.members.models import Ethnicity, Member, Religion
from coso.members.services import member_record_event
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db


def run(user, **params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    form = MemberFilterForm(data, user=user)
    assert form.is_valid(), form.errors
    return set(apply_filters(None, form.cleaned_data, user).values_list("full_name", flat=True))


@pytest.fixture
def people(world):
    """A few members of the cell C01-01 with distinct attributes, besides the world's Nguyễn Văn Tuấn."""
    cell = world.cell
    dang = make_member(
        org=cell,
        full_name="Đặng Thị Lan",
        gender="female",
        date_of_birth=date(1998, 5, 2),
        ethnicity="02",  # Tày
        religion="buddhism",
        general_education="9/12",
        professional_education="university",
        political_theory="intermediate",
        admitted_on=date(2020, 1, 10),
    )
    member_record_event(member=dang, kind=EventKind.RECOGNIZED, on=date(2021, 1, 10), actor=None)
    old = make_member(org=cell, full_name="Lê Văn Cao", date_of_birth=date(1950, 2, 3), admitted_on=date(2000, 6, 1))
    member_record_event(member=old, kind=EventKind.RECOGNIZED, on=date(2001, 6, 1), actor=None)
    member_record_event(member=old, kind=EventKind.EXEMPTED, on=date(2015, 1, 1), actor=None)
    gone = make_member(org=world.commune, full_name="Phạm Văn Đi", admitted_on=date(2005, 1, 1))
    member_record_event(member=gone, kind=EventKind.LEFT, on=date(2012, 6, 1), actor=None)
    dead = make_member(org=cell, full_name="Hoàng Văn Mất", admitted_on=date(2004, 1, 1))
    member_record_event(member=dead, kind=EventKind.DIED, on=date(2019, 6, 1), actor=None)
    return {"dang": dang, "old": old, "gone": gone, "dead": dead}


ACTIVE_D01 = {"Nguyễn Văn Tuấn", "Đặng Thị Lan", "Lê Văn Cao"}
FORMER_D01 = {"Phạm Văn Đi", "Hoàng Văn Mất"}


def test_no_filter_gives_the_members_of_the_users_subtree_today(world, people):
    """The default list is the dashboard's "party members": no one who left or died (issue 7)."""
    assert run(world.board_user) == ACTIVE_D01
    assert run(world.admin) == ACTIVE_D01 | {"Trần Thị Hoa"}
    assert run(world.outsider_user) == {"Trần Thị Hoa"}
    assert run(world.member_user) == {"Nguyễn Văn Tuấn"}


def test_former_members_only_through_the_labelled_filter(world, people):
    assert run(world.board_user, status="former") == FORMER_D01
    assert run(world.board_user, status="former", on="01/01/2015") == {"Phạm Văn Đi"}  # Mất died in 2019
    assert run(world.board_user, status="former", on="01/01/2010") == set()
    assert run(world.board_user, status="former", org=world.cell.pk) == {"Hoàng Văn Mất"}
    assert run(world.outsider_user, status="former") == set()
    assert run(world.admin, status="former") == FORMER_D01


def test_passing_a_queryset_cannot_widen_the_scope(world, people):
    form = MemberFilterForm(QueryDict(), user=world.board_user)
    assert form.is_valid()
    qs = apply_filters(Member.objects.all(), form.cleaned_data, world.board_user)
    assert "Trần Thị Hoa" not in set(qs.values_list("full_name", flat=True))
    narrowed = apply_filters(Member.objects.filter(full_name__startswith="Lê"), form.cleaned_data, world.board_user)
    assert set(narrowed.values_list("full_name", flat=True)) == {"Lê Văn Cao"}


def test_org_choices_are_limited_to_scope(world):
    form = MemberFilterForm(QueryDict(), user=world.secretary_user)
    assert list(form.fields["org"].queryset) == [world.cell]
    bad = MemberFilterForm(QueryDict(f"org={world.other_cell.pk}"), user=world.board_user)
    assert not bad.is_valid() and "org" in bad.errors


def test_org_gives_the_subtree_members_on_the_date(world, people):
    assert run(world.board_user, org=world.commune.pk, on="01/01/2010") == {
        "Phạm Văn Đi",
        "Hoàng Văn Mất",
        "Lê Văn Cao",
    }
    assert run(world.board_user, org=world.commune.pk, on="01/01/2024") == {
        "Nguyễn Văn Tuấn",
        "Đặng Thị Lan",
        "Lê Văn Cao",
    }
    assert run(world.board_user, org=world.cell.pk, on="01/01/2010") == {"Hoàng Văn Mất", "Lê Văn Cao"}
    assert run(world.board_user, org=world.cell.pk, on="1999-12-31") == set()


def test_attached_members_do_not_count_in_the_host(world, people):
    member_record_event(
        member=people["dang"], kind=EventKind.ATTACHED, on=date(2023, 1, 1), organization=world.other_cell, actor=None
    )
    assert run(world.admin, org=world.other_cell.pk, on="01/06/2023") == {"Trần Thị Hoa"}
    assert "Đặng Thị Lan" in run(world.admin, org=world.cell.pk, on="01/06/2023")


def test_active_statuses_come_from_spells_on_the_date(world, people):
    assert run(world.board_user, status="probationary", on="01/06/2020") == {"Đặng Thị Lan", "Nguyễn Văn Tuấn"}
    assert run(world.board_user, status="probationary", on="01/06/2021") == {"Nguyễn Văn Tuấn"}
    assert run(world.board_user, status="official", on="01/06/2021") == {"Đặng Thị Lan", "Lê Văn Cao"}
    assert run(world.board_user, status="official", on="01/06/2010") == {"Lê Văn Cao"}
    assert run(world.board_user, status="exempted", on="01/06/2021") == {"Lê Văn Cao"}
    assert run(world.board_user, status="exempted", on="01/06/2014") == set()
    # with an organization: the same, through members_on
    assert run(world.board_user, org=world.cell.pk, status="official", on="01/06/2021") == {
        "Đặng Thị Lan",
        "Lê Văn Cao",
    }
    assert run(world.board_user, org=world.cell.pk, status="exempted", on="01/06/2021") == {"Lê Văn Cao"}
    assert run(world.board_user, org=world.commune.pk, status="probationary", on="01/06/2005") == {
        "Phạm Văn Đi",
        "Hoàng Văn Mất",
    }


def test_former_statuses_are_read_on_the_date(world, people):
    assert run(world.board_user, status="left") == {"Phạm Văn Đi"}
    assert run(world.board_user, status="left", on="01/06/2012") == {"Phạm Văn Đi"}
    assert run(world.board_user, status="left", on="31/05/2012") == set()  # still a member that day
    assert run(world.board_user, status="left", on="01/01/2006") == set()
    assert run(world.board_user, status="died") == {"Hoàng Văn Mất"}
    assert run(world.board_user, status="died", org=world.cell.pk) == {"Hoàng Văn Mất"}
    assert run(world.board_user, status="left", org=world.cell.pk) == set()  # he was in the commune itself
    assert run(world.board_user, status="expelled") == set()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("gender", "female", {"Đặng Thị Lan"}),
        ("general_education", "9/12", {"Đặng Thị Lan"}),
        ("professional_education", "university", {"Đặng Thị Lan"}),
        ("political_theory", "intermediate", {"Đặng Thị Lan"}),
    ],
)
def test_profile_filters(world, people, field, value, expected):
    assert run(world.board_user, **{field: value}) == expected


def test_ethnicity_and_religion(world, people):
    tay = Ethnicity.objects.get(code="02")
    buddhism = Religion.objects.get(code="buddhism")
    assert run(world.board_user, ethnicity=tay.pk) == {"Đặng Thị Lan"}
    assert run(world.board_user, religion=buddhism.pk) == {"Đặng Thị Lan"}
    kinh = Ethnicity.objects.get(code="01")
    assert run(world.board_user, ethnicity=kinh.pk) == ACTIVE_D01 - {"Đặng Thị Lan"}


def test_age_band_is_counted_on_the_filter_date(world, people):
    # Đặng Thị Lan, born 02/05/1998: 29 until 01/05/2028, 30 from 02/05/2028.
    assert "Đặng Thị Lan" in run(world.board_user, age_band="u30", on="01/05/2028")
    assert "Đặng Thị Lan" not in run(world.board_user, age_band="u30", on="02/05/2028")
    assert "Đặng Thị Lan" in run(world.board_user, age_band="30_40", on="02/05/2028")
    assert run(world.board_user, age_band="o60", on="01/01/2024") == {"Lê Văn Cao"}
    # born 01/06/1985: 38 on 01/01/2024
    assert run(world.board_user, age_band="30_40", on="01/01/2024") == {"Nguyễn Văn Tuấn"}
    assert run(world.board_user, age_band="30_40", on="01/01/2024", status="former") == {
        "Phạm Văn Đi",
        "Hoàng Văn Mất",
    }


@pytest.mark.parametrize("text", ["nguyen van tuan", "NGUYEN VAN TUAN", "Nguyễn Văn Tuấn", "  tuan   nguyen ", "tuấn"])
def test_search_ignores_diacritics_and_case(world, people, text):
    assert run(world.board_user, q=text) == {"Nguyễn Văn Tuấn"}


def test_search_dang_finds_dang_with_stroke(world, people):
    assert run(world.board_user, q="dang") == {"Đặng Thị Lan"}
    assert run(world.board_user, q="ĐẶNG") == {"Đặng Thị Lan"}


def test_search_by_citizen_id(world, people):
    assert run(world.board_user, q="001085000001") == {"Nguyễn Văn Tuấn"}
    assert run(world.board_user, q="nguyen hoa") == set()


def test_filters_combine(world, people):
    assert run(world.board_user, org=world.cell.pk, on="01/01/2024", gender="male", q="van") == {
        "Nguyễn Văn Tuấn",
        "Lê Văn Cao",
    }


def test_on_defaults_to_today_and_rejects_bad_dates(world):
    form = MemberFilterForm(QueryDict(), user=world.board_user)
    assert form.is_valid()
    from coso.common.dates import today

    assert form.cleaned_data["on"] == today()
    bad = MemberFilterForm(QueryDict("on=31/02/2024"), user=world.board_user)
    assert not bad.is_valid()
    assert "on" in bad.errors


def test_a_member_moved_out_of_the_subtree_after_the_date_is_in_the_past_list(world, people):
    """The subtree is read on the date asked: Lan moved to another district in 2024, and the district
    board still finds her among its members of 2023 (issue 7), as the dashboard counts her."""
    from coso.members.queries import members_on

    member_record_event(
        member=people["dang"],
        kind=EventKind.TRANSFERRED,
        on=date(2024, 3, 1),
        organization=world.other_cell,
        actor=None,
    )
    assert "Đặng Thị Lan" in run(world.board_user, org=world.commune.pk, on="31/12/2023")
    assert "Đặng Thị Lan" in run(world.board_user, on="31/12/2023")
    assert "Đặng Thị Lan" not in run(world.board_user, org=world.commune.pk, on="01/03/2024")
    assert "Đặng Thị Lan" not in run(world.board_user)
    assert "Đặng Thị Lan" in run(world.outsider_user)
    for on, text in ((date(2023, 12, 31), "31/12/2023"), (date(2024, 3, 1), "01/03/2024")):
        assert len(run(world.board_user, org=world.district.pk, on=text)) == members_on(world.district, on).count()


def test_a_cell_moved_under_another_district_is_read_on_the_tree_of_the_date(world, people):
    """A reorganization moves the cell C01-01 to the other district on 01/01/2024: its members are the
    district D01's before that date and D02's from it, in the list as on the dashboard."""
    from coso.organizations.services import organization_move

    organization_move(organization=world.cell, new_parent=world.other_commune, on=date(2024, 1, 1), actor=None)
    in_cell = {"Nguyễn Văn Tuấn", "Đặng Thị Lan", "Lê Văn Cao"}
    assert run(world.board_user, org=world.district.pk, on="31/12/2023") == in_cell
    assert run(world.board_user, org=world.district.pk, on="01/01/2024") == set()
    assert run(world.admin, org=world.other_district.pk, on="01/01/2024") == in_cell | {"Trần Thị Hoa"}
    assert run(world.admin, org=world.other_district.pk, on="31/12/2023") == {"Trần Thị Hoa"}
    # Mất died in the cell in 2019, when it was under D01: a former member of D01, never of D02.
    assert run(world.admin, org=world.district.pk, status="died") == {"Hoàng Văn Mất"}
    assert run(world.admin, org=world.other_district.pk, status="died") == set()
