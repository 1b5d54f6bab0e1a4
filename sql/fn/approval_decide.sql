-- A supervisor's decision on a pending request: approve moves the case
-- to the requested state and applies the request's facts; reject moves
-- it back to where it was asked from. Four eyes, here as in the C: only
-- a supervisor who can see the case (their office) decides, never on a
-- request of their own, and only while the request and the case are
-- still as they were ('conflict' otherwise). The comment is sealed by
-- the application, bound to the approval. The trigger on approvals
-- holds the same rules for any writer.
DROP FUNCTION IF EXISTS approval_decide;
CREATE FUNCTION approval_decide(p_token bytea, p_approval uuid,
    p_approve boolean, p_comment bytea, p_to text, p_stage text,
    p_htcds text, p_tid uuid, p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, c_id uuid, c_version integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	ap	approvals%ROWTYPE;
	c	cases%ROWTYPE;
	v_out	text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT * INTO ap FROM approvals WHERE id = p_approval FOR UPDATE;
	IF FOUND THEN
		SELECT * INTO c FROM cases
		WHERE id = ap.case_id AND case_visible(v.user_id, v.role,
		    v.office, office, assigned_to)
		FOR UPDATE;
	END IF;
	IF ap.id IS NULL OR c.id IS NULL THEN
		v_out := 'not_found';
	ELSIF v.role <> 'supervisor' THEN
		v_out := 'forbidden';
	ELSIF ap.requested_by = v.user_id THEN
		v_out := 'self';
	ELSIF ap.status <> 'pending' OR c.state <> ap.pending_state OR
	    c.pending_approval IS DISTINCT FROM ap.id OR
	    (p_approve AND p_to <> ap.to_state) OR
	    (NOT p_approve AND p_to <> ap.from_state) THEN
		v_out := 'conflict';
	END IF;
	IF v_out IS NOT NULL THEN
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    records, request_id, outcome)
		VALUES (v.user_id, v.role, 'approval.decide', ap.case_id,
		    ARRAY[p_approval], p_request, CASE v_out
		    WHEN 'not_found' THEN 'denied' WHEN 'self' THEN 'denied'
		    ELSE v_out END);
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, v_out, NULL::uuid,
		    NULL::integer;
		RETURN;
	END IF;

	UPDATE approvals SET status = CASE WHEN p_approve THEN 'approved'
	    ELSE 'rejected' END, decided_by = v.user_id, decided_at = now(),
	    decision_tid = p_tid, comment = p_comment
	WHERE id = p_approval;
	IF p_approve THEN
		PERFORM case_apply_facts(c.id, ap.facts);
	END IF;
	INSERT INTO case_transitions (case_id, tid, from_state, to_state,
	    actor, actor_role, facts, approval_id)
	VALUES (c.id, p_tid, c.state, p_to, v.user_id, v.role,
	    CASE WHEN p_approve THEN nullif(ap.facts, '{}') END, ap.id);
	UPDATE cases SET state = p_to, stage = p_stage, htcds_status = p_htcds,
	    version = version + 1, updated_at = now(),
	    pending_approval = NULL
	WHERE id = c.id;

	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (v.user_id, v.role, 'approval.decide', c.id,
	    ARRAY[p_approval], nullif(p_fields, ''), p_request,
	    CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END);
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, 'ok'::text, c.id, c.version + 1;
END
$$;
REVOKE ALL ON FUNCTION approval_decide FROM PUBLIC;
GRANT EXECUTE ON FUNCTION approval_decide TO casebook_app;
