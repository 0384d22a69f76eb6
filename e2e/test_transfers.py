"""Browser: a board issues an official transfer from cell C01-01 to another cell of its district,
records the presentation, and finds the member in the receiving cell's member list."""

from datetime import timedelta

from playwright.sync_api import expect

from coso.common.dates import today
from coso.organizations.models import OrgKind
from coso.testing.factories import make_org
from coso.transfers.models import PaperStatus, TransferPaper
from e2e.conftest import login


def test_board_transfers_a_member_to_another_cell(page, e2e_world):
    world = e2e_world
    receiving = make_org(
        name="Chi bộ thôn Nam", kind=OrgKind.CELL, parent=world.commune, type_code="village_cell", code="C01-02"
    )
    issued = today() - timedelta(days=10)
    presented = today() - timedelta(days=3)
    login(page, "board")

    # Before: the member is listed in cell C01-01, not in the receiving cell.
    page.goto(f"{page.base_url}/members/?org={receiving.pk}")
    expect(page.get_by_text(world.member.full_name)).to_have_count(0)

    # Issue the referral from the member's page link target.
    page.goto(f"{page.base_url}/transfers/issue/{world.member.pk}/")
    page.select_option("#id_kind", "official")
    page.select_option("#id_direction", "within")
    page.fill("#id_to_code", "C01-02")
    page.fill("#id_number", "21-GT/HU")
    page.fill("#id_issued_on", issued.strftime("%d/%m/%Y"))
    page.fill("#id_issuer", "Huyện ủy An Bình")
    page.click("[data-testid=issue-submit]")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("paper-status")).to_have_text("Đã cấp, chưa xuất trình")
    expect(page.get_by_test_id("to")).to_have_text("Chi bộ thôn Nam")
    paper = TransferPaper.objects.get(member=world.member)
    expect(page.get_by_test_id("present-by")).to_contain_text(paper.present_by.strftime("%d/%m/%Y"))

    # The worklist shows the paper in transit.
    page.goto(f"{page.base_url}/transfers/?status=open")
    expect(page.get_by_test_id("transfer-list")).to_contain_text(world.member.full_name)
    page.get_by_role("link", name=world.member.full_name).click()
    page.wait_for_load_state("networkidle")

    # Record the presentation at the receiving cell.
    page.fill("#id_present-presented_on", presented.strftime("%d/%m/%Y"))
    page.fill("#id_present-received_by", "Chi ủy Chi bộ thôn Nam")
    page.click("[data-testid=present-submit]")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("paper-status")).to_have_text("Đã xuất trình")
    expect(page.get_by_test_id("presented-on")).to_contain_text(presented.strftime("%d/%m/%Y"))
    paper.refresh_from_db()
    assert paper.status == PaperStatus.PRESENTED

    # After: the member appears in the receiving cell's list and no longer in the sending cell's.
    page.goto(f"{page.base_url}/members/?org={receiving.pk}")
    expect(page.get_by_role("link", name=world.member.full_name)).to_be_visible()
    page.goto(f"{page.base_url}/members/?org={world.cell.pk}")
    expect(page.get_by_role("link", name=world.member.full_name)).to_have_count(0)
