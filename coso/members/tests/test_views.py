"""Register pages: list, export, detail — access, content in Vietnamese, bounded query counts."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.accounts.models import Role, RoleAssignment
from coso.members.choices import EventKind
from coso.members.services import member_record_event
from coso.testing.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

LIST = "/members/"
EXPORT = "/members/export/"


def test_urls():
    assert reverse("members:list") == LIST
    assert reverse("members:export") == EXPORT


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def observer(world):
    user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=user, role=Role.OBSERVER, organization=world.district)
    return user


def detail_url(member):
    return reverse("members:detail", kwargs={"member_id": member.pk})


# List ------------------------------------------------------------------------------------------


def test_list_needs_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_list_shows_the_scope_only(client, world):
    response = login(client, world.board_user).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Văn Tuấn" in text
    assert "Trần Thị Hoa" not in text
    assert "Tìm thấy 1 đảng viên" in text  # the count, in Vietnamese
    assert "thuộc Đảng bộ huyện An Bình tại ngày" in text  # and what it counts
    assert "Danh sách đảng viên" in text


def test_list_member_sees_own_record_only(client, world):
    text = login(client, world.member_user).get(LIST).content.decode()
    assert "Nguyễn Văn Tuấn" in text and "Trần Thị Hoa" not in text
    assert reverse("members:create") not in text  # no "new member" button for a read-only role


def test_list_search_without_diacritics(client, world):
    make_member(org=world.cell, full_name="Đặng Văn Lâm")
    client = login(client, world.board_user)
    text = client.get(LIST, {"q": "NGUYEN VAN TUAN"}).content.decode()
    assert "Nguyễn Văn Tuấn" in text and "Đặng Văn Lâm" not in text
    text = client.get(LIST, {"q": "dang"}).content.decode()
    assert "Đặng Văn Lâm" in text and "Nguyễn Văn Tuấn" not in text


def test_list_filter_errors_are_vietnamese_and_name_the_field(client, world):
    text = login(client, world.board_user).get(LIST, {"on": "31/02/2024"}).content.decode()
    assert "Tại ngày" in text
    assert "Nhập ngày theo dạng ngày/tháng/năm" in text
    assert "Nguyễn Văn Tuấn" not in text  # no result from a filter that did not parse


def test_list_pagination_sort_and_vietnamese_count(client, world, django_assert_max_num_queries):
    for n in range(55):
        make_member(org=world.cell, full_name=f"Bùi Văn {n:02d}")
    client = login(client, world.board_user)
    with django_assert_max_num_queries(16):  # + the competence rows in force (once a request), + the labels
        response = client.get(LIST)
    text = response.content.decode()
    assert "Tìm thấy 56 đảng viên" in text
    assert "Trang 1/2" in text
    assert "Bùi Văn 00" in text and "Nguyễn Văn Tuấn" not in text  # 50 per page, by folded name
    page2 = client.get(LIST, {"page": 2}).content.decode()
    assert "Nguyễn Văn Tuấn" in page2 and "Bùi Văn 00" not in page2
    desc = client.get(LIST, {"sort": "-name"}).content.decode()
    assert desc.index("Nguyễn Văn Tuấn") < desc.index("Bùi Văn 54")


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for n in range(30):
        make_member(org=world.cell, full_name=f"Lý Thị {n:02d}")
    client = login(client, world.board_user)
    with django_assert_max_num_queries(16):  # + the competence rows in force (once a request), + the labels
        client.get(LIST, {"org": world.commune.pk, "status": "probationary", "q": "ly thi"})


def test_list_count_uses_the_vietnamese_thousands_separator(client, world):
    from coso.members.bulk import NewMember, bulk_register
    from coso.members.models import Ethnicity, Member, MemberEvent, Religion

    kinh, none = Ethnicity.objects.get(code="01"), Religion.objects.get(code="none")
    items = [
        NewMember(
            member=Member(
                full_name=f"Mai Văn {n}",
                gender="male",
                date_of_birth=date(1980, 1, 1),
                ethnicity=kinh,
                religion=none,
                citizen_id=f"0010800{n:05d}",
                general_education="12/12",
            ),
            events=[MemberEvent(kind=EventKind.ADMITTED, on=date(2010, 1, 1), organization=world.cell)],
        )
        for n in range(1200)
    ]
    bulk_register(items, actor=None, service="test")
    text = login(client, world.board_user).get(LIST).content.decode()
    assert "Tìm thấy 1.201 đảng viên" in text


# Export ----------------------------------------------------------------------------------------


def _sheet(response):
    """The header row and the rows, under the title row (checked here: the list, the subtree, the date)."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content), read_only=True)
    title, *rows = [list(row) for row in wb.active.iter_rows(values_only=True)]
    assert title[0].startswith("Đảng viên — ") and " — ngày " in title[0]
    return rows


def test_export_has_all_matching_rows_and_vietnamese_headers(client, world, django_assert_max_num_queries):
    for n in range(60):
        make_member(org=world.cell, full_name=f"Hồ Văn {n:02d}")
    client = login(client, world.board_user)
    with django_assert_max_num_queries(
        10
    ):  # + the competence rows (export is an action), + the subtree named in the title row
        response = client.get(EXPORT, {"q": "ho van"})
    rows = _sheet(response)
    headers = rows[0]
    assert headers[:4] == ["Họ và tên đang dùng", "Họ và tên khai sinh", "Giới tính", "Ngày sinh"]
    assert "Số CCCD" in headers and "Tổ chức đảng tại ngày đó" in headers and "Ngày vào Đảng" in headers
    assert len(rows) == 61  # all rows, not a page
    first = dict(zip(headers, rows[1], strict=True))
    assert first["Họ và tên đang dùng"] == "Hồ Văn 00"
    assert first["Giới tính"] == "Nam"
    assert first["Dân tộc"] == "Kinh"
    assert first["Tình trạng tại ngày đó"] == "Dự bị"
    assert first["Tổ chức đảng tại ngày đó"] == "Chi bộ thôn Đông"
    assert first["Ngày sinh"].date() == date(1985, 6, 1)


def test_export_respects_scope_and_filters(client, world):
    rows = _sheet(login(client, world.outsider_user).get(EXPORT))
    names = [r[0] for r in rows[1:]]
    assert names == ["Trần Thị Hoa"]
    rows = _sheet(client.get(EXPORT, {"gender": "male"}))
    assert len(rows) == 1  # headers only


def test_export_with_bad_filters_goes_back_to_the_list(client, world):
    response = login(client, world.board_user).get(EXPORT, {"on": "99/99/2024"})
    assert response.status_code == 302
    assert response["Location"].startswith(LIST)


# Detail ----------------------------------------------------------------------------------------


@pytest.fixture
def history(world):
    member = world.member
    member_record_event(
        member=member,
        kind=EventKind.RECOGNIZED,
        on=date(2011, 3, 15),
        decision_number="88-QĐ/HU",
        decision_date=date(2011, 3, 10),
        decision_issuer="Huyện ủy An Bình",
        actor=world.board_user,
    )
    member_record_event(
        member=member, kind=EventKind.TRANSFERRED, on=date(2015, 5, 1), organization=world.commune, actor=None
    )
    return member


def test_detail_shows_profile_timeline_and_spells(client, world, history, django_assert_max_num_queries):
    client = login(client, world.board_user)
    with django_assert_max_num_queries(14):  # + the evaluation panel: the ratings, this year's goals
        response = client.get(detail_url(history))
    assert response.status_code == 200
    text = response.content.decode()
    for fragment in (
        "Nguyễn Văn Tuấn",
        "Sơ yếu lý lịch",
        "Nơi cư trú",
        "Trình độ",
        "Thôn Đông",  # residential unit
        "Kết nạp (dự bị)",
        "Công nhận đảng viên chính thức",
        "88-QĐ/HU",
        "10/03/2011",
        "Huyện ủy An Bình",
        "Chuyển sinh hoạt đảng chính thức trong hệ thống",
        "Đảng bộ xã An Lạc",
        "Các giai đoạn sinh hoạt đảng",
        "15/03/2010",
    ):
        assert fragment in text, fragment
    # facts in date order
    assert text.index("15/03/2010") < text.index("15/03/2011") < text.index("01/05/2015")
    assert reverse("members:edit", kwargs={"member_id": history.pk}) in text
    assert 'id="audit-trail"' not in text  # administrators only


def test_detail_timeline_uses_the_name_the_organization_had_then(client, world, history):
    from coso.organizations.services import organization_rename

    organization_rename(organization=world.commune, name="Đảng bộ xã An Lạc Mới", on=date(2020, 1, 1), actor=None)
    text = login(client, world.board_user).get(detail_url(history)).content.decode()
    assert "Đảng bộ xã An Lạc Mới" in text  # today's name in the header
    timeline = text[text.index('id="history-timeline"') :]
    assert "Đảng bộ xã An Lạc<" in timeline.replace("\n", "<")


def test_detail_audit_trail_for_administrators(client, world, history):
    text = login(client, world.admin).get(detail_url(history)).content.decode()
    assert 'id="audit-trail"' in text
    trail = text[text.index('id="audit-trail"') :]
    assert "Ghi một sự kiện vào quá trình của đảng viên" in trail  # the service, named in Vietnamese
    assert "member_record_event" not in trail


def test_detail_out_of_scope_is_404(client, world):
    assert login(client, world.outsider_user).get(detail_url(world.member)).status_code == 404
    assert client.get(reverse("members:detail", kwargs={"member_id": 999999})).status_code == 404


def test_detail_member_sees_own_record_without_actions(client, world):
    client = login(client, world.member_user)
    response = client.get(detail_url(world.member))
    assert response.status_code == 200
    assert reverse("members:edit", kwargs={"member_id": world.member.pk}) not in response.content.decode()
    assert client.get(detail_url(world.other_member)).status_code == 404
    other_same_cell = make_member(org=world.cell, full_name="Đỗ Văn Bên")
    assert client.get(detail_url(other_same_cell)).status_code == 404


def test_detail_observer_reads_without_actions(client, world, observer):
    response = login(client, observer).get(detail_url(world.member))
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("members:event_add", kwargs={"member_id": world.member.pk}) not in text
