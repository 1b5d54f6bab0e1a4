-- Withdraws a consent (the person changed their mind), with the reason
-- the application sealed (bound to the consent's id) or none, and its
-- audit entry. Only the caseworker of the consent's case withdraws; a
-- closed case too (withdrawing only stops sharing). Once withdrawn a
-- consent stays so: a second withdrawal is 'conflict', whichever of two
-- racing ones comes second. Every package under it stops at once, as
-- the partner's read checks the consent when it reads.
-- Outcomes: ok, not_found, forbidden, conflict.
DROP FUNCTION IF EXISTS consent_withdraw;
CREATE FUNCTION consent_withdraw(p_token bytea, p_consent uuid,
    p_reason bytea, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, e_case uuid,
    e_withdrawn text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_case	uuid;
	v_gone	boolean;
	v_out	text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT e.case_id, e.withdrawn_at IS NOT NULL INTO v_case, v_gone
	FROM consents e
	JOIN cases c ON c.id = e.case_id
	WHERE e.id = p_consent AND case_visible(v.user_id, v.role, v.office,
	    c.office, c.assigned_to)
	FOR UPDATE OF e;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'caseworker' THEN
		v_out := 'forbidden';
	ELSIF v_gone THEN
		v_out := 'conflict';
	ELSE
		UPDATE consents e SET withdrawn_at = now(),
		    withdrawn_by = v.user_id, withdrawal_reason = p_reason
		WHERE e.id = p_consent;
		v_out := 'ok';
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'consent.withdraw', v_case,
	    ARRAY[p_consent],
	    CASE WHEN v_out = 'ok' THEN concat_ws(',', 'withdrawn_at',
	    CASE WHEN p_reason IS NOT NULL THEN 'withdrawal_reason' END) END,
	    p_request,
	    CASE v_out WHEN 'ok' THEN 'ok' WHEN 'conflict' THEN 'conflict'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out <> 'not_found' THEN v_case END,
	    (SELECT to_char(e.withdrawn_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM consents e
	    WHERE e.id = p_consent AND v_out IN ('ok', 'conflict'));
END
$$;
REVOKE ALL ON FUNCTION consent_withdraw FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consent_withdraw TO casebook_app;
