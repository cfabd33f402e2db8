"""What every candidate-page (/m, issue 28) browser test shares: a phone-sized headless Chromium
(390 x 844, touch, a phone's user agent), the server's API for preconditions, the development SMS codes
from the server log, screenshots under $SCREENSHOTS/m, and checks every page must pass on a phone.

Each area of the candidate's journey has its own module `mobile_<area>.py` with step functions
`step_…(driver, state)` (what a candidate does by hand, in the browser only) and, for running alone,
`test_…()` functions that set up what the area needs through the API first. `mobile_test.py` runs every
module's tests and the whole journey (`test_journey`), which chains the steps in the guides' order.
"""
import json
import os
import re
import struct
import time
import urllib.error
import urllib.request
import zlib

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE"].rstrip("/")
SERVER_LOG = os.environ["SERVER_LOG"]
SCREENSHOTS = os.environ.get("SCREENSHOTS", "")
UNIT_PHONE = "13900000002"      # deploy/demo/load.py: unit administrator of 协和医院
PLATFORM_PHONE = "13900000001"  # platform administrator
WIDTH, HEIGHT = 390, 844

_phone_serial = [int(time.time()) % 100000]


def new_phone():
    """A phone number nobody has used in this run (the SMS limits are per phone)."""
    _phone_serial[0] += 1
    return "137" + f"{_phone_serial[0] % 100000000:08d}"


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


def sms_code(phone, after):
    """The development SMS code for `phone` logged after byte offset `after` of the server log."""
    masked = phone[:3] + "****" + phone[-4:]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(SERVER_LOG, encoding="utf-8") as log:
            log.seek(after)
            codes = re.findall(r"login code (\d{6}) for " + re.escape(masked), log.read())
        if codes:
            return codes[-1]
        time.sleep(0.1)
    raise AssertionError("no SMS code logged for " + masked)


_tokens = {}


def api_login(phone):
    """A bearer token for `phone` through the API (POST /auth/sms, /auth/phone), for preconditions;
    one per phone and run (the server's sessions outlast the run)."""
    if phone in _tokens:
        return _tokens[phone]
    offset = os.path.getsize(SERVER_LOG)
    # The test server allows one code a second per phone (deploy/local/browser.sh): a sign-in a moment
    # ago in a browser waits for the next second, not for an outcome.
    deadline = time.monotonic() + 5
    while True:
        status, answer = api("POST", "/api/v1/auth/sms", {"phone": phone})
        if status != 429 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status in (200, 202), answer
    status, answer = api("POST", "/api/v1/auth/phone", {"phone": phone, "code": sms_code(phone, offset)})
    assert status == 200, answer
    _tokens[phone] = answer["token"]
    return answer["token"]


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


def png_file(name, seed=0):
    """A PNG on disk for an `<input type=file>` (Selenium sends files by path)."""
    directory = os.path.join(os.environ.get("TMPDIR", "/tmp"), "mobile-browser-files")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{name}-{seed}.png")
    with open(path, "wb") as file:
        file.write(png(seed=seed))
    return path


def phone_browser():
    """Headless Chromium as a phone: 390 x 844 CSS pixels, touch, a mobile user agent."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1.0, "touch": True},
        "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    return driver


def desktop_browser():
    """The console (a unit or platform administrator's side of a step) at a desktop size."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=zh-CN"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    return driver


def shot(driver, name):
    """A screenshot of the whole page (its full height at the phone's width) as $SCREENSHOTS/m/NAME.png."""
    if not SCREENSHOTS:
        return
    directory = os.path.join(SCREENSHOTS, "m")
    os.makedirs(directory, exist_ok=True)
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": max(HEIGHT, min(height, 6000)), "deviceScaleFactor": 1, "mobile": True})
        driver.save_screenshot(os.path.join(directory, name + ".png"))
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})


def submit(driver, element):
    """Clicks a form's button and waits for the page the form leads to (the button's node is gone)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()

    def replaced(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True

    WebDriverWait(driver, 10).until(replaced)


def check_phone_page(driver):
    """What every candidate page must be on a phone: nothing wider than the screen, every visible
    input labelled, every button and link in a form or menu at least 44 px high, no script needed."""
    problems = driver.execute_script("""
        const found = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push('page wider than the screen: ' + document.documentElement.scrollWidth);
        for (const input of document.querySelectorAll('input, select, textarea')) {
          if (input.type === 'hidden' || input.offsetParent === null) continue;
          const labelled = (input.id && document.querySelector('label[for="' + input.id + '"]')) || input.closest('label') || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby');
          if (!labelled) found.push('unlabelled input: ' + (input.name || input.outerHTML.slice(0, 80)));
        }
        for (const target of document.querySelectorAll('button, .button, ul.menu a, input[type=submit]')) {
          if (target.offsetParent === null) continue;
          const box = target.getBoundingClientRect();
          if (box.height < 43.5) found.push('touch target under 44 px: ' + (target.id || target.textContent.trim().slice(0, 20)) + ' ' + box.height);
        }
        if (document.querySelector('script')) found.push('a script on the page');
        return found;
    """)
    assert not problems, problems


def sign_in(driver, phone):
    """Signs in on /m with phone and SMS code, as a candidate does; ends on the home page."""
    driver.get(BASE + "/m/")
    check_phone_page(driver)
    driver.find_element(By.ID, "phone").send_keys(phone)
    offset = os.path.getsize(SERVER_LOG)
    submit(driver, driver.find_element(By.ID, "send-code"))
    assert "验证码已发送" in driver.find_element(By.ID, "signin-notice").text, driver.page_source[-1500:]
    driver.find_element(By.ID, "code").send_keys(sms_code(phone, offset))
    submit(driver, driver.find_element(By.ID, "sign-in"))
    assert driver.current_url == BASE + "/m/", driver.current_url
    assert driver.find_element(By.ID, "sign-out")


def console_sign_in(driver, phone):
    """Signs an administrator in on the console (the unit's or the province's side of a step)."""
    # The test server allows one code a second per phone (deploy/local/browser.sh): a sign-in of the
    # same phone a moment ago (another test) waits for the next second, not for an outcome.
    deadline = time.monotonic() + 5
    while True:
        driver.get(BASE + "/console/")
        driver.find_element(By.ID, "phone").send_keys(phone)
        offset = os.path.getsize(SERVER_LOG)
        submit(driver, driver.find_element(By.ID, "send-code"))
        if driver.find_elements(By.ID, "code") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    driver.find_element(By.ID, "code").send_keys(sms_code(phone, offset))
    submit(driver, driver.find_element(By.ID, "sign-in"))
    assert driver.current_url == BASE + "/console/", driver.current_url


def api_upload(token, purpose, data, content_type="image/png"):
    request = urllib.request.Request(f"{BASE}/api/v1/attachments?purpose={purpose}", method="POST", data=data)
    request.add_header("Content-Type", content_type)
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["id"]


def resident_id(serial, birth="19980315"):
    """A well-formed 18-digit resident ID (武汉市江岸区, GB 11643 check digit)."""
    body = f"420102{birth}{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def session_token(driver):
    """The signed-in candidate's session token (the /m cookie's value is a session like the API's),
    for preconditions set up through the API on behalf of the same account."""
    cookie = driver.get_cookie("ht_m")
    assert cookie, "not signed in on /m"
    return cookie["value"]


def api_verify(token, name, serial):
    """Real-name verification through the API (the automatic path), as the mini-program would."""
    front, back = api_upload(token, "id_document_front", png(seed=serial)), api_upload(token, "id_document_back", png(seed=serial + 1))
    status, answer = api("POST", "/api/v1/me/verification", {"realName": name, "documentType": "resident_id", "documentNumber": resident_id(serial), "method": "auto"}, token)
    assert status == 201, answer
    status, answer = api("POST", "/api/v1/me/verification/scan", {"frontAttachmentId": front, "backAttachmentId": back}, token)
    assert status == 200 and answer["status"] == "verified", answer
    status, answer = api("PUT", "/api/v1/me/profile", {"ethnicity": "01"}, token)
    assert status == 200, answer


DEMO_UNIT = "华中科技大学同济医学院附属协和医院"  # deploy/demo/load.py


def demo_unit():
    """协和医院's id, as a search finds it."""
    status, found = api("GET", "/api/v1/institutions?q=%E5%8D%8F%E5%92%8C", token=api_login(UNIT_PHONE))
    assert status == 200, found
    return next(item["id"] for item in found["items"] if item["name"] == DEMO_UNIT)


def demo_unit_code():
    """协和医院's 单位确认码, as its administrator reads it (the console's 单位信息 shows the same)."""
    status, answer = api("GET", f"/api/v1/units/{demo_unit()}/confirmation-code", token=api_login(UNIT_PHONE))
    assert status == 200, answer
    return answer["code"]
