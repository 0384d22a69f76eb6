"""One paper, two files: the blocks of `coso.common.paper` rendered to .docx and to PDF carry the
same lines, and the PDF is a real, paged A4 document with the Party's header."""

from datetime import date

from coso.common import party_pdf
from coso.common.paper import Group, Paper
from coso.common.party_docx import date_line, locality
from coso.testing.papers import assert_same_lines, docx_text, pdf_pages, pdf_text


def sample() -> Paper:
    paper = Paper(title="Quyết định kết nạp - Nguyễn Thị Hường")
    paper.header(
        above="Đảng bộ huyện Sơn Tịnh",
        issuer="Đảng ủy xã An Lạc",
        number="12-QĐ/ĐU",
        place_date=date_line(locality("Đảng bộ xã An Lạc"), date(2024, 7, 21)),
    )
    paper.title_block("QUYẾT ĐỊNH", "kết nạp đảng viên")
    paper.para("Kết nạp quần chúng Nguyễn Thị Hường vào Đảng Cộng sản Việt Nam.", lead="Điều 1. ")
    paper.table(["STT", "Họ và tên"], [Group("Huy hiệu 30 năm tuổi Đảng"), ["1", "Lê Văn Ấn"]], left_aligned=(1,))
    paper.closing(recipients=["Như Điều 1", "Lưu văn phòng"], signing="T/M ĐẢNG ỦY")
    paper.page_break()
    paper.signatures(("THƯ KÝ", "", "Phạm Thị Bình"), ("CHỦ TRÌ", "", "Lê Văn An"))
    return paper


def test_the_docx_and_the_pdf_carry_the_same_lines():
    paper = sample()
    docx, pdf = paper.docx(), paper.pdf()
    assert_same_lines(paper, docx, pdf)
    text = pdf_text(pdf)
    assert "Xã An Lạc, ngày 21 tháng 7 năm 2024" in text and "Số 12-QĐ/ĐU" in text
    assert "Lê Văn Ấn" in docx_text(docx) and "Huy hiệu 30 năm tuổi Đảng" in text


def test_the_pdf_breaks_pages_where_the_paper_does_and_numbers_them():
    pdf = sample().pdf()
    assert pdf_pages(pdf) == 2
    text = pdf_text(pdf)
    assert "1/2" in text and "2/2" in text


def test_the_html_escapes_the_register_text():
    paper = Paper(title="x")
    paper.para("<script>alert(1)</script> & co")
    html = party_pdf.html(paper)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_locality_keeps_the_kind_of_place():
    assert locality("Đảng bộ phường Hòa Bình") == "Phường Hòa Bình"
    assert locality("Đảng bộ xã An Lạc") == "Xã An Lạc"
    assert locality("Chi bộ đặc khu Côn Đảo") == "Đặc khu Côn Đảo"


def test_the_file_is_named_in_vietnamese():
    response = party_pdf.pdf_download(b"%PDF-1.7", filename=party_pdf.paper_filename(sample(), "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''Quy%E1%BA%BFt" in response["Content-Disposition"]
