-- Attachments: metadata and access rights for files stored on disk under
-- <ATTACHMENTS_DIR>/sha256/ab/cd/<hex>. Identical content is stored once; each upload is its own row.

CREATE TABLE attachments.attachments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    uuid NOT NULL REFERENCES identity.accounts (id),
    purpose     text NOT NULL,
    sha256      text NOT NULL,
    size        bigint NOT NULL,
    media_type  text NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT attachments_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT attachments_size_positive CHECK (size > 0),
    CONSTRAINT attachments_media_type CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf'))
);
-- The per-account daily limit, and listing an account's uploads.
CREATE INDEX attachments_owner_idx ON attachments.attachments (owner_id, created_at);
-- Garbage collection asks whether any row still references a blob.
CREATE INDEX attachments_sha256_idx ON attachments.attachments (sha256);

-- The records an attachment is part of (a verification, a trial declaration…), set by the owning module.
CREATE TABLE attachments.links (
    attachment_id uuid NOT NULL REFERENCES attachments.attachments (id) ON DELETE CASCADE,
    entity_type   text NOT NULL,
    entity_id     text NOT NULL,
    linked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (attachment_id, entity_type, entity_id)
);
CREATE INDEX links_entity_idx ON attachments.links (entity_type, entity_id);

-- Who besides the owner may read an attachment: one account, every platform administrator, or the
-- unit administrators of one institution (the reviewers of the record it is linked to).
CREATE TABLE attachments.grants (
    attachment_id      uuid NOT NULL REFERENCES attachments.attachments (id) ON DELETE CASCADE,
    reader_account     uuid REFERENCES identity.accounts (id),
    reader_role        text,
    reader_institution uuid,
    granted_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grants_one_reader CHECK (
        (reader_account IS NOT NULL AND reader_role IS NULL AND reader_institution IS NULL)
        OR (reader_account IS NULL AND reader_role = 'platform_admin' AND reader_institution IS NULL)
        OR (reader_account IS NULL AND reader_role = 'unit_admin' AND reader_institution IS NOT NULL)
    ),
    CONSTRAINT grants_once UNIQUE NULLS NOT DISTINCT (attachment_id, reader_account, reader_role, reader_institution)
);
