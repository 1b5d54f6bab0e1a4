-- The caller, for the functions that are not on the hot path: the
-- lookup of session_lookup(), and last_seen written when it is due.
-- Internal: not granted to anyone.
DROP FUNCTION IF EXISTS session_who;
CREATE FUNCTION session_who(p_tokens bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid, token_hash bytea)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	WITH a AS MATERIALIZED (SELECT * FROM session_lookup(p_tokens)),
	t AS (UPDATE sessions s SET last_seen = now() FROM a
	    WHERE a.stale AND s.token_hash = a.token_hash)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash
	FROM a
$$;
REVOKE ALL ON FUNCTION session_who FROM PUBLIC;
