-- The analysts' role: it reads the views of the `export` schema and nothing else. The views run with
-- their owner's rights (the migrating role), so members need no grant on the tables behind them.
-- Give it to a login role: CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE health_talent_export;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'health_talent_export') THEN
        CREATE ROLE health_talent_export NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA export TO health_talent_export;
GRANT SELECT ON ALL TABLES IN SCHEMA export TO health_talent_export;
-- Views that later migrations add to `export` are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA export GRANT SELECT ON TABLES TO health_talent_export;
