-- Who is calling, for requests that need nothing else from the
-- database before they can answer (forms, role homes).
DROP FUNCTION IF EXISTS session_actor;
CREATE FUNCTION session_actor(p_tokens bytea)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH a AS MATERIALIZED (SELECT * FROM session_lookup(p_tokens)),
	t AS (UPDATE sessions s SET last_seen = now() FROM a
	    WHERE a.stale AND s.token_hash = a.token_hash)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash
	FROM a;
END
$$;
REVOKE ALL ON FUNCTION session_actor FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_actor TO casebook_app;
