"""No xlsx the system writes can carry a formula made of someone's text (security review, issue 7).

Exports wrote text beginning with `=` as a formula (openpyxl turns such a string into one), and
text beginning with `+`, `-`, `@`, a tab or a carriage return is what a spreadsheet runs as a
formula once the cell is touched. Every writer goes through `coso.common.xlsx`, which stores such
text as a string cell with Excel's quote prefix: the exact text, never a formula. Numbers stay
numbers, dates stay dates. Checked on the raw XML as well as through openpyxl.
"""

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.common.xlsx import export_title, is_formula_like, workbook_bytes

DANGEROUS = ['=HYPERLINK("http://x")', "@SUM(A1)", "-1+2", "+1", "=1+1", "\t=1", "\r=1"]


def sheet_xml(content: bytes) -> str:
    archive = zipfile.ZipFile(BytesIO(content))
    return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def assert_no_formula(content: bytes) -> None:
    assert not re.search(r"<f[ >]", sheet_xml(content)), "the workbook holds a formula"


@pytest.mark.parametrize(
    ("text", "dangerous"),
    [
        ("=A1", True),
        ("+84 912", True),
        ("-", True),
        ("@x", True),
        ("\tx", True),
        ("\rx", True),
        ("Lê =", False),
        ("", False),
        (12, False),
    ],
)
def test_formula_like_text(text, dangerous):
    assert is_formula_like(text) is dangerous


def test_text_stays_text_and_numbers_and_dates_keep_their_type():
    content = workbook_bytes(
        title="Danh sách",
        headers=["Họ và tên", "Số", "Ngày", "Lúc"],
        rows=[[text, -12, date(2020, 1, 2), datetime(2020, 1, 2, 3, 4)] for text in DANGEROUS]
        + [["Lê Thị Mai", 3.5, None, None]],
    )
    assert_no_formula(content)
    ws = load_workbook(BytesIO(content)).active
    for row, text in zip(ws.iter_rows(min_row=2), DANGEROUS, strict=False):
        name, number, day, at = row
        assert (name.value, name.data_type, name.quotePrefix) == (text, "s", True)
        assert (number.value, number.data_type) == (-12, "n")
        assert day.is_date and day.value == datetime(2020, 1, 2)
        assert at.value == datetime(2020, 1, 2, 3, 4)
    last = list(ws.iter_rows(min_row=len(DANGEROUS) + 2))[0]
    assert (last[0].value, last[0].quotePrefix, last[1].value) == ("Lê Thị Mai", False, 3.5)


@pytest.mark.django_db
def test_the_member_export_writes_a_formula_like_name_as_text(client, world):
    world.member.full_name = '=HYPERLINK("http://x")'
    world.member.save(update_fields=["full_name"])
    client.force_login(world.board_user)
    response = client.get(reverse("members:export"))
    assert response.status_code == 200
    assert_no_formula(response.content)
    ws = load_workbook(BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


@pytest.mark.django_db
def test_every_figure_export_holds_no_formula(client, world):
    from coso.reports.figures import FIGURES

    world.member.full_name = "=1+1"
    world.member.save(update_fields=["full_name"])
    client.force_login(world.board_user)
    exported = 0
    for slug in FIGURES:
        response = client.get(reverse("reports:figure_export", kwargs={"figure": slug}), {"org": world.district.pk})
        if response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml"):
            assert_no_formula(response.content)
            exported += 1
    assert exported


# The layout of every export (issue 8) ----------------------------------------------------------


def test_an_export_has_a_title_row_a_frozen_header_real_dates_numbers_and_fitted_widths():
    caption = export_title("Đảng viên", org="Đảng bộ phường Hòa Bình", on=date(2024, 7, 21))
    assert caption == "Đảng viên — Đảng bộ phường Hòa Bình — ngày 21/07/2024"
    long_name = "Chi bộ Tổ dân phố số 1 — Đảng ủy phường Hòa Bình"
    content = workbook_bytes(
        title="Đảng viên",
        caption=caption,
        headers=["STT", "Họ và tên", "Ngày sinh", "Tổ chức", "Đảng phí", "Ghi chú"],
        rows=[
            [1, "Lê Thị Mai", date(1985, 6, 1), long_name, Decimal("12500.50"), "x" * 200],
            [2, "Trần Văn An", datetime(1990, 1, 2), "Chi bộ thôn Đông", 3.5, ""],
        ],
    )
    ws = load_workbook(BytesIO(content)).active
    assert ws["A1"].value == caption and ws["A1"].font.bold
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == ["STT", "Họ và tên", "Ngày sinh", "Tổ chức", "Đảng phí", "Ghi chú"]
    assert all(c.font.bold for c in ws[2])
    number, name, born, org, dues, _note = ws[3]
    assert (number.value, number.data_type) == (1, "n")
    assert (dues.value, dues.data_type) == (12500.5, "n")
    assert born.is_date and born.number_format == "DD/MM/YYYY" and born.value == datetime(1985, 6, 1)
    assert ws["C4"].is_date and ws["C4"].number_format == "DD/MM/YYYY"
    assert name.data_type == "s"
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["D"] == len(long_name) + 2  # fitted to the longest value
    assert widths["C"] == 12  # dd/mm/yyyy and a margin
    assert widths["A"] == 6  # the header "STT" is short: the minimum
    assert widths["F"] == 60  # capped


def test_without_a_caption_the_header_is_the_first_row_and_frozen():
    ws = load_workbook(BytesIO(workbook_bytes(title="Lỗi", headers=["Dòng"], rows=[[3]]))).active
    assert ws["A1"].value == "Dòng" and ws.freeze_panes == "A2" and ws["A2"].value == 3


def test_a_period_title_names_both_ends():
    title = export_title("Kết nạp", org="Đảng bộ xã An Lạc", on=date(2024, 1, 1), until=date(2024, 12, 31))
    assert title == "Kết nạp — Đảng bộ xã An Lạc — từ 01/01/2024 đến 31/12/2024"


@pytest.mark.django_db
def test_the_member_export_is_laid_out_like_every_export(client, world):
    client.force_login(world.board_user)
    ws = load_workbook(BytesIO(client.get(reverse("members:export")).content)).active
    assert ws["A1"].value.startswith("Đảng viên — ") and ws.freeze_panes == "A3"
    dates = [c for c in ws[3] if c.is_date]
    assert dates and all(c.number_format == "DD/MM/YYYY" for c in dates)
