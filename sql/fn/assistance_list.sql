-- A case's assistance entries, newest first, one page after a keyset
-- cursor, with the case's wrapped key to open their notes, for a
-- caller who sees the case (its caseworker, its office's supervisors:
-- the case team), and the read's audit entry naming the entries shown.
-- Always at least the caller's row; case columns NULL (and a "denied"
-- entry) when the caller may not see the case or it does not exist.
DROP FUNCTION IF EXISTS assistance_list;
CREATE FUNCTION assistance_list(p_token bytea, p_case uuid,
    p_limit integer, p_after_date date, p_after_ts timestamptz,
    p_after_id uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_stage text, c_version integer,
    c_assigned uuid, ck_version integer, ck_seal integer,
    ck_wrapped bytea, e_id uuid, e_type text, e_date text, e_amount text,
    e_currency text, e_band text, e_provider text, e_note bytea,
    e_created_by uuid, e_created_by_name text, e_created text,
    e_cursor text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a		record;
	v_case		uuid;
	v_stage		text;
	v_version	integer;
	v_assigned	uuid;
	v_kv		integer;
	v_ks		integer;
	v_wrapped	bytea;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT c.id, c.stage, c.version, c.assigned_to, k.key_version,
	    k.seal_version, k.wrapped
	INTO v_case, v_stage, v_version, v_assigned, v_kv, v_ks, v_wrapped
	FROM cases c
	JOIN data_keys k ON k.id = c.key_id
	WHERE c.id = p_case AND case_visible(a.user_id, a.role, a.office,
	    c.office, c.assigned_to);

	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT e.id, e.type, e.assisted_on, e.amount, e.currency,
		    e.amount_band, e.provider, e.note, e.created_by,
		    u.username, e.created_at
		FROM assistance e
		JOIN users u ON u.id = e.created_by
		WHERE v_case IS NOT NULL AND e.case_id = v_case
		    AND (p_after_date IS NULL OR
		    (e.assisted_on, e.created_at, e.id) <
		    (p_after_date, p_after_ts, p_after_id))
		ORDER BY e.assisted_on DESC, e.created_at DESC, e.id DESC
		LIMIT p_limit + 1
	),
	shown AS (
		SELECT r.id, r.note FROM r
		ORDER BY r.assisted_on DESC, r.created_at DESC, r.id DESC
		LIMIT p_limit
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    records, fields, request_id, outcome)
		SELECT a.user_id, a.role, 'assistance.list', p_case,
		    (SELECT array_agg(s.id) FROM shown s),
		    CASE WHEN EXISTS (SELECT 1 FROM shown s
		    WHERE s.note IS NOT NULL) THEN 'note' END,
		    p_request,
		    CASE WHEN v_case IS NOT NULL THEN 'ok' ELSE 'denied' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, v_case, v_stage, v_version, v_assigned, v_kv, v_ks,
	    v_wrapped, r.id, r.type, to_char(r.assisted_on, 'YYYY-MM-DD'),
	    r.amount::text, r.currency, r.amount_band, r.provider, r.note,
	    r.created_by, r.username,
	    to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    r.created_at::text
	FROM (SELECT 1) one LEFT JOIN r ON true
	ORDER BY r.assisted_on DESC, r.created_at DESC, r.id DESC;
END
$$;
REVOKE ALL ON FUNCTION assistance_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assistance_list TO casebook_app;
