"""授权访问消息 on the candidates' pages: the unread count in the header, the list, opening a message
marks it read and goes to what it is about."""
from selenium.webdriver.common.by import By

from mobile_common import BASE, check_phone_page, shot, submit


def unread_in_header(driver):
    badges = driver.find_elements(By.ID, "unread-count")
    return int(badges[0].text) if badges else 0


def step_read_messages(driver, state):
    """The header's count, the list (newest first), 查看 on the newest opens its page and counts it
    read, 全部标为已读 clears the count."""
    driver.get(BASE + "/m/")
    unread = unread_in_header(driver)
    assert unread >= state.get("expected_unread", 1), unread
    driver.find_element(By.ID, "messages-link").click()
    check_phone_page(driver)
    shot(driver, "60-messages")
    assert int(driver.find_element(By.ID, "unread-total").text) == unread
    first = driver.find_elements(By.CSS_SELECTOR, "#messages > li.unread")[0]
    title = first.find_element(By.TAG_NAME, "h2").text
    openers = first.find_elements(By.CSS_SELECTOR, "button[name=open]")
    if openers:
        submit(driver, openers[0])
        assert "/m/messages" not in driver.current_url, driver.current_url
        check_phone_page(driver)
        shot(driver, "61-message-opened")
        assert unread_in_header(driver) == unread - 1, (title, unread_in_header(driver))
        driver.get(BASE + "/m/messages")
    if driver.find_elements(By.ID, "read-all"):
        submit(driver, driver.find_element(By.ID, "read-all"))
    assert unread_in_header(driver) == 0
    assert driver.find_element(By.ID, "unread-total").text == "0"
    shot(driver, "62-messages-read")


def test_messages():
    """The unit ends a candidate's binding (a message to the candidate); the candidate reads it on the
    phone and it opens 工作单位."""
    from mobile_common import UNIT_PHONE, api, api_login, api_verify, demo_unit, demo_unit_code, new_phone, phone_browser, session_token, sign_in

    driver = phone_browser()
    try:
        phone = new_phone()
        sign_in(driver, phone)
        token = session_token(driver)
        api_verify(token, "刘洋", 602)
        unit = demo_unit()
        status, answer = api("PUT", "/api/v1/me/employment", {"institutionId": unit, "confirmationCode": demo_unit_code()}, token)
        assert status == 200, answer
        status, me = api("GET", "/api/v1/me", token=token)
        status, answer = api("DELETE", f"/api/v1/units/{unit}/staff/{me['id']}", {"reason": "已离职"}, api_login(UNIT_PHONE))
        assert status == 204, answer
        step_read_messages(driver, {"expected_unread": 1})
        assert driver.find_elements(By.CSS_SELECTOR, "#messages > li.read"), "no message is shown read"
    finally:
        driver.quit()
