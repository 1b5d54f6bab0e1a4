-- The interface language a person chose (issue: ready for an office).
-- NULL: what their browser asks for.
SET search_path = cb;

ALTER TABLE users ADD COLUMN language text
    CHECK (language IN ('en', 'bs'));
