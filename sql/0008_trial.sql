-- TrialPeriod: exam cycles, trial-period declarations (试用期申报), their trial institutions and
-- attachments; the export views analysts read.

-- One exam cycle per year: the declaration window, the unit review deadline, the date by which the
-- trial period must be complete, the notice candidates acknowledge, and the year's rule parameters.
CREATE TABLE trial.cycles (
    year                      integer PRIMARY KEY,
    opens_at                  timestamptz NOT NULL,
    closes_at                 timestamptz NOT NULL,
    review_deadline           timestamptz NOT NULL,
    trial_completion_deadline date NOT NULL,
    notice_text               text NOT NULL,
    required_trial_months     integer NOT NULL DEFAULT 12,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    CONSTRAINT cycles_year_range CHECK (year BETWEEN 2000 AND 2999),
    CONSTRAINT cycles_window_order CHECK (opens_at < closes_at AND closes_at <= review_deadline),
    CONSTRAINT cycles_months_range CHECK (required_trial_months BETWEEN 1 AND 120)
);
-- The open cycle: the latest whose window contains now.
CREATE INDEX cycles_window_idx ON trial.cycles (opens_at, closes_at);

-- One declaration per candidate per cycle. The declaring unit is the candidate's unit while the
-- declaration is editable and fixed once submitted (it is the unit that reviews). The applicant's
-- name is kept for the unit's list and its name filter; the document number is not copied here.
CREATE TABLE trial.applications (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cycle                     integer NOT NULL REFERENCES trial.cycles (year),
    account_id                uuid NOT NULL REFERENCES identity.accounts (id),
    institution_id            uuid NOT NULL REFERENCES institutions.institutions (id),
    applicant_name            text NOT NULL,
    status                    text NOT NULL DEFAULT 'draft',
    version                   integer NOT NULL DEFAULT 1,
    level                     text NOT NULL,
    category                  text NOT NULL,
    tcm_subtype               text,
    notice_acknowledged_at    timestamptz NOT NULL,
    education_level           text,
    study_form                text,
    school                    text,
    major                     text,
    enrolled_on               date,
    graduated_on              date,
    diploma_number            text,
    assistant_upgrade         boolean NOT NULL DEFAULT false,
    qualification_certificate text,
    practice_certificate      text,
    fresh_graduate            boolean NOT NULL DEFAULT false,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    submitted_at              timestamptz,
    approved_at               timestamptz,
    CONSTRAINT applications_one_per_cycle UNIQUE (account_id, cycle),
    CONSTRAINT applications_status_known CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'modification_allowed')),
    CONSTRAINT applications_level_known CHECK (level IN ('physician', 'assistant_physician')),
    CONSTRAINT applications_category_known CHECK (category IN ('clinical', 'dental', 'public_health', 'tcm', 'rural_general')),
    CONSTRAINT applications_version_positive CHECK (version > 0)
);
-- The candidate's 记录 list.
CREATE INDEX applications_account_idx ON trial.applications (account_id, cycle DESC);
-- The unit's review list (never drafts: a unit sees a declaration once it has been submitted).
CREATE INDEX applications_unit_idx ON trial.applications (institution_id, cycle, submitted_at, id) WHERE status <> 'draft';

-- 试用/工作机构, in the order the candidate listed them. `confirmed` is the current unit's check of a
-- previous institution (由现所在单位对若干前试用单位进行审核并确认); entries are replaced on edit, so
-- a confirmation always concerns exactly what was submitted.
CREATE TABLE trial.trial_institutions (
    application_id    uuid NOT NULL REFERENCES trial.applications (id) ON DELETE CASCADE,
    position          integer NOT NULL,
    name              text,                 -- a draft may be saved incomplete
    department        text,
    post              text,
    start_date        date,
    end_date          date,
    supervisor_name   text,
    current           boolean NOT NULL,
    confirmed         boolean,
    confirmation_note text,
    confirmed_at      timestamptz,
    confirmed_by      uuid REFERENCES identity.accounts (id),
    PRIMARY KEY (application_id, position),
    CONSTRAINT trial_institutions_position_range CHECK (position >= 0)
);

CREATE TABLE trial.application_attachments (
    application_id uuid NOT NULL REFERENCES trial.applications (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    purpose        text NOT NULL,
    attachment_id  uuid NOT NULL REFERENCES attachments.attachments (id),
    PRIMARY KEY (application_id, position),
    CONSTRAINT application_attachments_once UNIQUE (application_id, attachment_id)
);

-- Exports: one row per declaration, one row per trial institution entry. Views may join other
-- modules' tables; the application never queries across schemas.
CREATE VIEW export.trial_applications AS
SELECT a.id AS application_id,
       a.cycle,
       v.real_name AS candidate_name,
       v.document_type,
       v.document_number,
       CASE WHEN v.document_type IN ('resident_id', 'hmt_residence_permit') AND length(v.document_number) = 18
            THEN CASE WHEN substr(v.document_number, 17, 1)::int % 2 = 1 THEN 'male' ELSE 'female' END END AS gender,
       acc.ethnicity,
       a.level,
       a.category,
       a.tcm_subtype,
       a.education_level,
       a.study_form,
       a.school,
       a.major,
       a.graduated_on,
       i.name AS unit_name,
       i.uscc AS unit_uscc,
       a.status,
       a.submitted_at,
       a.approved_at
  FROM trial.applications a
  JOIN identity.accounts acc ON acc.id = a.account_id
  LEFT JOIN identity.verifications v ON v.account_id = a.account_id AND v.status = 'verified'
  JOIN institutions.institutions i ON i.id = a.institution_id;

CREATE VIEW export.trial_periods AS
SELECT a.id AS application_id,
       a.cycle,
       v.real_name AS candidate_name,
       v.document_number,
       t.position,
       t.name AS institution_name,
       t.department,
       t.post,
       t.start_date,
       t.end_date,
       t.supervisor_name,
       t.current,
       t.confirmed,
       a.status
  FROM trial.trial_institutions t
  JOIN trial.applications a ON a.id = t.application_id
  LEFT JOIN identity.verifications v ON v.account_id = a.account_id AND v.status = 'verified';
