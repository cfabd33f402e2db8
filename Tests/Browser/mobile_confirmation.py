"""信息确认 on the candidates' pages (guide 002, 四 申报信息确认): the unit enters the candidate's exam
information in the console; the candidate reads every section on the phone, confirms the version shown,
adds a certificate photo; the unit corrects the record; the candidate sees what changed and disputes the
corrected version with a message; the unit corrects again and the candidate confirms.

Steps take their inputs from `state`: `phone` (a verified candidate bound to 协和医院), `account`,
`unit_id`, `year`; the unit's side keeps its console browser in `state["console"]`."""
import datetime

from selenium.webdriver.common.by import By

from mobile_common import (BASE, UNIT_PHONE, api, api_upload, check_phone_page, console_sign_in, demo_unit, demo_unit_code,
                           desktop_browser, new_phone, phone_browser, png, png_file, session_token, shot, sign_in, submit)

SCHOOLS = ["华中科技大学", "武汉大学", "武汉大学医学部"]


def _resident_id(serial, birth="19950823"):
    """A resident ID of its own birth date, so no other area's candidate holds it."""
    body = f"420102{birth}{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def setup_bound_candidate(driver, state):
    """A candidate signed in on the phone (`state["phone"]`, new unless given), verified (陈晓) and bound
    to 协和医院 through the API, as the mini-program would; records `token`, `account`, `unit_id`, `year`."""
    state["phone"] = state.get("phone") or new_phone()
    sign_in(driver, state["phone"])
    token = session_token(driver)
    serial = int(state["phone"][-3:])
    front, back = api_upload(token, "id_document_front", png(seed=serial % 200)), api_upload(token, "id_document_back", png(seed=serial % 200 + 1))
    status, answer = api("POST", "/api/v1/me/verification",
                         {"realName": "陈晓", "documentType": "resident_id", "documentNumber": _resident_id(serial), "method": "auto"}, token)
    assert status == 201, answer
    status, answer = api("POST", "/api/v1/me/verification/scan", {"frontAttachmentId": front, "backAttachmentId": back}, token)
    assert status == 200 and answer["status"] == "verified", answer
    unit = demo_unit()
    status, answer = api("PUT", "/api/v1/me/employment", {"institutionId": unit, "confirmationCode": demo_unit_code()}, token)
    assert status == 200, answer
    status, me = api("GET", "/api/v1/me", token=token)
    assert status == 200, me
    state.update(token=token, account=me["id"], unit_id=unit)
    status, record = api("GET", "/api/v1/exam-records/current/me", token=token)
    assert status == 200, record
    state["year"] = record["year"]


def _console(state):
    """The unit administrator's console browser (协和医院), signed in once and kept in `state`."""
    if state.get("console"):
        return state["console"]
    driver = desktop_browser()
    state["console"] = driver
    console_sign_in(driver, UNIT_PHONE)
    return driver


def _record_url(state):
    return BASE + f"/console/units/{state['unit_id']}/exam-records/{state['year']}/{state['account']}"


def _record_status(state):
    status, record = api("GET", f"/api/v1/exam-records/{state['year']}/me", token=state["token"])
    assert status == 200, record
    return record


def step_no_record_yet(driver, state):
    """Before the unit enters anything: 信息确认 says the unit has not entered the information yet."""
    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-records"))
    check_phone_page(driver)
    assert "单位未填报" in driver.find_element(By.ID, "record-pending").text
    shot(driver, "50-records-pending")


def step_unit_enters_record(state):
    """The unit enters the candidate's exam information from the originals (console, 信息确认)."""
    d = _console(state)
    d.get(_record_url(state))
    values = {"education-level": "master", "education-studyForm": "full_time", "education-school": SCHOOLS[0],
              "education-lengthYears": "3", "education-majorType": "medicine", "education-major": "内科学",
              "education-diplomaNumber": "104871202405000321",
              "qualificationCertificates-0-level": "physician", "qualificationCertificates-0-category": "clinical",
              "qualificationCertificates-0-number": "Q110420000001"}
    for field, value in values.items():
        element = d.find_element(By.ID, field)
        if element.tag_name == "select":
            d.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)
    for field, value in (("education-enrolledOn", "2021-09-01"), ("education-graduatedOn", "2024-06-30"),
                         ("qualificationCertificates-0-issuedOn", "2025-03-01")):
        d.execute_script("arguments[0].value = arguments[1]", d.find_element(By.ID, field), value)
    # A candidate whose declaration was approved has the 试用期单位 filled in from it; a trial still going
    # on has no end yet, which the exam information needs (the unit enters the day it ends).
    ends = d.find_elements(By.ID, "trial-endDate")
    if ends and not ends[0].get_attribute("value"):
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date().isoformat()
        d.execute_script("arguments[0].value = arguments[1]", ends[0], today)
    submit(d, d.find_element(By.ID, "save"))
    assert d.current_url == _record_url(state), d.current_url
    record = _record_status(state)
    errors = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".error, .field-error") if e.text]
    assert record["status"] == "awaiting_confirmation" and record["version"] == 1, (errors, record["status"])
    state["version"] = 1
    shot(d, "51-console-entered")


def step_unit_corrects_record(state):
    """The unit changes 毕业学校 (a new version, with a note), as after a candidate's dispute."""
    d = _console(state)
    d.get(_record_url(state))
    corrections = state.setdefault("corrections", 0) + 1
    state["corrections"] = corrections
    school = d.find_element(By.ID, "education-school")
    school.clear()
    school.send_keys(SCHOOLS[corrections])
    d.find_element(By.ID, "note").send_keys("已核对原件，更正毕业学校" if corrections > 1 else "更新毕业学校")
    submit(d, d.find_element(By.ID, "save"))
    assert d.current_url == _record_url(state), d.current_url
    record = _record_status(state)
    assert record["status"] == "awaiting_confirmation" and record["version"] == state["version"] + 1, record
    state["version"] = record["version"]
    if corrections == 1:
        shot(d, "56-console-corrected")


def _open_record(driver, state):
    """From the home: 信息确认 → the year's record."""
    driver.get(BASE + "/m/")
    submit(driver, driver.find_element(By.ID, "home-records"))
    check_phone_page(driver)
    status = driver.find_element(By.ID, f"record-status-{state['year']}").text
    first = not state.get("confirmed_once")
    if first:
        shot(driver, "52-records")
    submit(driver, driver.find_element(By.ID, f"record-link-{state['year']}"))
    check_phone_page(driver)
    return status


def step_confirm(driver, state):
    """The candidate checks every section of the version the unit entered and confirms exactly it."""
    status = _open_record(driver, state)
    assert status == "待确认", status
    page = driver.page_source
    for heading in ("基本信息", "学历信息", "专业技术职称", "医师资格证（执业医师）", "医师执业证", "护士执业证", "试用期单位（当前工作单位）", "附件图片"):
        assert f"<h2>{heading}</h2>" in page, heading
    assert driver.find_elements(By.CSS_SELECTOR, "#section-education dt.required"), "required marks in red"
    assert driver.find_element(By.ID, "record-version").text.startswith(f"第 {state['version']} 版")
    first = not state.get("confirmed_once")
    if first:
        shot(driver, "53-record")
    submit(driver, driver.find_element(By.ID, "confirm-button"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "record-status").text == "已确认"
    assert f"您已确认第 {state['version']} 版信息" in driver.find_element(By.ID, "record-notice").text
    record = _record_status(state)
    assert record["status"] == "confirmed" and record["confirmedVersion"] == state["version"], record
    if first:
        shot(driver, "54-confirmed")
    state["confirmed_once"] = True


def step_photo(driver, state):
    """The candidate photographs the diploma into the record's 学历信息 photo slot."""
    driver.get(BASE + f"/m/records/{state['year']}")
    slot = driver.find_element(By.ID, "photo-education-certificateAttachmentId")
    assert slot.get_attribute("accept") == "image/*" and slot.get_attribute("capture") == "environment"
    slot.send_keys(png_file("diploma", seed=5))
    submit(driver, driver.find_element(By.ID, "upload-education-certificateAttachmentId"))
    check_phone_page(driver)
    image = driver.find_element(By.CSS_SELECTOR, "#slot-education-certificateAttachmentId img")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image), "the photo is drawn"
    assert [face["path"] for face in _record_status(state)["candidateAttachments"]] == ["education.certificateAttachmentId"]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
    shot(driver, "55-photo")


def step_dispute(driver, state):
    """After the unit's correction: the candidate sees what changed, finds it still wrong and says so
    (a message is needed: shown next to its field first), and the record waits for the unit."""
    status = _open_record(driver, state)
    assert status == "待确认", status
    changes = driver.find_element(By.ID, "latest-changes").text
    assert SCHOOLS[state["corrections"] - 1] in changes and SCHOOLS[state["corrections"]] in changes, changes
    assert driver.find_elements(By.CSS_SELECTOR, "#latest-changes del") and driver.find_elements(By.CSS_SELECTOR, "#latest-changes ins")
    shot(driver, "57-record-changes")
    driver.find_element(By.ID, "dispute-field-education").click()
    submit(driver, driver.find_element(By.ID, "dispute-button"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "message-error").text, "the missing message is named next to its field"
    assert driver.find_element(By.ID, "dispute-field-education").is_selected(), "what was chosen stays"
    shot(driver, "58-dispute-error")
    message = f"毕业学校应为{SCHOOLS[state['corrections'] + 1]}，请核对毕业证书原件"
    driver.find_element(By.ID, "message").send_keys(message)
    submit(driver, driver.find_element(By.ID, "dispute-button"))
    check_phone_page(driver)
    assert driver.find_element(By.ID, "record-status").text == "有异议"
    assert message in driver.find_element(By.ID, "open-dispute").text
    record = _record_status(state)
    assert record["status"] == "disputed" and record["lastDispute"]["message"] == message, record
    shot(driver, "59-disputed")


def test_confirmation_journey():
    """The unit enters, the candidate confirms and adds a photo; the unit corrects, the candidate
    disputes the corrected version; the unit corrects again and the candidate confirms it."""
    import mobile_trial

    state = {}
    driver = phone_browser()
    try:
        setup_bound_candidate(driver, state)
        step_no_record_yet(driver, state)
        # The exam information of a candidate whose declaration the unit approved (its 试用期单位 come
        # from the declaration, as in the guides' order).
        state["unit"] = state["unit_id"]
        status, answer = api("PUT", "/api/v1/me/profile", {"ethnicity": "01"}, state["token"])
        assert status == 200, answer
        mobile_trial.step_declare(driver, state)
        mobile_trial.step_unit_approves(state)
        step_unit_enters_record(state)
        step_confirm(driver, state)
        step_photo(driver, state)
        step_unit_corrects_record(state)
        step_dispute(driver, state)
        step_unit_corrects_record(state)
        step_confirm(driver, state)
        assert _record_status(state)["version"] == 3
    finally:
        driver.quit()
        for key in ("console", "unit_driver"):
            if state.get(key):
                state[key].quit()
