-- Ends the caller's session (the one that is valid among those it
-- presented) and records it.
DROP FUNCTION IF EXISTS logout;
CREATE FUNCTION logout(p_token bytea, p_request text)
RETURNS TABLE (a_user uuid)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	WITH a AS (SELECT * FROM session_who(p_token)),
	r AS (UPDATE sessions s SET revoked_at = now() FROM a
	    WHERE s.token_hash = a.token_hash RETURNING s.user_id),
	l AS (INSERT INTO audit_log (actor, actor_role, action, record_id,
	    request_id, outcome)
	    SELECT a.user_id, a.role, 'logout', a.user_id, p_request, 'ok'
	    FROM a)
	SELECT user_id FROM r
$$;
REVOKE ALL ON FUNCTION logout FROM PUBLIC;
GRANT EXECUTE ON FUNCTION logout TO casebook_app;
