-- A login whose password verified: the session (only the keyed hash of
-- its token is stored), the username's count starts again, the address
-- is given back the attempt it spent (only failures count there), the
-- hash is upgraded when Argon2's parameters changed, and the entry.
-- p_prev, the session a form draft was typed in (or NULL): prev_same
-- says whether it was this user's, so that only they get it back.
DROP FUNCTION IF EXISTS login_finish;
CREATE FUNCTION login_finish(p_token bytea, p_user uuid, p_uhash bytea,
    p_ahash bytea, p_newhash text, p_abs_s integer, p_request text,
    p_prev bytea DEFAULT NULL)
RETURNS TABLE (expires_at text, role text, prev_same boolean,
    language text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v_role	text;
	v_lang	text;
	v_exp	timestamptz;
BEGIN
	SELECT u.role, u.language INTO v_role, v_lang FROM users u
	WHERE u.id = p_user AND NOT u.disabled;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	INSERT INTO sessions (token_hash, user_id, expires_at)
	VALUES (p_token, p_user, now() + make_interval(secs => p_abs_s))
	RETURNING sessions.expires_at INTO v_exp;
	DELETE FROM login_attempts WHERE kind = 'user' AND khash = p_uhash;
	UPDATE login_attempts SET attempts = greatest(attempts - 1, 0)
	WHERE kind = 'addr' AND khash = p_ahash;
	IF p_newhash IS NOT NULL AND p_newhash <> '' THEN
		UPDATE users SET pw_hash = p_newhash WHERE id = p_user;
	END IF;
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (p_user, v_role, 'login.ok', p_user,
	    CASE WHEN p_newhash IS NOT NULL AND p_newhash <> ''
	    THEN 'pw_hash' END, p_request, 'ok');
	RETURN QUERY SELECT to_char(v_exp AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), v_role,
	    p_prev IS NOT NULL AND EXISTS (SELECT 1 FROM sessions s
	    WHERE s.token_hash = p_prev AND s.user_id = p_user), v_lang;
END
$$;
REVOKE ALL ON FUNCTION login_finish FROM PUBLIC;
GRANT EXECUTE ON FUNCTION login_finish TO casebook_app;
