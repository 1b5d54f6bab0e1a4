-- The caller of a request, from the keyed hash of its session token.
-- Idle (30 min) and absolute (12 h) timeouts are enforced here. Plain
-- SQL without SET or SECURITY DEFINER, so that the planner inlines it
-- into the statement that calls it. stale says that last_seen is due to
-- be written (at most once a minute, so that reads stay reads); the
-- caller does that. A request that presented several tokens (a cookie
-- may come more than once, one planted) asks with each in turn (the
-- store does). Internal: not granted to anyone.
DROP FUNCTION IF EXISTS session_lookup;
CREATE FUNCTION session_lookup(p_token bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid, token_hash bytea, stale boolean)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.username, u.role, u.office, u.organisation_id,
	    s.token_hash, s.last_seen < now() - interval '1 minute'
	FROM cb.sessions s
	JOIN cb.users u ON u.id = s.user_id
	WHERE s.token_hash = p_token
	    AND s.revoked_at IS NULL
	    AND s.expires_at > now()
	    AND s.last_seen > now() - interval '30 minutes'
	    AND NOT u.disabled
$$;
REVOKE ALL ON FUNCTION session_lookup FROM PUBLIC;
