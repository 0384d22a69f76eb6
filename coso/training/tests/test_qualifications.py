"""Qualifications as dated history and the qualification shares of cadres, to the digit (issue 10).

On the test world (province P01, district D01 with the commune C01, district D02 with C02):

    cadre  member?  posts (tier)                          general  professional  theory          SM
    A      yes      C01 secretary 2020– (commune),        12/12    university    elementary from  —
                    D01 committee 2020– (upper)                                  15/06/2024 (cert)
    B      yes      C01 committee 2019– (commune)         7/10     elementary    —               —
    C      no       C01 deputy 2022– (commune)            5/12 undated, 9/12 from 01/01/2023     —
    D      yes      D01 committee 2018– (upper)           12/12    intermediate  advanced        principal
    E      no       P01 board head 2015– (province)       —        —             —               —
    F      no       C02 committee 2020–31/12/2023         —        —             —               —
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from coso.audit.models import AuditEntry
from coso.cadres import services as cadre_services
from coso.cadres.models import PostKind
from coso.common.dates import today
from coso.members.models import Member
from coso.members.services import member_update_profile
from coso.reports.catalogue import Reading
from coso.testing.factories import make_member
from coso.training import queries, services
from coso.training.models import ClassKind, Qualification, Result

pytestmark = pytest.mark.django_db

CERTIFICATE = date(2024, 6, 15)
SHARES = (
    "qualification-lower-secondary",
    "qualification-trained",
    "qualification-intermediate",
    "qualification-theory",
    "qualification-state-management",
)


def _post(cadre, org, kind, start, end=None):
    return cadre_services.post_assign(
        cadre=cadre, organization=org, kind=kind, valid_from=start, valid_to=end, actor=None
    )


def _theory_pass(member, on: date, kind=ClassKind.THEORY_ELEMENTARY):
    org = member.organization
    training_class = services.class_create(
        organization=org, kind=kind, name=f"Lớp {kind} {on.year}", starts_on=date(on.year, 3, 1),
        ends_on=date(on.year, 5, 31), actor=None,
    )  # fmt: skip
    student = services.class_enrol(training_class=training_class, member=member, actor=None)
    return services.class_record_result(
        student=student, result=Result.PASSED, certificate_number=f"SC-{on:%Y%m%d}", certificate_date=on, actor=None
    )


@pytest.fixture
def cadres(world):
    w = world
    a_member = make_member(org=w.cell, full_name="Phan Văn An", professional_education="university")
    b_member = make_member(org=w.cell, full_name="Vũ Thị Bình", general_education="7/10",
                           professional_education="elementary")  # fmt: skip
    d_member = make_member(
        org=w.cell, full_name="Đinh Văn Dũng", professional_education="intermediate", political_theory="advanced",
        state_management="principal",
    )  # fmt: skip
    a = cadre_services.cadre_create(full_name="", organization=w.commune, member=a_member, actor=None)
    b = cadre_services.cadre_create(full_name="", organization=w.commune, member=b_member, actor=None)
    c = cadre_services.cadre_create(full_name="Lê Văn Công", organization=w.commune, actor=None)
    d = cadre_services.cadre_create(full_name="", organization=w.district, member=d_member, actor=None)
    e = cadre_services.cadre_create(full_name="Mai Thị Em", organization=w.province, actor=None)
    f = cadre_services.cadre_create(full_name="Tô Văn Phúc", organization=w.other_commune, actor=None)
    _post(a, w.commune, PostKind.SECRETARY, date(2020, 1, 1))
    _post(a, w.district, PostKind.COMMITTEE_MEMBER, date(2020, 1, 1))
    _post(b, w.commune, PostKind.COMMITTEE_MEMBER, date(2019, 1, 1))
    _post(c, w.commune, PostKind.DEPUTY_SECRETARY, date(2022, 1, 1))
    _post(d, w.district, PostKind.COMMITTEE_MEMBER, date(2018, 1, 1))
    _post(e, w.province, PostKind.BOARD_HEAD, date(2015, 1, 1))
    _post(f, w.other_commune, PostKind.COMMITTEE_MEMBER, date(2020, 1, 1), end=date(2023, 12, 31))
    services.qualification_record(cadre=c, field="general_education", value="5/12", since=None, actor=None)
    services.qualification_record(cadre=c, field="general_education", value="9/12", since=date(2023, 1, 1),
                                  actor=None)  # fmt: skip
    _theory_pass(a_member, CERTIFICATE)
    return SimpleNamespace(a=a, b=b, c=c, d=d, e=e, f=f, world=w)


def _numbers(org, on, **params):
    reading = Reading(org, on=on)
    return (
        [reading.value("qualification-cadres", **params)]
        + [reading.value(slug, **params) for slug in SHARES]
        + [reading.percent(slug, **params) for slug in SHARES]
    )


def _names(org, on, slug, **params):
    return {c.full_name for c in Reading(org, on=on).records(slug, **params)}


# The shares to the digit --------------------------------------------------------------------------


def test_the_shares_of_the_province_at_the_end_of_2024(cadres):
    on = date(2024, 12, 31)
    # A, B, C, D, E (F's post ended); lower-secondary A B C D; trained A B D; intermediate A D;
    # theory A D; state management D.
    assert _numbers(cadres.world.province, on) == [
        5, 4, 3, 2, 2, 1, "80,0%", "60,0%", "40,0%", "40,0%", "20,0%",
    ]  # fmt: skip
    assert _names(cadres.world.province, on, "qualification-lower-secondary") == {
        "Phan Văn An", "Vũ Thị Bình", "Lê Văn Công", "Đinh Văn Dũng",
    }  # fmt: skip


def test_commune_cadres_are_those_holding_a_commune_post(cadres):
    on = date(2024, 12, 31)
    province = cadres.world.province
    # A holds posts at the commune and the district: a commune cadre.
    assert _names(province, on, "qualification-cadres", tier="commune") == {"Phan Văn An", "Vũ Thị Bình", "Lê Văn Công"}
    assert _numbers(province, on, tier="commune") == [
        3, 3, 2, 1, 1, 0, "100,0%", "66,7%", "33,3%", "33,3%", "0,0%",
    ]  # fmt: skip
    assert _numbers(province, on, tier="upper") == [1, 1, 1, 1, 1, 1, *["100,0%"] * 5]
    assert _names(province, on, "qualification-cadres", tier="province") == {"Mai Thị Em"}
    assert Reading(province, on=on).breakdown("qualification-cadres", "tier") == {
        "commune": 3,
        "upper": 1,
        "province": 1,
    }


def test_a_share_before_and_after_the_certificate(cadres):
    province = cadres.world.province
    before = Reading(province, on=date(2024, 6, 14))
    on_the_day = Reading(province, on=CERTIFICATE)
    assert (before.value("qualification-theory"), before.percent("qualification-theory")) == (1, "20,0%")
    assert (on_the_day.value("qualification-theory"), on_the_day.percent("qualification-theory")) == (2, "40,0%")
    assert _names(province, date(2024, 6, 14), "qualification-theory") == {"Đinh Văn Dũng"}


def test_undated_facts_yield_to_dated_ones_in_the_past(cadres):
    """On 30/06/2022 C held the undated 5/12 (the 9/12 is dated 2023) and F's post was in force."""
    province = cadres.world.province
    on = date(2022, 6, 30)
    assert _numbers(province, on)[:2] == [6, 3]
    assert Reading(province, on=on).percent("qualification-lower-secondary") == "50,0%"
    assert "Lê Văn Công" not in _names(province, on, "qualification-lower-secondary")
    assert "Lê Văn Công" in _names(province, date(2023, 1, 1), "qualification-lower-secondary")


def test_a_subtree_counts_the_posts_of_its_units(cadres):
    w = cadres.world
    on = date(2024, 12, 31)
    assert _names(w.commune, on, "qualification-cadres") == {"Phan Văn An", "Vũ Thị Bình", "Lê Văn Công"}
    assert _names(w.district, on, "qualification-cadres") == {
        "Phan Văn An", "Vũ Thị Bình", "Lê Văn Công", "Đinh Văn Dũng",
    }  # fmt: skip
    assert _names(w.other_district, on, "qualification-cadres") == set()
    assert _names(w.other_district, date(2023, 6, 30), "qualification-cadres") == {"Tô Văn Phúc"}


def test_the_list_shows_the_level_and_posts_of_the_date(cadres, client):
    client.force_login(cadres.world.admin)
    reading = Reading(cadres.world.province, on=date(2024, 6, 14))
    rows = {c.full_name: c for c in reading.rows("qualification-cadres")}
    assert rows["Phan Văn An"].level_political_theory is None
    assert rows["Đinh Văn Dũng"].level_state_management == "principal"
    assert rows["Lê Văn Công"].level_general_education == "9/12"
    response = client.get(
        reverse("reports:figure", kwargs={"figure": "qualification-theory"}),
        {"org": cadres.world.province.pk, "on": "31/12/2024"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Phan Văn An" in body and "Đinh Văn Dũng" in body and "Vũ Thị Bình" not in body


# Qualification as of a date, through the services --------------------------------------------------


def test_a_certificate_writes_a_dated_fact(world):
    member = make_member(org=world.cell, full_name="Hồ Văn Lớp")
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 1, 1)) is None
    student = _theory_pass(member, date(2024, 6, 1), kind=ClassKind.THEORY_INTERMEDIATE)
    fact = Qualification.objects.get(member=member, field="political_theory")
    assert (fact.since, fact.value, fact.source) == (date(2024, 6, 1), "intermediate", student)
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 5, 31)) is None
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 6, 1)) == "intermediate"
    member.refresh_from_db()
    assert member.political_theory == "intermediate"  # the cache of today's value


def test_a_certificate_before_and_after_a_held_level(world):
    member = make_member(org=world.cell, full_name="Hồ Thị Cũ", political_theory="elementary")
    _theory_pass(member, date(2023, 6, 1), kind=ClassKind.THEORY_INTERMEDIATE)
    assert queries.value_on(member=member, field="political_theory", on=date(2023, 5, 31)) == "elementary"
    assert queries.value_on(member=member, field="political_theory", on=date(2023, 6, 2)) == "intermediate"
    # A lower certificate later is recorded as passed but lowers nothing.
    _theory_pass(member, date(2024, 6, 1))
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 7, 1)) == "intermediate"
    assert Qualification.objects.filter(member=member, field="political_theory").count() == 2


def test_a_result_taken_back_withdraws_the_fact(world):
    member = make_member(org=world.cell, full_name="Hồ Văn Rút")
    student = _theory_pass(member, date(2024, 6, 1))
    services.class_record_result(student=student, result=Result.FAILED, actor=None)
    assert not Qualification.objects.filter(member=member, field="political_theory").exists()
    member.refresh_from_db()
    assert member.political_theory == "elementary"  # what the profile said: no fact to replace it
    assert AuditEntry.objects.filter(service="qualification_withdraw").count() == 1


# The baseline: new members and the migration ---------------------------------------------------------


def test_a_new_member_gets_undated_facts_of_the_profile(world):
    member = make_member(org=world.cell, full_name="Lâm Văn Mới", professional_education="college",
                         political_theory="none")  # fmt: skip
    facts = {(q.field, q.value, q.since) for q in Qualification.objects.filter(member=member)}
    assert facts == {("general_education", "12/12", None), ("professional_education", "college", None)}
    assert set(Qualification.objects.filter(member=member).values_list("organization_id", flat=True)) == {world.cell.pk}
    assert AuditEntry.objects.filter(service="qualification_record", subject_id=member.pk).count() == 2


def test_the_migration_writes_and_takes_back_the_baseline(world):
    from importlib import import_module

    migration = import_module("coso.training.migrations.0003_qualification_baseline")
    Qualification.objects.all().delete()
    Member.objects.filter(pk=world.member.pk).update(political_theory="intermediate", state_management="none")
    editor = SimpleNamespace(connection=connection)
    migration.forward(global_apps, editor)
    facts = set(Qualification.objects.values_list("member_id", "field", "value", "since"))
    assert (world.member.pk, "political_theory", "intermediate", None) in facts
    assert (world.member.pk, "general_education", "12/12", None) in facts
    assert not any(f[1] == "state_management" for f in facts)
    assert len(facts) == Member.objects.count() + 1  # general education of each, theory of one
    migration.forward(global_apps, editor)  # twice: nothing doubled
    assert Qualification.objects.count() == len(facts)
    dated = Qualification.objects.create(member=world.member, field="political_theory", value="advanced",
                                         since=date(2024, 1, 1))  # fmt: skip
    migration.backward(global_apps, editor)
    assert list(Qualification.objects.all()) == [dated]


# The profile edit ---------------------------------------------------------------------------------


def _edit(member, since, **changes):
    member.refresh_from_db()
    data = {name: getattr(member, name) for name in changes} | changes
    return member_update_profile(member=member, data=data, qualification_since=since, actor=None)


def test_a_profile_edit_writes_a_dated_fact(world):
    member = world.member
    _edit(member, date(2024, 3, 1), political_theory="advanced")
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 2, 29)) is None
    assert queries.value_on(member=member, field="political_theory", on=date(2024, 3, 1)) == "advanced"
    member.refresh_from_db()
    assert member.political_theory == "advanced"
    # An unchanged field writes nothing.
    _edit(member, date(2024, 4, 1), political_theory="advanced", general_education="12/12")
    assert Qualification.objects.filter(member=member, field="political_theory").count() == 1
    assert Qualification.objects.filter(member=member, field="general_education").count() == 1  # the baseline


def test_a_profile_edit_that_would_not_hold_today_is_refused(world):
    member = world.member
    _edit(member, date(2024, 3, 1), political_theory="advanced")
    with pytest.raises(ValidationError) as undated:
        _edit(member, None, political_theory="intermediate")
    assert "qualification_since" in undated.value.error_dict
    assert "01/03/2024" in str(undated.value)
    with pytest.raises(ValidationError) as earlier:
        _edit(member, date(2023, 1, 1), political_theory="intermediate")
    assert "01/01/2023" in str(earlier.value)
    with pytest.raises(ValidationError):
        _edit(member, date(today().year + 1, 1, 1), political_theory="intermediate")
    member.refresh_from_db()
    assert member.political_theory == "advanced"  # nothing written: the edit and the fact are one
    assert Qualification.objects.filter(member=member, field="political_theory").count() == 1
    _edit(member, None, general_education="9/12")  # undated is fine while the field has no dated fact
    assert queries.value_on(member=member, field="general_education", on=today()) == "9/12"


# The profile form and the member page -------------------------------------------------------------


def _profile_form(**overrides):
    from coso.members.tests.test_views_forms import profile_data

    data = profile_data(full_name="Nguyễn Văn Tuấn", citizen_id="001085000001", date_of_birth="01/06/1985")
    data.update(gender="male", professional_education="none", political_theory="none", version=1)
    return data | overrides


def test_the_edit_form_asks_since_and_writes_the_dated_fact(client, world):
    member = world.member
    client.force_login(world.secretary_user)
    edit = reverse("members:edit", kwargs={"member_id": member.pk})
    page = client.get(edit).content.decode()
    assert 'name="qualification_since"' in page and f'value="{today():%d/%m/%Y}"' in page
    assert 'data-saved="none"' in page and "members/profile_form.js" in page  # shown once a level changes
    assert "members/profile_form.js" not in client.get(reverse("members:create")).content.decode()
    response = client.post(edit, _profile_form(political_theory="intermediate", qualification_since="01/09/2024"))
    assert response.status_code == 302
    fact = Qualification.objects.get(member=member, field="political_theory")
    assert (fact.value, fact.since, fact.recorded_by) == ("intermediate", date(2024, 9, 1), world.secretary_user)
    # Undated now the field has a dated level: refused on the field, in Vietnamese, nothing written.
    response = client.post(edit, _profile_form(political_theory="advanced", qualification_since="", version=2))
    assert response.status_code == 200
    assert "Lý luận chính trị đã có trình độ ghi nhận từ ngày 01/09/2024" in response.content.decode()
    member.refresh_from_db()
    assert (member.political_theory, member.version) == ("intermediate", 2)


def test_the_member_page_shows_the_qualification_history(client, world):
    member = make_member(org=world.cell, full_name="Hồ Văn Sử", professional_education="college")
    _theory_pass(member, date(2024, 6, 1), kind=ClassKind.THEORY_INTERMEDIATE)
    client.force_login(world.admin)
    body = client.get(reverse("members:detail", kwargs={"member_id": member.pk})).content.decode()
    table = body[body.index('id="qualifications"') :]
    table = table[: table.index("</table>")]
    assert "Cao đẳng" in table and "trước khi lập hồ sơ" in table
    assert "01/06/2024" in table and "SC-20240601" in table and "Trung cấp" in table
