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
	WITH h AS (
		SELECT CASE WHEN t.tid = ap.request_tid THEN 'request'
		    WHEN t.tid = ap.decision_tid THEN 'decision'
		    ELSE 'transition' END AS kind, t.at, t.id AS ord,
		    u.username, t.actor_role, t.from_state, t.to_state,
		    t.facts::text AS facts, t.tid, t.reason, t.data,
		    ap.id AS ref, ap.kind AS code, ap.status,
		    CASE WHEN t.tid = ap.decision_tid THEN ap.comment
		    END AS sealed, NULL::text AS day, NULL::text AS amount,
		    NULL::text AS currency, NULL::text AS provider,
		    NULL::text AS scores, NULL::text AS event,
		    NULL::text AS org, NULL::text AS until,
		    NULL::text AS categories, NULL::text AS services,
		    NULL::uuid AS parent, NULL::integer AS version,
		    NULL::text AS method, NULL::text AS language
		FROM case_transitions t
		JOIN users u ON u.id = t.actor
		LEFT JOIN approvals ap ON ap.id = t.approval_id
		WHERE t.case_id = p_case
		UNION ALL
		SELECT 'link', l.created_at, 0, u.username, u.role, NULL, NULL,
		    NULL, NULL, NULL, NULL, l.linked_case_id, lc.case_type,
		    lc.state, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM case_links l
		JOIN cases lc ON lc.id = l.linked_case_id
		LEFT JOIN users u ON u.id = l.created_by
		WHERE l.case_id = p_case
		UNION ALL
		SELECT 'assistance', a.created_at, 0, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, a.id, a.type, NULL, a.note,
		    a.assisted_on::text, a.amount::text, a.currency, a.provider,
		    NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM assistance a
		JOIN users u ON u.id = a.created_by
		WHERE a.case_id = p_case
		UNION ALL
		SELECT 'assignment', x.at, x.id, u.username, u.role,
		    fu.username, tu.username, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM case_assignments x
		JOIN users u ON u.id = x.actor
		JOIN users fu ON fu.id = x.from_user
		JOIN users tu ON tu.id = x.to_user
		WHERE x.case_id = p_case
		UNION ALL
		SELECT 'survey', sv.created_at, 0, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, sv.id, sv.kind,
		    sv.scheme_version::text, NULL, sv.survey_date::text, NULL,
		    NULL, NULL, concat(sv.economic, ',', sv.social, ',',
		    sv.psychosocial, ',', sv.composite),
		    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM surveys sv
		JOIN users u ON u.id = sv.created_by
		WHERE sv.case_id = p_case
		UNION ALL
		SELECT 'consent', e.created_at, 0, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, e.id, NULL,
		    CASE WHEN e.withdrawn_at IS NOT NULL THEN 'withdrawn' END,
		    e.purpose, e.valid_from::text, NULL, NULL, NULL, NULL,
		    'recorded', o.name, e.valid_until::text,
		    array_to_string(e.categories, ','), NULL, NULL, NULL,
		    e.method, e.language
		FROM consents e
		JOIN organisations o ON o.id = e.organisation_id
		JOIN users u ON u.id = e.created_by
		WHERE e.case_id = p_case
		UNION ALL
		SELECT 'consent', e.withdrawn_at, 0, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, e.id, NULL, NULL,
		    e.withdrawal_reason, NULL, NULL, NULL, NULL, NULL,
		    'withdrawn', o.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM consents e
		JOIN organisations o ON o.id = e.organisation_id
		JOIN users u ON u.id = e.withdrawn_by
		WHERE e.case_id = p_case AND e.withdrawn_at IS NOT NULL
		UNION ALL
		SELECT 'referral', r.created_at, 0, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, r.status,
		    r.note, NULL, NULL, NULL, NULL, NULL, 'sent', o.name, NULL,
		    array_to_string(r.categories, ','),
		    array_to_string(r.services, ','), r.consent_id, r.version,
		    NULL, NULL
		FROM referrals r
		JOIN organisations o ON o.id = r.organisation_id
		JOIN users u ON u.id = r.created_by
		WHERE r.case_id = p_case
		UNION ALL
		SELECT 'referral', r.responded_at, 1, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, r.answer,
		    r.response_reason, NULL, NULL, NULL, NULL, NULL, 'answered',
		    o.name, NULL, NULL, NULL, r.consent_id, NULL, NULL, NULL
		FROM referrals r
		JOIN organisations o ON o.id = r.organisation_id
		JOIN users u ON u.id = r.responded_by
		WHERE r.case_id = p_case AND r.responded_at IS NOT NULL
		UNION ALL
		SELECT 'referral', r.closed_at, 2, u.username, u.role, NULL,
		    NULL, NULL, NULL, NULL, NULL, r.id, r.reason, 'closed',
		    NULL, NULL, NULL, NULL, NULL, NULL, 'closed', o.name, NULL,
		    NULL, NULL, r.consent_id, NULL, NULL, NULL
		FROM referrals r
		JOIN organisations o ON o.id = r.organisation_id
		JOIN users u ON u.id = r.closed_by
		WHERE r.case_id = p_case AND r.closed_at IS NOT NULL
		UNION ALL
		SELECT 'referral_update', x.created_at, 0, u.username, u.role,
		    NULL, NULL, NULL, NULL, NULL, NULL, x.id, x.service,
		    x.status, x.note, x.update_date::text, NULL, NULL, NULL,
		    NULL, NULL, o.name, NULL, NULL, NULL, x.referral_id, NULL,
		    NULL, NULL
		FROM referral_updates x
		JOIN referrals r ON r.id = x.referral_id
		JOIN organisations o ON o.id = r.organisation_id
		JOIN users u ON u.id = x.created_by
		WHERE r.case_id = p_case
	)
	SELECT v.user_id, v.username, v.role, v.office, v.organisation_id,
	    v.token_hash, k.key_version, k.seal_version, k.wrapped, h.kind,
	    to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	    h.username, h.actor_role, h.from_state, h.to_state, h.facts,
	    h.tid, h.reason, h.data, h.ref, h.code, h.status, h.sealed,
	    h.day, h.amount, h.currency, h.provider, h.scores, h.event,
	    h.org, h.until, h.categories, h.services, h.parent, h.version,
	    h.method, h.language, to_char(current_date, 'YYYY-MM-DD')
	FROM h
	ORDER BY h.at, h.ord;
END
$$;
REVOKE ALL ON FUNCTION case_history FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_history TO casebook_app;
