-- Verification limits that hold under concurrency. An attempt is reserved ('pending') under advisory
-- locks before the paid FaceID call and settled afterwards, so twenty concurrent scans see each
-- other's reservations and the limit admits exactly as many calls as it allows. 'number_taken' counts
-- the answers "this number is verified by another account", so they cannot be used as a free oracle.
ALTER TABLE identity.verification_attempts ADD COLUMN outcome text;
UPDATE identity.verification_attempts SET outcome = CASE WHEN matched THEN 'match' ELSE 'mismatch' END;
ALTER TABLE identity.verification_attempts
    ALTER COLUMN outcome SET NOT NULL,
    ADD CONSTRAINT verification_attempts_outcome CHECK (outcome IN ('pending', 'match', 'mismatch', 'number_taken')),
    DROP COLUMN matched;
