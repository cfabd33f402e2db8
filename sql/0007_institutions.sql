-- Institutions (卫生机构): the registry, registrations by units' responsible people, the confirmation code
-- each unit hands its staff, and candidates' employment periods (工作单位) with their history.

CREATE SCHEMA IF NOT EXISTS institutions;

-- The distinct two-character pieces of a text. Search by any fragment of a Chinese name goes through a
-- GIN index on these (docs/adr/0009): pg_trgm needs three characters and, under the C locale, does not
-- see CJK characters as word characters at all, so "协和" would find nothing through it.
CREATE FUNCTION institutions.bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, char_length(t) - 1) AS i $$;

CREATE TABLE institutions.institutions (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL,
    uscc                text NOT NULL,              -- 统一社会信用代码, 18 characters
    uscc_check_passed   boolean NOT NULL,           -- false: accepted by a platform administrator's override
    superior_unit       text,                       -- 主管单位
    category            text NOT NULL,              -- WS 218 first level
    region              text NOT NULL,              -- GB/T 2260 code of a Hubei prefecture-level division
    address             text NOT NULL,
    status              text NOT NULL DEFAULT 'active',
    confirmation_code   text NOT NULL,              -- shown to the unit's administrators, compared in constant time
    code_rotated_at     timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    name_bigrams        text[] GENERATED ALWAYS AS (institutions.bigrams(name)) STORED,
    -- A stable pseudo-random order for names that merely contain a fragment (docs/adr/0009).
    scatter             bigint GENERATED ALWAYS AS (hashtextextended(name, 0)) STORED,
    CONSTRAINT institutions_status CHECK (status IN ('active', 'inactive')),
    CONSTRAINT institutions_category CHECK (category IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'O', 'P')),
    CONSTRAINT institutions_region CHECK (region ~ '^42[0-9]{4}$'),
    CONSTRAINT institutions_uscc_shape CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    CONSTRAINT institutions_code_shape CHECK (confirmation_code ~ '^[2-9A-HJKMNP-Z]{8}$')
);
-- Names and codes are unique among active institutions (an inactive one may be registered anew).
CREATE UNIQUE INDEX institutions_active_name_idx ON institutions.institutions (name) WHERE status = 'active';
CREATE UNIQUE INDEX institutions_active_uscc_idx ON institutions.institutions (uscc) WHERE status = 'active';
-- Search (docs/adr/0009): exact and prefix matches walk the names in byte order; containment walks the
-- scattered order or, for a rare fragment, looks its bigrams up; a USCC prefix walks the codes.
CREATE INDEX institutions_name_order_idx ON institutions.institutions (name COLLATE "C", id) WHERE status = 'active';
CREATE INDEX institutions_scatter_order_idx ON institutions.institutions (scatter, id) WHERE status = 'active';
CREATE INDEX institutions_name_bigrams_idx ON institutions.institutions USING gin (name_bigrams) WHERE status = 'active';
CREATE INDEX institutions_uscc_order_idx ON institutions.institutions (uscc COLLATE "C") WHERE status = 'active';

CREATE TABLE institutions.registrations (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registrant_id         uuid NOT NULL REFERENCES identity.accounts (id),
    name                  text NOT NULL,
    uscc                  text NOT NULL,
    uscc_check_passed     boolean NOT NULL,
    superior_unit         text,
    category              text NOT NULL,
    region                text NOT NULL,
    address               text NOT NULL,
    contact_name          text NOT NULL,
    contact_phone         text NOT NULL,
    licence_attachment_id uuid NOT NULL REFERENCES attachments.attachments (id),
    status                text NOT NULL DEFAULT 'submitted',
    reject_reason         text,
    institution_id        uuid REFERENCES institutions.institutions (id),
    reviewed_by           uuid REFERENCES identity.accounts (id),
    reviewed_at           timestamptz,
    submitted_at          timestamptz NOT NULL,
    CONSTRAINT registrations_status CHECK (status IN ('submitted', 'approved', 'rejected')),
    CONSTRAINT registrations_rejection_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
    CONSTRAINT registrations_approved_institution CHECK ((status = 'approved') = (institution_id IS NOT NULL))
);
CREATE INDEX registrations_registrant_idx ON institutions.registrations (registrant_id, submitted_at DESC);
CREATE INDEX registrations_queue_idx ON institutions.registrations (status, submitted_at, id);

-- Employment periods: an open period (ended_at NULL) is the current unit; history stays.
CREATE TABLE institutions.employments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id     uuid NOT NULL REFERENCES identity.accounts (id),
    institution_id uuid NOT NULL REFERENCES institutions.institutions (id),
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz,
    end_reason     text,                           -- set when the unit ended it
    ended_by       uuid REFERENCES identity.accounts (id),
    CONSTRAINT employments_period CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX employments_one_open_idx ON institutions.employments (account_id) WHERE ended_at IS NULL;
CREATE INDEX employments_history_idx ON institutions.employments (account_id, started_at DESC);
CREATE INDEX employments_staff_idx ON institutions.employments (institution_id, started_at, id) WHERE ended_at IS NULL;

-- Wrong confirmation codes, for the limit of 5 per account per hour.
CREATE TABLE institutions.code_failures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     uuid NOT NULL REFERENCES identity.accounts (id),
    institution_id uuid NOT NULL REFERENCES institutions.institutions (id),
    failed_at      timestamptz NOT NULL
);
CREATE INDEX code_failures_account_idx ON institutions.code_failures (account_id, failed_at);

-- The foreign key identity.roles has waited for since issue 3.
ALTER TABLE identity.roles
    ADD CONSTRAINT roles_institution_fk FOREIGN KEY (institution_id) REFERENCES institutions.institutions (id);
