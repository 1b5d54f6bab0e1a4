-- Requests for the caller: a supervisor sees those of their office's
-- cases, and, when asking for pending ones, only those they may decide
-- (not their own); a caseworker sees the requests on their cases.
-- Oldest first: what has waited longest comes first. With each, a case
-- summary and the person's sealed names and wrapped key, so that the
-- names can be shown to whom the case shows them. One entry names the
-- cases listed. Roles that decide nothing get the caller's row only
-- and a "denied" entry.
DROP FUNCTION IF EXISTS approval_list;
CREATE FUNCTION approval_list(p_token bytea, p_status text,
    p_limit integer, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, ap_id uuid, ap_kind text, ap_from text,
    ap_to text, ap_pending text, ap_status text, ap_requested_by uuid,
    ap_requester text, ap_requested_at text, ap_decider text,
    ap_decided_at text, ap_facts text, c_id uuid, c_type text,
    c_state text, c_stage text, c_office text, c_assigned uuid,
    c_version integer,
    pr_id uuid, pk_version integer, pk_seal integer, pk_wrapped bytea,
    pr_given_name bytea, pr_family_name bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT ap.id, ap.kind, ap.from_state, ap.to_state,
		    ap.pending_state, ap.status, ap.requested_by,
		    ru.username AS requester, ap.requested_at,
		    du.username AS decider, ap.decided_at, ap.facts, c.id AS cid,
		    c.case_type, c.state, c.stage, c.office, c.assigned_to,
		    c.version, p.id AS pid, pk.key_version, pk.seal_version, pk.wrapped,
		    p.given_name, p.family_name
		FROM approvals ap
		JOIN cases c ON c.id = ap.case_id
		JOIN persons p ON p.id = c.person_id
		JOIN data_keys pk ON pk.id = p.key_id
		JOIN users ru ON ru.id = ap.requested_by
		LEFT JOIN users du ON du.id = ap.decided_by
		WHERE v.role IN ('caseworker', 'supervisor')
		    AND case_visible(v.user_id, v.role, v.office, c.office,
		    c.assigned_to)
		    AND (p_status IS NULL OR ap.status = p_status)
		    AND NOT (v.role = 'supervisor' AND p_status = 'pending'
		    AND ap.requested_by = v.user_id)
		ORDER BY ap.requested_at, ap.id
		LIMIT p_limit
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, records,
		    fields, request_id, outcome)
		SELECT v.user_id, v.role, 'approval.list',
		    (SELECT array_agg(DISTINCT r.cid) FROM r),
		    CASE WHEN EXISTS (SELECT 1 FROM r WHERE r.given_name
		    IS NOT NULL) THEN 'person.given_name,person.family_name'
		    END, p_request,
		    CASE WHEN v.role IN ('caseworker', 'supervisor') THEN 'ok'
		    ELSE 'denied' END
	)
	SELECT v.user_id, v.username, v.role, v.office, v.organisation_id,
	    v.token_hash, r.id, r.kind, r.from_state, r.to_state,
	    r.pending_state, r.status, r.requested_by, r.requester,
	    to_char(r.requested_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.decider,
	    to_char(r.decided_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.facts::text, r.cid,
	    r.case_type, r.state, r.stage, r.office, r.assigned_to,
	    r.version, r.pid,
	    r.key_version, r.seal_version, r.wrapped, r.given_name,
	    r.family_name
	FROM (SELECT 1) one LEFT JOIN r ON true
	ORDER BY r.requested_at, r.id;
END
$$;
REVOKE ALL ON FUNCTION approval_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION approval_list TO casebook_app;
