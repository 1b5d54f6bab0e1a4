-- Several case pages (case_view with p_page) in one statement, as
-- case_view_many is for the API reads (src/store/batch.c): element i is
-- the token hash at bytes 32(i-1)+1.. of p_tokens, the case p_cases[i]
-- and the request id p_requests[i]. Each answer row carries its i, and
-- an element's rows are in case_view's order: the case row (the
-- caller's columns, case columns NULL when it may not see the case),
-- then the case's history (h_kind set), then, for a supervisor whose
-- case is open, the office's enabled caseworkers (u_id set). One audit
-- entry per element, as case_view writes it, all committed before any
-- answer. The point is the history: its plan has dozens of nodes, and
-- the executor set them all up for every page; here once per batch.
DROP FUNCTION IF EXISTS case_page_many;
CREATE FUNCTION case_page_many(p_tokens bytea, p_cases uuid[],
    p_requests text[])
RETURNS TABLE (i integer, a_user uuid, a_username text, a_role text,
    a_office text, a_org uuid, a_token bytea, c_id uuid, c_type text,
    c_state text, c_stage text, c_htcds text, c_version integer,
    c_office text, c_assigned uuid, c_created_by uuid, c_created text,
    c_updated text, c_person uuid, ck_version integer, ck_seal integer,
    ck_wrapped bytea, c_location bytea, pk_version integer,
    pk_seal integer, pk_wrapped bytea, pr_consent boolean,
    pr_given_name bytea, pr_family_name bytea,
    pr_name_original_script bytea, pr_date_of_birth bytea,
    pr_phone bytea, pr_document_number bytea, pr_gender text,
    pr_citizenship text, pr_age_band text, pr_languages bytea,
    c_links text, c_link_types text, c_facts text, c_pending uuid,
    ap_kind text, ap_to text, ap_requested_by uuid,
    h_kind text, h_at text, h_actor text, h_role text, h_from text,
    h_to text, h_facts text, h_tid uuid, h_reason bytea, h_data bytea,
    h_ref uuid, h_code text, h_status text, h_sealed bytea, h_date text,
    h_amount text, h_currency text, h_provider text, h_scores text,
    h_event text, h_org text, h_until text, h_categories text,
    h_services text, h_parent uuid, h_version integer, h_method text,
    h_language text, h_today text, u_id uuid, u_username text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
	n	integer;
BEGIN
	n := coalesce(array_length(p_cases, 1), 0);
	IF n = 0 OR n > 64 OR octet_length(p_tokens) <> 32 * n OR
	    coalesce(array_length(p_requests, 1), 0) <> n THEN
		RAISE EXCEPTION 'case_page_many: malformed batch'
		    USING ERRCODE = '22023';
	END IF;
	PERFORM session_touch(t.tok)
	FROM (SELECT DISTINCT substring(p_tokens FROM 32 * (g - 1) + 1
	    FOR 32) AS tok FROM generate_series(1, n) g) t
	JOIN LATERAL session_lookup(t.tok) s ON s.stale;

	RETURN QUERY
	WITH r AS (
		SELECT u.g::integer AS i, substring(p_tokens
		    FROM 32 * (u.g::integer - 1) + 1 FOR 32) AS tok,
		    u.cid, u.req
		FROM unnest(p_cases, p_requests) WITH ORDINALITY
		    AS u(cid, req, g)
	), v AS MATERIALIZED (
		SELECT r.i, r.cid, r.req, s.user_id, s.username, s.role,
		    s.office, s.organisation_id, s.token_hash,
		    c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office AS c_office, c.assigned_to,
		    c.created_by,
		    to_char(c.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created,
		    to_char(c.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated,
		    c.person_id, ck.key_version AS ckv,
		    ck.seal_version AS cks, ck.wrapped AS ckw, c.location,
		    pk.key_version AS pkv, pk.seal_version AS pks,
		    pk.wrapped AS pkw, p.consent_data_processing,
		    p.given_name, p.family_name, p.name_original_script,
		    p.date_of_birth, p.phone, p.document_number, p.gender,
		    p.citizenship, p.age_band, p.languages_ct, l.ids, l.types,
		    CASE WHEN c.id IS NOT NULL THEN case_facts(c)::text END
			AS facts,
		    c.pending_approval, ap.kind, ap.to_state,
		    ap.requested_by,
		    (c.id IS NOT NULL AND s.role = 'supervisor' AND
		    s.office <> '' AND c.stage <> 'closed') AS staff
		FROM r
		JOIN LATERAL session_lookup(r.tok) s ON true
		LEFT JOIN cases c ON c.id = r.cid AND case_visible(s.user_id,
		    s.role, s.office, c.office, c.assigned_to)
		LEFT JOIN persons p ON p.id = c.person_id
		LEFT JOIN data_keys ck ON ck.id = c.key_id
		LEFT JOIN data_keys pk ON pk.id = p.key_id
		LEFT JOIN approvals ap ON ap.id = c.pending_approval
		LEFT JOIN LATERAL (
			SELECT string_agg(cl.linked_case_id::text, ','
			    ORDER BY cl.created_at) AS ids,
			    string_agg(lc.case_type, ','
			    ORDER BY cl.created_at) AS types
			FROM case_links cl
			JOIN cases lc ON lc.id = cl.linked_case_id
			WHERE cl.case_id = c.id
		) l ON c.id IS NOT NULL
	), audit AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    fields, request_id, outcome)
		SELECT v.user_id, v.role, 'case.view', v.cid,
		    CASE WHEN v.id IS NOT NULL THEN nullif(concat_ws(',',
		    CASE WHEN v.given_name IS NOT NULL
			THEN 'person.given_name' END,
		    CASE WHEN v.family_name IS NOT NULL
			THEN 'person.family_name' END,
		    CASE WHEN v.name_original_script IS NOT NULL
			THEN 'person.name_original_script' END,
		    CASE WHEN v.date_of_birth IS NOT NULL
			THEN 'person.date_of_birth' END,
		    CASE WHEN v.phone IS NOT NULL THEN 'person.phone' END,
		    CASE WHEN v.document_number IS NOT NULL
			THEN 'person.document_number' END,
		    CASE WHEN v.languages_ct IS NOT NULL
			THEN 'person.languages' END,
		    CASE WHEN v.location IS NOT NULL THEN 'location' END,
		    'history',
		    CASE WHEN v.staff THEN 'caseworkers' END), '') END,
		    v.req, CASE WHEN v.id IS NOT NULL THEN 'ok'
			ELSE 'denied' END
		FROM v
	), o AS (
		SELECT v.i, 0 AS part, NULL::timestamptz AS at, 0::bigint AS ord,
		    NULL::text AS uname, v.user_id, v.username, v.role,
		    v.office, v.organisation_id, v.token_hash, v.id,
		    v.case_type, v.state, v.stage, v.htcds_status, v.version,
		    v.c_office, v.assigned_to, v.created_by, v.created,
		    v.updated, v.person_id, v.ckv, v.cks, v.ckw, v.location,
		    v.pkv, v.pks, v.pkw, v.consent_data_processing,
		    v.given_name, v.family_name, v.name_original_script,
		    v.date_of_birth, v.phone, v.document_number, v.gender,
		    v.citizenship, v.age_band, v.languages_ct, v.ids, v.types,
		    v.facts, v.pending_approval, v.kind AS ap_kind,
		    v.to_state, v.requested_by,
		    NULL::text AS h_kind, NULL::text AS h_at,
		    NULL::text AS h_actor, NULL::text AS h_role,
		    NULL::text AS h_from, NULL::text AS h_to,
		    NULL::text AS h_facts, NULL::uuid AS h_tid,
		    NULL::bytea AS h_reason, NULL::bytea AS h_data,
		    NULL::uuid AS h_ref, NULL::text AS h_code,
		    NULL::text AS h_status, NULL::bytea AS h_sealed,
		    NULL::text AS h_date, NULL::text AS h_amount,
		    NULL::text AS h_currency, NULL::text AS h_provider,
		    NULL::text AS h_scores, NULL::text AS h_event,
		    NULL::text AS h_org, NULL::text AS h_until,
		    NULL::text AS h_categories, NULL::text AS h_services,
		    NULL::uuid AS h_parent, NULL::integer AS h_version,
		    NULL::text AS h_method, NULL::text AS h_language,
		    NULL::text AS h_today, NULL::uuid AS u_id,
		    NULL::text AS u_username
		FROM v
		UNION ALL
		SELECT v.i, 1, e.at, e.ord, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL,
		    e.kind, to_char(e.at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), e.username, e.actor_role,
		    e.from_state, e.to_state, e.facts, e.tid, e.reason,
		    e.data, e.ref, e.code, e.status, e.sealed, e.day,
		    e.amount, e.currency, e.provider, e.scores, e.event,
		    e.org, e.until, e.categories, e.services, e.parent,
		    e.version, e.method, e.language,
		    to_char(current_date, 'YYYY-MM-DD'), NULL, NULL
		FROM v CROSS JOIN LATERAL case_events(v.id) e
		WHERE v.id IS NOT NULL
		UNION ALL
		SELECT v.i, 2, NULL, 0, u.username,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    u.id, u.username
		FROM v JOIN users u ON u.office = v.office AND
		    u.role = 'caseworker' AND NOT u.disabled
		WHERE v.staff
	)
	SELECT o.i, o.user_id, o.username, o.role, o.office,
	    o.organisation_id, o.token_hash, o.id, o.case_type, o.state,
	    o.stage, o.htcds_status, o.version, o.c_office, o.assigned_to,
	    o.created_by, o.created, o.updated, o.person_id, o.ckv, o.cks,
	    o.ckw, o.location, o.pkv, o.pks, o.pkw,
	    o.consent_data_processing, o.given_name, o.family_name,
	    o.name_original_script, o.date_of_birth, o.phone,
	    o.document_number, o.gender, o.citizenship, o.age_band,
	    o.languages_ct, o.ids, o.types, o.facts, o.pending_approval,
	    o.ap_kind, o.to_state, o.requested_by, o.h_kind, o.h_at,
	    o.h_actor, o.h_role, o.h_from, o.h_to, o.h_facts, o.h_tid,
	    o.h_reason, o.h_data, o.h_ref, o.h_code, o.h_status, o.h_sealed,
	    o.h_date, o.h_amount, o.h_currency, o.h_provider, o.h_scores,
	    o.h_event, o.h_org, o.h_until, o.h_categories, o.h_services,
	    o.h_parent, o.h_version, o.h_method, o.h_language, o.h_today,
	    o.u_id, o.u_username
	FROM o
	ORDER BY o.i, o.part, o.at, o.ord, o.uname;
END
$$;
REVOKE ALL ON FUNCTION case_page_many FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_page_many TO casebook_app;
