"""A list page on paper: the page as the server sends it, printed by WeasyPrint with its print
stylesheet (media="print", as a browser prints it), read back as text. The menu, buttons and filters
are gone; the committee's header and page numbers are there; the rows are all there."""

import mimetypes
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from coso.common.dates import today
from coso.common.party_docx import date_line, place_of
from coso.testing.factories import make_member
from coso.testing.papers import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def printed(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Serve /static/... from the finders, as WhiteNoise would; nothing is fetched from elsewhere."""

        def fetch(self, url, headers=None):
            path = re.sub(r"^.*?/static/", "", url).split("?")[0].split("#")[0]
            found = finders.find(path)
            assert found, f"print asked for {url}, which the static files do not hold"
            with open(found, "rb") as handle:
                body = handle.read()
            return URLFetcherResponse(url, body, {"Content-Type": mimetypes.guess_type(found)[0] or "text/css"})

    return HTML(string=html, base_url="http://testserver/", url_fetcher=StaticFetcher(), media_type="print").write_pdf()


def test_a_printed_list_has_the_header_and_page_numbers_and_no_menu(client, world):
    for n in range(70):
        make_member(org=world.cell, full_name=f"Hồ Văn In {n:02d}")
    client.force_login(world.board_user)
    response = client.get(reverse("members:list"), {"q": "ho van in"})
    html = response.content.decode()
    assert 'href="/static/coso/print.css" media="print"' in html
    pdf = printed(html)
    text, pages = pdf_text(pdf), pdf_pages(pdf)
    assert world.district.name.upper() in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert date_line(place_of(world.district.name), today()) in text
    assert "Hồ Văn In 00" in text and "Hồ Văn In 19" in text
    assert pages >= 2 and "Trang 1/" in text and f"Trang {pages}/{pages}" in text
    for screen_only in ("Đăng xuất", "Nhập dữ liệu", "Xuất Excel"):
        assert screen_only not in text
    assert "http://" not in text and "/members/" not in text


def test_the_screen_does_not_show_the_print_header(client, world):
    client.force_login(world.board_user)
    html = client.get(reverse("members:list")).content.decode()
    header = re.search(r'<div class="coso-print-header ([^"]*)"', html)
    assert header and "d-none" in header.group(1) and "d-print-flex" in header.group(1)
