-- A referral as a partner may see it: only when the caller is a partner
-- of the referral's organisation (no row otherwise, as for a referral
-- that does not exist), with its consent's categories and state today.
-- The one place that says who a referral belongs to, for
-- referral_package, referral_key, referral_respond and
-- referral_update_add. With p_lock the row is locked first (for the
-- writes), so what is returned holds until the caller commits.
-- Internal: not granted to anyone.
DROP FUNCTION IF EXISTS referral_for_partner;
CREATE FUNCTION referral_for_partner(p_role text, p_org uuid,
    p_referral uuid, p_lock boolean DEFAULT false)
RETURNS TABLE (id uuid, case_id uuid, status text, reason text,
    services text[], categories text[], co_categories text[],
    version integer, created_at timestamptz, responded_at timestamptz,
    responded_by uuid, response_reason bytea, valid_from date,
    valid_until date, state text)
LANGUAGE plpgsql VOLATILE SET search_path = cb, pg_temp AS $$
#variable_conflict use_column
BEGIN
	IF p_role <> 'partner' OR p_org IS NULL THEN
		RETURN;
	END IF;
	IF p_lock THEN
		PERFORM 1 FROM referrals rf WHERE rf.id = p_referral
		    AND rf.organisation_id = p_org FOR UPDATE;
	END IF;
	RETURN QUERY
	SELECT rf.id, rf.case_id, rf.status, rf.reason, rf.services,
	    rf.categories, co.categories, rf.version, rf.created_at,
	    rf.responded_at, rf.responded_by, rf.response_reason,
	    co.valid_from, co.valid_until,
	    referral_consent_state(co.valid_from, co.valid_until,
	    co.withdrawn_at)
	FROM referrals rf
	JOIN consents co ON co.id = rf.consent_id
	WHERE rf.id = p_referral AND rf.organisation_id = p_org;
END
$$;
REVOKE ALL ON FUNCTION referral_for_partner FROM PUBLIC;
