"""With DEBUG off (as `make run` serves it), a browser never meets Django's debug page: a missing
address and a record outside the user's part of the tree both show our Vietnamese 404, with a way back."""

from django.conf import settings

from e2e.conftest import login


def test_missing_page_and_out_of_scope_record_show_the_vietnamese_404(page, e2e_world):
    assert settings.DEBUG is False
    login(page, "outsider")

    response = page.goto(page.base_url + "/khong-co-trang-nay/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert "Page not found" not in page.content() and "URLconf" not in page.content()
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_load_state("networkidle")
    assert "khong-co-trang-nay" not in page.url
    assert not page.get_by_role("heading", name="Không tìm thấy trang").count()

    # From the tree, the address of a cell of another district: 404, and the way back to the tree.
    page.goto(page.base_url + "/organizations/")
    response = page.goto(page.base_url + f"/organizations/{e2e_world.cell.pk}/", referer=page.url)
    assert response.status == 404
    assert page.get_by_text("nằm ngoài phần cây tổ chức mà bạn được xem").is_visible()
    assert e2e_world.cell.name not in page.content()
    page.get_by_role("link", name="Về trang trước").click()
    page.wait_for_load_state("networkidle")
    assert page.url == page.base_url + "/organizations/"
