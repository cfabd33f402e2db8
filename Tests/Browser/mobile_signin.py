"""Signing in on the candidates' pages (登录) and the home's links."""
from selenium.webdriver.common.by import By

from mobile_common import BASE, check_phone_page, new_phone, phone_browser, shot, sign_in, submit


def step_sign_in_new_candidate(driver, state):
    """A phone seen for the first time: the phone form, the code form, the home with every page."""
    state["phone"] = state.get("phone") or new_phone()
    sign_in(driver, state["phone"])
    check_phone_page(driver)
    shot(driver, "01-home")
    for link in ("home-messages",):
        assert driver.find_element(By.ID, link).get_attribute("href").startswith(BASE + "/m/")


def test_sign_in_and_out():
    driver = phone_browser()
    try:
        driver.get(BASE + "/m/")
        shot(driver, "00-sign-in")
        # A wrong phone is shown next to its field, the value kept.
        driver.find_element(By.ID, "phone").send_keys("1390000")
        submit(driver, driver.find_element(By.ID, "send-code"))
        assert driver.find_element(By.ID, "phone-error").text == "请输入11位手机号"
        assert driver.find_element(By.ID, "phone").get_attribute("value") == "1390000"
        assert driver.find_element(By.ID, "phone").get_attribute("aria-invalid") == "true"
        driver.find_element(By.ID, "phone").clear()
        state = {}
        step_sign_in_new_candidate(driver, state)
        submit(driver, driver.find_element(By.ID, "sign-out"))
        assert driver.current_url == BASE + "/m/"
        assert driver.find_element(By.ID, "send-code")
        driver.get(BASE + "/m/messages")
        assert driver.current_url == BASE + "/m/", "a signed-out browser still reached a signed-in page"
    finally:
        driver.quit()
