-- Housekeeping. The audit trail stays append-only for everyone, with one narrow exception: rows older
-- than 180 days (the legal minimum is six months, Cybersecurity Law art. 21) may be deleted, and only
-- inside audit.prune(), which sets a transaction-local flag the trigger checks. The trigger checks the
-- age itself too, so setting the flag by hand still cannot remove a recent row.

CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('audit.pruning', true) = 'on'
       AND OLD.occurred_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit.events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Removes at most `batch` events older than `older_than_days` (at least 180), oldest first; answers how
-- many. Called in a loop, one short transaction per batch, so it is safe while the server writes.
CREATE FUNCTION audit.prune(older_than_days integer, batch integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, audit AS $$
DECLARE
    removed bigint;
BEGIN
    IF older_than_days IS NULL OR older_than_days < 180 THEN
        RAISE EXCEPTION 'audit events are kept at least 180 days; refused to prune events younger than % days', older_than_days
            USING ERRCODE = 'check_violation';
    END IF;
    IF batch IS NULL OR batch NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 100000' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config('audit.pruning', 'on', true);
    DELETE FROM audit.events
     WHERE id IN (SELECT id FROM audit.events
                   WHERE occurred_at < now() - make_interval(days => older_than_days)
                   ORDER BY id LIMIT batch);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('audit.pruning', 'off', true);
    RETURN removed;
END;
$$;
REVOKE ALL ON FUNCTION audit.prune(integer, integer) FROM PUBLIC;

-- The table only grows at its end, so a BRIN index finds the old rows (and proves there are none)
-- without scanning the table.
CREATE INDEX events_occurred_brin ON audit.events USING brin (occurred_at);

-- Rows the limits no longer look at are removed by `health-talent prune` by these columns.
CREATE INDEX sessions_expires_idx ON identity.sessions (expires_at);
CREATE INDEX sessions_last_seen_idx ON identity.sessions (last_seen_at);
CREATE INDEX sms_codes_expires_idx ON identity.sms_codes (expires_at);
CREATE INDEX sms_sends_sent_idx ON identity.sms_sends (sent_at);
CREATE INDEX verification_attempts_attempted_idx ON identity.verification_attempts (attempted_at);
CREATE INDEX code_failures_failed_idx ON institutions.code_failures (failed_at);
