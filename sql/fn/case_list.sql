-- The caller's visible cases, newest first, one page after a keyset
-- cursor, with the person's sealed names and wrapped key (a case the
-- caller sees is one whose person it may see: case_visible states both
-- rules) and the assignee's username; one list-view entry naming the
-- cases shown, the filters used and the person fields returned. Always
-- at least the caller's row (case columns NULL when there is nothing to
-- show); roles that list no cases get no case rows and a "denied"
-- entry. p_assignee must be the caller or, for a supervisor, a
-- caseworker or supervisor of the office: anyone else answers the
-- caller's row with a_invalid = 'assigned_to' and an "invalid" entry.
-- p_staff asks for the office's caseworkers (a supervisor's filter) as
-- a JSON array of [id, username] in a_staff.
-- The page's ids come first, from a statement per role whose plan walks
-- the caller's own index (assigned_to or office, newest first) and
-- stops at the page's end: one statement for both roles had no good
-- generic plan (it sorted the whole caseload) and was planned anew on
-- every call, a quarter of a list's time.
DROP FUNCTION IF EXISTS case_list;
CREATE FUNCTION case_list(p_token bytea, p_type text, p_stage text,
    p_state text, p_mine boolean, p_assignee uuid, p_staff boolean,
    p_after_ts timestamptz, p_after_id uuid, p_limit integer,
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
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	v_staff	text;
	v_ids	uuid[];
BEGIN
	SELECT * INTO a FROM session_lookup(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.stale THEN
		PERFORM session_touch(p_token);
	END IF;
	IF a.role IN ('caseworker', 'supervisor') AND
	    p_assignee IS NOT NULL AND p_assignee <> a.user_id AND
	    NOT (a.role = 'supervisor' AND a.office <> '' AND EXISTS (
	    SELECT 1 FROM users u WHERE u.id = p_assignee AND
	    u.office = a.office AND u.role IN ('caseworker', 'supervisor')))
	THEN
		INSERT INTO audit_log (actor, actor_role, action, fields,
		    request_id, outcome)
		VALUES (a.user_id, a.role, 'case.list', nullif(p_fields, ''),
		    p_request, 'invalid');
		RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
		    a.organisation_id, a.token_hash, 'assigned_to'::text,
		    NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::integer, NULL::text, NULL::uuid,
		    NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::text,
		    NULL::uuid, NULL::integer, NULL::integer, NULL::bytea,
		    NULL::bytea, NULL::bytea;
		RETURN;
	END IF;
	IF p_staff AND a.role = 'supervisor' AND a.office <> '' THEN
		SELECT coalesce(json_agg(json_build_array(u.id, u.username)
		    ORDER BY u.username), '[]')::text INTO v_staff
		FROM users u
		WHERE u.office = a.office AND u.role = 'caseworker';
	END IF;
	IF a.role = 'caseworker' THEN
		SELECT array_agg(x.id) INTO v_ids FROM (
			SELECT c.id FROM cases c
			WHERE c.assigned_to = a.user_id
			    AND (p_type IS NULL OR c.case_type = p_type)
			    AND (p_stage IS NULL OR c.stage = p_stage)
			    AND (p_state IS NULL OR c.state = p_state)
			    AND (p_assignee IS NULL OR c.assigned_to = p_assignee)
			    AND (p_after_ts IS NULL OR
			    (c.created_at, c.id) < (p_after_ts, p_after_id))
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT p_limit + 1) x;
	ELSIF a.role = 'supervisor' AND a.office <> '' THEN
		SELECT array_agg(x.id) INTO v_ids FROM (
			SELECT c.id FROM cases c
			WHERE c.office = a.office
			    AND (p_type IS NULL OR c.case_type = p_type)
			    AND (p_stage IS NULL OR c.stage = p_stage)
			    AND (p_state IS NULL OR c.state = p_state)
			    AND (NOT p_mine OR c.assigned_to = a.user_id)
			    AND (p_assignee IS NULL OR c.assigned_to = p_assignee)
			    AND (p_after_ts IS NULL OR
			    (c.created_at, c.id) < (p_after_ts, p_after_id))
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT p_limit + 1) x;
	END IF;
	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    c.created_at, c.updated_at, c.person_id
		FROM cases c
		WHERE c.id = ANY (v_ids)
		    AND case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
	),
	s AS MATERIALIZED (
		SELECT r.id, r.person_id FROM r
		ORDER BY r.created_at DESC, r.id DESC LIMIT p_limit
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, records,
		    fields, request_id, outcome)
		SELECT a.user_id, a.role, 'case.list',
		    (SELECT array_agg(s.id) FROM s),
		    nullif(concat_ws(',', nullif(p_fields, ''),
		    CASE WHEN EXISTS (SELECT 1 FROM s JOIN persons p ON
		    p.id = s.person_id WHERE p.given_name IS NOT NULL OR
		    p.family_name IS NOT NULL)
		    THEN 'person.given_name,person.family_name' END), ''),
		    p_request,
		    CASE WHEN a.role IN ('caseworker', 'supervisor') THEN 'ok'
		    ELSE 'denied' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, NULL::text, v_staff, r.id, r.case_type, r.state,
	    r.stage, r.htcds_status, r.version, r.office, r.assigned_to,
	    au.username, r.created_by,
	    to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(r.updated_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    r.created_at::text, s.person_id, pk.key_version,
	    pk.seal_version, pk.wrapped, p.given_name, p.family_name
	FROM (SELECT 1) one
	LEFT JOIN r ON true
	LEFT JOIN s ON s.id = r.id
	LEFT JOIN persons p ON p.id = s.person_id
	LEFT JOIN data_keys pk ON pk.id = p.key_id
	LEFT JOIN users au ON au.id = r.assigned_to
	ORDER BY r.created_at DESC, r.id DESC;
END
$$;
REVOKE ALL ON FUNCTION case_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_list TO casebook_app;
