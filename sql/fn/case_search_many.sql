-- Several searches (case_search) in one statement, as case_view_many is
-- for the API reads (src/store/batch.c): element i is the token hash at
-- bytes 32(i-1)+1.. of p_tokens, the blind indexes p_docs[i] and
-- p_nds[i] (hex, or NULL for a key not searched), the searched fields
-- p_fields[i] and the request id p_requests[i]. Per element exactly
-- what case_search answers, each row with its i: no row without a valid
-- session; otherwise the caller's columns with the cases found (up to
-- 100, newest first) or one row with the case columns NULL; one
-- case.search entry each (its own actor, keys searched, cases found,
-- outcome), all committed before any answer leaves.
DROP FUNCTION IF EXISTS case_search_many;
CREATE FUNCTION case_search_many(p_tokens bytea, p_docs text[],
    p_nds text[], p_fields text[], p_requests text[])
RETURNS TABLE (i integer, a_user uuid, a_username text, a_role text,
    a_office text, a_org uuid, a_token bytea, a_invalid text,
    a_staff text, c_id uuid, c_type text, c_state text, c_stage text,
    c_htcds text, c_version integer, c_office text, c_assigned uuid,
    c_assigned_name text, c_created_by uuid, c_created text,
    c_updated text, c_cursor text, pr_id uuid, pk_version integer,
    pk_seal integer, pk_wrapped bytea, pr_given_name bytea,
    pr_family_name bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
	PERFORM batch_begin('case_search_many', p_tokens,
	    array_length(p_docs, 1), array_length(p_nds, 1),
	    array_length(p_fields, 1), array_length(p_requests, 1));

	RETURN QUERY
	WITH r AS (
		SELECT u.g::integer AS i, substring(p_tokens
		    FROM 32 * (u.g::integer - 1) + 1 FOR 32) AS tok,
		    decode(u.doc, 'hex') AS doc, decode(u.nd, 'hex') AS nd,
		    u.fields, u.req
		FROM unnest(p_docs, p_nds, p_fields, p_requests)
		    WITH ORDINALITY AS u(doc, nd, fields, req, g)
	), s AS MATERIALIZED (
		SELECT r.i, r.doc, r.nd, r.fields, r.req, a.user_id,
		    a.username, a.role, a.office, a.organisation_id,
		    a.token_hash
		FROM r JOIN LATERAL session_lookup(r.tok) a ON true
	), f AS MATERIALIZED (
		SELECT s.i, x.*
		FROM s CROSS JOIN LATERAL (
			SELECT c.id, c.case_type, c.state, c.stage,
			    c.htcds_status, c.version, c.office,
			    c.assigned_to, c.created_by, c.created_at,
			    c.updated_at, p.id AS pid, pk.key_version,
			    pk.seal_version, pk.wrapped, p.given_name,
			    p.family_name
			FROM persons p JOIN cases c ON c.person_id = p.id
			JOIN data_keys pk ON pk.id = p.key_id
			WHERE s.role IN ('caseworker', 'supervisor')
			    AND ((s.doc IS NOT NULL AND p.doc_bidx = s.doc)
			    OR (s.nd IS NOT NULL AND p.name_dob_bidx = s.nd))
			    AND case_visible(s.user_id, s.role, s.office,
			    c.office, c.assigned_to)
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT 100
		) x
	), l AS (
		INSERT INTO audit_log (actor, actor_role, action, records,
		    fields, request_id, outcome)
		SELECT s.user_id, s.role, 'case.search',
		    (SELECT array_agg(f.id ORDER BY f.created_at DESC,
		    f.id DESC) FROM f WHERE f.i = s.i),
		    nullif(concat_ws(',', nullif(s.fields, ''),
		    CASE WHEN EXISTS (SELECT 1 FROM f WHERE f.i = s.i AND
		    (f.given_name IS NOT NULL OR f.family_name IS NOT NULL))
		    THEN 'person.given_name,person.family_name' END), ''),
		    s.req,
		    CASE WHEN s.role NOT IN ('caseworker', 'supervisor')
		    THEN 'denied' WHEN EXISTS (SELECT 1 FROM f WHERE f.i = s.i)
		    THEN 'found' ELSE 'none' END
		FROM s
	)
	SELECT s.i, s.user_id, s.username, s.role, s.office,
	    s.organisation_id, s.token_hash, NULL::text, NULL::text, f.id,
	    f.case_type, f.state, f.stage, f.htcds_status, f.version,
	    f.office, f.assigned_to, au.username, f.created_by,
	    to_char(f.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(f.updated_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    f.created_at::text, f.pid, f.key_version, f.seal_version,
	    f.wrapped, f.given_name, f.family_name
	FROM s LEFT JOIN f ON f.i = s.i
	LEFT JOIN users au ON au.id = f.assigned_to
	ORDER BY s.i, f.created_at DESC, f.id DESC;
END
$$;
REVOKE ALL ON FUNCTION case_search_many FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search_many TO casebook_app;
