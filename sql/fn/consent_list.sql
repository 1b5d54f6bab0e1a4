-- A case's consents, oldest first, with their organisation's name, the
-- sealed purpose and withdrawal reason and the case's wrapped key to
-- open them, and today's date (a consent's state is computed from its
-- window and withdrawal against it), for the case team (its caseworker,
-- its office's supervisors), and the read's audit entry naming the
-- consents shown. Always at least the caller's row; case columns NULL
-- (and a "denied" entry) when the caller may not see the case.
DROP FUNCTION IF EXISTS consent_list;
CREATE FUNCTION consent_list(p_token bytea, p_case uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_stage text, c_assigned uuid,
    c_consent boolean, ck_version integer, ck_seal integer,
    ck_wrapped bytea, today text, e_id uuid, e_org uuid, e_org_name text,
    e_purpose bytea, e_categories text, e_from text, e_until text,
    e_method text, e_language text, e_created_by_name text,
    e_created text, e_withdrawn text, e_withdrawn_by_name text,
    e_withdrawal_reason bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	c	record;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT x.id, x.stage, x.assigned_to, p.consent_data_processing,
	    k.key_version, k.seal_version, k.wrapped INTO c
	FROM cases x
	JOIN data_keys k ON k.id = x.key_id
	JOIN persons p ON p.id = x.person_id
	WHERE x.id = p_case AND case_visible(a.user_id, a.role, a.office,
	    x.office, x.assigned_to);

	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT e.*, o.name AS org_name, u.username AS by_name,
		    w.username AS wby_name
		FROM consents e
		JOIN organisations o ON o.id = e.organisation_id
		JOIN users u ON u.id = e.created_by
		LEFT JOIN users w ON w.id = e.withdrawn_by
		WHERE c.id IS NOT NULL AND e.case_id = c.id
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    records, fields, request_id, outcome)
		SELECT a.user_id, a.role, 'consent.list', p_case,
		    (SELECT array_agg(r.id) FROM r),
		    CASE WHEN EXISTS (SELECT 1 FROM r) THEN concat_ws(',',
		    'purpose', CASE WHEN EXISTS (SELECT 1 FROM r WHERE
		    r.withdrawal_reason IS NOT NULL) THEN 'withdrawal_reason'
		    END) END,
		    p_request,
		    CASE WHEN c.id IS NOT NULL THEN 'ok' ELSE 'denied' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, c.id, c.stage, c.assigned_to,
	    c.consent_data_processing, c.key_version, c.seal_version,
	    c.wrapped, to_char(current_date, 'YYYY-MM-DD'), r.id,
	    r.organisation_id, r.org_name, r.purpose,
	    array_to_string(r.categories, ','),
	    to_char(r.valid_from, 'YYYY-MM-DD'),
	    to_char(r.valid_until, 'YYYY-MM-DD'), r.method, r.language,
	    r.by_name, to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(r.withdrawn_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), r.wby_name, r.withdrawal_reason
	FROM (SELECT 1) one LEFT JOIN r ON true
	ORDER BY r.created_at, r.id;
END
$$;
REVOKE ALL ON FUNCTION consent_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consent_list TO casebook_app;
