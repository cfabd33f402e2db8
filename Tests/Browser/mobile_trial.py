"""试用期申报 on the candidates' pages (/m/declarations, issue 28), as the guide's 考生版 walks it: 记录 →
选择申报 → 申报须知 → 填报信息 (two 试用/工作机构, files from the phone) → 申报确认 → 提交成功; a problem shown
next to its field and fixed; returned by the unit (in the console), read the reason, 修改申报, resubmit;
approved. Screenshots 30-49."""
import datetime
import json
import os
import subprocess
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mobile_common import (
    BASE, api, check_phone_page, console_sign_in, desktop_browser, new_phone, phone_browser, png_file, shot, sign_in, submit,
)

UNIT_NAME = "华中科技大学同济医学院附属协和医院"


def wechat(code):
    """A bearer token through the development WeChat login (no SMS code: the per-phone limits stay free)."""
    status, answer = api("POST", "/api/v1/auth/wechat", {"code": code})
    assert status == 200, answer
    return answer["token"]


def unit_id():
    status, answer = api("GET", "/api/v1/institutions?q=" + urllib.parse.quote("协和"), token=wechat("demo-unit-admin"))
    assert status == 200, answer
    return next(item["id"] for item in answer["items"] if item["name"] == UNIT_NAME)


def resident_id(serial, birth="19960518"):
    """A well-formed 18-digit resident ID (GB 11643 check digit), a birth date no other area uses."""
    body = f"420102{birth}{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def upload(token, purpose, seed):
    request = urllib.request.Request(
        BASE + "/api/v1/attachments?purpose=" + purpose, method="POST",
        data=bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes((seed * 31 + i) % 251 for i in range(4096)) + bytes([0xFF, 0xD9]),
    )
    request.add_header("Content-Type", "image/jpeg")
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read().decode())["id"]


def verified_bound_candidate(driver, state):
    """Precondition through the API, as deploy/demo/load.py does it: signed in on /m (the session's
    cookie is also the API's bearer token), verified with ethnicity, bound to 协和医院."""
    state["phone"] = state.get("phone") or new_phone()
    sign_in(driver, state["phone"])
    token = driver.get_cookie("ht_m")["value"]
    state["token"] = token
    serial = int(state["phone"][-3:])
    front, back = upload(token, "id_document_front", serial % 200), upload(token, "id_document_back", serial % 200 + 1)
    status, answer = api("POST", "/api/v1/me/verification", {
        "realName": "陈晓", "documentType": "resident_id", "documentNumber": resident_id(serial), "method": "auto"}, token)
    assert status == 201, answer
    status, answer = api("POST", "/api/v1/me/verification/scan", {"frontAttachmentId": front, "backAttachmentId": back}, token)
    assert answer["status"] == "verified", answer
    status, answer = api("PUT", "/api/v1/me/profile", {"ethnicity": "01"}, token)
    assert status == 200, answer
    state["unit"] = unit_id()
    status, answer = api("GET", f"/api/v1/units/{state['unit']}/confirmation-code", token=wechat("demo-unit-admin"))
    assert status == 200, answer
    status, answer = api("PUT", "/api/v1/me/employment", {"institutionId": state["unit"], "confirmationCode": answer["code"]}, token)
    assert status == 200, answer


def dates():
    """Graduation a year and a half or more ago; a previous institution for four months after it, then the unit."""
    today = datetime.date.today()
    graduated = today.year - 1 if today.month >= 7 else today.year - 2
    return {"enrolled": f"{graduated - 5}-09-01", "graduated": f"{graduated}-06-30", "previous_start": f"{graduated}-07-01",
            "previous_end": f"{graduated}-10-31", "current_start": f"{graduated}-11-01"}


def set_value(driver, element_id, value):
    """Types into a text input, picks an option, or sets a date (a date picker is not typed into)."""
    element = driver.find_element(By.ID, element_id)
    if element.tag_name == "select":
        Select(element).select_by_value(value)
    elif element.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def fill_entry(driver, index, name, start, end=None):
    prefix = f"trialInstitutions-{index}-"
    set_value(driver, prefix + "name", name)
    set_value(driver, prefix + "department", "内科")
    set_value(driver, prefix + "position", "住院医师")
    set_value(driver, prefix + "startDate", start)
    if end:
        set_value(driver, prefix + "endDate", end)
    set_value(driver, prefix + "supervisorName", "李医生")


def step_declare(driver, state):
    """记录 → 选择申报 → 申报须知 → 填报信息 with two institutions and two files, a problem shown next to its
    field and fixed → 申报确认 → 提交成功 → 查看详情."""
    when = dates()
    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-declarations"))
    check_phone_page(driver)
    shot(driver, "30-declarations")
    submit(driver, driver.find_element(By.ID, "start-declaration"))

    # 选择申报
    check_phone_page(driver)
    assert UNIT_NAME in driver.find_element(By.ID, "unit-name").text
    set_value(driver, "level", "physician")
    set_value(driver, "category", "clinical")
    shot(driver, "31-choice")
    submit(driver, driver.find_element(By.ID, "choice-next"))

    # 申报须知: the notice must be acknowledged.
    check_phone_page(driver)
    assert "请如实填写试用期信息" in driver.find_element(By.ID, "notice-text").text
    submit(driver, driver.find_element(By.ID, "notice-next"))
    assert driver.find_element(By.ID, "noticeAcknowledged-error").text == "请阅读并确认申报须知"
    driver.find_element(By.ID, "noticeAcknowledged").click()
    shot(driver, "32-notice")
    submit(driver, driver.find_element(By.ID, "notice-next"))

    # 填报信息: 学历信息, the previous institution, a proof photo; 添加一条.
    check_phone_page(driver)
    state["declaration"] = driver.current_url.split("/")[-2]
    for field, value in (("education-level", "bachelor"), ("education-studyForm", "full_time"), ("education-school", "武汉大学"),
                         ("education-major", "临床医学"), ("education-enrolledOn", when["enrolled"]),
                         ("education-graduatedOn", when["graduated"]), ("education-diplomaNumber", "104861202505000123")):
        set_value(driver, field, value)
    assert driver.find_element(By.ID, "upload-other_proof-camera").get_attribute("capture") == "environment"
    fill_entry(driver, 0, "武汉市中心医院", when["previous_start"], when["previous_end"])
    driver.find_element(By.ID, "upload-other_proof-file").send_keys(png_file("work-proof", 31))
    shot(driver, "33-form")
    submit(driver, driver.find_element(By.ID, "add-entry"))

    # The second institution: the current unit, typed short — the page says so next to the name.
    check_phone_page(driver)
    assert "已保存草稿" in driver.find_element(By.ID, "form-notice").text
    assert driver.find_element(By.ID, "trialInstitutions-0-name").get_attribute("value") == "武汉市中心医院"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#kept-attachments li")) == 1
    fill_entry(driver, 1, "协和医院", when["current_start"])
    driver.find_element(By.ID, "trialInstitutions-1-current").click()
    driver.find_element(By.ID, "upload-other_proof-camera").send_keys(png_file("work-proof", 32))
    shot(driver, "34-form-two-institutions")
    submit(driver, driver.find_element(By.ID, "form-next"))
    error = driver.find_element(By.ID, "trialInstitutions-1-name-error").text
    assert "现所在试用单位必须和您的申报机构保持名称一致" in error, error
    name = driver.find_element(By.ID, "trialInstitutions-1-name")
    assert name.get_attribute("value") == "协和医院" and name.get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "education-school").get_attribute("value") == "武汉大学"
    check_phone_page(driver)
    shot(driver, "35-form-problem")
    set_value(driver, "trialInstitutions-1-name", UNIT_NAME)
    submit(driver, driver.find_element(By.ID, "form-next"))

    # 申报确认: every field to check; 确定.
    assert driver.current_url.endswith("/confirm"), driver.current_url
    check_phone_page(driver)
    page = driver.page_source
    for text in ("武汉市中心医院", UNIT_NAME, "武汉大学", "104861202505000123", "陈晓", "返回修改"):
        assert text in page, text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#summary-attachments li")) == 2
    shot(driver, "36-confirm")
    submit(driver, driver.find_element(By.ID, "confirm-submit"))

    # 提交成功 → 查看详情
    check_phone_page(driver)
    assert "提交成功" in driver.find_element(By.ID, "submitted").text
    shot(driver, "37-submitted")
    submit(driver, driver.find_element(By.ID, "view-detail"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "declaration-status").text == "待审核"
    assert driver.find_element(By.ID, "withdraw-declaration")
    shot(driver, "38-detail")
    status, view = api("GET", "/api/v1/trial/applications/" + state["declaration"], token=state["token"])
    assert view["status"] == "submitted" and len(view["trialInstitutions"]) == 2 and len(view["attachments"]) == 2, view


def unit_console(state):
    """The unit administrator's console, signed in once per run (one SMS code a minute per phone): with
    `state["unit_phone"]` when given, else a new phone granted 协和医院's unit_admin role (as load.py does)."""
    if "unit_driver" not in state:
        if "unit_phone" not in state:
            state["unit_phone"] = new_phone()
            subprocess.run([os.environ["BINARY"], "admin", "grant-role", "unit_admin", "--phone", state["unit_phone"],
                            "--institution", state.get("unit") or unit_id()], check=True, stdout=subprocess.DEVNULL)
        driver = desktop_browser()
        console_sign_in(driver, state["unit_phone"])
        state["unit_driver"] = driver
    driver = state["unit_driver"]
    driver.get(f"{BASE}/console/units/{state.get('unit') or unit_id()}/trial-applications/{state['declaration']}")
    return driver


def step_unit_returns(state):
    """The unit sends the declaration back with a reason (退回修改, in the console)."""
    driver = unit_console(state)
    state["return_reason"] = "请补充工作经历证明"
    driver.find_element(By.ID, "return-reason").send_keys(state["return_reason"])
    submit(driver, driver.find_element(By.ID, "return"))
    status, view = api("GET", "/api/v1/trial/applications/" + state["declaration"], token=state["token"])
    assert view["status"] == "returned", view


def step_modify_and_resubmit(driver, state):
    """记录 → 查看详情: the reason; 修改申报 (one more proof) → 申报确认 → 提交成功."""
    driver.get(BASE + "/m/declarations")
    check_phone_page(driver)
    item = driver.find_element(By.ID, "declaration-" + state["declaration"])
    assert "已退回" in item.text
    submit(driver, item.find_element(By.LINK_TEXT, "查看详情"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "declaration-status").text == "已退回"
    assert state["return_reason"] in driver.find_element(By.ID, "declaration-reason").text
    assert state["return_reason"] in driver.find_element(By.ID, "progress").text
    shot(driver, "40-returned")
    submit(driver, driver.find_element(By.ID, "modify-declaration"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "trialInstitutions-1-name").get_attribute("value") == UNIT_NAME
    driver.find_element(By.ID, "upload-other_proof-file").send_keys(png_file("work-experience", 41))
    shot(driver, "41-modify")
    submit(driver, driver.find_element(By.ID, "form-next"))
    assert driver.current_url.endswith("/confirm"), driver.current_url
    check_phone_page(driver)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#summary-attachments li")) == 3
    shot(driver, "42-confirm-again")
    submit(driver, driver.find_element(By.ID, "confirm-submit"))
    assert "提交成功" in driver.find_element(By.ID, "submitted").text
    submit(driver, driver.find_element(By.ID, "view-detail"))
    assert driver.find_element(By.ID, "declaration-status").text == "待审核"
    shot(driver, "43-resubmitted")


def step_unit_approves(state):
    """The unit confirms the previous institution and approves (审核通过, in the console)."""
    driver = unit_console(state)
    # Each previous institution's 确认 (the button stays after confirming: one click each).
    for index in range(len(driver.find_elements(By.CSS_SELECTOR, "button.confirm-entry"))):
        submit(driver, driver.find_elements(By.CSS_SELECTOR, "button.confirm-entry")[index])
        assert not driver.find_elements(By.ID, "action-error"), driver.find_element(By.ID, "action-error").text
    submit(driver, driver.find_element(By.ID, "approve"))
    status, view = api("GET", "/api/v1/trial/applications/" + state["declaration"], token=state["token"])
    assert view["status"] == "approved", view


def step_see_approved(driver, state):
    driver.get(BASE + "/m/declarations/" + state["declaration"])
    check_phone_page(driver)
    assert driver.find_element(By.ID, "declaration-status").text == "审核通过"
    assert not driver.find_elements(By.ID, "modify-declaration")
    assert not driver.find_elements(By.ID, "withdraw-declaration")
    shot(driver, "44-approved")


def test_declaration_journey():
    driver = phone_browser()
    state = {}
    try:
        verified_bound_candidate(driver, state)
        step_declare(driver, state)
        step_unit_returns(state)
        step_modify_and_resubmit(driver, state)
        step_unit_approves(state)
        step_see_approved(driver, state)
    finally:
        driver.quit()
        if "unit_driver" in state:
            state["unit_driver"].quit()
