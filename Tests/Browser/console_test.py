#!/usr/bin/env python3
"""The administrators' console in headless Chromium (issue 15), run by deploy/local/browser.sh against a
real server with the demo loaded. Each scenario is what an administrator does by hand; the candidate's
side goes through the JSON API, as the mini-program would. Screenshots of the main pages go to
$SCREENSHOTS.

Environment: BASE (the server), SERVER_LOG (its JSON log, where the development SMS codes are),
SCREENSHOTS (a directory).
"""
import json
import os
import re
import sys
import time
import traceback
import struct
import urllib.request
import uuid
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE"].rstrip("/")
SERVER_LOG = os.environ["SERVER_LOG"]
SCREENSHOTS = os.environ.get("SCREENSHOTS", "")
UNIT_PHONE = "13900000002"      # deploy/demo/load.py: unit administrator of 协和医院
PLATFORM_PHONE = "13900000001"  # platform administrator


def api(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


def wechat(code):
    status, answer = api("POST", "/api/v1/auth/wechat", {"code": code})
    assert status == 200, answer
    return answer["token"]


def sms_code(phone, after):
    """The development SMS code for `phone` logged after byte offset `after` of the server log."""
    masked = phone[:3] + "****" + phone[-4:]
    for _ in range(50):
        with open(SERVER_LOG, encoding="utf-8") as log:
            log.seek(after)
            codes = re.findall(r"login code (\d{6}) for " + re.escape(masked), log.read())
        if codes:
            return codes[-1]
        time.sleep(0.1)
    raise AssertionError("no SMS code logged for " + masked)


def png(width=240, height=150, seed=0):
    """A real PNG (so the browser can draw it), made with the standard library only."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(((x * 3 + seed * 40) % 256, (y * 5 + seed * 70) % 256, ((x + y) * 2) % 256)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def upload(token, purpose, seed):
    request = urllib.request.Request(f"{BASE}/api/v1/attachments?purpose={purpose}", method="POST", data=png(seed=seed))
    request.add_header("Content-Type", "image/png")
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["id"]


def uscc(serial):
    """A Unified Social Credit Code with a correct check character (GB 32100)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "12420100" + f"{serial:09d}"
    return body + alphabet[(31 - sum(alphabet.index(c) * w for c, w in zip(body, weights)) % 31) % 31]


def image_drawn(driver, element):
    return driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", element)


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=zh-CN"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    return driver


def shot(driver, name):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def submit(driver, element):
    """Clicks a form's button and waits for the page the form leads to (the button's node is gone;
    Chromium sometimes says so with a generic error instead of a stale reference)."""
    element.click()

    def replaced(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True

    WebDriverWait(driver, 10).until(replaced)


def sign_in(driver, phone):
    driver.get(BASE + "/console/")
    assert driver.current_url.endswith("/console/login"), driver.current_url
    shot(driver, "sign-in")
    driver.find_element(By.ID, "phone").send_keys(phone)
    offset = os.path.getsize(SERVER_LOG)
    submit(driver, driver.find_element(By.ID, "send-code"))
    assert "验证码已发送" in driver.page_source, driver.page_source[-1500:]
    driver.find_element(By.ID, "code").send_keys(sms_code(phone, offset))
    submit(driver, driver.find_element(By.ID, "sign-in"))


def test_1_a_candidate_cannot_sign_in():
    """A phone without an administrator's role gets the same answer as any other, but no text: the
    form cannot be used to send texts to anyone or to learn who is an administrator."""
    driver = browser()
    try:
        phone = "13900000009"  # no administrator's role
        driver.get(BASE + "/console/")
        driver.find_element(By.ID, "phone").send_keys(phone)
        offset = os.path.getsize(SERVER_LOG)
        submit(driver, driver.find_element(By.ID, "send-code"))
        assert "验证码已发送" in driver.page_source, driver.page_source[-1500:]
        # The code is logged before the page is answered, so its absence now is final.
        with open(SERVER_LOG, encoding="utf-8") as log:
            log.seek(offset)
            assert "login code" not in log.read(), "a code was sent to a phone that may not enter the console"
        driver.find_element(By.ID, "code").send_keys("123456")
        submit(driver, driver.find_element(By.ID, "sign-in"))
        assert driver.find_element(By.ID, "signin-error").text, driver.page_source[-1500:]
        shot(driver, "sign-in-refused")
        driver.get(BASE + "/console/")
        assert driver.current_url.endswith("/console/login")
    finally:
        driver.quit()


def test_2_unit_administrator():
    """Signs in once (one SMS code a minute per phone), then: return with a reason, the candidate
    resubmits, approve; another unit's page; a form without its token; sign out."""
    driver = browser()
    try:
        sign_in(driver, UNIT_PHONE)
        assert driver.current_url == BASE + "/console/", driver.current_url
        shot(driver, "home")
        driver.find_element(By.PARTIAL_LINK_TEXT, "协和医院").click()
        unit_base = driver.current_url.rstrip("/")
        driver.get(unit_base + "/trial-applications")
        shot(driver, "trial-review-list")
        driver.find_element(By.LINK_TEXT, "李娜").click()
        assert "李娜 的试用期申报" in driver.page_source
        shot(driver, "trial-review-detail")
        declaration = driver.current_url.rsplit("/", 1)[1]

        driver.find_element(By.ID, "return-reason").send_keys("请补充毕业证书编号")
        submit(driver, driver.find_element(By.ID, "return"))
        candidate = wechat("demo-lina")
        status, view = api("GET", "/api/v1/trial/applications/" + declaration, token=candidate)
        assert view["status"] == "returned", view

        # The candidate resubmits in the mini-program (the API); the administrator approves.
        status, answer = api("POST", f"/api/v1/trial/applications/{declaration}/submit", {"version": view["version"]}, candidate)
        assert status == 200, answer
        driver.get(unit_base + "/trial-applications/" + declaration)
        assert "请补充毕业证书编号" in driver.page_source  # the progress shows the reason
        submit(driver, driver.find_element(By.ID, "approve"))
        status, view = api("GET", "/api/v1/trial/applications/" + declaration, token=candidate)
        assert view["status"] == "approved", view

        # 信息确认: enter 李娜's exam information, see a field's error, fix it; she confirms in the API.
        driver.get(unit_base)
        driver.find_element(By.LINK_TEXT, "进入信息确认").click()
        driver.find_element(By.LINK_TEXT, "李娜").click()
        record_url = driver.current_url
        year = record_url.rsplit("/", 2)[1]
        values = {"education-level": "bachelor", "education-studyForm": "full_time", "education-school": "武汉大学",
                  "education-lengthYears": "5", "education-majorType": "medicine", "education-major": "临床医学",
                  "education-diplomaNumber": "104861202505000123"}
        for field, value in values.items():
            element = driver.find_element(By.ID, field)
            if element.tag_name == "select":
                driver.execute_script("arguments[0].value = arguments[1]", element, value)
            else:
                element.send_keys(value)
        for field, value in (("education-enrolledOn", "2020-09-01"), ("education-graduatedOn", "2019-06-30")):
            driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
        submit(driver, driver.find_element(By.ID, "save"))
        assert driver.find_element(By.ID, "education-graduatedOn-error").text, "the error is next to its field"
        assert driver.find_element(By.ID, "education-school").get_attribute("value") == "武汉大学", "what was typed stays"
        shot(driver, "exam-record-error")
        driver.execute_script("arguments[0].value = '2025-06-30'", driver.find_element(By.ID, "education-graduatedOn"))
        # The page is the exam year's (the demo's cycle), so the trial section comes prefilled from her
        # approved declaration; its current institution has no end yet: the unit enters it.
        end = driver.find_element(By.ID, "trial-endDate")
        assert end.get_attribute("value") == "", "a current trial institution has no end date to prefill"
        driver.execute_script("arguments[0].value = arguments[1]", end, f"{year}-07-31")
        submit(driver, driver.find_element(By.ID, "save"))
        assert driver.current_url == record_url, driver.current_url
        status, record = api("GET", f"/api/v1/exam-records/{year}/me", token=candidate)
        assert record["status"] == "awaiting_confirmation", record
        status, answer = api("POST", f"/api/v1/exam-records/{year}/me/confirm", {"version": record["version"]}, candidate)
        assert status == 200 and answer["status"] == "confirmed", answer

        # A CSV import with one bad line: 张伟's row is saved, the unknown number is reported by line.
        def resident_id(serial, birth="19980315"):
            body = f"420102{birth}{serial:03d}"
            weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
        header = "documentNumber,education.level,education.studyForm,education.enrolledOn,education.graduatedOn,education.school,education.lengthYears,education.diplomaNumber"
        lines = [header, f"{resident_id(11)},本科,full_time,2020-09-01,2025-06-30,武汉大学,5,104861202505000111",
                 "110105199001011234,本科,full_time,2020-09-01,2025-06-30,武汉大学,5,104861202505000112"]
        path = os.path.join(SCREENSHOTS or "/tmp", "import.csv")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8-sig", newline="") as file:
            file.write("\r\n".join(lines) + "\r\n")
        driver.get(unit_base + "/exam-records")
        driver.find_element(By.ID, "import").click()
        driver.find_element(By.ID, "file").send_keys(path)
        submit(driver, driver.find_element(By.ID, "upload"))
        summary = driver.find_element(By.ID, "import-summary").text
        assert "已保存 1 行" in summary and "有错误 1 行" in summary, summary
        assert driver.find_element(By.CSS_SELECTOR, "tr.invalid td").text == "3"
        shot(driver, "exam-record-import")

        # Another unit's page, and the platform's: not for this administrator.
        driver.get(f"{BASE}/console/units/{uuid.uuid4()}/trial-applications")
        assert "未找到" in driver.page_source
        driver.get(f"{BASE}/console/platform/verifications")
        assert "没有权限" in driver.page_source or "未找到" in driver.page_source

        # A form without its token (as a forged cross-site form would be) is refused and does nothing.
        driver.get(BASE + "/console/")
        driver.execute_script("document.querySelectorAll('form.signout input[name=_csrf]').forEach(e => e.remove())")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        assert "页面已过期" in driver.page_source, driver.page_source[-1500:]
        driver.get(BASE + "/console/")
        assert driver.current_url == BASE + "/console/", "the forged sign-out signed out"

        submit(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        assert driver.current_url.endswith("/console/login"), driver.current_url
        driver.get(BASE + "/console/")
        assert driver.current_url.endswith("/console/login")
    finally:
        driver.quit()


def test_3_platform_administrator():
    """A manual verification with its photos shown beside what was entered, approved; then an
    institution registration with its licence, approved."""
    candidate = wechat("browser-manual-review")
    front, back = upload(candidate, "id_document_front", 1), upload(candidate, "id_document_back", 2)
    status, answer = api("POST", "/api/v1/me/verification",
                         {"realName": "John Smith", "documentType": "passport", "documentNumber": "E12345678", "method": "manual"}, candidate)
    assert status in (200, 201), answer
    status, answer = api("POST", "/api/v1/me/verification/scan", {"frontAttachmentId": front, "backAttachmentId": back}, candidate)
    assert answer["status"] == "pending_review", answer

    registrant = wechat("demo-wangfang")  # verified by the demo, no unit yet
    licence = upload(registrant, "institution_licence", 3)
    status, registration = api("POST", "/api/v1/institution-registrations", {
        "name": "武汉市浏览器测试卫生院", "uscc": uscc(777), "superiorUnit": "武汉市卫生健康委员会", "category": "C",
        "region": "420100", "address": "湖北省武汉市江岸区", "contactName": "王芳", "contactPhone": "13912345678",
        "licenceAttachmentId": licence}, registrant)
    assert status == 201, registration

    driver = browser()
    try:
        sign_in(driver, PLATFORM_PHONE)
        driver.find_element(By.LINK_TEXT, "实名审核").click()
        driver.find_element(By.LINK_TEXT, "John Smith").click()
        assert driver.find_element(By.ID, "entered-number").text == "E12345678"
        photos = driver.find_elements(By.CSS_SELECTOR, ".photos img")
        assert len(photos) == 2
        WebDriverWait(driver, 10).until(lambda d: all(image_drawn(d, photo) for photo in photos))
        shot(driver, "verification-review")
        submit(driver, driver.find_element(By.ID, "approve"))
        status, answer = api("GET", "/api/v1/me/verification", token=candidate)
        assert answer["status"] == "verified", answer

        driver.find_element(By.LINK_TEXT, "机构注册").click()
        driver.find_element(By.LINK_TEXT, "武汉市浏览器测试卫生院").click()
        licence_image = driver.find_element(By.CSS_SELECTOR, ".photos img")
        WebDriverWait(driver, 10).until(lambda d: image_drawn(d, licence_image))
        shot(driver, "registration-review")
        submit(driver, driver.find_element(By.ID, "approve"))
        status, answer = api("GET", "/api/v1/institution-registrations/mine", token=registrant)
        assert answer["items"][0]["status"] == "approved", answer
    finally:
        driver.quit()


def main():
    tests = [value for name, value in sorted(globals().items()) if name.startswith("test_")]
    failed = 0
    for test in tests:
        started = time.monotonic()
        try:
            test()
            print(f"ok   {test.__name__} ({time.monotonic() - started:.1f} s)")
        except Exception:
            failed += 1
            print(f"FAIL {test.__name__}")
            traceback.print_exc()
    print(f"browser tests: {len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
