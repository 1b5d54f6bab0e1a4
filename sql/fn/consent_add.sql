-- Records a consent to share a case's data with an organisation, as the
-- application validated and sealed it (the purpose bound to p_id), with
-- its audit entry. Only the caseworker of the case records one, on a
-- case that is not closed and whose person consented to the processing
-- of their data at all; the organisation must exist; the consent starts
-- today or later and ends on or after its start. The case row is
-- share-locked until the consent is in. An Idempotency-Key (or a form's
-- one-time token) seen before from the same user answers with the first
-- consent ('replay', or 'reuse' when the request differed).
-- Outcomes: created, replay, reuse, not_found, forbidden, closed,
-- no_consent, no_org, dates, limit.
DROP FUNCTION IF EXISTS consent_add;
CREATE FUNCTION consent_add(p_token bytea, p_case uuid, p_id uuid,
    p_org uuid, p_purpose bytea, p_categories text[], p_from date,
    p_until date, p_method text, p_language text, p_idem_key text,
    p_req_hash bytea, p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, e_id uuid, e_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v		record;
	v_stage		text;
	v_consent	boolean;
	v_out		text;
	v_id		uuid;
	v_same		boolean;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT c.stage, p.consent_data_processing INTO v_stage, v_consent
	FROM cases c
	JOIN persons p ON p.id = c.person_id
	WHERE c.id = p_case AND case_visible(v.user_id, v.role, v.office,
	    c.office, c.assigned_to)
	FOR SHARE OF c;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'caseworker' THEN
		v_out := 'forbidden';
	END IF;

	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT e.id, e.req_hash = p_req_hash INTO v_id, v_same
		FROM consents e
		WHERE e.created_by = v.user_id AND e.idem_key = p_idem_key;
		IF FOUND THEN
			v_out := CASE WHEN v_same AND EXISTS (SELECT 1
			    FROM consents e WHERE e.id = v_id AND
			    e.case_id = p_case) THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	IF v_out IS NOT NULL THEN
		NULL;
	ELSIF v_stage = 'closed' THEN
		v_out := 'closed';
	ELSIF NOT v_consent THEN
		v_out := 'no_consent';
	ELSIF NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = p_org)
	    THEN
		v_out := 'no_org';
	ELSIF p_from < current_date OR p_until < p_from THEN
		v_out := 'dates';
	ELSIF (SELECT count(*) FROM consents e WHERE e.case_id = p_case) >=
	    200 THEN
		v_out := 'limit';
	END IF;

	IF v_out IS NULL THEN
		INSERT INTO consents (id, case_id, organisation_id, purpose,
		    categories, valid_from, valid_until, method, language,
		    created_by, idem_key, req_hash)
		VALUES (p_id, p_case, p_org, p_purpose, p_categories, p_from,
		    p_until, p_method, p_language, v.user_id, p_idem_key,
		    CASE WHEN p_idem_key IS NOT NULL THEN p_req_hash END)
		ON CONFLICT (created_by, idem_key) WHERE idem_key IS NOT NULL
		DO NOTHING;
		IF FOUND THEN
			v_out := 'created';
			v_id := p_id;
		ELSE
			-- The same key committed meanwhile.
			SELECT e.id, e.req_hash = p_req_hash AND
			    e.case_id = p_case INTO v_id, v_same
			FROM consents e
			WHERE e.created_by = v.user_id
			    AND e.idem_key = p_idem_key;
			v_out := CASE WHEN v_same THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'consent.add', p_case,
	    CASE WHEN v_out IN ('created', 'replay') THEN ARRAY[v_id] END,
	    CASE WHEN v_out = 'created' THEN nullif(p_fields, '') END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'replay' THEN 'replay'
	    WHEN 'closed' THEN 'guard' WHEN 'no_consent' THEN 'guard'
	    WHEN 'not_found' THEN 'denied' WHEN 'forbidden' THEN 'denied'
	    ELSE 'invalid' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out IN ('created', 'replay') THEN v_id END,
	    (SELECT to_char(e.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM consents e
	    WHERE e.id = v_id AND v_out IN ('created', 'replay'));
END
$$;
REVOKE ALL ON FUNCTION consent_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consent_add TO casebook_app;
