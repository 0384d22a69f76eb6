"""The WHOLE figure catalogue walked: number = list length = xlsx data rows = API value.

On the rich province (the 1/7/2025 merger of the two communes of D01, the district dissolved) with
cell meetings before and after the merger, a visit, admission targets and admissions before and
after mid-year, every registered figure — of every app — is read for several organizations, as of
dates before and after the merger and today, and over periods. For every parameter value the
number (the grouped count) equals the length of the list (the filtered records); for every
non-zero value and one zero value per figure, the xlsx export's data rows and the API's value and
record count are checked too. No record of a figure carries a date after the date asked.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.cadres.tests.scenario import rotate_in_province, staff_province
from coso.common.dates import today
from coso.evaluation.tests.scenario import rate_province
from coso.meetings import services as meeting_services
from coso.meetings.models import MeetingKind
from coso.meetings.tests.test_figures import hold
from coso.organizations.models import Organization
from coso.reports.catalogue import AS_OF, FIGURES, Reading, measure
from coso.reports.tests.conftest import BEFORE, MERGER, build_rich
from coso.targets.services import Decision, admission_target_set
from coso.testing.factories import make_member
from coso.training.tests.scenario import train_in_province
from coso.training.tests.scenario_qualifications import qualify_province

pytestmark = pytest.mark.django_db

AFTER = date(2025, 8, 31)
QUARTER_END = date(2025, 3, 31)
HTTP_VALUES = 3  # per figure and reading: the xlsx and the API are checked for this many values


@pytest.fixture
def province(world):
    rich = build_rich(world)
    w = rich.world
    for month in (1, 2, 3, 4):
        hold(w.cell, date(2025, month, 10), MeetingKind.COMBINED if month == 2 else MeetingKind.REGULAR,
             absent=("Nguyễn Văn Tuấn",), excused=("Đỗ Văn Đi",) if month == 3 else ())  # fmt: skip
    hold(w.other_cell, date(2025, 1, 12))
    hold(w.cell, date(2025, 8, 10))  # after the merger, under the new commune
    meeting_services.visit_record(cell=w.cell, on=date(2025, 3, 10), visitor_name="Trần Văn Ủy", actor=None)
    decision = Decision(number="12-QĐ/HU", signed_on=date(2025, 1, 10), issuer="Huyện ủy")
    admission_target_set(organization=w.commune, year=2025, target=3, decision=decision, actor=None)
    admission_target_set(organization=rich.second_commune, year=2025, target=2, decision=decision, actor=None)
    make_member(org=w.cell, full_name="Kết Nạp Xuân", admitted_on=date(2025, 3, 1))
    teachers = Organization.objects.get(code="C03-02")
    make_member(org=teachers, full_name="Kết Nạp Thu", admitted_on=date(2025, 8, 15))
    rate_province(rich)
    rotate_in_province(rich)
    train_in_province(rich)
    qualify_province(rich)
    staff_province(rich)
    return rich


def asks(rich):
    """(organization, on, start) to read: as of dates around the merger and today, and periods."""
    w = rich.world
    orgs = [w.province, w.district, rich.merged, rich.second_commune]
    moments = [(BEFORE, None), (MERGER, None), (today(), None), (QUARTER_END, date(2025, 1, 1)), (AFTER, MERGER)]
    return [(org, on, start) for org in orgs for on, start in moments]


def query(org, on, start, params) -> dict:
    q = {"org": org.pk, "on": on.strftime("%d/%m/%Y"), **params}
    if start is not None:
        q["from"] = start.strftime("%d/%m/%Y")
        q["to"] = on.strftime("%d/%m/%Y")
    return q


def api_query(org, on, start, params) -> dict:
    q = {"org": org.pk, "on": on.isoformat(), **params}
    if start is not None:
        q["from"] = start.isoformat()
        q["to"] = on.isoformat()
    return q


def xlsx_rows(client, slug, q) -> list[tuple]:
    response = client.get(reverse("reports:figure_export", kwargs={"figure": slug}), q)
    assert response.status_code == 200, (slug, q, response.status_code)
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))[2:]  # under the title row and the header row


def param_sets(reading, figure):
    sets = [{}] if figure.app != "reports" or not figure.params else []
    scope = reading.scope(figure)
    for p in figure.params:
        sets += [{p.name: code} for code, _label in p.choices(scope)]
    return sets


def test_the_whole_catalogue_agrees_everywhere(client, province):
    client.force_login(province.world.admin)
    apps = {f.app for f in FIGURES.values()}
    assert {"reports", "meetings", "targets", "evaluation"} <= apps
    seen_nonzero: set[str] = set()
    checked = 0
    for org, on, start in asks(province):
        reading = Reading(org, on=on, start=start)
        for figure in FIGURES.values():
            if start is not None and figure.timing == AS_OF:
                continue  # read as of the period's end: the as-of dates cover it
            scope = reading.scope(figure)
            zero_checked, http_checked = False, 0
            for params in param_sets(reading, figure):
                number = reading.value(figure.slug, **params)
                records = list(reading.records(figure.slug, **params))
                assert number == measure(figure, records), (figure.slug, params, org.code, on, start)
                checked += 1
                if (number == 0 and zero_checked) or http_checked >= HTTP_VALUES:
                    continue
                http_checked += 1
                for obj in reading.rows(figure.slug, **params):
                    for column in figure.columns:
                        cell = column.value(obj)
                        if isinstance(cell, date) and column.key != "date_of_birth":
                            assert cell <= scope.end, (figure.slug, column.key, cell, scope.end)
                zero_checked = zero_checked or number == 0
                seen_nonzero |= {figure.slug} if number else set()
                rows = xlsx_rows(client, figure.slug, query(org, on, start, params))
                if figure.total:
                    keys = [c.key for c in figure.columns]
                    assert sum(r[keys.index(figure.total)] or 0 for r in rows) == number, figure.slug
                else:
                    assert len(rows) == number, (figure.slug, params, org.code, on, start, len(rows))
                api = client.get(f"/api/v1/figures/{figure.slug}", api_query(org, on, start, params))
                assert api.status_code == 200, (figure.slug, api.content)
                assert api.json()["value"] == number, (figure.slug, params, api.json())
                listed = client.get(f"/api/v1/figures/{figure.slug}/records", api_query(org, on, start, params))
                assert listed.status_code == 200
                assert listed.json()["count"] == len(records), figure.slug
    assert checked > 500
    # The scenario gives every figure a non-zero value somewhere (a walk over zeros proves little).
    assert set(FIGURES) - seen_nonzero == set(), set(FIGURES) - seen_nonzero


def test_as_of_figures_never_count_later_events(client, province):
    """Admissions of 15/08/2025 and the August meeting are outside every reading that ends earlier."""
    w = province.world
    before = Reading(w.province, on=BEFORE, start=date(2025, 1, 1))
    after = Reading(w.province, on=AFTER, start=date(2025, 1, 1))
    names = lambda r: {row.member.full_name for row in r.records("targets-admitted")}  # noqa: E731
    assert "Kết Nạp Thu" not in names(before) and "Kết Nạp Xuân" in names(before)
    assert {"Kết Nạp Thu", "Kết Nạp Xuân"} <= names(after)
    assert before.value("meetings-held") + 1 == after.value("meetings-held")
    assert before.value("targets-admitted") + 1 == after.value("targets-admitted")
    as_of = {m.full_name for m in Reading(w.province, on=BEFORE).records("members_total")}
    assert "Kết Nạp Xuân" in as_of and "Kết Nạp Thu" not in as_of


def test_api_figure_endpoints_are_scoped_and_refuse_bad_parameters(client, province):
    w = province.world
    client.force_login(w.outsider_user)
    assert client.get("/api/v1/figures/members_total", {"org": w.district.pk}).status_code == 404
    assert client.get("/api/v1/figures/members_total/records", {"org": w.district.pk}).status_code == 404
    client.force_login(w.board_user)
    assert client.get("/api/v1/figures/nope", {"org": w.district.pk}).status_code == 404
    bad = client.get("/api/v1/figures/members_gender", {"org": w.district.pk, "gender": "nobody"})
    assert bad.status_code == 400 and "nobody" in bad.json()["detail"]
    ok = client.get("/api/v1/figures/members_gender", {"org": w.district.pk, "param": "female", "on": "2025-06-30"})
    assert ok.status_code == 200 and ok.json()["params"] == {"gender": "female"}
    assert ok.json()["denominator"] == "members_total"
    index = client.get("/api/v1/figures").json()
    assert {f["slug"] for f in index} == set(FIGURES)
