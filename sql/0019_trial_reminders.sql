-- Issue 27 (docs/adr/0023): the deadline reminders TrialPeriod's job has sent, so the query of what is
-- due skips them and no reminder goes twice (the messages' own dedup keys are the second guard). One row
-- per declaration (or unit and cycle), deadline and number of days before it: a deadline moved by the
-- platform is a new deadline, reminded of anew.
CREATE TABLE trial.declaration_reminders (
    application_id uuid NOT NULL REFERENCES trial.applications (id) ON DELETE CASCADE,
    deadline       timestamptz NOT NULL,
    days           integer NOT NULL,
    sent_at        timestamptz NOT NULL,
    PRIMARY KEY (application_id, deadline, days)
);

CREATE TABLE trial.review_reminders (
    institution_id uuid NOT NULL REFERENCES institutions.institutions (id),
    cycle          integer NOT NULL REFERENCES trial.cycles (year),
    deadline       timestamptz NOT NULL,
    days           integer NOT NULL,
    sent_at        timestamptz NOT NULL,
    PRIMARY KEY (institution_id, cycle, deadline, days)
);

-- What is due: the declarations of a cycle by status (drafts and sent-back ones for the candidates,
-- submitted ones for the units).
CREATE INDEX applications_reminder_idx ON trial.applications (cycle, status, institution_id);

-- A unit's administrators, read for every message to them (issue 27).
CREATE INDEX roles_unit_admin_idx ON identity.roles (institution_id) WHERE role = 'unit_admin';
