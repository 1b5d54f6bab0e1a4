-- Exact-match search through the blind indexes, within what the caller
-- may see; the entry names which keys were searched (never their
-- values), which cases were found and the person fields returned. The
-- rows have case_list's shape: the person's sealed names and wrapped
-- key, and the assignee's username.
-- Generic plans always: the search's one plan (a bitmap OR of the two
-- blind indexes, whichever key is absent finding nothing) serves every
-- call; PostgreSQL chose a custom plan per call instead, and planning
-- was half of a search's time in the database.
DROP FUNCTION IF EXISTS case_search;
CREATE FUNCTION case_search(p_token bytea, p_doc bytea, p_name_dob bytea,
    p_fields text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, a_invalid text, a_staff text, c_id uuid,
    c_type text, c_state text, c_stage text, c_htcds text,
    c_version integer, c_office text, c_assigned uuid,
    c_assigned_name text, c_created_by uuid, c_created text,
    c_updated text, c_cursor text, pr_id uuid, pk_version integer,
    pk_seal integer, pk_wrapped bytea, pr_given_name bytea,
    pr_family_name bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
    SET plan_cache_mode = force_generic_plan
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
		PERFORM session_touch(p_token);
	END IF;
	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    c.created_at, c.updated_at, p.id AS pid, pk.key_version,
		    pk.seal_version, pk.wrapped, p.given_name, p.family_name
		FROM persons p JOIN cases c ON c.person_id = p.id
		JOIN data_keys pk ON pk.id = p.key_id
		WHERE a.role IN ('caseworker', 'supervisor')
		    AND ((p_doc IS NOT NULL AND p.doc_bidx = p_doc)
		    OR (p_name_dob IS NOT NULL AND p.name_dob_bidx = p_name_dob))
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
		ORDER BY c.created_at DESC, c.id DESC
		LIMIT 100
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, records,
		    fields, request_id, outcome)
		SELECT a.user_id, a.role, 'case.search',
		    (SELECT array_agg(id) FROM r),
		    nullif(concat_ws(',', nullif(p_fields, ''),
		    CASE WHEN EXISTS (SELECT 1 FROM r WHERE r.given_name IS
		    NOT NULL OR r.family_name IS NOT NULL)
		    THEN 'person.given_name,person.family_name' END), ''),
		    p_request,
		    CASE WHEN a.role NOT IN ('caseworker', 'supervisor')
		    THEN 'denied' WHEN EXISTS (SELECT 1 FROM r) THEN 'found'
		    ELSE 'none' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, NULL::text, NULL::text, r.id, r.case_type, r.state,
	    r.stage, r.htcds_status, r.version, r.office, r.assigned_to,
	    au.username, r.created_by,
	    to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(r.updated_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    r.created_at::text, r.pid, r.key_version, r.seal_version,
	    r.wrapped, r.given_name, r.family_name
	FROM (SELECT 1) one LEFT JOIN r ON true
	LEFT JOIN users au ON au.id = r.assigned_to
	ORDER BY r.created_at DESC, r.id DESC;
END
$$;
REVOKE ALL ON FUNCTION case_search FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search TO casebook_app;
