-- The audit log for auditors and admins (nobody else: a refusal is an
-- entry too), newest first, a page at a time: entries about one record
-- (p_record), by one user (p_actor: a username or a user id; one that
-- names nobody finds nothing), since a time, before a chain position
-- (p_before, the cursor). It reads the chain's copies of record and
-- actor through their indexes, and the chain index on chained_at (which
-- grows with seq and is never before the entry's own time) to start at
-- p_since without reading what came before. Entries not yet chained
-- (the last fraction of a second) are not shown. The reading is itself
-- an "audit.list" entry naming the filters (p_fields) and the record;
-- p_valid false: the application refused the filters ("invalid", and
-- nothing is read).
-- The log holds names and codes, never a personal value.
DROP FUNCTION IF EXISTS audit_list;
CREATE FUNCTION audit_list(p_token bytea, p_record uuid, p_actor text,
    p_since timestamptz, p_before bigint, p_limit integer, p_fields text,
    p_valid boolean, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, outcome text, l_seq bigint, l_at text,
    l_actor uuid, l_username text, l_role text, l_action text,
    l_record uuid, l_records text, l_fields text, l_outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
	v		record;
	v_actor		uuid;
	v_min		bigint := 0;
	v_before	bigint := coalesce(p_before, 9223372036854775807);
	v_since		bigint := 0;
	v_limit		integer := least(greatest(coalesce(p_limit, 50), 1),
			    201);
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF v.role NOT IN ('auditor', 'admin') THEN
		INSERT INTO audit_log (actor, actor_role, action, request_id,
		    outcome)
		VALUES (v.user_id, v.role, 'audit.list', p_request, 'denied');
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, 'denied'::text,
		    NULL::bigint, NULL::text, NULL::uuid, NULL::text,
		    NULL::text, NULL::text, NULL::uuid, NULL::text, NULL::text,
		    NULL::text;
		RETURN;
	END IF;
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'audit.list', p_record,
	    nullif(p_fields, ''), p_request,
	    CASE WHEN p_valid THEN 'ok' ELSE 'invalid' END);
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash,
	    CASE WHEN p_valid THEN 'ok' ELSE 'invalid' END, NULL::bigint,
	    NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::text,
	    NULL::uuid, NULL::text, NULL::text, NULL::text;
	IF NOT p_valid THEN
		RETURN;
	END IF;

	IF p_actor IS NOT NULL THEN
		IF p_actor ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
		THEN
			v_actor := p_actor::uuid;
		ELSE
			SELECT u.id INTO v_actor FROM users u
			WHERE u.username = p_actor;
		END IF;
		IF v_actor IS NULL THEN
			RETURN;
		END IF;
	END IF;
	IF p_since IS NOT NULL THEN
		v_since := floor(extract(epoch FROM p_since) * 1000000);
		SELECT c.seq INTO v_min FROM audit_chain c
		WHERE c.chained_at >= p_since
		ORDER BY c.chained_at, c.seq LIMIT 1;
		IF NOT FOUND THEN
			RETURN;
		END IF;
	END IF;

	-- Planned for the filters given (plan_cache_mode): the conditions
	-- of absent ones fold away, and the index of the one given is used.
	RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
	    v.organisation_id, v.token_hash, 'ok'::text, c.seq,
	    to_char(to_timestamp(l.at_us / 1000000.0) AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.actor, u.username,
	    l.actor_role, l.action, l.record_id,
	    array_to_string(l.records, ','), l.fields, l.outcome
	FROM audit_chain c JOIN audit_log l ON l.id = c.entry_id
	LEFT JOIN users u ON u.id = l.actor
	WHERE (p_record IS NULL OR c.record_id = p_record)
	    AND (v_actor IS NULL OR c.actor = v_actor)
	    AND c.seq < v_before AND c.seq >= v_min AND l.at_us >= v_since
	ORDER BY c.seq DESC LIMIT v_limit;
END
$$;
REVOKE ALL ON FUNCTION audit_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_list TO casebook_app;
