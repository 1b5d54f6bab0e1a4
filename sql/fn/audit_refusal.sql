-- An entry for a request the application refused after reading what it
-- needed (a transition whose guard failed, a stale version, a form with
-- errors): who it was comes from the session, never from the caller.
DROP FUNCTION IF EXISTS audit_refusal;
CREATE FUNCTION audit_refusal(p_token bytea, p_action text, p_record uuid,
    p_fields text, p_outcome text, p_request text)
RETURNS TABLE (a_user uuid)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	WITH a AS (SELECT * FROM session_who(p_token))
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	SELECT a.user_id, a.role, p_action, p_record, p_fields, p_request,
	    p_outcome
	FROM a
	RETURNING actor
$$;
REVOKE ALL ON FUNCTION audit_refusal FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_refusal TO casebook_app;
