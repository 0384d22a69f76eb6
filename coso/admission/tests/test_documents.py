"""The Word forms: open the produced .docx with python-docx and read what the board would print."""

import io
from datetime import date

import pytest
from docx import Document

from coso.admission import documents, services
from coso.admission.models import Form
from coso.admission.tests.factories import make_admitted_candidate
from coso.organizations.models import OrgKind
from coso.testing.factories import make_org

pytestmark = pytest.mark.django_db


def read(data: bytes) -> tuple[list[str], list[str]]:
    """(header table texts, all paragraph texts incl. table cells) of a .docx."""
    doc = Document(io.BytesIO(data))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table.rows[0].cells:
            texts += [p.text for p in cell.paragraphs]
    return header, texts


@pytest.fixture
def recognized(world):
    candidate = make_admitted_candidate(world=world, full_name="Lê Thị Mai", gender="female")
    services.candidate_recognize(
        candidate=candidate,
        cell_vote_on=date(2022, 9, 26),
        cell_resolution_number="12-NQ/CB",
        official_members=12,
        in_favour=8,
        decision_number="301-QĐ/ĐU",
        decision_date=date(2022, 10, 5),
        actor=None,
    )
    candidate.refresh_from_db()
    return candidate


def test_cell_resolution_6_knd(recognized, world):
    doc = recognized.documents.get(form=Form.CELL_RESOLUTION)
    header, texts = read(documents.cell_resolution(recognized, doc))
    left, right = header
    assert "ĐẢNG BỘ XÃ AN LẠC" in left and "CHI BỘ THÔN ĐÔNG" in left and "Số 05-NQ/CB" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "An Lạc, ngày 20 tháng 8 năm 2021" in right
    body = "\n".join(texts)
    assert "NGHỊ QUYẾT" in body and "đề nghị kết nạp đảng viên" in body
    assert "Lê Thị Mai" in body and "9 đồng chí" in body
    assert "Nơi nhận:" in body and "T/M CHI BỘ" in body and "BÍ THƯ" in body


def test_admission_decision_9_knd(recognized):
    doc = recognized.documents.get(form=Form.ADMISSION_DECISION)
    header, texts = read(documents.admission_decision(recognized, doc))
    assert "ĐẢNG ỦY XÃ AN LẠC" in header[0] and "Số 125-QĐ/ĐU" in header[0]
    assert "ĐẢNG BỘ HUYỆN AN BÌNH" in header[0]
    assert "An Lạc, ngày 10 tháng 9 năm 2021" in header[1]
    body = "\n".join(texts)
    assert "QUYẾT ĐỊNH" in body and "kết nạp đảng viên" in body
    assert "Điều 1. Kết nạp quần chúng Lê Thị Mai" in body
    assert "QĐ 24-QĐ/TW" in body, "the decision cites the regulation in force on its date"
    assert "Nghị quyết số 05-NQ/CB, ngày 20/08/2021" in body
    assert "12 tháng" in body and "T/M ĐẢNG ỦY" in body


def test_recognition_decision_dates_official_from_the_end_of_probation(recognized):
    doc = recognized.documents.get(form=Form.RECOGNITION_DECISION)
    header, texts = read(documents.recognition_decision(recognized, doc))
    assert "Số 301-QĐ/ĐU" in header[0] and "An Lạc, ngày 05 tháng 10 năm 2022" in header[1]
    body = "\n".join(texts)
    assert "công nhận đảng viên chính thức" in body
    assert "kể từ ngày 20/09/2022" in body and "T/M ĐẢNG ỦY" in body


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 7, 21), "Sơn Lâm, ngày 21 tháng 7 năm 2025"),
        (date(2025, 2, 5), "Sơn Lâm, ngày 05 tháng 02 năm 2025"),
        (date(2025, 11, 3), "Sơn Lâm, ngày 03 tháng 11 năm 2025"),
    ],
)
def test_date_line(on, expected):
    assert documents.date_line("Sơn Lâm", on) == expected


def test_names_of_committees_and_places(world):
    assert documents.committee_name(world.commune) == "Đảng ủy xã An Lạc"
    assert documents.place_of(world.commune) == "An Lạc"
    assert documents.signing_body(world.cell) == "T/M CHI BỘ"
    assert documents.signing_body(world.district) == "T/M BAN THƯỜNG VỤ"
    ward = make_org(
        name="Đảng bộ phường Hòa Bình", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.district, type_code="ward"
    )
    assert documents.place_of(ward) == "Hòa Bình"
    assert documents.number_line("Số 3-NQ/CB") == "Số 3-NQ/CB"


def test_cell_resolution_share_rounds_half_up(recognized):
    """13 of 16 in favour is 81,25%: the resolution prints 81,3% as Vietnamese reports round (issue 7)."""
    doc = recognized.documents.get(form=Form.CELL_RESOLUTION)
    doc.official_members, doc.in_favour = 16, 13
    _header, texts = read(documents.cell_resolution(recognized, doc))
    body = "\n".join(texts)
    assert "13 đồng chí (81,3%)" in body
