"""The evaluation pages: a committee runs a campaign, a member self-assesses from their own login,
the unit page decides in bulk (a refused page shows the quota and writes nothing), the results and
their exports."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.audit.models import AuditEntry
from coso.common.dates import today
from coso.evaluation import services
from coso.evaluation.figures import MEMBER_SUMMARY
from coso.evaluation.models import Campaign, Evaluation, GoalRegistration, JobState, Stage, SubjectKind
from coso.organizations.services import organization_rename
from coso.testing.factories import make_member
from coso.testing.papers import docx_text

pytestmark = pytest.mark.django_db


def _campaign(world, year=2024):
    return services.campaign_open(committee=world.commune, year=year, opened_on=date(year, 12, 1), actor=None)


def test_a_board_opens_a_campaign_in_the_ui(client, world):
    client.force_login(world.board_user)
    page = client.get(reverse("evaluation:campaign_open"))
    assert page.status_code == 200
    response = client.post(
        reverse("evaluation:campaign_open"),
        {"committee": world.district.pk, "period_kind": "year", "year": 2024, "opened_on": "01/12/2024"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.job_state == JobState.DONE
    detail = client.get(reverse("evaluation:campaign", kwargs={"campaign_id": campaign.pk}))
    html = detail.content.decode()
    assert world.cell.name in html and world.commune.name in html
    # A quarterly campaign under the 2023 rules is refused on the form, naming the period.
    refused = client.post(
        reverse("evaluation:campaign_open"),
        {
            "committee": world.district.pk,
            "period_kind": "quarter",
            "year": 2024,
            "quarter": 2,
            "opened_on": "01/06/2024",
        },
    )
    assert refused.status_code == 200 and "period_kind" in refused.context["form"].errors
    assert Campaign.objects.count() == 1


def test_a_large_campaign_runs_on_the_queue_and_its_page_shows_progress(client, world, settings):
    settings.COSO_EVALUATION_INLINE_MAX = 0  # every campaign goes to the queue (run at once in tests)
    client.force_login(world.board_user)
    client.post(
        reverse("evaluation:campaign_open"),
        {"committee": world.district.pk, "period_kind": "year", "year": 2024, "opened_on": "01/12/2024"},
    )
    campaign = Campaign.objects.get()
    assert campaign.job_state == JobState.DONE and campaign.evaluations.count() == 3
    Campaign.objects.filter(pk=campaign.pk).update(job_state=JobState.RUNNING, job_total=10, job_done=4)
    bar = client.get(reverse("evaluation:campaign_progress", kwargs={"campaign_id": campaign.pk})).content.decode()
    assert "40%" in bar and "hx-trigger" in bar


def test_a_member_self_assesses_from_their_own_login(client, world):
    campaign = _campaign(world)
    record = campaign.evaluations.get(member=world.member)
    client.force_login(world.member_user)
    home = client.get(reverse("members:detail", kwargs={"member_id": world.member.pk})).content.decode()
    assert reverse("evaluation:record", kwargs={"evaluation_id": record.pk}) in home
    response = client.post(
        reverse("evaluation:self_assess", kwargs={"evaluation_id": record.pk}),
        {"text": "Tôi hoàn thành tốt nhiệm vụ", "grade": "good", "on": "05/12/2024", "version": record.version},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.stage == Stage.SELF_ASSESSED and record.self_by == world.member_user
    # The member may not decide their own rating, nor see another member's record.
    assert client.post(reverse("evaluation:decide", kwargs={"evaluation_id": record.pk}), {}).status_code == 403
    other = services.campaign_open(committee=world.other_commune, year=2024, opened_on=date(2024, 12, 1), actor=None)
    foreign = other.evaluations.get(member=world.other_member)
    assert client.get(reverse("evaluation:record", kwargs={"evaluation_id": foreign.pk})).status_code == 404


def test_members_register_their_goals_and_a_secretary_enters_them_for_others(client, world):
    client.force_login(world.member_user)
    url = reverse("evaluation:member_goals", kwargs={"member_id": world.member.pk})
    data = {"year": 2026, "on": today().strftime("%d/%m/%Y"), "text_0": "Hoàn thành chỉ tiêu", "target_0": "100%"}
    assert client.post(url, data).status_code == 302
    reg = GoalRegistration.objects.get(member=world.member)
    assert not reg.on_behalf and reg.items.get().target == "100%"
    other = make_member(org=world.cell, full_name="Không Có Tài Khoản")
    client.force_login(world.secretary_user)
    other_url = reverse("evaluation:member_goals", kwargs={"member_id": other.pk})
    assert client.post(other_url, {**data, "text_0": "Giữ gìn đoàn kết"}).status_code == 302
    assert GoalRegistration.objects.get(member=other).on_behalf
    listing = client.get(reverse("evaluation:goals"), {"org": world.cell.pk, "year": 2026}).content.decode()
    assert "Không Có Tài Khoản" in listing
    bad = client.post(other_url, {**data, "text_0": "", "target_0": "50%"})
    assert bad.status_code == 400 and "Goal 1" in bad.content.decode() or "Mục tiêu 1" in bad.content.decode()


def test_the_unit_page_decides_in_bulk_and_a_refused_page_shows_the_quota(client, world):
    people = [make_member(org=world.cell, full_name=f"Thành Viên {i}", admitted_on=date(2012, 1, 1)) for i in range(4)]
    campaign = _campaign(world)
    ids = {m.pk: campaign.evaluations.get(member=m).pk for m in [*people, world.member]}
    url = reverse("evaluation:unit", kwargs={"campaign_id": campaign.pk, "org_id": world.cell.pk})
    client.force_login(world.commune_secretary_user)
    assert client.get(url).status_code == 200
    decide = reverse("evaluation:unit_decide", kwargs={"campaign_id": campaign.pk, "org_id": world.cell.pk})
    data = {"decided_on": "20/12/2024", "decision_number": "25-QĐ/ĐU"}
    data |= {f"grade_{ids[people[0].pk]}": "excellent"} | {f"grade_{ids[m.pk]}": "good" for m in people[1:]}
    before = AuditEntry.objects.count()
    refused = client.post(decide, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and 'data-testid="page-errors"' in html and world.commune.name in html
    assert AuditEntry.objects.count() == before and not Evaluation.objects.exclude(grade="").exists()
    quota = client.post(
        reverse("evaluation:unit_quota", kwargs={"campaign_id": campaign.pk, "org_id": world.cell.pk}), data
    )
    assert "alert-danger" in quota.content.decode()
    data[f"grade_{ids[world.member.pk]}"] = "good"
    data[f"grade_{ids[people[0].pk]}"] = "good"
    assert client.post(decide, data).status_code == 302
    assert Evaluation.objects.filter(grade="good", decision_number="25-QĐ/ĐU").count() == 5
    # The cell's secretary proposes but does not decide.
    client.force_login(world.secretary_user)
    assert client.post(decide, data).status_code == 403
    docx = client.get(
        reverse("evaluation:decision_docx", kwargs={"campaign_id": campaign.pk, "org_id": world.commune.pk}),
        {"kind": "member"},
    )
    assert docx.status_code in (403, 404)
    client.force_login(world.commune_secretary_user)
    docx = client.get(
        reverse("evaluation:decision_docx", kwargs={"campaign_id": campaign.pk, "org_id": world.commune.pk}),
        {"kind": "member"},
    )
    assert docx.status_code == 200 and "Thành Viên 1" in docx_text(docx.content)


def test_the_record_page_walks_the_steps(client, world):
    campaign = _campaign(world)
    record = campaign.evaluations.get(member=world.member)
    client.force_login(world.commune_secretary_user)
    url = lambda name: reverse(f"evaluation:{name}", kwargs={"evaluation_id": record.pk})  # noqa: E731
    assert client.get(url("record")).status_code == 200
    assert (
        client.post(url("opinion_add"), {"source": "cell", "text": "Tốt", "given_on": "06/12/2024"}).status_code == 302
    )
    assert client.post(url("propose"), {"grade": "good", "on": "10/12/2024", "version": 1}).status_code == 302
    assert (
        client.post(url("decide"), {"grade": "excellent", "decided_on": "20/12/2024", "version": 2}).status_code == 400
    )
    assert client.post(url("decide"), {"grade": "good", "decided_on": "20/12/2024", "version": 2}).status_code == 302
    record.refresh_from_db()
    assert (record.stage, record.grade, record.opinions.count()) == (Stage.DECIDED, "good", 1)
    cell = campaign.evaluations.get(subject_kind=SubjectKind.ORGANIZATION)
    client.post(
        reverse("evaluation:decide", kwargs={"evaluation_id": cell.pk}),
        {"grade": "good", "decided_on": "20/12/2024", "version": 1},
    )
    close = reverse("evaluation:campaign_close", kwargs={"campaign_id": campaign.pk})
    assert client.post(close, {"closed_on": "31/12/2024"}).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).closed_on == date(2024, 12, 31)


def test_the_results_page_and_its_export(client, world):
    campaign = _campaign(world)
    services.decide_many(campaign, [services.Decision(e.pk, "good") for e in campaign.evaluations.exclude(stage="not_rated")],
                         on=date(2024, 12, 20), actor=None)  # fmt: skip
    client.force_login(world.board_user)
    page = client.get(reverse("evaluation:report"), {"org": world.district.pk, "year": 2024})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-figure="evaluation-members-good"' in html
    assert 'data-testid="failing-note"' in html
    export = client.get(reverse("evaluation:report_export"), {"org": world.district.pk, "year": 2024})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    good = rows[2 + MEMBER_SUMMARY.index("evaluation-members-good")]  # under the title and header rows
    assert good[-2] == 1 and good[-1] == "100,0%"


def test_the_decision_names_the_cells_as_they_were_named_in_the_period(client, world):
    campaign = _campaign(world)
    services.decide_many(campaign, [services.Decision(campaign.evaluations.get(member=world.member).pk, "good")],
                         on=date(2024, 12, 20), actor=None)  # fmt: skip
    organization_rename(organization=world.cell, name="Chi bộ thôn Đông Mới", on=date(2025, 3, 1), actor=None)
    client.force_login(world.commune_secretary_user)
    url = reverse("evaluation:decision_docx", kwargs={"campaign_id": campaign.pk, "org_id": world.commune.pk})
    text = docx_text(client.get(url, {"kind": "member"}).content)
    assert "Chi bộ thôn Đông" in text and "Đông Mới" not in text


def test_the_unit_page_flags_a_member_who_did_not_complete_last_year(client, world):
    last = _campaign(world, 2023)
    services.decide_many(last, [services.Decision(last.evaluations.get(member=world.member).pk, "not_completed")],
                         on=date(2023, 12, 20), actor=None)  # fmt: skip
    campaign = _campaign(world, 2024)
    client.force_login(world.commune_secretary_user)
    html = client.get(reverse("evaluation:unit", kwargs={"campaign_id": campaign.pk, "org_id": world.cell.pk}))
    assert html.content.decode().count('data-testid="failed-last-year"') == 1
