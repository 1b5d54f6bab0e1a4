-- The caller of a request, from the keyed hashes of the session tokens
-- it presented (the cookie may come more than once: a planted duplicate
-- is skipped, the first valid one in the order given wins). Idle (30
-- min) and absolute (12 h) timeouts are enforced here. Plain SQL without
-- SET or SECURITY DEFINER, so that the planner inlines it into the
-- statement that calls it (the functions below, all SECURITY DEFINER):
-- a nested PL/pgSQL call cost a case view a quarter of its speed.
-- stale says that last_seen is due to be written (at most once a
-- minute, so that reads stay reads); the caller does that. Internal:
-- not granted to anyone.
DROP FUNCTION IF EXISTS session_lookup;
CREATE FUNCTION session_lookup(p_tokens bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid, token_hash bytea, stale boolean)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.username, u.role, u.office, u.organisation_id,
	    s.token_hash, s.last_seen < now() - interval '1 minute'
	FROM generate_series(0, octet_length(p_tokens) / 32 - 1) i
	JOIN cb.sessions s
	    ON s.token_hash = substring(p_tokens FROM i * 32 + 1 FOR 32)
	JOIN cb.users u ON u.id = s.user_id
	WHERE octet_length(p_tokens) BETWEEN 32 AND 128
	    AND octet_length(p_tokens) % 32 = 0
	    AND s.revoked_at IS NULL
	    AND s.expires_at > now()
	    AND s.last_seen > now() - interval '30 minutes'
	    AND NOT u.disabled
	ORDER BY i
	LIMIT 1
$$;
REVOKE ALL ON FUNCTION session_lookup FROM PUBLIC;
