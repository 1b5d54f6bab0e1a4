-- One case with its person and wrapped keys, for one caller, in one
-- round trip that also commits the read's audit entry: the application
-- answers only after this statement has committed, so no read leaves
-- without its entry. A case the caller may not see (or that does not
-- exist) yields the caller's row with every case column NULL, and a
-- "denied" entry. A few plain statements rather than one with CTEs: the
-- executor sets up far fewer nodes per call.
-- With p_page (the case page), the same round trip also returns, after
-- the case row, the case's history (h_*, see case_history.sql; h_kind
-- never NULL), oldest first, and then, for a supervisor whose case is
-- open, the office's enabled caseworkers (u_id, u_username; h_kind
-- NULL), whom the page offers for a reassignment. The one entry then
-- also names "history" and "caseworkers" among the fields it showed.
DROP FUNCTION IF EXISTS case_view;
CREATE FUNCTION case_view(p_token bytea, p_case uuid, p_request text,
    p_page boolean DEFAULT false)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    c_stage text, c_htcds text, c_version integer, c_office text,
    c_assigned uuid, c_created_by uuid, c_created text, c_updated text,
    c_person uuid, ck_version integer, ck_seal integer, ck_wrapped bytea,
    c_location bytea, pk_version integer, pk_seal integer,
    pk_wrapped bytea, pr_consent boolean, pr_given_name bytea,
    pr_family_name bytea, pr_name_original_script bytea,
    pr_date_of_birth bytea, pr_phone bytea, pr_document_number bytea,
    pr_gender text, pr_citizenship text, pr_age_band text,
    pr_languages bytea, c_links text, c_link_types text, c_facts text,
    c_pending uuid, ap_kind text, ap_to text, ap_requested_by uuid,
    h_kind text, h_at text, h_actor text, h_role text, h_from text,
    h_to text, h_facts text, h_tid uuid, h_reason bytea, h_data bytea,
    h_ref uuid, h_code text, h_status text, h_sealed bytea, h_date text,
    h_amount text, h_currency text, h_provider text, h_scores text,
    h_event text, h_org text, h_until text, h_categories text,
    h_services text, h_parent uuid, h_version integer, h_method text,
    h_language text, h_today text, u_id uuid, u_username text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
DECLARE
	a	record;
	h	record;
	v_seen	boolean;
	v_staff	boolean;
BEGIN
	SELECT * INTO a FROM session_lookup(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.stale THEN
		PERFORM session_touch(p_token);
	END IF;
	a_user := a.user_id;
	a_username := a.username;
	a_role := a.role;
	a_office := a.office;
	a_org := a.organisation_id;
	a_token := a.token_hash;

	SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
	    c.version, c.office, c.assigned_to, c.created_by,
	    to_char(c.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(c.updated_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    c.person_id, ck.key_version, ck.seal_version, ck.wrapped,
	    c.location, pk.key_version, pk.seal_version, pk.wrapped,
	    p.consent_data_processing, p.given_name, p.family_name,
	    p.name_original_script, p.date_of_birth, p.phone,
	    p.document_number, p.gender, p.citizenship, p.age_band,
	    p.languages_ct,
	    l.ids, l.types, case_facts(c), c.pending_approval,
	    ap.kind, ap.to_state, ap.requested_by
	INTO c_id, c_type, c_state, c_stage, c_htcds, c_version, c_office,
	    c_assigned, c_created_by, c_created, c_updated, c_person,
	    ck_version, ck_seal, ck_wrapped, c_location, pk_version, pk_seal,
	    pk_wrapped, pr_consent, pr_given_name, pr_family_name,
	    pr_name_original_script, pr_date_of_birth, pr_phone,
	    pr_document_number, pr_gender, pr_citizenship, pr_age_band,
	    pr_languages, c_links, c_link_types, c_facts, c_pending, ap_kind,
	    ap_to, ap_requested_by
	FROM cases c
	JOIN persons p ON p.id = c.person_id
	JOIN data_keys ck ON ck.id = c.key_id
	JOIN data_keys pk ON pk.id = p.key_id
	LEFT JOIN approvals ap ON ap.id = c.pending_approval
	LEFT JOIN LATERAL (
		SELECT string_agg(l.linked_case_id::text, ',' ORDER BY
		    l.created_at) AS ids, string_agg(lc.case_type, ','
		    ORDER BY l.created_at) AS types
		FROM case_links l JOIN cases lc ON lc.id = l.linked_case_id
		WHERE l.case_id = c.id
	) l ON true
	WHERE c.id = p_case
	    AND case_visible(a.user_id, a.role, a.office, c.office,
	    c.assigned_to);
	v_seen := FOUND;
	v_staff := p_page AND v_seen AND a.role = 'supervisor' AND
	    a.office <> '' AND c_stage <> 'closed';

	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (a.user_id, a.role, 'case.view', p_case,
	    CASE WHEN v_seen THEN nullif(concat_ws(',',
	    CASE WHEN pr_given_name IS NOT NULL
		THEN 'person.given_name' END,
	    CASE WHEN pr_family_name IS NOT NULL
		THEN 'person.family_name' END,
	    CASE WHEN pr_name_original_script IS NOT NULL
		THEN 'person.name_original_script' END,
	    CASE WHEN pr_date_of_birth IS NOT NULL
		THEN 'person.date_of_birth' END,
	    CASE WHEN pr_phone IS NOT NULL THEN 'person.phone' END,
	    CASE WHEN pr_document_number IS NOT NULL
		THEN 'person.document_number' END,
	    CASE WHEN pr_languages IS NOT NULL THEN 'person.languages' END,
	    CASE WHEN c_location IS NOT NULL THEN 'location' END,
	    CASE WHEN p_page THEN 'history' END,
	    CASE WHEN v_staff THEN 'caseworkers' END), '') END,
	    p_request, CASE WHEN v_seen THEN 'ok' ELSE 'denied' END);
	RETURN NEXT;
	IF NOT (p_page AND v_seen) THEN
		RETURN;
	END IF;

	h_today := to_char(current_date, 'YYYY-MM-DD');
	FOR h IN SELECT * FROM case_events(p_case) e ORDER BY e.at, e.ord
	LOOP
		h_kind := h.kind;
		h_at := to_char(h.at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"');
		h_actor := h.username;
		h_role := h.actor_role;
		h_from := h.from_state;
		h_to := h.to_state;
		h_facts := h.facts;
		h_tid := h.tid;
		h_reason := h.reason;
		h_data := h.data;
		h_ref := h.ref;
		h_code := h.code;
		h_status := h.status;
		h_sealed := h.sealed;
		h_date := h.day;
		h_amount := h.amount;
		h_currency := h.currency;
		h_provider := h.provider;
		h_scores := h.scores;
		h_event := h.event;
		h_org := h.org;
		h_until := h.until;
		h_categories := h.categories;
		h_services := h.services;
		h_parent := h.parent;
		h_version := h.version;
		h_method := h.method;
		h_language := h.language;
		RETURN NEXT;
	END LOOP;

	IF NOT v_staff THEN
		RETURN;
	END IF;
	h_kind := NULL;
	FOR h IN SELECT u.id, u.username FROM users u
	    WHERE u.office = a.office AND u.role = 'caseworker'
		AND NOT u.disabled
	    ORDER BY u.username
	LOOP
		u_id := h.id;
		u_username := h.username;
		RETURN NEXT;
	END LOOP;
END
$$;
REVOKE ALL ON FUNCTION case_view FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_view TO casebook_app;
