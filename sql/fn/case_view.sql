-- One case with its person and wrapped keys, for one caller, in one
-- round trip that also commits the read's audit entry: the application
-- answers only after this statement has committed, so no read leaves
-- without its entry. A case the caller may not see (or that does not
-- exist) yields the caller's row with every case column NULL, and a
-- "denied" entry.
DROP FUNCTION IF EXISTS case_view;
CREATE FUNCTION case_view(p_tokens bytea, p_case uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    c_stage text, c_htcds text, c_version integer, c_office text,
    c_assigned uuid, c_created_by uuid, c_created text, c_updated text,
    c_person uuid, ck_version integer, ck_seal integer, ck_wrapped bytea,
    c_location bytea, pk_version integer, pk_seal integer, pk_wrapped bytea,
    pr_consent boolean,
    pr_given_name bytea, pr_family_name bytea,
    pr_name_original_script bytea, pr_date_of_birth bytea, pr_phone bytea,
    pr_document_number bytea, pr_gender text, pr_citizenship text,
    pr_age_band text, pr_languages bytea, c_links text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_lookup(p_tokens)),
	t AS (UPDATE sessions s SET last_seen = now() FROM a
	    WHERE a.stale AND s.token_hash = a.token_hash),
	c AS MATERIALIZED (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    to_char(c.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created,
		    to_char(c.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated,
		    c.person_id, ck.key_version AS ckv, ck.seal_version AS cks,
		    ck.wrapped AS ckw, c.location, pk.key_version AS pkv,
		    pk.seal_version AS pks, pk.wrapped AS pkw,
		    p.consent_data_processing, p.given_name, p.family_name,
		    p.name_original_script, p.date_of_birth, p.phone,
		    p.document_number, p.gender, p.citizenship, p.age_band,
		    p.languages_ct,
		    (SELECT string_agg(l.linked_case_id::text, ',')
		    FROM case_links l WHERE l.case_id = c.id) AS links,
		    concat_ws(',',
		    CASE WHEN p.given_name IS NOT NULL
			THEN 'person.given_name' END,
		    CASE WHEN p.family_name IS NOT NULL
			THEN 'person.family_name' END,
		    CASE WHEN p.name_original_script IS NOT NULL
			THEN 'person.name_original_script' END,
		    CASE WHEN p.date_of_birth IS NOT NULL
			THEN 'person.date_of_birth' END,
		    CASE WHEN p.phone IS NOT NULL THEN 'person.phone' END,
		    CASE WHEN p.document_number IS NOT NULL
			THEN 'person.document_number' END,
		    CASE WHEN p.languages_ct IS NOT NULL
			THEN 'person.languages' END,
		    CASE WHEN c.location IS NOT NULL THEN 'location' END)
		    AS fields
		FROM a
		JOIN cases c ON c.id = p_case
		JOIN persons p ON p.id = c.person_id
		JOIN data_keys ck ON ck.id = c.key_id
		JOIN data_keys pk ON pk.id = p.key_id
		WHERE case_visible(a.user_id, a.role, a.office, c.office,
		    c.assigned_to)
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    fields, request_id, outcome)
		SELECT a.user_id, a.role, 'case.view', p_case,
		    (SELECT nullif(fields, '') FROM c), p_request,
		    CASE WHEN EXISTS (SELECT 1 FROM c) THEN 'ok'
		    ELSE 'denied' END
		FROM a
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, c.id, c.case_type, c.state, c.stage,
	    c.htcds_status, c.version, c.office, c.assigned_to, c.created_by,
	    c.created, c.updated, c.person_id, c.ckv, c.cks, c.ckw,
	    c.location, c.pkv, c.pks, c.pkw, c.consent_data_processing,
	    c.given_name,
	    c.family_name, c.name_original_script, c.date_of_birth, c.phone,
	    c.document_number, c.gender, c.citizenship, c.age_band,
	    c.languages_ct, c.links
	FROM a LEFT JOIN c ON true;
END
$$;
REVOKE ALL ON FUNCTION case_view FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_view TO casebook_app;
