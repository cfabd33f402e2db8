-- Foundation: one schema per feature module, the audit trail, and the export schema for analysts.
-- Each feature's tables are created by the migrations named after it.

CREATE SCHEMA identity;
CREATE SCHEMA institutions;
CREATE SCHEMA trial;
CREATE SCHEMA confirmation;
CREATE SCHEMA attachments;
CREATE SCHEMA audit;
CREATE SCHEMA export;

-- Every state change writes one row here, in the same transaction as the change.
-- Rows are never changed or removed: the triggers below refuse it (kept at least six months,
-- Cybersecurity Law art. 21). Details never hold codes, tokens, full document numbers or photos.
CREATE TABLE audit.events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,                 -- the account acting; NULL for the system or an anonymous caller
    action      text NOT NULL,        -- e.g. 'auth.login', 'trial.application.submit'
    entity_type text NOT NULL,        -- e.g. 'account', 'trial_application'
    entity_id   text NOT NULL,
    from_state  text,
    to_state    text,
    request_id  text,
    client_ip   inet,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT events_action_not_blank CHECK (action <> ''),
    CONSTRAINT events_details_object CHECK (jsonb_typeof(details) = 'object')
);

-- Progress of one record (进度详情) and what one account did.
CREATE INDEX events_entity_idx ON audit.events (entity_type, entity_id, occurred_at);
CREATE INDEX events_actor_idx ON audit.events (actor_id, occurred_at) WHERE actor_id IS NOT NULL;

CREATE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON audit.events
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
