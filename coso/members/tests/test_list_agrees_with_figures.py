"""The register's list and its export agree with the dashboard's "party members" figure on the demo,
before and after the 1/7/2025 merger (issue 7: one rule, the subtree as of the date asked)."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook

from coso.common.dates import today
from coso.common.text import format_date
from coso.demo.plan import PAST, REFORM, build_plan
from coso.members.filters import MemberFilterForm, apply_filters
from coso.members.models import Member
from coso.organizations.models import Organization, OrgKind
from coso.reports.catalogue import Reading
from coso.reports.queries import member_counts

pytestmark = pytest.mark.django_db

MEMBERS, SEED = 300, 1


def _listed(user, **params) -> set[int]:
    form = MemberFilterForm(params, user=user)
    assert form.is_valid(), form.errors
    return set(apply_filters(None, form.cleaned_data, user).values_list("pk", flat=True))


def test_list_and_export_equal_the_members_total_figure_around_the_merger(client):
    call_command("seed_demo", members=MEMBERS, seed=SEED, stdout=StringIO())
    plan = build_plan(MEMBERS, SEED)
    board = get_user_model().objects.get(username="bantochuc")
    province = Organization.objects.get(kind=OrgKind.PROVINCE)
    district = Organization.objects.get(code=plan.reorg.district)
    merge = plan.reorg.merges[0]
    merged = Organization.objects.get(code=merge.code)
    source = Organization.objects.get(code=merge.sources[0])
    dates = (PAST, REFORM - timedelta(days=1), REFORM, today())
    # The register holds people who are not members on these dates (the dead, those who left):
    # the default list must not show them (2.513 against 2.399 before issue 7).
    assert Member.objects.count() > member_counts(province, today())["total"]

    client.force_login(board)
    for on in dates:
        for org in (province, district, merged, source):
            expected = member_counts(org, on)["total"]
            listed = _listed(board, org=str(org.pk), on=format_date(on))
            assert len(listed) == expected == Reading(org, on=on).records("members_total").count(), (org.name, on)
            assert listed == set(Reading(org, on=on).records("members_total").values_list("pk", flat=True)), (
                org.name,
                on,
            )
        # No organization chosen: the board's province, as on its dashboard.
        assert len(_listed(board, on=format_date(on))) == member_counts(province, on)["total"]

    # The merger moved the source commune's members into the new commune, dated.
    day_before = REFORM - timedelta(days=1)
    assert _listed(board, org=str(source.pk), on=format_date(day_before))
    assert _listed(board, org=str(merged.pk), on=format_date(day_before)) == set()
    assert _listed(board, org=str(source.pk), on=format_date(REFORM)) == set()
    assert len(_listed(board, org=str(district.pk), on=format_date(PAST))) == member_counts(district, PAST)["total"] > 0

    # The page and the xlsx say the same number as the figure.
    params = {"org": district.pk, "on": format_date(PAST)}
    total = member_counts(district, PAST)["total"]
    text = client.get("/members/", params).content.decode()
    assert f"Tìm thấy {total:,} đảng viên".replace(",", ".") in text
    assert f"thuộc {district.name} tại ngày 31/12/2024" in text
    response = client.get("/members/export/", params)
    rows = list(load_workbook(BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) - 2 == total  # the title row and the header row


def test_former_members_are_apart_and_labelled(client):
    call_command("seed_demo", members=MEMBERS, seed=SEED, stdout=StringIO())
    board = get_user_model().objects.get(username="bantochuc")
    province = Organization.objects.get(kind=OrgKind.PROVINCE)
    on = today()
    active = _listed(board, org=str(province.pk))
    former = _listed(board, org=str(province.pk), status="former")
    died = _listed(board, org=str(province.pk), status="died")
    assert former and died and died <= former
    assert not active & former
    assert set(Member.objects.filter(status="died").values_list("pk", flat=True)) == died
    assert active | former == set(Member.objects.values_list("pk", flat=True)) - set(
        Member.objects.filter(spells__isnull=True).values_list("pk", flat=True)
    )
    client.force_login(board)
    text = client.get("/members/", {"org": province.pk, "status": "former"}).content.decode()
    assert f"không còn là đảng viên của {province.name} tính đến ngày {format_date(on)}" in text
