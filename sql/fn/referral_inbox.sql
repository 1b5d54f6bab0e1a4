-- A partner's inbox: the referrals sent to its own organisation, newest
-- first, one page after a keyset cursor, with each referral's status,
-- reason, services, the categories its package carries (those of the
-- referral its consent covers), and its consent's state today. No
-- personal value and no case id: what a person is and where their
-- case stands is in the package, read one referral at a time.
-- The read's audit entry names the referrals shown. Always at least
-- the caller's row; a caller who is not a partner gets only that (and
-- a "denied" entry): the handler answers 403.
DROP FUNCTION IF EXISTS referral_inbox;
CREATE FUNCTION referral_inbox(p_token bytea, p_limit integer,
    p_after_ts timestamptz, p_after_id uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, r_id uuid, r_status text, r_reason text,
    r_services text, r_categories text, r_version integer,
    r_created text, r_responded text, r_updates integer,
    co_state text, co_valid_from text, co_valid_until text,
    r_cursor text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	a	record;
	v_org	uuid;
BEGIN
	SELECT * INTO a FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF a.role = 'partner' THEN
		v_org := a.organisation_id;
	END IF;

	RETURN QUERY
	WITH r AS MATERIALIZED (
		SELECT r.id, r.status, r.reason, r.services, r.categories,
		    co.categories AS co_categories, r.version, r.created_at,
		    r.responded_at, co.valid_from, co.valid_until,
		    co.withdrawn_at
		FROM referrals r
		JOIN consents co ON co.id = r.consent_id
		WHERE v_org IS NOT NULL AND r.organisation_id = v_org
		    AND (p_after_ts IS NULL OR
		    (r.created_at, r.id) < (p_after_ts, p_after_id))
		ORDER BY r.created_at DESC, r.id DESC
		LIMIT p_limit + 1
	),
	shown AS (
		SELECT r.id FROM r
		ORDER BY r.created_at DESC, r.id DESC
		LIMIT p_limit
	),
	l AS (
		INSERT INTO audit_log (actor, actor_role, action, record_id,
		    records, fields, request_id, outcome)
		SELECT a.user_id, a.role, 'referral.inbox', v_org,
		    (SELECT array_agg(s.id) FROM shown s), NULL, p_request,
		    CASE WHEN v_org IS NOT NULL THEN 'ok' ELSE 'denied' END
	)
	SELECT a.user_id, a.username, a.role, a.office, a.organisation_id,
	    a.token_hash, r.id, r.status, r.reason,
	    array_to_string(r.services, ','),
	    (SELECT string_agg(c, ',') FROM unnest(r.categories) c
	    WHERE c = ANY (r.co_categories)),
	    r.version,
	    to_char(r.created_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    to_char(r.responded_at AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    (SELECT count(*)::integer FROM referral_updates u
	    WHERE u.referral_id = r.id),
	    referral_consent_state(r.valid_from, r.valid_until,
	    r.withdrawn_at),
	    to_char(r.valid_from, 'YYYY-MM-DD'),
	    to_char(r.valid_until, 'YYYY-MM-DD'),
	    r.created_at::text
	FROM (SELECT 1) one LEFT JOIN r ON true
	ORDER BY r.created_at DESC, r.id DESC;
END
$$;
REVOKE ALL ON FUNCTION referral_inbox FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referral_inbox TO casebook_app;
