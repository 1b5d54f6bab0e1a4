-- A partner's answer to a referral, once: sent -> accepted | declined,
-- with the reason the application sealed (bound to the referral), by a
-- partner of the referral's organisation while the consent is active
-- today. The referral row is locked, so of two answers racing exactly
-- one is taken and the other finds it answered. p_version, when given,
-- must be the referral's version. Outcomes: ok, not_found (as for a
-- referral that does not exist), consent_inactive, conflict (answered
-- already, closed, or another version). The audit entry names the
-- fields given (never a value).
DROP FUNCTION IF EXISTS referral_respond;
CREATE FUNCTION referral_respond(p_token bytea, p_referral uuid,
    p_accept boolean, p_reason bytea, p_version integer, p_fields text,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, r_status text,
    r_version integer, r_responded text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	r	record;
	v_out	text;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	-- Locked: what is decided on holds until this commits.
	SELECT * INTO r FROM referral_for_partner(a.role, a.organisation_id,
	    p_referral, true);
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF r.state <> 'active' THEN
		v_out := 'consent_inactive';
	ELSIF r.status <> 'sent' OR (p_version IS NOT NULL AND
	    p_version <> r.version) THEN
		v_out := 'conflict';
	ELSE
		UPDATE referrals rf SET status = CASE WHEN p_accept
		    THEN 'accepted' ELSE 'declined' END,
		    response_reason = p_reason, responded_at = now(),
		    responded_by = a.user_id, version = rf.version + 1
		WHERE rf.id = p_referral
		RETURNING rf.status, rf.version INTO r.status, r.version;
		v_out := 'ok';
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (a.user_id, a.role, 'referral.respond', p_referral,
	    CASE WHEN v_out <> 'not_found' THEN ARRAY[r.case_id] END,
	    CASE WHEN v_out = 'ok' THEN nullif(p_fields, '') END, p_request,
	    CASE v_out WHEN 'not_found' THEN 'denied' ELSE v_out END);

	RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
	    a.organisation_id, a.token_hash, v_out,
	    CASE WHEN v_out <> 'not_found' THEN r.status END,
	    CASE WHEN v_out <> 'not_found' THEN r.version END,
	    (SELECT to_char(rf.responded_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM referrals rf
	    WHERE rf.id = p_referral AND v_out IN ('ok', 'conflict'));
END
$$;
REVOKE ALL ON FUNCTION referral_respond FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_respond TO casebook_app;
