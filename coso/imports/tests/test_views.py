"""Import pages: upload, background jobs with progress, confirmation, templates, ownership, duplicates."""

from datetime import date
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from coso.accounts.scoping import get_for_user
from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.tests.factories import fill_template, make_import_job, member_row, upload
from coso.members.models import Member
from coso.testing.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db


def rows(n: int) -> list[dict]:
    return [
        member_row(
            full_name=f"Đảng Viên Thử {i}", citizen_id=f"0011900{i:05d}", date_of_birth=f"{i % 28 + 1:02d}/05/1990"
        )
        for i in range(n)
    ]


def post_upload(client, user, content: bytes, **data):
    client.force_login(user)
    return client.post(reverse("imports:list"), {"kind": "members", "file": upload(content), **data})


def confirm(client, job, **data):
    """Press the dry run's confirm; the job as it stands after it."""
    response = client.post(reverse("imports:confirm", kwargs={"job_id": job.pk}), data)
    assert response.status_code == 302, response.content.decode()[:500]
    job.refresh_from_db()
    return job


def test_small_file_is_checked_inside_the_request_and_written_on_confirm(client, world):
    response = post_upload(client, world.board_user, fill_template(world.board_user, members=rows(3)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.READY and not job.background and job.created_count == 0
    assert not Member.objects.filter(citizen_id__startswith="0011900").exists()  # the dry run writes nothing
    assert job.summary == {"Đảng viên mới": 3, "Sự kiện lịch sử": 3}
    assert job.preview["headers"][0] == "Họ và tên" and len(job.preview["rows"]) == 3
    html = client.get(response["Location"]).content.decode()
    assert "Sẵn sàng ghi" in html and 'id="preview"' in html and "Đảng Viên Thử 0" in html
    assert 'id="confirm-form"' in html and 'name="confirm"' not in html  # no duplicates: no box to tick
    job = confirm(client, job)
    assert job.status == JobStatus.SUCCEEDED and not job.background and job.created_count == 3
    assert Member.objects.filter(citizen_id__startswith="0011900").count() == 3
    assert job.user == world.board_user and job.organization == world.district
    assert job.file.name.startswith("imports/") and job.original_name == "danh-sach.xlsx"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Đã tạo mới 3 đảng viên." in page.content.decode()


def test_large_file_goes_to_the_job_queue_and_the_progress_partial_renders(client, world, settings):
    settings.COSO_IMPORT_INLINE_MAX_ROWS = 2
    post_upload(client, world.board_user, fill_template(world.board_user, members=rows(5)))
    job = ImportJob.objects.get()
    # The ImmediateBackend of the tests ran the queued task at once: the check, stopped ready to write.
    assert job.background and job.status == JobStatus.READY, job.errors
    assert not Member.objects.filter(citizen_id__startswith="0011900").exists()
    job = confirm(client, job)  # the write goes through the job queue as well
    assert job.background and job.status == JobStatus.SUCCEEDED, job.errors
    assert (job.total_rows, job.processed_rows, job.created_count) == (5, 5, 5)
    assert Member.objects.filter(citizen_id__startswith="0011900").count() == 5
    partial = client.get(reverse("imports:progress", kwargs={"job_id": job.pk}), HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    assert 'aria-valuenow="100"' in html and "hx-trigger" not in html  # finished: polling stops


def test_progress_partial_polls_while_the_job_runs(client, world):
    job = make_import_job(
        user=world.board_user,
        organization=world.district,
        status=JobStatus.VALIDATING,
        total_rows=400,
        processed_rows=100,
    )
    client.force_login(world.board_user)
    html = client.get(reverse("imports:progress", kwargs={"job_id": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="25"' in html
    assert "Đã kiểm tra 100/400 dòng" in html


def test_the_task_marks_the_job_and_skips_jobs_already_run(world):
    from coso.imports.tasks import run_import_job

    job = make_import_job(user=world.board_user, organization=world.district, status=JobStatus.SUCCEEDED)
    assert run_import_job.enqueue(job.pk).return_value == "skipped"


def test_failed_job_page_shows_the_error_table_and_the_errors_download(client, world):
    bad = rows(2)
    bad[1]["organization"] = "C02-01"
    post_upload(client, world.board_user, fill_template(world.board_user, members=bad))
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED
    html = client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'id="errors"' in html and "C02-01" in html and "Mã tổ chức" in html
    download = client.get(reverse("imports:errors_xlsx", kwargs={"job_id": job.pk}))
    ws = load_workbook(BytesIO(download.content)).active
    assert [c.value for c in ws[2]][:4] == ["Đảng viên", 3, "Mã tổ chức", "C02-01"]


def test_possible_duplicates_stop_the_job_until_confirmed(client, world):
    row = member_row(full_name=world.member.full_name, date_of_birth="01/06/1985")
    post_upload(client, world.board_user, fill_template(world.board_user, members=[row]))
    job = ImportJob.objects.get()
    assert job.status == JobStatus.READY
    detail = reverse("imports:detail", kwargs={"job_id": job.pk})
    html = client.get(detail).content.decode()
    assert 'id="confirm-form"' in html and reverse("members:detail", kwargs={"member_id": world.member.pk}) in html
    confirm = reverse("imports:confirm", kwargs={"job_id": job.pk})
    assert client.post(confirm, {}).status_code == 400  # the box must be ticked
    assert not Member.objects.filter(citizen_id=row["citizen_id"]).exists()
    assert client.post(confirm, {"confirm": "on"})["Location"] == detail
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.duplicates_confirmed
    assert Member.objects.filter(citizen_id=row["citizen_id"]).exists()


def test_ticking_the_box_at_upload_imports_possible_duplicates(client, world):
    row = member_row(full_name=world.member.full_name, date_of_birth="01/06/1985")
    post_upload(client, world.board_user, fill_template(world.board_user, members=[row]), confirm="on")
    job = ImportJob.objects.get()
    assert job.status == JobStatus.READY and job.warning_count == 1
    assert confirm(client, job).status == JobStatus.SUCCEEDED  # no second box to tick


def test_upload_rejects_a_file_that_is_not_xlsx(client, world):
    client.force_login(world.board_user)
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload(b"a;b", name="ds.csv")})
    assert response.status_code == 400 and "không phải tệp .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_members_and_observers_cannot_upload(client, world):
    client.force_login(world.member_user)
    assert "upload-form" not in client.get(reverse("imports:list")).content.decode()
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload(b"x")})
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_a_job_is_its_uploaders_own(client, world):
    job = make_import_job(user=world.board_user, organization=world.district)
    colleague = UserFactory(username="board2")
    from coso.accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=colleague, role=Role.BOARD, organization=world.district)
    for user in (world.secretary_user, world.outsider_user, world.member_user, colleague):
        client.force_login(user)
        for name in ("imports:detail", "imports:progress", "imports:errors_xlsx"):
            assert client.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 404, (user, name)
        assert client.post(reverse("imports:confirm", kwargs={"job_id": job.pk}), {"confirm": "on"}).status_code == 404
    for user in (world.secretary_user, world.outsider_user, world.member_user):
        with pytest.raises(Http404):
            get_for_user(ImportJob, job.pk, user)
    assert get_for_user(ImportJob, job.pk, world.board_user) == job
    client.force_login(world.admin)
    assert client.get(reverse("imports:detail", kwargs={"job_id": job.pk})).status_code == 200


def test_jobs_list_shows_own_jobs_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(15):
        make_import_job(user=world.board_user, organization=world.district, original_name=f"tep-{i}.xlsx")
    make_import_job(user=world.outsider_user, organization=world.other_district, original_name="cua-nguoi-khac.xlsx")
    client.force_login(world.board_user)
    with django_assert_max_num_queries(11):  # 10, plus the paginator's count
        response = client.get(reverse("imports:list"))
    html = response.content.decode()
    assert html.count("tep-") == 15 and "cua-nguoi-khac" not in html


def test_jobs_list_is_paginated_newest_first(client, world):
    from coso.imports.views import JOBS_PER_PAGE

    for i in range(JOBS_PER_PAGE + 3):
        make_import_job(user=world.board_user, organization=world.district, original_name=f"tep-{i:02d}.xlsx")
    client.force_login(world.board_user)
    first = client.get(reverse("imports:list"))
    assert [j.original_name for j in first.context["jobs"]][:1] == [f"tep-{JOBS_PER_PAGE + 2:02d}.xlsx"]
    assert 'data-testid="pagination"' in first.content.decode()
    second = client.get(reverse("imports:list"), {"page": 2})
    assert [j.original_name for j in second.context["jobs"]] == ["tep-02.xlsx", "tep-01.xlsx", "tep-00.xlsx"]


def test_templates_have_vietnamese_headers_and_the_allowed_values_sheet(client, world):
    client.force_login(world.board_user)
    response = client.get(reverse("imports:template_members"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Đảng viên", "Giá trị hợp lệ"]
    headers = [c.value for c in wb["Đảng viên"][1]]
    assert headers[:4] == ["Họ và tên *", "Họ tên khai sinh", "Giới tính *", "Ngày sinh *"]
    assert "Mã tổ chức *" in headers and "Số CCCD" in headers
    values = {c.value for row in wb["Giá trị hợp lệ"].iter_rows() for c in row if c.value is not None}
    assert {"Nam", "Nữ", "Kinh", "Tày"} <= values
    # The programme's own codes are English words: the template lists and shows their meanings only.
    assert not values & {"male", "female", "none", "admitted", "transferred_in", "official"}
    example = [c.value for c in wb["Đảng viên"][2]]
    assert "Nam" in example and "male" not in example
    # Organizations the board user may write to, and none of the other district.
    assert {"D01", "C01", "C01-01"} <= values and not values & {"D02", "C02", "C02-01"}
    assert world.other_cell.name not in values
    validations = wb["Đảng viên"].data_validations.dataValidation
    assert any("Giá trị hợp lệ" in dv.formula1 for dv in validations) and len(validations) >= 10

    history = load_workbook(BytesIO(client.get(reverse("imports:template_history")).content))
    assert history.sheetnames == ["Lịch sử", "Giá trị hợp lệ"]
    values = {c.value for row in history["Giá trị hợp lệ"].iter_rows() for c in row if c.value is not None}
    assert not values & {"recognized", "transferred", "reprimand", "expulsion", "inactive", "reorganized"}


def test_duplicates_page_lists_groups_in_scope_with_links(client, world, django_assert_max_num_queries):
    twin = make_member(org=world.cell, full_name="NGUYEN VAN TUAN", date_of_birth=date(1985, 6, 1))
    make_member(org=world.other_cell, full_name="Trần Thị Hoa", date_of_birth=date(1990, 1, 1))
    make_member(org=world.other_cell, full_name="Tran Thi Hoa", date_of_birth=date(1990, 1, 1))
    Member.objects.filter(pk=twin.pk).update(citizen_id="12345")
    client.force_login(world.board_user)
    with django_assert_max_num_queries(11):  # + the competence rows in force
        response = client.get(reverse("imports:duplicates"))
    html = response.content.decode()
    for member in (world.member, twin):
        assert reverse("members:detail", kwargs={"member_id": member.pk}) in html
    assert "Tran Thi Hoa" not in html and "Trần Thị Hoa" not in html
    assert "<code>12345</code>" in html
    client.force_login(world.outsider_user)
    html = client.get(reverse("imports:duplicates")).content.decode()
    assert "Tran Thi Hoa" in html and "NGUYEN VAN TUAN" not in html


def test_history_kind_through_the_page(client, world):
    content = fill_template(
        world.board_user,
        history=[{"member_key": world.member.citizen_id, "kind": "recognized", "on": "15/03/2011"}],
        kind=ImportKind.HISTORY,
    )
    client.force_login(world.board_user)
    client.post(reverse("imports:list"), {"kind": "history", "file": upload(content)})
    job = ImportJob.objects.get()
    assert job.status == JobStatus.READY and job.summary == {
        "Đảng viên đã có được thêm sự kiện": 1,
        "Sự kiện lịch sử": 1,
    }
    job = confirm(client, job)
    assert job.status == JobStatus.SUCCEEDED and job.updated_count == 1
    world.member.refresh_from_db()
    assert world.member.official_on == date(2011, 3, 15)
