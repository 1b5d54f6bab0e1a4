-- A person sets their own interface language: the only change to users
-- the web role can make, and only to the caller's own row, only this
-- column. Audited with the field name.
DROP FUNCTION IF EXISTS user_set_language;
CREATE FUNCTION user_set_language(p_token bytea, p_language text,
    p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, language text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	UPDATE users SET language = p_language WHERE id = v.user_id;
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'user.language', v.user_id, 'language',
	    p_request, 'ok');
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, p_language;
END
$$;
REVOKE ALL ON FUNCTION user_set_language FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_set_language TO casebook_app;
