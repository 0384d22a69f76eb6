"""Browser: a candidate taken from the pipeline to official member through the UI, with a refused
step that shows the rule and its regulation, and the worklist linking to the record."""

import re
from datetime import date

from playwright.sync_api import expect

from coso.admission.models import Candidate
from coso.members.choices import EventKind
from coso.members.models import Ethnicity, Religion
from coso.members.services import member_record_event
from coso.testing.factories import make_member
from e2e.conftest import login


def _introducer(world):
    member = make_member(org=world.cell, full_name="Hoàng Văn Giới Thiệu", admitted_on=date(2010, 3, 15))
    member_record_event(member=member, kind=EventKind.RECOGNIZED, on=date(2011, 3, 15), actor=None)
    return member


def _submit(page, prefix: str, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        page.fill(f"#id_{prefix}-{name}", value)
    page.click(f"[data-testid={prefix}-submit]")
    page.wait_for_load_state("networkidle")


def test_candidate_from_pipeline_to_official_member(page, e2e_world):
    world = e2e_world
    introducer = _introducer(world)
    login(page, "board")

    # Register the candidate.
    page.goto(page.base_url + "/admission/new/")
    page.select_option("#id_organization", str(world.cell.pk))
    page.fill("#id_full_name", "Phan Thị Thu Hà")
    page.select_option("#id_gender", "female")
    page.fill("#id_date_of_birth", "10/05/1998")
    page.select_option("#id_ethnicity", str(Ethnicity.objects.get(code="01").pk))
    page.select_option("#id_religion", str(Religion.objects.get(code="none").pk))
    page.select_option("#id_general_education", "12/12")
    page.select_option("#id_source", "youth_union")
    page.fill("#id_registered_on", "10/01/2019")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stage")).to_have_text("Trong nguồn")
    candidate = Candidate.objects.get(full_name="Phan Thị Thu Hà")
    detail = page.url

    # Introducer.
    page.select_option("#id_introducer-member", str(introducer.pk))
    _submit(page, "introducer", {"shared_since": "01/01/2018"})
    expect(page.get_by_text("Hoàng Văn Giới Thiệu").first).to_be_visible()

    # Awareness class: create it, enrol the candidate, record the pass.
    page.goto(page.base_url + "/training/classes/new/")
    page.select_option("#id_organization", str(world.commune.pk))
    page.select_option("#id_kind", "awareness")
    page.fill("#id_name", "Lớp nhận thức về Đảng khóa 1/2020")
    page.fill("#id_starts_on", "02/03/2020")
    page.fill("#id_ends_on", "05/03/2020")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_candidate", str(candidate.pk))
    page.get_by_role("button", name="Ghi danh").click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_test_id("students").locator("tbody tr").first
    row.locator("select[name=result]").select_option("passed")
    row.locator("input[name=certificate_number]").fill("GCN-15")
    row.locator("input[name=certificate_date]").fill("06/03/2020")
    row.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(row).to_contain_text("Đạt")

    # The dossier's papers.
    page.goto(detail)
    expect(page.get_by_test_id("stage")).to_have_text("Đã học lớp nhận thức về Đảng")
    for form in ("1-KND", "2-KND", "3-KND"):
        page.select_option("#id_document-form", form)
        _submit(page, "document", {"issued_on": "15/03/2020"})
    expect(page.get_by_test_id("documents")).to_contain_text("3-KNĐ")

    # A refused vote names the rule and its regulation; nothing changes.
    _submit(page, "vote", {"on": "20/08/2021", "number": "05-NQ/CB", "official_members": "9", "in_favour": "5"})
    errors = page.get_by_test_id("form-errors")
    expect(errors).to_contain_text("5/9 đảng viên chính thức tán thành; cần ít nhất 2/3")
    expect(errors).to_contain_text("QĐ 24-QĐ/TW")
    expect(page.get_by_test_id("stage")).to_have_text("Đang hoàn thiện hồ sơ")

    # The vote passes with enough members in favour.
    page.goto(detail)
    _submit(page, "vote", {"on": "20/08/2021", "number": "05-NQ/CB", "official_members": "9", "in_favour": "8"})
    expect(page.get_by_test_id("stage")).to_have_text("Chi bộ đã xét")

    # The worklist shows the overdue decision and links to the record.
    page.goto(page.base_url + "/admission/worklist/?on=01/12/2021")
    worklist = page.get_by_test_id("worklist")
    expect(worklist).to_contain_text("Quá hạn")
    worklist.get_by_role("link", name="Phan Thị Thu Hà").click()
    page.wait_for_load_state("networkidle")
    assert page.url == detail

    # Decision, ceremony, recognition.
    _submit(page, "decision", {"number": "125-QĐ/ĐU", "on": "10/09/2021"})
    expect(page.get_by_test_id("stage")).to_have_text("Đã có quyết định kết nạp")
    _submit(page, "ceremony", {"on": "20/09/2021"})
    expect(page.get_by_test_id("official-from")).to_have_text("20/09/2022")
    _submit(
        page,
        "recognition",
        {
            "cell_vote_on": "14/10/2022",
            "cell_resolution_number": "12-NQ/CB",
            "official_members": "10",
            "in_favour": "9",
            "decision_number": "301-QĐ/ĐU",
            "decision_date": "28/10/2022",
        },
    )
    expect(page.get_by_test_id("stage")).to_have_text("Đã công nhận đảng viên chính thức")
    expect(page.get_by_test_id("events")).to_contain_text(re.compile(r"20/09/2022"))

    candidate.refresh_from_db()
    assert candidate.member.official_on == date(2022, 9, 20)
    assert candidate.member.events.get(kind=EventKind.RECOGNIZED).decision_number == "301-QĐ/ĐU"

    # The Word decision downloads.
    with page.expect_download() as download:
        page.get_by_role("link", name=".docx").last.click()
    assert download.value.suggested_filename.endswith(".docx")
