-- The caller of a request, from the keyed hash of its session token.
-- Idle (30 min) and absolute (12 h) timeouts are enforced here, and
-- last_seen is written at most once a minute so reads stay reads.
SET search_path = cb;

CREATE FUNCTION session_actor(p_token_hash bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	WITH s AS (
		SELECT s.token_hash, s.user_id, s.last_seen
		FROM sessions s
		WHERE s.token_hash = p_token_hash
		    AND s.revoked_at IS NULL
		    AND s.expires_at > now()
		    AND s.last_seen > now() - interval '30 minutes'
	), touch AS (
		UPDATE sessions t SET last_seen = now()
		FROM s
		WHERE t.token_hash = s.token_hash
		    AND s.last_seen < now() - interval '1 minute'
	)
	SELECT u.id, u.username, u.role, u.office, u.organisation_id
	FROM s JOIN users u ON u.id = s.user_id
	WHERE NOT u.disabled
$$;
