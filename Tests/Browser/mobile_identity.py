"""实名认证, 个人信息 and 我的地址 on the candidates' pages (the guide's 二、实名认证 and 个人中心).

The server runs with the development ID verifier (deploy/local/test-server.sh sets no ID_VERIFIER):
every well-formed resident ID matches, except under the name 李四, whose scans always fail
(Sources/Identity/Verification/DevelopmentIDVerifier.swift). A verified number belongs to one account,
so every run makes numbers of its own.
"""
import os
import random
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mobile_common import (BASE, check_phone_page, console_sign_in, desktop_browser, new_phone, phone_browser,
                           png_file, shot, sign_in, submit)

MISMATCHING_NAME = "李四"
_used_serials = set()


def resident_id():
    """A well-formed resident ID nobody has verified yet in this server (GB 11643 check character)."""
    while True:
        body = f"420106{random.randint(1970, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}{random.randint(0, 999):03d}"
        if body not in _used_serials:
            _used_serials.add(body)
            break
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def platform_administrator(state):
    """A platform administrator's phone of this run's own (granted with the command line, as
    deploy/demo/load.py grants 13900000001): the demo's one may have just been sent a code by another
    test, and the SMS limits would refuse it another for a minute."""
    if "platformPhone" not in state:
        phone = new_phone()
        subprocess.run([os.environ["BINARY"], "admin", "grant-role", "platform_admin", "--phone", phone], check=True, stdout=subprocess.DEVNULL)
        state["platformPhone"] = phone
    return state["platformPhone"]


def masked(number):
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def status(driver):
    return driver.find_element(By.ID, "status").text


def open_verification(driver):
    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-verification"))
    assert driver.current_url == BASE + "/m/verification", driver.current_url
    check_phone_page(driver)


def fill_information(driver, name, number, method="auto", document_type="resident_id"):
    """信息填写: name, document type, number, method; on to 证件扫描."""
    name_input = driver.find_element(By.ID, "realName")
    name_input.clear()
    name_input.send_keys(name)
    Select(driver.find_element(By.ID, "documentType")).select_by_value(document_type)
    number_input = driver.find_element(By.ID, "documentNumber")
    number_input.clear()
    number_input.send_keys(number)
    driver.find_element(By.ID, "method-" + method).click()
    submit(driver, driver.find_element(By.ID, "info-submit"))


def take_photos(driver, seed):
    """证件扫描: both sides from the camera (a file chosen in each `capture` input), then submit."""
    for field, offset in (("front", 0), ("back", 1)):
        camera = driver.find_element(By.ID, field)
        assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("capture") == "environment"
        camera.send_keys(png_file("id-" + field, seed + offset))
    submit(driver, driver.find_element(By.ID, "scan-submit"))


def step_verify_auto(driver, state):
    """身份证（自动核验）: a mistake shown next to its field first, then 信息填写 → 证件扫描 → 认证成功."""
    state.setdefault("name", "陈晓")
    state.setdefault("residentId", resident_id())
    open_verification(driver)
    assert status(driver) == "未认证"
    shot(driver, "10-verify-information")
    # A wrong check character: the problem beside the number, what was typed kept.
    wrong = state["residentId"][:-1] + ("0" if state["residentId"][-1] != "0" else "1")
    fill_information(driver, state["name"], wrong)
    assert driver.find_element(By.ID, "documentNumber-error").text, driver.page_source[-1500:]
    assert driver.find_element(By.ID, "documentNumber").get_attribute("value") == wrong
    assert driver.find_element(By.ID, "realName").get_attribute("value") == state["name"]
    check_phone_page(driver)
    shot(driver, "11-verify-field-error")
    fill_information(driver, state["name"], state["residentId"])
    assert status(driver) == "待认证"
    check_phone_page(driver)
    shot(driver, "12-verify-scan")
    take_photos(driver, seed=3)
    assert status(driver) == "已认证", driver.page_source[-1500:]
    assert driver.find_element(By.ID, "verified-name").text == state["name"]
    assert masked(state["residentId"]) in driver.page_source
    check_phone_page(driver)
    shot(driver, "13-verify-success")
    driver.get(BASE + "/m/")
    assert "已认证" in driver.find_element(By.ID, "home-verification").text
    state["verified"] = True


def step_verify_manual(driver, state):
    """身份证（自动核验）多次失败 → 人工审核 (提交 → 审核中), the platform approves in the console → 已认证."""
    number = state.setdefault("manualResidentId", resident_id())
    open_verification(driver)
    fill_information(driver, MISMATCHING_NAME, number)
    failures = 0
    while not driver.find_elements(By.ID, "suggest-manual"):
        take_photos(driver, seed=10 + failures)
        failures += 1
        assert "认证未通过" in driver.find_element(By.ID, "page-error").text, driver.page_source[-1500:]
        assert status(driver) == "待认证"
        assert failures <= 10, "no manual review offered after 10 failed scans"
    check_phone_page(driver)
    shot(driver, "14-verify-failed-scans")
    submit(driver, driver.find_element(By.ID, "switch-manual"))
    assert "提交人工审核" in driver.find_element(By.ID, "scan-submit").text
    take_photos(driver, seed=30)
    assert status(driver) == "审核中", driver.page_source[-1500:]
    assert driver.find_element(By.ID, "under-review")
    check_phone_page(driver)
    shot(driver, "15-verify-under-review")

    # The province's administrator approves in the console, the photos beside what was entered.
    admin = desktop_browser()
    try:
        console_sign_in(admin, platform_administrator(state))
        admin.get(BASE + "/console/platform/verifications")
        row = next(r for r in admin.find_elements(By.CSS_SELECTOR, "tbody tr") if masked(number) in r.text and MISMATCHING_NAME in r.text)
        submit(admin, row.find_element(By.TAG_NAME, "a"))
        assert admin.find_element(By.ID, "entered-number").text == number
        submit(admin, admin.find_element(By.ID, "approve"))
    finally:
        admin.quit()

    driver.refresh()
    assert status(driver) == "已认证", driver.page_source[-1500:]
    assert "人工审核" in driver.page_source
    check_phone_page(driver)
    shot(driver, "16-verify-approved")
    state["verified"] = True


def step_withdraw_and_redo(driver, state):
    """审核中 → 撤回 → 重新认证 (the information kept, another method chosen)."""
    number = state.setdefault("residentId", resident_id())
    name = state.setdefault("name", "陈晓")
    open_verification(driver)
    fill_information(driver, name, number, method="manual")
    take_photos(driver, seed=40)
    assert status(driver) == "审核中"
    submit(driver, driver.find_element(By.ID, "withdraw"))
    assert status(driver) == "已撤回"
    assert driver.find_element(By.ID, "realName").get_attribute("value") == name
    check_phone_page(driver)
    shot(driver, "17-verify-withdrawn")
    fill_information(driver, name, number, method="auto")
    take_photos(driver, seed=42)
    assert status(driver) == "已认证", driver.page_source[-1500:]
    state["verified"] = True


def step_profile_and_address(driver, state):
    """个人信息 (民族, 邮箱; a wrong email shown beside its field) and 我的地址 (add two, default, edit, delete)."""
    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-profile"))
    check_phone_page(driver)
    Select(driver.find_element(By.ID, "ethnicity")).select_by_value("15")
    email = driver.find_element(By.ID, "email")
    email.clear()
    email.send_keys("chen.example.cn")
    submit(driver, driver.find_element(By.ID, "profile-save"))
    assert driver.find_element(By.ID, "email-error").text
    assert driver.find_element(By.ID, "email").get_attribute("value") == "chen.example.cn"
    assert Select(driver.find_element(By.ID, "ethnicity")).first_selected_option.get_attribute("value") == "15"
    email = driver.find_element(By.ID, "email")
    email.clear()
    email.send_keys("chen@example.cn")
    submit(driver, driver.find_element(By.ID, "profile-save"))
    assert driver.find_element(By.ID, "profile-notice").text == "已保存"
    assert driver.find_element(By.ID, "email").get_attribute("value") == "chen@example.cn"
    check_phone_page(driver)
    shot(driver, "18-profile")

    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-addresses"))
    check_phone_page(driver)

    def add(recipient, detail, default=False):
        submit(driver, driver.find_element(By.ID, "new-address"))
        check_phone_page(driver)
        driver.find_element(By.ID, "recipient").send_keys(recipient)
        driver.find_element(By.ID, "phone").send_keys(state.get("phone") or new_phone())
        driver.find_element(By.ID, "region").send_keys("湖北省 武汉市 江岸区")
        driver.find_element(By.ID, "detail").send_keys(detail)
        if default:
            driver.find_element(By.ID, "isDefault").click()
        submit(driver, driver.find_element(By.ID, "address-save"))

    # A missing detail: shown beside the field, the rest kept.
    add("陈晓", "")
    assert driver.find_element(By.ID, "detail-error").text
    assert driver.find_element(By.ID, "recipient").get_attribute("value") == "陈晓"
    driver.find_element(By.ID, "detail").send_keys("解放大道1277号")
    submit(driver, driver.find_element(By.ID, "address-save"))
    assert driver.find_element(By.ID, "address-notice").text == "已保存"
    add("陈晓（单位）", "中山大道1号", default=True)
    items = driver.find_elements(By.CSS_SELECTOR, "#addresses > li")
    assert len(items) == 2 and "中山大道1号" in items[0].text and "默认" in items[0].text, [i.text for i in items]
    # 设为默认 the first again, edit it, delete the other.
    submit(driver, items[1].find_element(By.CSS_SELECTOR, "button[id^=default-]"))
    items = driver.find_elements(By.CSS_SELECTOR, "#addresses > li")
    assert "解放大道1277号" in items[0].text and "默认" in items[0].text
    submit(driver, items[0].find_element(By.CSS_SELECTOR, "a[id^=edit-]"))
    detail = driver.find_element(By.ID, "detail")
    detail.clear()
    detail.send_keys("解放大道1277号 门诊楼")
    submit(driver, driver.find_element(By.ID, "address-save"))
    check_phone_page(driver)
    shot(driver, "19-addresses")
    items = driver.find_elements(By.CSS_SELECTOR, "#addresses > li")
    submit(driver, items[1].find_element(By.CSS_SELECTOR, "button[id^=delete-]"))
    items = driver.find_elements(By.CSS_SELECTOR, "#addresses > li")
    assert len(items) == 1 and "门诊楼" in items[0].text


def _run(*steps):
    driver = phone_browser()
    try:
        state = {"phone": new_phone()}
        sign_in(driver, state["phone"])
        for step in steps:
            step(driver, state)
    finally:
        driver.quit()


def test_verify_automatically_then_profile_and_addresses():
    _run(step_verify_auto, step_profile_and_address)


def test_verify_by_manual_review_after_failed_scans():
    _run(step_verify_manual)


def test_withdraw_and_verify_again():
    _run(step_withdraw_and_redo)
