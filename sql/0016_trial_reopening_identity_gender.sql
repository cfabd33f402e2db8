-- Issue 26 (docs/adr/0021): a unit's 允许修改 can be undone while the candidate has changed nothing.
-- `reopened_version` is the declaration's version when the unit reopened it (modification_allowed):
-- every saved edit bumps `version`, so "unchanged" is `version = reopened_version`, checked by the same
-- UPDATE that undoes the reopening. NULL in every other status, and in declarations reopened before this
-- migration (those cannot be undone: nobody can tell whether their candidate saved a change).
ALTER TABLE trial.applications ADD COLUMN reopened_version integer;

-- Candidates whose document encodes no gender (passports, permits, military IDs: only the resident ID
-- and the residence permits do) enter it once in their profile.
ALTER TABLE identity.accounts ADD COLUMN gender text
    CONSTRAINT accounts_gender_known CHECK (gender IN ('male', 'female'));
