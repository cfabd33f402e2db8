-- Identity: real-name verification (实名认证). One row per attempt at verifying; withdrawing or being
-- rejected ends a row, and starting again makes a new one, so the history stays.

CREATE TABLE identity.verifications (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Creation order, even when two rows share a timestamp: the account's latest row is its state.
    seq                 bigint GENERATED ALWAYS AS IDENTITY,
    account_id          uuid NOT NULL REFERENCES identity.accounts (id),
    status              text NOT NULL,
    method              text NOT NULL,
    real_name           text NOT NULL,
    document_type       text NOT NULL,
    document_number     text NOT NULL,
    front_attachment_id uuid REFERENCES attachments.attachments (id),
    back_attachment_id  uuid REFERENCES attachments.attachments (id),
    reject_reason       text,
    reviewed_by         uuid REFERENCES identity.accounts (id),
    reviewed_at         timestamptz,
    submitted_at        timestamptz,       -- when it went to review (the review queue's order)
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT verifications_status CHECK (status IN ('pending_scan', 'pending_review', 'verified', 'rejected', 'withdrawn')),
    CONSTRAINT verifications_method CHECK (method IN ('auto', 'manual')),
    CONSTRAINT verifications_auto_only_resident_id CHECK (method = 'manual' OR document_type = 'resident_id'),
    CONSTRAINT verifications_rejection_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
-- At most one open verification per account; the latest row is the account's state.
CREATE UNIQUE INDEX verifications_one_open_idx ON identity.verifications (account_id)
    WHERE status IN ('pending_scan', 'pending_review', 'verified');
CREATE INDEX verifications_account_idx ON identity.verifications (account_id, seq DESC);
-- A verified document number belongs to one account.
CREATE UNIQUE INDEX verifications_verified_number_idx ON identity.verifications (document_type, document_number)
    WHERE status = 'verified';
-- The review queue, oldest first.
CREATE INDEX verifications_review_queue_idx ON identity.verifications (submitted_at, id) WHERE status = 'pending_review';

-- Automatic checks that reached the verification service, for the limits: 5 failures per account in
-- 6 hours, 10 tries per document number per hour across accounts. The number is kept as its SHA-256.
CREATE TABLE identity.verification_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    uuid NOT NULL REFERENCES identity.accounts (id),
    number_digest text NOT NULL,
    matched       boolean NOT NULL,
    attempted_at  timestamptz NOT NULL
);
CREATE INDEX verification_attempts_account_idx ON identity.verification_attempts (account_id, attempted_at);
CREATE INDEX verification_attempts_number_idx ON identity.verification_attempts (number_digest, attempted_at);
