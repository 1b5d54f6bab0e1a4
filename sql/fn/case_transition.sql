-- Applies a transition the application's flow table decided on, if the
-- case is still in the state and version it was decided on (else
-- nothing changes and the caller answers 409), with the sealed reason
-- and data bound to the transition's own id, and its entry.
DROP FUNCTION IF EXISTS case_transition;
CREATE FUNCTION case_transition(p_token bytea, p_case uuid,
    p_version integer, p_from text, p_to text, p_stage text, p_htcds text,
    p_tid uuid, p_reason bytea, p_data bytea, p_fields text,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, applied boolean, c_version integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_who(p_token)),
	u AS (
		UPDATE cases c SET state = p_to, stage = p_stage,
		    htcds_status = p_htcds, version = c.version + 1,
		    updated_at = now()
		FROM a
		WHERE c.id = p_case AND c.version = p_version
		    AND c.state = p_from AND a.role = 'caseworker'
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
		RETURNING c.id, c.version
	),
	t AS (
		INSERT INTO case_transitions (case_id, tid, from_state,
		    to_state, actor, actor_role, reason, data)
		SELECT u.id, p_tid, p_from, p_to, a.user_id, a.role,
		    p_reason, p_data
		FROM u, a
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    fields, request_id, outcome)
		SELECT a.user_id, a.role, 'case.transition', p_case,
		    nullif(p_fields, ''), p_request,
		    CASE WHEN EXISTS (SELECT 1 FROM u) THEN 'ok'
		    ELSE 'conflict' END
		FROM a
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, u.id IS NOT NULL, u.version
	FROM a LEFT JOIN u ON true;
END
$$;
REVOKE ALL ON FUNCTION case_transition FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_transition TO casebook_app;
