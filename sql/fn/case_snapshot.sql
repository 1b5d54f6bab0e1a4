-- What a change of a case is decided on: its process fields and facts,
-- whether the person consented, and the case's wrapped key to seal the
-- change with. Visibility is decided here: a case the caller may not
-- see has NULL case columns. No personal value is returned.
DROP FUNCTION IF EXISTS case_snapshot;
CREATE FUNCTION case_snapshot(p_token bytea, p_case uuid)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    c_stage text, c_htcds text, c_version integer, c_office text,
    c_assigned uuid, c_created_by uuid, c_facts text, c_pending uuid,
    ck_version integer, ck_seal integer, ck_wrapped bytea,
    pr_consent boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_who(p_token))
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, c.id, c.case_type, c.state, c.stage,
	    c.htcds_status, c.version, c.office, c.assigned_to,
	    c.created_by, c.facts, c.pending_approval, c.key_version,
	    c.seal_version, c.wrapped, c.consent_data_processing
	FROM a LEFT JOIN LATERAL (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    case_facts(c) AS facts, c.pending_approval,
		    k.key_version, k.seal_version, k.wrapped,
		    p.consent_data_processing
		FROM cases c
		JOIN data_keys k ON k.id = c.key_id
		JOIN persons p ON p.id = c.person_id
		WHERE c.id = p_case AND case_visible(a.user_id, a.role,
		    a.office, c.office, c.assigned_to)
	) c ON true;
END
$$;
REVOKE ALL ON FUNCTION case_snapshot FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_snapshot TO casebook_app;
