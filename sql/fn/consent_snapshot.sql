-- What a referral or a withdrawal is decided on: the case as
-- case_snapshot gives it (same columns: its state, its person's consent
-- to processing, its wrapped key to seal with) and one of its consents
-- (cs_ columns: organisation, categories, window, withdrawn, and today's
-- date to compute its state against). p_case NULL: the consent's own
-- case. Visibility is decided here: a case the caller may not see has
-- NULL case columns; a consent that is not the case's has NULL cs_
-- columns. No personal value is returned; nothing is audited (the
-- decision that follows is).
DROP FUNCTION IF EXISTS consent_snapshot;
CREATE FUNCTION consent_snapshot(p_token bytea, p_case uuid,
    p_consent uuid)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    c_stage text, c_htcds text, c_version integer, c_office text,
    c_assigned uuid, c_created_by uuid, c_facts text, c_pending uuid,
    ck_version integer, ck_seal integer, ck_wrapped bytea,
    pr_consent boolean, cs_id uuid, cs_org uuid, cs_categories text,
    cs_from text, cs_until text, cs_withdrawn boolean, cs_today text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v_case	uuid;
BEGIN
	v_case := coalesce(p_case, (SELECT e.case_id FROM consents e
	    WHERE e.id = p_consent));
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_who(p_token))
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, c.id, c.case_type, c.state, c.stage,
	    c.htcds_status, c.version, c.office, c.assigned_to,
	    c.created_by, c.facts, c.pending_approval, c.key_version,
	    c.seal_version, c.wrapped, c.consent_data_processing, e.id,
	    e.organisation_id, array_to_string(e.categories, ','),
	    to_char(e.valid_from, 'YYYY-MM-DD'),
	    to_char(e.valid_until, 'YYYY-MM-DD'), e.withdrawn_at IS NOT NULL,
	    to_char(current_date, 'YYYY-MM-DD')
	FROM a LEFT JOIN LATERAL (
		SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
		    c.version, c.office, c.assigned_to, c.created_by,
		    case_facts(c) AS facts, c.pending_approval,
		    k.key_version, k.seal_version, k.wrapped,
		    p.consent_data_processing
		FROM cases c
		JOIN data_keys k ON k.id = c.key_id
		JOIN persons p ON p.id = c.person_id
		WHERE c.id = v_case AND case_visible(a.user_id, a.role,
		    a.office, c.office, c.assigned_to)
	) c ON true
	LEFT JOIN consents e ON c.id IS NOT NULL AND e.id = p_consent
	    AND e.case_id = c.id;
END
$$;
REVOKE ALL ON FUNCTION consent_snapshot FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consent_snapshot TO casebook_app;
