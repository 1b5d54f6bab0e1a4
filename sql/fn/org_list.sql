-- The organisations a caller may know of, by name: every one for admins
-- (who manage them) and for caseworkers and supervisors (who choose a
-- recipient), a partner's own only, none for auditors ('forbidden', no
-- rows). Always at least the caller's row (o_ columns NULL when there is
-- nothing); the read is audited.
DROP FUNCTION IF EXISTS org_list;
CREATE FUNCTION org_list(p_token bytea, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, o_id uuid, o_name text,
    o_type text, o_country text, o_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_out	text;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	v_out := CASE WHEN v.role IN ('admin', 'caseworker', 'supervisor',
	    'partner') THEN 'ok' ELSE 'forbidden' END;

	INSERT INTO audit_log (actor, actor_role, action, request_id,
	    outcome)
	VALUES (v.user_id, v.role, 'org.list', p_request,
	    CASE WHEN v_out = 'ok' THEN 'ok' ELSE 'denied' END);

	RETURN QUERY
	SELECT v.user_id, v.username, v.role, v.office, v.organisation_id,
	    v.token_hash, v_out, o.id, o.name, o.type, o.country,
	    to_char(o.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"')
	FROM (SELECT 1) one
	LEFT JOIN organisations o ON v_out = 'ok' AND (v.role <> 'partner'
	    OR o.id = v.organisation_id)
	ORDER BY o.name, o.id;
END
$$;
REVOKE ALL ON FUNCTION org_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org_list TO casebook_app;
