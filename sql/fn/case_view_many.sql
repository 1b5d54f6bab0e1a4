-- Several reads of case_view in one statement: the
-- API reads that arrive at a worker while its previous batch runs are
-- sent together (src/store/batch.c). Element i of the batch is the
-- 32-byte session token hash at bytes 32(i-1)+1.. of p_tokens, the case
-- p_cases[i] and the request id p_requests[i]; each answer row carries
-- its i, so that the worker hands each request its own row and no
-- other. Per element exactly what case_view does: no row without a
-- valid session; the caller's columns with every case column NULL for
-- a case it may not see (or that does not exist); one audit entry each,
-- "ok" or "denied", with its own actor and request id, all committed by
-- this statement before any answer leaves. One executor start-up, one
-- commit and one WAL flush serve the whole batch: that is its point.
-- With p_page, the reads of case pages (case_page_many.sql): each entry
-- also names "history", and "caseworkers" for a supervisor whose case is
-- open, as case_view writes it for a page.
-- Generic plans always: a custom plan for each batch (its sizes differ)
-- cost more to plan than the batch to run.
DROP FUNCTION IF EXISTS case_view_many;
CREATE FUNCTION case_view_many(p_tokens bytea, p_cases uuid[],
    p_requests text[], p_page boolean DEFAULT false)
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
    ap_kind text, ap_to text, ap_requested_by uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
	-- last_seen, as case_view does, once per session that is due.
	PERFORM batch_begin('case_view_many', p_tokens,
	    array_length(p_cases, 1), array_length(p_requests, 1));

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
		    CASE WHEN c.id IS NOT NULL THEN case_facts(c) END
			AS facts,
		    c.pending_approval, ap.kind, ap.to_state,
		    ap.requested_by
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
		    CASE WHEN p_page THEN 'history' END,
		    CASE WHEN p_page AND v.role = 'supervisor' AND
		    v.office <> '' AND v.stage <> 'closed'
			THEN 'caseworkers' END),
		    '') END,
		    v.req, CASE WHEN v.id IS NOT NULL THEN 'ok'
			ELSE 'denied' END
		FROM v
	)
	SELECT v.i, v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v.id, v.case_type, v.state,
	    v.stage, v.htcds_status, v.version, v.c_office, v.assigned_to,
	    v.created_by, v.created, v.updated, v.person_id, v.ckv, v.cks,
	    v.ckw, v.location, v.pkv, v.pks, v.pkw,
	    v.consent_data_processing, v.given_name, v.family_name,
	    v.name_original_script, v.date_of_birth, v.phone,
	    v.document_number, v.gender, v.citizenship, v.age_band,
	    v.languages_ct, v.ids, v.types, v.facts, v.pending_approval,
	    v.kind, v.to_state, v.requested_by
	FROM v;
END
$$;
REVOKE ALL ON FUNCTION case_view_many FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_view_many TO casebook_app;
