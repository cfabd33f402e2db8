-- The key that signs the console's pre-sign-in cookie (docs/adr/0015), so that a browser's pre-session
-- value is one the server chose: a value planted by someone else (who would then know the CSRF token
-- of the sign-in forms) is not signed and is replaced. Kept in the database so every instance shares
-- it without configuration; 244 random bits from two version-4 UUIDs (pg_strong_random).
CREATE TABLE identity.console_key (
    only_row boolean PRIMARY KEY DEFAULT true CONSTRAINT console_key_one_row CHECK (only_row),
    key      text NOT NULL
);
INSERT INTO identity.console_key (key) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
