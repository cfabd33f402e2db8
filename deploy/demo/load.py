#!/usr/bin/env python3
"""Loads the newcomer's demo into a development server (`make run` runs this once the server answers).

Everything goes through the public API, as the mini-program and the consoles would, so the demo data
has the same audit trail and invariants as real data. Everyone logs in with a development WeChat code
(PLATFORM_MODE=development accepts any code as WeChat user dev-<code>); administrators get their roles
from `health-talent admin grant-role --account`. Loading twice changes nothing: a second run only
prints how to log in. Standard library only.

    python3 deploy/demo/load.py --base http://127.0.0.1:8080 --binary .build/debug/health-talent
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

BASE = "http://127.0.0.1:8080"


def call(method, path, body=None, token=None, content_type="application/json", expect=(200, 201, 202)):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    if status not in expect:
        sys.exit(f"demo: {method} {path} answered {status}: {payload.decode('utf-8', 'replace')[:500]}")
    return json.loads(payload) if payload else {}


def login(code):
    answer = call("POST", "/api/v1/auth/wechat", {"code": code})
    return answer["token"], answer["account"]["id"]


def resident_id(serial, birth="19980315"):
    """A well-formed 18-digit resident ID (武汉市江岸区, GB 11643 check digit)."""
    body = f"420102{birth}{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def jpeg(seed):
    return bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes((seed * 31 + i) % 251 for i in range(4096)) + bytes([0xFF, 0xD9])


def upload(token, purpose, seed):
    return call("POST", f"/api/v1/attachments?purpose={purpose}", jpeg(seed), token, content_type="image/jpeg")["id"]


def verify(token, name, number, seed, method="auto"):
    """Real-name verification; `manual` leaves it in the platform's review queue (pending_review)."""
    front, back = upload(token, "id_document_front", seed), upload(token, "id_document_back", seed + 1)
    call("POST", "/api/v1/me/verification", {"realName": name, "documentType": "resident_id", "documentNumber": number, "method": method}, token)
    status = call("POST", "/api/v1/me/verification/scan", {"frontAttachmentId": front, "backAttachmentId": back}, token)["status"]
    expected = "verified" if method == "auto" else "pending_review"
    if status != expected:
        sys.exit(f"demo: verification of {name} ended {status}")
    call("PUT", "/api/v1/me/profile", {"ethnicity": "01"}, token)


def uscc(body):
    """An 18-character unified social credit code: `body` (17 characters) and its GB 32100 check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights))
    return body + alphabet[(31 - total % 31) % 31]


CONSOLE_PLATFORM_PHONE = "13900000001"
CONSOLE_UNIT_PHONE = "13900000002"


def grant(binary, *arguments):
    subprocess.run([binary, "admin", "grant-role", *arguments], check=True, stdout=subprocess.DEVNULL)


def declaration_body(version, unit_name, trial_start):
    return {
        "version": version, "level": "physician", "category": "clinical", "tcmSubtype": None,
        "education": {"level": "bachelor", "studyForm": "full_time", "school": "武汉大学", "major": "临床医学",
                      "enrolledOn": "2020-09-01", "graduatedOn": "2025-06-30", "diplomaNumber": "104861202505000123"},
        "assistantUpgrade": None, "freshGraduate": False,
        "trialInstitutions": [{"name": unit_name, "department": "内科", "position": "住院医师", "startDate": trial_start,
                               "endDate": None, "supervisorName": "李医生", "current": True}],
        "attachments": [],
    }


def record_body(trial_start, trial_end):
    return {
        "education": {"level": "bachelor", "studyForm": "full_time", "enrolledOn": "2020-09-01", "graduatedOn": "2025-06-30",
                      "school": "武汉大学", "lengthYears": 5, "majorType": "medicine", "major": "临床医学",
                      "diplomaNumber": "104861202505000123", "verificationReportNumber": None, "certificateAttachmentId": None},
        "title": None, "qualificationCertificates": [], "practiceCertificate": None, "nurseCertificate": None,
        "trial": {"position": "住院医师", "category": "clinical", "assistantUpgrade": False, "freshGraduate": False,
                  "startDate": trial_start, "endDate": trial_end, "supervisorName": "李医生"},
    }


def open_cycle(admin_token, today, year, notice="请如实填写试用期信息，上传的材料须真实有效。"):
    """An exam cycle for `year` whose declaration window opened yesterday and stays open 90 days."""
    opens = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(9), datetime.timezone(datetime.timedelta(hours=8)))
    closes = opens + datetime.timedelta(days=90)
    call("POST", "/api/v1/admin/cycles", {
        "year": year, "opensAt": opens.isoformat(), "closesAt": closes.isoformat(),
        "reviewDeadline": (closes + datetime.timedelta(days=14)).isoformat(), "trialCompletionDeadline": f"{year}-08-31",
        "noticeText": notice, "requiredTrialMonths": 12,
    }, admin_token, expect=(201,))


def main():
    global BASE
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--binary", required=True)
    arguments = parser.parse_args()
    BASE = arguments.base.rstrip("/")
    binary = arguments.binary

    admin_token, admin_account = login("demo-platform-admin")
    loaded = "platform_admin" in json.dumps(call("GET", "/api/v1/me", token=admin_token).get("roles", []))
    unit_name = "华中科技大学同济医学院附属协和医院"
    unit = next(item for item in call("GET", "/api/v1/institutions?q=%E5%8D%8F%E5%92%8C", token=admin_token)["items"] if item["name"] == unit_name)
    unit_token, unit_admin = login("demo-unit-admin")
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    year = today.year + 1
    # Thirteen months ago, the first of the month: a trial year already complete today, so the demo
    # candidate (graduated 2025-06-30, not a fresh graduate) may submit whenever the demo is loaded.
    months = today.year * 12 + today.month - 1 - 13
    trial_start = f"{months // 12}-{months % 12 + 1:02d}-01"

    # The console (管理端) signs in by phone and SMS code: two phone accounts with the same roles
    # (granting twice changes nothing, so a demo loaded before the console gets them too).
    grant(binary, "platform_admin", "--phone", CONSOLE_PLATFORM_PHONE)
    grant(binary, "unit_admin", "--phone", CONSOLE_UNIT_PHONE, "--institution", unit["id"])

    if not loaded:
        grant(binary, "platform_admin", "--account", admin_account)
        grant(binary, "unit_admin", "--account", unit_admin, "--institution", unit["id"])
        open_cycle(admin_token, today, year)
        code = call("GET", f"/api/v1/units/{unit['id']}/confirmation-code", token=unit_token)["code"]

        # 张伟: declared, approved, exam information entered and confirmed.
        token, account = login("demo-zhangwei")
        verify(token, "张伟", resident_id(11), 11)
        call("PUT", "/api/v1/me/employment", {"institutionId": unit["id"], "confirmationCode": code}, token)
        application = call("POST", "/api/v1/trial/applications", {"level": "physician", "category": "clinical", "noticeAcknowledged": True}, token)["id"]
        version = call("PUT", f"/api/v1/trial/applications/{application}", declaration_body(1, unit_name, trial_start), token)["version"]
        call("POST", f"/api/v1/trial/applications/{application}/submit", {"version": version}, token)
        call("POST", f"/api/v1/units/{unit['id']}/trial-applications/{application}/approve", token=unit_token)
        saved = call("PUT", f"/api/v1/units/{unit['id']}/exam-records/{year}/{account}", record_body(trial_start, f"{year}-07-31"), unit_token)
        call("POST", f"/api/v1/exam-records/{year}/me/confirm", {"version": saved["version"]}, token)

        # 李娜: declared and waiting for the unit's review.
        token, _ = login("demo-lina")
        verify(token, "李娜", resident_id(22), 22)
        call("PUT", "/api/v1/me/employment", {"institutionId": unit["id"], "confirmationCode": code}, token)
        application = call("POST", "/api/v1/trial/applications", {"level": "physician", "category": "clinical", "noticeAcknowledged": True}, token)["id"]
        version = call("PUT", f"/api/v1/trial/applications/{application}", declaration_body(1, unit_name, trial_start), token)["version"]
        call("POST", f"/api/v1/trial/applications/{application}/submit", {"version": version}, token)

        # 王芳: verified, not bound to a unit yet. 刘洋: logged in only.
        token, _ = login("demo-wangfang")
        verify(token, "王芳", resident_id(33), 33)
        login("demo-liuyang")

        # 赵敏: chose manual review; waits in the platform's 实名认证人工审核 queue.
        token, _ = login("demo-zhaomin")
        verify(token, "赵敏", resident_id(44), 44, method="manual")

        # 周杰: verified, registered a unit missing from the registry; waits in 机构注册审核.
        token, _ = login("demo-zhoujie")
        verify(token, "周杰", resident_id(55), 55)
        licence = upload(token, "institution_licence", 55)
        call("POST", "/api/v1/institution-registrations", {
            "name": "武汉市江岸区演示社区卫生服务中心", "uscc": uscc("12420102MB0000055"), "superiorUnit": "江岸区卫生健康局",
            "category": "B", "region": "420100", "address": "武汉市江岸区演示路55号", "contactName": "周杰",
            "contactPhone": "13900000055", "licenceAttachmentId": licence,
        }, token)

    codes = subprocess.run(
        ["psql", "-tA", "-F", " ", os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:54320/health_talent"), "-c",
         "SELECT confirmation_code, name FROM institutions.institutions WHERE status = 'active' ORDER BY name LIMIT 8"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    print(f"""
演示数据 (demo, exam year {year}) {'was already loaded' if loaded else 'loaded'}. Log in with a development WeChat code:
  curl -s -X POST {BASE}/api/v1/auth/wechat -H 'Content-Type: application/json' -d '{{"code":"demo-platform-admin"}}'
  demo-platform-admin   平台管理员 (platform administrator)
  demo-unit-admin       单位管理员 of {unit_name}
  demo-zhangwei         张伟: declared, approved, exam information confirmed
  demo-lina             李娜: declaration waiting for the unit's review
  demo-wangfang         王芳: verified, no unit yet
  demo-liuyang          刘洋: logged in, not verified
  demo-zhaomin          赵敏: real-name verification waiting for manual review (console: 实名审核)
  demo-zhoujie          周杰: registered a new institution, waiting for review (console: 机构注册)
  any other code        a new candidate
The console (管理端): {BASE}/console/ — sign in by phone; the development SMS code is in the server's log:
  {CONSOLE_PLATFORM_PHONE}           平台管理员 (platform administrator)
  {CONSOLE_UNIT_PHONE}           单位管理员 of {unit_name}
Unit confirmation codes (单位确认码), first eight institutions:
""" + "\n".join("  " + line for line in codes.splitlines()) + "\nThe whole journey step by step: docs/walkthrough.md\n")


if __name__ == "__main__":
    main()
