from e2e.conftest import login


def test_first_page_is_the_vietnamese_login_and_a_board_user_gets_in(page, e2e_world):
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("button", name="Đăng nhập").is_visible()

    page.fill("#id_username", "board")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger").is_visible()

    login(page, "board")
    assert "/accounts/login/" not in page.url
    # visible=true: the print-only header repeats the committee's name, hidden on screen
    assert page.locator("text=Đảng bộ huyện An Bình >> visible=true").first.is_visible()
