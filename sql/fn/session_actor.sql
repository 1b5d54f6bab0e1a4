-- Who is calling, for requests that need nothing else from the
-- database before they can answer (forms, role homes).
DROP FUNCTION IF EXISTS session_actor;
CREATE FUNCTION session_actor(p_token bytea)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
DECLARE
	a	record;
BEGIN
	SELECT * INTO a FROM session_lookup(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.stale THEN
		PERFORM session_touch(p_token);
	END IF;
	a_user := a.user_id;
	a_username := a.username;
	a_role := a.role;
	a_office := a.office;
	a_org := a.organisation_id;
	a_token := a.token_hash;
	RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION session_actor FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_actor TO casebook_app;
