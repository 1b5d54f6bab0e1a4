-- A password that did not verify: the attempt was counted by
-- login_begin already; this is its entry.
DROP FUNCTION IF EXISTS login_failed;
CREATE FUNCTION login_failed(p_username text, p_request text)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	INSERT INTO audit_log (actor, actor_role, action, record_id,
	    request_id, outcome)
	SELECT u.id, u.role, 'login.fail', u.id, p_request, 'denied'
	FROM (SELECT 1) one
	LEFT JOIN users u ON u.username = p_username AND NOT u.disabled
$$;
REVOKE ALL ON FUNCTION login_failed FROM PUBLIC;
GRANT EXECUTE ON FUNCTION login_failed TO casebook_app;
