"""Every download name goes through `coso.common.downloads.content_disposition` (RFC 6266; issue 7,
security review: an organization code with `"` or a line break reached the badge export's header)."""

import re
from datetime import date
from email.message import Message
from urllib.parse import unquote

import pytest
from django.urls import reverse

from coso.common.downloads import ascii_filename, content_disposition
from coso.organizations.models import Organization


def parsed(header: str) -> Message:
    message = Message()
    message["Content-Disposition"] = header
    return message


def utf8_filename(header: str) -> str | None:
    match = re.search(r"filename\*=UTF-8''([^;]+)", header)
    return unquote(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("name", "ascii_name", "utf8_name"),
    [
        ("dang-vien-20241231.xlsx", "dang-vien-20241231.xlsx", None),
        ("Danh sách đảng viên.xlsx", "Danh sach dang vien.xlsx", "Danh sách đảng viên.xlsx"),
        ('huy-hieu-C0"1-20240519.xlsx', "huy-hieu-C0_1-20240519.xlsx", None),
        ("huy-hieu-C0\r\nSet-Cookie: x=1.xlsx", "huy-hieu-C0_Set-Cookie_ x_1.xlsx", "huy-hieu-C0_Set-Cookie: x=1.xlsx"),
        ("../../etc/passwd", "_.._etc_passwd", None),
        ('Đảng ủy "xã"\\.docx', "Dang uy _xa_.docx", "Đảng ủy _xã_.docx"),
        ("", "tai-ve", None),
    ],
)
def test_content_disposition_quotes_and_folds(name, ascii_name, utf8_name):
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    assert header.startswith("attachment; filename=")
    message = parsed(header)
    assert message.get_param("filename", header="Content-Disposition") == ascii_name
    assert utf8_filename(header) == utf8_name
    assert header.count('"') == 2


def test_ascii_fallback_is_plain_ascii():
    assert ascii_filename("Nguyễn Thị Hồng Đào.pdf") == "Nguyen Thi Hong Dao.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ['C0"1', "C0\r\n1", "Xã Đông"])
def test_badge_exports_with_a_hostile_organization_code(client, world, code):
    Organization.objects.filter(pk=world.district.pk).update(code=code)
    client.force_login(world.board_user)
    query = f"?org={world.district.pk}&year=2024&occasion={date(2024, 5, 19).isoformat()}"
    for name in ("badges:export_xlsx", "badges:export_docx"):
        response = client.get(reverse(name) + query)
        assert response.status_code == 200, response
        header = response["Content-Disposition"]
        assert header.count('"') == 2 and "\n" not in header and "\r" not in header
        assert parsed(header).get_param("filename", header="Content-Disposition").startswith("huy-hieu-dang-")
