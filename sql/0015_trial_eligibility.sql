-- TrialPeriod (issue 26): the eligibility table of each exam cycle, and what a declaration needs to be
-- checked against it.
--
-- Who may declare which level (by education level, study form, enrolment date, exam level and route)
-- is data of the cycle, edited by platform administrators with the cycle (ADR 0020). This column's
-- default is the one place the defaults of ../shared/reference/eligibility.md are written: existing
-- cycles are filled with it here, and a cycle created without a table gets it from the default.
--   routes: a declaration at `examLevel` by `route` (`trial`, or `assistant_upgrade` when the upgrade
--     block is present) is allowed with one of `educationLevels`; `practiceYears` are the full years
--     since the assistant practice registration the upgrade route needs by the completion deadline;
--     `transitional` rows hold only while `transitionalProvision` is on (医师法 art. 65).
--   studyFormLimits: a degree of one of `studyForms` at one of `educationLevels` counts for one of
--     `examLevels` only when enrolled on or before `enrolledOnOrBefore`, or (with
--     `exemptIfAssistantQualifiedBefore`) for a 执业医师 declaration whose assistant qualification in
--     the same category was obtained on or before the enrolment date.
--   unfinishedTrialAllowedFor: `fresh_graduates` (应届毕业生 with the 承诺书) or `everyone`.
ALTER TABLE trial.cycles ADD COLUMN eligibility jsonb NOT NULL DEFAULT '{
    "routes": [
        {"examLevel": "physician", "route": "trial", "educationLevels": ["doctorate", "master", "bachelor"], "practiceYears": null, "transitional": false},
        {"examLevel": "physician", "route": "assistant_upgrade", "educationLevels": ["doctorate", "master", "bachelor", "junior_college"], "practiceYears": 2, "transitional": false},
        {"examLevel": "physician", "route": "assistant_upgrade", "educationLevels": ["secondary"], "practiceYears": 5, "transitional": true},
        {"examLevel": "assistant_physician", "route": "trial", "educationLevels": ["doctorate", "master", "bachelor", "junior_college"], "practiceYears": null, "transitional": false},
        {"examLevel": "assistant_physician", "route": "trial", "educationLevels": ["secondary"], "practiceYears": null, "transitional": true}
    ],
    "transitionalProvision": true,
    "studyFormLimits": [
        {"educationLevels": ["doctorate", "master", "bachelor", "junior_college"], "studyForms": ["adult", "self_study", "distance", "open"],
         "examLevels": ["physician", "assistant_physician"], "enrolledOnOrBefore": "2002-10-31", "exemptIfAssistantQualifiedBefore": true},
        {"educationLevels": ["secondary"], "studyForms": ["adult", "self_study", "distance", "open"],
         "examLevels": ["physician", "assistant_physician"], "enrolledOnOrBefore": "2001-08-31", "exemptIfAssistantQualifiedBefore": false}
    ],
    "unfinishedTrialAllowedFor": "fresh_graduates"
}'::jsonb;
ALTER TABLE trial.cycles ADD CONSTRAINT cycles_eligibility_object CHECK (jsonb_typeof(eligibility) = 'object');

-- 现役军人 is declared (not inferred from the document type); the assistant upgrade's practice
-- registration date, its qualification's category and (for the study-form exemption) date.
ALTER TABLE trial.applications
    ADD COLUMN active_military        boolean NOT NULL DEFAULT false,
    ADD COLUMN practice_registered_on date,
    ADD COLUMN qualification_category text,
    ADD COLUMN qualified_on           date,
    ADD CONSTRAINT applications_qualification_category_known
        CHECK (qualification_category IN ('clinical', 'dental', 'public_health', 'tcm', 'rural_general'));
