-- Reassigns a case: only a supervisor of the case's office (who is the
-- only supervisor who sees it), only to an enabled caseworker of that
-- office, only at the version the caller saw, and not once the case is
-- closed (stage 'closed': a closed case takes no change). The row is
-- locked, so of two reassignments at the same version exactly one
-- applies and the other finds the new version ('stale'). Bumps the
-- version, records the change in case_assignments for the case's
-- history, and writes the audit entry in every case. Outcomes: ok, not_found (a case the caller
-- does not see), forbidden (sees it but is no supervisor), closed,
-- assignee, stale.
DROP FUNCTION IF EXISTS case_assign;
CREATE FUNCTION case_assign(p_token bytea, p_case uuid, p_to uuid,
    p_version integer, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, c_id uuid, c_assigned uuid,
    c_version integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v		record;
	v_office	text;
	v_stage		text;
	v_from		uuid;
	v_version	integer;
	v_out		text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT c.office, c.stage, c.assigned_to, c.version
	INTO v_office, v_stage, v_from, v_version
	FROM cases c
	WHERE c.id = p_case AND case_visible(v.user_id, v.role, v.office,
	    c.office, c.assigned_to)
	FOR UPDATE;
	IF NOT FOUND THEN
		v_out := 'not_found';
	ELSIF v.role <> 'supervisor' THEN
		v_out := 'forbidden';
	ELSIF v_stage = 'closed' THEN
		v_out := 'closed';
	ELSIF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p_to
	    AND u.role = 'caseworker' AND NOT u.disabled
	    AND u.office = v_office) THEN
		v_out := 'assignee';
	ELSIF v_version <> p_version THEN
		v_out := 'stale';
	ELSE
		UPDATE cases c SET assigned_to = p_to, version = c.version + 1,
		    updated_at = now()
		WHERE c.id = p_case
		RETURNING c.version INTO v_version;
		INSERT INTO case_assignments (case_id, from_user, to_user, actor)
		VALUES (p_case, v_from, p_to, v.user_id);
		v_out := 'ok';
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'case.assign', p_case,
	    CASE WHEN v_out IN ('ok', 'assignee', 'stale')
	    THEN 'assigned_to' END, p_request,
	    CASE v_out WHEN 'ok' THEN 'ok' WHEN 'stale' THEN 'conflict'
	    WHEN 'assignee' THEN 'invalid' WHEN 'closed' THEN 'guard'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out,
	    CASE WHEN v_out = 'ok' THEN p_case END,
	    CASE WHEN v_out = 'ok' THEN p_to END,
	    CASE WHEN v_out = 'ok' THEN v_version END;
END
$$;
REVOKE ALL ON FUNCTION case_assign FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_assign TO casebook_app;
