"""The badge list as PDF: the same list as the .docx, the same export action (404/redirect outside)."""

import pytest
from django.urls import reverse

from coso.badges.documents import badge_list_paper
from coso.badges.queries import badge_list
from coso.badges.tests.test_badge_list import OCCASION, due_world, old  # noqa: F401 - the fixtures
from coso.common.dates import today
from coso.testing.papers import assert_same_lines, pdf_text

pytestmark = pytest.mark.django_db


def test_badge_list_pdf_has_the_lines_of_the_docx(client, old, due_world):  # noqa: F811
    client.force_login(old.board_user)
    query = f"?org={old.district.pk}&year=2024&occasion=2024-05-19"
    response = client.get(reverse("badges:export_pdf") + query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG" in text and "Lê Văn Đúng" in text
    assert "Lê Văn Thiếu" not in text and old.district.name.upper() in text
    docx = client.get(reverse("badges:export_docx") + query).content
    paper = badge_list_paper(badge_list(old.district, OCCASION), issued_on=today())
    assert_same_lines(paper, docx, response.content)
    page = client.get(reverse("badges:list") + query).content.decode()
    assert reverse("badges:export_pdf") in page


def test_an_outsider_does_not_get_another_districts_list(client, old, due_world):  # noqa: F811
    client.force_login(old.outsider_user)
    response = client.get(reverse("badges:export_pdf") + f"?org={old.district.pk}&year=2024&occasion=2024-05-19")
    assert response.status_code in (302, 404)
    assert response.get("Content-Type") != "application/pdf"
