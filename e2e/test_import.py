"""Browser: a board member downloads the members template, fills one good row and one bad row,
uploads it, and sees the error named by sheet, row, column and value — with nothing imported; the
corrected file stops "ready to write" with what it would write, and is written on confirm. And the
organization tree: its template, rows in any order, the dry run's preview, the confirm."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from coso.imports.columns import MEMBER_COLUMNS
from coso.imports.models import ImportJob
from coso.members.models import Member
from coso.organizations.models import Organization
from e2e.conftest import login

GOOD_ROW = {
    "full_name": "Lê Văn Mới",
    "gender": "male",
    "date_of_birth": "12/04/1990",
    "ethnicity": "01",
    "religion": "none",
    "citizen_id": "001090099999",
    "general_education": "12/12",
    "first_event": "admitted",
    "event_on": "02/03/2015",
    "organization": "C01-01",
}
BAD_CITIZEN_ID = "00109009999"  # 11 digits
BAD_ROW = {**GOOD_ROW, "full_name": "Phạm Thị Sai", "citizen_id": BAD_CITIZEN_ID, "gender": "female"}


def _fill(template: bytes, rows: list[dict]) -> bytes:
    """The downloaded template with its example row replaced by `rows` (row 2 onwards)."""
    wb = load_workbook(BytesIO(template))
    ws = wb.worksheets[0]
    assert ws.title == "Đảng viên"
    headers = [str(cell.value or "").rstrip(" *") for cell in ws[1]]
    assert "Số CCCD" in headers and "Họ và tên" in headers
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(MEMBER_COLUMNS, start=1):
            cell = ws.cell(row=number, column=index, value=row.get(column.key))
            cell.number_format = "@"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_an_upload_with_a_bad_row_lists_the_error_and_imports_nothing(page, e2e_world, tmp_path):
    members_before = Member.objects.count()
    login(page, "board")
    page.goto(page.base_url + "/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập từ Excel")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp mẫu: Đảng viên (lý lịch và sự kiện đầu tiên)").click()
    assert download.value.suggested_filename == "mau-nhap-dang-vien.xlsx"
    template = download.value.path().read_bytes()

    upload = tmp_path / "dang-vien-thon-dong.xlsx"
    upload.write_bytes(_fill(template, [GOOD_ROW, BAD_ROW]))

    form = page.locator("#upload-form")
    expect(form.get_by_label("Đảng viên (lý lịch và sự kiện đầu tiên)")).to_be_checked()
    form.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(upload))
    form.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state("networkidle")

    job = ImportJob.objects.get(original_name="dang-vien-thon-dong.xlsx")
    assert f"/imports/jobs/{job.pk}/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("dang-vien-thon-dong.xlsx")
    result = page.locator("#job-result")
    expect(result).to_contain_text("Chưa ghi dữ liệu nào: tệp có 1 lỗi")
    expect(page.locator("#job-progress")).to_contain_text("Không nhập được")

    errors = page.locator("table#errors")
    expect(errors.locator("thead")).to_contain_text("Trang tính")
    rows = errors.locator("tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td")
    expect(cells.nth(0)).to_have_text("Đảng viên")
    expect(cells.nth(1)).to_have_text("3")
    expect(cells.nth(2)).to_have_text("Số CCCD")
    expect(cells.nth(3)).to_have_text(BAD_CITIZEN_ID)
    expect(cells.nth(4)).to_contain_text("Số CCCD phải gồm đúng 12 chữ số.")

    # Nothing was written: not even the good row.
    assert Member.objects.count() == members_before
    assert not Member.objects.filter(full_name__in=["Lê Văn Mới", "Phạm Thị Sai"]).exists()
    assert not Member.objects.filter(citizen_id="001090099999").exists()

    # The job is listed among the user's recent imports as failed, with nothing created.
    page.get_by_role("link", name="Tất cả các lượt nhập").click()
    page.wait_for_load_state("networkidle")
    listed = page.locator("#jobs tbody tr").filter(has=page.get_by_role("link", name="dang-vien-thon-dong.xlsx"))
    expect(listed).to_contain_text("Không nhập được")
    expect(listed.locator("td").last).to_have_text("0")

    # Corrected (the bad row removed), the same template imports the good row.
    fixed = tmp_path / "dang-vien-thon-dong-da-sua.xlsx"
    fixed.write_bytes(_fill(template, [GOOD_ROW]))
    form = page.locator("#upload-form")
    form.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(fixed))
    form.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state("networkidle")
    # The dry run: what would be written, nothing written until the user confirms.
    dry_run = page.locator("#dry-run")
    expect(page.locator("#job-progress")).to_contain_text("Sẵn sàng ghi")
    expect(dry_run.locator("#summary")).to_contain_text("Đảng viên mới")
    expect(dry_run.locator("#preview tbody tr")).to_have_count(1)
    expect(dry_run.locator("#preview")).to_contain_text("Lê Văn Mới")
    assert Member.objects.count() == members_before
    dry_run.get_by_role("button", name="Xác nhận và ghi").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#job-result")).to_contain_text("Đã tạo mới 1 đảng viên.")
    assert Member.objects.count() == members_before + 1
    created = Member.objects.get(citizen_id="001090099999")
    assert created.full_name == "Lê Văn Mới"
    assert created.organization == e2e_world.cell


def test_the_organization_tree_is_checked_shown_and_written_on_confirm(page, e2e_world, tmp_path):
    login(page, "board")
    page.goto(page.base_url + "/imports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp mẫu: Cây tổ chức (các tổ chức đảng và cấp trên của chúng)").click()
    assert download.value.suggested_filename == "mau-nhap-cay-to-chuc.xlsx"
    wb = load_workbook(BytesIO(download.value.path().read_bytes()))
    ws = wb.worksheets[0]
    assert ws.title == "Tổ chức đảng" and wb.worksheets[1].title == "Giá trị hợp lệ"
    headers = [str(cell.value or "").rstrip(" *") for cell in ws[1]]
    assert headers[:6] == ["Mã", "Tên", "Loại tổ chức", "Loại hình tổ chức", "Mã tổ chức cấp trên", "Ngày thành lập"]
    ws.delete_rows(2, ws.max_row)
    rows = [  # the cell before its committee: the import orders them
        ["C09-01", "Chi bộ thôn Mẫu", "Chi bộ trực thuộc", "Chi bộ thôn, bản, ấp", "C09", "01/03/2010"],
        ["C09", "Đảng bộ xã Mẫu", "Đảng bộ cơ sở", "Xã", "D01", "01/02/2010"],
    ]
    for row in rows:
        ws.append(row)
    upload = tmp_path / "cay-to-chuc.xlsx"
    wb.save(upload)

    form = page.locator("#upload-form")
    form.get_by_label("Cây tổ chức (các tổ chức đảng và cấp trên của chúng)").check()
    form.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(upload))
    form.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state("networkidle")
    dry_run = page.locator("#dry-run")
    expect(dry_run.locator("#summary")).to_contain_text("Tổ chức đảng")
    expect(dry_run.locator("#preview tbody tr")).to_have_count(2)
    expect(dry_run.locator("#preview tbody tr").first).to_contain_text("Đảng bộ xã Mẫu")  # parents first
    assert not Organization.objects.filter(code__in=["C09", "C09-01"]).exists()
    dry_run.get_by_role("button", name="Xác nhận và ghi").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#job-result")).to_contain_text("Đã ghi:")
    cell = Organization.objects.get(code="C09-01")
    assert cell.parent.code == "C09" and cell.parent.parent == e2e_world.district
