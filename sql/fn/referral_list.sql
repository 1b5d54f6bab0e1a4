-- A case's referrals as its team follows them, oldest first: each with
-- its organisation, consent (id and what its state is computed from:
-- window, withdrawal, and today's date), reason, services, the
-- categories its package carries, status and version, the sealed note,
-- the partner's answer (sealed reason, when, who) and the closing, each
-- followed by its service updates (r_kind 'update': service, status,
-- date, sealed note, who, when); with the case's wrapped key to open the
-- sealed values. For the case team only; the read's audit entry names
-- the referrals shown and which sealed fields came with them. Always at
-- least the caller's row; case columns NULL (and a "denied" entry) when
-- the caller may not see the case.
DROP FUNCTION IF EXISTS referral_list;
CREATE FUNCTION referral_list(p_token bytea, p_case uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, c_id uuid, c_stage text, c_assigned uuid,
    ck_version integer, ck_seal integer, ck_wrapped bytea, today text,
    r_kind text, r_id uuid, r_parent uuid, r_org uuid, r_org_name text,
    r_consent uuid, r_cs_from text, r_cs_until text,
    r_cs_withdrawn boolean, r_reason text, r_services text,
    r_categories text, r_note bytea, r_status text, r_version integer,
    r_answer text, r_response bytea, r_responded_at text,
    r_responded_by_name text, r_created_by_name text, r_created text,
    r_closed_at text, r_closed_by_name text, u_service text,
    u_status text, u_date text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	c	record;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;

	SELECT x.id, x.stage, x.assigned_to, k.key_version, k.seal_version,
	    k.wrapped INTO c
	FROM cases x
	JOIN data_keys k ON k.id = x.key_id
	WHERE x.id = p_case AND case_visible(a.user_id, a.role, a.office,
	    x.office, x.assigned_to);

	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT e.*, o.name AS org_name, cs.valid_from, cs.valid_until,
		    cs.withdrawn_at AS cs_withdrawn_at, u.username AS by_name,
		    ru.username AS rby_name, cu.username AS cby_name
		FROM referrals e
		JOIN organisations o ON o.id = e.organisation_id
		JOIN consents cs ON cs.id = e.consent_id
		JOIN users u ON u.id = e.created_by
		LEFT JOIN users ru ON ru.id = e.responded_by
		LEFT JOIN users cu ON cu.id = e.closed_by
		WHERE c.id IS NOT NULL AND e.case_id = c.id
	),
	up AS MATERIALIZED (
		SELECT x.*, u.username AS by_name
		FROM referral_updates x
		JOIN r ON r.id = x.referral_id
		JOIN users u ON u.id = x.created_by
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    records, fields, request_id, outcome)
		SELECT a.user_id, a.role, 'referral.list', p_case,
		    (SELECT array_agg(r.id) FROM r),
		    nullif(concat_ws(',',
		    CASE WHEN EXISTS (SELECT 1 FROM r WHERE r.note IS NOT NULL)
		    THEN 'note' END,
		    CASE WHEN EXISTS (SELECT 1 FROM r
		    WHERE r.response_reason IS NOT NULL)
		    THEN 'response_reason' END,
		    CASE WHEN EXISTS (SELECT 1 FROM up WHERE up.note IS NOT NULL)
		    THEN 'update_note' END), ''),
		    p_request,
		    CASE WHEN c.id IS NOT NULL THEN 'ok' ELSE 'denied' END
	),
	ev AS (
		SELECT 'referral'::text AS kind, r.id, NULL::uuid AS parent,
		    r.created_at AS ord_at, r.id AS ord_id, 0 AS ord_kind,
		    r.created_at AS at, r.organisation_id, r.org_name,
		    r.consent_id, r.valid_from, r.valid_until,
		    r.cs_withdrawn_at IS NOT NULL AS cs_withdrawn, r.reason,
		    array_to_string(r.services, ',') AS services,
		    array_to_string(r.categories, ',') AS categories, r.note,
		    r.status, r.version, r.answer, r.response_reason,
		    r.responded_at,
		    r.rby_name, r.by_name, r.closed_at, r.cby_name,
		    NULL::text AS service, NULL::text AS ustatus,
		    NULL::date AS udate
		FROM r
		UNION ALL
		SELECT 'update', up.id, up.referral_id, r.created_at, r.id, 1,
		    up.created_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, up.note, NULL, NULL, NULL, NULL, NULL, NULL,
		    up.by_name, NULL, NULL, up.service, up.status,
		    up.update_date
		FROM up JOIN r ON r.id = up.referral_id
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, c.id, c.stage, c.assigned_to, c.key_version,
	    c.seal_version, c.wrapped, to_char(current_date, 'YYYY-MM-DD'),
	    x.kind, x.id, x.parent, x.organisation_id, x.org_name,
	    x.consent_id, to_char(x.valid_from, 'YYYY-MM-DD'),
	    to_char(x.valid_until, 'YYYY-MM-DD'), x.cs_withdrawn, x.reason,
	    x.services, x.categories, x.note, x.status, x.version, x.answer,
	    x.response_reason, to_char(x.responded_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), x.rby_name, x.by_name,
	    to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(x.closed_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'), x.cby_name, x.service, x.ustatus,
	    to_char(x.udate, 'YYYY-MM-DD')
	FROM (SELECT 1) one LEFT JOIN ev x ON true
	ORDER BY x.ord_at, x.ord_id, x.ord_kind, x.at, x.id;
END
$$;
REVOKE ALL ON FUNCTION referral_list FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_list TO casebook_app;
