-- A linked case for the same person (CT -> AVRR when a survivor goes
-- home, AVRR -> CT when screening finds trafficking indicators): a new
-- case of the other type, in its first state, in the source case's
-- office, assigned to the caseworker who asked, with its own data key
-- (wrapped by the application); both cases name each other. The person
-- is carried over, not copied. One open linked case per type: a second
-- is refused ('exists'). An Idempotency-Key seen before answers with
-- the first case, as case_create does.
DROP FUNCTION IF EXISTS case_link;
CREATE FUNCTION case_link(p_token bytea, p_case uuid, p_idem_key text,
    p_req_hash bytea, p_new_case uuid, p_key_id uuid,
    p_key_version integer, p_wrapped bytea, p_type text, p_state text,
    p_stage text, p_htcds text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, c_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	c	cases%ROWTYPE;
	v_out	text;
	v_id	uuid;
	v_same	boolean;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT * INTO c FROM cases
	WHERE id = p_case AND case_visible(v.user_id, v.role, v.office,
	    office, assigned_to)
	FOR UPDATE;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'caseworker' OR v.office <> c.office THEN
		v_out := 'forbidden';
	ELSIF c.case_type = p_type THEN
		v_out := 'same_type';
	END IF;

	-- The source case is locked: a second request with the same key
	-- waits here and then finds the first one's answer.
	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		SELECT i.case_id, i.request_hash = p_req_hash
		INTO v_id, v_same
		FROM idempotency i
		WHERE i.user_id = v.user_id AND i.key = p_idem_key;
		IF FOUND THEN
			RETURN QUERY SELECT v.user_id, v.username, v.role,
			    v.office, v.organisation_id, v.token_hash,
			    CASE WHEN v_same THEN 'replay' ELSE 'reuse' END,
			    v_id;
			RETURN;
		END IF;
	END IF;
	IF v_out IS NULL AND EXISTS (SELECT 1 FROM case_links l
	    JOIN cases lc ON lc.id = l.linked_case_id
	    WHERE l.case_id = p_case AND lc.case_type = p_type
	    AND lc.stage <> 'closed') THEN
		v_out := 'exists';
	END IF;
	IF v_out IS NULL AND p_idem_key IS NOT NULL THEN
		INSERT INTO idempotency (user_id, key, request_hash, case_id)
		VALUES (v.user_id, p_idem_key, p_req_hash, p_new_case)
		ON CONFLICT DO NOTHING;
		IF NOT FOUND THEN
			v_out := 'reuse';
		END IF;
	END IF;
	IF v_out IS NOT NULL THEN
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    request_id, outcome)
		VALUES (v.user_id, v.role, 'case.link', p_case, p_request,
		    CASE v_out WHEN 'not_found' THEN 'denied'
		    WHEN 'forbidden' THEN 'denied' WHEN 'reuse' THEN 'conflict'
		    ELSE 'invalid' END);
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, v_out, NULL::uuid;
		RETURN;
	END IF;

	INSERT INTO data_keys (id, key_version, seal_version, wrapped)
	VALUES (p_key_id, p_key_version, p_key_version, p_wrapped);
	INSERT INTO cases (id, person_id, key_id, case_type, state, stage,
	    htcds_status, office, assigned_to, created_by, registration_year)
	VALUES (p_new_case, c.person_id, p_key_id, p_type, p_state, p_stage,
	    p_htcds, c.office, v.user_id, v.user_id,
	    extract(year FROM now() AT TIME ZONE 'UTC')::integer);
	INSERT INTO case_transitions (case_id, tid, from_state, to_state,
	    actor, actor_role)
	VALUES (p_new_case, gen_random_uuid(), NULL, p_state, v.user_id,
	    v.role);
	INSERT INTO case_links (case_id, linked_case_id, created_by) VALUES
	    (p_case, p_new_case, v.user_id), (p_new_case, p_case, v.user_id);
	UPDATE cases SET updated_at = now() WHERE id = p_case;
	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'case.link', p_case,
	    ARRAY[p_case, p_new_case], p_request, 'ok');
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, 'created'::text, p_new_case;
END
$$;
REVOKE ALL ON FUNCTION case_link FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_link TO casebook_app;
