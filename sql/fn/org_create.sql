-- An admin registers a partner organisation (HTCDS organisation type,
-- ISO 3166-1 country), with its audit entry ('org.create', as the CLI
-- writes it). The web role has no privilege on the table: this function
-- checks that the session's role is admin and writes. Names are unique
-- (the table's constraint): a second one with the same name is 'exists'
-- with the first one's id, however two such requests race.
-- Outcomes: created, exists, forbidden.
DROP FUNCTION IF EXISTS org_create;
CREATE FUNCTION org_create(p_token bytea, p_id uuid, p_name text,
    p_type text, p_country text, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, o_id uuid, o_created text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	v_out	text;
	v_id	uuid;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	IF v.role <> 'admin' THEN
		v_out := 'forbidden';
	ELSE
		INSERT INTO organisations (id, name, type, country)
		VALUES (p_id, p_name, p_type, p_country)
		ON CONFLICT (name) DO NOTHING;
		IF FOUND THEN
			v_out := 'created';
			v_id := p_id;
		ELSE
			v_out := 'exists';
			SELECT o.id INTO v_id FROM organisations o
			WHERE o.name = p_name;
		END IF;
	END IF;

	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'org.create', v_id,
	    CASE WHEN v_out = 'created' THEN 'name,type,country' END,
	    p_request,
	    CASE v_out WHEN 'created' THEN 'ok' WHEN 'exists' THEN 'conflict'
	    ELSE 'denied' END);

	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, v_out, v_id,
	    (SELECT to_char(o.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM organisations o
	    WHERE o.id = v_id);
END
$$;
REVOKE ALL ON FUNCTION org_create FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org_create TO casebook_app;
