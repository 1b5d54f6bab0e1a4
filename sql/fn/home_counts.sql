-- The counts of a caseworker's or supervisor's home, one row per count
-- after the caller's columns:
--   stage     h_key a stage: the caller's visible cases in it (a
--             caseworker's are the cases assigned to them);
--   waiting   cases assigned to the caller that wait for them: not in
--             one of p_pending (the flow's pending states, from the
--             application's tables) and not closed;
--   rejected  the caller's requests rejected in the last 30 days;
--   approvals (supervisor) pending requests of the office's cases that
--             the caller did not make, so may decide;
--   assignee  (supervisor) h_key the user id, h_label the username: the
--             office's cases per assignee, h_open those not closed.
-- Zero counts have no row. One "home.view" entry without records or
-- fields: counts are no personal data. Other roles get the caller's row
-- alone and no entry (nothing was read).
DROP FUNCTION IF EXISTS home_counts;
CREATE FUNCTION home_counts(p_token bytea, p_pending text[],
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, h_kind text, h_key text, h_label text,
    h_count bigint, h_open bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
BEGIN
	-- Not on a hot path: the shared session check will do.
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.role NOT IN ('caseworker', 'supervisor') THEN
		RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
		    a.organisation_id, a.token_hash, NULL::text, NULL::text,
		    NULL::text, NULL::bigint, NULL::bigint;
		RETURN;
	END IF;
	RETURN QUERY
	WITH v AS MATERIALIZED (
		SELECT c.stage, c.state, c.assigned_to, c.pending_approval
		FROM cases c
		WHERE case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (a.user_id, a.role, 'home.view', p_request, 'ok')
	),
	h (kind, key, label, n, o) AS (
		SELECT 'stage', v.stage, NULL::text, count(*), NULL::bigint
		FROM v GROUP BY v.stage
		UNION ALL
		SELECT 'waiting', NULL, NULL, count(*), NULL
		FROM v
		WHERE v.assigned_to = a.user_id AND v.stage <> 'closed'
		    AND v.pending_approval IS NULL
		    AND v.state <> ALL (coalesce(p_pending, '{}'))
		HAVING count(*) > 0
		UNION ALL
		SELECT 'rejected', NULL, NULL, count(*), NULL
		FROM approvals ap JOIN cases c ON c.id = ap.case_id
		WHERE ap.requested_by = a.user_id AND ap.status = 'rejected'
		    AND ap.decided_at > now() - interval '30 days'
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
		HAVING count(*) > 0
		UNION ALL
		SELECT 'approvals', NULL, NULL, count(*), NULL
		FROM approvals ap JOIN cases c ON c.id = ap.case_id
		WHERE a.role = 'supervisor' AND ap.status = 'pending'
		    AND ap.requested_by <> a.user_id
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
		HAVING count(*) > 0
		UNION ALL
		SELECT 'assignee', v.assigned_to::text, u.username, count(*),
		    count(*) FILTER (WHERE v.stage <> 'closed')
		FROM v JOIN users u ON u.id = v.assigned_to
		WHERE a.role = 'supervisor'
		GROUP BY v.assigned_to, u.username
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, h.kind, h.key, h.label, h.n, h.o
	FROM (SELECT 1) one LEFT JOIN h ON true
	ORDER BY h.kind, h.label, h.key;
END
$$;
REVOKE ALL ON FUNCTION home_counts FROM PUBLIC;
GRANT EXECUTE ON FUNCTION home_counts TO casebook_app;
