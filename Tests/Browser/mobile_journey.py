"""The whole journey of both guides by one new candidate, in one phone browser, as issue 28 asks: log in,
verify (a mistake first, then automatically), 个人信息 and 我的地址, bind the unit (a wrong code first),
declare with two trial institutions and attachments (a problem seen and fixed), submit, be returned by
the unit in the console, modify, resubmit, be approved, confirm the exam information the unit entered,
dispute a corrected version, read the messages. The manual path after failed scans is a second
candidate's (`mobile_identity.test_verify_by_manual_review_after_failed_scans`): a verified account
cannot fail a scan again."""
import mobile_confirmation
import mobile_employment
import mobile_identity
import mobile_messages
import mobile_signin
import mobile_trial
from mobile_common import api, demo_unit, demo_unit_code, new_phone, phone_browser, session_token


def test_journey():
    driver = phone_browser()
    state = {"phone": new_phone()}
    try:
        mobile_signin.step_sign_in_new_candidate(driver, state)
        mobile_identity.step_verify_auto(driver, state)
        mobile_identity.step_profile_and_address(driver, state)
        state["unit_code"] = demo_unit_code()
        mobile_employment.step_bind_unit(driver, state)
        token = session_token(driver)
        status, me = api("GET", "/api/v1/me", token=token)
        assert status == 200, me
        unit = demo_unit()
        state.update(token=token, account=me["id"], unit=unit, unit_id=unit)

        mobile_trial.step_declare(driver, state)
        mobile_trial.step_unit_returns(state)
        mobile_trial.step_modify_and_resubmit(driver, state)
        mobile_trial.step_unit_approves(state)
        mobile_trial.step_see_approved(driver, state)

        status, record = api("GET", "/api/v1/exam-records/current/me", token=token)
        assert status == 200, record
        state["year"] = record["year"]
        mobile_confirmation.step_unit_enters_record(state)
        mobile_confirmation.step_confirm(driver, state)
        mobile_confirmation.step_unit_corrects_record(state)
        mobile_confirmation.step_dispute(driver, state)

        # Returned, approved, exam information to confirm, corrected: each left a message.
        mobile_messages.step_read_messages(driver, {"expected_unread": 3})
    finally:
        driver.quit()
        for key in ("unit_driver", "console"):
            if state.get(key):
                state[key].quit()
