-- The wrong-code counter's bound agrees with SMS_CODE_MAX_FAILURES' allowed range (1 to 20): a raised
-- setting must not turn a wrong entry into a CHECK violation.
ALTER TABLE identity.sms_codes
    DROP CONSTRAINT sms_codes_attempts,
    ADD CONSTRAINT sms_codes_attempts CHECK (failed_attempts BETWEEN 0 AND 20);
