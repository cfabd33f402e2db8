-- Identity: accounts, roles, sessions, SMS login codes and their send limits, profile and addresses.

CREATE TABLE identity.accounts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    wechat_openid  text CONSTRAINT accounts_wechat_openid_key UNIQUE,
    wechat_unionid text,
    phone          text CONSTRAINT accounts_phone_key UNIQUE,   -- mainland mobile, 11 digits
    ethnicity      text,                                        -- code from the Ethnicity list
    email          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz,
    CONSTRAINT accounts_phone_format CHECK (phone ~ '^1[0-9]{10}$'),
    CONSTRAINT accounts_has_login CHECK (wechat_openid IS NOT NULL OR phone IS NOT NULL)
);

-- Roles beyond `candidate`. A unit administrator's role names its institution. The foreign key to
-- institutions arrives with the Institutions migration.
CREATE TABLE identity.roles (
    account_id     uuid NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    role           text NOT NULL,
    institution_id uuid,
    granted_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT roles_known CHECK (role IN ('unit_admin', 'platform_admin')),
    CONSTRAINT roles_scope CHECK ((role = 'unit_admin') = (institution_id IS NOT NULL)),
    CONSTRAINT roles_once UNIQUE NULLS NOT DISTINCT (account_id, role, institution_id)
);

-- Sessions are looked up by the SHA-256 of their token; the token itself is never stored.
CREATE TABLE identity.sessions (
    token_hash   bytea PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    login_method text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,   -- absolute limit; the idle limit is checked against last_seen_at
    revoked_at   timestamptz,
    CONSTRAINT sessions_token_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT sessions_method CHECK (login_method IN ('wechat', 'phone'))
);
CREATE INDEX sessions_account_idx ON identity.sessions (account_id);

-- The current SMS code of a phone number, stored as an HMAC under a per-code random key.
-- A new code replaces the previous one.
CREATE TABLE identity.sms_codes (
    phone           text PRIMARY KEY,
    code_hash       bytea NOT NULL,
    code_key        bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    consumed_at     timestamptz,
    CONSTRAINT sms_codes_attempts CHECK (failed_attempts BETWEEN 0 AND 5)
);

-- Every accepted send, for the per-phone and per-address limits. Kept in PostgreSQL so the limits hold
-- across server instances.
CREATE TABLE identity.sms_sends (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone     text NOT NULL,
    client_ip inet,
    sent_at   timestamptz NOT NULL
);
CREATE INDEX sms_sends_phone_idx ON identity.sms_sends (phone, sent_at);
CREATE INDEX sms_sends_ip_idx ON identity.sms_sends (client_ip, sent_at) WHERE client_ip IS NOT NULL;

-- 我的地址: delivery addresses (certificates are posted to candidates).
CREATE TABLE identity.addresses (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    recipient   text NOT NULL,
    phone       text NOT NULL,
    region      text NOT NULL,
    detail      text NOT NULL,
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addresses_account_idx ON identity.addresses (account_id, created_at);
CREATE UNIQUE INDEX addresses_one_default_idx ON identity.addresses (account_id) WHERE is_default;
