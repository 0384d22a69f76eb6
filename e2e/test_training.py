"""Browser: a district board records a class with its students, records a result with its
certificate, and opens a training figure's list on the reports pages from the class list."""

from datetime import date

from playwright.sync_api import expect

from coso.testing.factories import make_member
from coso.training.models import ClassStudent, Qualification, Result, TrainingClass
from e2e.conftest import login


def test_a_board_records_a_class_and_reads_its_figure(page, e2e_world):
    world = e2e_world
    second = make_member(org=world.cell, full_name="Lê Thị Học", gender="female")
    login(page, "board")

    # The class, from the training list's "new" button.
    page.goto(page.base_url + "/training/classes/")
    page.get_by_role("link", name="Thêm lớp").click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_organization", str(world.commune.pk))
    page.select_option("#id_kind", "theory_elementary")
    page.fill("#id_name", "Sơ cấp lý luận chính trị K3/2024")
    page.fill("#id_organizer", "Trung tâm Chính trị huyện An Bình")
    page.fill("#id_place", "Hội trường xã An Lạc")
    page.fill("#id_starts_on", "04/03/2024")
    page.fill("#id_ends_on", "29/03/2024")
    page.get_by_test_id("class-form").get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    training_class = TrainingClass.objects.get(name="Sơ cấp lý luận chính trị K3/2024")
    assert page.url.endswith(f"/training/classes/{training_class.pk}/")
    expect(page.get_by_test_id("class-facts")).to_contain_text("04/03/2024 – 29/03/2024")

    # Two students.
    for member in (world.member, second):
        page.select_option("#id_member", str(member.pk))
        page.get_by_test_id("enrol-form").get_by_role("button", name="Ghi danh").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_test_id("students")).to_contain_text(member.full_name)
    expect(page.get_by_test_id("students").locator("tbody tr")).to_have_count(2)

    # A certificate dated before the class is refused; the right date is recorded.
    student = ClassStudent.objects.get(training_class=training_class, member=world.member)
    row = page.get_by_test_id(f"student-{student.pk}")
    row.locator("select[name=result]").select_option("passed")
    row.locator("input[name=certificate_number]").fill("SC-0315")
    row.locator("input[name=certificate_date]").fill("01/03/2024")
    row.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("01/03/2024")
    student.refresh_from_db()
    assert student.result == Result.ENROLLED
    row = page.get_by_test_id(f"student-{student.pk}")
    row.locator("select[name=result]").select_option("passed")
    row.locator("input[name=certificate_number]").fill("SC-0315")
    row.locator("input[name=certificate_date]").fill("30/03/2024")
    row.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id(f"student-{student.pk}")).to_contain_text("SC-0315")
    student.refresh_from_db()
    assert (student.result, student.certificate_date) == (Result.PASSED, date(2024, 3, 30))
    assert Qualification.objects.get(member=world.member, source__isnull=False).since == date(2024, 3, 30)

    # The list of 2024 counts it, and its figure opens the students' list on the reports pages.
    page.goto(page.base_url + "/training/classes/?year=2024")
    expect(page.get_by_test_id("classes").locator("tbody tr")).to_have_count(1)
    page.get_by_test_id("class-figures").get_by_role("link", name="Số học viên các lớp đã mở").click()
    page.wait_for_load_state("networkidle")
    assert "/reports/figures/training-students/" in page.url
    expect(page.locator("[data-figure-count]")).to_have_text("2")
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table")).to_contain_text("Lê Thị Học")
    expect(page.locator("table")).to_contain_text("SC-0315")
