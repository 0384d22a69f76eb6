"""The referral paper the member carries, as .docx and PDF: the same lines in both, scoped like the
paper's page (404 outside)."""

from datetime import date

import pytest
from django.urls import reverse

from coso.testing.factories import make_member
from coso.testing.papers import assert_same_lines, docx_text, pdf_text
from coso.transfers import documents, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(world, second_cell):
    member = make_member(org=world.cell, full_name="Trần Văn Chuyển")
    return services.transfer_issue(
        member=member,
        to_organization=second_cell,
        kind="official",
        direction="within",
        number="15-GGT/ĐU",
        issued_on=date(2025, 3, 3),
        issuer="Đảng ủy xã An Lạc",
        actor=None,
    )


def test_docx_and_pdf_carry_the_same_paper(client, world, paper):
    client.force_login(world.board_user)
    docx = client.get(reverse("transfers:paper_docx", kwargs={"paper_id": paper.pk}))
    pdf = client.get(reverse("transfers:paper_pdf", kwargs={"paper_id": paper.pk}))
    assert docx.status_code == 200 and pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Gi%E1%BA%A5y%20gi%E1%BB%9Bi%20thi%E1%BB%87u" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG CHÍNH THỨC" in text and "Trần Văn Chuyển" in text
    assert "Số 15-GGT/ĐU" in text and "An Lạc, ngày 03 tháng 3 năm 2025" in text
    assert "Kính gửi: Chi bộ thôn Nam" in text and "ĐẢNG ỦY XÃ AN LẠC" in text
    assert "Chi bộ thôn Nam" in docx_text(docx.content)
    model = documents.transfer_paper(paper)
    assert_same_lines(model, docx.content, pdf.content)
    page = client.get(reverse("transfers:detail", kwargs={"paper_id": paper.pk})).content.decode()
    assert reverse("transfers:paper_pdf", kwargs={"paper_id": paper.pk}) in page


def test_an_outsider_gets_404(client, world, paper):
    client.force_login(world.outsider_user)
    for name in ("transfers:paper_docx", "transfers:paper_pdf"):
        assert client.get(reverse(name, kwargs={"paper_id": paper.pk})).status_code == 404
