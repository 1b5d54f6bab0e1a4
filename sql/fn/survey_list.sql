-- The surveys of one case, oldest first, for one caller, in one round
-- trip that also commits the read's entry (naming the surveys shown,
-- and the sealed answers when they are asked for). Caseworkers and
-- supervisors who may see the case get one row per survey (survey
-- columns NULL when there is none yet) with the case's type and state;
-- with p_answers also the sealed answers and the case's wrapped key to
-- open them. Anyone else, or a case that does not exist, gets the
-- caller's row with every case column NULL and a "denied" entry.
DROP FUNCTION IF EXISTS survey_list;
CREATE FUNCTION survey_list(p_token bytea, p_case uuid, p_answers boolean,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_type text, c_state text,
    ck_version integer, ck_seal integer, ck_wrapped bytea, s_id uuid,
    s_kind text, s_date text, s_scheme integer, s_economic text,
    s_social text, s_psychosocial text, s_composite text, s_created text,
    s_answers bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	c	record;
	v_ids	uuid[];
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT k.id, k.case_type, k.state, dk.key_version, dk.seal_version,
	    dk.wrapped
	INTO c
	FROM cases k JOIN data_keys dk ON dk.id = k.key_id
	WHERE k.id = p_case AND case_visible(a.user_id, a.role, a.office,
	    k.office, k.assigned_to);
	IF NOT FOUND THEN
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    request_id, outcome)
		VALUES (a.user_id, a.role, 'survey.list', p_case, p_request,
		    'denied');
		RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
		    a.organisation_id, a.token_hash, NULL::uuid, NULL::text,
		    NULL::text, NULL::integer, NULL::integer, NULL::bytea,
		    NULL::uuid, NULL::text, NULL::text, NULL::integer,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::bytea;
		RETURN;
	END IF;

	SELECT array_agg(x.id ORDER BY x.survey_date, x.created_at, x.id)
	INTO v_ids
	FROM surveys x WHERE x.case_id = p_case;
	INSERT INTO audit_log (actor, actor_role, action, record_id, records,
	    fields, request_id, outcome)
	VALUES (a.user_id, a.role, 'survey.list', p_case, v_ids,
	    CASE WHEN p_answers AND v_ids IS NOT NULL THEN 'answers' END,
	    p_request, 'ok');

	RETURN QUERY SELECT a.user_id, a.username, a.role, a.office,
	    a.organisation_id, a.token_hash, c.id, c.case_type, c.state,
	    CASE WHEN p_answers THEN c.key_version END,
	    CASE WHEN p_answers THEN c.seal_version END,
	    CASE WHEN p_answers THEN c.wrapped END,
	    x.id, x.kind, to_char(x.survey_date, 'YYYY-MM-DD'),
	    x.scheme_version, x.economic::text, x.social::text,
	    x.psychosocial::text, x.composite::text,
	    to_char(x.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    CASE WHEN p_answers THEN x.answers END
	FROM (SELECT 1) one LEFT JOIN surveys x ON x.case_id = p_case
	ORDER BY x.survey_date, x.created_at, x.id;
END
$$;
REVOKE ALL ON FUNCTION survey_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION survey_list TO casebook_app;
