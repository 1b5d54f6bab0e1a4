-- The caller, with last_seen written when it is due: what every
-- function below starts with. Internal: not granted to anyone.
DROP FUNCTION IF EXISTS session_who;
CREATE FUNCTION session_who(p_token bytea)
RETURNS TABLE (user_id uuid, username text, role text, office text,
    organisation_id uuid, token_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
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
	user_id := a.user_id;
	username := a.username;
	role := a.role;
	office := a.office;
	organisation_id := a.organisation_id;
	token_hash := a.token_hash;
	RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION session_who FROM PUBLIC;
