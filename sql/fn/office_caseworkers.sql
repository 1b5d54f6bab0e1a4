-- The enabled caseworkers of the caller's office, by username: whom a
-- supervisor may assign a case to (the reassignment form). Only id and
-- username. Other roles get the caller's row alone and a "denied"
-- entry.
DROP FUNCTION IF EXISTS office_caseworkers;
CREATE FUNCTION office_caseworkers(p_token bytea, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, u_id uuid, u_username text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_ok	boolean;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	v_ok := v.role = 'supervisor' AND v.office <> '';

	INSERT INTO audit_log (actor, actor_role, action, request_id, outcome)
	VALUES (v.user_id, v.role, 'office.caseworkers', p_request,
	    CASE WHEN v_ok THEN 'ok' ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, u.id, u.username
	FROM (SELECT 1) one
	LEFT JOIN users u ON v_ok AND u.office = v.office
	    AND u.role = 'caseworker' AND NOT u.disabled
	ORDER BY u.username;
END
$$;
REVOKE ALL ON FUNCTION office_caseworkers FROM PUBLIC;
GRANT EXECUTE ON FUNCTION office_caseworkers TO casebook_app;
