-- Adds a reintegration survey the application scored and sealed, with
-- its entry, in one transaction. The caller comes from the session: a
-- case they may not see is 'denied', exactly as one that does not
-- exist; only a caseworker adds ('forbidden'), and only while the case
-- is still in the state the application decided on (p_state; else
-- 'conflict': the case moved on). The case row is locked until commit,
-- so a transition cannot slip in between the check and the insert. An
-- Idempotency-Key seen before from the same user answers with the
-- first survey ('replay', or 'reuse' when the request differed). A
-- case holds at most 200 surveys ('full').
DROP FUNCTION IF EXISTS survey_add;
CREATE FUNCTION survey_add(p_token bytea, p_case uuid, p_state text,
    p_id uuid, p_kind text, p_date date, p_scheme integer,
    p_economic numeric, p_social numeric, p_psychosocial numeric,
    p_composite numeric, p_answers bytea, p_idem_key text,
    p_req_hash bytea, p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, s_id uuid, s_kind text,
    s_date text, s_scheme integer, s_economic text, s_social text,
    s_psychosocial text, s_composite text, s_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	c	record;
	s	surveys%ROWTYPE;
	v_out	text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT k.state INTO c FROM cases k
	WHERE k.id = p_case AND case_visible(v.user_id, v.role, v.office,
	    k.office, k.assigned_to)
	FOR UPDATE;
	IF NOT FOUND THEN
		v_out := 'denied';
	ELSIF v.role <> 'caseworker' THEN
		v_out := 'forbidden';
	END IF;

	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT * INTO s FROM surveys x
		WHERE x.created_by = v.user_id AND x.idem_key = p_idem_key;
		IF FOUND THEN
			v_out := CASE WHEN s.case_id = p_case AND
			    s.request_hash = p_req_hash THEN 'replay'
			    ELSE 'reuse' END;
		END IF;
	END IF;
	IF v_out IS NULL AND c.state IS DISTINCT FROM p_state THEN
		v_out := 'conflict';
	END IF;
	-- A list names its surveys in one entry (at most 200 records).
	IF v_out IS NULL AND (SELECT count(*) FROM surveys x
	    WHERE x.case_id = p_case) >= 200 THEN
		v_out := 'full';
	END IF;

	IF v_out IS NULL THEN
		INSERT INTO surveys (id, case_id, kind, survey_date,
		    scheme_version, economic, social, psychosocial, composite,
		    answers, created_by, idem_key, request_hash)
		VALUES (p_id, p_case, p_kind, p_date, p_scheme, p_economic,
		    p_social, p_psychosocial, p_composite, p_answers,
		    v.user_id, p_idem_key,
		    CASE WHEN p_idem_key IS NOT NULL THEN p_req_hash END)
		ON CONFLICT (created_by, idem_key) WHERE idem_key IS NOT NULL
		    DO NOTHING
		RETURNING * INTO s;
		-- Lost a race for the same key on another case.
		v_out := CASE WHEN FOUND THEN 'created' ELSE 'reuse' END;
	END IF;
	IF v_out NOT IN ('created', 'replay') THEN
		s := NULL;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'survey.add', p_case,
	    CASE WHEN s.id IS NOT NULL THEN ARRAY[s.id] END,
	    CASE WHEN v_out = 'created' THEN nullif(p_fields, '') END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'replay' THEN 'replay'
	    WHEN 'reuse' THEN 'invalid' WHEN 'full' THEN 'invalid'
	    WHEN 'conflict' THEN 'conflict'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out, s.id, s.kind,
	    to_char(s.survey_date, 'YYYY-MM-DD'), s.scheme_version,
	    s.economic::text, s.social::text, s.psychosocial::text,
	    s.composite::text,
	    to_char(s.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"');
END
$$;
REVOKE ALL ON FUNCTION survey_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION survey_add TO casebook_app;
