-- Confirmation: exam information records (医师资格考试信息确认) that a unit enters for its candidates,
-- their immutable versions, the candidates' disputes and the certificate faces candidates upload
-- themselves; the export views analysts read.

-- One record per candidate per exam year. `institution_id` is the unit that saved the current version;
-- read and write access is decided by the candidate's current binding, not by this column.
CREATE TABLE confirmation.records (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id         uuid NOT NULL REFERENCES identity.accounts (id),
    year               integer NOT NULL,
    institution_id     uuid NOT NULL REFERENCES institutions.institutions (id),
    status             text NOT NULL,
    current_version    integer NOT NULL,
    confirmed_version  integer,
    confirmed_at       timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT records_one_per_year UNIQUE (account_id, year),
    CONSTRAINT records_year_range CHECK (year BETWEEN 2000 AND 2999),
    CONSTRAINT records_status CHECK (status IN ('awaiting_confirmation', 'disputed', 'confirmed')),
    -- `confirmed_version` keeps the last confirmed version after a later save reopens the record.
    CONSTRAINT records_confirmed CHECK (status <> 'confirmed' OR confirmed_version = current_version)
);
-- The unit's list reads the records of its staff for a year.
CREATE INDEX records_year_account_idx ON confirmation.records (year, account_id);

-- Every save is a new immutable version: the whole document as entered, its SHA-256 over the
-- canonical JSON (what a confirmation names), who saved it and what changed against the previous one.
CREATE TABLE confirmation.record_versions (
    record_id       uuid NOT NULL REFERENCES confirmation.records (id),
    version         integer NOT NULL,
    content         jsonb NOT NULL,
    content_hash    text NOT NULL,
    institution_id  uuid NOT NULL REFERENCES institutions.institutions (id),
    saved_by        uuid NOT NULL REFERENCES identity.accounts (id),
    saved_at        timestamptz NOT NULL,
    source          text NOT NULL,
    note            text,
    changed_fields  text[] NOT NULL,
    PRIMARY KEY (record_id, version),
    CONSTRAINT record_versions_source CHECK (source IN ('entry', 'import')),
    CONSTRAINT record_versions_positive CHECK (version >= 1)
);

CREATE FUNCTION confirmation.refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'confirmation.record_versions is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON confirmation.record_versions
    FOR EACH ROW EXECUTE FUNCTION confirmation.refuse_version_change();

-- A candidate's request for correction of one version; answered by the unit's next save.
CREATE TABLE confirmation.disputes (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    record_id       uuid NOT NULL REFERENCES confirmation.records (id),
    version         integer NOT NULL,
    message         text NOT NULL,
    fields          text[] NOT NULL,
    raised_at       timestamptz NOT NULL,
    answered_by_version integer,
    FOREIGN KEY (record_id, version) REFERENCES confirmation.record_versions (record_id, version)
);
CREATE INDEX disputes_record_idx ON confirmation.disputes (record_id, raised_at DESC);

-- Certificate faces the candidate uploads themselves (证书A面/B面), by field path; they do not change
-- the entered text and make no new version.
CREATE TABLE confirmation.candidate_attachments (
    record_id      uuid NOT NULL REFERENCES confirmation.records (id),
    path           text NOT NULL,
    attachment_id  uuid NOT NULL REFERENCES attachments.attachments (id),
    attached_at    timestamptz NOT NULL,
    PRIMARY KEY (record_id, path)
);

-- Exports. One row per confirmed record, with the fields of the version the candidate confirmed.
CREATE VIEW export.exam_records AS
SELECT r.id AS record_id,
       r.year,
       v.real_name AS candidate_name,
       v.document_type,
       v.document_number,
       i.name AS unit_name,
       i.uscc AS unit_uscc,
       r.confirmed_version,
       rv.content_hash,
       r.confirmed_at,
       rv.content #>> '{education,level}' AS education_level,
       rv.content #>> '{education,studyForm}' AS study_form,
       (rv.content #>> '{education,enrolledOn}')::date AS enrolled_on,
       (rv.content #>> '{education,graduatedOn}')::date AS graduated_on,
       rv.content #>> '{education,school}' AS school,
       (rv.content #>> '{education,lengthYears}')::integer AS length_years,
       rv.content #>> '{education,majorType}' AS major_type,
       rv.content #>> '{education,major}' AS major,
       rv.content #>> '{education,diplomaNumber}' AS diploma_number,
       rv.content #>> '{title,series}' AS title_series,
       rv.content #>> '{title,level}' AS title_level,
       rv.content #>> '{title,certificateNumber}' AS title_certificate_number,
       (SELECT q ->> 'number' FROM jsonb_array_elements(rv.content -> 'qualificationCertificates') q
         WHERE q ->> 'level' = 'physician') AS physician_qualification_number,
       (SELECT q ->> 'number' FROM jsonb_array_elements(rv.content -> 'qualificationCertificates') q
         WHERE q ->> 'level' = 'assistant_physician') AS assistant_qualification_number,
       rv.content #>> '{practiceCertificate,level}' AS practice_level,
       rv.content #>> '{practiceCertificate,category}' AS practice_category,
       rv.content #>> '{practiceCertificate,number}' AS practice_certificate_number,
       rv.content #>> '{trial,position}' AS trial_position,
       rv.content #>> '{trial,category}' AS trial_category,
       (rv.content #>> '{trial,startDate}')::date AS trial_start_date,
       (rv.content #>> '{trial,endDate}')::date AS trial_end_date,
       rv.content #>> '{trial,supervisorName}' AS trial_supervisor_name,
       rv.content AS content
  FROM confirmation.records r
  JOIN confirmation.record_versions rv ON rv.record_id = r.id AND rv.version = r.confirmed_version
  JOIN institutions.institutions i ON i.id = rv.institution_id
  LEFT JOIN identity.verifications v ON v.account_id = r.account_id AND v.status = 'verified'
 WHERE r.status = 'confirmed';

-- Every currently bound candidate's status per exam year (the years of the exam cycles and of any
-- record), including `not_entered`.
CREATE VIEW export.exam_record_status AS
SELECT y.year,
       i.id AS institution_id,
       i.name AS unit_name,
       e.account_id,
       v.real_name AS candidate_name,
       v.document_number,
       COALESCE(r.status, 'not_entered') AS status,
       r.current_version,
       r.confirmed_version,
       r.updated_at
  FROM institutions.employments e
  JOIN institutions.institutions i ON i.id = e.institution_id
  CROSS JOIN (SELECT year FROM trial.cycles UNION SELECT year FROM confirmation.records) y
  LEFT JOIN confirmation.records r ON r.account_id = e.account_id AND r.year = y.year
  LEFT JOIN identity.verifications v ON v.account_id = e.account_id AND v.status = 'verified'
 WHERE e.ended_at IS NULL;
