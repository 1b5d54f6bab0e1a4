-- Entries of casebook-admin, in the same transaction as its change. The
-- actor is the command line itself (no session); the role and time come
-- from here.
DROP FUNCTION IF EXISTS audit_admin;
CREATE FUNCTION audit_admin(p_action text, p_record uuid, p_fields text,
    p_request text) RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (NULL, 'admin_cli', p_action, p_record, p_fields, p_request,
	    'ok')
	RETURNING id
$$;
REVOKE ALL ON FUNCTION audit_admin FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_admin TO casebook_admin;
