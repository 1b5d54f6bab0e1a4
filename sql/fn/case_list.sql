-- The caller's visible cases, newest first, one page after a keyset
-- cursor; one list-view entry naming the cases shown. Always at least
-- the caller's row (case columns NULL when there is nothing to show);
-- roles that list no cases get no case rows and a "denied" entry.
DROP FUNCTION IF EXISTS case_list;
CREATE FUNCTION case_list(p_token bytea, p_type text, p_stage text,
    p_state text, p_mine boolean, p_after_ts timestamptz, p_after_id uuid,
    p_limit integer, p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    c_stage text, c_htcds text, c_version integer, c_office text,
    c_assigned uuid, c_created_by uuid, c_created text, c_updated text,
    c_cursor text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
BEGIN
	SELECT * INTO a FROM session_lookup(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.stale THEN
		UPDATE sessions s SET last_seen = now()
		WHERE s.token_hash = p_token;
	END IF;
	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    c.created_at, c.updated_at
		FROM cases c
		WHERE a.role IN ('caseworker', 'supervisor')
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
		    AND (p_type IS NULL OR c.case_type = p_type)
		    AND (p_stage IS NULL OR c.stage = p_stage)
		    AND (p_state IS NULL OR c.state = p_state)
		    AND (NOT p_mine OR c.assigned_to = a.user_id)
		    AND (p_after_ts IS NULL OR
		    (c.created_at, c.id) < (p_after_ts, p_after_id))
		ORDER BY c.created_at DESC, c.id DESC
		LIMIT p_limit + 1
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, records,
		    fields, request_id, outcome)
		SELECT a.user_id, a.role, 'case.list',
		    (SELECT array_agg(id) FROM (SELECT r.id FROM r
		    ORDER BY r.created_at DESC, r.id DESC LIMIT p_limit) s),
		    nullif(p_fields, ''), p_request,
		    CASE WHEN a.role IN ('caseworker', 'supervisor') THEN 'ok'
		    ELSE 'denied' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, r.id, r.case_type, r.state, r.stage,
	    r.htcds_status, r.version, r.office, r.assigned_to, r.created_by,
	    to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(r.updated_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    r.created_at::text
	FROM (SELECT 1) one LEFT JOIN r ON true
	ORDER BY r.created_at DESC, r.id DESC;
END
$$;
REVOKE ALL ON FUNCTION case_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_list TO casebook_app;
