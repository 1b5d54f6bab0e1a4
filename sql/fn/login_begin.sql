-- The first step of a login, before any password is checked: counts
-- the attempt against the username typed (its keyed hash, whether or
-- not such a user exists) and against the client address, atomically,
-- so that however many guesses arrive at once at most p_user_max per
-- window are ever evaluated. Returns the stored hash only when the
-- attempt may go on; otherwise how long to wait, and audits the refusal.
DROP FUNCTION IF EXISTS login_begin;
CREATE FUNCTION login_begin(p_uhash bytea, p_ahash bytea, p_username text,
    p_user_max integer, p_addr_max integer, p_window_s integer,
    p_request text)
RETURNS TABLE (allowed boolean, retry_after integer, user_id uuid,
    pw_hash text, role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v_win	interval := make_interval(secs => p_window_s);
	u_n	integer;
	u_start	timestamptz;
	a_n	integer;
	a_start	timestamptz;
	v_user	uuid;
	v_hash	text;
	v_role	text;
	v_until	timestamptz;
BEGIN
	INSERT INTO login_attempts AS la (kind, khash, attempts, window_start)
	VALUES ('user', p_uhash, 1, now())
	ON CONFLICT (kind, khash) DO UPDATE SET
	    attempts = CASE WHEN la.window_start < now() - v_win THEN 1
		ELSE la.attempts + 1 END,
	    window_start = CASE WHEN la.window_start < now() - v_win
		THEN now() ELSE la.window_start END
	RETURNING la.attempts, la.window_start INTO u_n, u_start;

	INSERT INTO login_attempts AS la (kind, khash, attempts, window_start)
	VALUES ('addr', p_ahash, 1, now())
	ON CONFLICT (kind, khash) DO UPDATE SET
	    attempts = CASE WHEN la.window_start < now() - v_win THEN 1
		ELSE la.attempts + 1 END,
	    window_start = CASE WHEN la.window_start < now() - v_win
		THEN now() ELSE la.window_start END
	RETURNING la.attempts, la.window_start INTO a_n, a_start;

	SELECT u.id, u.pw_hash, u.role INTO v_user, v_hash, v_role
	FROM users u WHERE u.username = p_username AND NOT u.disabled;

	IF u_n > p_user_max OR a_n > p_addr_max THEN
		v_until := CASE WHEN u_n > p_user_max THEN u_start
		    ELSE a_start END + v_win;
		IF u_n > p_user_max AND a_n > p_addr_max THEN
			v_until := greatest(u_start, a_start) + v_win;
		END IF;
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    fields, request_id, outcome)
		VALUES (v_user, v_role, 'login.locked', v_user,
		    CASE WHEN u_n > p_user_max THEN 'username' ELSE 'address'
		    END, p_request, 'denied');
		RETURN QUERY SELECT false, greatest(1, ceil(extract(epoch FROM
		    v_until - now())))::integer, NULL::uuid, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	RETURN QUERY SELECT true, 0, v_user, v_hash, v_role;
END
$$;
REVOKE ALL ON FUNCTION login_begin FROM PUBLIC;
GRANT EXECUTE ON FUNCTION login_begin TO casebook_app;
