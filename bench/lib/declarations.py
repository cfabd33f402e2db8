#!/usr/bin/env python3
"""Sets up the declaration-submit benchmark through the public API, as deploy/demo/load.py does: a
platform administrator, an open cycle, a unit and its administrator, and COUNT verified candidates bound
to the unit, each with a complete draft declaration. Prints one line per candidate:
`token declaration-id version account-id`. With BENCH_SUBMIT=1 each declaration is also submitted; with
BENCH_UNIT_FILE=PATH the unit administrator's token and the unit's id are written there.

  python3 bench/lib/declarations.py BASE BINARY COUNT
"""
import datetime, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "demo"))
import load  # noqa: E402


def main(base, binary, count):
    load.BASE = base
    call = load.call
    admin_token, admin_account = load.login("bench-platform-admin")
    load.grant(binary, "platform_admin", "--account", admin_account)
    unit_name = "华中科技大学同济医学院附属协和医院"
    unit = next(item for item in call("GET", "/api/v1/institutions?q=%E5%8D%8F%E5%92%8C", token=admin_token)["items"]
                if item["name"] == unit_name)
    unit_token, unit_admin = load.login("bench-unit-admin")
    load.grant(binary, "unit_admin", "--account", unit_admin, "--institution", unit["id"])
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    year = today.year + 1
    load.open_cycle(admin_token, today, year)
    code = call("GET", f"/api/v1/units/{unit['id']}/confirmation-code", token=unit_token)["code"]
    if os.environ.get("BENCH_UNIT_FILE"):
        with open(os.environ["BENCH_UNIT_FILE"], "w") as f:
            f.write(f"{unit_token} {unit['id']}\n")
    for index in range(count):
        token, account = load.login(f"bench-candidate-{index}")
        # Serials run out after 900 numbers a birth date; the next 900 are born a year later.
        birth = "19980315" if index < 900 else "19990315"
        load.verify(token, "王小明", load.resident_id(100 + index % 900, birth), 1000 + 2 * index)
        call("PUT", "/api/v1/me/employment", {"institutionId": unit["id"], "confirmationCode": code}, token)
        application = call("POST", "/api/v1/trial/applications",
                           {"level": "physician", "category": "clinical", "noticeAcknowledged": True}, token)["id"]
        version = call("PUT", f"/api/v1/trial/applications/{application}",
                       load.declaration_body(1, unit_name, f"{year - 1}-08-01"), token)["version"]
        if os.environ.get("BENCH_SUBMIT") == "1":
            version = call("POST", f"/api/v1/trial/applications/{application}/submit", {"version": version}, token)["version"]
        print(token, application, version, account, flush=True)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]))
