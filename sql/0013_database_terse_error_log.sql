-- Keep document numbers (and phone numbers) out of PostgreSQL's own log. A unique violation's DETAIL
-- names the key's value, e.g. `Key (document_type, document_number)=(resident_id, 4201…)`, and the
-- server logs it in full for every refused duplicate (docs/operations.md, "PostgreSQL's log"). With
-- `log_error_verbosity = terse` the server logs the error and its constraint, never DETAIL; clients
-- still receive every field (the application maps violations by constraint name).
--
-- The setting belongs to superusers (or, from PostgreSQL 15, to roles granted `SET` on it), so a
-- migrating role without that right cannot set it: the migration then only warns, and the operator
-- sets it as docs/operations.md says (the server warns at every start until it holds).
DO $$
BEGIN
    EXECUTE format('ALTER ROLE %I SET log_error_verbosity = terse', current_user);
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'could not set log_error_verbosity = terse for role %: see docs/operations.md, "PostgreSQL''s log"', current_user;
END
$$;
