-- Applies a transition the application's flow table decided on, if the
-- case is still in the state and version it was decided on (else
-- nothing changes: 'conflict', and the caller answers 409). A move
-- writes the transition's facts to the case; a request (p_approval not
-- NULL) records an approval that waits for a supervisor, with the
-- facts it will apply, and puts the case in its pending state. Leaving
-- a pending state any other way (a withdrawal) cancels its request.
-- The sealed reason and data are bound to the transition's own id.
DROP FUNCTION IF EXISTS case_transition;
CREATE FUNCTION case_transition(p_token bytea, p_case uuid,
    p_version integer, p_from text, p_to text, p_stage text, p_htcds text,
    p_tid uuid, p_reason bytea, p_data bytea, p_facts jsonb,
    p_approval uuid, p_kind text, p_target text, p_fields text,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, c_version integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	c	cases%ROWTYPE;
	v_out	text;
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
	ELSIF v.role NOT IN ('caseworker', 'supervisor') THEN
		v_out := 'forbidden';
	ELSIF c.version <> p_version OR c.state <> p_from THEN
		v_out := 'conflict';
	END IF;
	IF v_out IS NOT NULL THEN
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    request_id, outcome)
		VALUES (v.user_id, v.role, 'case.transition', p_case,
		    p_request, CASE v_out WHEN 'not_found' THEN 'denied'
		    ELSE v_out END);
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, v_out, NULL::integer;
		RETURN;
	END IF;

	IF c.pending_approval IS NOT NULL THEN
		UPDATE approvals SET status = 'cancelled', decided_at = now()
		WHERE id = c.pending_approval AND status = 'pending';
	END IF;
	IF p_approval IS NOT NULL THEN
		INSERT INTO approvals (id, case_id, kind, from_state, to_state,
		    pending_state, request_tid, facts, office, requested_by)
		VALUES (p_approval, p_case, p_kind, p_from, p_target, p_to,
		    p_tid, coalesce(p_facts, '{}'), c.office, v.user_id);
	ELSE
		PERFORM case_apply_facts(p_case, coalesce(p_facts, '{}'));
	END IF;
	INSERT INTO case_transitions (case_id, tid, from_state, to_state,
	    actor, actor_role, reason, data, facts, approval_id)
	VALUES (p_case, p_tid, p_from, p_to, v.user_id, v.role, p_reason,
	    p_data, nullif(p_facts, '{}'), p_approval);
	UPDATE cases SET state = p_to, stage = p_stage, htcds_status = p_htcds,
	    version = version + 1, updated_at = now(),
	    pending_approval = p_approval
	WHERE id = p_case;

	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, CASE WHEN p_approval IS NULL
	    THEN 'case.transition' ELSE 'approval.request' END, p_case,
	    nullif(p_fields, ''), p_request, 'ok');
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, 'ok'::text, c.version + 1;
END
$$;
REVOKE ALL ON FUNCTION case_transition FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_transition TO casebook_app;
