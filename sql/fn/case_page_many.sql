-- Several case pages (case_view with p_page) in one statement, as
-- case_view_many is for the API reads (src/store/batch.c), and built on
-- it (its p_page: the entries name what a page shows): element i is
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
BEGIN
	RETURN QUERY
	WITH v AS MATERIALIZED (
		SELECT * FROM case_view_many(p_tokens, p_cases, p_requests,
		    true)
	), o AS (
		SELECT v.*, 0 AS part, NULL::timestamptz AS at, 0::bigint AS ord,
		    NULL::text AS uname, NULL::text AS h_kind,
		    NULL::text AS h_at, NULL::text AS h_actor,
		    NULL::text AS h_role, NULL::text AS h_from,
		    NULL::text AS h_to, NULL::text AS h_facts,
		    NULL::uuid AS h_tid, NULL::bytea AS h_reason,
		    NULL::bytea AS h_data, NULL::uuid AS h_ref,
		    NULL::text AS h_code, NULL::text AS h_status,
		    NULL::bytea AS h_sealed, NULL::text AS h_date,
		    NULL::text AS h_amount, NULL::text AS h_currency,
		    NULL::text AS h_provider, NULL::text AS h_scores,
		    NULL::text AS h_event, NULL::text AS h_org,
		    NULL::text AS h_until, NULL::text AS h_categories,
		    NULL::text AS h_services, NULL::uuid AS h_parent,
		    NULL::integer AS h_version, NULL::text AS h_method,
		    NULL::text AS h_language, NULL::text AS h_today,
		    NULL::uuid AS u_id, NULL::text AS u_username
		FROM v
		UNION ALL
		SELECT v.i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    1, e.at, e.ord, NULL,
		    e.kind, to_char(e.at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), e.username, e.actor_role,
		    e.from_state, e.to_state, e.facts, e.tid, e.reason,
		    e.data, e.ref, e.code, e.status, e.sealed, e.day,
		    e.amount, e.currency, e.provider, e.scores, e.event,
		    e.org, e.until, e.categories, e.services, e.parent,
		    e.version, e.method, e.language,
		    to_char(current_date, 'YYYY-MM-DD'), NULL, NULL
		FROM v CROSS JOIN LATERAL case_events(v.c_id) e
		WHERE v.c_id IS NOT NULL
		UNION ALL
		SELECT v.i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    2, NULL, 0, u.username,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, u.id, u.username
		FROM v JOIN users u ON u.office = v.a_office AND
		    u.role = 'caseworker' AND NOT u.disabled
		WHERE v.c_id IS NOT NULL AND v.a_role = 'supervisor' AND
		    v.a_office <> '' AND v.c_stage <> 'closed'
	)
	SELECT o.i, o.a_user, o.a_username, o.a_role, o.a_office, o.a_org,
	    o.a_token, o.c_id, o.c_type, o.c_state, o.c_stage, o.c_htcds,
	    o.c_version, o.c_office, o.c_assigned, o.c_created_by,
	    o.c_created, o.c_updated, o.c_person, o.ck_version, o.ck_seal,
	    o.ck_wrapped, o.c_location, o.pk_version, o.pk_seal,
	    o.pk_wrapped, o.pr_consent, o.pr_given_name, o.pr_family_name,
	    o.pr_name_original_script, o.pr_date_of_birth, o.pr_phone,
	    o.pr_document_number, o.pr_gender, o.pr_citizenship,
	    o.pr_age_band, o.pr_languages, o.c_links, o.c_link_types,
	    o.c_facts, o.c_pending, o.ap_kind, o.ap_to, o.ap_requested_by,
	    o.h_kind, o.h_at, o.h_actor, o.h_role, o.h_from, o.h_to,
	    o.h_facts, o.h_tid, o.h_reason, o.h_data, o.h_ref, o.h_code,
	    o.h_status, o.h_sealed, o.h_date, o.h_amount, o.h_currency,
	    o.h_provider, o.h_scores, o.h_event, o.h_org, o.h_until,
	    o.h_categories, o.h_services, o.h_parent, o.h_version,
	    o.h_method, o.h_language, o.h_today, o.u_id, o.u_username
	FROM o
	ORDER BY o.i, o.part, o.at, o.ord, o.uname;
END
$$;
REVOKE ALL ON FUNCTION case_page_many FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_page_many TO casebook_app;
