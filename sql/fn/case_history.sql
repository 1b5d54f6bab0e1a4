-- Everything that happened to a case, oldest first, with who did it:
-- transitions (and the requests and decisions among them), links,
-- assistance given (h_code its type, h_date, h_amount, h_currency,
-- h_provider, h_sealed its note), reassignments (h_from, h_to: who had
-- it and who has it), monitoring surveys (h_code the kind, h_date,
-- h_status the scheme version, h_scores "economic,social,psychosocial,
-- composite", empty where not scored; never the answers),
-- consents (h_event recorded: h_org the organisation, h_date and
-- h_until the window, h_categories, h_method, h_language, h_status
-- 'withdrawn' once it is, h_sealed the purpose; h_event withdrawn:
-- h_sealed the reason), referrals (h_event sent: h_code the reason,
-- h_status the status now, h_services, h_categories, h_parent the
-- consent, h_version, h_sealed the note; answered: h_status the answer,
-- h_sealed its reason; closed), their updates (kind referral_update:
-- h_parent the referral, h_code the service, h_status, h_date,
-- h_sealed the note), h_today (a consent's state is computed against
-- it), and the case's wrapped key so that the sealed reasons, data and comments
-- open for whom the case opens. One entry records the read. A case the
-- caller may not see yields the caller's row only and a "denied" entry.
DROP FUNCTION IF EXISTS case_history;
CREATE FUNCTION case_history(p_token bytea, p_case uuid, p_request text)
RETURNS TABLE (a_user uuid, a_username text, a_role text, a_office text,
    a_org uuid, a_token bytea, ck_version integer, ck_seal integer,
    ck_wrapped bytea, h_kind text, h_at text, h_actor text, h_role text,
    h_from text, h_to text, h_facts text, h_tid uuid, h_reason bytea,
    h_data bytea, h_ref uuid, h_code text, h_status text, h_sealed bytea,
    h_date text, h_amount text, h_currency text, h_provider text,
    h_scores text, h_event text, h_org text, h_until text,
    h_categories text, h_services text, h_parent uuid, h_version integer,
    h_method text, h_language text, h_today text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = cb, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	v	record;
	k	record;
	v_seen	boolean;
BEGIN
	SELECT * INTO v FROM session_who(p_token);
	IF NOT FOUND THEN
		RETURN;
	END IF;
	SELECT dk.key_version, dk.seal_version, dk.wrapped INTO k
	FROM cases c JOIN data_keys dk ON dk.id = c.key_id
	WHERE c.id = p_case AND case_visible(v.user_id, v.role, v.office,
	    c.office, c.assigned_to);
	v_seen := FOUND;
	INSERT INTO audit_log (actor, actor_role, action, record_id, fields,
	    request_id, outcome)
	VALUES (v.user_id, v.role, 'case.history', p_case,
	    CASE WHEN v_seen THEN 'history' END, p_request,
	    CASE WHEN v_seen THEN 'ok' ELSE 'denied' END);
	IF NOT v_seen THEN
		RETURN QUERY SELECT v.user_id, v.username, v.role, v.office,
		    v.organisation_id, v.token_hash, NULL::integer,
		    NULL::integer, NULL::bytea, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::uuid, NULL::bytea, NULL::bytea, NULL::uuid,
		    NULL::text, NULL::text, NULL::bytea, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
		    NULL::text, NULL::text, NULL::text, NULL::uuid,
		    NULL::integer, NULL::text, NULL::text, NULL::text;
		RETURN;
	END IF;

	RETURN QUERY
	SELECT v.user_id, v.username, v.role, v.office, v.organisation_id,
	    v.token_hash, k.key_version, k.seal_version, k.wrapped, h.kind,
	    to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    h.username, h.actor_role, h.from_state, h.to_state, h.facts,
	    h.tid, h.reason, h.data, h.ref, h.code, h.status, h.sealed,
	    h.day, h.amount, h.currency, h.provider, h.scores, h.event,
	    h.org, h.until, h.categories, h.services, h.parent, h.version,
	    h.method, h.language, to_char(current_date, 'YYYY-MM-DD')
	FROM case_events(p_case) h
	ORDER BY h.at, h.ord;
END
$$;
REVOKE ALL ON FUNCTION case_history FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_history TO casebook_app;
