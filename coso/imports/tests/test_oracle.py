"""What a members import tells a board about people outside its scope (security review, issue 7).

The review found the import to be a "membership oracle": a board could learn, without writing
anything and as often as it liked, whether a citizen ID — or a name with a birth date — was on the
register elsewhere. The decision (coso/imports/validation.py, module docstring):

- a name + birth date is matched only inside the user's scope: the answer is the same whether or
  not such a person exists elsewhere (tested: identical outcomes);
- a citizen ID or card number outside the scope cannot be imported twice and an unknown one must
  import, so its existence cannot be hidden from a creator; the refusal is one message naming no
  one and nothing, the same for every kind of record elsewhere, at most 10 rows listed per file;
- each check is a lookup: at most COSO_IMPORT_CHECKS_PER_HOUR uploads per user and hour.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.imports.models import ImportJob, ImportKind, JobStatus
from coso.imports.services import ImportRefused, import_job_create, import_job_run
from coso.imports.tests.factories import fill_template, many_rows, member_row, upload
from coso.imports.validation import OUTSIDE_SCOPE_LISTED
from coso.members.choices import EventKind
from coso.members.models import Member
from coso.members.services import member_record_event
from coso.testing.factories import make_member

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Không thể nhập người này ở đây. Đảng viên đã do cấp ủy khác quản lý thì về "
    "tổ chức của đồng chí bằng thủ tục chuyển sinh hoạt đảng từ cấp ủy đó."
)


def run(user, content: bytes):
    job = import_job_create(
        confirmed=True, user=user, kind=ImportKind.MEMBERS, file=upload(content), original_name="ds.xlsx"
    )
    return import_job_run(job)


def test_a_citizen_id_outside_scope_gets_one_refusal_naming_nothing(world):
    job = run(world.board_user, fill_template(world.board_user, members=[member_row(citizen_id="002090000002")]))
    assert job.status == JobStatus.FAILED
    assert job.errors == [
        {"sheet": "Đảng viên", "row": 2, "column": "Số CCCD", "value": "002090000002", "reason": REFUSAL}
    ]


def test_the_refusal_is_the_same_whatever_the_record_elsewhere_is(world):
    """A living member of another district and a dead one get the very same answer."""
    dead = make_member(org=world.other_cell, full_name="Lý Văn Mất", citizen_id="002070000009")
    member_record_event(member=dead, kind=EventKind.DIED, on=date(2020, 1, 1), actor=None)
    rows = [member_row(citizen_id="002090000002"), member_row(citizen_id="002070000009", full_name="Lý Văn Mất")]
    job = run(world.board_user, fill_template(world.board_user, members=rows))
    assert [e["reason"] for e in job.errors] == [REFUSAL, REFUSAL]
    assert all("member_id" not in e for e in job.errors)


def test_an_unknown_citizen_id_imports_normally(world):
    job = run(world.board_user, fill_template(world.board_user, members=[member_row(citizen_id="009999000001")]))
    assert job.status == JobStatus.SUCCEEDED and Member.objects.filter(citizen_id="009999000001").exists()


def test_a_name_and_birth_date_outside_scope_are_not_reported_at_all(world):
    """The same outcome whether or not someone with that name and birth exists elsewhere."""
    other = world.other_member  # Trần Thị Hoa, born 01/06/1985, in the other district
    twin = member_row(full_name=other.full_name, date_of_birth=other.date_of_birth.strftime("%d/%m/%Y"))
    nobody = member_row(
        full_name="Trần Thị Hòa Bình", date_of_birth="01/06/1985", citizen_id="001085000777", gender="female"
    )
    found = run(world.board_user, fill_template(world.board_user, members=[twin]))
    not_found = run(world.board_user, fill_template(world.board_user, members=[nobody]))
    assert (found.status, found.warnings, found.warning_count) == (JobStatus.SUCCEEDED, [], 0)
    assert (not_found.status, not_found.warnings, not_found.warning_count) == (JobStatus.SUCCEEDED, [], 0)


def test_a_name_and_birth_date_inside_scope_are_still_a_possible_duplicate(world):
    mine = world.member
    twin = member_row(full_name=mine.full_name, date_of_birth=mine.date_of_birth.strftime("%d/%m/%Y"))
    job = run(world.board_user, fill_template(world.board_user, members=[twin]))
    assert job.status == JobStatus.READY
    assert job.warnings[0]["matches"][0]["member_id"] == mine.pk


def test_at_most_ten_rows_outside_scope_are_listed_per_file(world):
    outside = [
        make_member(org=world.other_cell, full_name=f"Người Ngoài {i}", citizen_id=f"00209100{i:04d}")
        for i in range(14)
    ]
    rows = many_rows(3) + [member_row(citizen_id=m.citizen_id, full_name=m.full_name) for m in outside]
    job = run(world.board_user, fill_template(world.board_user, members=rows))
    listed = [e for e in job.errors if e["reason"] == REFUSAL]
    assert len(listed) == OUTSIDE_SCOPE_LISTED == 10
    assert [e["row"] for e in listed] == list(range(5, 15))
    [summary] = [e for e in job.errors if e["reason"] != REFUSAL]
    assert summary["row"] == "" and summary["value"] == ""
    assert summary["reason"].startswith("Còn 4 dòng khác của tệp")
    assert job.error_count == 14


def test_checks_are_limited_per_user_and_hour(client, world, settings):
    settings.COSO_IMPORT_CHECKS_PER_HOUR = 2
    content = fill_template(world.board_user, members=[member_row(citizen_id="002090000002")])
    client.force_login(world.board_user)
    for _ in range(2):
        assert client.post(reverse("imports:list"), {"kind": "members", "file": upload(content)}).status_code == 302
    response = client.post(reverse("imports:list"), {"kind": "members", "file": upload(content)})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trong một giờ qua đồng chí đã kiểm tra 2 tệp, mức tối đa cho phép" in html
    assert ImportJob.objects.filter(user=world.board_user).count() == 2  # the refused one is not stored
    # Another user has their own allowance; an hour later the first user has theirs back.
    assert client.get(reverse("imports:list")).status_code == 200
    ImportJob.objects.update(created_at=timezone.now() - timedelta(hours=1, minutes=1))
    assert client.post(reverse("imports:list"), {"kind": "members", "file": upload(content)}).status_code == 302


def test_the_limit_holds_in_the_service_and_spares_the_command_line(world, settings):
    settings.COSO_IMPORT_CHECKS_PER_HOUR = 1
    content = fill_template(world.board_user, members=[member_row()])
    import_job_create(
        confirmed=True, user=world.board_user, kind=ImportKind.MEMBERS, file=upload(content), original_name="a.xlsx"
    )
    with pytest.raises(ImportRefused) as refused:
        import_job_create(
            confirmed=True, user=world.board_user, kind=ImportKind.MEMBERS, file=upload(content), original_name="b.xlsx"
        )
    assert refused.value.code == "rate_limited"
    for _ in range(3):
        import_job_create(
            confirmed=True, user=None, kind=ImportKind.MEMBERS, file=upload(content), original_name="c.xlsx"
        )
