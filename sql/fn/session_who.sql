-- The caller of a request, from the keyed hashes of the session tokens
-- it presented (the cookie may come more than once: a planted duplicate
-- is skipped, the first valid one wins). Idle (30 min) and absolute
-- (12 h) timeouts are enforced here; last_seen is written at most once
-- a minute so that reads stay reads. Internal: not granted to anyone.
DROP FUNCTION IF EXISTS session_who;
CREATE FUNCTION session_who(p_tokens bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid, token_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v_hash	bytea;
	v_user	uuid;
	v_seen	timestamptz;
	n	integer;
	i	integer;
BEGIN
	n := coalesce(octet_length(p_tokens), 0);
	IF n < 32 OR n > 128 OR n % 32 <> 0 THEN
		RETURN;
	END IF;
	FOR i IN 0 .. n / 32 - 1 LOOP
		v_hash := substring(p_tokens FROM i * 32 + 1 FOR 32);
		SELECT s.user_id, s.last_seen INTO v_user, v_seen
		FROM sessions s
		WHERE s.token_hash = v_hash
		    AND s.revoked_at IS NULL
		    AND s.expires_at > now()
		    AND s.last_seen > now() - interval '30 minutes';
		CONTINUE WHEN NOT FOUND;
		RETURN QUERY SELECT u.id, u.username, u.role, u.office,
		    u.organisation_id, v_hash
		FROM users u WHERE u.id = v_user AND NOT u.disabled;
		IF FOUND THEN
			IF v_seen < now() - interval '1 minute' THEN
				UPDATE sessions s SET last_seen = now()
				WHERE s.token_hash = v_hash;
			END IF;
			RETURN;
		END IF;
	END LOOP;
END
$$;
REVOKE ALL ON FUNCTION session_who FROM PUBLIC;
