"""Importing post holders: a good file imports exactly (members and cadres who are not members, new
cadres created once), each bad row is named by row and column in Vietnamese and nothing is written;
a single post is held once at a time, against the register and between the rows of the file.

The test world: commune C01 (under district D01, where `board_user` holds the board role) with
cell C01-01, where Tuấn is a member; district D02 is another committee's.
"""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from coso.audit.models import AuditEntry
from coso.cadres import importer, services
from coso.cadres.models import Cadre, PostKind, PostSpell
from coso.imports.columns import header_text

pytestmark = pytest.mark.django_db

TUAN = "001085000001"


def book(rows, *, as_bytes=False):
    wb = Workbook()
    ws = wb.active
    ws.title = str(importer.SHEET_POSTS)
    ws.append([header_text(c) for c in importer.COLUMNS])
    for row in rows:
        ws.append([row.get(c.key) for c in importer.COLUMNS])
    buffer = BytesIO()
    wb.save(buffer)
    if as_bytes:
        return buffer.getvalue()
    buffer.seek(0)
    return load_workbook(buffer, read_only=True)


def post(kind="secretary", org="C01", starts="20/07/2020", ends=None, **person):
    if "full_name" not in person:
        person.setdefault("member_key", TUAN)
    values = {"organization": org, "kind": kind, "term": "2020-2025", "valid_from": starts, "valid_to": ends}
    return {**values, **person}


def official(name="Lò Văn Xã", born="02/02/1980", unit="C01"):
    return {"full_name": name, "date_of_birth": born, "unit": unit}


def test_a_good_file_imports_exactly(world):
    known = services.cadre_create(full_name="Lò Văn Xã", organization=world.commune, date_of_birth=date(1980, 2, 2),
                                  actor=None)  # fmt: skip
    rows = [
        post(
            ends="01/07/2025",
            election="Đại hội Đảng bộ xã lần thứ XX",
            decision_number="15-QĐ/HU",
            decision_date="20/07/2020",
            decision_issuer="Ban Thường vụ Huyện ủy",
        ),  # fmt: skip
        post("committee_member", starts="01/07/2025", term="2025-2030"),
        post("peoples_committee_chair", how="appointed", **official()),  # the cadre already recorded
        post("peoples_committee_vice", how="Bổ nhiệm", **official("Hà Thị Mới", "03/03/1990")),
        post("front_chair", **official("hà thị mới", "03/03/1990")),  # the same new cadre
    ]
    plan = importer.validate_posts(book(rows), user=world.board_user)
    assert plan.ok, plan.errors
    assert (plan.total_rows, plan.rows_planned) == (5, 5)
    assert plan.summary == {"Chức vụ đảm nhiệm": 5, "Cán bộ mới": 2}
    assert PostSpell.objects.count() == 0  # the check writes nothing

    assert importer.write_posts(plan, actor=world.board_user) == 5
    tuan = Cadre.objects.get(member=world.member)
    assert (tuan.full_name, tuan.organization) == ("Nguyễn Văn Tuấn", world.member.organization)
    new = Cadre.objects.get(full_name="Hà Thị Mới")
    assert (new.member, new.organization, new.date_of_birth) == (None, world.commune, date(1990, 3, 3))
    spells = {(s.cadre.full_name, s.kind, s.how, s.valid_from, s.valid_to) for s in PostSpell.objects.all()}
    assert spells == {
        ("Nguyễn Văn Tuấn", "secretary", "elected", date(2020, 7, 20), date(2025, 7, 1)),
        ("Nguyễn Văn Tuấn", "committee_member", "elected", date(2025, 7, 1), None),
        ("Lò Văn Xã", "peoples_committee_chair", "appointed", date(2020, 7, 20), None),
        ("Hà Thị Mới", "peoples_committee_vice", "appointed", date(2020, 7, 20), None),
        ("Hà Thị Mới", "front_chair", "elected", date(2020, 7, 20), None),
    }
    secretary = PostSpell.objects.get(kind="secretary")
    assert (secretary.election, secretary.decision_number, secretary.decision_date, secretary.recorded_by) == (
        "Đại hội Đảng bộ xã lần thứ XX", "15-QĐ/HU", date(2020, 7, 20), world.board_user)  # fmt: skip
    assert PostSpell.objects.filter(cadre=known).count() == 1
    assert AuditEntry.objects.filter(service=importer.SERVICE).count() == 7  # 2 cadres, 5 posts


def test_the_import_job_dry_runs_then_writes(world, settings, tmp_path):
    from coso.imports.models import JobStatus
    from coso.imports.tests.factories import run_kind

    settings.MEDIA_ROOT = tmp_path
    content = book([post()], as_bytes=True)
    dry = run_kind(world.board_user, "posts", content, confirmed=False)
    assert dry.status == JobStatus.READY and PostSpell.objects.count() == 0
    job = run_kind(world.board_user, "posts", content)
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert PostSpell.objects.get().cadre.member == world.member


@pytest.fixture
def holder(world):
    """Lò Văn Cũ has been secretary of C01 since 2015, until 20/07/2020."""
    cadre = services.cadre_create(full_name="Lò Văn Cũ", organization=world.commune, actor=None)
    services.post_assign(cadre=cadre, organization=world.commune, kind=PostKind.SECRETARY,
                         valid_from=date(2015, 7, 1), valid_to=date(2020, 7, 20), actor=None)  # fmt: skip
    return cadre


@pytest.mark.parametrize(
    ("rows", "where", "needle"),
    [
        ([post(org="NOPE")], (2, "organization"), ""),
        ([post(org="C02")], (2, "organization"), ""),
        ([post(starts="01/01/1999")], (2, "organization"), "01/01/1999"),
        ([post(ends="20/07/2020")], (2, "valid_to"), ""),
        ([post(ends="01/01/2019")], (2, "valid_to"), ""),
        ([post(kind="mayor")], (2, "kind"), ""),
        ([post(how="inherited")], (2, "how"), ""),
        ([post(starts="")], (2, "valid_from"), ""),
        ([post(member_key="001299999999")], (2, "member_key"), ""),
        ([post(member_key="001086000002")], (2, "member_key"), ""),  # a member of another district
        ([post(**official(name=""))], (2, "full_name"), ""),
        ([post(**official(born=None))], (2, "date_of_birth"), ""),
        ([post(**official(unit=None))], (2, "unit"), ""),
        ([post(**official(unit="C02"))], (2, "unit"), ""),
        ([post(starts="01/01/2020")], (2, "valid_from"), "Lò Văn Cũ"),
        ([post(), post(starts="01/01/2021", **official())], (3, "valid_from"), "2"),
        ([post("committee_member"), post("committee_member", starts="01/01/2022")], (3, "valid_from"), "2"),
        ([post(decision_date="01/01/2099")], (2, "decision_date"), ""),
    ],
    ids=[
        "unknown-organization",
        "organization-out-of-scope",
        "organization-not-yet-established",
        "ends-on-its-start",
        "ends-before-start",
        "unknown-post",
        "unknown-how",
        "no-start",
        "unknown-member",
        "member-out-of-scope",
        "official-without-name",
        "official-without-birth-date",
        "official-without-unit",
        "official-unit-out-of-scope",
        "single-post-held-in-the-register",
        "single-post-twice-in-the-file",
        "same-post-twice-for-one-cadre",
        "decision-in-the-future",
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(world, holder, rows, where, needle):
    from coso.testing.factories import make_member

    make_member(org=world.other_cell, full_name="Đinh Văn Xa", citizen_id="001086000002")
    before = (Cadre.objects.count(), PostSpell.objects.count())
    good = post("standing_member", **official("Hoàng Văn Tốt", "01/01/1970"))
    plan = importer.validate_posts(book([*rows, good]), user=world.board_user)
    assert not plan.ok
    row, key = where
    columns = {c.key: c for c in importer.COLUMNS}
    named = [(e["sheet"], e["row"], e["column"]) for e in plan.errors]
    assert ("Chức vụ đảm nhiệm", row, str(columns[key].header)) in named, plan.errors
    assert needle in " ".join(e["reason"] for e in plan.errors)
    assert all(e["reason"] and not e["reason"].isascii() for e in plan.errors), plan.errors  # Vietnamese
    assert plan.posts == [] and plan.cadres == []
    with pytest.raises(ValueError):
        importer.write_posts(plan, actor=None)
    assert (Cadre.objects.count(), PostSpell.objects.count()) == before


def test_a_single_post_may_pass_from_one_holder_to_the_next_on_the_same_day(world, holder):
    plan = importer.validate_posts(book([post(starts="20/07/2020")]), user=world.board_user)
    assert plan.ok, plan.errors


def test_the_template_offers_the_organizations_in_scope(world):
    wb = load_workbook(BytesIO(importer.posts_template(world.board_user)), read_only=True)
    assert [ws.title for ws in wb.worksheets] == ["Chức vụ đảm nhiệm", "Giá trị hợp lệ"]
    values = {value for row in wb["Giá trị hợp lệ"].iter_rows(values_only=True) for value in row if value}
    assert {"C01", "D01", "Bí thư", "Bầu cử"} <= values and "C02" not in values
    plan = importer.validate_posts(wb, user=world.board_user)  # the untouched example row is skipped
    assert [e["reason"] for e in plan.errors] == ["Trang tính không có dòng dữ liệu nào."]
