-- Sends a referral that the application decided on (a consent snapshot)
-- and sealed (the note bound to p_id), with its audit entry. The rules
-- are checked again here, under locks: the case (shared: not closed
-- meanwhile) and the consent (shared: a withdrawal waits until the
-- referral is in, and then stops its package like any other). Only the
-- caseworker of the case sends; the consent must be the case's, name
-- p_org, be active today and cover every category in p_categories (what
-- the reason and services need, computed by the application). An
-- Idempotency-Key (or a form's one-time token) seen before from the same
-- user answers with the first referral.
-- Outcomes: created, replay, reuse, not_found, forbidden, closed,
-- consent, limit.
DROP FUNCTION IF EXISTS referral_send;
CREATE FUNCTION referral_send(p_token bytea, p_case uuid, p_id uuid,
    p_org uuid, p_consent uuid, p_reason text, p_services text[],
    p_categories text[], p_note bytea, p_idem_key text, p_req_hash bytea,
    p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, e_id uuid, e_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_stage	text;
	v_out	text;
	v_id	uuid;
	v_same	boolean;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT c.stage INTO v_stage
	FROM cases c
	WHERE c.id = p_case AND case_visible(v.user_id, v.role, v.office,
	    c.office, c.assigned_to)
	FOR SHARE;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'caseworker' THEN
		v_out := 'forbidden';
	END IF;

	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT e.id, e.req_hash = p_req_hash AND e.case_id = p_case
		INTO v_id, v_same
		FROM referrals e
		WHERE e.created_by = v.user_id AND e.idem_key = p_idem_key;
		IF FOUND THEN
			v_out := CASE WHEN v_same THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	IF v_out IS NULL AND v_stage = 'closed' THEN
		v_out := 'closed';
	END IF;
	IF v_out IS NULL THEN
		PERFORM 1 FROM consents e
		WHERE e.id = p_consent AND e.case_id = p_case
		    AND e.organisation_id = p_org AND e.withdrawn_at IS NULL
		    AND current_date BETWEEN e.valid_from AND e.valid_until
		    AND p_categories <@ e.categories
		FOR SHARE;
		IF NOT FOUND THEN
			v_out := 'consent';
		ELSIF (SELECT count(*) FROM referrals e
		    WHERE e.case_id = p_case) >= 200 THEN
			v_out := 'limit';
		END IF;
	END IF;

	IF v_out IS NULL THEN
		INSERT INTO referrals (id, case_id, consent_id, organisation_id,
		    reason, services, categories, note, created_by, idem_key,
		    req_hash)
		VALUES (p_id, p_case, p_consent, p_org, p_reason, p_services,
		    p_categories, p_note, v.user_id, p_idem_key,
		    CASE WHEN p_idem_key IS NOT NULL THEN p_req_hash END)
		ON CONFLICT (created_by, idem_key) WHERE idem_key IS NOT NULL
		DO NOTHING;
		IF FOUND THEN
			v_out := 'created';
			v_id := p_id;
		ELSE
			SELECT e.id, e.req_hash = p_req_hash AND
			    e.case_id = p_case INTO v_id, v_same
			FROM referrals e
			WHERE e.created_by = v.user_id
			    AND e.idem_key = p_idem_key;
			v_out := CASE WHEN v_same THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'referral.send', p_case,
	    CASE WHEN v_out IN ('created', 'replay') THEN ARRAY[v_id]
	    ELSE ARRAY[p_consent] END,
	    CASE WHEN v_out = 'created' THEN nullif(p_fields, '') END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'replay' THEN 'replay'
	    WHEN 'closed' THEN 'guard' WHEN 'not_found' THEN 'denied'
	    WHEN 'forbidden' THEN 'denied' ELSE 'invalid' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out IN ('created', 'replay') THEN v_id END,
	    (SELECT to_char(e.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM referrals e
	    WHERE e.id = v_id AND v_out IN ('created', 'replay'));
END
$$;
REVOKE ALL ON FUNCTION referral_send FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_send TO casebook_app;
