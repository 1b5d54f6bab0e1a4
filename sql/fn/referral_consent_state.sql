-- A consent's state today (UTC), as cb_consent_state() in
-- src/domain/consent.c says it: withdrawn wins; before valid_from it
-- is pending, after valid_until expired (both ends are days of
-- validity). Plain SQL without SET, so the planner inlines it.
-- Internal: not granted to anyone.
DROP FUNCTION IF EXISTS referral_consent_state;
CREATE FUNCTION referral_consent_state(p_from date, p_until date,
    p_withdrawn timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p_withdrawn IS NOT NULL THEN 'withdrawn'
	    WHEN (now() AT TIME ZONE 'UTC')::date < p_from THEN 'pending'
	    WHEN (now() AT TIME ZONE 'UTC')::date > p_until THEN 'expired'
	    ELSE 'active' END
$$;
REVOKE ALL ON FUNCTION referral_consent_state FROM PUBLIC;
