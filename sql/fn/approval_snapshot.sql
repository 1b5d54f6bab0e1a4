-- What a decision on a request is taken on: the approval, its case's
-- state, facts and wrapped key (to seal the comment with). A request on
-- a case the caller may not see yields NULL approval columns, exactly
-- as one that does not exist. No personal value is returned.
DROP FUNCTION IF EXISTS approval_snapshot;
CREATE FUNCTION approval_snapshot(p_token bytea, p_approval uuid)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, ap_id uuid, ap_kind text, ap_from text,
    ap_to text, ap_pending text, ap_status text, ap_requested_by uuid,
    ap_facts text, c_id uuid, c_type text, c_state text, c_stage text,
    c_htcds text, c_version integer, c_facts text, c_pending uuid,
    ck_version integer, ck_seal integer, ck_wrapped bytea,
    pr_consent boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_who(p_token))
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, x.id, x.kind, x.from_state, x.to_state,
	    x.pending_state, x.status, x.requested_by, x.afacts, x.case_id,
	    x.case_type, x.state, x.stage, x.htcds_status, x.version,
	    x.cfacts, x.pending_approval, x.key_version, x.seal_version,
	    x.wrapped, x.consent_data_processing
	FROM a LEFT JOIN LATERAL (
		SELECT ap.id, ap.kind, ap.from_state, ap.to_state,
		    ap.pending_state, ap.status, ap.requested_by,
		    ap.facts::text AS afacts, c.id AS case_id, c.case_type,
		    c.state, c.stage, c.htcds_status, c.version,
		    case_facts(c) AS cfacts, c.pending_approval,
		    k.key_version, k.seal_version, k.wrapped,
		    p.consent_data_processing
		FROM approvals ap
		JOIN cases c ON c.id = ap.case_id
		JOIN data_keys k ON k.id = c.key_id
		JOIN persons p ON p.id = c.person_id
		WHERE ap.id = p_approval AND case_visible(a.user_id, a.role,
		    a.office, c.office, c.assigned_to)
	) x ON true;
END
$$;
REVOKE ALL ON FUNCTION approval_snapshot FROM PUBLIC;
GRANT EXECUTE ON FUNCTION approval_snapshot TO casebook_app;
