"""`manage.py import_members`: the same service from a shell, with the error table and an exit code."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coso.imports.models import ImportJob, JobStatus
from coso.imports.tests.factories import fill_template, member_row
from coso.members.models import Member

pytestmark = pytest.mark.django_db


def write(tmp_path, content: bytes):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(content)
    return str(path)


def test_command_imports_and_prints_the_count(world, tmp_path):
    path = write(
        tmp_path,
        fill_template(
            world.board_user, members=[member_row(), member_row(citizen_id="001190000102", full_name="Vũ Văn Nam")]
        ),
    )
    out = StringIO()
    call_command("import_members", path, "--user", "board", stdout=out)
    assert "tạo mới 2 đảng viên" in out.getvalue()
    assert Member.objects.filter(citizen_id__in=["001190000101", "001190000102"]).count() == 2
    assert ImportJob.objects.get().user == world.board_user


def test_command_prints_the_error_table_and_fails(world, tmp_path):
    path = write(tmp_path, fill_template(world.board_user, members=[member_row(date_of_birth="1990/13/45")]))
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_members", path, "--user", "board", stderr=err)
    assert raised.value.returncode == 1
    assert "Đảng viên | 2 | Ngày sinh | 1990/13/45 | Không phải ngày tháng" in err.getvalue()
    assert not Member.objects.filter(citizen_id="001190000101").exists()


def test_command_needs_confirmation_for_possible_duplicates(world, tmp_path):
    path = write(
        tmp_path,
        fill_template(
            world.board_user, members=[member_row(full_name=world.member.full_name, date_of_birth="01/06/1985")]
        ),
    )
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_members", path, "--user", "board", stderr=err)
    assert raised.value.returncode == 2 and "--confirm-duplicates" in err.getvalue()
    assert ImportJob.objects.get().status == JobStatus.READY
    call_command("import_members", path, "--user", "board", "--confirm-duplicates", stdout=StringIO())
    assert Member.objects.filter(citizen_id="001190000101").exists()


def test_command_history_kind_and_system_user(world, tmp_path):
    content = fill_template(
        None,
        history=[{"member_key": world.other_member.citizen_id, "kind": "recognized", "on": "15/03/2011"}],
        kind="history",
    )
    call_command("import_members", write(tmp_path, content), "--kind", "history", stdout=StringIO())
    world.other_member.refresh_from_db()
    assert world.other_member.status == "official"


def test_command_refuses_unknown_user_and_missing_file(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_members", str(tmp_path / "none.xlsx"))
    with pytest.raises(CommandError):
        call_command("import_members", write(tmp_path, b"x"), "--user", "nobody")


def test_command_refuses_a_missing_file_or_user_in_the_chosen_language(world, tmp_path):
    with pytest.raises(CommandError, match="không tìm thấy tệp"):
        call_command("import_members", str(tmp_path / "khong-co.xlsx"), "--user", "board")
    path = write(tmp_path, fill_template(world.board_user, members=[member_row()]))
    with pytest.raises(CommandError, match="Không có người dùng nào có tên đăng nhập 'nobody'"):
        call_command("import_members", path, "--user", "nobody")
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("import_members", path, "--user", "nobody", "--language", "en")
    assert not ImportJob.objects.exists()


def test_command_prints_counts_with_the_vietnamese_separator(world, tmp_path):
    """1.000 errors, not 1000 (issue 7: every printed count, the commands' output included)."""
    rows = [
        member_row(full_name=f"Lê Thị Mai {n}", citizen_id=f"0011900{n:05d}", date_of_birth="1990/13/45")
        for n in range(1000)
    ]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", write(tmp_path, fill_template(world.board_user, members=rows)), stderr=err)
    assert "Chưa ghi dữ liệu nào: có 1.000 lỗi" in err.getvalue()
    assert not Member.objects.filter(full_name__startswith="Lê Thị Mai").exists()
