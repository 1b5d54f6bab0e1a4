-- The case team stops following a referral: its status becomes closed
-- (from sent, accepted or declined), with who and when, if the caller
-- sent the version it saw. Only the caseworker of the case closes; a
-- closed case too (closing only winds sharing down). The partner keeps
-- the referral in its inbox, closed. Audited in the same statement.
-- Outcomes: ok, not_found, forbidden, conflict (stale version, or closed
-- already); e_version the version after the change.
DROP FUNCTION IF EXISTS referral_close;
CREATE FUNCTION referral_close(p_token bytea, p_case uuid,
    p_referral uuid, p_version integer, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, e_status text,
    e_version integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v		record;
	v_status	text;
	v_version	integer;
	v_out		text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT e.status, e.version INTO v_status, v_version
	FROM referrals e
	JOIN cases c ON c.id = e.case_id
	WHERE e.id = p_referral AND e.case_id = p_case
	    AND case_visible(v.user_id, v.role, v.office, c.office,
	    c.assigned_to)
	FOR UPDATE OF e;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'caseworker' THEN
		v_out := 'forbidden';
	ELSIF v_status = 'closed' OR v_version <> p_version THEN
		v_out := 'conflict';
	ELSE
		UPDATE referrals e SET status = 'closed', closed_at = now(),
		    closed_by = v.user_id, version = e.version + 1
		WHERE e.id = p_referral
		RETURNING e.status, e.version INTO v_status, v_version;
		v_out := 'ok';
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'referral.close', p_case,
	    ARRAY[p_referral], CASE WHEN v_out = 'ok' THEN 'status' END,
	    p_request,
	    CASE v_out WHEN 'ok' THEN 'ok' WHEN 'conflict' THEN 'conflict'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out IN ('ok', 'conflict') THEN v_status END,
	    CASE WHEN v_out IN ('ok', 'conflict') THEN v_version END;
END
$$;
REVOKE ALL ON FUNCTION referral_close FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_close TO casebook_app;
