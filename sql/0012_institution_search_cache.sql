-- The registry's version, so that every server instance can keep search results in memory and know at
-- once when they are stale (docs/adr/0014). Any committed change to institutions.institutions moves
-- it; the authenticating statement reads it (Institutions' `CallerPreload`), so a request that starts
-- after a change never answers from results computed before it.
CREATE TABLE institutions.registry_version (
    only_row   boolean PRIMARY KEY DEFAULT true CONSTRAINT registry_version_one_row CHECK (only_row),
    version    bigint NOT NULL,
    -- The transaction that moved it last: a transaction moves it once however many rows it changes.
    changed_by xid8
);
INSERT INTO institutions.registry_version (version) VALUES (1);

-- Moves the version at commit (a deferred trigger), not at the change: the version row is then locked
-- only for the moment of the commit, so two transactions that change institutions cannot deadlock on it
-- whatever order they change rows in, and a reader never sees the new version before the change.
CREATE FUNCTION institutions.registry_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE institutions.registry_version SET version = version + 1, changed_by = pg_current_xact_id()
    WHERE changed_by IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER institutions_registry_changed
    AFTER INSERT OR UPDATE OR DELETE ON institutions.institutions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION institutions.registry_changed();

CREATE TRIGGER institutions_registry_truncated
    AFTER TRUNCATE ON institutions.institutions
    FOR EACH STATEMENT EXECUTE FUNCTION institutions.registry_changed();
