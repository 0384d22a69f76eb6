"""The dry run of every kind: checked, shown (summary and first rows), written only on confirm."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.imports import registry
from coso.imports.models import ImportJob, JobStatus
from coso.imports.tests.factories import fill_kind, upload
from coso.organizations.models import Organization, OrganizationType, ResidentialUnit
from coso.organizations.services import organization_establish
from coso.targets.models import AdmissionTarget

pytestmark = pytest.mark.django_db

TREE = [
    {
        "code": "C09-01",
        "name": "Chi bộ thôn Một",
        "kind": "cell",
        "org_type": "village_cell",
        "parent": "C09",
        "established_on": "01/03/2010",
    },
    {
        "code": "C09",
        "name": "Đảng bộ xã Mẫu",
        "kind": "grassroots_committee",
        "org_type": "commune",
        "parent": "D01",
        "established_on": "01/02/2010",
    },
    {
        "code": "C09-02",
        "name": "Chi bộ thôn Hai",
        "kind": "cell",
        "org_type": "village_cell",
        "parent": "C09",
        "established_on": "01/03/2010",
    },
]
CASES = {
    "org_tree": (TREE, lambda: Organization.objects.filter(code__startswith="C09").count(), 3),
    "residential_units": (
        [{"code": "U09", "name": "Thôn Bắc", "unit_kind": "village", "commune": "C01"}],
        lambda: ResidentialUnit.objects.filter(code="U09").count(),
        1,
    ),
    "admission_targets": (
        [{"organization": "C01", "year": 2025, "target": 4}],
        lambda: AdmissionTarget.objects.filter(year=2025).count(),
        1,
    ),
}


def test_every_kind_is_registered_and_offered_by_the_upload_form(client, world):
    kinds = [i.kind for i in registry.importers()]
    assert kinds[:2] == ["members", "history"] and {"org_tree", "residential_units", "admission_targets"} <= set(kinds)
    client.force_login(world.board_user)
    html = client.get(reverse("imports:list")).content.decode()
    for kind in kinds:
        assert f'value="{kind}"' in html and f'id="template-{kind}"' in html
    assert "Cây tổ chức (các tổ chức đảng và cấp trên của chúng)" in html


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_page_checks_shows_and_writes_only_on_confirm(client, world, kind):
    rows, count, expected = CASES[kind]
    client.force_login(world.board_user)
    response = client.post(
        reverse("imports:list"), {"kind": kind, "file": upload(fill_kind(kind, world.board_user, rows))}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.READY, job.errors
    assert count() == 0  # the dry run wrote nothing
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert "Sẵn sàng ghi" in html and 'id="summary"' in html and 'id="preview"' in html
    assert len(job.preview["rows"]) == expected and all(str(v) in html for v in job.summary.values())
    confirm = reverse("imports:confirm", kwargs={"job_id": job.pk})
    assert client.get(confirm).status_code == 405 and count() == 0  # a POST only
    assert client.post(confirm)["Location"] == reverse("imports:detail", kwargs={"job_id": job.pk})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and count() == expected
    # Confirmed once: a second press writes nothing more.
    client.post(confirm)
    assert count() == expected and ImportJob.objects.get().status == JobStatus.SUCCEEDED


def test_the_confirm_checks_again_and_writes_nothing_if_the_register_changed(client, world):
    client.force_login(world.board_user)
    client.post(
        reverse("imports:list"), {"kind": "org_tree", "file": upload(fill_kind("org_tree", world.board_user, TREE))}
    )
    job = ImportJob.objects.get()
    assert job.status == JobStatus.READY
    organization_establish(  # meanwhile, someone establishes C09 by the form
        code="C09",
        name="Đảng bộ xã Khác",
        kind="grassroots_committee",
        org_type=OrganizationType.objects.get(code="commune"),
        parent=world.district,
        on=world.district.established_on,
        actor=None,
    )
    before = Organization.objects.count()
    client.post(reverse("imports:confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and Organization.objects.count() == before
    errors = [(e["row"], e["value"], e["reason"]) for e in job.errors]
    assert (3, "C09", "Mã C09 đã được sử dụng.") in errors
    assert (2, "C09", "Tổ chức cấp trên C09 (dòng 3) có lỗi: hãy sửa dòng đó trước.") in errors


def test_a_large_file_is_checked_and_written_through_the_job_queue(client, world, settings):
    settings.COSO_IMPORT_INLINE_MAX_ROWS = 1
    client.force_login(world.board_user)
    client.post(
        reverse("imports:list"), {"kind": "org_tree", "file": upload(fill_kind("org_tree", world.board_user, TREE))}
    )
    job = ImportJob.objects.get()
    assert job.background and job.status == JobStatus.READY and (job.total_rows, job.processed_rows) == (3, 3)
    client.post(reverse("imports:confirm", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.created_count == 3
    assert Organization.objects.filter(code__startswith="C09").count() == 3


def test_only_the_uploader_confirms(client, world):
    client.force_login(world.board_user)
    client.post(
        reverse("imports:list"), {"kind": "org_tree", "file": upload(fill_kind("org_tree", world.board_user, TREE))}
    )
    job = ImportJob.objects.get()
    for other in (world.outsider_user, world.province_board_user, world.member_user):
        client.force_login(other)
        assert client.post(reverse("imports:confirm", kwargs={"job_id": job.pk})).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.READY and not Organization.objects.filter(code="C09").exists()


@pytest.mark.parametrize("kind", sorted(CASES))
def test_templates_are_vietnamese_with_allowed_values_and_drop_downs(client, world, kind):
    client.force_login(world.board_user)
    response = client.get(reverse("imports:template"), {"kind": kind})
    assert response.status_code == 200 and response["Content-Disposition"].endswith(
        f'{registry.get(kind).template_name}"'
    )
    wb = load_workbook(BytesIO(response.content))
    data, values = wb.worksheets
    assert values.title == "Giá trị hợp lệ"
    assert data.title in {"Tổ chức đảng", "Thôn, tổ dân phố", "Chỉ tiêu kết nạp"}
    headers = [c.value for c in data[1]]
    assert not any(h.isascii() for h in headers), headers  # every header Vietnamese (none is plain ASCII)
    assert data.data_validations.dataValidation, "coded columns have drop-downs"
    listed = {
        values.cell(row=r, column=c).value
        for r in range(5, values.max_row + 1)
        for c in range(1, values.max_column + 1)
    }
    assert "C01" in listed and "C02" not in listed  # only organizations the uploader may write to


def test_an_unknown_template_kind_is_404(client, world):
    client.force_login(world.board_user)
    assert client.get(reverse("imports:template"), {"kind": "nope"}).status_code == 404
    assert client.get(reverse("imports:template")).status_code == 404
