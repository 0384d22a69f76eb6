"""The admission forms as PDF: real PDFs with the same lines as their .docx, scoped like the .docx."""

import pytest
from django.urls import reverse

from coso.admission import documents
from coso.admission.models import Form
from coso.admission.tests.test_documents import recognized  # noqa: F401 - the fixture
from coso.testing.papers import assert_same_lines, pdf_text

pytestmark = pytest.mark.django_db

FORMS = [
    ("pdf_cell_resolution", Form.CELL_RESOLUTION, documents.cell_resolution_paper, "NGHỊ QUYẾT"),
    ("pdf_admission_decision", Form.ADMISSION_DECISION, documents.admission_decision_paper, "QUYẾT ĐỊNH"),
    ("pdf_recognition_decision", Form.RECOGNITION_DECISION, documents.recognition_decision_paper, "QUYẾT ĐỊNH"),
]


@pytest.mark.parametrize(("url", "form", "build", "title"), FORMS)
def test_pdf_download_has_the_lines_of_the_docx(client, world, recognized, url, form, build, title):  # noqa: F811
    doc = recognized.documents.get(form=form)
    client.force_login(world.board_user)
    response = client.get(reverse(f"admission:{url}", kwargs={"candidate_id": recognized.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"] and "filename*=UTF-8''" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert title in text and "Lê Thị Mai" in text and f"Số {doc.number}" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "An Lạc, ngày" in text
    paper = build(recognized, doc)
    assert_same_lines(paper, paper.docx(), response.content)
    page = client.get(reverse("admission:detail", kwargs={"candidate_id": recognized.pk})).content.decode()
    assert reverse(f"admission:{url}", kwargs={"candidate_id": recognized.pk}) in page  # beside the .docx


@pytest.mark.parametrize(("url", "form", "build", "title"), FORMS[:1])
def test_an_outsider_gets_404(client, world, recognized, url, form, build, title):  # noqa: F811
    client.force_login(world.outsider_user)
    response = client.get(reverse(f"admission:{url}", kwargs={"candidate_id": recognized.pk}))
    assert response.status_code == 404
