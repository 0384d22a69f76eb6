"""Transfer pages: scope on both ends (404 outside), read-only 403, the worklist, the actions."""

from datetime import date

import pytest
from django.urls import reverse

from coso.accounts.models import Role, RoleAssignment
from coso.audit.models import AuditEntry
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.testing.factories import UserFactory, make_member
from coso.transfers import services
from coso.transfers.models import PaperStatus, TransferPaper

pytestmark = pytest.mark.django_db


def issue(member, to, **kwargs):
    values = {"kind": "official", "direction": "within", "issued_on": date(2025, 3, 3), "issuer": "Huyện ủy"}
    values.update(kwargs)
    return services.transfer_issue(member=member, to_organization=to, actor=None, **values)


def detail_url(paper):
    return reverse("transfers:detail", kwargs={"paper_id": paper.pk})


@pytest.fixture
def observer(world):
    user = UserFactory(username="observer")
    RoleAssignment.objects.create(user=user, role=Role.OBSERVER, organization=world.district)
    return user


@pytest.fixture
def arriving(world):
    """A paper from the other district's cell to the home cell: both boards see it."""
    return issue(world.other_member, world.cell)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("board_user", 200), ("secretary_user", 200), ("outsider_user", 404), ("member_user", 200)],
)
def test_paper_leaving_home_is_seen_in_scope(client, world, second_cell, persona, status):
    paper = issue(world.member, second_cell)
    client.force_login(getattr(world, persona))
    assert client.get(detail_url(paper)).status_code == status  # the member sees their own paper


@pytest.mark.parametrize(
    ("persona", "status"), [("board_user", 200), ("secretary_user", 200), ("outsider_user", 200), ("member_user", 404)]
)
def test_arriving_paper_is_seen_by_both_ends(client, world, arriving, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(detail_url(arriving)).status_code == status


def test_paper_between_other_organizations_is_a_404(client, world):
    from coso.organizations.models import OrgKind
    from coso.testing.factories import make_org

    far = make_org(name="Chi bộ thôn Xa", kind=OrgKind.CELL, parent=world.other_commune, type_code="village_cell")
    paper = issue(world.other_member, far)
    client.force_login(world.board_user)
    assert client.get(detail_url(paper)).status_code == 404
    response = client.post(
        reverse("transfers:present", kwargs={"paper_id": paper.pk}), {"present-presented_on": "10/03/2025"}
    )
    assert response.status_code == 404
    assert TransferPaper.objects.get(pk=paper.pk).status == PaperStatus.ISSUED


def test_worklist_is_scoped_filtered_and_highlights_overdue(
    client, world, second_cell, arriving, django_assert_max_num_queries
):
    for i in range(8):
        issue(make_member(org=world.cell, full_name=f"Phan Văn Chuyển {i}"), second_cell)
    on_time = issue(make_member(org=world.cell, full_name="Mai Thị Đúng Hạn"), second_cell, issued_on=date(2025, 3, 3))
    services.transfer_present(paper=on_time, presented_on=date(2025, 3, 5), actor=None)
    far_member = make_member(org=world.other_cell, full_name="Hồ Văn Ngoài")
    services.transfer_issue(
        member=far_member,
        kind="official",
        direction="out",
        to_place="Tỉnh khác",
        issued_on=date(2025, 3, 3),
        issuer="x",
        actor=None,
    )
    client.force_login(world.board_user)
    with django_assert_max_num_queries(11):  # the page's count included
        response = client.get(reverse("transfers:list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Phan Văn Chuyển 7" in text and world.other_member.full_name in text  # leaving and arriving
    assert "Hồ Văn Ngoài" not in text
    assert text.count('class="table-danger"') == 9  # the papers of 03/03/2025 not presented are past their limit
    response = client.get(reverse("transfers:list"), {"status": "presented"})
    text = response.content.decode()
    assert "Mai Thị Đúng Hạn" in text and "Phan Văn Chuyển 1" not in text
    response = client.get(reverse("transfers:list"), {"q": "dung han"})  # diacritic-insensitive
    text = response.content.decode()
    assert "Mai Thị Đúng Hạn" in text and "Phan Văn Chuyển 4" not in text


def test_outsider_list_shows_only_its_side(client, world, second_cell, arriving):
    issue(world.member, second_cell)
    client.force_login(world.outsider_user)
    text = client.get(reverse("transfers:list")).content.decode()
    assert world.other_member.full_name in text and world.member.full_name not in text


def test_board_issues_and_records_presentation(client, world, second_cell):
    client.force_login(world.board_user)
    url = reverse("transfers:issue", kwargs={"member_id": world.member.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "official",
            "direction": "within",
            "to_code": "c01-02",
            "issued_on": "03/03/2025",
            "issuer": "Huyện ủy An Bình",
            "number": "15-GT/HU",
        },
    )
    paper = TransferPaper.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(paper)
    assert paper.to_organization == second_cell and paper.created_by == world.board_user
    page = client.get(detail_url(paper)).content.decode()
    assert "15/04/2025" in page  # present by, in Vietnamese date format
    response = client.post(
        reverse("transfers:present", kwargs={"paper_id": paper.pk}),
        {"present-presented_on": "10/03/2025", "present-received_by": "Chi ủy Chi bộ thôn Nam"},
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).organization == second_cell


def test_issue_form_shows_the_refusal_in_vietnamese(client, world):
    client.force_login(world.board_user)
    url = reverse("transfers:issue", kwargs={"member_id": world.member.pk})
    response = client.post(
        url,
        {"kind": "official", "direction": "within", "to_code": "KHONG-CO", "issued_on": "03/03/2025", "issuer": "HU"},
    )
    assert response.status_code == 200
    assert "Không có tổ chức nào có mã KHONG-CO" in response.content.decode()
    response = client.post(
        url, {"kind": "official", "direction": "within", "to_code": "C01-01", "issued_on": "03/03/2025", "issuer": "HU"}
    )
    assert "Đảng viên đang sinh hoạt tại Chi bộ thôn Đông" in response.content.decode()
    assert not TransferPaper.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("member_user", 403), ("outsider_user", 404)])
def test_issue_page_needs_write_scope_on_the_member(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("transfers:issue", kwargs={"member_id": world.member.pk})).status_code == status


def test_read_only_observer_gets_403_on_actions(client, world, second_cell, observer):
    paper = issue(world.member, second_cell)
    client.force_login(observer)
    assert client.get(detail_url(paper)).status_code == 200
    before = AuditEntry.objects.count()
    for name, data in [
        ("transfers:present", {"present-presented_on": "10/03/2025"}),
        ("transfers:cancel", {"cancel-cancelled_on": "10/03/2025", "cancel-reason": "x"}),
    ]:
        assert client.post(reverse(name, kwargs={"paper_id": paper.pk}), data).status_code == 403
    assert client.get(reverse("transfers:issue", kwargs={"member_id": world.member.pk})).status_code == 403
    assert AuditEntry.objects.count() == before


def test_refused_action_shows_the_form_with_its_error(client, world, second_cell):
    paper = issue(world.member, second_cell)
    client.force_login(world.board_user)
    response = client.post(
        reverse("transfers:present", kwargs={"paper_id": paper.pk}), {"present-presented_on": "01/03/2025"}
    )
    assert response.status_code == 400
    assert "trước ngày cấp" in response.content.decode()


def test_cancel_and_end_temporary_through_the_pages(client, world, second_cell):
    client.force_login(world.secretary_user)
    out = services.transfer_issue(
        member=world.member,
        kind="official",
        direction="out",
        to_place="Tỉnh ủy Lâm Đồng",
        issued_on=date(2025, 3, 3),
        issuer="HU",
        actor=None,
    )
    response = client.post(
        reverse("transfers:cancel", kwargs={"paper_id": out.pk}),
        {"cancel-cancelled_on": "05/03/2025", "cancel-reason": "Đảng viên không chuyển nữa"},
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member.pk).status == MemberStatus.PROBATIONARY
    temp = issue(
        world.member,
        second_cell,
        kind="temporary",
        issued_on=date(2025, 3, 10),
        period_from=date(2025, 3, 10),
        period_until=date(2025, 6, 10),
    )
    services.transfer_present(paper=temp, presented_on=date(2025, 3, 11), actor=None)
    response = client.post(reverse("transfers:end", kwargs={"paper_id": temp.pk}), {"end-ended_on": "10/06/2025"})
    assert response.status_code == 302
    assert TransferPaper.objects.get(pk=temp.pk).status == PaperStatus.ENDED


def test_attached_page_lists_guests_and_states_they_do_not_vote(client, world, second_cell):
    temp = issue(
        world.member, second_cell, kind="temporary", period_from=date(2025, 3, 5), period_until=date(2025, 9, 5)
    )
    services.transfer_present(paper=temp, presented_on=date(2025, 3, 6), actor=None)
    client.force_login(world.board_user)
    url = reverse("transfers:attached", kwargs={"org_id": second_cell.pk})
    response = client.get(url, {"on": "01/04/2025"})
    text = response.content.decode()
    assert response.status_code == 200 and world.member.full_name in text
    assert "không biểu quyết" in text
    assert world.member.full_name not in client.get(url, {"on": "01/03/2025"}).content.decode()
    client.force_login(world.outsider_user)
    assert client.get(url).status_code == 404


def test_record_arriving_paper_registers_the_member(client, world):
    client.force_login(world.secretary_user)
    assert client.get(reverse("transfers:receive")).status_code == 200
    from coso.members.models import Ethnicity, Religion

    response = client.post(
        reverse("transfers:receive"),
        {
            "kind": "official",
            "to_organization": world.cell.pk,
            "from_place": "Đảng bộ phường Bến Thành",
            "issued_on": "03/03/2025",
            "issuer": "Quận ủy Quận 1",
            "person_name": "Lý Thị Về",
            "person_gender": "female",
            "person_date_of_birth": "02/05/1990",
            "person_ethnicity": Ethnicity.objects.get(code="01").pk,
            "person_religion": Religion.objects.get(code="none").pk,
            "person_education": "12/12",
            "entry_status": "official",
            "presented_on": "06/03/2025",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(full_name="Lý Thị Về")
    assert member.organization == world.cell and member.status == MemberStatus.OFFICIAL
    client.force_login(world.member_user)
    assert client.get(reverse("transfers:receive")).status_code == 403


def test_mark_overdue_button_marks_only_writable_papers(client, world, second_cell, arriving):
    mine = issue(world.member, second_cell)
    far_member = make_member(org=world.other_cell, full_name="Hồ Văn Ngoài")
    far = services.transfer_issue(
        member=far_member,
        kind="official",
        direction="out",
        to_place="Tỉnh khác",
        issued_on=date(2025, 3, 3),
        issuer="x",
        actor=None,
    )
    client.force_login(world.board_user)
    assert client.post(reverse("transfers:mark_overdue")).status_code == 302
    statuses = dict(TransferPaper.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == statuses[arriving.pk] == PaperStatus.OVERDUE
    assert statuses[far.pk] == PaperStatus.ISSUED


def test_the_list_pages_its_papers(client, world, second_cell, monkeypatch):
    from coso.transfers import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for i in range(5):
        issue(make_member(org=world.cell, full_name=f"Phan Văn Trang {i}"), second_cell)
    client.force_login(world.board_user)
    first = client.get(reverse("transfers:list"))
    second = client.get(reverse("transfers:list"), {"page": 2})
    shown = [p.member.full_name for p in first.context["rows"]]
    rest = [p.member.full_name for p in second.context["rows"]]
    assert len(shown) == 3 and len(rest) == 2 and not set(shown) & set(rest)
    assert "page=2" in first.content.decode()
