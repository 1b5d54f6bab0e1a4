-- Records one assistance entry that the application validated and
-- sealed (its note bound to p_id), with its audit entry: only a
-- caseworker who sees the case adds, and a closed case takes nothing.
-- The case row is share-locked until the entry is in, so a close or a
-- reassignment that comes first is seen here and one that comes later
-- waits. An Idempotency-Key (or a form's one-time token) seen before
-- from the same user answers with the first entry ('replay', or
-- 'reuse' when the request differed), however two such requests race.
-- Outcomes: created, replay, reuse, not_found, forbidden, closed.
DROP FUNCTION IF EXISTS assistance_add;
CREATE FUNCTION assistance_add(p_token bytea, p_case uuid, p_id uuid,
    p_type text, p_date date, p_amount numeric, p_currency text,
    p_band text, p_provider text, p_note bytea, p_idem_key text,
    p_req_hash bytea, p_fields text, p_request text)
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

	-- A replay answers as the first request did, even if the case was
	-- closed since.
	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT e.id, e.req_hash = p_req_hash INTO v_id, v_same
		FROM assistance e
		WHERE e.created_by = v.user_id AND e.idem_key = p_idem_key;
		IF FOUND THEN
			v_out := CASE WHEN v_same THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	IF v_out IS NULL AND v_stage = 'closed' THEN
		v_out := 'closed';
	END IF;

	IF v_out IS NULL THEN
		INSERT INTO assistance (id, case_id, type, assisted_on, amount,
		    currency, amount_band, provider, note, created_by, idem_key,
		    req_hash)
		VALUES (p_id, p_case, p_type, p_date, p_amount, p_currency,
		    p_band, p_provider, p_note, v.user_id, p_idem_key,
		    CASE WHEN p_idem_key IS NOT NULL THEN p_req_hash END)
		ON CONFLICT (created_by, idem_key) DO NOTHING;
		IF FOUND THEN
			v_out := 'created';
			v_id := p_id;
		ELSE
			-- The same key committed meanwhile.
			SELECT e.id, e.req_hash = p_req_hash INTO v_id, v_same
			FROM assistance e
			WHERE e.created_by = v.user_id
			    AND e.idem_key = p_idem_key;
			v_out := CASE WHEN v_same THEN 'replay' ELSE 'reuse' END;
		END IF;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'assistance.add', p_case,
	    CASE WHEN v_out IN ('created', 'replay') THEN ARRAY[v_id] END,
	    CASE WHEN v_out = 'created' THEN nullif(p_fields, '') END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'replay' THEN 'replay'
	    WHEN 'reuse' THEN 'invalid' WHEN 'closed' THEN 'guard'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out IN ('created', 'replay') THEN v_id END,
	    (SELECT to_char(e.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM assistance e
	    WHERE e.id = v_id AND v_out IN ('created', 'replay'));
END
$$;
REVOKE ALL ON FUNCTION assistance_add FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_add TO casebook_app;
