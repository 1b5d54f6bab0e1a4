-- What a partner's answer or service update is decided and sealed on:
-- the referral's status, version, services and day it was sent, and the
-- case's wrapped key to seal the partner's text with (bound to the
-- referral or the update). Under the same checks as the package: a
-- partner of the referral's organisation, the consent active today.
-- p_action names what the key is for ('referral.respond' or
-- 'referral.update'); the entry is 'referral.key' with that action as
-- its field. Outcomes: ok, not_found (anyone else, or no such
-- referral: as one that does not exist), consent_inactive.
DROP FUNCTION IF EXISTS referral_key;
CREATE FUNCTION referral_key(p_token bytea, p_referral uuid,
    p_action text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, r_id uuid, r_case uuid,
    r_status text, r_version integer, r_services text, r_sent text,
    co_state text, ck_version integer, ck_seal integer, ck_wrapped bytea)
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

	SELECT rp.*, k.key_version, k.seal_version, k.wrapped INTO r
	FROM referral_for_partner(a.role, a.organisation_id, p_referral) rp
	JOIN cases c ON c.id = rp.case_id
	JOIN data_keys k ON k.id = c.key_id;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF r.state <> 'active' THEN
		v_out := 'consent_inactive';
	ELSE
		v_out := 'ok';
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (a.user_id, a.role, 'referral.key', p_referral,
	    CASE WHEN v_out <> 'not_found' THEN ARRAY[r.case_id] END,
	    CASE WHEN p_action IN ('referral.respond', 'referral.update')
	    THEN p_action END, p_request,
	    CASE v_out WHEN 'not_found' THEN 'denied' ELSE v_out END);

	RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
	    a.organisation_id, a.token_hash, v_out,
	    CASE WHEN v_out <> 'not_found' THEN r.id END,
	    CASE WHEN v_out = 'ok' THEN r.case_id END,
	    CASE WHEN v_out <> 'not_found' THEN r.status END,
	    CASE WHEN v_out <> 'not_found' THEN r.version END,
	    CASE WHEN v_out = 'ok' THEN array_to_string(r.services, ',') END,
	    CASE WHEN v_out = 'ok' THEN to_char(r.created_at AT TIME ZONE
	    'UTC', 'YYYY-MM-DD') END,
	    CASE WHEN v_out <> 'not_found' THEN r.state END,
	    CASE WHEN v_out = 'ok' THEN r.key_version END,
	    CASE WHEN v_out = 'ok' THEN r.seal_version END,
	    CASE WHEN v_out = 'ok' THEN r.wrapped END;
END
$$;
REVOKE ALL ON FUNCTION referral_key FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_key TO casebook_app;
