-- Who is calling, for requests that need nothing else from the
-- database before they can answer (forms, role homes).
DROP FUNCTION IF EXISTS session_actor;
CREATE FUNCTION session_actor(p_tokens bytea)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp AS $$
	SELECT * FROM session_who(p_tokens)
$$;
REVOKE ALL ON FUNCTION session_actor FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_actor TO casebook_app;
