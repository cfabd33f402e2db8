"""工作单位 on the candidates' pages: search, pick, the 单位确认码 (a wrong one first), 解绑, 机构注册."""
from selenium.webdriver.common.by import By

from mobile_common import (
    BASE, DEMO_UNIT, api_verify, check_phone_page, demo_unit_code, new_phone, phone_browser, session_token, shot, sign_in, submit,
)


def step_bind_unit(driver, state):
    """From the home: 工作单位 → 绑定工作单位 → search 协和 → pick → a wrong code (its message beside the
    field) → the right code → the bound unit shown, and on the home."""
    driver.get(BASE + "/m/")
    driver.find_element(By.ID, "home-employment").click()
    check_phone_page(driver)
    shot(driver, "20-employment-unbound")
    driver.find_element(By.ID, "bind-unit").click()
    driver.find_element(By.ID, "q").send_keys("协和")
    submit(driver, driver.find_element(By.ID, "search"))
    check_phone_page(driver)
    shot(driver, "21-employment-search")
    driver.find_element(By.XPATH, f"//ul[@id='results']//a[.//strong[text()='{DEMO_UNIT}']]").click()
    check_phone_page(driver)
    driver.find_element(By.ID, "confirmationCode").send_keys("WRONG1")
    submit(driver, driver.find_element(By.ID, "bind"))
    assert "单位确认码不正确" in driver.find_element(By.ID, "confirmationCode-error").text
    assert driver.find_element(By.ID, "confirmationCode").get_attribute("value") == "WRONG1"
    check_phone_page(driver)
    shot(driver, "22-employment-wrong-code")
    field = driver.find_element(By.ID, "confirmationCode")
    field.clear()
    field.send_keys(state["unit_code"])
    submit(driver, driver.find_element(By.ID, "bind"))
    assert driver.find_element(By.ID, "current-unit-name").text == DEMO_UNIT
    assert driver.find_element(By.ID, "employment-notice").text == "工作单位绑定成功。"
    check_phone_page(driver)
    shot(driver, "23-employment-bound")
    driver.get(BASE + "/m/")
    assert DEMO_UNIT in driver.find_element(By.ID, "home-employment").text


def step_unbind_and_rebind(driver, state):
    """解绑 leaves the unit in the history; binding again needs the code again."""
    driver.get(BASE + "/m/employment")
    submit(driver, driver.find_element(By.ID, "unbind"))
    assert driver.find_element(By.ID, "employment-notice").text == "已解除工作单位绑定。"
    assert DEMO_UNIT in driver.find_element(By.ID, "history").text
    shot(driver, "24-employment-unbound-history")
    driver.find_element(By.ID, "bind-unit").click()
    driver.find_element(By.ID, "q").send_keys("协和")
    submit(driver, driver.find_element(By.ID, "search"))
    driver.find_element(By.XPATH, f"//ul[@id='results']//a[.//strong[text()='{DEMO_UNIT}']]").click()
    driver.find_element(By.ID, "confirmationCode").send_keys(state["unit_code"])
    submit(driver, driver.find_element(By.ID, "bind"))
    assert driver.find_element(By.ID, "current-unit-name").text == DEMO_UNIT


def step_registration_form(driver, state):
    """A unit not found: 机构注册's form, a refusal beside its field with the values kept."""
    driver.get(BASE + "/m/employment")
    driver.find_element(By.ID, "register-link").click()
    check_phone_page(driver)
    driver.find_element(By.ID, "name").send_keys("襄阳市测试卫生院")
    driver.find_element(By.ID, "contactPhone").send_keys("1391234")
    submit(driver, driver.find_element(By.ID, "submit-registration"))
    assert driver.find_element(By.ID, "contactPhone-error").text == "请输入正确的11位手机号码"
    assert driver.find_element(By.ID, "name").get_attribute("value") == "襄阳市测试卫生院"
    check_phone_page(driver)
    shot(driver, "25-registration-refused")


def test_employment():
    driver = phone_browser()
    try:
        state = {"phone": new_phone(), "unit_code": demo_unit_code()}
        sign_in(driver, state["phone"])
        api_verify(session_token(driver), "陈晨", 601)
        step_bind_unit(driver, state)
        step_unbind_and_rebind(driver, state)
        step_registration_form(driver, state)
    finally:
        driver.quit()
