#!/usr/bin/env python3
"""The candidates' pages (/m, issue 28) in a phone-sized headless Chromium, run by
deploy/local/browser.sh after the console's tests, against the same server with the demo loaded.

Runs every `test_…` of the area modules (`mobile_<area>.py`, each area alone, with its preconditions
set up through the API) and then the whole journey of both guides in one browser, step by step, as a
new candidate does it by hand. Screenshots of each step go to $SCREENSHOTS/m (docs/m holds a copy).
"""
import importlib
import pkgutil
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mobile_common  # noqa: E402


def area_modules():
    here = os.path.dirname(os.path.abspath(__file__))
    names = sorted(info.name for info in pkgutil.iter_modules([here]) if info.name.startswith("mobile_") and info.name not in ("mobile_common", "mobile_test"))
    return [importlib.import_module(name) for name in names]


def tests():
    found = []
    for module in area_modules():
        found += [value for name, value in sorted(vars(module).items()) if name.startswith("test_") and callable(value)]
    return found


def main():
    selected = os.environ.get("MOBILE_TESTS", "")
    failed = 0
    ran = 0
    for test in tests():
        if selected and selected not in test.__module__ + "." + test.__name__:
            continue
        ran += 1
        started = time.monotonic()
        try:
            test()
            print(f"ok   {test.__module__}.{test.__name__} ({time.monotonic() - started:.1f} s)")
        except Exception:
            failed += 1
            print(f"FAIL {test.__module__}.{test.__name__}")
            traceback.print_exc()
    print(f"candidate page browser tests: {ran - failed} passed, {failed} failed")
    assert ran > 0, "no candidate page test ran"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
